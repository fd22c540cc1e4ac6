// Annual assessment plans (年度考核计划, R-EXA-5) as use cases: the
// institution drafts its plan for a year item by item within its approved
// scope and submits it; the district of registration returns it with a
// reason or approves it, and sees the aggregate of its institutions' plans
// (with an XLSX export); the city publishes the year's announcement (公告),
// a public page and a PDF.
//
// Scope (DOMAIN.md): an institution its own plans, a district those of
// institutions registered in it, the city and the province all; anything
// outside scope is NotFound("plan.not_found"), on reads and on every id
// written or referenced. Every state change is one transaction that writes
// the state, an annual_plan_events row, the notifications and, last, an
// operation-log entry (ids only).
//
// Publishing again (our rule, docs/ARCHITECTURE.md): the announcement of a
// year is one record; a later publication adds the plans approved since
// (revision + 1) and the PDF is rendered anew, so the PDF always lists every
// published plan of the year.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "domain/annual_plan.hpp"
#include "domain/role.hpp"
#include "service/recruitment_service.hpp"
#include "store/annual_plan_repository.hpp"
#include "store/db.hpp"
#include "store/file_store.hpp"

namespace zxkh::service {

// What the institution types for one item (validated by the service).
struct PlanItemInput {
  std::string project_code;
  std::string months;     // "3,6,9"
  std::string exam_date;  // YYYY-MM-DD
  int expected_count = 0;
  std::string venue;
  std::string requirements;
  std::optional<int64_t> fee_fen;  // nullopt = free
  std::string contact_name;
  std::string contact_phone;
};

struct PlanQuery {
  int year = 0;          // 0 = any
  std::string state;     // PlanStateName, "" = any
  std::string district;  // "" = any (within scope)
};

// A project the institution may plan (its approved, active scope).
struct PlannableProject {
  std::string code;
  std::string name;
};

struct PlanDetail {
  store::PlanRow plan;
  std::vector<store::PlanItemRow> items;
  std::vector<store::PlanEventRow> events;  // oldest first
  // Institution callers: the projects an item may name.
  std::vector<PlannableProject> plannable;
};

struct PlanAggregate {
  int year = 0;
  std::string district;  // "" = the whole city
  std::vector<store::PlanRow> plans;
  std::vector<store::PlanTotal> by_project;
  std::vector<store::PlanTotal> by_institution;
  int items = 0;
  int64_t expected = 0;
};

struct AnnouncementView {
  store::AnnouncementRow announcement;
  std::vector<store::AnnouncedItem> items;
};

class AnnualPlanService {
 public:
  // References must outlive the service. Thread-safe.
  AnnualPlanService(store::Database& db, const Clock& clock,
                    store::FileStore& files);

  // INSTITUTION_*. A DRAFT for `year` (ValidatePlanYear); AlreadyExists
  // ("plan.exists") when the institution has one for that year.
  Result<PlanDetail> Create(const domain::Caller& caller, int year);
  // Plans within scope, newest year first.
  Result<std::vector<store::PlanRow>> List(const domain::Caller& caller,
                                           const PlanQuery& q);
  Result<PlanDetail> Get(const domain::Caller& caller, int64_t id);

  // INSTITUTION_*, DRAFT or RETURNED. The item is validated
  // (domain::ValidateItem), its project must be active and in the approved
  // scope ("plan.project_out_of_scope").
  Result<PlanDetail> AddItem(const domain::Caller& caller, int64_t id,
                             const PlanItemInput& in);
  Result<PlanDetail> UpdateItem(const domain::Caller& caller, int64_t id,
                                int64_t item_id, const PlanItemInput& in);
  Result<PlanDetail> DeleteItem(const domain::Caller& caller, int64_t id,
                                int64_t item_id);
  // INSTITUTION_*. DRAFT/RETURNED → SUBMITTED with ≥ 1 item, every item's
  // project still active and in scope.
  Result<PlanDetail> Submit(const domain::Caller& caller, int64_t id);

  // DISTRICT of registration. SUBMITTED → RETURNED with a reason.
  Result<PlanDetail> Return(const domain::Caller& caller, int64_t id,
                            std::string reason);
  // DISTRICT of registration. SUBMITTED → APPROVED.
  Result<PlanDetail> Approve(const domain::Caller& caller, int64_t id,
                             std::string note);

  // DISTRICT (its own), CITY and PROVINCE (any district or all). The year's
  // plans with totals per project and per institution.
  Result<PlanAggregate> Aggregate(const domain::Caller& caller, int year,
                                  std::string district);
  // The same as an .xlsx workbook (sheets 汇总-按项目, 汇总-按机构, 计划明细).
  Result<FileDownload> ExportAggregate(const domain::Caller& caller, int year,
                                       std::string district);

  // CITY. Every APPROVED plan of `year` → PUBLISHED in the year's
  // announcement (created on the first publication); renders and stores
  // the PDF. FailedPrecondition("plan.nothing_to_publish") when no plan of
  // the year is APPROVED.
  Result<AnnouncementView> Publish(const domain::Caller& caller, int year);

  // Anyone. Published announcements, newest year first.
  Result<std::vector<store::AnnouncementRow>> Announcements();
  // Anyone. NotFound("plan.announcement_not_found").
  Result<AnnouncementView> Announcement(int year);
  // Anyone. The PDF (rendered and stored now when it is missing).
  Result<FileDownload> AnnouncementPdf(int year);

  // Renders the announcement (pure: the same view gives the same bytes).
  static Result<std::string> RenderAnnouncement(const AnnouncementView& v);
  // Loads the year's announcement on `c`, renders it, stores the PDF in
  // `files` and records it. For the publication and the demo data.
  static Result<std::string> StoreAnnouncementPdf(store::Connection& c,
                                                  store::FileStore& files,
                                                  int year, int64_t now_ms);

 private:
  // Renders the year's PDF outside any transaction, stores it and records
  // it unless a newer publication changed the announcement meanwhile (that
  // one renders its own). Returns the stored SHA-256.
  Result<std::string> StorePdf(int year);

  store::Database& db_;
  const Clock& clock_;
  store::FileStore& files_;
};

}  // namespace zxkh::service
