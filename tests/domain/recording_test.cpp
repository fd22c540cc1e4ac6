#include "domain/recording.hpp"

#include <gtest/gtest.h>

namespace zxkh::domain {
namespace {

constexpr int64_t kMin = 60'000;
// A session 09:00–11:00 as minutes from an arbitrary origin.
const TimeSpan kSession{540 * kMin, 660 * kMin};

TimeSpan Minutes(int64_t from, int64_t to) { return {from * kMin, to * kMin}; }

TEST(RecordingCoverageTest, FullCoverageHasNoGap) {
  EXPECT_TRUE(CoverageGaps(kSession, {Minutes(535, 665)}).empty());
  // Two cameras overlapping, in any order, and touching segments.
  EXPECT_TRUE(
      CoverageGaps(kSession, {Minutes(600, 660), Minutes(540, 610)}).empty());
  EXPECT_TRUE(
      CoverageGaps(kSession, {Minutes(540, 600), Minutes(600, 660)}).empty());
}

TEST(RecordingCoverageTest, AOneMinuteGapIsFound) {
  std::vector<TimeSpan> gaps =
      CoverageGaps(kSession, {Minutes(540, 600), Minutes(601, 660)});
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0], Minutes(600, 601));
}

TEST(RecordingCoverageTest, MissingStartEndAndNothingRecorded) {
  std::vector<TimeSpan> gaps =
      CoverageGaps(kSession, {Minutes(545, 600), Minutes(590, 655)});
  ASSERT_EQ(gaps.size(), 2u);
  EXPECT_EQ(gaps[0], Minutes(540, 545));
  EXPECT_EQ(gaps[1], Minutes(655, 660));
  gaps = CoverageGaps(kSession, {});
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0], kSession);
  // Recordings outside the session or empty ones cover nothing.
  gaps = CoverageGaps(
      kSession, {Minutes(400, 500), Minutes(600, 600), Minutes(700, 800)});
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0], kSession);
}

TEST(RecordingCoverageTest, OneMillisecondShortIsAGap) {
  TimeSpan short_by_one{kSession.start_ms, kSession.end_ms - 1};
  std::vector<TimeSpan> gaps = CoverageGaps(kSession, {short_by_one});
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].end_ms - gaps[0].start_ms, 1);
}

}  // namespace
}  // namespace zxkh::domain
