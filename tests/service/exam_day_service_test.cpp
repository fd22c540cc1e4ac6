// Exam day (R-EXA-9) through the service, on SQLite and PostgreSQL:
// candidates are assigned to sessions (automatically and one by one, with
// every refusal), signed in by a proctor of the session within the window
// and only with a matching name and ID number, marked absent when the
// session closes; incidents; recordings and the coverage flag (a one-minute
// gap flags the batch, full coverage does not).
#include "service/exam_day_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "common/codes.hpp"
#include "common/crypto.hpp"
#include "common/validators.hpp"
#include "service/batch_service.hpp"
#include "service/calendar_service.hpp"
#include "service/registration_service.hpp"
#include "service/seed.hpp"
#include "service/staff_service.hpp"
#include "store/migrate.hpp"
#include "store/registration_repository.hpp"
#include "support/recruitment_fixture.hpp"
#include "support/test_db.hpp"

namespace zxkh::service {
namespace {

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
constexpr char kOtherInst[] = "inst-Z370212Q001";
constexpr char kDistrict[] = "district-370211";
constexpr char kOtherDistrict[] = "district-370212";
constexpr int64_t kMinute = 60LL * 1000;

std::string ResidentId(int n) {
  std::string first17 = "37021119950101" + std::to_string(100 + n);
  return first17 + ResidentIdCheckChar(first17);
}

class ExamDayServiceTest : public ::testing::Test {
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
    regs_ = std::make_unique<RegistrationService>(tdb_.db(), clock_, pii_);
    exam_ = std::make_unique<ExamDayService>(tdb_.db(), clock_, pii_, files_);
  }

  ExamDayService& exam() { return *exam_; }
  Caller C(const std::string& user) { return fx_->CallerOf(user); }

  int64_t Count(const std::string& sql,
                std::initializer_list<store::Value> p = {}) {
    auto r = tdb_.db().InTransaction(
        store::Database::Mode::kRead,
        [&](store::Connection& c) { return c.One(sql, p); });
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->Int(0) : -1;
  }
  std::string Text(const std::string& sql,
                   std::initializer_list<store::Value> p = {}) {
    auto r = tdb_.db().InTransaction(
        store::Database::Mode::kRead,
        [&](store::Connection& c) { return c.One(sql, p); });
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->Text(0) : "";
  }

  int64_t Staff(const std::string& username) {
    return Count(
        "SELECT m.id FROM staff_members m JOIN users u ON u.id = m.user_id "
        "WHERE u.username = ?",
        {username});
  }

  BatchSessionInput Session(std::string start, std::string end, int capacity,
                            std::vector<std::string> examiners,
                            std::vector<std::string> proctors) {
    BatchSessionInput s;
    s.date = "2026-12-15";
    s.start = std::move(start);
    s.end = std::move(end);
    s.room = "实训楼301";
    s.capacity = capacity;
    bool first = true;
    for (const auto& e : examiners) {
      s.examiners.push_back({Staff(e), first});
      first = false;
    }
    for (const auto& p : proctors) s.proctors.push_back(Staff(p));
    return s;
  }

  // An approved batch on 2026-12-15: session 1 (09:00–11:30, capacity 2,
  // proctors 01 and 03), session 2 (14:00–16:30, proctors 02 and 04).
  int64_t ApprovedBatch() {
    BatchInput in;
    in.project_code = "ZX01001";
    in.title = "考务测试批次";
    in.venue_kind = "fixed_site";
    in.venue_address = "黄岛区长江中路216号实训楼";
    in.process = "签到、宣读规则、实操、评分";
    in.room_preparation = "操作台 30 套";
    in.rules_text = "凭证入场";
    in.expected_count = 3;
    in.sessions.push_back(Session("09:00", "11:30", 2,
                                  {"examiner-01", "examiner-02", "examiner-04"},
                                  {"proctor-01", "proctor-03"}));
    in.sessions.push_back(Session("14:00", "16:30", 30,
                                  {"examiner-03", "examiner-06", "examiner-02"},
                                  {"proctor-02", "proctor-04"}));
    in.supervisors.push_back(Staff("supervisor-01"));
    auto d = batches_->Create(C(kInst), in);
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    if (!d.ok()) return -1;
    const int64_t id = d->batch.id;
    EXPECT_TRUE(batches_->Submit(C(kInst), id).ok());
    EXPECT_TRUE(batches_->Approve(C(kDistrict), id, "").ok());
    auto a = batches_->Approve(C("city"), id, "同意");
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    return id;
  }

