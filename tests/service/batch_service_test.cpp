// Batch plans (R-EXA-7, 7a, 8) through the service, on SQLite and
// PostgreSQL: every rule is tried and refused with its code and a Chinese
// message; the flow draft → submitted → district approved → approved runs
// end to end with papers assigned, and a change after approval comes back
// for review with its differences.
#include "service/batch_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "service/calendar_service.hpp"
#include "service/seed.hpp"
#include "service/staff_service.hpp"
#include "store/migrate.hpp"
#include "support/recruitment_fixture.hpp"
#include "support/test_db.hpp"

namespace zxkh::service {
namespace {

using domain::BatchState;
using domain::Caller;

bool HasChinese(const std::string& s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return true;
  }
  return false;
}

#define EXPECT_REFUSED(expr, expected_code)                   \
  do {                                                        \
    const Status st_ = (expr).status();                       \
    EXPECT_EQ(st_.code(), expected_code) << st_.ToString();   \
    EXPECT_TRUE(HasChinese(st_.message())) << st_.ToString(); \
  } while (0)

constexpr char kInst[] = "inst-Z370211P001";
constexpr char kDistrict[] = "district-370211";

class BatchServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.SetDate(*Date::FromYmd(2026, 11, 27), 9);
    ASSERT_TRUE(store::Migrate(tdb_.db()).ok());
    ASSERT_TRUE(SeedProductData(tdb_.db(), clock_).ok());
    auto demo = SeedDemoData(tdb_.db(), clock_, pii_, files_);
    ASSERT_TRUE(demo.ok()) << demo.status().ToString();
    fx_ = std::make_unique<test::RecruitmentFixture>(tdb_.db(), clock_,
                                                     dir_.path() + "/files");
    calendar_ = std::make_unique<CalendarService>(tdb_.db(), clock_);
    staff_ = std::make_unique<StaffService>(tdb_.db(), clock_, pii_);
    batches_ =
        std::make_unique<BatchService>(tdb_.db(), clock_, *calendar_, *staff_);
  }

  BatchService& batches() { return *batches_; }
  Caller C(const std::string& user) { return fx_->CallerOf(user); }

  int64_t Count(const std::string& sql,
                std::initializer_list<store::Value> p = {}) {
    auto r = tdb_.db().InTransaction(
        store::Database::Mode::kRead,
        [&](store::Connection& c) { return c.One(sql, p); });
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->Int(0) : -1;
  }

  int64_t Staff(const std::string& username) {
    return Count(
        "SELECT m.id FROM staff_members m JOIN users u ON u.id = m.user_id "
        "WHERE u.username = ?",
        {username});
  }

  BatchSessionInput Session(std::string date, std::string start,
                            std::string end, std::string room,
                            std::vector<std::string> examiners,
                            std::vector<std::string> proctors) {
    BatchSessionInput s;
    s.date = std::move(date);
    s.start = std::move(start);
    s.end = std::move(end);
    s.room = std::move(room);
    s.capacity = 30;
    bool first = true;
    for (const auto& e : examiners) {
      s.examiners.push_back({Staff(e), first});
      first = false;
    }
    for (const auto& p : proctors) s.proctors.push_back(Staff(p));
    return s;
  }

  // Two sessions on 2026-12-15 (last submission day 2026-12-01), fully
  // staffed from the demo pool.
  BatchInput Valid(const std::string& date = "2026-12-15") {
    BatchInput in;
    in.project_code = "ZX01001";
    in.title = "测试批次";
    in.venue_kind = "fixed_site";
    in.venue_address = "黄岛区长江中路216号实训楼";
    in.process = "签到、宣读规则、实操、评分";
    in.room_preparation = "操作台 30 套";
    in.rules_text = "凭证入场";
    in.expected_count = 40;
    in.sessions.push_back(Session(date, "09:00", "11:30", "实训楼301",
                                  {"examiner-01", "examiner-02", "examiner-04"},
                                  {"proctor-01", "proctor-03"}));
    in.sessions.push_back(Session(date, "14:00", "16:30", "实训楼301",
                                  {"examiner-03", "examiner-06", "examiner-02"},
                                  {"proctor-02", "proctor-04"}));
    in.supervisors.push_back(Staff("supervisor-01"));
    return in;
  }

  int64_t CreateValid(BatchInput in) {
    auto d = batches().Create(C(kInst), std::move(in));
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return d.ok() ? d->batch.id : -1;
  }

  // Submitted and approved by the district and the city.
  int64_t Approved() {
    const int64_t id = CreateValid(Valid());
    EXPECT_TRUE(batches().Submit(C(kInst), id).ok());
    EXPECT_TRUE(batches().Approve(C(kDistrict), id, "").ok());
    auto a = batches().Approve(C("city"), id, "同意");
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    return id;
  }

  FakeClock clock_;
  PiiCipher pii_ = PiiCipher::ForTesting("batch-test");
  test::TestDatabase tdb_;
  test::TempDir dir_;
  store::FileStore files_{dir_.path() + "/files"};
  std::unique_ptr<test::RecruitmentFixture> fx_;
  std::unique_ptr<CalendarService> calendar_;
  std::unique_ptr<StaffService> staff_;
  std::unique_ptr<BatchService> batches_;
};

