// Exam day (R-EXA-9, issue 6 point 3): candidates assigned to the sessions
// of a batch, their sign-in, absentees, incidents and video coverage.
//
// One candidate in one session (batch_session_candidates.attendance):
//
//              sign-in by a proctor of the session
//              (name + ID number match, from 1 h before the start
//               until the end)
//   PENDING ────────────────────────────────────────► PRESENT
//      │                                                (registration → SAT)
//      │ session closed after its end (proctor or institution)
//      └──────────────────────────────────────────────► ABSENT
//                                                       (registration → ABSENT)
//
// A session: OPEN ──close (after end)──► CLOSED (no sign-in afterwards).
// A batch: any recording gap in any session sets coverage_flagged once
// (the district and the city are notified that one time).
//
// Assignment: only REGISTERED registrations of the batch's institution,
// project and exam year, one session per batch, at most `capacity` per
// session; while the batch is DRAFT, RETURNED or APPROVED (then a change).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"
#include "domain/batch_plan.hpp"

namespace zxkh::domain {

// Sign-in opens this long before the session starts.
inline constexpr int64_t kSignInLeadMillis = 60LL * 60 * 1000;

// FailedPrecondition "exam.batch_state" unless DRAFT, RETURNED or APPROVED.
Status CheckCanAssign(BatchState s);
// FailedPrecondition "exam.batch_not_approved" unless APPROVED.
Status CheckExamDay(BatchState s);
// FailedPrecondition "exam.sign_in_window" outside
// [start - kSignInLeadMillis, end); "exam.session_closed" when closed.
Status CheckSignInWindow(int64_t now_ms, int64_t start_ms, int64_t end_ms,
                         bool closed);
// FailedPrecondition "exam.session_not_ended" before the end;
// "exam.session_closed" when closed already.
Status CheckCanClose(int64_t now_ms, int64_t end_ms, bool closed);

// Incident kinds: discipline 违纪, cheating 作弊, equipment 设备故障,
// safety 安全, other 其他. Parse accepts the API name or the title.
std::optional<std::string> ParseIncidentKind(std::string_view s);
std::string_view IncidentKindTitle(std::string_view name);

// InvalidArgument "exam.recording_time" (end ≤ start), "exam.sha256"
// (not 64 hex digits), "exam.camera" (empty or > 50 characters).
Status CheckRecording(std::string_view camera, int64_t start_ms, int64_t end_ms,
                      std::string_view sha256);

// One session as automatic assignment sees it (time order = vector order).
struct AssignSlot {
  int64_t session_id = 0;
  int capacity = 0;
  int assigned = 0;   // already there
  int last_seat = 0;  // highest numeric seat already used
};
struct Assignment {
  int64_t session_id = 0;
  int64_t registration_id = 0;
  std::string seat;  // "01", "02", …
};
// Fills the sessions in order up to capacity with `registration_ids` (in
// the given order). Those that do not fit are left out (`unplaced`).
std::vector<Assignment> AutoAssign(std::vector<AssignSlot> slots,
                                   const std::vector<int64_t>& registration_ids,
                                   std::vector<int64_t>* unplaced);
std::string SeatLabel(int n);  // 1 → "01"

}  // namespace zxkh::domain
