#include "service/scoring_service.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "common/text.hpp"
#include "docs/pdf.hpp"
#include "docs/xlsx_writer.hpp"
#include "domain/scoring.hpp"
#include "service/audit_service.hpp"
#include "store/batch_repository.hpp"
#include "store/notification_repository.hpp"

namespace zxkh::service {

using domain::Caller;
using domain::ResultsState;
using domain::Role;
using store::BatchRepository;
using store::BatchRow;
using store::Connection;
using store::Database;
using store::Message;
using store::NotificationRepository;
using store::Row;
using store::Value;

namespace {

Status SessionNotFound() {
  return Status::NotFound("scoring.session_not_found", "考核场次不存在");
}
Status BatchNotFound() {
  return Status::NotFound("results.batch_not_found", "考核批次不存在");
}

bool IsInstitution(const Caller& c) {
  return c.role == Role::kInstitutionAdmin ||
         c.role == Role::kInstitutionOperator;
}

// Officers reading a batch (approved batches only carry scores).
bool OfficerInScope(const Caller& c, const BatchRow& b) {
  switch (c.role) {
    case Role::kProvince:
    case Role::kCity:
      return true;
    case Role::kDistrict:
      return c.district_code && *c.district_code == b.district_code;
    case Role::kInstitutionAdmin:
    case Role::kInstitutionOperator:
      return c.institution_id && *c.institution_id == b.institution_id;
    default:
      return false;
  }
}

Result<std::optional<int64_t>> PersonOf(Connection& c, const Caller& caller) {
  if (caller.user_id <= 0) return std::optional<int64_t>();
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c.Rows("SELECT person_id FROM users WHERE id = ?", {caller.user_id}));
  if (rows.empty() || rows[0].IsNull(0)) return std::optional<int64_t>();
  return std::optional<int64_t>(rows[0].Int(0));
}

struct SessionCtx {
  BatchRow batch;
  store::BatchSessionRow session;
  std::optional<int64_t> person;  // the caller's
  bool examiner = false;
  bool group_leader = false;
  bool locked = false;
};

// Loads a session with the caller's relation to it, applying the scope.
Result<SessionCtx> LoadSession(Connection& c, const Caller& caller,
                               int64_t session_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> srow,
      c.Rows("SELECT batch_id FROM batch_sessions WHERE id = ?", {session_id}));
  if (srow.empty()) return SessionNotFound();
  SessionCtx ctx;
  auto b = BatchRepository(c).Get(srow[0].Int(0));
  if (!b.ok()) return SessionNotFound();
  ctx.batch = std::move(*b);
  if (ctx.batch.state != domain::BatchState::kApproved) {
    return SessionNotFound();
  }
  ZXKH_ASSIGN_OR_RETURN(auto sessions,
                        BatchRepository(c).Sessions(ctx.batch.id));
  for (auto& s : sessions) {
    if (s.id == session_id) ctx.session = s;
  }
  ZXKH_ASSIGN_OR_RETURN(ctx.person, PersonOf(c, caller));
  if (caller.role == Role::kExaminer) {
    if (!ctx.person) return SessionNotFound();
    ZXKH_ASSIGN_OR_RETURN(
        std::vector<Row> staff,
        c.Rows("SELECT session_id, role, group_leader FROM batch_staff WHERE "
               "batch_id = ? AND person_id = ?",
               {ctx.batch.id, *ctx.person}));
    if (staff.empty()) return SessionNotFound();
    for (const auto& r : staff) {
      if (!r.IsNull(0) && r.Int(0) == session_id && r.Text(1) == "examiner") {
        ctx.examiner = true;
        ctx.group_leader = r.Int(2) != 0;
      }
    }
    // Staff of the batch, not an examiner of this session: they know the
    // session exists, so say why (scope decision, see the header).
    if (!ctx.examiner) {
      return domain::CheckCanScore({.caller_is_session_examiner = false});
    }
  } else if (!OfficerInScope(caller, ctx.batch)) {
    return SessionNotFound();
  }
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> lock,
      c.Rows("SELECT 1 FROM score_sheets WHERE session_id = ?", {session_id}));
  ctx.locked = !lock.empty();
  return ctx;
}

Status NotExaminer() {
  return domain::CheckCanScore({.caller_is_session_examiner = false});
}

Result<std::vector<RubricItemView>> Rubric(Connection& c, int64_t session_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c.Rows("SELECT r.position, r.description, r.standard, r.max_points "
             "FROM paper_assignments pa JOIN bank_set_rubric r ON r.set_id = "
             "pa.set_id WHERE pa.session_ref = ? ORDER BY r.position",
             {"session-" + std::to_string(session_id)}));
  std::vector<RubricItemView> out;
  for (const auto& r : rows) {
    out.push_back({static_cast<int>(r.Int(0)), r.Text(1), r.Text(2),
                   static_cast<int>(r.Int(3)) * 10});
  }
  return out;
}

Result<std::vector<ExaminerView>> Examiners(Connection& c, int64_t session_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c.Rows("SELECT s.person_id, p.name, s.group_leader FROM batch_staff s "
             "JOIN persons p ON p.id = s.person_id WHERE s.session_id = ? AND "
             "s.role = 'examiner' ORDER BY s.group_leader DESC, s.id",
             {session_id}));
  std::vector<ExaminerView> out;
  for (const auto& r : rows) {
    out.push_back({r.Int(0), r.Text(1), r.Int(2) != 0});
  }
  return out;
}

// examiner person → registration → position → tenths
using Entries = std::map<int64_t, std::map<int64_t, std::map<int, int>>>;

Result<Entries> LoadEntries(Connection& c, int64_t session_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c.Rows("SELECT examiner_person_id, registration_id, position, "
             "points_tenths FROM score_entries WHERE session_id = ?",
             {session_id}));
  Entries e;
  for (const auto& r : rows) {
    e[r.Int(0)][r.Int(1)][static_cast<int>(r.Int(2))] =
        static_cast<int>(r.Int(3));
  }
  return e;
}

int TotalOf(const std::map<int, int>& items) {
  int t = 0;
  for (const auto& [pos, v] : items) t += v;
  return t;
}