TEST_F(BatchServiceTest, DemoBatchesAreSeeded) {
  EXPECT_EQ(Count("SELECT COUNT(*) FROM batch_plans WHERE state = 'approved'"),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM batch_plans WHERE state = 'submitted'"),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM batch_plans WHERE state = 'draft'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM batch_sessions s JOIN batch_plans b "
                  "ON b.id = s.batch_id WHERE b.state = 'approved' AND "
                  "s.paper_id IS NOT NULL"),
            2);
}

TEST_F(BatchServiceTest, TheDeadlineIsTheTenthWorkingDayBefore) {
  const int64_t id = CreateValid(Valid());
  auto got = batches().Get(C(kInst), id);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_TRUE(got->last_submission_date.has_value());
  EXPECT_EQ(*got->last_submission_date, "2026-12-01");
  // 2026-12-02 is 9 working days before 2026-12-15: too late.
  clock_.SetDate(*Date::FromYmd(2026, 12, 2), 9);
  auto late = batches().Submit(C(kInst), id);
  EXPECT_REFUSED(late, "batch.too_late");
  EXPECT_NE(late.status().message().find("2026-12-01"), std::string::npos);
  // 2026-12-01, the 10th working day before: in time.
  clock_.SetDate(*Date::FromYmd(2026, 12, 1), 17);
  auto ok = batches().Submit(C(kInst), id);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->batch.state, BatchState::kSubmitted);
}

TEST_F(BatchServiceTest, AYearTheCalendarDoesNotCoverIsRefused) {
  BatchInput in = Valid("2027-03-22");
  const int64_t id = CreateValid(in);  // ZX01001 is in the 2027 plan
  auto got = batches().Get(C(kInst), id);
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->last_submission_date.has_value());
  EXPECT_TRUE(HasChinese(got->deadline_note));
  EXPECT_REFUSED(batches().Submit(C(kInst), id), "calendar.year_not_covered");
}

TEST_F(BatchServiceTest, ASessionWithTwoExaminersIsRefused) {
  BatchInput in = Valid();
  in.sessions[0].examiners.pop_back();
  const int64_t id = CreateValid(in);
  EXPECT_REFUSED(batches().Submit(C(kInst), id), "batch.too_few_examiners");
}

TEST_F(BatchServiceTest, TwoGroupLeadersAreRefused) {
  BatchInput in = Valid();
  in.sessions[0].examiners[1].group_leader = true;
  const int64_t id = CreateValid(in);
  EXPECT_REFUSED(batches().Submit(C(kInst), id), "batch.group_leader");
}

TEST_F(BatchServiceTest, TooFewProctorsAndNoExternalSupervisorAreRefused) {
  BatchInput in = Valid();
  in.sessions[1].proctors.pop_back();
  EXPECT_REFUSED(batches().Submit(C(kInst), CreateValid(in)),
                 "batch.too_few_proctors");
  in = Valid();
  in.supervisors = {Staff("supervisor-02")};  // internal only
  EXPECT_REFUSED(batches().Submit(C(kInst), CreateValid(in)),
                 "batch.no_external_supervisor");
}

