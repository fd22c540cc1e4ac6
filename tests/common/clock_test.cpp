#include "common/clock.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace zxkh {
namespace {

Date D(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

// 2026-11-26T16:00:00Z is midnight of Nov 27 in China Standard Time.
constexpr int64_t kCstMidnightNov27 = 1'795'708'800'000;

TEST(ClockTest, TodayIsInChinaStandardTime) {
  FakeClock clock(kCstMidnightNov27);
  EXPECT_EQ(clock.Today(), D(2026, 11, 27));
  EXPECT_EQ(clock.NowIso(), "2026-11-27T00:00:00.000+08:00");
  clock.Advance(-1);  // 23:59:59.999 CST, still Nov 26
  EXPECT_EQ(clock.Today(), D(2026, 11, 26));
  EXPECT_EQ(clock.NowIso(), "2026-11-26T23:59:59.999+08:00");
}

TEST(ClockTest, SetDateMeansLocalTime) {
  FakeClock clock;
  clock.SetDate(D(2026, 11, 27));
  EXPECT_EQ(clock.NowUnixMillis(), kCstMidnightNov27 + 9 * 3'600'000);
  EXPECT_EQ(clock.NowIso(), "2026-11-27T09:00:00.000+08:00");
  clock.SetDate(D(2026, 11, 27), 0);
  EXPECT_EQ(clock.NowUnixMillis(), kCstMidnightNov27);
  clock.SetDate(D(2026, 11, 27), 23);
  EXPECT_EQ(clock.Today(), D(2026, 11, 27));
  clock.Advance(3'600'000);
  EXPECT_EQ(clock.Today(), D(2026, 11, 28));
}

TEST(ClockTest, EpochAndBefore) {
  FakeClock clock(0);
  EXPECT_EQ(clock.NowIso(), "1970-01-01T08:00:00.000+08:00");
  clock.Set(-8 * 3'600'000 - 1);
  EXPECT_EQ(clock.Today(), D(1969, 12, 31));
  EXPECT_EQ(clock.NowIso(), "1969-12-31T23:59:59.999+08:00");
  EXPECT_EQ(Clock::FormatIso(1'234), "1970-01-01T08:00:01.234+08:00");
}

TEST(ClockTest, FakeClockIsThreadSafe) {
  FakeClock clock(0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&clock] {
      for (int i = 0; i < 10000; ++i) clock.Advance(1);
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(clock.NowUnixMillis(), 40000);
}

TEST(ClockTest, SystemClockIsRecent) {
  SystemClock clock;
  // Catches a clock read in the wrong unit (seconds, microseconds).
  EXPECT_GE(clock.Today(), D(2025, 1, 1));
  EXPECT_LT(clock.Today(), D(2100, 1, 1));
  const std::string iso = clock.NowIso();
  EXPECT_EQ(iso.size(), 29u);
  EXPECT_EQ(iso.substr(23), "+08:00");
}

}  // namespace
}  // namespace zxkh
