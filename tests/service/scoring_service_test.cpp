// Scoring (R-EXA-10, R-EXA-4) and results publicity and review (R-EXA-11)
// through the service, on SQLite and PostgreSQL: every rule is tried and
// refused with its code and a Chinese message, and the flow — three
// examiners score, the group leader signs off, the institution publicizes,
// the district and the city approve — ends with registrations passed or
// failed.
#include "service/scoring_service.hpp"

#include <gtest/gtest.h>

#include "service/batch_service.hpp"
#include "service/calendar_service.hpp"
#include "service/seed.hpp"
#include "service/staff_service.hpp"
#include "store/migrate.hpp"
#include "support/recruitment_fixture.hpp"
#include "support/scoring_fixture.hpp"
#include "support/test_db.hpp"

namespace zxkh::service {
namespace {

using domain::Caller;
using domain::ResultsState;

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

class ScoringServiceTest : public ::testing::Test {
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
    scoring_ = std::make_unique<ScoringService>(tdb_.db(), clock_, *calendar_);
    batch_ = Approved();
    s1_ = test::NthSession(tdb_.db(), batch_, 0);
    s2_ = test::NthSession(tdb_.db(), batch_, 1);
  }

  Caller C(const std::string& user) { return fx_->CallerOf(user); }
  ScoringService& scoring() { return *scoring_; }

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
  int64_t PersonOf(const std::string& username) {
    return Count("SELECT person_id FROM users WHERE username = ?", {username});
  }

  BatchSessionInput Session(std::vector<std::string> examiners,
                            std::vector<std::string> proctors,
                            std::string start, std::string end) {
    BatchSessionInput s;
    s.date = "2026-12-15";
    s.start = std::move(start);
    s.end = std::move(end);
    s.room = "实训楼301";
    s.capacity = 30;
    bool first = true;
    for (const auto& e : examiners) {
      s.examiners.push_back({Staff(e), first});
      first = false;
    }
    for (const auto& p : proctors) s.proctors.push_back(Staff(p));
    return s;
  }

  // Session 1: examiner-01 (group leader), -02, -04; session 2:
  // examiner-03 (group leader), -06, -02.
  int64_t Approved() {
    BatchInput in;
    in.project_code = "ZX01001";
    in.title = "评分测试批次";
    in.venue_kind = "fixed_site";
    in.venue_address = "黄岛区长江中路216号实训楼";
    in.process = "签到、实操、评分";
    in.room_preparation = "操作台 30 套";
    in.rules_text = "凭证入场";
    in.expected_count = 10;
    in.sessions.push_back(Session({"examiner-01", "examiner-02", "examiner-04"},
                                  {"proctor-01", "proctor-03"}, "09:00",
                                  "11:30"));
    in.sessions.push_back(Session({"examiner-03", "examiner-06", "examiner-02"},
                                  {"proctor-02", "proctor-04"}, "14:00",
                                  "16:30"));
    in.supervisors.push_back(Staff("supervisor-01"));
    auto d = batches_->Create(C(kInst), std::move(in));
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    const int64_t id = d->batch.id;
    EXPECT_TRUE(batches_->Submit(C(kInst), id).ok());
    EXPECT_TRUE(batches_->Approve(C(kDistrict), id, "").ok());
    auto a = batches_->Approve(C("city"), id, "同意");
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    return id;
  }

  int RubricSize(int64_t session) {
    auto sh = scoring().Sheet(C("examiner-01"), session);
    EXPECT_TRUE(sh.ok()) << sh.status().ToString();
    return sh.ok() ? static_cast<int>(sh->rubric.size()) : 0;
  }
  std::vector<int> Maxes(int64_t session) {
    auto sh = scoring().Sheet(C(kInst), session);
    std::vector<int> out;
    for (const auto& r : sh->rubric) out.push_back(r.max_tenths);
    return out;
  }
  // Item scores summing to `total` tenths (filled item by item).
  std::vector<int> Points(int64_t session, int total) {
    std::vector<int> out;
    for (int m : Maxes(session)) {
      const int v = std::min(m, total);
      out.push_back(v);
      total -= v;
    }
    EXPECT_EQ(total, 0) << "the rubric cannot hold the total";
    return out;
  }

