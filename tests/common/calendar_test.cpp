#include "common/calendar.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace zxkh {
namespace {

Date D(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class RealCalendarTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string csv = ReadFile(std::string(ZXKH_SHARED_DIR) +
                                     "/data/cn-workday-calendar.csv");
    ASSERT_FALSE(csv.empty())
        << "calendar data not found under " << ZXKH_SHARED_DIR;
    Result<WorkdayCalendar> cal = WorkdayCalendar::FromCsv(csv);
    ASSERT_TRUE(cal.ok()) << cal.status().ToString();
    calendar_ = new WorkdayCalendar(std::move(cal).value());
  }
  static void TearDownTestSuite() {
    delete calendar_;
    calendar_ = nullptr;
  }

  void SetUp() override { ASSERT_NE(calendar_, nullptr); }

  static bool Working(Date d) {
    Result<bool> r = calendar_->IsWorkingDay(d);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() && *r;
  }
  static Date Add(Date d, int n) {
    Result<Date> r = calendar_->AddWorkingDays(d, n);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : Date();
  }
  static Date Before(Date d, int n) {
    Result<Date> r = calendar_->WorkingDaysBefore(d, n);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : Date();
  }
  static int Count(Date from, Date to) {
    Result<int> r = calendar_->CountWorkingDays(from, to);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : -1;
  }

  static const WorkdayCalendar* calendar_;
};

const WorkdayCalendar* RealCalendarTest::calendar_ = nullptr;

TEST_F(RealCalendarTest, CoversTheShippedYears) {
  EXPECT_EQ(calendar_->covered_years(),
            (std::set<int>{2023, 2024, 2025, 2026}));
  EXPECT_TRUE(calendar_->Covers(2026));
  EXPECT_FALSE(calendar_->Covers(2027));
  EXPECT_FALSE(calendar_->Covers(2022));
  EXPECT_EQ(calendar_->entries().size(), 141u);
  EXPECT_EQ(calendar_->entries().front().date, D(2023, 1, 1));
  EXPECT_EQ(calendar_->entries().front().name, "元旦");
  EXPECT_EQ(calendar_->entries().back().date, D(2026, 10, 10));
  EXPECT_EQ(calendar_->entries().back().kind, DayKind::kWork);
}

TEST_F(RealCalendarTest, NationalDay2026) {
  EXPECT_TRUE(Working(D(2026, 9, 30)));    // Wednesday
  EXPECT_FALSE(Working(D(2026, 10, 1)));   // Thursday, holiday
  EXPECT_FALSE(Working(D(2026, 10, 7)));   // Wednesday, holiday
  EXPECT_TRUE(Working(D(2026, 10, 10)));   // Saturday, make-up day
  EXPECT_FALSE(Working(D(2026, 10, 11)));  // ordinary Sunday
  EXPECT_TRUE(Working(D(2026, 9, 20)));    // Sunday, make-up day
  EXPECT_FALSE(Working(D(2026, 9, 25)));   // Friday, 中秋节
  // Sep 30 (1), Oct 8 (2), Oct 9 (3), Sat Oct 10 (4), Mon Oct 12 (5).
  EXPECT_EQ(Add(D(2026, 9, 30), 5), D(2026, 10, 12));
  EXPECT_EQ(Add(D(2026, 9, 30), 4), D(2026, 10, 10));
  EXPECT_EQ(Add(D(2026, 9, 30), 1), D(2026, 9, 30));
  // A start on a holiday does not count: the first is Oct 8.
  EXPECT_EQ(Add(D(2026, 10, 1), 1), D(2026, 10, 8));
}

TEST_F(RealCalendarTest, MakeUpSaturdaysAndSundays) {
  EXPECT_TRUE(Working(D(2023, 1, 28)));   // Saturday
  EXPECT_TRUE(Working(D(2023, 1, 29)));   // Sunday
  EXPECT_TRUE(Working(D(2024, 2, 4)));    // Sunday
  EXPECT_TRUE(Working(D(2025, 2, 8)));    // Saturday
  EXPECT_TRUE(Working(D(2026, 1, 4)));    // Sunday
  EXPECT_FALSE(Working(D(2026, 1, 10)));  // ordinary Saturday
  EXPECT_TRUE(Working(D(2026, 1, 9)));    // ordinary Friday
  // Fri Jan 2 and Sat Jan 3 are holidays, Sun Jan 4 is worked.
  EXPECT_EQ(Add(D(2026, 1, 1), 1), D(2026, 1, 4));
}

