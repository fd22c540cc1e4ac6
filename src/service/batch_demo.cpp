// Demo batch plans (zxkh serve --demo), all of Z370211P001 (青岛西海岸新区职业
// 技能培训学校) for ZX01001 胶东花饽饽制作 in December 2026, within its
// published 2026 annual plan (added here, with the city's 2026 announcement):
//   - 第一批, 2026-12-14, two sessions, staffed from the demo pool,
//     approved by 黄岛区 and the city, papers assigned;
//   - 第二批, 2026-12-21, one session, submitted, awaiting 黄岛区's review;
//   - 第三批, 2026-12-28, a draft, not fully staffed yet.
#include "common/calendar.hpp"
#include "domain/annual_plan.hpp"
#include "service/batch_service.hpp"
#include "service/demo_data.hpp"
#include "service/question_bank_service.hpp"
#include "store/batch_repository.hpp"

namespace zxkh::service {
namespace {

using store::BatchRepository;
using store::Connection;

constexpr int64_t kDay = 24LL * 3600 * 1000;

struct DemoSession {
  const char* date;
  const char* start;
  const char* end;
  const char* room;
  int capacity;
  std::vector<const char*> examiners;  // the first is the group leader
  std::vector<const char*> proctors;
};

struct DemoBatch {
  const char* title;
  const char* state;  // draft | submitted | approved
  int expected;
  std::vector<DemoSession> sessions;
  std::vector<const char*> supervisors;
};

Result<int64_t> IdOf(Connection& c, std::string_view sql,
                     const std::string& key) {
  ZXKH_ASSIGN_OR_RETURN(store::Row r, c.One(sql, {key}, "seed.demo_missing"));
  return r.Int(0);
}

Status Event(Connection& c, int64_t batch, int64_t at, int64_t user,
             const char* action, const char* from, const char* to) {
  store::BatchEventRow e;
  e.batch_id = batch;
  e.at = at;
  e.user_id = user;
  e.action = action;
  e.from_state = from;
  e.to_state = to;
  return BatchRepository(c).InsertEvent(e);
}

}  // namespace

Status SeedDemoBatches(Connection& c, const Clock& clock) {
  const int64_t now = clock.NowUnixMillis();
  ZXKH_ASSIGN_OR_RETURN(
      int64_t inst,
      IdOf(c, "SELECT id FROM institutions WHERE code = ?", "Z370211P001"));
  const std::string_view user_sql = "SELECT id FROM users WHERE username = ?";
  ZXKH_ASSIGN_OR_RETURN(int64_t city, IdOf(c, user_sql, "city"));
  ZXKH_ASSIGN_OR_RETURN(int64_t district, IdOf(c, user_sql, "district-370211"));
  ZXKH_ASSIGN_OR_RETURN(int64_t admin, IdOf(c, user_sql, "inst-Z370211P001"));

  // The published 2026 plan the batches belong to; reused when another
  // part of the demo has already made it.
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<store::Row> announcements,
      c.Rows("SELECT id FROM plan_announcements WHERE year = 2026", {}));
  int64_t announcement = 0;
  if (!announcements.empty()) {
    announcement = announcements.front().Int(0);
  } else {
    ZXKH_ASSIGN_OR_RETURN(
        store::Row row,
        c.One("INSERT INTO plan_announcements (year, title, published_at, "
              "published_by, revision, updated_at) VALUES (2026, ?, ?, ?, 1, "
              "?) RETURNING id",
              {domain::AnnouncementTitle(2026), now - 60 * kDay, city,
               now - 60 * kDay}));
    announcement = row.Int(0);
  }
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<store::Row> plans,
      c.Rows("SELECT id FROM annual_plans WHERE institution_id = ? AND year "
             "= 2026",
             {inst}));
  int64_t plan = 0;
  if (!plans.empty()) {
    plan = plans.front().Int(0);
  } else {
    ZXKH_ASSIGN_OR_RETURN(
        store::Row row,
        c.One("INSERT INTO annual_plans (institution_id, year, state, "
              "submitted_at, decided_by, decided_at, announcement_id, "
              "created_at, updated_at) VALUES (?, 2026, 'published', ?, ?, ?, "
              "?, ?, ?) RETURNING id",
              {inst, now - 70 * kDay, district, now - 65 * kDay, announcement,
               now - 75 * kDay, now - 60 * kDay}));
    plan = row.Int(0);
  }
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<store::Row> items,
      c.Rows("SELECT id FROM annual_plan_items WHERE plan_id = ? AND "
             "project_code = 'ZX01001'",
             {plan}));
  if (items.empty()) {
    ZXKH_RETURN_IF_ERROR(
        c.Exec("INSERT INTO annual_plan_items (plan_id, project_code, months, "
               "exam_date, expected_count, venue, requirements, fee_fen, "
               "contact_name, contact_phone, position) VALUES (?, 'ZX01001', "
               "'12', '2026-12-14', 150, '黄岛区长江中路216号实训楼', "
               "'年满16周岁', 15000, '王老师', '0532-86981234', 1)",
               {plan})
            .status());
  }

  const std::vector<DemoBatch> batches = {
      {"2026年12月胶东花饽饽制作专项考核（第一批）",
       "approved",
       50,
       {{"2026-12-14",
         "08:30",
         "11:30",
         "实训楼201",
         30,
         {"examiner-01", "examiner-02", "examiner-04"},
         {"proctor-01", "proctor-03"}},
        {"2026-12-14",
         "14:00",
         "17:00",
         "实训楼201",
         30,
         {"examiner-03", "examiner-06", "examiner-02"},
         {"proctor-02", "proctor-04"}}},
       {"supervisor-01", "supervisor-02"}},
      {"2026年12月胶东花饽饽制作专项考核（第二批）",
       "submitted",
       25,
       {{"2026-12-21",
         "09:00",
         "12:00",
         "实训楼202",
         30,
         {"examiner-01", "examiner-03", "examiner-04"},
         {"proctor-01", "proctor-02"}}},
       {"supervisor-01"}},
      {"2026年12月胶东花饽饽制作专项考核（第三批）",
       "draft",
       20,
       {{"2026-12-28", "09:00", "12:00", "实训楼201", 30, {"examiner-02"}, {}}},
       {}},
  };

  BatchRepository repo(c);
  for (const auto& d : batches) {
    store::BatchRow b;
    b.institution_id = inst;
    b.project_code = "ZX01001";
    b.title = d.title;
    b.venue_kind = "fixed_site";
    b.venue_address = "黄岛区长江中路216号实训楼";
    b.process =
        "考生 8:00 起凭身份证签到入场；考评组长宣读考场规则；按试题完成花饽饽"
        "制作（和面、造型、蒸制、装饰）；考评员按评分细则独立评分，组长汇总。";
    b.room_preparation =
        "每名考生一套操作台、蒸锅、刀具和原料；考场张贴考场规则、考场纪律和"
        "安全须知；配备灭火器和急救箱。";
    b.rules_text = "考生凭身份证和准考证入场，按指定工位操作，不得交谈。";
    b.discipline_text =
        "不得携带资料和通讯工具进入考场；违纪者由监考人员记录，视情节终止考核"
        "。";
    b.safety_notes = "使用蒸锅和刀具注意安全；发生烫伤立即报告监考人员。";
    b.expected_count = d.expected;
    b.created_by = admin;
    ZXKH_ASSIGN_OR_RETURN(int64_t id, repo.Insert(b, now - 20 * kDay));
    ZXKH_ASSIGN_OR_RETURN(b, repo.Get(id));
    int position = 0;
    for (const auto& s : d.sessions) {
      store::BatchSessionRow r;
      r.batch_id = id;
      r.position = ++position;
      r.exam_date = s.date;
      r.start_time = s.start;
      r.end_time = s.end;
      const Date date = *Date::Parse(s.date);
      const int64_t midnight = Clock::UnixMillisAt(date, 0);
      auto minutes = [](const char* hm) {
        return ((hm[0] - '0') * 10 + (hm[1] - '0')) * 60 + (hm[3] - '0') * 10 +
               (hm[4] - '0');
      };
      r.start_ms = midnight + int64_t{minutes(s.start)} * 60000;
      r.end_ms = midnight + int64_t{minutes(s.end)} * 60000;
      r.room = s.room;
      r.capacity = s.capacity;
      ZXKH_ASSIGN_OR_RETURN(r.id, repo.InsertSession(r));
      if (!b.first_date || r.exam_date < *b.first_date) {
        b.first_date = r.exam_date;
      }
      if (!b.last_date || *b.last_date < r.exam_date) b.last_date = r.exam_date;
      auto staff = [&](const char* username, const char* role, bool leader,
                       std::optional<int64_t> session) -> Status {
        ZXKH_ASSIGN_OR_RETURN(
            store::Row m,
            c.One("SELECT m.id, m.person_id, m.external FROM staff_members m "
                  "JOIN users u ON u.id = m.user_id WHERE u.username = ?",
                  {std::string(username)}, "seed.staff_missing"));
        store::BatchStaffRow a;
        a.batch_id = id;
        a.session_id = session;
        a.staff_id = m.Int(0);
        a.person_id = m.Int(1);
        a.role = role;
        a.group_leader = leader;
        a.external = m.Int(2) != 0;
        return repo.InsertStaff(a);
      };
      bool first = true;
      for (const char* e : s.examiners) {
        ZXKH_RETURN_IF_ERROR(staff(e, "examiner", first, r.id));
        first = false;
      }
      for (const char* p : s.proctors) {
        ZXKH_RETURN_IF_ERROR(staff(p, "proctor", false, r.id));
      }
      if (position == 1) {
        for (const char* p : d.supervisors) {
          ZXKH_RETURN_IF_ERROR(staff(p, "supervisor", false, std::nullopt));
        }
      }
    }
    b.updated_at = now - 20 * kDay;
    ZXKH_RETURN_IF_ERROR(
        Event(c, id, now - 20 * kDay, admin, "create", "draft", "draft"));
    const std::string state = d.state;
    if (state != "draft") {
      b.state = domain::BatchState::kSubmitted;
      b.submitted_at = now - 10 * kDay;
      ZXKH_ASSIGN_OR_RETURN(auto sessions, repo.Sessions(id));
      ZXKH_ASSIGN_OR_RETURN(auto staff, repo.Staff(id));
      ZXKH_ASSIGN_OR_RETURN(
          int64_t snapshot,
          repo.InsertSnapshot(id, 1,
                              BatchService::SnapshotJson(b, sessions, staff),
                              now - 10 * kDay));
      ZXKH_RETURN_IF_ERROR(
          Event(c, id, now - 10 * kDay, admin, "submit", "draft", "submitted"));
      if (state == "approved") {
        b.state = domain::BatchState::kApproved;
        b.district_decided_at = now - 8 * kDay;
        b.approved_at = now - 6 * kDay;
        b.approved_snapshot_id = snapshot;
        ZXKH_RETURN_IF_ERROR(Event(c, id, now - 8 * kDay, district,
                                   "district_approve", "submitted",
                                   "district_approved"));
        ZXKH_RETURN_IF_ERROR(Event(c, id, now - 6 * kDay, city, "city_approve",
                                   "district_approved", "approved"));
        for (const auto& s : sessions) {
          PaperRequest req;
          req.project_code = "ZX01001";
          req.session_ref = "session-" + std::to_string(s.id);
          req.session_start_ms = s.start_ms;
          ZXKH_ASSIGN_OR_RETURN(store::PaperRow paper,
                                QuestionBankService::AssignPaperIn(
                                    c, inst, req, city, now - 6 * kDay));
          ZXKH_RETURN_IF_ERROR(repo.SetSessionPaper(s.id, paper.id));
        }
      }
    }
    ZXKH_RETURN_IF_ERROR(repo.Save(b, domain::BatchState::kDraft));
  }
  return Status::Ok();
}

}  // namespace zxkh::service