  void ScoreAll(int64_t session, int64_t reg,
                const std::vector<std::string>& examiners,
                const std::vector<int>& totals) {
    for (std::size_t i = 0; i < examiners.size(); ++i) {
      auto r = scoring().Score(C(examiners[i]), session, reg,
                               Points(session, totals[i]));
      ASSERT_TRUE(r.ok()) << r.status().ToString();
    }
  }

  FakeClock clock_;
  PiiCipher pii_ = PiiCipher::ForTesting("scoring-test");
  test::TestDatabase tdb_;
  test::TempDir dir_;
  store::FileStore files_{dir_.path() + "/files"};
  std::unique_ptr<test::RecruitmentFixture> fx_;
  std::unique_ptr<CalendarService> calendar_;
  std::unique_ptr<StaffService> staff_;
  std::unique_ptr<BatchService> batches_;
  std::unique_ptr<ScoringService> scoring_;
  int64_t batch_ = 0;
  int64_t s1_ = 0;
  int64_t s2_ = 0;
};

const std::vector<std::string> kS1 = {"examiner-01", "examiner-02",
                                      "examiner-04"};
const std::vector<std::string> kS2 = {"examiner-03", "examiner-06",
                                      "examiner-02"};

TEST_F(ScoringServiceTest, AnExaminerSeesOnlyTheirSessions) {
  auto mine = scoring().MySessions(C("examiner-04"));
  ASSERT_TRUE(mine.ok()) << mine.status().ToString();
  bool has1 = false, has2 = false;
  for (const auto& s : *mine) {
    has1 |= s.session_id == s1_;
    has2 |= s.session_id == s2_;
  }
  EXPECT_TRUE(has1);
  EXPECT_FALSE(has2);
  // examiner-04 is staff of the batch but not of session 2.
  EXPECT_REFUSED(scoring().Sheet(C("examiner-04"), s2_),
                 "scoring.not_examiner");
  // examiner-05 has nothing to do with the batch.
  EXPECT_REFUSED(scoring().Sheet(C("examiner-05"), s1_),
                 "scoring.session_not_found");
  EXPECT_GT(RubricSize(s1_), 0);
}

TEST_F(ScoringServiceTest, AnUnassignedExaminerCannotScore) {
  const int64_t reg = test::AddSessionCandidate(tdb_.db(), s2_, 1, "present");
  const auto points = Points(s2_, 700);
  EXPECT_REFUSED(scoring().Score(C("examiner-04"), s2_, reg, points),
                 "scoring.not_examiner");
  EXPECT_REFUSED(scoring().Score(C("examiner-05"), s2_, reg, points),
                 "scoring.session_not_found");
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM score_entries WHERE session_id = ?", {s2_}),
      0);
}

TEST_F(ScoringServiceTest, AScoreAboveAnItemMaximumIsRefused) {
  const int64_t reg = test::AddSessionCandidate(tdb_.db(), s1_, 1, "present");
  auto points = Points(s1_, 0);
  points[0] = Maxes(s1_)[0] + 1;
  auto r = scoring().Score(C("examiner-01"), s1_, reg, points);
  EXPECT_REFUSED(r, "scoring.above_max");
  points.pop_back();
  points[0] = 0;
  EXPECT_REFUSED(scoring().Score(C("examiner-01"), s1_, reg, points),
                 "scoring.item_count");
}

TEST_F(ScoringServiceTest, AbsentAndPendingCandidatesAreNotScored) {
  const int64_t absent = test::AddSessionCandidate(tdb_.db(), s1_, 1, "absent");
  const int64_t pending =
      test::AddSessionCandidate(tdb_.db(), s1_, 2, "pending");
  EXPECT_REFUSED(
      scoring().Score(C("examiner-01"), s1_, absent, Points(s1_, 700)),
      "scoring.absent");
  EXPECT_REFUSED(
      scoring().Score(C("examiner-01"), s1_, pending, Points(s1_, 700)),
      "scoring.absent");
}

