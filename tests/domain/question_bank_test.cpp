// R-EXA-3: rubrics of exactly 100, at least 5 sets, rotation never repeats
// the previous session's set, content sealed until the start.
#include "domain/question_bank.hpp"

#include <gtest/gtest.h>

namespace zxkh::domain {
namespace {

QuestionSet SetWithRubric(std::vector<int> points) {
  QuestionSet s;
  s.title = "胶东花饽饽制作 第一套";
  s.tasks = {
      {"花饽饽造型制作", "按图样完成一件寿桃造型", 120, "面粉、酵母、蒸笼"}};
  for (int p : points) s.rubric.push_back({"造型与色泽", p, "按标准扣分"});
  return s;
}

TEST(QuestionBank, RubricMustAddUpToExactlyOneHundred) {
  EXPECT_TRUE(ValidateSet(SetWithRubric({40, 30, 30}), 0).ok());
  Status low = ValidateSet(SetWithRubric({40, 30, 29}), 2);
  EXPECT_EQ(low.code(), "bank.rubric_total");
  EXPECT_NE(low.message().find("99"), std::string::npos);
  EXPECT_EQ(low.field(), "sets[2].rubric");
  Status high = ValidateSet(SetWithRubric({40, 30, 31}), 0);
  EXPECT_EQ(high.code(), "bank.rubric_total");
  EXPECT_NE(high.message().find("101"), std::string::npos);
  EXPECT_EQ(ValidateSet(SetWithRubric({100, 0}), 0).code(),
            "bank.rubric_item_invalid");
  QuestionSet no_task = SetWithRubric({100});
  no_task.tasks.clear();
  EXPECT_EQ(ValidateSet(no_task, 0).code(), "bank.no_task");
}

TEST(QuestionBank, SubmissionNeedsFiveValidSets) {
  std::vector<QuestionSet> four(4, SetWithRubric({50, 50}));
  Status st = CheckCanSubmitBank(four);
  EXPECT_EQ(st.code(), "bank.too_few_sets");
  EXPECT_NE(st.message().find("4"), std::string::npos);
  std::vector<QuestionSet> five(5, SetWithRubric({50, 50}));
  EXPECT_TRUE(CheckCanSubmitBank(five).ok());
  five[3] = SetWithRubric({50, 49});
  EXPECT_EQ(CheckCanSubmitBank(five).code(), "bank.rubric_total");
}

TEST(Rotation, NeverTheSameSetTwiceInARow) {
  const std::vector<int64_t> sets = {11, 12, 13, 14, 15};
  std::optional<int64_t> previous;
  for (int session = 0; session < 12; ++session) {
    auto next = NextSetInRotation(sets, previous);
    ASSERT_TRUE(next.ok());
    if (previous) {
      EXPECT_NE(*next, *previous);
    }
    EXPECT_EQ(*next, sets[session % 5]);  // a full cycle before any repeat
    previous = *next;
  }
  EXPECT_EQ(*NextSetInRotation(sets, 99), 11);  // previous set withdrawn
  EXPECT_EQ(*NextSetInRotation({11, 12}, 11), 12);
  EXPECT_EQ(*NextSetInRotation({11, 12}, 12), 11);
  EXPECT_EQ(NextSetInRotation({11}, 11).status().code(),
            "bank.not_enough_sets");
  EXPECT_EQ(NextSetInRotation({}, std::nullopt).status().code(),
            "bank.no_approved_sets");
}

TEST(Sealing, ContentIsSealedUntilTheStart) {
  const int64_t start = 1'800'000'000'000;
  Status early = CheckUnsealed(start - 1000, start);  // one second before
  EXPECT_EQ(early.code(), "bank.sealed");
  EXPECT_TRUE(CheckUnsealed(start, start).ok());
  EXPECT_TRUE(CheckUnsealed(start + 1, start).ok());
}

TEST(BankVersion, StateMachine) {
  using V = VersionState;
  for (V v :
       {V::kDraft, V::kSubmitted, V::kReturned, V::kApproved, V::kSuperseded}) {
    EXPECT_EQ(ParseVersionState(VersionStateName(v)), v);
  }
  EXPECT_FALSE(ParseVersionState("open").has_value());
  EXPECT_TRUE(CheckCanEditVersion(V::kDraft).ok());
  EXPECT_TRUE(CheckCanEditVersion(V::kReturned).ok());
  EXPECT_EQ(CheckCanEditVersion(V::kSubmitted).code(),
            "bank.version_not_editable");
  EXPECT_EQ(CheckCanEditVersion(V::kApproved).code(),
            "bank.version_not_editable");
  std::vector<QuestionSet> five(5, SetWithRubric({60, 40}));
  EXPECT_TRUE(CheckCanSubmitVersion(V::kReturned, five).ok());
  EXPECT_EQ(CheckCanSubmitVersion(V::kSubmitted, five).code(),
            "bank.wrong_state");
  EXPECT_EQ(
      CheckCanSubmitVersion(V::kDraft, {five.begin(), five.end() - 1}).code(),
      "bank.too_few_sets");
  EXPECT_TRUE(CheckCanDecide(V::kSubmitted).ok());
  EXPECT_EQ(CheckCanDecide(V::kDraft).code(), "bank.wrong_state");
  EXPECT_EQ(CheckCanDecide(V::kApproved).code(), "bank.wrong_state");
  EXPECT_EQ(CheckReturnReason("  ").code(), "bank.reason_required");
  EXPECT_TRUE(CheckReturnReason("第 2 套评分标准不具体").ok());
  EXPECT_EQ(CheckCanOpenVersion(true, true).code(), "bank.version_open");
  EXPECT_EQ(CheckCanOpenVersion(false, false).code(),
            "bank.no_approved_version");
  EXPECT_TRUE(CheckCanOpenVersion(true, false).ok());
  EXPECT_EQ(CheckSetEditable(true).code(), "bank.set_sealed");
  EXPECT_TRUE(IsOpenVersion(V::kReturned));
  EXPECT_FALSE(IsOpenVersion(V::kSuperseded));
}

}  // namespace
}  // namespace zxkh::domain
