// Batch plans (批次考核计划, R-EXA-7, 7a, 8): one institution's assessment
// of one project on one or more days, with its sessions, candidates, venue
// and staff.
//
// clang-format off
//            submit (≥ 10 working days before the exam)
//   DRAFT ─────────────► SUBMITTED ──district approve──► DISTRICT_APPROVED
//     ▲                   │    ▲                               │
//     │        return     │    │ resubmit                      │ city approve
//     │  (with reasons)   ▼    │                               ▼
//     └──── edit ──── RETURNED ◄──── return (district or city) ── APPROVED
//                                                              │
//                                    change after approval:    │ change
//                                    resubmitted, revision + 1 ▼
//                                                          SUBMITTED
// clang-format on
//
// Only an APPROVED batch may run. Each submission keeps a snapshot, so the
// reviewers of a change see what changed since the approved revision.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/calendar.hpp"
#include "common/date.hpp"
#include "common/status.hpp"

namespace zxkh::domain {

// R-EXA-7: submitted at least this many working days before the exam.
inline constexpr int kBatchLeadWorkingDays = 10;

enum class BatchState {
  kDraft,
  kSubmitted,
  kReturned,
  kDistrictApproved,
  kApproved,
};
std::string_view BatchStateName(BatchState s);   // "draft", …
std::string_view BatchStateTitle(BatchState s);  // "草稿", …
std::optional<BatchState> ParseBatchState(std::string_view s);

// The last day a batch whose first exam day is `exam_start` may be
// submitted: the 10th working day before it (R-CAL). Calendar errors
// ("calendar.year_not_covered") pass through.
Result<Date> LastSubmissionDate(const WorkdayCalendar& calendar,
                                Date exam_start);

// OK when submitting on `today` is in time; FailedPrecondition
// ("batch.too_late") naming the last allowed date otherwise.
Status CheckSubmissionInTime(const WorkdayCalendar& calendar, Date today,
                             Date exam_start);

// Transitions; FailedPrecondition("batch.wrong_state") naming the state.
// Submit: DRAFT or RETURNED, or APPROVED (a change after approval).
Status CheckCanSubmit(BatchState s);
Status CheckCanEdit(BatchState s);            // DRAFT, RETURNED or APPROVED
Status CheckCanDistrictDecide(BatchState s);  // SUBMITTED
Status CheckCanCityDecide(BatchState s);      // DISTRICT_APPROVED
// A return needs a reason (1–500 characters):
// InvalidArgument("batch.reason_required").
Status CheckBatchReturnReason(std::string_view reason);

enum class VenueKind { kFixedSite, kProductionSite };

// R-EXA-8: a production site needs a safety statement
// (InvalidArgument "batch.safety_statement_required", field
// "safety_statement").
Status CheckVenue(VenueKind kind, std::string_view safety_statement);

// One session (场次): a room for a time span on one day.
struct ExamSession {
  int64_t id = 0;
  int64_t start_ms = 0;  // Unix milliseconds
  int64_t end_ms = 0;
  std::string room;
  int capacity = 0;
  int candidates = 0;  // assigned so far
};

// Sessions: end after start, on the same civil day, capacity ≥ 1, no more
// candidates than capacity, one room not used by two overlapping sessions.
// InvalidArgument "batch.session_time" | "batch.session_capacity" |
// "batch.room_overlap", naming the session.
Status CheckSessions(const std::vector<ExamSession>& sessions);

enum class StaffRole { kExaminer, kProctor, kSupervisor };
std::string_view StaffRoleTitle(StaffRole r);  // 考评员 / 监考人员 / 督导员

struct StaffAssignment {
  int64_t person_id = 0;
  std::string name;  // for messages
  StaffRole role = StaffRole::kExaminer;
  // The session; 0 for a supervisor, who supervises the whole batch.
  int64_t session_id = 0;
  bool group_leader = false;  // examiners: 考评组长, one per session
  bool external = false;      // supervisors: 外督, appointed by the bureau
  std::optional<int64_t> employer_institution_id;
};

// Where a person is already assigned outside this batch.
struct Commitment {
  int64_t person_id = 0;
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  std::string what;  // e.g. "批次 12 第 2 场", for messages
};

// R-EXA-7a: configurable defaults from published practice.
struct StaffingRules {
  int min_examiners_per_session = 3;
  int min_proctors_per_session = 2;  // a session is one room
  int min_external_supervisors = 1;
};

// R-EXA-7a for a batch of `institution_id`. FailedPrecondition, checked in
// this order, naming the session or person:
//   "batch.too_few_examiners", "batch.group_leader" (not exactly one),
//   "batch.too_few_proctors", "batch.no_external_supervisor",
//   "batch.double_role" (two roles in one session), "batch.staff_overlap"
//   (two overlapping sessions, in this batch or elsewhere),
//   "batch.examiner_conflict" (examining their own employer's candidates).
Status CheckStaffing(int64_t institution_id,
                     const std::vector<ExamSession>& sessions,
                     const std::vector<StaffAssignment>& staff,
                     const std::vector<Commitment>& elsewhere,
                     const StaffingRules& rules = {});

}  // namespace zxkh::domain