TEST_F(ScoringServiceTest, SignOffNeedsTheGroupLeaderAndEveryScore) {
  const int64_t a = test::AddSessionCandidate(tdb_.db(), s1_, 1, "present");
  const int64_t b = test::AddSessionCandidate(tdb_.db(), s1_, 2, "present");
  test::AddSessionCandidate(tdb_.db(), s1_, 3, "absent");
  ScoreAll(s1_, a, kS1, {800, 810, 815});
  ScoreAll(s1_, b, {"examiner-01", "examiner-02"}, {590, 600});
  EXPECT_REFUSED(scoring().SignOff(C("examiner-01"), s1_),
                 "scoring.incomplete");
  ScoreAll(s1_, b, {"examiner-04"}, {600});
  EXPECT_REFUSED(scoring().SignOff(C("examiner-02"), s1_),
                 "scoring.not_group_leader");
  // A re-entry before the lock replaces the examiner's own scores.
  ScoreAll(s1_, b, {"examiner-04"}, {610});
  auto done = scoring().SignOff(C("examiner-01"), s1_);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_TRUE(done->session.locked);
  // (800 + 810 + 815) / 3 = 808.33… → 80.8; (590 + 600 + 610) / 3 = 60.0.
  EXPECT_EQ(Count("SELECT final_tenths FROM final_scores WHERE "
                  "registration_id = ?",
                  {a}),
            808);
  EXPECT_EQ(Count("SELECT final_tenths FROM final_scores WHERE "
                  "registration_id = ?",
                  {b}),
            600);
  EXPECT_EQ(
      Count("SELECT passed FROM final_scores WHERE registration_id = ?", {b}),
      1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM score_entries WHERE registration_id "
                  "= ? AND examiner_person_id = ?",
                  {b, PersonOf("examiner-04")}),
            static_cast<int64_t>(Maxes(s1_).size()));
  // Locked: scoring again is refused.
  EXPECT_REFUSED(scoring().Score(C("examiner-02"), s1_, a, Points(s1_, 700)),
                 "scoring.locked");
  EXPECT_REFUSED(scoring().SignOff(C("examiner-01"), s1_), "scoring.locked");
}

TEST_F(ScoringServiceTest, TheMeanIsRoundedHalfUpToOneDecimal) {
  const int64_t a = test::AddSessionCandidate(tdb_.db(), s1_, 1, "present");
  // (805 + 806 + 806) / 3 = 805.67 → 80.6 (806 tenths)… and half up:
  // (805 + 805 + 806) / 3 = 805.33 → 805.
  ScoreAll(s1_, a, kS1, {805, 806, 806});
  ASSERT_TRUE(scoring().SignOff(C("examiner-01"), s1_).ok());
  EXPECT_EQ(Count("SELECT final_tenths FROM final_scores WHERE "
                  "registration_id = ?",
                  {a}),
            806);
}

TEST_F(ScoringServiceTest, ACorrectionNeedsTheLeaderAndAReason) {
  const int64_t a = test::AddSessionCandidate(tdb_.db(), s1_, 1, "present");
  ScoreAll(s1_, a, kS1, {580, 590, 600});
  const int64_t ex2 = PersonOf("examiner-02");
  // Not locked yet: a correction is not the way.
  EXPECT_REFUSED(scoring().Correct(C("examiner-01"), s1_, a, ex2,
                                   Points(s1_, 650), "复核"),
                 "scoring.not_locked");
  ASSERT_TRUE(scoring().SignOff(C("examiner-01"), s1_).ok());
  EXPECT_EQ(
      Count("SELECT passed FROM final_scores WHERE registration_id = ?", {a}),
      0);
  EXPECT_REFUSED(
      scoring().Correct(C("examiner-01"), s1_, a, ex2, Points(s1_, 650), "  "),
      "scoring.reason_required");
  EXPECT_REFUSED(scoring().Correct(C("examiner-02"), s1_, a, ex2,
                                   Points(s1_, 650), "复核发现漏计"),
                 "scoring.not_group_leader");
  auto ok = scoring().Correct(C("examiner-01"), s1_, a, ex2, Points(s1_, 650),
                              "复核发现漏计");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  // (580 + 650 + 600) / 3 = 610.
  EXPECT_EQ(Count("SELECT final_tenths FROM final_scores WHERE "
                  "registration_id = ?",
                  {a}),
            610);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM score_corrections WHERE "
                  "before_tenths = 590 AND after_tenths = 650"),
            1);
  ASSERT_EQ(ok->corrections.size(), 1u);
  // The operation log has the correction, not the reason.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = "
                  "'scoring.correct'"),
            1);
}