  int64_t Item(store::Connection& c, int year) {
    auto r = c.One(
        "SELECT it.id FROM annual_plan_items it JOIN annual_plans p ON p.id = "
        "it.plan_id JOIN institutions i ON i.id = p.institution_id WHERE "
        "i.code = 'Z370211P001' AND p.year = ? AND it.project_code = "
        "'ZX01001' ORDER BY it.id DESC LIMIT 1",
        {int64_t{year}});
    return r.ok() ? r->Int(0) : -1;
  }

  // Registers person n (name 考生n) for the year's item, through the
  // repository: the 2026 item's registration has closed (its exam date is
  // the demo's past one), as on a real exam day.
  int64_t Enter(int n, int year = 2026) {
    const std::string id = ResidentId(n);
    auto r = tdb_.db().InTransaction(
        store::Database::Mode::kWrite,
        [&](store::Connection& c) -> Result<int64_t> {
          store::RegistrationRepository repo(c);
          ZXKH_ASSIGN_OR_RETURN(store::RegistrableItemRow it,
                                repo.GetItem(Item(c, year)));
          const std::string phone = "1395320" + std::to_string(1000 + n);
          ZXKH_ASSIGN_OR_RETURN(
              int64_t person,
              repo.InsertPerson("考生" + std::to_string(n), "resident_id",
                                pii_.LookupHash(id), pii_.Encrypt(id),
                                MaskIdNumber(id), "1995-01-01", phone, "",
                                clock_.NowUnixMillis()));
          store::RegistrationRow g;
          g.plan_item_id = it.id;
          g.person_id = person;
          g.project_code = it.project_code;
          g.institution_id = it.institution_id;
          g.district_code = it.district_code;
          g.source = domain::RegistrationSource::kInstitution;
          g.phone = phone;
          g.created_at = g.updated_at = clock_.NowUnixMillis() + n;
          return repo.Insert(g);
        });
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : -1;
  }

  std::vector<int64_t> SessionIds(int64_t batch) {
    auto d = batches_->Get(C(kInst), batch);
    std::vector<int64_t> out;
    if (d.ok()) {
      for (const auto& s : d->sessions) out.push_back(s.id);
    }
    return out;
  }
  int64_t Start(int64_t session) {
    return Count("SELECT start_ms FROM batch_sessions WHERE id = ?", {session});
  }
  int64_t End(int64_t session) {
    return Count("SELECT end_ms FROM batch_sessions WHERE id = ?", {session});
  }
  std::string RegState(int64_t reg) {
    return Text("SELECT state FROM registrations WHERE id = ?", {reg});
  }
  std::string Attendance(int64_t reg) {
    return Text(
        "SELECT attendance FROM batch_session_candidates WHERE "
        "registration_id = ?",
        {reg});
  }

  // The batch with three candidates assigned automatically: 1 and 2 in
  // session 1, 3 in session 2.
  struct Setup {
    int64_t batch = 0;
    int64_t s1 = 0, s2 = 0;
    int64_t r1 = 0, r2 = 0, r3 = 0;
  };
  Setup Assigned() {
    Setup s;
    s.batch = ApprovedBatch();
    auto ids = SessionIds(s.batch);
    EXPECT_EQ(ids.size(), 2u);
    if (ids.size() == 2) {
      s.s1 = ids[0];
      s.s2 = ids[1];
    }
    s.r1 = Enter(1);
    s.r2 = Enter(2);
    s.r3 = Enter(3);
    auto v = exam().AutoAssign(C(kInst), s.batch);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return s;
  }

