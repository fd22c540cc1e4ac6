// --fake-clock: the ISO 8601 instant it takes, and its refusals.
#include <gtest/gtest.h>

#include "app/options.hpp"
#include "common/clock.hpp"
#include "common/instant.hpp"

namespace zxkh::app {
namespace {

int64_t At(int y, int m, int d, int hour) {
  return Clock::UnixMillisAt(*Date::FromYmd(y, m, d), hour);
}

TEST(FakeClockOption, ParsesAnInstantWithItsOffset) {
  auto o = ParseOptions(
      {"serve", "--demo", "--fake-clock", "2026-12-01T08:00:00+08:00"});
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  ASSERT_TRUE(o->fake_clock_millis.has_value());
  EXPECT_EQ(*o->fake_clock_millis, At(2026, 12, 1, 8));
  auto eq = ParseOptions({"serve", "--fake-clock=2026-12-01T00:00Z", "--demo"});
  ASSERT_TRUE(eq.ok());
  EXPECT_EQ(*eq->fake_clock_millis, At(2026, 12, 1, 8));
}

TEST(FakeClockOption, AbsentByDefault) {
  auto o = ParseOptions({"serve", "--demo"});
  ASSERT_TRUE(o.ok());
  EXPECT_FALSE(o->fake_clock_millis.has_value());
}

TEST(FakeClockOption, RefusesAnInstantWithoutOffsetNamingTheFlag) {
  for (const char* bad : {"2026-12-01T08:00:00", "2026-12-01", "tomorrow",
                          "2026-12-01T24:00:00+08:00"}) {
    auto o = ParseOptions({"serve", "--demo", "--fake-clock", bad});
    ASSERT_FALSE(o.ok()) << bad;
    EXPECT_EQ(o.status().code(), "cli.flag");
    EXPECT_NE(o.status().message().find("--fake-clock"), std::string::npos);
  }
}

// A production start (no --demo) can never run on the test clock.
TEST(FakeClockOption, OnlyWithDemo) {
  auto o = ParseOptions({"serve", "--fake-clock", "2026-12-01T08:00:00+08:00"});
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.status().code(), "cli.flag");
  EXPECT_NE(o.status().message().find("--demo"), std::string::npos);
}

TEST(ParseIsoInstant, AcceptsRfc3339Forms) {
  EXPECT_EQ(ParseIsoInstant("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseIsoInstant("1970-01-01T08:00:00.250+08:00"), 250);
  EXPECT_EQ(ParseIsoInstant("1970-01-01T00:00:01.5-00:30"), 1'801'500);
  // What Clock::FormatIso prints parses back.
  const int64_t t = At(2026, 12, 15, 17) + 123;
  EXPECT_EQ(ParseIsoInstant(Clock::FormatIso(t)), t);
  EXPECT_EQ(ParseIsoInstant("2026-12-01T08:00:00+0800"), std::nullopt);
  EXPECT_EQ(ParseIsoInstant("2026-12-01T08:00:00+08:00 "), std::nullopt);
  EXPECT_EQ(ParseIsoInstant("2026-12-01T08:00:60Z"), std::nullopt);
  EXPECT_EQ(ParseIsoInstant("2026-12-01T08:00:00.Z"), std::nullopt);
}

}  // namespace
}  // namespace zxkh::app
