// R-EXA-5: items within the approved scope, months and exam dates that make
// sense, the plan's state machine.
#include "domain/annual_plan.hpp"

#include <gtest/gtest.h>

namespace zxkh::domain {
namespace {

const Date kToday = *Date::FromYmd(2026, 11, 27);

PlanItem GoodItem() {
  PlanItem i;
  i.project_code = "ZX01001";
  i.months = {3, 6, 9};
  i.exam_date = *Date::FromYmd(2027, 3, 20);
  i.expected_count = 120;
  i.venue = "黄岛区长江中路216号";
  i.requirements = "年满16周岁";
  i.contact_name = "王老师";
  i.contact_phone = "0532-86981234";
  return i;
}

TEST(AnnualPlan, StateNamesRoundTrip) {
  for (PlanState s :
       {PlanState::kDraft, PlanState::kSubmitted, PlanState::kReturned,
        PlanState::kApproved, PlanState::kPublished}) {
    EXPECT_EQ(ParsePlanState(PlanStateName(s)), s);
    EXPECT_NE(PlanStateTitle(s), "?");
  }
  EXPECT_FALSE(ParsePlanState("rejected"));
}

TEST(AnnualPlan, MonthsParseInAnySeparatorAndRefuseOutOfRange) {
  EXPECT_EQ(*ParseMonths("9,3,6"), (std::vector<int>{3, 6, 9}));
  EXPECT_EQ(*ParseMonths("3、6、9"), (std::vector<int>{3, 6, 9}));
  EXPECT_EQ(*ParseMonths("3月，11月"), (std::vector<int>{3, 11}));
  EXPECT_EQ(*ParseMonths("12,12"), (std::vector<int>{12}));
  for (const char* bad : {"", "0", "13", "3,x", "-1", "1.5", ",,", "100"}) {
    EXPECT_EQ(ParseMonths(bad).status().code(), "plan.months_invalid") << bad;
    EXPECT_EQ(ParseMonths(bad).status().field(), "months");
  }
  EXPECT_EQ(FormatMonths({3, 6, 9}), "3,6,9");
  EXPECT_EQ(MonthsTitle({3, 11}), "3月、11月");
}

TEST(AnnualPlan, GoodItemPasses) {
  EXPECT_TRUE(ValidateItem(GoodItem(), 2027, kToday).ok());
  PlanItem free_mobile = GoodItem();
  free_mobile.contact_phone = "13800000001";
  free_mobile.fee_fen = 0;
  EXPECT_TRUE(ValidateItem(free_mobile, 2027, kToday).ok());
}

TEST(AnnualPlan, ItemRulesRefuseWithTheirCodes) {
  auto refused = [](PlanItem i, const char* code, const char* field) {
    Status st = ValidateItem(i, 2027, kToday);
    EXPECT_EQ(st.code(), code) << st.ToString();
    EXPECT_EQ(st.field(), field) << st.ToString();
  };
  PlanItem i = GoodItem();
  i.months = {};
  refused(i, "plan.months_invalid", "months");
  i = GoodItem();
  i.months = {0, 3};
  refused(i, "plan.months_invalid", "months");
  i = GoodItem();
  i.months = {3, 13};
  refused(i, "plan.months_invalid", "months");
  i = GoodItem();
  i.exam_date = *Date::FromYmd(2028, 3, 20);
  refused(i, "plan.exam_date_outside_year", "exam_date");
  i = GoodItem();
  i.exam_date = *Date::FromYmd(2027, 4, 1);  // months are 3, 6, 9
  refused(i, "plan.exam_date_not_in_months", "exam_date");
  i = GoodItem();
  i.expected_count = 0;
  refused(i, "plan.expected_count_invalid", "expected_count");
  i.expected_count = -5;
  refused(i, "plan.expected_count_invalid", "expected_count");
  i = GoodItem();
  i.venue = "　 ";
  refused(i, "plan.venue_required", "venue");
  i = GoodItem();
  i.contact_name = "";
  refused(i, "plan.contact_required", "contact_name");
  i = GoodItem();
  for (const char* phone :
       {"12345", "0532 8698", "电话0532-86981234", "-05328698123", "abcdefgh",
        "0532-8698-1234-5678-99"}) {
    i.contact_phone = phone;
    refused(i, "plan.phone_invalid", "contact_phone");
  }
  i = GoodItem();
  i.fee_fen = -1;
  refused(i, "plan.fee_invalid", "fee_fen");
  i.fee_fen = kMaxFeeFen + 1;
  refused(i, "plan.fee_invalid", "fee_fen");
}

TEST(AnnualPlan, ExamDateMustLieAfterToday) {
  PlanItem i = GoodItem();
  i.months = {11};
  i.exam_date = kToday;
  EXPECT_EQ(ValidateItem(i, 2026, kToday).code(), "plan.exam_date_past");
  i.exam_date = kToday.AddDays(1);
  EXPECT_TRUE(ValidateItem(i, 2026, kToday).ok());
}

TEST(AnnualPlan, YearIsThisOrOneOfTheNextTwo) {
  EXPECT_EQ(ValidatePlanYear(2025, kToday).code(), "plan.year_invalid");
  EXPECT_TRUE(ValidatePlanYear(2026, kToday).ok());
  EXPECT_TRUE(ValidatePlanYear(2028, kToday).ok());
  EXPECT_EQ(ValidatePlanYear(2029, kToday).code(), "plan.year_invalid");
}

TEST(AnnualPlan, ProjectOutsideScopeIsRefused) {
  const std::vector<std::string> scope = {"ZX01001", "ZX04001"};
  EXPECT_TRUE(CheckProjectInScope("ZX04001", "直播销售", scope).ok());
  Status st = CheckProjectInScope("ZX01004", "崂山茶艺", scope);
  EXPECT_EQ(st.code(), "plan.project_out_of_scope");
  EXPECT_EQ(st.field(), "project_code");
  EXPECT_NE(st.message().find("崂山茶艺"), std::string::npos);
  EXPECT_EQ(CheckProjectInScope("ZX01001", "x", {}).code(),
            "plan.project_out_of_scope");
}

TEST(AnnualPlan, StateMachine) {
  using S = PlanState;
  EXPECT_TRUE(CheckCanEditItems(S::kDraft).ok());
  EXPECT_TRUE(CheckCanEditItems(S::kReturned).ok());
  for (S s : {S::kSubmitted, S::kApproved, S::kPublished}) {
    EXPECT_EQ(CheckCanEditItems(s).code(), "plan.wrong_state");
    EXPECT_EQ(CheckCanSubmit(s, 1).code(), "plan.wrong_state");
  }
  EXPECT_EQ(CheckCanSubmit(S::kDraft, 0).code(), "plan.no_items");
  EXPECT_EQ(CheckCanSubmit(S::kReturned, 0).code(), "plan.no_items");
  EXPECT_TRUE(CheckCanSubmit(S::kReturned, 2).ok());

  EXPECT_TRUE(CheckCanReturn(S::kSubmitted, "请补充考核地点").ok());
  EXPECT_EQ(CheckCanReturn(S::kSubmitted, "").code(), "plan.reason_required");
  EXPECT_EQ(CheckCanReturn(S::kSubmitted, " \t　").code(),
            "plan.reason_required");
  EXPECT_EQ(CheckCanReturn(S::kDraft, "原因").code(), "plan.wrong_state");
  EXPECT_EQ(CheckCanReturn(S::kApproved, "原因").code(), "plan.wrong_state");

  EXPECT_TRUE(CheckCanApprove(S::kSubmitted).ok());
  for (S s : {S::kDraft, S::kReturned, S::kApproved, S::kPublished}) {
    EXPECT_EQ(CheckCanApprove(s).code(), "plan.wrong_state");
  }
  EXPECT_EQ(CheckCanPublish(2027, 0).code(), "plan.nothing_to_publish");
  EXPECT_TRUE(CheckCanPublish(2027, 1).ok());
}

TEST(AnnualPlan, AnnouncementTitle) {
  EXPECT_EQ(AnnouncementTitle(2027), "青岛市2027年度专项职业能力考核计划公告");
}

}  // namespace
}  // namespace zxkh::domain