class ResultsFlowTest : public ScoringServiceTest {
 protected:
  // Both sessions scored and locked: a passes (80.0), b fails (50.0).
  void ScoreBoth() {
    a_ = test::AddSessionCandidate(tdb_.db(), s1_, 1, "present");
    b_ = test::AddSessionCandidate(tdb_.db(), s2_, 2, "present");
    test::AddSessionCandidate(tdb_.db(), s2_, 3, "absent");
    ScoreAll(s1_, a_, kS1, {800, 800, 800});
    ScoreAll(s2_, b_, kS2, {500, 500, 500});
    ASSERT_TRUE(scoring().SignOff(C("examiner-01"), s1_).ok());
  }
  // Messages `user` received after notification `after`: "title|body".
  std::vector<std::string> Inbox(const std::string& user, int64_t after) {
    auto r = tdb_.db().InTransaction(
        store::Database::Mode::kRead,
        [&](store::Connection& c) -> Result<std::vector<std::string>> {
          ZXKH_ASSIGN_OR_RETURN(
              std::vector<store::Row> rows,
              c.Rows("SELECT n.title, n.body, n.link FROM notifications n "
                     "JOIN users u ON u.id = n.user_id WHERE u.username = ? "
                     "AND n.id > ? ORDER BY n.id",
                     {user, after}));
          std::vector<std::string> out;
          for (const auto& row : rows) {
            EXPECT_EQ(row.Text(2), "/admin/results/" + std::to_string(batch_));
            out.push_back(row.Text(0) + "|" + row.Text(1));
          }
          return out;
        });
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::vector<std::string>{};
  }
  // Closes the sessions whose `column` is `id`, as the proctor does after
  // the end.
  void CloseSessions(const std::string& column, int64_t id) {
    ASSERT_TRUE(tdb_.db()
                    .Transact(store::Database::Mode::kWrite,
                              [&](store::Connection& c) {
                                return c
                                    .Exec(
                                        "UPDATE batch_sessions SET "
                                        "closed_at = 1 WHERE " +
                                            column + " = ?",
                                        {id})
                                    .status();
                              })
                    .ok());
  }
  int64_t LastNote() {
    return Count("SELECT COALESCE(MAX(id), 0) FROM notifications");
  }
  int64_t a_ = 0;
  int64_t b_ = 0;
};

TEST_F(ResultsFlowTest, PublicityNeedsEverySheetLocked) {
  ScoreBoth();
  EXPECT_REFUSED(scoring().OpenPublicity(C(kInst), batch_),
                 "results.sheets_not_locked");
  ASSERT_TRUE(scoring().SignOff(C("examiner-03"), s2_).ok());
  EXPECT_TRUE(scoring().OpenPublicity(C(kInst), batch_).ok());
  EXPECT_REFUSED(scoring().OpenPublicity(C(kInst), batch_),
                 "results.already_open");
}

// A session where everyone was absent has nothing to sign off
// (scoring.no_candidates); once the proctor has closed it, it no longer holds
// up the batch's publicity. Before closing, attendance may still come in.
TEST_F(ResultsFlowTest, AClosedSessionWithNobodyPresentNeedsNoSheet) {
  const int64_t a = test::AddSessionCandidate(tdb_.db(), s1_, 1, "present");
  test::AddSessionCandidate(tdb_.db(), s2_, 2, "absent");
  ScoreAll(s1_, a, kS1, {800, 800, 800});
  ASSERT_TRUE(scoring().SignOff(C("examiner-01"), s1_).ok());
  EXPECT_REFUSED(scoring().SignOff(C("examiner-03"), s2_),
                 "scoring.no_candidates");
  EXPECT_REFUSED(scoring().OpenPublicity(C(kInst), batch_),
                 "results.sheets_not_locked");
  CloseSessions("id", s2_);
  EXPECT_TRUE(scoring().OpenPublicity(C(kInst), batch_).ok());
}

