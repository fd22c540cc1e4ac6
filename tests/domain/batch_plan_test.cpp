#include "domain/batch_plan.hpp"

#include <gtest/gtest.h>

#include "common/clock.hpp"
#include "support/official_calendar.hpp"

namespace zxkh::domain {
namespace {

using test::OfficialCalendar;

Date D(const char* iso) { return *Date::Parse(iso); }

constexpr int64_t kMinute = 60'000;
int64_t At(const char* date, int hour, int minute = 0) {
  return Clock::UnixMillisAt(D(date), hour) + minute * kMinute;
}

TEST(BatchDeadlineTest, TenWorkingDaysBeforeTheExamAcceptedNineRefused) {
  const WorkdayCalendar cal = OfficialCalendar();
  // Exam on Monday 2026-12-14: the 10th working day before it is Monday
  // 2026-11-30 (Dec 1–4, 7–11 and Nov 30).
  const Date exam = D("2026-12-14");
  Result<Date> last = LastSubmissionDate(cal, exam);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->ToString(), "2026-11-30");
  EXPECT_TRUE(CheckSubmissionInTime(cal, D("2026-11-30"), exam).ok());
  EXPECT_TRUE(CheckSubmissionInTime(cal, D("2026-11-27"), exam).ok());
  Status late = CheckSubmissionInTime(cal, D("2026-12-01"), exam);
  EXPECT_EQ(late.code(), "batch.too_late");
  EXPECT_NE(late.message().find("2026-11-30"), std::string::npos)
      << late.message();
}

TEST(BatchDeadlineTest, HolidaysDoNotCount) {
  const WorkdayCalendar cal = OfficialCalendar();
  // Exam on Thursday 2026-10-15: the National Day holiday (Oct 1–7 off,
  // with make-up working days) lies within the 10 days before it.
  Result<Date> last = LastSubmissionDate(cal, D("2026-10-15"));
  ASSERT_TRUE(last.ok());
  Result<int> between = cal.CountWorkingDays(*last, D("2026-10-14"));
  ASSERT_TRUE(between.ok());
  EXPECT_EQ(*between, 10);
  // An uncovered year is an error, not a guess.
  EXPECT_EQ(LastSubmissionDate(cal, D("2031-03-01")).status().code(),
            "calendar.year_not_covered");
}

TEST(BatchStateTest, TransitionsAndNames) {
  using S = BatchState;
  for (S s : {S::kDraft, S::kSubmitted, S::kReturned, S::kDistrictApproved,
              S::kApproved}) {
    EXPECT_EQ(ParseBatchState(BatchStateName(s)), s);
  }
  EXPECT_FALSE(ParseBatchState("running").has_value());
  EXPECT_TRUE(CheckCanSubmit(S::kDraft).ok());
  EXPECT_TRUE(CheckCanSubmit(S::kReturned).ok());
  EXPECT_TRUE(CheckCanSubmit(S::kApproved).ok());  // a change: again
  EXPECT_EQ(CheckCanSubmit(S::kSubmitted).code(), "batch.wrong_state");
  EXPECT_EQ(CheckCanEdit(S::kDistrictApproved).code(), "batch.wrong_state");
  EXPECT_TRUE(CheckCanDistrictDecide(S::kSubmitted).ok());
  EXPECT_EQ(CheckCanDistrictDecide(S::kDistrictApproved).code(),
            "batch.wrong_state");
  EXPECT_TRUE(CheckCanCityDecide(S::kDistrictApproved).ok());
  // The city cannot skip the district.
  EXPECT_EQ(CheckCanCityDecide(S::kSubmitted).code(), "batch.wrong_state");
  EXPECT_EQ(CheckBatchReturnReason(" ").code(), "batch.reason_required");
  EXPECT_TRUE(CheckBatchReturnReason("考场容量不足").ok());
}

TEST(BatchVenueTest, ProductionSiteNeedsASafetyStatement) {
  EXPECT_TRUE(CheckVenue(VenueKind::kFixedSite, "").ok());
  EXPECT_EQ(CheckVenue(VenueKind::kProductionSite, "  ").code(),
            "batch.safety_statement_required");
  EXPECT_TRUE(
      CheckVenue(VenueKind::kProductionSite, "车间已配备灭火器与急救箱").ok());
}

TEST(BatchSessionsTest, RefusesBadTimesCapacityAndRoomOverlap) {
  ExamSession a{1, At("2026-12-14", 9), At("2026-12-14", 11), "A101", 30, 20};
  ExamSession b{2, At("2026-12-14", 13), At("2026-12-14", 15), "A101", 30, 30};
  EXPECT_TRUE(CheckSessions({a, b}).ok());
  ExamSession inverted = a;
  inverted.end_ms = inverted.start_ms;
  EXPECT_EQ(CheckSessions({inverted}).code(), "batch.session_time");
  ExamSession overnight = a;
  overnight.end_ms = At("2026-12-15", 1);
  EXPECT_EQ(CheckSessions({overnight}).code(), "batch.session_time");
  ExamSession full = b;
  full.candidates = 31;
  EXPECT_EQ(CheckSessions({full}).code(), "batch.session_capacity");
  ExamSession clash = b;
  clash.start_ms = At("2026-12-14", 10, 30);
  EXPECT_EQ(CheckSessions({a, clash}).code(), "batch.room_overlap");
  clash.room = "A102";
  EXPECT_TRUE(CheckSessions({a, clash}).ok());
}

// A fully staffed batch of institution 7 with two sessions at once in two
// rooms: examiners 101–103 / 104–106, proctors 201–202 / 203–204, an
// external supervisor 301.
class StaffingTest : public ::testing::Test {
 protected:
  static constexpr int64_t kInstitution = 7;
  std::vector<ExamSession> sessions = {
      {1, At("2026-12-14", 9), At("2026-12-14", 11), "A101", 30, 0},
      {2, At("2026-12-14", 9), At("2026-12-14", 11), "A102", 30, 0},
  };
  std::vector<StaffAssignment> staff;