Result<ScoreSheet> BuildSheet(Connection& c, const SessionCtx& ctx) {
  ScoreSheet sh;
  const int64_t sid = ctx.session.id;
  sh.session.session_id = sid;
  sh.session.batch_id = ctx.batch.id;
  sh.session.batch_title = ctx.batch.title;
  sh.session.project_code = ctx.batch.project_code;
  sh.session.project_name = ctx.batch.project_name;
  sh.session.institution_name = ctx.batch.institution_name;
  sh.session.date = ctx.session.exam_date;
  sh.session.start = ctx.session.start_time;
  sh.session.end = ctx.session.end_time;
  sh.session.room = ctx.session.room;
  sh.session.group_leader = ctx.group_leader;
  sh.session.locked = ctx.locked;
  sh.caller_is_examiner = ctx.examiner;
  sh.caller_person_id = ctx.person;
  ZXKH_ASSIGN_OR_RETURN(sh.rubric, Rubric(c, sid));
  ZXKH_ASSIGN_OR_RETURN(sh.examiners, Examiners(c, sid));
  ZXKH_ASSIGN_OR_RETURN(Entries entries, LoadEntries(c, sid));
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c.Rows("SELECT sc.registration_id, p.name, p.id_masked, sc.seat, "
             "sc.attendance, f.final_tenths, f.passed FROM "
             "batch_session_candidates sc JOIN registrations r ON r.id = "
             "sc.registration_id JOIN persons p ON p.id = r.person_id LEFT "
             "JOIN final_scores f ON f.registration_id = sc.registration_id "
             "WHERE sc.session_id = ? ORDER BY sc.seat, sc.registration_id",
             {sid}));
  // An ordinary examiner sees only their own scores; the group leader and
  // officers see every examiner's totals.
  const bool sees_all = !ctx.examiner || ctx.group_leader;
  for (const auto& r : rows) {
    CandidateView cv;
    cv.registration_id = r.Int(0);
    cv.name = r.Text(1);
    cv.id_masked = r.Text(2);
    cv.seat = r.Text(3);
    cv.attendance = r.Text(4);
    if (!r.IsNull(5)) {
      cv.final_tenths = static_cast<int>(r.Int(5));
      cv.passed = r.Int(6) != 0;
    }
    for (const auto& ex : sh.examiners) {
      auto e = entries.find(ex.person_id);
      if (e == entries.end()) continue;
      auto it = e->second.find(cv.registration_id);
      if (it == e->second.end()) {
        continue;
      }
      if (sees_all || (ctx.person && *ctx.person == ex.person_id)) {
        cv.totals.emplace_back(ex.person_id, TotalOf(it->second));
      }
      if (ctx.person && *ctx.person == ex.person_id) {
        for (const auto& [pos, v] : it->second) cv.my_items.push_back(v);
      }
    }
    if (cv.attendance == "present") {
      ++sh.session.present;
      for (const auto& ex : sh.examiners) {
        auto e = entries.find(ex.person_id);
        if (e == entries.end() || !e->second.contains(cv.registration_id)) {
          ++sh.missing_scores;
        }
      }
    }
    sh.candidates.push_back(std::move(cv));
  }
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> lock,
      c.Rows("SELECT locked_by, locked_at FROM score_sheets WHERE "
             "session_id = ?",
             {sid}));
  if (!lock.empty()) {
    sh.locked_by = lock[0].OptInt(0);
    sh.locked_at = lock[0].Int(1);
  }
  if (sees_all) {
    ZXKH_ASSIGN_OR_RETURN(
        std::vector<Row> corr,
        c.Rows("SELECT id, registration_id, examiner_person_id, "
               "before_tenths, after_tenths, reason, corrected_at FROM "
               "score_corrections WHERE session_id = ? ORDER BY id",
               {sid}));
    for (const auto& r : corr) {
      sh.corrections.push_back(
          {r.Int(0), r.Int(1), r.Int(2), static_cast<int>(r.Int(3)),
           static_cast<int>(r.Int(4)), r.Text(5), r.Int(6)});
    }
  }
  return sh;
}

// Validates item scores against the rubric.
Status CheckItems(const std::vector<RubricItemView>& rubric,
                  const std::vector<int>& points) {
  if (rubric.empty()) {
    return Status::FailedPrecondition("scoring.no_rubric",
                                      "该场次尚未分配试卷，无法评分");
  }
  std::vector<domain::ItemScore> items;
  for (std::size_t i = 0; i < points.size(); ++i) {
    items.push_back({i < rubric.size() ? rubric[i].max_tenths : 0, points[i]});
  }
  return domain::ValidateItemScores(items, rubric.size());
}

Status WriteEntries(Connection& c, int64_t session_id, int64_t registration_id,
                    int64_t examiner, const std::vector<RubricItemView>& rubric,
                    const std::vector<int>& points, int64_t user_id,
                    int64_t now) {
  ZXKH_RETURN_IF_ERROR(
      c.Exec("DELETE FROM score_entries WHERE session_id = ? AND "
             "registration_id = ? AND examiner_person_id = ?",
             {session_id, registration_id, examiner})
          .status());
  for (std::size_t i = 0; i < rubric.size(); ++i) {
    ZXKH_RETURN_IF_ERROR(
        c.Exec("INSERT INTO score_entries (session_id, registration_id, "
               "examiner_person_id, position, points_tenths, entered_by, "
               "entered_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
               {session_id, registration_id, examiner,
                int64_t{rubric[i].position}, int64_t{points[i]},
                user_id > 0 ? Value(user_id) : Value(), now})
            .status());
  }
  return Status::Ok();
}

// The final score of one registration from every examiner's total.
Result<int> ComputeFinal(Connection& c, int64_t session_id,
                         int64_t registration_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c.Rows("SELECT SUM(points_tenths) FROM score_entries WHERE session_id "
             "= ? AND registration_id = ? GROUP BY examiner_person_id",
             {session_id, registration_id}));
  std::vector<int> totals;
  for (const auto& r : rows) totals.push_back(static_cast<int>(r.Int(0)));
  if (totals.empty()) {
    return Status::FailedPrecondition("scoring.incomplete", "该考生尚无评分");
  }
  return domain::FinalScoreTenths(totals);
}

