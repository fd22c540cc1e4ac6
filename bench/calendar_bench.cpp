// Working-day arithmetic sits on every deadline check (publicity periods,
// batch-plan submissions), so it must cost nanoseconds, not allocations.
// Compare: a plain weekday loop (the floor) vs the calendar's lookups.
#include <benchmark/benchmark.h>

#include "common/calendar.hpp"
#include "common/embedded_data.hpp"

namespace zxkh {
namespace {

const WorkdayCalendar& Official() {
  static const WorkdayCalendar cal =
      WorkdayCalendar::FromCsv(*EmbeddedDataFile("cn-workday-calendar.csv"))
          .value();
  return cal;
}

void BM_WeekdayLoopBaseline(benchmark::State& state) {
  int64_t day = Date::FromYmd(2024, 1, 2)->days();
  for (auto _ : state) {
    int64_t d = day;
    for (int n = 0; n < 10;) {
      const int wd = Date::FromDays(d).weekday();
      if (wd < 6) ++n;
      ++d;
    }
    benchmark::DoNotOptimize(d);
    day = Date::FromYmd(2024, 1, 2)->days() + (day + 1) % 900;
  }
}
BENCHMARK(BM_WeekdayLoopBaseline);

void BM_AddWorkingDays10(benchmark::State& state) {
  const WorkdayCalendar& cal = Official();
  const int64_t start = Date::FromYmd(2024, 1, 2)->days();
  int64_t offset = 0;
  for (auto _ : state) {
    auto r = cal.AddWorkingDays(Date::FromDays(start + offset), 10);
    benchmark::DoNotOptimize(r);
    offset = (offset + 1) % 900;
  }
}
BENCHMARK(BM_AddWorkingDays10);

void BM_WorkingDaysBefore10(benchmark::State& state) {
  const WorkdayCalendar& cal = Official();
  const int64_t start = Date::FromYmd(2024, 2, 1)->days();
  int64_t offset = 0;
  for (auto _ : state) {
    auto r = cal.WorkingDaysBefore(Date::FromDays(start + offset), 10);
    benchmark::DoNotOptimize(r);
    offset = (offset + 1) % 900;
  }
}
BENCHMARK(BM_WorkingDaysBefore10);

}  // namespace
}  // namespace zxkh