  void SetUp() override {
    for (int64_t s : {1, 2}) {
      for (int i = 0; i < 3; ++i) {
        StaffAssignment e;
        e.person_id = 100 + (s - 1) * 3 + i + 1;
        e.name = "考评员" + std::to_string(e.person_id);
        e.session_id = s;
        e.group_leader = i == 0;
        e.employer_institution_id = 99;
        staff.push_back(e);
      }
      for (int i = 0; i < 2; ++i) {
        StaffAssignment p;
        p.person_id = 200 + (s - 1) * 2 + i + 1;
        p.name = "监考" + std::to_string(p.person_id);
        p.role = StaffRole::kProctor;
        p.session_id = s;
        p.employer_institution_id = kInstitution;  // proctors may be staff
        staff.push_back(p);
      }
    }
    StaffAssignment sup;
    sup.person_id = 301;
    sup.name = "督导301";
    sup.role = StaffRole::kSupervisor;
    sup.external = true;
    staff.push_back(sup);
  }

  Status Check(const std::vector<Commitment>& elsewhere = {}) {
    return CheckStaffing(kInstitution, sessions, staff, elsewhere);
  }
  StaffAssignment& Person(int64_t id) {
    for (StaffAssignment& a : staff)
      if (a.person_id == id) return a;
    throw std::logic_error("no such person");
  }
  void Remove(int64_t id) {
    std::erase_if(staff,
                  [id](const StaffAssignment& a) { return a.person_id == id; });
  }
};

TEST_F(StaffingTest, AFullyStaffedBatchPasses) { EXPECT_TRUE(Check().ok()); }

TEST_F(StaffingTest, RefusesASessionWithTwoExaminers) {
  Remove(103);
  Status s = Check();
  EXPECT_EQ(s.code(), "batch.too_few_examiners");
  EXPECT_NE(s.message().find("A101"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("现有 2 名"), std::string::npos) << s.message();
}

TEST_F(StaffingTest, RefusesNoOrTwoGroupLeaders) {
  Person(101).group_leader = false;
  EXPECT_EQ(Check().code(), "batch.group_leader");
  Person(101).group_leader = true;
  Person(102).group_leader = true;
  EXPECT_EQ(Check().code(), "batch.group_leader");
}

TEST_F(StaffingTest, RefusesOneProctorInARoom) {
  Remove(204);
  EXPECT_EQ(Check().code(), "batch.too_few_proctors");
}

TEST_F(StaffingTest, RefusesABatchWithoutAnExternalSupervisor) {
  Person(301).external = false;  // an internal supervisor does not count
  EXPECT_EQ(Check().code(), "batch.no_external_supervisor");
}

TEST_F(StaffingTest, RefusesTwoRolesInOneSession) {
  StaffAssignment twice = Person(201);
  twice.role = StaffRole::kExaminer;
  twice.employer_institution_id = 99;
  staff.push_back(twice);
  EXPECT_EQ(Check().code(), "batch.double_role");
  // The supervisor examining too.
  staff.pop_back();
  StaffAssignment sup_examines = Person(301);
  sup_examines.role = StaffRole::kExaminer;
  sup_examines.session_id = 1;
  staff.push_back(sup_examines);
  EXPECT_EQ(Check().code(), "batch.double_role");
}

TEST_F(StaffingTest, RefusesAnExaminerInTwoOverlappingSessions) {
  // Examiner 104 of session 2 also examines session 1, at the same time.
  StaffAssignment also = Person(104);
  also.session_id = 1;
  also.group_leader = false;
  staff.push_back(also);
  Status s = Check();
  EXPECT_EQ(s.code(), "batch.staff_overlap");
  // Sessions one after the other are fine.
  sessions[1].start_ms = At("2026-12-14", 13);
  sessions[1].end_ms = At("2026-12-14", 15);
  EXPECT_TRUE(Check().ok());
}

TEST_F(StaffingTest, RefusesAnOverlapWithAnotherBatch) {
  Commitment other{105, At("2026-12-14", 10), At("2026-12-14", 12),
                   "批次 12 第 1 场"};
  Status s = Check({other});
  EXPECT_EQ(s.code(), "batch.staff_overlap");
  EXPECT_NE(s.message().find("批次 12"), std::string::npos) << s.message();
  other.start_ms = At("2026-12-14", 11);  // starts when ours ends
  EXPECT_TRUE(Check({other}).ok());
}

TEST_F(StaffingTest, RefusesAnExaminerEmployedByTheInstitution) {
  Person(102).employer_institution_id = kInstitution;
  EXPECT_EQ(Check().code(), "batch.examiner_conflict");
}

TEST_F(StaffingTest, RulesAreConfigurable) {
  Remove(103);
  Remove(106);
  StaffingRules two;
  two.min_examiners_per_session = 2;
  EXPECT_TRUE(CheckStaffing(kInstitution, sessions, staff, {}, two).ok());
}

}  // namespace
}  // namespace zxkh::domain