TEST_F(ResultsFlowTest, ABatchWhereNobodySatHasNothingToPublish) {
  test::AddSessionCandidate(tdb_.db(), s1_, 1, "absent");
  test::AddSessionCandidate(tdb_.db(), s2_, 2, "absent");
  CloseSessions("batch_id", batch_);
  EXPECT_REFUSED(scoring().OpenPublicity(C(kInst), batch_),
                 "results.nothing_to_publish");
}

TEST_F(ResultsFlowTest, PublicityRunsFiveWorkingDaysThenReviewUpward) {
  ScoreBoth();
  ASSERT_TRUE(scoring().SignOff(C("examiner-03"), s2_).ok());
  clock_.SetDate(*Date::FromYmd(2026, 12, 16), 9);  // a Wednesday
  auto open = scoring().OpenPublicity(C(kInst), batch_);
  ASSERT_TRUE(open.ok()) << open.status().ToString();
  EXPECT_EQ(open->publicity_start, "2026-12-16");
  EXPECT_EQ(open->publicity_end, "2026-12-22");

  // The public sees 合格/不合格 with masked IDs and no score.
  auto pub = scoring().CurrentPublicity();
  ASSERT_TRUE(pub.ok());
  ASSERT_EQ(pub->size(), 1u);
  ASSERT_EQ(pub->front().lines.size(), 2u);
  EXPECT_FALSE(pub->front().lines[0].final_tenths.has_value());
  EXPECT_NE(pub->front().lines[0].id_masked.find("****"), std::string::npos);

  // An objection keeps it open; the 4th working day is too early anyway.
  auto obj = scoring().FileObjection(
      batch_, {b_, "王某", "13900000000", "实操评分有误", "10.0.0.9"}, "req");
  ASSERT_TRUE(obj.ok()) << obj.status().ToString();
  clock_.SetDate(*Date::FromYmd(2026, 12, 21), 9);  // the 4th working day
  EXPECT_REFUSED(scoring().ClosePublicity(C(kInst), batch_),
                 "results.publicity_running");
  clock_.SetDate(*Date::FromYmd(2026, 12, 22), 17);  // the 5th: still on
  EXPECT_REFUSED(scoring().ClosePublicity(C(kInst), batch_),
                 "results.publicity_running");
  clock_.SetDate(*Date::FromYmd(2026, 12, 23), 9);
  EXPECT_REFUSED(scoring().ClosePublicity(C(kInst), batch_),
                 "results.objection_open");
  EXPECT_REFUSED(scoring().DecideObjection(C(kInst), *obj, "dismissed", ""),
                 "results.note_required");
  ASSERT_TRUE(scoring()
                  .DecideObjection(C(kInst), *obj, "dismissed", "经复核无误")
                  .ok());
  ASSERT_TRUE(scoring().ClosePublicity(C(kInst), batch_).ok());

  // Review: the district first, the city last; a return needs a reason.
  EXPECT_REFUSED(scoring().Approve(C(kDistrict), batch_),
                 "results.wrong_state");
  ASSERT_TRUE(scoring().Submit(C(kInst), batch_).ok());
  EXPECT_REFUSED(scoring().Approve(C("city"), batch_), "results.wrong_state");
  EXPECT_REFUSED(scoring().Return(C(kDistrict), batch_, ""),
                 "results.reason_required");
  ASSERT_TRUE(scoring().Return(C(kDistrict), batch_, "缺少签字页").ok());
  ASSERT_TRUE(scoring().Submit(C(kInst), batch_).ok());
  ASSERT_TRUE(scoring().Approve(C(kDistrict), batch_).ok());
  EXPECT_TRUE(scoring().ApprovedPassingRegistrations(batch_)->empty());
  auto done = scoring().Approve(C("city"), batch_);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(done->state, ResultsState::kApproved);

  EXPECT_EQ(Count("SELECT COUNT(*) FROM registrations WHERE id = ? AND "
                  "state = 'passed'",
                  {a_}),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM registrations WHERE id = ? AND "
                  "state = 'failed'",
                  {b_}),
            1);
  auto passing = scoring().ApprovedPassingRegistrations(batch_);
  ASSERT_TRUE(passing.ok());
  ASSERT_EQ(passing->size(), 1u);
  EXPECT_EQ(passing->front().registration_id, a_);
  EXPECT_EQ(passing->front().final_tenths, 800);
  // After submission, corrections are refused.
  EXPECT_REFUSED(
      scoring().Correct(C("examiner-01"), s1_, a_, PersonOf("examiner-02"),
                        Points(s1_, 700), "复核"),
      "scoring.results_submitted");
}

