#include "common/date.hpp"

#include <gtest/gtest.h>

namespace zxkh {
namespace {

Date D(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

TEST(DateTest, EpochAndKnownDayCounts) {
  EXPECT_EQ(D(1970, 1, 1).days(), 0);
  EXPECT_EQ(D(1969, 12, 31).days(), -1);
  EXPECT_EQ(D(2000, 3, 1).days(), 11017);
  // 2026-09-30: 56 years after 1970 with 14 leap days (1972…2024), + 272.
  EXPECT_EQ(D(2026, 9, 30).days(), 56 * 365 + 14 + 272);
  EXPECT_EQ(Date().days(), 0);
}

TEST(DateTest, RoundTripsEveryDayFrom1899To2101) {
  Date d = D(1899, 1, 1);
  int y = 1899, m = 1, day = 1;
  while (y <= 2101) {
    ASSERT_EQ(d.year(), y);
    ASSERT_EQ(d.month(), m);
    ASSERT_EQ(d.day(), day);
    ASSERT_EQ(Date::FromYmd(y, m, day), d);
    if (++day > Date::DaysInMonth(y, m)) {
      day = 1;
      if (++m > 12) {
        m = 1;
        ++y;
      }
    }
    d = d.AddDays(1);
  }
}

TEST(DateTest, Weekday) {
  EXPECT_EQ(D(1970, 1, 1).weekday(), 4);    // Thursday
  EXPECT_EQ(D(2026, 10, 10).weekday(), 6);  // Saturday
  EXPECT_EQ(D(2026, 10, 11).weekday(), 7);  // Sunday
  EXPECT_EQ(D(2026, 10, 12).weekday(), 1);  // Monday
  EXPECT_EQ(D(1969, 12, 29).weekday(), 1);  // before the epoch
  EXPECT_EQ(D(1900, 1, 1).weekday(), 1);
}

TEST(DateTest, LeapYears) {
  EXPECT_TRUE(Date::IsLeapYear(2000));
  EXPECT_FALSE(Date::IsLeapYear(1900));
  EXPECT_TRUE(Date::IsLeapYear(2024));
  EXPECT_FALSE(Date::IsLeapYear(2026));
  EXPECT_EQ(Date::DaysInMonth(2024, 2), 29);
  EXPECT_EQ(Date::DaysInMonth(2026, 2), 28);
  EXPECT_EQ(Date::DaysInMonth(2026, 4), 30);
  EXPECT_EQ(Date::DaysInMonth(2026, 13), 0);
}

TEST(DateTest, FromYmdRejectsNonexistentDates) {
  EXPECT_FALSE(Date::FromYmd(2026, 2, 29));
  EXPECT_TRUE(Date::FromYmd(2024, 2, 29));
  EXPECT_FALSE(Date::FromYmd(1900, 2, 29));
  EXPECT_FALSE(Date::FromYmd(2026, 4, 31));
  EXPECT_FALSE(Date::FromYmd(2026, 0, 1));
  EXPECT_FALSE(Date::FromYmd(2026, 13, 1));
  EXPECT_FALSE(Date::FromYmd(2026, 1, 0));
  EXPECT_FALSE(Date::FromYmd(10000, 1, 1));
  EXPECT_FALSE(Date::FromYmd(-1, 1, 1));
  EXPECT_TRUE(Date::FromYmd(0, 1, 1));
}

TEST(DateTest, ParseAcceptsIso) {
  Result<Date> d = Date::Parse("2026-09-30");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(*d, D(2026, 9, 30));
  EXPECT_EQ(Date::Parse("0000-01-01")->year(), 0);
  EXPECT_EQ(*Date::Parse("2024-02-29"), D(2024, 2, 29));
}

TEST(DateTest, ParseRejectsWrongShape) {
  for (const char* bad : {"2026-1-5", "2026/01/05", "20260105", "2026-01-05 ",
                          " 2026-01-05", "2026-01-05T00:00", "",
                          "２０２６-01-05", "2026-0a-05", "+2026-01-05"}) {
    Result<Date> d = Date::Parse(bad);
    ASSERT_FALSE(d.ok()) << bad;
    EXPECT_EQ(d.status().code(), "date.invalid");
    EXPECT_EQ(d.status().status_code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(d.status().message(),
              std::string("日期格式应为 YYYY-MM-DD：") + bad);
  }
}

TEST(DateTest, ParseRejectsNonexistentDay) {
  Result<Date> d = Date::Parse("2026-02-30");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), "date.invalid");
  EXPECT_EQ(d.status().message(), "日期不存在：2026-02-30");
  EXPECT_EQ(Date::Parse("2026-13-01").status().message(),
            "日期不存在：2026-13-01");
  EXPECT_EQ(Date::Parse("2026-00-10").status().message(),
            "日期不存在：2026-00-10");
  EXPECT_EQ(Date::Parse("2023-02-29").status().message(),
            "日期不存在：2023-02-29");
}

TEST(DateTest, ParseTruncatesLongInputInMessage) {
  const std::string long_input(100, '9');
  Result<Date> d = Date::Parse(long_input);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().message(),
            "日期格式应为 YYYY-MM-DD：" + std::string(40, '9') + "…");
}

TEST(DateTest, ToStringAndArithmetic) {
  EXPECT_EQ(D(2026, 1, 5).ToString(), "2026-01-05");
  EXPECT_EQ(D(987, 12, 31).ToString(), "0987-12-31");
  EXPECT_EQ(D(2026, 12, 31).AddDays(1), D(2027, 1, 1));
  EXPECT_EQ(D(2024, 3, 1).AddDays(-1), D(2024, 2, 29));
  EXPECT_EQ(D(2026, 3, 1).AddDays(-1), D(2026, 2, 28));
  EXPECT_EQ(Date::FromDays(-719528).ToString(), "0000-01-01");
}

TEST(DateTest, Ordering) {
  EXPECT_LT(D(2026, 9, 30), D(2026, 10, 1));
  EXPECT_GT(D(2027, 1, 1), D(2026, 12, 31));
  EXPECT_EQ(D(2026, 10, 1), *Date::Parse("2026-10-01"));
  EXPECT_NE(D(2026, 10, 1), D(2026, 10, 2));
}

}  // namespace
}  // namespace zxkh
