// Test helpers for question banks: valid sets, fresh projects in an
// institution's approved scope, and banks driven to any version state
// through the real QuestionBankService.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "domain/role.hpp"
#include "service/question_bank_service.hpp"
#include "store/db.hpp"
#include "store/file_store.hpp"

namespace zxkh::test {

class BankFixture {
 public:
  // The database must be migrated and hold the demo data.
  BankFixture(store::Database& db, const Clock& clock, std::string files_root);

  service::QuestionBankService& service() { return service_; }

  domain::Caller CallerOf(const std::string& username);
  // A new active catalog project (ZX027xx) in the approved scope of the
  // institution of `institution_user`.
  std::string ScopedProject(const std::string& institution_user);
  // A valid set: one task, rubric items with `points`.
  static service::SetInput ValidSet(const std::string& title,
                                    std::vector<int> points = {40, 30, 30});

  struct Made {
    int64_t bank_id = 0;
    int64_t version_id = 0;
    std::string project;
  };
  // A bank of a fresh scoped project, version 1 with `sets` valid sets.
  Made DraftBank(const std::string& user, int sets = 5);
  Made SubmittedBank(const std::string& user);
  Made ReturnedBank(const std::string& user);
  Made ApprovedBank(const std::string& user);

 private:
  store::Database& db_;
  const Clock& clock_;
  store::FileStore files_;
  service::QuestionBankService service_;
  int serial_ = 700;
};

}  // namespace zxkh::test