TEST_F(ResultsFlowTest, EachStepNotifiesTheNextActorRefusalsNobody) {
  ScoreBoth();
  ASSERT_TRUE(scoring().SignOff(C("examiner-03"), s2_).ok());
  clock_.SetDate(*Date::FromYmd(2026, 12, 16), 9);
  ASSERT_TRUE(scoring().OpenPublicity(C(kInst), batch_).ok());
  const std::string label = "黄岛区";  // the district's name
  auto has = [](const std::vector<std::string>& inbox, const std::string& a,
                const std::string& b = "") {
    return inbox.size() == 1 && inbox[0].find(a) != std::string::npos &&
           inbox[0].find(b) != std::string::npos;
  };

  // An objection during publicity → the institution's accounts.
  int64_t mark = LastNote();
  auto obj = scoring().FileObjection(
      batch_, {b_, "王某", "13900000000", "实操评分有误", "10.0.0.9"}, "req");
  ASSERT_TRUE(obj.ok()) << obj.status().ToString();
  EXPECT_TRUE(has(Inbox(kInst, mark), "考核结果公示收到异议|", "评分测试批次"));
  EXPECT_TRUE(has(Inbox("inst-Z370211P001-op", mark), "收到异议"));
  EXPECT_TRUE(Inbox(kDistrict, mark).empty());
  ASSERT_TRUE(scoring()
                  .DecideObjection(C(kInst), *obj, "dismissed", "经复核无误")
                  .ok());
  clock_.SetDate(*Date::FromYmd(2026, 12, 23), 9);
  ASSERT_TRUE(scoring().ClosePublicity(C(kInst), batch_).ok());

  // Refused transitions notify nobody.
  mark = LastNote();
  EXPECT_REFUSED(scoring().Approve(C(kDistrict), batch_),
                 "results.wrong_state");
  EXPECT_REFUSED(scoring().Return(C("city"), batch_, "原因"),
                 "results.wrong_state");
  EXPECT_REFUSED(scoring().Submit(C("inst-Z370202T001"), batch_),
                 "results.batch_not_found");
  EXPECT_EQ(LastNote(), mark);

  // Submitted → the district of the institution only.
  ASSERT_TRUE(scoring().Submit(C(kInst), batch_).ok());
  EXPECT_TRUE(has(Inbox(kDistrict, mark), "考核结果待初审|", "已报送"));
  EXPECT_TRUE(Inbox("district-370202", mark).empty());
  EXPECT_TRUE(Inbox("city", mark).empty());
  EXPECT_TRUE(Inbox(kInst, mark).empty());

  // Returned by the district → the institution, with the reason.
  mark = LastNote();
  EXPECT_REFUSED(scoring().Return(C(kDistrict), batch_, " "),
                 "results.reason_required");
  EXPECT_EQ(LastNote(), mark);
  ASSERT_TRUE(scoring().Return(C(kDistrict), batch_, "缺少签字页").ok());
  EXPECT_TRUE(has(Inbox(kInst, mark), "考核结果被退回|", label));
  EXPECT_TRUE(has(Inbox(kInst, mark), "原因：缺少签字页"));
  EXPECT_TRUE(Inbox("city", mark).empty());

  // District approval → the city.
  ASSERT_TRUE(scoring().Submit(C(kInst), batch_).ok());
  mark = LastNote();
  EXPECT_REFUSED(scoring().Approve(C("city"), batch_), "results.wrong_state");
  EXPECT_EQ(LastNote(), mark);
  ASSERT_TRUE(scoring().Approve(C(kDistrict), batch_).ok());
  EXPECT_TRUE(has(Inbox("city", mark), "考核结果待审核|", label + "初审"));
  EXPECT_TRUE(Inbox(kInst, mark).empty());

  // Returned by the city → the institution, with the reason.
  mark = LastNote();
  ASSERT_TRUE(scoring().Return(C("city"), batch_, "汇总表未盖章").ok());
  EXPECT_TRUE(has(Inbox(kInst, mark), "市人社局退回", "原因：汇总表未盖章"));

  // City approval → the institution and its district.
  ASSERT_TRUE(scoring().Submit(C(kInst), batch_).ok());
  ASSERT_TRUE(scoring().Approve(C(kDistrict), batch_).ok());
  mark = LastNote();
  ASSERT_TRUE(scoring().Approve(C("city"), batch_).ok());
  EXPECT_TRUE(has(Inbox(kInst, mark), "考核结果已批准|", "合格 1 人，共 2 人"));
  EXPECT_TRUE(has(Inbox(kDistrict, mark), "考核结果已批准|"));
  EXPECT_TRUE(Inbox("district-370202", mark).empty());
  EXPECT_TRUE(Inbox("city", mark).empty());
}