TEST_F(BatchServiceTest, AnExaminerInTwoOverlappingSessionsIsRefused) {
  BatchInput in = Valid();
  // The second session overlaps the first in another room; examiner-02 is
  // in both.
  in.sessions[1].start = "11:00";
  in.sessions[1].end = "13:00";
  in.sessions[1].room = "实训楼302";
  EXPECT_REFUSED(batches().Submit(C(kInst), CreateValid(in)),
                 "batch.staff_overlap");
}

TEST_F(BatchServiceTest, AnOverlapWithAnotherSubmittedBatchIsRefused) {
  // The demo's approved batch runs 08:30–11:30 on 2026-12-14 with
  // examiner-01; a session at 09:00 the same day overlaps.
  BatchInput in = Valid("2026-12-14");
  in.sessions.pop_back();
  in.expected_count = 20;
  EXPECT_REFUSED(batches().Submit(C(kInst), CreateValid(in)),
                 "batch.staff_overlap");
}

TEST_F(BatchServiceTest, TheSameRoomTwiceAtOnceIsRefused) {
  BatchInput in = Valid();
  in.sessions[1].start = "10:00";
  EXPECT_REFUSED(batches().Submit(C(kInst), CreateValid(in)),
                 "batch.room_overlap");
}

TEST_F(BatchServiceTest, AnExaminerEmployedByTheInstitutionIsRefused) {
  BatchInput in = Valid();
  in.sessions[0].examiners[2].staff_id = Staff("examiner-05");  // 回避
  EXPECT_REFUSED(batches().Create(C(kInst), in), "batch.staff_not_eligible");
  // A proctor is not an examiner either.
  in = Valid();
  in.sessions[0].examiners[2].staff_id = Staff("proctor-02");
  EXPECT_REFUSED(batches().Create(C(kInst), in), "batch.staff_not_eligible");
}

TEST_F(BatchServiceTest, AProductionSiteNeedsASafetyStatement) {
  BatchInput in = Valid();
  in.venue_kind = "production_site";
  const int64_t id = CreateValid(in);
  EXPECT_REFUSED(batches().Submit(C(kInst), id),
                 "batch.safety_statement_required");
  in.safety_statement = "生产现场已设隔离区，配备安全员";
  ASSERT_TRUE(batches().Update(C(kInst), id, in).ok());
  EXPECT_TRUE(batches().Submit(C(kInst), id).ok());
}

TEST_F(BatchServiceTest, AProjectNotInThePublishedPlanIsRefused) {
  // ZX04001 is in the approved scope but not in the published 2026 plan.
  BatchInput in = Valid();
  in.project_code = "ZX04001";
  in.sessions[0].examiners = {};
  in.sessions[1].examiners = {};
  auto out = batches().Create(C(kInst), in);
  EXPECT_REFUSED(out, "batch.project_not_planned");
  EXPECT_EQ(out.status().field(), "project_code");
  // ZX01004 is not in the scope at all.
  in.project_code = "ZX01004";
  EXPECT_REFUSED(batches().Create(C(kInst), in), "batch.project_out_of_scope");
}

TEST_F(BatchServiceTest, ScopeOutsideIsNotFound) {
  const int64_t id = CreateValid(Valid());
  // A draft is the institution's alone.
  EXPECT_REFUSED(batches().Get(C(kDistrict), id), "batch.not_found");
  EXPECT_REFUSED(batches().Get(C("city"), id), "batch.not_found");
  EXPECT_REFUSED(batches().Get(C("inst-Z370212Q001"), id), "batch.not_found");
  ASSERT_TRUE(batches().Submit(C(kInst), id).ok());
  EXPECT_TRUE(batches().Get(C(kDistrict), id).ok());
  EXPECT_TRUE(batches().Get(C("province"), id).ok());
  // Another district acting on it: not found, and nothing changes.
  EXPECT_REFUSED(batches().Approve(C("district-370212"), id, ""),
                 "batch.not_found");
  EXPECT_REFUSED(batches().Return(C("district-370212"), id, "不行"),
                 "batch.not_found");
  EXPECT_REFUSED(batches().Get(C("district-370212"), id), "batch.not_found");
  EXPECT_REFUSED(batches().Update(C("inst-Z370212Q001"), id, Valid()),
                 "batch.not_found");
  auto list = batches().List(C("district-370212"), "");
  ASSERT_TRUE(list.ok());
  for (const auto& b : *list) EXPECT_NE(b.id, id);
  EXPECT_EQ(batches().Get(C(kInst), id)->batch.state, BatchState::kSubmitted);
}

