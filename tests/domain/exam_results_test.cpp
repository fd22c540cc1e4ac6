#include "domain/exam_results.hpp"

#include <gtest/gtest.h>

#include "support/official_calendar.hpp"

namespace zxkh::domain {
namespace {

using test::OfficialCalendar;

Date D(const char* iso) { return *Date::Parse(iso); }

TEST(ResultsPublicityTest, ClosingOnTheFourthWorkingDayIsRefused) {
  const WorkdayCalendar cal = OfficialCalendar();
  using S = ResultsState;
  // From Tuesday 2026-12-01: Dec 1, 2, 3, 4, 7 are the five working days.
  const Date start = D("2026-12-01");
  EXPECT_EQ(ResultsPublicityEnd(cal, start)->ToString(), "2026-12-07");
  Status fourth =
      CheckCanClosePublicity(cal, S::kPublicizing, start, D("2026-12-04"), 0);
  EXPECT_EQ(fourth.code(), "results.publicity_running");
  EXPECT_NE(fourth.message().find("2026-12-08"), std::string::npos)
      << fourth.message();
  EXPECT_EQ(
      CheckCanClosePublicity(cal, S::kPublicizing, start, D("2026-12-07"), 0)
          .code(),
      "results.publicity_running");
  EXPECT_TRUE(
      CheckCanClosePublicity(cal, S::kPublicizing, start, D("2026-12-08"), 0)
          .ok());
  EXPECT_EQ(
      CheckCanClosePublicity(cal, S::kPublicizing, start, D("2026-12-08"), 1)
          .code(),
      "results.objection_open");
  EXPECT_EQ(CheckCanClosePublicity(cal, S::kPublicityClosed, start,
                                   D("2026-12-08"), 0)
                .code(),
            "results.wrong_state");
}

TEST(ResultsPublicityTest, WeekendsAndHolidaysDoNotCount) {
  const WorkdayCalendar cal = OfficialCalendar();
  // From Friday 2026-09-25 across the National Day holiday.
  Result<Date> end = ResultsPublicityEnd(cal, D("2026-09-25"));
  ASSERT_TRUE(end.ok());
  EXPECT_EQ(*cal.CountWorkingDays(D("2026-09-25"), *end), 5);
  EXPECT_GT(*end, D("2026-10-01"));
}

TEST(ResultsReviewTest, DistrictThenCityWithReturns) {
  using S = ResultsState;
  for (S s : {S::kPublicizing, S::kPublicityClosed, S::kSubmitted, S::kReturned,
              S::kDistrictApproved, S::kApproved}) {
    EXPECT_EQ(ParseResultsState(ResultsStateName(s)), s);
  }
  EXPECT_EQ(CheckCanSubmitResults(S::kPublicizing).code(),
            "results.wrong_state");
  EXPECT_TRUE(CheckCanSubmitResults(S::kPublicityClosed).ok());
  EXPECT_TRUE(CheckCanSubmitResults(S::kReturned).ok());
  EXPECT_TRUE(CheckCanDistrictReview(S::kSubmitted).ok());
  EXPECT_EQ(CheckCanCityReview(S::kSubmitted).code(), "results.wrong_state");
  EXPECT_TRUE(CheckCanCityReview(S::kDistrictApproved).ok());
  EXPECT_EQ(CheckCanDistrictReview(S::kApproved).code(), "results.wrong_state");
}

}  // namespace
}  // namespace zxkh::domain