  FakeClock clock_;
  PiiCipher pii_ = PiiCipher::ForTesting("exam-test");
  test::TestDatabase tdb_;
  test::TempDir dir_;
  store::FileStore files_{dir_.path() + "/files"};
  std::unique_ptr<test::RecruitmentFixture> fx_;
  std::unique_ptr<CalendarService> calendar_;
  std::unique_ptr<StaffService> staff_;
  std::unique_ptr<BatchService> batches_;
  std::unique_ptr<RegistrationService> regs_;
  std::unique_ptr<ExamDayService> exam_;
};

TEST_F(ExamDayServiceTest, DemoExamDayIsSeeded) {
  EXPECT_EQ(Count("SELECT COUNT(*) FROM batch_plans WHERE coverage_flagged = "
                  "1"),
            1);
  EXPECT_GE(Count("SELECT COUNT(*) FROM batch_session_candidates"), 3);
  EXPECT_GE(Count("SELECT COUNT(*) FROM batch_session_candidates WHERE "
                  "attendance = 'present'"),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM exam_incidents"), 1);
  // One demo recording carries its file, stored under its SHA-256.
  const std::string sha = Text(
      "SELECT sha256 FROM exam_recordings WHERE file_name <> '' ORDER BY id "
      "LIMIT 1");
  ASSERT_EQ(sha.size(), 64u);
  auto bytes = files_.Read(sha);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  EXPECT_EQ(Sha256Hex(*bytes), sha);
}

TEST_F(ExamDayServiceTest, AutoAssignFillsSessionsInTimeOrderWithSeats) {
  Setup s = Assigned();
  auto v = exam().Assignment(C(kInst), s.batch);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  ASSERT_EQ(v->sessions.size(), 2u);
  ASSERT_EQ(v->sessions[0].candidates.size(), 2u);
  EXPECT_EQ(v->sessions[0].candidates[0].seat, "01");
  EXPECT_EQ(v->sessions[0].candidates[1].seat, "02");
  EXPECT_EQ(v->sessions[0].candidates[0].attendance, "pending");
  ASSERT_EQ(v->sessions[1].candidates.size(), 1u);
  EXPECT_EQ(v->sessions[1].candidates[0].registration_id, s.r3);
  EXPECT_TRUE(v->unassigned.empty());
  // CheckSessions sees the counts.
  auto d = batches_->Get(C(kInst), s.batch);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->sessions[0].candidates, 2);
  EXPECT_EQ(d->sessions[1].candidates, 1);
  // The district reads it; another institution does not see it.
  EXPECT_TRUE(exam().Assignment(C(kDistrict), s.batch).ok());
  EXPECT_REFUSED(exam().Assignment(C(kOtherInst), s.batch), "batch.not_found");
  EXPECT_REFUSED(exam().AutoAssign(C(kOtherInst), s.batch), "batch.not_found");
  EXPECT_REFUSED(exam().AutoAssign(C(kDistrict), s.batch), "batch.not_found");
}

TEST_F(ExamDayServiceTest, MoveRefusesEveryWrongRegistration) {
  Setup s = Assigned();
  // Session 1 is full (capacity 2).
  EXPECT_REFUSED(exam().Move(C(kInst), s.batch, s.r3, s.s1),
                 "exam.session_full");
  // Another year's registration (2027 item).
  const int64_t later = Enter(9, 2027);
  EXPECT_REFUSED(exam().Move(C(kInst), s.batch, later, s.s2),
                 "exam.registration_not_found");
  // A cancelled one.
  const int64_t gone = Enter(4);
  ASSERT_TRUE(tdb_.db()
                  .InTransaction(store::Database::Mode::kWrite,
                                 [&](store::Connection& c) {
                                   return c.Exec(
                                       "UPDATE registrations SET state = "
                                       "'cancelled' WHERE id = ?",
                                       {gone});
                                 })
                  .ok());
  EXPECT_REFUSED(exam().Move(C(kInst), s.batch, gone, s.s2),
                 "exam.registration_state");
  // One already in a session of another batch (the demo's December batch).
  const int64_t demo_reg = Count(
      "SELECT k.registration_id FROM batch_session_candidates k JOIN "
      "batch_sessions bs ON bs.id = k.session_id WHERE bs.batch_id <> ? AND "
      "k.attendance = 'pending' ORDER BY k.registration_id LIMIT 1",
      {s.batch});
  EXPECT_REFUSED(exam().Move(C(kInst), s.batch, demo_reg, s.s2),
                 "exam.already_assigned");
  // Another institution.
  EXPECT_REFUSED(exam().Move(C(kOtherInst), s.batch, s.r1, s.s2),
                 "batch.not_found");
  // A move: 1 → session 2, then 3 fits into session 1.
  auto moved = exam().Move(C(kInst), s.batch, s.r1, s.s2);
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  EXPECT_EQ(moved->sessions[1].candidates.size(), 2u);
  ASSERT_TRUE(exam().Move(C(kInst), s.batch, s.r3, s.s1).ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM batch_session_candidates WHERE "
                  "registration_id = ?",
                  {s.r1}),
            1);
}

