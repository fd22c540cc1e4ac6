// The results of a batch (考核结果, R-EXA-11): publicized by the
// institution for at least 5 working days, then reviewed upward.
//
// clang-format off
//   PUBLICIZING ──close (after the 5th working day, no open objection)──►
//   PUBLICITY_CLOSED ──submit──► SUBMITTED ──district──► DISTRICT_APPROVED
//                        ▲            │                        │
//                        │  return    ▼         return         │ city
//                        └──────── RETURNED ◄──────────────────┤
//                                                              ▼
//                                                           APPROVED
// clang-format on
//
// Only APPROVED results can carry certificates (R-EXA-12).
#pragma once

#include <optional>
#include <string_view>

#include "common/calendar.hpp"
#include "common/date.hpp"
#include "common/status.hpp"

namespace zxkh::domain {

inline constexpr int kResultsPublicityWorkingDays = 5;

enum class ResultsState {
  kPublicizing,
  kPublicityClosed,
  kSubmitted,
  kReturned,
  kDistrictApproved,
  kApproved,
};
std::string_view ResultsStateName(ResultsState s);   // "publicizing", …
std::string_view ResultsStateTitle(ResultsState s);  // "公示中", …
std::optional<ResultsState> ParseResultsState(std::string_view s);

// The last day of a results publicity starting on `start`: its 5th working
// day (R-CAL; `start` counts when it is a working day).
Result<Date> ResultsPublicityEnd(const WorkdayCalendar& calendar, Date start);

// Closing on `today`: only while PUBLICIZING, only after the end date
// (FailedPrecondition "results.publicity_running" naming the first day it
// may close) and with no open objection ("results.objection_open").
Status CheckCanClosePublicity(const WorkdayCalendar& calendar,
                              ResultsState state, Date start, Date today,
                              int open_objections);

// FailedPrecondition("results.wrong_state") naming the state otherwise.
Status CheckCanSubmitResults(ResultsState s);   // PUBLICITY_CLOSED, RETURNED
Status CheckCanDistrictReview(ResultsState s);  // SUBMITTED
Status CheckCanCityReview(ResultsState s);      // DISTRICT_APPROVED

}  // namespace zxkh::domain
