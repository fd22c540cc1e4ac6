#include "domain/scoring.hpp"

#include <gtest/gtest.h>

namespace zxkh::domain {
namespace {

TEST(ScoringTest, OnlyTheSessionsExaminersScorePresentCandidates) {
  ScoringContext ok{true, true, false};
  EXPECT_TRUE(CheckCanScore(ok).ok());
  ScoringContext stranger = ok;
  stranger.caller_is_session_examiner = false;
  EXPECT_EQ(CheckCanScore(stranger).code(), "scoring.not_examiner");
  ScoringContext absentee = ok;
  absentee.candidate_present = false;
  EXPECT_EQ(CheckCanScore(absentee).code(), "scoring.absent");
  ScoringContext locked = ok;
  locked.sheet_locked = true;
  EXPECT_EQ(CheckCanScore(locked).code(), "scoring.locked");
}

TEST(ScoringTest, NoItemAboveItsMaximum) {
  std::vector<ItemScore> items = {{300, 300}, {400, 355}, {300, 0}};
  EXPECT_TRUE(ValidateItemScores(items, 3).ok());
  EXPECT_EQ(TotalTenths(items), 655);
  items[1].points_tenths = 401;
  Status s = ValidateItemScores(items, 3);
  EXPECT_EQ(s.code(), "scoring.above_max");
  EXPECT_NE(s.message().find("第 2 项"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("40.1"), std::string::npos) << s.message();
  items[1].points_tenths = -1;
  EXPECT_EQ(ValidateItemScores(items, 3).code(), "scoring.negative");
  items[1].points_tenths = 10;
  EXPECT_EQ(ValidateItemScores(items, 4).code(), "scoring.item_count");
}

TEST(ScoringTest, FinalScoreIsTheMeanToOneDecimalHalfUp) {
  EXPECT_EQ(FinalScoreTenths({800, 900, 850}), 850);
  // (60.0 + 59.0 + 60.0) / 3 = 59.666… → 59.7: fails.
  EXPECT_EQ(FinalScoreTenths({600, 590, 600}), 597);
  EXPECT_FALSE(Passes(597));
  // (60.0 + 60.0 + 59.9) / 3 = 59.966… → 60.0: passes.
  EXPECT_EQ(FinalScoreTenths({600, 600, 599}), 600);
  EXPECT_TRUE(Passes(600));
  EXPECT_FALSE(Passes(599));
  // Exactly half a tenth rounds up: (0.1 + 0.0) / 2 = 0.05 → 0.1.
  EXPECT_EQ(FinalScoreTenths({1, 0}), 1);
  EXPECT_EQ(FormatTenths(597), "59.7");
  EXPECT_EQ(FormatTenths(1000), "100.0");
  EXPECT_EQ(FormatTenths(5), "0.5");
}

TEST(ScoringTest, SignOffByTheLeaderWhenComplete) {
  EXPECT_TRUE(CheckCanSignOff(true, false, 0).ok());
  EXPECT_EQ(CheckCanSignOff(false, false, 0).code(),
            "scoring.not_group_leader");
  EXPECT_EQ(CheckCanSignOff(true, false, 2).code(), "scoring.incomplete");
  EXPECT_EQ(CheckCanSignOff(true, true, 0).code(), "scoring.locked");
}

TEST(ScoringTest, CorrectingALockedScoreNeedsAReasonAndTheLeader) {
  EXPECT_EQ(CheckCanCorrect(true, true, "").code(), "scoring.reason_required");
  EXPECT_EQ(CheckCanCorrect(true, true, "   ").code(),
            "scoring.reason_required");
  EXPECT_EQ(CheckCanCorrect(true, false, "录入错误").code(),
            "scoring.not_group_leader");
  EXPECT_EQ(CheckCanCorrect(false, true, "录入错误").code(),
            "scoring.not_locked");
  EXPECT_TRUE(
      CheckCanCorrect(true, true, "第 3 项录入错误，按评分表更正").ok());
}

}  // namespace
}  // namespace zxkh::domain
