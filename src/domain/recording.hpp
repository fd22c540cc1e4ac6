// Exam-day video coverage (R-EXA-9): the union of a session's registered
// recordings must cover its scheduled time; any uncovered stretch is a gap
// that flags the batch to its district and the city.
#pragma once

#include <cstdint>
#include <vector>

namespace zxkh::domain {

struct TimeSpan {
  int64_t start_ms = 0;
  int64_t end_ms = 0;  // exclusive
  bool operator==(const TimeSpan&) const = default;
};

// The parts of [scheduled.start_ms, scheduled.end_ms) that no recording
// covers, in time order; empty when fully covered. Recordings may overlap,
// come in any order, and extend beyond the schedule; empty or inverted
// recordings cover nothing. Recordings that touch (one ends where the next
// starts) leave no gap.
std::vector<TimeSpan> CoverageGaps(TimeSpan scheduled,
                                   std::vector<TimeSpan> recordings);

}  // namespace zxkh::domain