TEST_F(ExamDayServiceTest, SignInNeedsTheProctorTheWindowAndTheIdentity) {
  Setup s = Assigned();
  const int64_t start = Start(s.s1);
  clock_.Set(start - 61 * kMinute);
  EXPECT_REFUSED(exam().SignIn(C("proctor-01"), s.s1, "考生1", ResidentId(1)),
                 "exam.sign_in_window");
  clock_.Set(start - 30 * kMinute);
  // A proctor of the other session does not see this one.
  EXPECT_REFUSED(exam().SignIn(C("proctor-02"), s.s1, "考生1", ResidentId(1)),
                 "batch.not_found");
  EXPECT_REFUSED(exam().SignIn(C(kInst), s.s1, "考生1", ResidentId(1)),
                 "batch.not_found");
  // Wrong name, wrong number, a candidate of the other session: the same
  // refusal.
  EXPECT_REFUSED(exam().SignIn(C("proctor-01"), s.s1, "考生2", ResidentId(1)),
                 "exam.identity_mismatch");
  EXPECT_REFUSED(exam().SignIn(C("proctor-01"), s.s1, "考生1", ResidentId(7)),
                 "exam.identity_mismatch");
  EXPECT_REFUSED(exam().SignIn(C("proctor-01"), s.s1, "考生3", ResidentId(3)),
                 "exam.identity_mismatch");
  auto ok = exam().SignIn(C("proctor-01"), s.s1, " 考生1 ", ResidentId(1));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->attendance, "present");
  EXPECT_EQ(Attendance(s.r1), "present");
  EXPECT_EQ(RegState(s.r1), "sat");
  EXPECT_REFUSED(exam().SignIn(C("proctor-01"), s.s1, "考生1", ResidentId(1)),
                 "exam.already_signed_in");
  // After the end: closed window.
  clock_.Set(End(s.s1));
  EXPECT_REFUSED(exam().SignIn(C("proctor-01"), s.s1, "考生2", ResidentId(2)),
                 "exam.sign_in_window");
  // No personal data in the log.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE summary LIKE ?",
                  {std::string("%考生1%")}),
            0);
}

TEST_F(ExamDayServiceTest, ClosingMarksThePendingAbsent) {
  Setup s = Assigned();
  clock_.Set(Start(s.s1));
  ASSERT_TRUE(
      exam().SignIn(C("proctor-03"), s.s1, "考生1", ResidentId(1)).ok());
  EXPECT_REFUSED(exam().Close(C("proctor-01"), s.s1), "exam.session_not_ended");
  clock_.Set(End(s.s1) + kMinute);
  EXPECT_REFUSED(exam().Close(C("proctor-02"), s.s1), "batch.not_found");
  EXPECT_REFUSED(exam().Close(C(kDistrict), s.s1), "batch.not_found");
  auto closed = exam().Close(C("proctor-01"), s.s1);
  ASSERT_TRUE(closed.ok()) << closed.status().ToString();
  EXPECT_TRUE(closed->closed_at.has_value());
  EXPECT_EQ(Attendance(s.r1), "present");
  EXPECT_EQ(Attendance(s.r2), "absent");
  EXPECT_EQ(RegState(s.r2), "absent");
  EXPECT_EQ(RegState(s.r1), "sat");
  EXPECT_REFUSED(exam().Close(C(kInst), s.s1), "exam.session_closed");
  // The institution closes session 2 after its end.
  clock_.Set(End(s.s2));
  ASSERT_TRUE(exam().Close(C(kInst), s.s2).ok());
  EXPECT_EQ(RegState(s.r3), "absent");
}