TEST_F(RealCalendarTest, SpringFestival2026) {
  EXPECT_TRUE(Working(D(2026, 2, 13)));  // Friday before
  EXPECT_TRUE(Working(D(2026, 2, 14)));  // Saturday, make-up day
  for (int day = 15; day <= 23; ++day) {
    EXPECT_FALSE(Working(D(2026, 2, day))) << "2026-02-" << day;
  }
  EXPECT_TRUE(Working(D(2026, 2, 24)));  // Tuesday after
  EXPECT_TRUE(Working(D(2026, 2, 28)));  // Saturday, make-up day
  EXPECT_EQ(Add(D(2026, 2, 13), 2), D(2026, 2, 14));
  EXPECT_EQ(Add(D(2026, 2, 14), 2), D(2026, 2, 24));
  // February 2026 has 20 weekdays; 6 of them (16–20, 23) are off and the
  // Saturdays 14 and 28 are worked: 20 − 6 + 2.
  EXPECT_EQ(Count(D(2026, 2, 1), D(2026, 2, 28)), 16);
}

TEST_F(RealCalendarTest, WorkingDaysBefore) {
  // Exam on Mon 2026-10-12, "at least 10 working days before": walking back
  // from Oct 11 (Sun, off): Sat Oct 10 (1, make-up), Oct 9 (2), Oct 8 (3),
  // Oct 1–7 off, Sep 30 (4), 29 (5), 28 (6), 27 Sun and 26 Sat and 25 Fri
  // off (中秋节), Sep 24 (7), 23 (8), 22 (9), Mon Sep 21 (10).
  EXPECT_EQ(Before(D(2026, 10, 12), 10), D(2026, 9, 21));
  // Exam on Mon 2026-03-16 (no holidays nearby): two plain weeks back.
  EXPECT_EQ(Before(D(2026, 3, 16), 10), D(2026, 3, 2));
  // Mon 2026-01-05: Sun Jan 4 is a make-up day (1); Jan 3, 2, 1 are off,
  // so the 2nd is Wed 2025-12-31, across the year boundary.
  EXPECT_EQ(Before(D(2026, 1, 5), 1), D(2026, 1, 4));
  EXPECT_EQ(Before(D(2026, 1, 5), 2), D(2025, 12, 31));
  // d itself never counts, even when it is a working day.
  EXPECT_EQ(Before(D(2026, 2, 24), 1), D(2026, 2, 14));
}

TEST_F(RealCalendarTest, CountWorkingDays) {
  // Whole years, as published: 2023 and 2024 have 249 and 251 working days.
  EXPECT_EQ(Count(D(2023, 1, 1), D(2023, 12, 31)), 249);
  EXPECT_EQ(Count(D(2024, 1, 1), D(2024, 12, 31)), 251);
  EXPECT_EQ(Count(D(2025, 1, 1), D(2025, 12, 31)), 248);
  EXPECT_EQ(Count(D(2026, 1, 1), D(2026, 12, 31)), 248);
  // Sep 28, 29, 30, Oct 8, 9, 10, 12.
  EXPECT_EQ(Count(D(2026, 9, 28), D(2026, 10, 12)), 7);
  EXPECT_EQ(Count(D(2026, 10, 1), D(2026, 10, 1)), 0);
  EXPECT_EQ(Count(D(2026, 9, 30), D(2026, 9, 30)), 1);
  EXPECT_EQ(Count(D(2026, 10, 12), D(2026, 9, 28)), 0);  // to < from
}

TEST_F(RealCalendarTest, UncoveredYearIsAnErrorNamingTheYear) {
  // Mon Dec 28 … Thu Dec 31 are the last four working days of 2026.
  EXPECT_EQ(Add(D(2026, 12, 28), 4), D(2026, 12, 31));
  Result<Date> r = calendar_->AddWorkingDays(D(2026, 12, 28), 5);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().status_code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(r.status().code(), "calendar.year_not_covered");
  EXPECT_EQ(
      r.status().message(),
      "工作日历未包含 2027 年的数据，请市级管理员先补充该年度的节假日安排");

  Result<bool> w = calendar_->IsWorkingDay(D(2027, 3, 1));
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), "calendar.year_not_covered");

  // 2023-01-01 and 02 are holidays, so the 2nd working day before Jan 3
  // lies in 2022.
  Result<Date> b = calendar_->WorkingDaysBefore(D(2023, 1, 3), 2);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), "calendar.year_not_covered");
  EXPECT_NE(b.status().message().find("2022 年"), std::string::npos);

  Result<int> c = calendar_->CountWorkingDays(D(2026, 12, 1), D(2027, 1, 5));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), "calendar.year_not_covered");
  EXPECT_NE(c.status().message().find("2027 年"), std::string::npos);
}

TEST_F(RealCalendarTest, NMustBePositive) {
  for (int n : {0, -1}) {
    Result<Date> a = calendar_->AddWorkingDays(D(2026, 3, 2), n);
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.status().code(), "calendar.n_invalid");
    EXPECT_EQ(a.status().status_code(), StatusCode::kInvalidArgument);
    Result<Date> b = calendar_->WorkingDaysBefore(D(2026, 3, 2), n);
    ASSERT_FALSE(b.ok());
    EXPECT_EQ(b.status().code(), "calendar.n_invalid");
  }
}