Status StoreFinal(Connection& c, const SessionCtx& ctx, int64_t registration_id,
                  int final_tenths, int64_t user_id, int64_t now) {
  ZXKH_RETURN_IF_ERROR(
      c.Exec("DELETE FROM final_scores WHERE registration_id = ?",
             {registration_id})
          .status());
  return c
      .Exec(
          "INSERT INTO final_scores (registration_id, session_id, batch_id, "
          "final_tenths, passed, locked_by, computed_at) VALUES (?, ?, ?, "
          "?, ?, ?, ?)",
          {registration_id, ctx.session.id, ctx.batch.id, int64_t{final_tenths},
           int64_t{domain::Passes(final_tenths) ? 1 : 0},
           user_id > 0 ? Value(user_id) : Value(), now})
      .status();
}

Status Audit(Connection& c, const Caller& caller, int64_t now,
             std::string action, std::string type, int64_t id,
             std::string summary, const BatchRow& b) {
  return AuditService::Record(
      c, caller, now, std::move(action), std::move(type), std::to_string(id),
      std::move(summary), b.district_code, b.institution_id);
}

// ---- results ----

// In-app messages of the results flow point at the batch's results page.
Message ResultsMessage(const BatchRow& b, std::string title, std::string what) {
  return Message{std::move(title),
                 b.institution_name + "「" + b.title + "」" + std::move(what),
                 "/admin/results/" + std::to_string(b.id)};
}

struct ResultsRow {
  ResultsState state = ResultsState::kPublicizing;
  std::string start;
  std::string end;
  std::string return_reason;
};

Result<std::optional<ResultsRow>> LoadResultsRow(Connection& c,
                                                 int64_t batch_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c.Rows("SELECT state, publicity_start, publicity_end, return_reason "
             "FROM batch_results WHERE batch_id = ?",
             {batch_id}));
  if (rows.empty()) return std::optional<ResultsRow>();
  ResultsRow r;
  r.state = domain::ParseResultsState(rows[0].Text(0))
                .value_or(ResultsState::kPublicizing);
  r.start = rows[0].Text(1);
  r.end = rows[0].Text(2);
  r.return_reason = rows[0].Text(3);
  return std::optional<ResultsRow>(r);
}

Result<BatchRow> LoadBatchScoped(Connection& c, const Caller& caller,
                                 int64_t batch_id) {
  auto b = BatchRepository(c).Get(batch_id);
  if (!b.ok()) return BatchNotFound();
  if (b->state != domain::BatchState::kApproved) return BatchNotFound();
  if (!OfficerInScope(caller, *b)) return BatchNotFound();
  if (caller.role == Role::kDistrict || caller.role == Role::kCity ||
      caller.role == Role::kProvince) {
    // Reviewers see results once they exist.
    ZXKH_ASSIGN_OR_RETURN(auto r, LoadResultsRow(c, batch_id));
    if (!r) return BatchNotFound();
  }
  return b;
}

Result<std::vector<ResultLine>> Lines(Connection& c, int64_t batch_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c.Rows("SELECT f.registration_id, p.id, p.name, p.id_masked, "
             "f.final_tenths, f.passed, r.state FROM final_scores f JOIN "
             "registrations r ON r.id = f.registration_id JOIN persons p ON "
             "p.id = r.person_id WHERE f.batch_id = ? ORDER BY "
             "f.registration_id",
             {batch_id}));
  std::vector<ResultLine> out;
  for (const auto& r : rows) {
    ResultLine l;
    l.registration_id = r.Int(0);
    l.person_id = r.Int(1);
    l.name = r.Text(2);
    l.id_masked = r.Text(3);
    l.final_tenths = static_cast<int>(r.Int(4));
    l.passed = r.Int(5) != 0;
    l.registration_state = r.Text(6);
    out.push_back(std::move(l));
  }
  return out;
}

Result<BatchResults> BuildResults(Connection& c, const BatchRow& b) {
  BatchResults out;
  out.batch_id = b.id;
  out.batch_title = b.title;
  out.project_code = b.project_code;
  out.project_name = b.project_name;
  out.institution_id = b.institution_id;
  out.institution_name = b.institution_name;
  out.district_code = b.district_code;
  ZXKH_ASSIGN_OR_RETURN(
      Row counts,
      c.One("SELECT COUNT(*), COUNT(sh.session_id) FROM batch_sessions s "
            "LEFT JOIN score_sheets sh ON sh.session_id = s.id WHERE "
            "s.batch_id = ?",
            {b.id}));
  out.sessions = static_cast<int>(counts.Int(0));
  out.locked_sessions = static_cast<int>(counts.Int(1));
  ZXKH_ASSIGN_OR_RETURN(auto row, LoadResultsRow(c, b.id));
  if (row) {
    out.state = row->state;
    out.publicity_start = row->start;
    out.publicity_end = row->end;
    out.return_reason = row->return_reason;
  }
  ZXKH_ASSIGN_OR_RETURN(out.lines, Lines(c, b.id));
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> obj,
      c.Rows("SELECT o.id, o.registration_id, p.name, o.filed_at, o.name, "
             "o.contact, o.content, o.status, o.decision_note, o.decided_at "
             "FROM results_objections o JOIN registrations r ON r.id = "
             "o.registration_id JOIN persons p ON p.id = r.person_id WHERE "
             "o.batch_id = ? ORDER BY o.id",
             {b.id}));
  for (const auto& r : obj) {
    ObjectionView v;
    v.id = r.Int(0);
    v.registration_id = r.Int(1);
    v.candidate_name = r.Text(2);
    v.filed_at = r.Int(3);
    v.name = r.Text(4);
    v.contact = r.Text(5);
    v.content = r.Text(6);
    v.status = r.Text(7);
    v.decision_note = r.Text(8);
    v.decided_at = r.OptInt(9);
    out.objections.push_back(std::move(v));
  }
  return out;
}

Status SetState(Connection& c, int64_t batch_id, ResultsState to,
                std::string_view extra_sql, int64_t now,
                std::string reason = "") {
  std::string sql =
      "UPDATE batch_results SET state = ?, return_reason = ?, "
      "updated_at = ?";
  sql += extra_sql;
  sql += " WHERE batch_id = ?";
  return c
      .Exec(sql, {std::string(domain::ResultsStateName(to)), std::move(reason),
                  now, batch_id})
      .status();
}

