#include "domain/recording.hpp"

#include <algorithm>

namespace zxkh::domain {

std::vector<TimeSpan> CoverageGaps(TimeSpan scheduled,
                                   std::vector<TimeSpan> recordings) {
  std::sort(recordings.begin(), recordings.end(),
            [](const TimeSpan& a, const TimeSpan& b) {
              return a.start_ms < b.start_ms;
            });
  std::vector<TimeSpan> gaps;
  int64_t covered_until = scheduled.start_ms;
  for (const TimeSpan& r : recordings) {
    if (r.end_ms <= r.start_ms) continue;
    if (covered_until >= scheduled.end_ms) break;
    if (r.start_ms > covered_until) {
      gaps.push_back({covered_until, std::min(r.start_ms, scheduled.end_ms)});
    }
    covered_until = std::max(covered_until, r.end_ms);
  }
  if (covered_until < scheduled.end_ms) {
    gaps.push_back({covered_until, scheduled.end_ms});
  }
  return gaps;
}

}  // namespace zxkh::domain