TEST_F(ExamDayServiceTest, IncidentsByProctorsAndSupervisors) {
  Setup s = Assigned();
  clock_.Set(Start(s.s1) + 30 * kMinute);
  IncidentInput in;
  in.session_id = s.s1;
  in.kind = "作弊";
  in.registration_id = s.r2;
  in.description = "考生携带纸条";
  in.action_taken = "收缴纸条，记录在案";
  auto a = exam().RecordIncident(C("proctor-01"), in);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->kind, "cheating");
  in.registration_id.reset();
  in.kind = "equipment";
  in.description = "烤箱故障";
  ASSERT_TRUE(exam().RecordIncident(C("supervisor-01"), in).ok());
  EXPECT_REFUSED(exam().RecordIncident(C("proctor-02"), in), "batch.not_found");
  EXPECT_REFUSED(exam().RecordIncident(C(kDistrict), in), "batch.not_found");
  in.kind = "迟到";
  EXPECT_REFUSED(exam().RecordIncident(C("proctor-01"), in),
                 "exam.incident_kind");
  in.kind = "other";
  in.registration_id = s.r3;  // in session 2
  EXPECT_REFUSED(exam().RecordIncident(C("proctor-01"), in),
                 "exam.candidate_not_found");
  in.registration_id.reset();
  in.description = "  ";
  EXPECT_REFUSED(exam().RecordIncident(C("proctor-01"), in),
                 "exam.text_invalid");
  auto list = exam().Incidents(C(kDistrict), s.batch, std::nullopt);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(list->size(), 2u);
  EXPECT_REFUSED(exam().Incidents(C(kOtherDistrict), s.batch, std::nullopt),
                 "batch.not_found");
  auto mine = exam().Incidents(C("proctor-01"), s.batch, s.s1);
  ASSERT_TRUE(mine.ok()) << mine.status().ToString();
  EXPECT_EQ(mine->size(), 2u);
}

