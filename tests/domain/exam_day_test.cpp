// Exam-day rules (R-EXA-9): the sign-in window's edges, closing only after
// the end, which batch states allow assignment, incident kinds, recording
// input, and automatic assignment in time order up to capacity.
#include "domain/exam_day.hpp"

#include <gtest/gtest.h>

namespace zxkh::domain {
namespace {

constexpr int64_t kStart = 1'000'000'000;
constexpr int64_t kEnd = kStart + 150 * 60 * 1000;

TEST(ExamDayTest, SignInOpensAnHourBeforeAndClosesAtTheEnd) {
  EXPECT_EQ(
      CheckSignInWindow(kStart - kSignInLeadMillis - 1, kStart, kEnd, false)
          .code(),
      "exam.sign_in_window");
  EXPECT_TRUE(
      CheckSignInWindow(kStart - kSignInLeadMillis, kStart, kEnd, false).ok());
  EXPECT_TRUE(CheckSignInWindow(kEnd - 1, kStart, kEnd, false).ok());
  EXPECT_EQ(CheckSignInWindow(kEnd, kStart, kEnd, false).code(),
            "exam.sign_in_window");
  EXPECT_EQ(CheckSignInWindow(kStart, kStart, kEnd, true).code(),
            "exam.session_closed");
}

TEST(ExamDayTest, ClosingOnlyAfterTheEndAndOnce) {
  EXPECT_EQ(CheckCanClose(kEnd - 1, kEnd, false).code(),
            "exam.session_not_ended");
  EXPECT_TRUE(CheckCanClose(kEnd, kEnd, false).ok());
  EXPECT_EQ(CheckCanClose(kEnd + 1, kEnd, true).code(), "exam.session_closed");
}

TEST(ExamDayTest, AssignmentWhileDraftReturnedOrApproved) {
  EXPECT_TRUE(CheckCanAssign(BatchState::kDraft).ok());
  EXPECT_TRUE(CheckCanAssign(BatchState::kReturned).ok());
  EXPECT_TRUE(CheckCanAssign(BatchState::kApproved).ok());
  EXPECT_EQ(CheckCanAssign(BatchState::kSubmitted).code(), "exam.batch_state");
  EXPECT_EQ(CheckCanAssign(BatchState::kDistrictApproved).code(),
            "exam.batch_state");
  EXPECT_EQ(CheckExamDay(BatchState::kDraft).code(), "exam.batch_not_approved");
}

TEST(ExamDayTest, IncidentKindsByNameOrTitle) {
  EXPECT_EQ(ParseIncidentKind("作弊"), "cheating");
  EXPECT_EQ(ParseIncidentKind("equipment"), "equipment");
  EXPECT_EQ(ParseIncidentKind("迟到"), std::nullopt);
  EXPECT_EQ(IncidentKindTitle("safety"), "安全");
}

TEST(ExamDayTest, RecordingInput) {
  const std::string sha(64, 'A');
  EXPECT_TRUE(CheckRecording("前门", 1, 2, sha).ok());
  EXPECT_EQ(CheckRecording("", 1, 2, sha).code(), "exam.camera");
  EXPECT_EQ(CheckRecording("前门", 2, 2, sha).code(), "exam.recording_time");
  EXPECT_EQ(CheckRecording("前门", 1, 2, sha.substr(1)).code(), "exam.sha256");
  EXPECT_EQ(CheckRecording("前门", 1, 2, std::string(64, 'g')).code(),
            "exam.sha256");
}

TEST(ExamDayTest, AutoAssignFillsInOrderAndContinuesSeats) {
  std::vector<int64_t> unplaced;
  auto out =
      AutoAssign({{10, 2, 1, 5}, {20, 2, 0, 0}}, {1, 2, 3, 4}, &unplaced);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].session_id, 10);
  EXPECT_EQ(out[0].seat, "06");
  EXPECT_EQ(out[1].session_id, 20);
  EXPECT_EQ(out[1].seat, "01");
  EXPECT_EQ(out[2].seat, "02");
  EXPECT_EQ(unplaced, std::vector<int64_t>{4});
  EXPECT_EQ(SeatLabel(12), "12");
}

}  // namespace
}  // namespace zxkh::domain