TEST_F(ResultsFlowTest, ADistrictOutsideItsAreaIsRefused) {
  ScoreBoth();
  ASSERT_TRUE(scoring().SignOff(C("examiner-03"), s2_).ok());
  clock_.SetDate(*Date::FromYmd(2026, 12, 16), 9);
  ASSERT_TRUE(scoring().OpenPublicity(C(kInst), batch_).ok());
  clock_.SetDate(*Date::FromYmd(2026, 12, 23), 9);
  ASSERT_TRUE(scoring().ClosePublicity(C(kInst), batch_).ok());
  ASSERT_TRUE(scoring().Submit(C(kInst), batch_).ok());
  EXPECT_REFUSED(scoring().Approve(C("district-370202"), batch_),
                 "results.batch_not_found");
  EXPECT_REFUSED(scoring().Results(C("district-370202"), batch_),
                 "results.batch_not_found");
  // Another institution neither.
  EXPECT_REFUSED(scoring().Submit(C("inst-Z370202T001"), batch_),
                 "results.batch_not_found");
  EXPECT_REFUSED(scoring().Approve(C(kInst), batch_), "results.not_reviewer");
  EXPECT_TRUE(scoring().Approve(C(kDistrict), batch_).ok());
}

TEST_F(ResultsFlowTest, ObjectionsAreRateLimitedPerAddress) {
  ScoreBoth();
  ASSERT_TRUE(scoring().SignOff(C("examiner-03"), s2_).ok());
  ASSERT_TRUE(scoring().OpenPublicity(C(kInst), batch_).ok());
  for (int i = 0; i < kResultsObjectionsPerIpPerHour; ++i) {
    ASSERT_TRUE(scoring()
                    .FileObjection(
                        batch_, {a_, "李某", "139", "内容", "1.2.3.4"}, "req")
                    .ok());
  }
  EXPECT_REFUSED(scoring().FileObjection(
                     batch_, {a_, "李某", "139", "内容", "1.2.3.4"}, "req"),
                 "objection.rate_limited");
  EXPECT_TRUE(
      scoring()
          .FileObjection(batch_, {a_, "李某", "139", "内容", "5.6.7.8"}, "req")
          .ok());
}

TEST_F(ResultsFlowTest, DocumentsAreProduced) {
  ScoreBoth();
  auto pdf = scoring().SheetPdf(C(kInst), s1_);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  EXPECT_EQ(pdf->substr(0, 5), "%PDF-");
  EXPECT_REFUSED(scoring().SheetPdf(C("examiner-02"), s1_),
                 "scoring.not_group_leader");
  auto xlsx = scoring().SummaryXlsx(C(kInst), batch_);
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().ToString();
  EXPECT_EQ(xlsx->substr(0, 2), "PK");
}

}  // namespace
}  // namespace zxkh::service