TEST_F(ExamDayServiceTest, AOneMinuteGapFlagsTheBatchFullCoverageDoesNot) {
  Setup s = Assigned();
  const std::string sha(64, 'a');
  const int64_t a = Start(s.s1), b = End(s.s1);
  RecordingInput r{s.s1, "前门", a - kMinute, a + 60 * kMinute, sha};
  ASSERT_TRUE(exam().AddRecording(C("proctor-01"), r).ok());
  r.start_ms = a + 60 * kMinute;
  r.end_ms = b;
  ASSERT_TRUE(exam().AddRecording(C(kInst), r).ok());
  r.sha256 = "xyz";
  EXPECT_REFUSED(exam().AddRecording(C(kInst), r), "exam.sha256");
  r.sha256 = sha;
  r.end_ms = r.start_ms;
  EXPECT_REFUSED(exam().AddRecording(C(kInst), r), "exam.recording_time");
  EXPECT_REFUSED(
      exam().AddRecording(C("proctor-02"), {s.s1, "前门", a, b, sha}),
      "batch.not_found");
  clock_.Set(End(s.s2) + kMinute);
  auto full = exam().Coverage(C(kInst), s.s1);
  ASSERT_TRUE(full.ok()) << full.status().ToString();
  EXPECT_TRUE(full->gaps.empty());
  EXPECT_FALSE(full->batch_flagged);
  EXPECT_EQ(
      Count("SELECT coverage_flagged FROM batch_plans WHERE id = ?", {s.batch}),
      0);

  const int64_t c = Start(s.s2), d = End(s.s2);
  ASSERT_TRUE(exam()
                  .AddRecording(C("proctor-02"),
                                {s.s2, "后门", c, c + 30 * kMinute, sha})
                  .ok());
  ASSERT_TRUE(exam()
                  .AddRecording(C("proctor-02"),
                                {s.s2, "后门", c + 31 * kMinute, d, sha})
                  .ok());
  const int64_t notes_before = Count("SELECT COUNT(*) FROM notifications");
  auto gap = exam().Coverage(C("supervisor-01"), s.s2);
  ASSERT_TRUE(gap.ok()) << gap.status().ToString();
  ASSERT_EQ(gap->gaps.size(), 1u);
  EXPECT_EQ(gap->gaps[0].end_ms - gap->gaps[0].start_ms, kMinute);
  EXPECT_TRUE(gap->batch_flagged);
  EXPECT_EQ(
      Count("SELECT coverage_flagged FROM batch_plans WHERE id = ?", {s.batch}),
      1);
  const int64_t notes_after = Count("SELECT COUNT(*) FROM notifications");
  EXPECT_GT(notes_after, notes_before);
  // Once: checking again notifies nobody.
  ASSERT_TRUE(exam().Coverage(C(kDistrict), s.s2).ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM notifications"), notes_after);
  EXPECT_REFUSED(exam().Coverage(C(kOtherDistrict), s.s2), "batch.not_found");
}

TEST_F(ExamDayServiceTest, ARecordingFileMustMatchItsHashAndStaysInScope) {
  Setup s = Assigned();
  const std::string video = "ZXKH 测试录像 bytes";
  const std::string sha = Sha256Hex(video);
  auto rec = exam().AddRecording(C("proctor-01"),
                                 {s.s1, "前门", Start(s.s1), End(s.s1), sha});
  ASSERT_TRUE(rec.ok()) << rec.status().ToString();
  EXPECT_TRUE(rec->file_name.empty());
  int spooled = 0;
  auto spool = [&](const std::string& bytes) {
    const std::string path =
        dir_.path() + "/upload-" + std::to_string(++spooled);
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  };

  // Another content: refused, nothing stored, the spool removed.
  const std::string wrong = spool("another video");
  EXPECT_REFUSED(
      exam().AttachRecordingFile(C("proctor-01"), rec->id, wrong, "a.mp4"),
      "recording.hash_mismatch");
  EXPECT_FALSE(std::filesystem::exists(wrong));
  EXPECT_FALSE(std::filesystem::exists(
      files_.PathOf(Sha256Hex(std::string("another video")))));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM files WHERE sha256 = ?",
                  {Sha256Hex(std::string("another video"))}),
            0);
  EXPECT_REFUSED(exam().DownloadRecordingFile(C(kInst), rec->id),
                 "recording.no_file");

  // Outside scope (a proctor of the other session, another institution, an
  // unknown id) looks like a missing recording.
  for (const char* who : {"proctor-02", kOtherInst, "supervisor-01"}) {
    SCOPED_TRACE(who);
    EXPECT_REFUSED(
        exam().AttachRecordingFile(C(who), rec->id, spool(video), "a.mp4"),
        "recording.not_found");
  }
  EXPECT_REFUSED(
      exam().AttachRecordingFile(C(kInst), rec->id + 1000, spool(video), ""),
      "recording.not_found");
  EXPECT_FALSE(std::filesystem::exists(files_.PathOf(sha)));

  auto up = exam().AttachRecordingFile(C(kInst), rec->id, spool(video),
                                       "前门-上午.mp4");
  ASSERT_TRUE(up.ok()) << up.status().ToString();
  EXPECT_EQ(up->file_name, "前门-上午.mp4");
  EXPECT_TRUE(std::filesystem::exists(files_.PathOf(sha)));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = "
                  "'exam.recording_file' AND target_id = ?",
                  {std::to_string(rec->id)}),
            1);
  // Without a name: a default one.
  auto again =
      exam().AttachRecordingFile(C("proctor-01"), rec->id, spool(video), "");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_FALSE(again->file_name.empty());

  for (const char* who :
       {kInst, kDistrict, "city", "province", "supervisor-01"}) {
    SCOPED_TRACE(who);
    auto f = exam().DownloadRecordingFile(C(who), rec->id);
    ASSERT_TRUE(f.ok()) << f.status().ToString();
    EXPECT_EQ(f->bytes, video);
  }
  for (const char* who :
       {kOtherDistrict, kOtherInst, "proctor-01", "examiner-01"}) {
    SCOPED_TRACE(who);
    EXPECT_REFUSED(exam().DownloadRecordingFile(C(who), rec->id),
                   "recording.not_found");
  }
}