TEST_F(BatchServiceTest, ReviewOrderAndReasons) {
  const int64_t id = CreateValid(Valid());
  ASSERT_TRUE(batches().Submit(C(kInst), id).ok());
  // The city cannot approve before the district.
  EXPECT_REFUSED(batches().Approve(C("city"), id, ""), "batch.wrong_state");
  // A return needs a reason.
  EXPECT_REFUSED(batches().Return(C(kDistrict), id, "  "),
                 "batch.reason_required");
  auto ret = batches().Return(C(kDistrict), id, "监考人员名单需补充联系方式");
  ASSERT_TRUE(ret.ok()) << ret.status().ToString();
  EXPECT_EQ(ret->batch.state, BatchState::kReturned);
  EXPECT_EQ(ret->batch.return_reason, "监考人员名单需补充联系方式");
  // Resubmitted, approved by the district; the city returns with a reason.
  ASSERT_TRUE(batches().Submit(C(kInst), id).ok());
  EXPECT_REFUSED(batches().Approve(C(kInst), id, ""), "auth.forbidden");
  ASSERT_TRUE(batches().Approve(C(kDistrict), id, "").ok());
  EXPECT_REFUSED(batches().Approve(C(kDistrict), id, ""), "batch.wrong_state");
  EXPECT_REFUSED(batches().Return(C("city"), id, ""), "batch.reason_required");
  ASSERT_TRUE(batches().Return(C("city"), id, "考核流程需细化").ok());
  auto events = batches().Get(C(kInst), id)->events;
  std::vector<std::string> actions;
  for (const auto& e : events) actions.push_back(e.action);
  EXPECT_EQ(actions, (std::vector<std::string>{
                         "create", "submit", "district_return", "resubmit",
                         "district_approve", "city_return"}));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE target_type = 'batch' "
                  "AND target_id = ?",
                  {std::to_string(id)}),
            6);
}

TEST_F(BatchServiceTest, CityApprovalAssignsPapers) {
  const int64_t id = Approved();
  auto got = batches().Get(C(kInst), id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->batch.state, BatchState::kApproved);
  ASSERT_EQ(got->sessions.size(), 2u);
  for (const auto& s : got->sessions) {
    ASSERT_TRUE(s.paper_id.has_value());
    EXPECT_EQ(Count("SELECT COUNT(*) FROM paper_assignments WHERE id = ? AND "
                    "session_ref = ?",
                    {*s.paper_id, "session-" + std::to_string(s.id)}),
              1);
  }
  // Rotation: two consecutive sessions get different sets.
  EXPECT_NE(Count("SELECT set_id FROM paper_assignments WHERE id = ?",
                  {*got->sessions[0].paper_id}),
            Count("SELECT set_id FROM paper_assignments WHERE id = ?",
                  {*got->sessions[1].paper_id}));
  EXPECT_TRUE(got->changes.empty());
  EXPECT_EQ(got->approved_revision, 1);
}