Result<std::string> CheckText(std::string_view raw, std::size_t min,
                              std::size_t max, std::string code,
                              std::string message, std::string field) {
  std::string s(TrimSpace(raw));
  if (!IsValidUtf8(s) || Utf8Length(s) < min || Utf8Length(s) > max) {
    return Status::InvalidArgument(std::move(code), std::move(message),
                                   std::move(field));
  }
  return s;
}

}  // namespace

Message ResultsObjectionMessage(const BatchRow& b) {
  return ResultsMessage(b, "考核结果公示收到异议",
                        "的考核结果公示收到一件异议，请核实处理。");
}

ScoringService::ScoringService(Database& db, const Clock& clock,
                               CalendarService& calendar)
    : db_(db), clock_(clock), calendar_(calendar) {}

Result<std::vector<SessionSummary>> ScoringService::MySessions(
    const Caller& caller) {
  if (caller.role != Role::kExaminer) return std::vector<SessionSummary>{};
  return db_.InTransaction(
      Database::Mode::kRead,
      [&](Connection& c) -> Result<std::vector<SessionSummary>> {
        ZXKH_ASSIGN_OR_RETURN(auto person, PersonOf(c, caller));
        std::vector<SessionSummary> out;
        if (!person) return out;
        ZXKH_ASSIGN_OR_RETURN(
            std::vector<Row> rows,
            c.Rows("SELECT s.id FROM batch_staff st JOIN batch_sessions s ON "
                   "s.id = st.session_id JOIN batch_plans b ON b.id = "
                   "s.batch_id WHERE st.person_id = ? AND st.role = "
                   "'examiner' AND b.state = 'approved' ORDER BY s.exam_date, "
                   "s.start_time, s.id",
                   {*person}));
        for (const auto& r : rows) {
          ZXKH_ASSIGN_OR_RETURN(SessionCtx ctx,
                                LoadSession(c, caller, r.Int(0)));
          ZXKH_ASSIGN_OR_RETURN(ScoreSheet sh, BuildSheet(c, ctx));
          out.push_back(sh.session);
        }
        return out;
      });
}

Result<ScoreSheet> ScoringService::Sheet(const Caller& caller,
                                         int64_t session_id) {
  return db_.InTransaction(
      Database::Mode::kRead, [&](Connection& c) -> Result<ScoreSheet> {
        ZXKH_ASSIGN_OR_RETURN(SessionCtx ctx,
                              LoadSession(c, caller, session_id));
        return BuildSheet(c, ctx);
      });
}

Result<ScoreSheet> ScoringService::Score(const Caller& caller,
                                         int64_t session_id,
                                         int64_t registration_id,
                                         std::vector<int> points) {
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<ScoreSheet> {
        ZXKH_ASSIGN_OR_RETURN(SessionCtx ctx,
                              LoadSession(c, caller, session_id));
        if (!ctx.examiner) return NotExaminer();
        ZXKH_ASSIGN_OR_RETURN(
            std::vector<Row> cand,
            c.Rows("SELECT attendance FROM batch_session_candidates WHERE "
                   "session_id = ? AND registration_id = ?",
                   {session_id, registration_id}));
        if (cand.empty()) {
          return Status::NotFound("scoring.candidate_not_found",
                                  "该考生不在本场次");
        }
        ZXKH_RETURN_IF_ERROR(domain::CheckCanScore(
            {.caller_is_session_examiner = true,
             .candidate_present = cand[0].Text(0) == "present",
             .sheet_locked = ctx.locked}));
        ZXKH_ASSIGN_OR_RETURN(auto rubric, Rubric(c, session_id));
        ZXKH_RETURN_IF_ERROR(CheckItems(rubric, points));
        ZXKH_RETURN_IF_ERROR(WriteEntries(c, session_id, registration_id,
                                          *ctx.person, rubric, points,
                                          caller.user_id, now));
        ZXKH_ASSIGN_OR_RETURN(ScoreSheet sh, BuildSheet(c, ctx));
        ZXKH_RETURN_IF_ERROR(Audit(
            c, caller, now, "scoring.score", "registration", registration_id,
            "场次 " + std::to_string(session_id) + " 录入评分", ctx.batch));
        return sh;
      });
}

Result<ScoreSheet> ScoringService::SignOff(const Caller& caller,
                                           int64_t session_id) {
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<ScoreSheet> {
        ZXKH_ASSIGN_OR_RETURN(SessionCtx ctx,
                              LoadSession(c, caller, session_id));
        if (!ctx.examiner) return NotExaminer();
        ZXKH_ASSIGN_OR_RETURN(ScoreSheet before, BuildSheet(c, ctx));
        int missing = before.missing_scores;
        if (before.session.present == 0 && !ctx.locked) {
          return Status::FailedPrecondition("scoring.no_candidates",
                                            "本场次没有实到考生，无需签字确认");
        }
        ZXKH_RETURN_IF_ERROR(
            domain::CheckCanSignOff(ctx.group_leader, ctx.locked, missing));
        ZXKH_RETURN_IF_ERROR(
            c.Exec("INSERT INTO score_sheets (session_id, batch_id, "
                   "locked_by, locked_at) VALUES (?, ?, ?, ?)",
                   {session_id, ctx.batch.id, caller.user_id, now})
                .status());
        for (const auto& cv : before.candidates) {
          if (cv.attendance != "present") continue;
          ZXKH_ASSIGN_OR_RETURN(
              int fin, ComputeFinal(c, session_id, cv.registration_id));
          ZXKH_RETURN_IF_ERROR(
              StoreFinal(c, ctx, cv.registration_id, fin, caller.user_id, now));
        }
        ctx.locked = true;
        ZXKH_ASSIGN_OR_RETURN(ScoreSheet sh, BuildSheet(c, ctx));
        ZXKH_RETURN_IF_ERROR(Audit(
            c, caller, now, "scoring.sign_off", "batch_session", session_id,
            "评分表签字确认，锁定（" + std::to_string(sh.session.present) +
                " 名考生）",
            ctx.batch));
        return sh;
      });
}

