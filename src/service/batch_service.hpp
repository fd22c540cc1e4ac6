// Batch plans (批次考核计划, R-EXA-7, 7a, 8; issue 6 point 2) as use cases:
// an institution plans one assessment of one project — venue, process, room
// preparation, posted documents, sessions (场次) and staff chosen from the
// staff pool — and submits it at least 10 working days before the first
// exam day; the district of the institution reviews it (approve / return
// with a reason), then the city approves it (or returns it), which assigns
// a paper to every session from the project's approved question bank. A
// change to an APPROVED batch is a resubmission (revision + 1) that runs
// every check again; each submission stores a snapshot, so reviewers see
// the changes against the last approved revision.
//
// Scope: an institution (admin and operators) its own batches; a district
// the submitted batches of its institutions; the city and the province every
// submitted batch (the city approves, the province reads). Drafts are the
// institution's alone. Anything outside scope is NotFound("batch.not_found").
// Every state change is one transaction: the state, a batch_events row, the
// notifications and, last, the operation-log entry (ids only).
//
// Candidates are assigned to sessions by service/exam_day_service.hpp
// (table batch_session_candidates); `candidates` counts them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "domain/batch_plan.hpp"
#include "domain/role.hpp"
#include "service/calendar_service.hpp"
#include "service/staff_service.hpp"
#include "store/batch_repository.hpp"
#include "store/db.hpp"

namespace zxkh::service {

struct BatchExaminerInput {
  int64_t staff_id = 0;
  bool group_leader = false;
};

struct BatchSessionInput {
  std::optional<int64_t> id;  // an existing session of the batch; else new
  std::string date;           // YYYY-MM-DD
  std::string start;          // HH:MM (China Standard Time)
  std::string end;
  std::string room;
  int capacity = 0;
  std::vector<BatchExaminerInput> examiners;  // staff pool record ids
  std::vector<int64_t> proctors;
};

// What the institution types; the whole batch is saved at once.
struct BatchInput {
  std::string project_code;
  std::string title;
  std::string venue_kind;  // fixed_site | production_site
  std::string venue_address;
  std::string safety_statement;
  std::string process;           // 考核流程
  std::string room_preparation;  // 考场准备
  std::string rules_text;        // 考场规则
  std::string discipline_text;   // 考场纪律
  std::string safety_notes;      // 安全须知
  int expected_count = 0;
  std::vector<BatchSessionInput> sessions;
  std::vector<int64_t> supervisors;  // staff pool record ids
};

// One line of "what changed since the approved revision".
struct BatchChange {
  std::string field;
  std::string before;  // "" = absent
  std::string after;
};

struct BatchDetail {
  store::BatchRow batch;
  std::vector<store::BatchSessionRow> sessions;
  std::vector<store::BatchStaffRow> staff;
  std::vector<store::BatchEventRow> events;  // oldest first
  // The last day the batch may be submitted (R-EXA-7), when it has sessions
  // and the calendar covers the year; else `deadline_note` says why not.
  std::optional<std::string> last_submission_date;
  std::string deadline_note;
  // Against the last approved revision (empty when never approved).
  std::optional<int> approved_revision;
  std::vector<BatchChange> changes;
};

class BatchService {
 public:
  // References must outlive the service. Thread-safe.
  BatchService(store::Database& db, const Clock& clock,
               CalendarService& calendar, StaffService& staff);

  // INSTITUTION_*. A DRAFT. The project must be in the approved scope
  // ("batch.project_out_of_scope") and, once the batch has sessions, in
  // the institution's published annual plan of the exam year
  // ("batch.project_not_planned"); every person must be eligible for the
  // role ("batch.staff_not_eligible").
  Result<BatchDetail> Create(const domain::Caller& caller, BatchInput in);
  // INSTITUTION_*, DRAFT, RETURNED or APPROVED. Replaces the content; an
  // APPROVED batch is resubmitted at once (a change after approval:
  // revision + 1, every submission check).
  Result<BatchDetail> Update(const domain::Caller& caller, int64_t id,
                             BatchInput in);
  // INSTITUTION_*. DRAFT/RETURNED → SUBMITTED: CheckVenue, CheckSessions,
  // CheckStaffing (with commitments in other submitted batches),
  // CheckSubmissionInTime against the first exam day.
  Result<BatchDetail> Submit(const domain::Caller& caller, int64_t id);
  // DISTRICT (SUBMITTED → DISTRICT_APPROVED) or CITY (DISTRICT_APPROVED →
  // APPROVED, assigning papers: FailedPrecondition "batch.no_approved_bank"
  // without an approved question bank for the project).
  Result<BatchDetail> Approve(const domain::Caller& caller, int64_t id,
                              std::string note);
  // DISTRICT (SUBMITTED) or CITY (DISTRICT_APPROVED) → RETURNED with a
  // reason ("batch.reason_required").
  Result<BatchDetail> Return(const domain::Caller& caller, int64_t id,
                             std::string reason);

  Result<std::vector<store::BatchRow>> List(const domain::Caller& caller,
                                            std::string state);
  Result<BatchDetail> Get(const domain::Caller& caller, int64_t id);

  // The flat, ordered snapshot of a batch ([field, value] pairs as JSON)
  // and the differences between two snapshots.
  static std::string SnapshotJson(
      const store::BatchRow& b,
      const std::vector<store::BatchSessionRow>& sessions,
      const std::vector<store::BatchStaffRow>& staff);
  static std::vector<BatchChange> Diff(const std::string& before_json,
                                       const std::string& after_json);

 private:
  Result<BatchDetail> Save(const domain::Caller& caller,
                           std::optional<int64_t> id, BatchInput in);

  store::Database& db_;
  const Clock& clock_;
  CalendarService& calendar_;
  StaffService& staff_;
};

}  // namespace zxkh::service
