#include "service/calendar_service.hpp"

#include <gtest/gtest.h>

#include "service/seed.hpp"
#include "store/migrate.hpp"
#include "support/test_db.hpp"

namespace zxkh::service {
namespace {

Date D(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

class CalendarServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    city_.role = domain::Role::kCity;
    ASSERT_TRUE(store::Migrate(tdb_.db()).ok());
    ASSERT_TRUE(SeedProductData(tdb_.db(), clock_).ok());
  }
  FakeClock clock_{1'800'000'000'000};
  test::TestDatabase tdb_;
  CalendarService service_{tdb_.db(), clock_};
  domain::Caller city_;
};

TEST_F(CalendarServiceTest, OfficialYearsAreSeeded) {
  auto years = service_.Years();
  ASSERT_TRUE(years.ok());
  ASSERT_EQ(years->size(), 4u);
  EXPECT_EQ(years->front().year, 2023);
  EXPECT_EQ(years->back().year, 2026);
  auto cal = service_.Current();
  ASSERT_TRUE(cal.ok());
  EXPECT_EQ(*(*cal)->AddWorkingDays(D(2026, 9, 30), 5), D(2026, 10, 12));
}

TEST_F(CalendarServiceTest, CityAddsANewYearAndTheCacheSeesIt) {
  auto before = service_.Current();
  ASSERT_TRUE(before.ok());
  EXPECT_EQ((*before)->AddWorkingDays(D(2026, 12, 28), 10).status().code(),
            "calendar.year_not_covered");
  clock_.Advance(1000);
  ASSERT_TRUE(service_
                  .ReplaceYear(city_, 2027, "国务院办公厅通知",
                               {{D(2027, 1, 1), DayKind::kOff, "元旦"}})
                  .ok());
  auto after = service_.Current();
  ASSERT_TRUE(after.ok());
  // Dec 28–31 (4) + Jan 4–8 (5) + Jan 11 → the 10th working day.
  EXPECT_EQ(*(*after)->AddWorkingDays(D(2026, 12, 28), 10), D(2027, 1, 11));
}

TEST_F(CalendarServiceTest, ReplaceYearValidatesEveryEntry) {
  EXPECT_EQ(service_
                .ReplaceYear(city_, 2027, "x",
                             {{D(2028, 1, 1), DayKind::kOff, "元旦"}})
                .code(),
            "calendar.date_outside_year");
  EXPECT_EQ(service_
                .ReplaceYear(city_, 2027, "x",
                             {{D(2027, 1, 1), DayKind::kOff, "元旦"},
                              {D(2027, 1, 1), DayKind::kOff, "元旦"}})
                .code(),
            "calendar.duplicate_date");
  // 2027-01-04 is a Monday: it cannot be a make-up working day.
  EXPECT_EQ(service_
                .ReplaceYear(city_, 2027, "x",
                             {{D(2027, 1, 4), DayKind::kWork, "调休"}})
                .code(),
            "calendar.workday_not_weekend");
  EXPECT_EQ(service_.ReplaceYear(city_, 1999, "x", {}).code(),
            "calendar.year_invalid");
  domain::Caller district;
  district.role = domain::Role::kDistrict;
  EXPECT_EQ(service_.ReplaceYear(district, 2027, "x", {}).status_code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(service_.Years()->size(), 4u);  // nothing written
}

TEST_F(CalendarServiceTest, SeedingNeverOverwritesACorrectedYear) {
  ASSERT_TRUE(service_.ReplaceYear(city_, 2026, "市局更正", {}).ok());
  ASSERT_TRUE(service_.SeedOfficialCalendar().ok());
  auto years = service_.Years();
  ASSERT_TRUE(years.ok());
  EXPECT_EQ(years->back().source, "市局更正");
  EXPECT_EQ(years->back().off_days, 0);
}

}  // namespace
}  // namespace zxkh::service