Result<ScoreSheet> ScoringService::Correct(
    const Caller& caller, int64_t session_id, int64_t registration_id,
    int64_t examiner_person_id, std::vector<int> points, std::string reason) {
  const int64_t now = clock_.NowUnixMillis();
  const std::string trimmed(TrimSpace(reason));
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<ScoreSheet> {
        ZXKH_ASSIGN_OR_RETURN(SessionCtx ctx,
                              LoadSession(c, caller, session_id));
        if (!ctx.examiner) return NotExaminer();
        ZXKH_RETURN_IF_ERROR(
            domain::CheckCanCorrect(ctx.locked, ctx.group_leader, trimmed));
        ZXKH_ASSIGN_OR_RETURN(auto results, LoadResultsRow(c, ctx.batch.id));
        if (results && results->state != ResultsState::kPublicizing &&
            results->state != ResultsState::kPublicityClosed &&
            results->state != ResultsState::kReturned) {
          return Status::FailedPrecondition(
              "scoring.results_submitted",
              "考核结果已报送审核，不能再更正评分");
        }
        ZXKH_ASSIGN_OR_RETURN(Entries entries, LoadEntries(c, session_id));
        auto ex = entries.find(examiner_person_id);
        if (ex == entries.end() || !ex->second.contains(registration_id)) {
          return Status::NotFound("scoring.score_not_found",
                                  "该考评员对该考生没有评分");
        }
        const auto& old_items = ex->second.at(registration_id);
        ZXKH_ASSIGN_OR_RETURN(auto rubric, Rubric(c, session_id));
        ZXKH_RETURN_IF_ERROR(CheckItems(rubric, points));
        std::string before = "[";
        for (const auto& [pos, v] : old_items) {
          if (before.size() > 1) before += ",";
          before += std::to_string(v);
        }
        before += "]";
        int after_total = 0;
        for (int p : points) after_total += p;
        ZXKH_RETURN_IF_ERROR(
            c.Exec("INSERT INTO score_corrections (session_id, "
                   "registration_id, examiner_person_id, before_tenths, "
                   "after_tenths, before_items, reason, corrected_by, "
                   "corrected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   {session_id, registration_id, examiner_person_id,
                    int64_t{TotalOf(old_items)}, int64_t{after_total}, before,
                    trimmed, caller.user_id, now})
                .status());
        ZXKH_RETURN_IF_ERROR(WriteEntries(c, session_id, registration_id,
                                          examiner_person_id, rubric, points,
                                          caller.user_id, now));
        ZXKH_ASSIGN_OR_RETURN(int fin,
                              ComputeFinal(c, session_id, registration_id));
        ZXKH_RETURN_IF_ERROR(
            StoreFinal(c, ctx, registration_id, fin, caller.user_id, now));
        ZXKH_ASSIGN_OR_RETURN(ScoreSheet sh, BuildSheet(c, ctx));
        ZXKH_RETURN_IF_ERROR(Audit(
            c, caller, now, "scoring.correct", "registration", registration_id,
            "锁定后更正评分（场次 " + std::to_string(session_id) + "，考评员 " +
                std::to_string(examiner_person_id) + "，已填写更正原因）",
            ctx.batch));
        return sh;
      });
}

Result<std::string> ScoringService::SheetPdf(const Caller& caller,
                                             int64_t session_id) {
  ZXKH_ASSIGN_OR_RETURN(ScoreSheet sh, Sheet(caller, session_id));
  if (sh.caller_is_examiner && !sh.session.group_leader) {
    return Status::PermissionDenied("scoring.not_group_leader",
                                    "评分表仅限考评组长和考核机构下载");
  }
  docs::PdfDocument pdf;
  pdf.Title("专项职业能力考核评分表");
  pdf.Subtitle(sh.session.project_name + "（" + sh.session.project_code + "）");
  pdf.KeyValues({{"考核机构", sh.session.institution_name},
                 {"考核批次", sh.session.batch_title},
                 {"场次", sh.session.date + " " + sh.session.start + "–" +
                              sh.session.end + " " + sh.session.room},
                 {"状态", sh.session.locked ? "已签字锁定" : "评分中"}});
  std::vector<std::string> header = {"序号", "座号", "姓名", "证件号码"};
  for (const auto& e : sh.examiners) {
    header.push_back(e.name + (e.group_leader ? "（组长）" : ""));
  }
  header.push_back("最终成绩");
  header.push_back("结论");
  std::vector<std::vector<std::string>> rows;
  int n = 0;
  for (const auto& cv : sh.candidates) {
    std::vector<std::string> row = {std::to_string(++n), cv.seat, cv.name,
                                    cv.id_masked};
    for (const auto& e : sh.examiners) {
      std::string cell = cv.attendance == "present" ? "" : "缺考";
      for (const auto& [pid, t] : cv.totals) {
        if (pid == e.person_id) cell = domain::FormatTenths(t);
      }
      row.push_back(cell);
    }
    row.push_back(cv.final_tenths ? domain::FormatTenths(*cv.final_tenths)
                                  : "");
    row.push_back(cv.passed ? (*cv.passed ? "合格" : "不合格")
                            : (cv.attendance == "absent" ? "缺考" : ""));
    rows.push_back(std::move(row));
  }
  pdf.Table(header, rows);
  pdf.Spacer(6);
  std::string signers = "考评员签字：";
  for (const auto& e : sh.examiners) signers += "  " + e.name + "________";
  pdf.Paragraph(signers);
  pdf.Paragraph("考评组长签字：________    日期：" + sh.session.date);
  return pdf.Render();
}

Result<std::string> ScoringService::SummaryXlsx(const Caller& caller,
                                                int64_t batch_id) {
  if (caller.role == Role::kExaminer) return BatchNotFound();
  ZXKH_ASSIGN_OR_RETURN(BatchResults r, Results(caller, batch_id));
  docs::Sheet sheet;
  sheet.name = "成绩汇总";
  sheet.header = {"报名编号", "姓名", "证件号码", "项目", "最终成绩", "结论"};
  for (const auto& l : r.lines) {
    sheet.rows.push_back(
        {std::to_string(l.registration_id), l.name, l.id_masked, r.project_name,
         l.final_tenths ? domain::FormatTenths(*l.final_tenths) : "",
         l.passed ? "合格" : "不合格"});
  }
  sheet.numeric_columns = {false, false, false, false, true, false};
  return docs::WriteXlsx({sheet});
}