TEST_F(BatchServiceTest, AChangeAfterApprovalIsReviewedAgainWithItsDiff) {
  const int64_t id = Approved();
  auto got = batches().Get(C(kInst), id);
  ASSERT_TRUE(got.ok());
  BatchInput in = Valid();
  in.sessions[0].id = got->sessions[0].id;
  in.sessions[1].id = got->sessions[1].id;
  in.sessions[0].room = "实训楼305";
  in.sessions[1].examiners[2].staff_id = Staff("examiner-01");
  in.expected_count = 45;
  auto changed = batches().Update(C(kInst), id, in);
  ASSERT_TRUE(changed.ok()) << changed.status().ToString();
  EXPECT_EQ(changed->batch.state, BatchState::kSubmitted);
  EXPECT_EQ(changed->batch.revision, 2);
  // The session ids (and their papers) stay.
  EXPECT_EQ(changed->sessions[0].id, got->sessions[0].id);
  EXPECT_TRUE(changed->sessions[0].paper_id.has_value());

  auto seen = batches().Get(C(kDistrict), id);
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->approved_revision, 1);
  std::vector<std::string> fields;
  for (const auto& ch : seen->changes) fields.push_back(ch.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"预计考生人数", "第 1 场",
                                              "第 2 场 考评员"}));
  EXPECT_EQ(seen->changes[0].before, "40");
  EXPECT_EQ(seen->changes[0].after, "45");
  EXPECT_NE(seen->changes[1].after.find("实训楼305"), std::string::npos);
  EXPECT_NE(seen->changes[2].before, seen->changes[2].after);

  // A change that breaks a rule is refused and nothing changes.
  BatchInput bad = in;
  bad.sessions[0].examiners.pop_back();
  ASSERT_TRUE(batches().Approve(C(kDistrict), id, "").ok());
  ASSERT_TRUE(batches().Approve(C("city"), id, "").ok());
  EXPECT_REFUSED(batches().Update(C(kInst), id, bad),
                 "batch.too_few_examiners");
  auto after = batches().Get(C(kInst), id);
  EXPECT_EQ(after->batch.state, BatchState::kApproved);
  EXPECT_EQ(after->batch.revision, 2);
  EXPECT_TRUE(after->changes.empty());
}

void Exec(test::TestDatabase& tdb, const std::string& sql) {
  Status st = tdb.db().Transact(
      store::Database::Mode::kWrite,
      [&](store::Connection& c) { return c.Exec(sql, {}).status(); });
  ASSERT_TRUE(st.ok()) << st.ToString();
}

TEST_F(BatchServiceTest, CityApprovalNeedsAnApprovedBank) {
  Exec(tdb_,
       "UPDATE question_banks SET approved_version_id = NULL WHERE "
       "project_code = 'ZX01001' AND institution_id = (SELECT id FROM "
       "institutions WHERE code = 'Z370211P001')");
  const int64_t id = CreateValid(Valid());
  ASSERT_TRUE(batches().Submit(C(kInst), id).ok());
  ASSERT_TRUE(batches().Approve(C(kDistrict), id, "").ok());
  EXPECT_REFUSED(batches().Approve(C("city"), id, ""),
                 "batch.no_approved_bank");
  auto got = batches().Get(C("city"), id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->batch.state, BatchState::kDistrictApproved);
  for (const auto& s : got->sessions) EXPECT_FALSE(s.paper_id.has_value());
}

TEST_F(BatchServiceTest, StaffNoLongerEligibleAtSubmissionIsRefused) {
  const int64_t id = CreateValid(Valid());
  // examiner-01 has since taken a job at the institution (回避).
  Exec(tdb_,
       "UPDATE staff_members SET employer_institution_id = (SELECT id FROM "
       "institutions WHERE code = 'Z370211P001') WHERE user_id = (SELECT id "
       "FROM users WHERE username = 'examiner-01')");
  EXPECT_REFUSED(batches().Submit(C(kInst), id), "batch.staff_not_eligible");
  EXPECT_EQ(batches().Get(C(kInst), id)->batch.state, BatchState::kDraft);
}

TEST_F(BatchServiceTest, SubmittedBatchesCannotBeEdited) {
  const int64_t id = CreateValid(Valid());
  ASSERT_TRUE(batches().Submit(C(kInst), id).ok());
  EXPECT_REFUSED(batches().Update(C(kInst), id, Valid()), "batch.wrong_state");
  EXPECT_REFUSED(batches().Submit(C(kInst), id), "batch.wrong_state");
}

TEST_F(BatchServiceTest, ListsFollowScope) {
  auto mine = batches().List(C(kInst), "");
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->size(), 3u);
  auto district = batches().List(C(kDistrict), "");
  ASSERT_TRUE(district.ok());
  EXPECT_EQ(district->size(), 2u);  // no draft
  auto queue = batches().List(C(kDistrict), "submitted");
  ASSERT_TRUE(queue.ok());
  EXPECT_EQ(queue->size(), 1u);
  EXPECT_TRUE(batches().List(C("district-370212"), "")->empty());
  EXPECT_TRUE(batches().List(C("inst-Z370212Q001"), "")->empty());
  EXPECT_REFUSED(batches().List(C("city"), "nonsense"), "batch.state_invalid");
}

}  // namespace
}  // namespace zxkh::service
