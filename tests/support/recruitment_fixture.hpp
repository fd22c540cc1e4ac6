// Test helpers for institution recruitment: tiny real files of each kind,
// callers for the demo accounts, and applications driven to any state
// through the real RecruitmentService (on a test database or on a TestApp's
// database), so tests start from the state they are about.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "domain/recruitment.hpp"
#include "domain/role.hpp"
#include "service/calendar_service.hpp"
#include "service/recruitment_service.hpp"
#include "store/db.hpp"
#include "store/file_store.hpp"

namespace zxkh::test {

// A one-page PDF showing `text` (Latin), valid for any reader.
std::string TinyPdf(const std::string& text);
// A 1×1 PNG.
std::string TinyPng();
// A minimal Word document (.docx: a zip with the Word parts) holding `text`.
std::string TinyDocx(const std::string& text);
// Writes `bytes` to a new file under `dir` and returns its path (what the
// server's upload spooling hands to the service).
std::string WriteTemp(const std::string& dir, const std::string& bytes);

class RecruitmentFixture {
 public:
  // `files_root` is the FileStore root (<data>/files for a TestApp); the
  // database must be migrated and hold the demo data. References must
  // outlive the fixture.
  RecruitmentFixture(store::Database& db, const Clock& clock,
                     std::string files_root);
  ~RecruitmentFixture();

  service::RecruitmentService& service() { return *service_; }
  store::FileStore& files() { return files_; }
  store::Database& db() { return db_; }

  // The caller a demo account acts as (user id, district, institution).
  domain::Caller CallerOf(const std::string& username);
  // A new active catalog project (ZX03500 upwards), so applications never
  // collide on the one-project-once rule.
  std::string FreshProject();
  // A DRAFT of `institution_user`'s institution for one fresh project (or
  // `projects`), with all six materials unless `materials` is false.
  int64_t NewApplication(const std::string& institution_user,
                         std::vector<std::string> projects = {},
                         bool materials = true);
  // Uploads a generated PDF as the current material of `type`/`project`.
  Status Upload(const std::string& user, int64_t id, domain::MaterialType type,
                const std::string& project = "");
  // Drives application `id` forward to `target` along the happy path
  // (submit, all findings ok, forward, two forms, conclude, publicity,
  // approve, report, publish). PUBLICIZING rounds start today; with
  // `publicity_over` the round is moved into the past so approval is
  // allowed. Fails the test on any error.
  void AdvanceTo(int64_t id, domain::ApplicationState target,
                 bool publicity_over = true);
  // A fresh application of `institution_user` already in `target`.
  int64_t ApplicationIn(const std::string& institution_user,
                        domain::ApplicationState target,
                        bool publicity_over = true);
  // Moves the publicity round of application `id` so it ended yesterday.
  void EndPublicity(int64_t id);
  // The current state of application `id`.
  domain::ApplicationState StateOf(int64_t id);

 private:
  std::string DistrictUserOf(int64_t id);
  store::Database& db_;
  const Clock& clock_;
  store::FileStore files_;
  std::string temp_dir_;
  std::unique_ptr<service::CalendarService> calendar_;
  std::unique_ptr<service::RecruitmentService> service_;
  int project_serial_ = 500;
};

}  // namespace zxkh::test