Result<std::vector<BatchResults>> ScoringService::ListResults(
    const Caller& caller) {
  return db_.InTransaction(
      Database::Mode::kRead,
      [&](Connection& c) -> Result<std::vector<BatchResults>> {
        ZXKH_ASSIGN_OR_RETURN(
            std::vector<Row> rows,
            c.Rows("SELECT id FROM batch_plans WHERE state = 'approved' "
                   "ORDER BY first_date, id",
                   {}));
        std::vector<BatchResults> out;
        for (const auto& r : rows) {
          auto b = LoadBatchScoped(c, caller, r.Int(0));
          if (!b.ok()) continue;
          ZXKH_ASSIGN_OR_RETURN(BatchResults res, BuildResults(c, *b));
          res.objections.clear();
          res.lines.clear();
          out.push_back(std::move(res));
        }
        return out;
      });
}

Result<BatchResults> ScoringService::Results(const Caller& caller,
                                             int64_t batch_id) {
  return db_.InTransaction(
      Database::Mode::kRead, [&](Connection& c) -> Result<BatchResults> {
        ZXKH_ASSIGN_OR_RETURN(BatchRow b, LoadBatchScoped(c, caller, batch_id));
        return BuildResults(c, b);
      });
}

Result<BatchResults> ScoringService::OpenPublicity(const Caller& caller,
                                                   int64_t batch_id) {
  if (!IsInstitution(caller)) {
    return Status::PermissionDenied("results.not_institution",
                                    "仅考核机构可发布考核结果公示");
  }
  ZXKH_ASSIGN_OR_RETURN(auto calendar, calendar_.Current());
  const Date today = clock_.Today();
  ZXKH_ASSIGN_OR_RETURN(Date end,
                        domain::ResultsPublicityEnd(*calendar, today));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<BatchResults> {
        ZXKH_ASSIGN_OR_RETURN(BatchRow b, LoadBatchScoped(c, caller, batch_id));
        ZXKH_ASSIGN_OR_RETURN(auto existing, LoadResultsRow(c, batch_id));
        if (existing) {
          return Status::FailedPrecondition("results.already_open",
                                            "该批次的考核结果已公示");
        }
        ZXKH_ASSIGN_OR_RETURN(BatchResults before, BuildResults(c, b));
        if (before.sessions == 0 || before.locked_sessions < before.sessions) {
          return Status::FailedPrecondition(
              "results.sheets_not_locked",
              "尚有 " +
                  std::to_string(before.sessions - before.locked_sessions) +
                  " 个场次的评分表未签字锁定，不能公示考核结果");
        }
        ZXKH_RETURN_IF_ERROR(
            c.Exec("INSERT INTO batch_results (batch_id, state, "
                   "publicity_start, publicity_end, opened_by, opened_at, "
                   "updated_at) VALUES (?, 'publicizing', ?, ?, ?, ?, ?)",
                   {batch_id, today.ToString(), end.ToString(),
                    caller.user_id > 0 ? Value(caller.user_id) : Value(), now,
                    now})
                .status());
        ZXKH_ASSIGN_OR_RETURN(BatchResults out, BuildResults(c, b));
        ZXKH_RETURN_IF_ERROR(Audit(
            c, caller, now, "results.open_publicity", "batch", batch_id,
            "考核结果公示 " + today.ToString() + " 至 " + end.ToString(), b));
        return out;
      });
}

Result<BatchResults> ScoringService::ClosePublicity(const Caller& caller,
                                                    int64_t batch_id) {
  if (!IsInstitution(caller)) {
    return Status::PermissionDenied("results.not_institution",
                                    "仅考核机构可结束考核结果公示");
  }
  ZXKH_ASSIGN_OR_RETURN(auto calendar, calendar_.Current());
  const Date today = clock_.Today();
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<BatchResults> {
        ZXKH_ASSIGN_OR_RETURN(BatchRow b, LoadBatchScoped(c, caller, batch_id));
        ZXKH_ASSIGN_OR_RETURN(auto row, LoadResultsRow(c, batch_id));
        if (!row) {
          return Status::FailedPrecondition("results.not_open",
                                            "该批次的考核结果尚未公示");
        }
        ZXKH_ASSIGN_OR_RETURN(
            Row open, c.One("SELECT COUNT(*) FROM results_objections WHERE "
                            "batch_id = ? AND status = 'open'",
                            {batch_id}));
        ZXKH_RETURN_IF_ERROR(domain::CheckCanClosePublicity(
            *calendar, row->state, *Date::Parse(row->start), today,
            static_cast<int>(open.Int(0))));
        ZXKH_RETURN_IF_ERROR(
            SetState(c, batch_id, ResultsState::kPublicityClosed,
                     ", closed_at = " + std::to_string(now), now));
        ZXKH_ASSIGN_OR_RETURN(BatchResults out, BuildResults(c, b));
        ZXKH_RETURN_IF_ERROR(Audit(c, caller, now, "results.close_publicity",
                                   "batch", batch_id, "公示中 → 公示结束", b));
        return out;
      });
}

Result<BatchResults> ScoringService::Submit(const Caller& caller,
                                            int64_t batch_id) {
  if (!IsInstitution(caller)) {
    return Status::PermissionDenied("results.not_institution",
                                    "仅考核机构可报送考核结果");
  }
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<BatchResults> {
        ZXKH_ASSIGN_OR_RETURN(BatchRow b, LoadBatchScoped(c, caller, batch_id));
        ZXKH_ASSIGN_OR_RETURN(auto row, LoadResultsRow(c, batch_id));
        if (!row) {
          return Status::FailedPrecondition("results.not_open",
                                            "该批次的考核结果尚未公示");
        }
        ZXKH_RETURN_IF_ERROR(domain::CheckCanSubmitResults(row->state));
        ZXKH_RETURN_IF_ERROR(SetState(c, batch_id, ResultsState::kSubmitted,
                                      ", submitted_at = " + std::to_string(now),
                                      now));
        ZXKH_RETURN_IF_ERROR(NotificationRepository(c).ToDistrict(
            b.district_code,
            ResultsMessage(b, "考核结果待初审", "的考核结果已报送，请初审。"),
            now));
        ZXKH_ASSIGN_OR_RETURN(BatchResults out, BuildResults(c, b));
        ZXKH_RETURN_IF_ERROR(Audit(c, caller, now, "results.submit", "batch",
                                   batch_id, "报送考核结果至区(市)审核", b));
        return out;
      });
}

