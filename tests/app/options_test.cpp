// Command-line flags: what each accepts and the error it gives otherwise.
#include "app/options.hpp"

#include <gtest/gtest.h>

#include "common/clock.hpp"
#include "common/instant.hpp"

namespace zxkh::app {
namespace {

TEST(Options, PublicBaseUrlDefaultsToLocalhostAtThePort) {
  auto o = ParseOptions({"serve", "--port", "9090"});
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->PublicBaseUrl(), "http://localhost:9090");
  // Port 0 (chosen by the system) cannot be printed; the usual port is.
  auto any = ParseOptions({"serve", "--port", "0"});
  ASSERT_TRUE(any.ok());
  EXPECT_EQ(any->PublicBaseUrl(), "http://localhost:8080");
}

TEST(Options, PublicBaseUrlKeepsAPathAndDropsTrailingSlashes) {
  auto o = ParseOptions(
      {"serve", "--public-base-url=https://zxkh.qingdao.gov.cn/zxkh//"});
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->PublicBaseUrl(), "https://zxkh.qingdao.gov.cn/zxkh");
}

TEST(Options, PublicBaseUrlMustBeAnAbsoluteHttpAddress) {
  for (const char* bad :
       {"zxkh.qingdao.gov.cn", "ftp://zxkh.qingdao.gov.cn", "https://",
        "https:///", "https://a b.cn", "https://x.cn/?q=1", "https://x.cn/#f",
        "javascript:alert(1)"}) {
    auto o = ParseOptions({"serve", "--public-base-url", bad});
    ASSERT_FALSE(o.ok()) << bad;
    EXPECT_EQ(o.status().code(), "cli.flag") << bad;
    EXPECT_EQ(o.status().field(), "--public-base-url") << bad;
  }
}

TEST(Options, UnknownFlagIsRefusedByName) {
  auto o = ParseOptions({"serve", "--public-url", "https://x.cn"});
  ASSERT_FALSE(o.ok());
  EXPECT_NE(o.status().message().find("--public-url"), std::string::npos);
}

// --fake-clock: the ISO 8601 instant it takes, and its refusals.
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