TEST_F(RealCalendarTest, RoundTripProperties) {
  int checked = 0;
  for (Date d = D(2024, 1, 1); d <= D(2026, 12, 31); d = d.AddDays(1)) {
    if (!Working(d)) continue;
    for (int n = 1; n <= 15; ++n) {
      Result<Date> end = calendar_->AddWorkingDays(d, n);
      if (!end.ok()) {
        // Only the end of 2026 may run out of calendar.
        ASSERT_EQ(end.status().code(), "calendar.year_not_covered");
        ASSERT_GE(d, D(2026, 12, 1));
        continue;
      }
      ASSERT_TRUE(Working(*end));
      ASSERT_EQ(Count(d, *end), n) << d.ToString() << " + " << n;
      // d is the 1st and the n+1-th lies n working days after it, so
      // walking back n working days from that day lands on d again.
      Result<Date> next = calendar_->AddWorkingDays(d, n + 1);
      if (next.ok()) {
        ASSERT_EQ(Before(*next, n), d) << d.ToString() << " n=" << n;
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 10000);
}

TEST(WorkdayCalendarTest, ConstructedDirectly) {
  WorkdayCalendar cal({{D(2030, 1, 2), DayKind::kOff, "测试"},
                       {D(2030, 1, 5), DayKind::kWork, "测试"}},
                      {2030});
  EXPECT_TRUE(*cal.IsWorkingDay(D(2030, 1, 1)));   // Tuesday
  EXPECT_FALSE(*cal.IsWorkingDay(D(2030, 1, 2)));  // Wednesday, off
  EXPECT_TRUE(*cal.IsWorkingDay(D(2030, 1, 5)));   // Saturday, work
  EXPECT_FALSE(*cal.IsWorkingDay(D(2030, 1, 6)));  // Sunday
  EXPECT_EQ(*cal.AddWorkingDays(D(2030, 1, 1), 4), D(2030, 1, 5));
  EXPECT_FALSE(cal.IsWorkingDay(D(2031, 1, 1)).ok());
  EXPECT_FALSE(cal.IsWorkingDay(D(2029, 12, 31)).ok());
}

TEST(WorkdayCalendarTest, CsvToleratesBomCrlfAndBlankLines) {
  Result<WorkdayCalendar> cal = WorkdayCalendar::FromCsv(
      "\xEF\xBB\xBF"
      "date,kind,name\r\n2030-01-01,off,元旦\r\n\r\n2030-02-02,work,春节, "
      "调休\r\n");
  ASSERT_TRUE(cal.ok()) << cal.status().ToString();
  ASSERT_EQ(cal->entries().size(), 2u);
  EXPECT_EQ(cal->entries()[1].name, "春节, 调休");
  EXPECT_EQ(cal->covered_years(), std::set<int>{2030});
}

void ExpectCsvError(std::string_view csv, const std::string& code,
                    const std::string& message) {
  Result<WorkdayCalendar> cal = WorkdayCalendar::FromCsv(csv);
  ASSERT_FALSE(cal.ok()) << csv;
  EXPECT_EQ(cal.status().status_code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(cal.status().code(), code);
  EXPECT_EQ(cal.status().message(), message);
}

TEST(WorkdayCalendarTest, CsvErrorsNameTheLine) {
  ExpectCsvError("", "calendar.csv_invalid",
                 "工作日历文件为空，应有表头 date,kind,name");
  ExpectCsvError("date,kind,name\n", "calendar.csv_invalid",
                 "工作日历没有任何日期行");
  ExpectCsvError("日期,类型,名称\n", "calendar.csv_invalid",
                 "工作日历第 1 行：表头应为 date,kind,name");
  ExpectCsvError("date,kind,name\n2030-01-01,off,元旦\n2030-1-2,off,元旦\n",
                 "calendar.csv_invalid",
                 "工作日历第 3 行：日期格式应为 YYYY-MM-DD：2030-1-2");
  ExpectCsvError("date,kind,name\n2030-02-30,off,x\n", "calendar.csv_invalid",
                 "工作日历第 2 行：日期不存在：2030-02-30");
  ExpectCsvError("date,kind,name\n2030-01-01,holiday,元旦\n",
                 "calendar.csv_invalid",
                 "工作日历第 2 行：类型应为 off 或 work，实际为 holiday");
  ExpectCsvError("date,kind,name\n2030-01-01,off\n", "calendar.csv_invalid",
                 "工作日历第 2 行：应有 date,kind,name 三列");
  ExpectCsvError("date,kind,name\n2030-01-01,off,\n", "calendar.csv_invalid",
                 "工作日历第 2 行：名称不能为空");
  ExpectCsvError(
      "date,kind,name\n2030-01-01,off,元旦\n\n2030-01-01,work,元旦\n",
      "calendar.duplicate_date",
      "工作日历第 4 行：日期 2030-01-01 重复（已在第 2 行出现）");
}

}  // namespace
}  // namespace zxkh