Result<BatchResults> ScoringService::Approve(const Caller& caller,
                                             int64_t batch_id) {
  if (caller.role != Role::kDistrict && caller.role != Role::kCity) {
    return Status::PermissionDenied("results.not_reviewer",
                                    "仅区(市)人社局和市人社局审核考核结果");
  }
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<BatchResults> {
        ZXKH_ASSIGN_OR_RETURN(BatchRow b, LoadBatchScoped(c, caller, batch_id));
        ZXKH_ASSIGN_OR_RETURN(auto row, LoadResultsRow(c, batch_id));
        if (!row) return BatchNotFound();
        std::string summary;
        if (caller.role == Role::kDistrict) {
          ZXKH_RETURN_IF_ERROR(domain::CheckCanDistrictReview(row->state));
          ZXKH_RETURN_IF_ERROR(
              SetState(c, batch_id, ResultsState::kDistrictApproved,
                       ", district_decided_at = " + std::to_string(now), now));
          ZXKH_RETURN_IF_ERROR(NotificationRepository(c).ToRole(
              "CITY",
              ResultsMessage(
                  b, "考核结果待审核",
                  "的考核结果已通过" + b.district_name + "初审，请审核。"),
              now));
          summary = "已报送 → 区(市)初审通过";
        } else {
          ZXKH_RETURN_IF_ERROR(domain::CheckCanCityReview(row->state));
          ZXKH_RETURN_IF_ERROR(
              SetState(c, batch_id, ResultsState::kApproved,
                       ", approved_at = " + std::to_string(now), now));
          // R-EXA-4: ≥ 60.0 passes; the registrations carry the outcome.
          ZXKH_ASSIGN_OR_RETURN(std::vector<ResultLine> lines,
                                Lines(c, batch_id));
          int passed = 0;
          for (const auto& l : lines) {
            if (l.passed) ++passed;
            ZXKH_RETURN_IF_ERROR(
                c.Exec("UPDATE registrations SET state = ?, updated_at = ? "
                       "WHERE id = ? AND state IN ('registered', 'sat')",
                       {std::string(l.passed ? "passed" : "failed"), now,
                        l.registration_id})
                    .status());
          }
          const Message m = ResultsMessage(
              b, "考核结果已批准",
              "的考核结果已经市人社局审核批准（合格 " + std::to_string(passed) +
                  " 人，共 " + std::to_string(lines.size()) + " 人）。");
          NotificationRepository notes(c);
          ZXKH_RETURN_IF_ERROR(notes.ToInstitution(b.institution_id, m, now));
          ZXKH_RETURN_IF_ERROR(notes.ToDistrict(b.district_code, m, now));
          summary = "区(市)初审通过 → 市人社局批准（合格 " +
                    std::to_string(passed) + " / " +
                    std::to_string(lines.size()) + "）";
        }
        ZXKH_ASSIGN_OR_RETURN(BatchResults out, BuildResults(c, b));
        ZXKH_RETURN_IF_ERROR(Audit(c, caller, now, "results.approve", "batch",
                                   batch_id, summary, b));
        return out;
      });
}

Result<BatchResults> ScoringService::Return(const Caller& caller,
                                            int64_t batch_id,
                                            std::string reason) {
  if (caller.role != Role::kDistrict && caller.role != Role::kCity) {
    return Status::PermissionDenied("results.not_reviewer",
                                    "仅区(市)人社局和市人社局审核考核结果");
  }
  ZXKH_ASSIGN_OR_RETURN(
      std::string text,
      CheckText(reason, 1, 500, "results.reason_required",
                "请填写退回原因（不超过 500 个字）", "reason"));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<BatchResults> {
        ZXKH_ASSIGN_OR_RETURN(BatchRow b, LoadBatchScoped(c, caller, batch_id));
        ZXKH_ASSIGN_OR_RETURN(auto row, LoadResultsRow(c, batch_id));
        if (!row) return BatchNotFound();
        if (caller.role == Role::kDistrict) {
          ZXKH_RETURN_IF_ERROR(domain::CheckCanDistrictReview(row->state));
        } else {
          ZXKH_RETURN_IF_ERROR(domain::CheckCanCityReview(row->state));
        }
        ZXKH_RETURN_IF_ERROR(
            SetState(c, batch_id, ResultsState::kReturned, "", now, text));
        ZXKH_RETURN_IF_ERROR(NotificationRepository(c).ToInstitution(
            b.institution_id,
            ResultsMessage(
                b, "考核结果被退回",
                "的考核结果被" +
                    (caller.role == Role::kDistrict ? b.district_name
                                                    : std::string("市人社局")) +
                    "退回，原因：" + text),
            now));
        ZXKH_ASSIGN_OR_RETURN(BatchResults out, BuildResults(c, b));
        ZXKH_RETURN_IF_ERROR(Audit(c, caller, now, "results.return", "batch",
                                   batch_id, "退回考核结果（已填写原因）", b));
        return out;
      });
}

Result<BatchResults> ScoringService::DecideObjection(const Caller& caller,
                                                     int64_t objection_id,
                                                     std::string decision,
                                                     std::string note) {
  if (!IsInstitution(caller)) {
    return Status::PermissionDenied("results.not_institution",
                                    "异议由考核机构核实处理");
  }
  if (decision != "upheld" && decision != "dismissed") {
    return Status::InvalidArgument("results.decision_invalid",
                                   "处理结果须为成立或不成立", "decision");
  }
  ZXKH_ASSIGN_OR_RETURN(std::string text,
                        CheckText(note, 1, 500, "results.note_required",
                                  "请填写处理意见（不超过 500 个字）", "note"));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<BatchResults> {
        ZXKH_ASSIGN_OR_RETURN(
            std::vector<Row> rows,
            c.Rows("SELECT batch_id, status FROM results_objections WHERE "
                   "id = ?",
                   {objection_id}));
        if (rows.empty()) {
          return Status::NotFound("results.objection_not_found", "异议不存在");
        }
        auto b = LoadBatchScoped(c, caller, rows[0].Int(0));
        if (!b.ok()) {
          return Status::NotFound("results.objection_not_found", "异议不存在");
        }
        if (rows[0].Text(1) != "open") {
          return Status::FailedPrecondition("results.objection_decided",
                                            "该异议已处理");
        }
        ZXKH_RETURN_IF_ERROR(
            c.Exec("UPDATE results_objections SET status = ?, decision_note "
                   "= ?, decided_by = ?, decided_at = ? WHERE id = ?",
                   {decision, text, caller.user_id, now, objection_id})
                .status());
        ZXKH_ASSIGN_OR_RETURN(BatchResults out, BuildResults(c, *b));
        ZXKH_RETURN_IF_ERROR(Audit(
            c, caller, now, "results.decide_objection", "results_objection",
            objection_id,
            decision == "upheld" ? "异议处理：成立" : "异议处理：不成立", *b));
        return out;
      });
}

