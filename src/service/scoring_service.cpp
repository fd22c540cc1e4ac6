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
#include "store/scoring_repository.hpp"

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
using store::ScoringRepository;

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
  return ScoringRepository(c).PersonOfUser(caller.user_id);
}

std::optional<int64_t> UserOrNone(const Caller& caller) {
  return caller.user_id > 0 ? std::optional<int64_t>(caller.user_id)
                            : std::nullopt;
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
  ScoringRepository repo(c);
  ZXKH_ASSIGN_OR_RETURN(auto batch_id, repo.BatchOfSession(session_id));
  if (!batch_id) return SessionNotFound();
  SessionCtx ctx;
  auto b = BatchRepository(c).Get(*batch_id);
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
    ZXKH_ASSIGN_OR_RETURN(auto staff, repo.StaffOf(ctx.batch.id, *ctx.person));
    if (staff.empty()) return SessionNotFound();
    for (const auto& r : staff) {
      if (r.session_id && *r.session_id == session_id && r.role == "examiner") {
        ctx.examiner = true;
        ctx.group_leader = r.group_leader;
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
  ZXKH_ASSIGN_OR_RETURN(auto lock, repo.SheetLock(session_id));
  ctx.locked = lock.has_value();
  return ctx;
}

Status NotExaminer() {
  return domain::CheckCanScore({.caller_is_session_examiner = false});
}

Result<std::vector<RubricItemView>> Rubric(Connection& c, int64_t session_id) {
  ZXKH_ASSIGN_OR_RETURN(auto rows, ScoringRepository(c).Rubric(session_id));
  std::vector<RubricItemView> out;
  for (auto& r : rows) {
    out.push_back({r.position, std::move(r.description), std::move(r.standard),
                   r.max_points * 10});
  }
  return out;
}

Result<std::vector<ExaminerView>> Examiners(Connection& c, int64_t session_id) {
  ZXKH_ASSIGN_OR_RETURN(auto rows, ScoringRepository(c).Examiners(session_id));
  std::vector<ExaminerView> out;
  for (auto& r : rows) {
    out.push_back({r.person_id, std::move(r.name), r.group_leader});
  }
  return out;
}

// examiner person → registration → position → tenths
using Entries = std::map<int64_t, std::map<int64_t, std::map<int, int>>>;

Result<Entries> LoadEntries(Connection& c, int64_t session_id) {
  ZXKH_ASSIGN_OR_RETURN(auto rows, ScoringRepository(c).Entries(session_id));
  Entries e;
  for (const auto& r : rows) {
    e[r.examiner_person_id][r.registration_id][r.position] = r.points_tenths;
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
  ScoringRepository repo(c);
  ZXKH_ASSIGN_OR_RETURN(auto rows, repo.SheetCandidates(sid));
  // An ordinary examiner sees only their own scores; the group leader and
  // officers see every examiner's totals.
  const bool sees_all = !ctx.examiner || ctx.group_leader;
  for (auto& r : rows) {
    CandidateView cv;
    cv.registration_id = r.registration_id;
    cv.name = std::move(r.name);
    cv.id_masked = std::move(r.id_masked);
    cv.seat = std::move(r.seat);
    cv.attendance = std::move(r.attendance);
    if (r.final_tenths) {
      cv.final_tenths = *r.final_tenths;
      cv.passed = r.passed;
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
  ZXKH_ASSIGN_OR_RETURN(auto lock, repo.SheetLock(sid));
  if (lock) {
    sh.locked_by = lock->locked_by;
    sh.locked_at = lock->locked_at;
  }
  if (sees_all) {
    ZXKH_ASSIGN_OR_RETURN(auto corr, repo.Corrections(sid));
    for (auto& r : corr) {
      sh.corrections.push_back({r.id, r.registration_id, r.examiner_person_id,
                                r.before_tenths, r.after_tenths,
                                std::move(r.reason), r.corrected_at});
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
  std::vector<std::pair<int, int>> items;
  for (std::size_t i = 0; i < rubric.size(); ++i) {
    items.emplace_back(rubric[i].position, points[i]);
  }
  return ScoringRepository(c).ReplaceEntries(
      session_id, registration_id, examiner, items,
      user_id > 0 ? std::optional<int64_t>(user_id) : std::nullopt, now);
}

// The final score of one registration from every examiner's total.
Result<int> ComputeFinal(Connection& c, int64_t session_id,
                         int64_t registration_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<int> totals,
      ScoringRepository(c).ExaminerTotals(session_id, registration_id));
  if (totals.empty()) {
    return Status::FailedPrecondition("scoring.incomplete", "该考生尚无评分");
  }
  return domain::FinalScoreTenths(totals);
}

Status StoreFinal(Connection& c, const SessionCtx& ctx, int64_t registration_id,
                  int final_tenths, int64_t user_id, int64_t now) {
  return ScoringRepository(c).ReplaceFinal(
      registration_id, ctx.session.id, ctx.batch.id, final_tenths,
      domain::Passes(final_tenths),
      user_id > 0 ? std::optional<int64_t>(user_id) : std::nullopt, now);
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

Result<std::optional<store::ResultsStateRow>> LoadResultsRow(Connection& c,
                                                             int64_t batch_id) {
  return ScoringRepository(c).ResultsOf(batch_id);
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
  ZXKH_ASSIGN_OR_RETURN(auto rows, ScoringRepository(c).Lines(batch_id));
  std::vector<ResultLine> out;
  for (auto& r : rows) {
    ResultLine l;
    l.registration_id = r.registration_id;
    l.person_id = r.person_id;
    l.name = std::move(r.name);
    l.id_masked = std::move(r.id_masked);
    l.final_tenths = r.final_tenths;
    l.passed = r.passed;
    l.registration_state = std::move(r.registration_state);
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
  ScoringRepository repo(c);
  ZXKH_ASSIGN_OR_RETURN(auto counts, repo.SessionCounts(b.id));
  out.sessions = counts.first;
  out.locked_sessions = counts.second;
  ZXKH_ASSIGN_OR_RETURN(auto row, LoadResultsRow(c, b.id));
  if (row) {
    out.state = row->state;
    out.publicity_start = row->publicity_start;
    out.publicity_end = row->publicity_end;
    out.return_reason = row->return_reason;
  }
  ZXKH_ASSIGN_OR_RETURN(out.lines, Lines(c, b.id));
  ZXKH_ASSIGN_OR_RETURN(auto obj, repo.Objections(b.id));
  for (auto& r : obj) {
    ObjectionView v;
    v.id = r.id;
    v.registration_id = r.registration_id;
    v.candidate_name = std::move(r.candidate_name);
    v.filed_at = r.filed_at;
    v.name = std::move(r.name);
    v.contact = std::move(r.contact);
    v.content = std::move(r.content);
    v.status = std::move(r.status);
    v.decision_note = std::move(r.decision_note);
    v.decided_at = r.decided_at;
    out.objections.push_back(std::move(v));
  }
  return out;
}

Status SetState(Connection& c, int64_t batch_id, ResultsState to,
                store::ResultsStamp stamp, int64_t now,
                std::string reason = "") {
  return ScoringRepository(c).SetResultsState(batch_id, to, stamp, now,
                                              std::move(reason));
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
        ZXKH_ASSIGN_OR_RETURN(std::vector<int64_t> ids,
                              ScoringRepository(c).ExaminedSessions(*person));
        for (int64_t id : ids) {
          ZXKH_ASSIGN_OR_RETURN(SessionCtx ctx, LoadSession(c, caller, id));
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
            auto attendance,
            ScoringRepository(c).Attendance(session_id, registration_id));
        if (!attendance) {
          return Status::NotFound("scoring.candidate_not_found",
                                  "该考生不在本场次");
        }
        ZXKH_RETURN_IF_ERROR(domain::CheckCanScore(
            {.caller_is_session_examiner = true,
             .candidate_present = *attendance == "present",
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
        ZXKH_RETURN_IF_ERROR(ScoringRepository(c).LockSheet(
            session_id, ctx.batch.id, caller.user_id, now));
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
        store::CorrectionRow corr;
        corr.registration_id = registration_id;
        corr.examiner_person_id = examiner_person_id;
        corr.before_tenths = TotalOf(old_items);
        corr.after_tenths = after_total;
        corr.before_items = before;
        corr.reason = trimmed;
        corr.corrected_at = now;
        ZXKH_RETURN_IF_ERROR(ScoringRepository(c).InsertCorrection(
            session_id, corr, caller.user_id));
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
        ZXKH_ASSIGN_OR_RETURN(std::vector<int64_t> ids,
                              ScoringRepository(c).ApprovedBatchIds());
        std::vector<BatchResults> out;
        for (int64_t id : ids) {
          auto b = LoadBatchScoped(c, caller, id);
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
        if (before.sessions == 0) {
          return Status::FailedPrecondition(
              "results.nothing_to_publish",
              "本批次没有已实考的场次，没有可公示的考核结果");
        }
        if (before.locked_sessions < before.sessions) {
          return Status::FailedPrecondition(
              "results.sheets_not_locked",
              "尚有 " +
                  std::to_string(before.sessions - before.locked_sessions) +
                  " 个场次的评分表未签字锁定，不能公示考核结果");
        }
        ZXKH_RETURN_IF_ERROR(ScoringRepository(c).OpenPublicity(
            batch_id, today.ToString(), end.ToString(), UserOrNone(caller),
            now));
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
            int64_t open, ScoringRepository(c).CountOpenObjections(batch_id));
        ZXKH_RETURN_IF_ERROR(domain::CheckCanClosePublicity(
            *calendar, row->state, *Date::Parse(row->publicity_start), today,
            static_cast<int>(open)));
        ZXKH_RETURN_IF_ERROR(SetState(c, batch_id,
                                      ResultsState::kPublicityClosed,
                                      store::ResultsStamp::kClosedAt, now));
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
                                      store::ResultsStamp::kSubmittedAt, now));
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
                       store::ResultsStamp::kDistrictDecidedAt, now));
          ZXKH_RETURN_IF_ERROR(NotificationRepository(c).ToRole(
              "CITY",
              ResultsMessage(
                  b, "考核结果待审核",
                  "的考核结果已通过" + b.district_name + "初审，请审核。"),
              now));
          summary = "已报送 → 区(市)初审通过";
        } else {
          ZXKH_RETURN_IF_ERROR(domain::CheckCanCityReview(row->state));
          ZXKH_RETURN_IF_ERROR(SetState(c, batch_id, ResultsState::kApproved,
                                        store::ResultsStamp::kApprovedAt, now));
          // R-EXA-4: ≥ 60.0 passes; the registrations carry the outcome.
          ZXKH_ASSIGN_OR_RETURN(std::vector<ResultLine> lines,
                                Lines(c, batch_id));
          int passed = 0;
          for (const auto& l : lines) {
            if (l.passed) ++passed;
            ZXKH_RETURN_IF_ERROR(ScoringRepository(c).SetOutcome(
                l.registration_id, l.passed, now));
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
        ZXKH_RETURN_IF_ERROR(SetState(c, batch_id, ResultsState::kReturned,
                                      store::ResultsStamp::kNone, now, text));
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
        ScoringRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(auto objection, repo.Objection(objection_id));
        if (!objection) {
          return Status::NotFound("results.objection_not_found", "异议不存在");
        }
        auto b = LoadBatchScoped(c, caller, objection->batch_id);
        if (!b.ok()) {
          return Status::NotFound("results.objection_not_found", "异议不存在");
        }
        if (objection->status != "open") {
          return Status::FailedPrecondition("results.objection_decided",
                                            "该异议已处理");
        }
        ZXKH_RETURN_IF_ERROR(repo.DecideObjection(objection_id, decision, text,
                                                  caller.user_id, now));
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
        ZXKH_ASSIGN_OR_RETURN(auto rows,
                              ScoringRepository(c).PublicizingOn(today));
        std::vector<PublicResults> out;
        for (auto& [batch_id, start, end] : rows) {
          ZXKH_ASSIGN_OR_RETURN(BatchRow b, BatchRepository(c).Get(batch_id));
          PublicResults p;
          p.batch_id = b.id;
          p.batch_title = b.title;
          p.project_name = b.project_name;
          p.institution_name = b.institution_name;
          p.publicity_start = std::move(start);
          p.publicity_end = std::move(end);
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
        ScoringRepository repo(c);
        ZXKH_RETURN_IF_ERROR(repo.LockAddress(in.ip));
        ZXKH_ASSIGN_OR_RETURN(
            int64_t recent, repo.CountObjectionsFrom(in.ip, now - 3600 * 1000));
        if (recent >= kResultsObjectionsPerIpPerHour) {
          return Status::ResourceExhausted(
              "objection.rate_limited",
              "同一网络地址每小时最多提出 5 件异议，请稍后再试");
        }
        ZXKH_ASSIGN_OR_RETURN(auto row, LoadResultsRow(c, batch_id));
        if (!row || row->state != ResultsState::kPublicizing ||
            today < row->publicity_start || today > row->publicity_end) {
          return Status::FailedPrecondition("objection.not_in_publicity",
                                            "该批次考核结果不在公示期内，"
                                            "不能提出异议");
        }
        ZXKH_ASSIGN_OR_RETURN(bool listed,
                              repo.HasFinalScore(batch_id, in.registration_id));
        if (!listed) {
          return Status::NotFound("objection.not_found",
                                  "公示名单中没有该考生");
        }
        store::ResultsObjectionRow filed;
        filed.batch_id = batch_id;
        filed.registration_id = in.registration_id;
        filed.filed_at = now;
        filed.name = name;
        filed.contact = contact;
        filed.content = content;
        filed.ip = in.ip;
        ZXKH_ASSIGN_OR_RETURN(int64_t id, repo.InsertObjection(filed));
        ZXKH_ASSIGN_OR_RETURN(BatchRow b, BatchRepository(c).Get(batch_id));
        ZXKH_RETURN_IF_ERROR(NotificationRepository(c).ToInstitution(
            b.institution_id, ResultsObjectionMessage(b), now));
        Caller pub = Caller::Public();
        pub.request_id = request_id;
        ZXKH_RETURN_IF_ERROR(Audit(c, pub, now, "results.file_objection",
                                   "results_objection", id,
                                   "考核结果公示收到异议", b));
        return id;
      });
}

Result<std::vector<PassingRegistration>>
ScoringService::ApprovedPassingRegistrations(int64_t batch_id) {
  return db_.InTransaction(Database::Mode::kRead, [&](Connection& c) {
    return ApprovedPassingRegistrationsIn(c, batch_id);
  });
}

Result<std::vector<PassingRegistration>>
ScoringService::ApprovedPassingRegistrationsIn(Connection& c,
                                               int64_t batch_id) {
  ZXKH_ASSIGN_OR_RETURN(auto rows,
                        ScoringRepository(c).ApprovedPassing(batch_id));
  std::vector<PassingRegistration> out;
  for (const auto& [registration, person, tenths] : rows) {
    out.push_back({registration, person, tenths});
  }
  return out;
}

}  // namespace zxkh::service