TEST_F(ExamDayServiceTest, ARegistrationIsInOneSessionAtMost) {
  Setup s = Assigned();  // r1, r2 in session 1 (full), r3 in session 2
  // The unique index (migration 0014) itself.
  const Status dup = tdb_.db().Transact(
      store::Database::Mode::kWrite, [&](store::Connection& c) {
        return c
            .Exec(
                "INSERT INTO batch_session_candidates (session_id, "
                "registration_id, seat) VALUES (?, ?, '99')",
                {s.s2, s.r1})
            .status();
      });
  EXPECT_EQ(dup.code(), "store.unique_violation") << dup.ToString();

  // Two servers assigning at once: automatically, and the same
  // registration one by one. Each call succeeds or is refused with
  // "batch.candidate_already_assigned"; no registration is in two rows.
  auto pool_a = tdb_.OpenPool(2);
  auto pool_b = tdb_.OpenPool(2);
  ExamDayService a(*pool_a, clock_, pii_, files_);
  ExamDayService b(*pool_b, clock_, pii_, files_);
  int refused = 0;
  auto expect_ok_or_refused = [&](const Status& st) {
    if (st.ok()) return;
    EXPECT_EQ(st.code(), "batch.candidate_already_assigned") << st.ToString();
    EXPECT_TRUE(HasChinese(st.message()));
    ++refused;
  };
  for (int round = 0; round < 4; ++round) {
    SCOPED_TRACE(round);
    for (int i = 0; i < 3; ++i) Enter(10 + round * 3 + i);
    Status sa, sb;
    std::thread ta([&] { sa = a.AutoAssign(C(kInst), s.batch).status(); });
    std::thread tb([&] { sb = b.AutoAssign(C(kInst), s.batch).status(); });
    ta.join();
    tb.join();
    expect_ok_or_refused(sa);
    expect_ok_or_refused(sb);

    const int64_t r = Enter(30 + round);
    std::thread ma([&] { sa = a.Move(C(kInst), s.batch, r, s.s2).status(); });
    std::thread mb([&] { sb = b.Move(C(kInst), s.batch, r, s.s2).status(); });
    ma.join();
    mb.join();
    expect_ok_or_refused(sa);
    expect_ok_or_refused(sb);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM batch_session_candidates WHERE "
                    "registration_id = ?",
                    {r}),
              1);
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM (SELECT registration_id FROM "
                  "batch_session_candidates GROUP BY registration_id HAVING "
                  "COUNT(*) > 1) d"),
            0);
  // Everyone entered ends up assigned (session 2 has room).
  EXPECT_EQ(Count("SELECT COUNT(*) FROM batch_session_candidates WHERE "
                  "session_id = ?",
                  {s.s2}),
            1 + 4 * 3 + 4);
  std::cout << test::TestDatabase::BackendName() << ": " << refused
            << " concurrent assignment(s) refused by the unique index\n";
}

TEST_F(ExamDayServiceTest, ThePaperIsSealedUntilTheStart) {
  Setup s = Assigned();
  clock_.Set(Start(s.s1) - kMinute);
  EXPECT_REFUSED(exam().ReadSessionPaper(C("proctor-01"), s.s1), "bank.sealed");
  clock_.Set(Start(s.s1));
  EXPECT_REFUSED(exam().ReadSessionPaper(C("proctor-02"), s.s1),
                 "batch.not_found");
  EXPECT_REFUSED(exam().ReadSessionPaper(C(kInst), s.s1), "batch.not_found");
  auto p = exam().ReadSessionPaper(C("examiner-01"), s.s1);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_FALSE(p->content.tasks.empty());
  auto q = exam().ReadSessionPaper(C("proctor-01"), s.s1);
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_GE(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'paper.read'"),
            2);
}

TEST_F(ExamDayServiceTest, SignInSheetAndMySessions) {
  Setup s = Assigned();
  auto pdf = exam().SignInSheet(C("proctor-01"), s.s1);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  EXPECT_EQ(pdf->substr(0, 4), "%PDF");
  EXPECT_REFUSED(exam().SignInSheet(C("proctor-02"), s.s1), "batch.not_found");
  auto mine = exam().MySessions(C("proctor-02"));
  ASSERT_TRUE(mine.ok()) << mine.status().ToString();
  EXPECT_TRUE(std::any_of(mine->begin(), mine->end(), [&](const MySession& m) {
    return m.session.id == s.s2;
  }));
  EXPECT_FALSE(std::any_of(mine->begin(), mine->end(), [&](const MySession& m) {
    return m.session.id == s.s1;
  }));
  auto sup = exam().MySessions(C("supervisor-01"));
  ASSERT_TRUE(sup.ok());
  EXPECT_GE(sup->size(), 2u);
}

}  // namespace
}  // namespace zxkh::service