Result<std::vector<PublicResults>> ScoringService::CurrentPublicity() {
  const std::string today = clock_.Today().ToString();
  return db_.InTransaction(
      Database::Mode::kRead,
      [&](Connection& c) -> Result<std::vector<PublicResults>> {
        ZXKH_ASSIGN_OR_RETURN(
            std::vector<Row> rows,
            c.Rows("SELECT batch_id, publicity_start, publicity_end FROM "
                   "batch_results WHERE state = 'publicizing' AND "
                   "publicity_start <= ? AND publicity_end >= ? ORDER BY "
                   "batch_id",
                   {today, today}));
        std::vector<PublicResults> out;
        for (const auto& r : rows) {
          ZXKH_ASSIGN_OR_RETURN(BatchRow b, BatchRepository(c).Get(r.Int(0)));
          PublicResults p;
          p.batch_id = b.id;
          p.batch_title = b.title;
          p.project_name = b.project_name;
          p.institution_name = b.institution_name;
          p.publicity_start = r.Text(1);
          p.publicity_end = r.Text(2);
          ZXKH_ASSIGN_OR_RETURN(p.lines, Lines(c, b.id));
          for (auto& l : p.lines) {
            l.final_tenths.reset();  // the public sees 合格/不合格 only
            l.person_id = 0;
            l.registration_state.clear();
          }
          out.push_back(std::move(p));
        }
        return out;
      });
}

Result<int64_t> ScoringService::FileObjection(int64_t batch_id,
                                              ResultsObjectionInput in,
                                              std::string request_id) {
  ZXKH_ASSIGN_OR_RETURN(std::string name,
                        CheckText(in.name, 1, 30, "objection.name_invalid",
                                  "请填写姓名（不超过 30 个字符）", "name"));
  ZXKH_ASSIGN_OR_RETURN(
      std::string contact,
      CheckText(in.contact, 1, 50, "objection.contact_invalid",
                "请填写联系方式（不超过 50 个字符）", "contact"));
  ZXKH_ASSIGN_OR_RETURN(
      std::string content,
      CheckText(in.content, 1, 1000, "objection.content_invalid",
                "请填写异议内容（不超过 1000 个字符）", "content"));
  const int64_t now = clock_.NowUnixMillis();
  const std::string today = clock_.Today().ToString();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<int64_t> {
        if (c.backend() == store::Backend::kPostgres) {
          uint64_t key = 0x7a786b72;  // "zxkr", then the address
          for (unsigned char ch : in.ip) key = key * 131 + ch;
          ZXKH_RETURN_IF_ERROR(
              c.Query("SELECT pg_advisory_xact_lock(CAST(? AS BIGINT))",
                      std::vector<Value>{static_cast<int64_t>(key >> 1)})
                  .status());
        }
        ZXKH_ASSIGN_OR_RETURN(
            Row recent,
            c.One("SELECT COUNT(*) FROM results_objections WHERE ip = ? AND "
                  "filed_at >= ?",
                  {in.ip, now - 3600 * 1000}));
        if (recent.Int(0) >= kResultsObjectionsPerIpPerHour) {
          return Status::ResourceExhausted(
              "objection.rate_limited",
              "同一网络地址每小时最多提出 5 件异议，请稍后再试");
        }
        ZXKH_ASSIGN_OR_RETURN(auto row, LoadResultsRow(c, batch_id));
        if (!row || row->state != ResultsState::kPublicizing ||
            today < row->start || today > row->end) {
          return Status::FailedPrecondition("objection.not_in_publicity",
                                            "该批次考核结果不在公示期内，"
                                            "不能提出异议");
        }
        ZXKH_ASSIGN_OR_RETURN(
            std::vector<Row> line,
            c.Rows("SELECT 1 FROM final_scores WHERE batch_id = ? AND "
                   "registration_id = ?",
                   {batch_id, in.registration_id}));
        if (line.empty()) {
          return Status::NotFound("objection.not_found",
                                  "公示名单中没有该考生");
        }
        ZXKH_ASSIGN_OR_RETURN(
            Row id,
            c.One("INSERT INTO results_objections (batch_id, "
                  "registration_id, filed_at, name, contact, content, ip, "
                  "status) VALUES (?, ?, ?, ?, ?, ?, ?, 'open') RETURNING id",
                  {batch_id, in.registration_id, now, name, contact, content,
                   in.ip}));
        ZXKH_ASSIGN_OR_RETURN(BatchRow b, BatchRepository(c).Get(batch_id));
        ZXKH_RETURN_IF_ERROR(NotificationRepository(c).ToInstitution(
            b.institution_id, ResultsObjectionMessage(b), now));
        Caller pub = Caller::Public();
        pub.request_id = request_id;
        ZXKH_RETURN_IF_ERROR(Audit(c, pub, now, "results.file_objection",
                                   "results_objection", id.Int(0),
                                   "考核结果公示收到异议", b));
        return id.Int(0);
      });
}

Result<std::vector<PassingRegistration>>
ScoringService::ApprovedPassingRegistrations(int64_t batch_id) {
  return db_.InTransaction(
      Database::Mode::kRead,
      [&](Connection& c) -> Result<std::vector<PassingRegistration>> {
        ZXKH_ASSIGN_OR_RETURN(
            std::vector<Row> rows,
            c.Rows("SELECT f.registration_id, r.person_id, f.final_tenths "
                   "FROM final_scores f JOIN batch_results br ON br.batch_id "
                   "= f.batch_id JOIN registrations r ON r.id = "
                   "f.registration_id WHERE f.batch_id = ? AND br.state = "
                   "'approved' AND f.passed = 1 ORDER BY f.registration_id",
                   {batch_id}));
        std::vector<PassingRegistration> out;
        for (const auto& r : rows) {
          out.push_back({r.Int(0), r.Int(1), static_cast<int>(r.Int(2))});
        }
        return out;
      });
}

}  // namespace zxkh::service
