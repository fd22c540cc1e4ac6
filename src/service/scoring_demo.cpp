// Demo scoring (R-EXA-10, R-EXA-11) for `zxkh serve --demo`: the first
// session of Z370211P001's approved December batch gets its candidates'
// attendance and the scores of its three examiners, is signed off by the
// group leader, and the batch's results go into publicity (with one
// objection, dismissed, and its message to the institution). Data is written
// directly: the exam day lies in the future of the demo's clock. When the
// exam-day demo has not assigned candidates yet, four registrations of the
// 2026 ZX01001 item are made and assigned to the session here.
#include <algorithm>
#include <map>
#include <string>

#include "common/calendar.hpp"
#include "common/codes.hpp"
#include "common/validators.hpp"
#include "domain/exam_results.hpp"
#include "domain/scoring.hpp"
#include "service/demo_data.hpp"
#include "service/scoring_service.hpp"
#include "store/calendar_repository.hpp"
#include "store/registration_repository.hpp"

namespace zxkh::service {
namespace {

using store::Connection;
using store::Row;
using store::Value;
constexpr int64_t kDay = 24LL * 3600 * 1000;

std::string DemoResidentId(std::string_view first17) {
  return std::string(first17) + ResidentIdCheckChar(first17);
}

}  // namespace

Status SeedDemoScoring(Connection& c, const Clock& clock,
                       const PiiCipher& pii) {
  const int64_t now = clock.NowUnixMillis();
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> batches,
      c.Rows("SELECT b.id, b.institution_id FROM batch_plans b JOIN "
             "institutions i ON i.id = b.institution_id WHERE i.code = "
             "'Z370211P001' AND b.state = 'approved' ORDER BY b.id",
             {}));
  if (batches.empty()) return Status::Ok();
  const int64_t batch_id = batches[0].Int(0);
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> sessions,
      c.Rows("SELECT id FROM batch_sessions WHERE batch_id = ? AND paper_id "
             "IS NOT NULL ORDER BY position, id",
             {batch_id}));
  if (sessions.empty()) return Status::Ok();
  const int64_t session_id = sessions[0].Int(0);

  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> cands,
      c.Rows("SELECT registration_id FROM batch_session_candidates WHERE "
             "session_id = ? ORDER BY seat, registration_id",
             {session_id}));
  if (cands.empty()) {
    ZXKH_ASSIGN_OR_RETURN(
        std::vector<Row> items,
        c.Rows("SELECT it.id FROM annual_plan_items it JOIN annual_plans p ON "
               "p.id = it.plan_id JOIN institutions i ON i.id = "
               "p.institution_id WHERE i.code = 'Z370211P001' AND p.year = "
               "2026 AND it.project_code = 'ZX01001' ORDER BY it.id",
               {}));
    if (items.empty()) return Status::Ok();
    store::RegistrationRepository repo(c);
    ZXKH_ASSIGN_OR_RETURN(store::RegistrableItemRow item,
                          repo.GetItem(items[0].Int(0)));
    struct P {
      const char* name;
      const char* first17;
      const char* phone;
    };
    const P people[] = {
        {"孙晓燕", "37021119900412006", "13700000011"},
        {"陈建国", "37021119860903007", "13700000012"},
        {"周丽娜", "37021119950117008", "13700000013"},
        {"吴海涛", "37021119880626009", "13700000014"},
    };
    int seat = 0;
    for (const auto& p : people) {
      const std::string id = DemoResidentId(p.first17);
      ZXKH_ASSIGN_OR_RETURN(Date birth, ResidentIdBirthDate(id));
      ZXKH_ASSIGN_OR_RETURN(
          int64_t person,
          repo.InsertPerson(p.name, "resident_id", pii.LookupHash(id),
                            pii.Encrypt(id), MaskIdNumber(id), birth.ToString(),
                            p.phone, "", now - 30 * kDay));
      store::RegistrationRow g;
      g.plan_item_id = item.id;
      g.person_id = person;
      g.project_code = item.project_code;
      g.institution_id = item.institution_id;
      g.district_code = item.district_code;
      g.source = domain::RegistrationSource::kInstitution;
      g.phone = p.phone;
      g.created_at = g.updated_at = now - 30 * kDay;
      ZXKH_ASSIGN_OR_RETURN(int64_t reg, repo.Insert(g));
      ZXKH_RETURN_IF_ERROR(
          c.Exec("INSERT INTO batch_session_candidates (session_id, "
                 "registration_id, seat) VALUES (?, ?, ?)",
                 {session_id, reg, std::to_string(++seat)})
              .status());
    }
    ZXKH_ASSIGN_OR_RETURN(
        cands,
        c.Rows("SELECT registration_id FROM batch_session_candidates WHERE "
               "session_id = ? ORDER BY seat, registration_id",
               {session_id}));
  }

  // Attendance: all present but the last (absent).
  for (std::size_t i = 0; i < cands.size(); ++i) {
    const bool present = i + 1 < cands.size() || cands.size() == 1;
    ZXKH_RETURN_IF_ERROR(
        c.Exec("UPDATE batch_session_candidates SET attendance = ?, "
               "signed_in_at = ? WHERE session_id = ? AND registration_id = ?",
               {std::string(present ? "present" : "absent"),
                present ? Value(now - 2 * kDay) : Value(), session_id,
                cands[i].Int(0)})
            .status());
    ZXKH_RETURN_IF_ERROR(
        c.Exec("UPDATE registrations SET state = ? WHERE id = ? AND state = "
               "'registered'",
               {std::string(present ? "sat" : "absent"), cands[i].Int(0)})
            .status());
  }

  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rubric,
      c.Rows("SELECT r.position, r.max_points FROM paper_assignments pa JOIN "
             "bank_set_rubric r ON r.set_id = pa.set_id WHERE pa.session_ref "
             "= ? ORDER BY r.position",
             {"session-" + std::to_string(session_id)}));
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> examiners,
      c.Rows("SELECT s.person_id, s.group_leader, u.id FROM batch_staff s "
             "LEFT JOIN users u ON u.person_id = s.person_id WHERE "
             "s.session_id = ? AND s.role = 'examiner' ORDER BY "
             "s.group_leader DESC, s.id",
             {session_id}));
  if (rubric.empty() || examiners.empty()) return Status::Ok();
  const Value leader_user =
      examiners[0].IsNull(2) ? Value() : Value(examiners[0].Int(2));

  // Percent of each item's maximum per candidate; examiners differ a little.
  const int base_percent[] = {86, 74, 52, 91, 68};
  for (std::size_t j = 0; j < cands.size(); ++j) {
    if (j + 1 == cands.size() && cands.size() > 1) break;  // the absentee
    const int64_t reg = cands[j].Int(0);
    std::vector<int> totals;
    for (std::size_t e = 0; e < examiners.size(); ++e) {
      int total = 0;
      for (std::size_t k = 0; k < rubric.size(); ++k) {
        const int max = static_cast<int>(rubric[k].Int(1)) * 10;
        int pct = base_percent[j % 5] + static_cast<int>(e * 3 + k) % 5 - 2;
        pct = std::max(0, std::min(100, pct));
        const int pts = max * pct / 100;
        total += pts;
        ZXKH_RETURN_IF_ERROR(
            c.Exec(
                 "INSERT INTO score_entries (session_id, registration_id, "
                 "examiner_person_id, position, points_tenths, entered_by, "
                 "entered_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                 {session_id, reg, examiners[e].Int(0), rubric[k].Int(0),
                  int64_t{pts},
                  examiners[e].IsNull(2) ? Value() : Value(examiners[e].Int(2)),
                  now - 2 * kDay})
                .status());
      }
      totals.push_back(total);
    }
    const int fin = domain::FinalScoreTenths(totals);
    ZXKH_RETURN_IF_ERROR(
        c.Exec("INSERT INTO final_scores (registration_id, session_id, "
               "batch_id, final_tenths, passed, locked_by, computed_at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)",
               {reg, session_id, batch_id, int64_t{fin},
                int64_t{domain::Passes(fin) ? 1 : 0}, leader_user,
                now - 2 * kDay})
            .status());
  }
  ZXKH_RETURN_IF_ERROR(
      c.Exec("INSERT INTO score_sheets (session_id, batch_id, locked_by, "
             "locked_at) VALUES (?, ?, ?, ?)",
             {session_id, batch_id, leader_user, now - 2 * kDay})
          .status());

  // Results publicity from today for 5 working days.
  ZXKH_ASSIGN_OR_RETURN(WorkdayCalendar calendar,
                        store::CalendarRepository(c).Load());
  const Date today = clock.Today();
  auto end = domain::ResultsPublicityEnd(calendar, today);
  if (!end.ok()) return Status::Ok();  // the calendar does not cover today
  ZXKH_ASSIGN_OR_RETURN(Row op, c.One("SELECT id FROM users WHERE username = ?",
                                      {std::string("inst-Z370211P001")}));
  ZXKH_RETURN_IF_ERROR(
      c.Exec("INSERT INTO batch_results (batch_id, state, publicity_start, "
             "publicity_end, opened_by, opened_at, updated_at) VALUES (?, "
             "'publicizing', ?, ?, ?, ?, ?)",
             {batch_id, today.ToString(), end->ToString(), op.Int(0), now, now})
          .status());

  // An objection of the first day, already dismissed by the institution
  // (so nothing blocks closing the publicity), and its in-app message.
  if (cands.empty()) return Status::Ok();
  ZXKH_RETURN_IF_ERROR(
      c.Exec("INSERT INTO results_objections (batch_id, registration_id, "
             "filed_at, name, contact, content, status, decision_note, "
             "decided_by, decided_at) VALUES (?, ?, ?, '孙先生', "
             "'0532-86661234', ?, 'dismissed', ?, ?, ?)",
             {batch_id, cands[0].Int(0), now,
              std::string("该考生考核当天迟到，是否仍按时完成了全部操作？"),
              std::string("经查签到记录和录像，该考生开考前 20 分钟签到，"
                          "按时完成操作，异议不成立。"),
              op.Int(0), now})
          .status());
  ZXKH_ASSIGN_OR_RETURN(store::BatchRow b,
                        store::BatchRepository(c).Get(batch_id));
  return store::NotificationRepository(c).ToInstitution(
      b.institution_id, ResultsObjectionMessage(b), now);
}

}  // namespace zxkh::service
