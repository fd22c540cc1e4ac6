#include "service/exam_day_service.hpp"

#include <algorithm>
#include <cctype>

#include "common/text.hpp"
#include "docs/pdf.hpp"
#include "domain/exam_day.hpp"
#include "domain/id_document.hpp"
#include "domain/registration.hpp"
#include "service/audit_service.hpp"
#include "store/notification_repository.hpp"
#include "store/question_bank_repository.hpp"

namespace zxkh::service {

using domain::BatchState;
using domain::Caller;
using domain::Role;
using store::BatchRepository;
using store::BatchRow;
using store::BatchSessionRow;
using store::Connection;
using store::Database;
using store::Row;

namespace {

Status NotFound() {
  return Status::NotFound("batch.not_found", "考核批次不存在");
}

bool IsStaffRole(const Caller& c) {
  return c.role == Role::kProctor || c.role == Role::kExaminer ||
         c.role == Role::kSupervisor;
}

// What the caller may do with one batch (and one of its sessions).
struct Access {
  bool read = false;
  bool institution = false;  // owns the batch
  bool proctor = false;      // of the session
  bool examiner = false;     // of the session
  bool supervisor = false;   // of the batch
};

Result<Access> AccessOf(Connection& c, const Caller& caller, const BatchRow& b,
                        std::optional<int64_t> session_id) {
  Access a;
  switch (caller.role) {
    case Role::kProvince:
    case Role::kCity:
      a.read = b.state != BatchState::kDraft;
      return a;
    case Role::kDistrict:
      a.read = b.state != BatchState::kDraft && caller.district_code &&
               *caller.district_code == b.district_code;
      return a;
    case Role::kInstitutionAdmin:
    case Role::kInstitutionOperator:
      a.institution =
          caller.institution_id && *caller.institution_id == b.institution_id;
      a.read = a.institution;
      return a;
    default:
      break;
  }
  if (!IsStaffRole(caller) || b.state != BatchState::kApproved) return a;
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c.Rows("SELECT bs.session_id, bs.role FROM batch_staff bs JOIN "
             "staff_members m ON m.id = bs.staff_id WHERE bs.batch_id = ? AND "
             "m.user_id = ?",
             {b.id, caller.user_id}));
  for (const auto& r : rows) {
    const std::string role = r.Text(1);
    const auto sid = r.OptInt(0);
    if (role == "supervisor" && caller.role == Role::kSupervisor) {
      a.supervisor = true;
    } else if (session_id && sid && *sid == *session_id) {
      if (role == "proctor" && caller.role == Role::kProctor) a.proctor = true;
      if (role == "examiner" && caller.role == Role::kExaminer) {
        a.examiner = true;
      }
    }
  }
  a.read = a.supervisor || a.proctor || a.examiner;
  return a;
}

struct Loaded {
  BatchRow batch;
  BatchSessionRow session;
  std::optional<int64_t> closed_at;
  Access access;
};

Result<Loaded> LoadSession(Connection& c, const Caller& caller,
                           int64_t session_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c.Rows("SELECT batch_id, closed_at FROM batch_sessions WHERE id = ?",
             {session_id}));
  if (rows.empty()) return NotFound();
  Loaded out;
  out.closed_at = rows[0].OptInt(1);
  auto b = BatchRepository(c).Get(rows[0].Int(0));
  if (!b.ok()) return b.status();
  out.batch = std::move(*b);
  ZXKH_ASSIGN_OR_RETURN(out.access, AccessOf(c, caller, out.batch, session_id));
  if (!out.access.read) return NotFound();
  ZXKH_ASSIGN_OR_RETURN(auto sessions,
                        BatchRepository(c).Sessions(out.batch.id));
  for (auto& s : sessions) {
    if (s.id == session_id) out.session = std::move(s);
  }
  return out;
}

Result<std::pair<BatchRow, Access>> LoadBatch(Connection& c,
                                              const Caller& caller,
                                              int64_t batch_id) {
  auto b = BatchRepository(c).Get(batch_id);
  if (!b.ok()) return b.status();
  ZXKH_ASSIGN_OR_RETURN(Access a, AccessOf(c, caller, *b, std::nullopt));
  if (!a.read && IsStaffRole(caller) && b->state == BatchState::kApproved) {
    // A proctor or examiner of any session of the batch may read it.
    ZXKH_ASSIGN_OR_RETURN(
        std::vector<Row> rows,
        c.Rows("SELECT 1 FROM batch_staff bs JOIN staff_members m ON m.id = "
               "bs.staff_id WHERE bs.batch_id = ? AND m.user_id = ?",
               {b->id, caller.user_id}));
    a.read = !rows.empty();
  }
  if (!a.read) return NotFound();
  return std::make_pair(std::move(*b), a);
}

Status Audit(Connection& c, const Caller& caller, int64_t now,
             std::string action, std::string target_type, std::string target_id,
             const BatchRow& b, std::string summary) {
  return AuditService::Record(c, caller, now, std::move(action),
                              std::move(target_type), std::move(target_id),
                              std::move(summary), b.district_code,
                              b.institution_id);
}

constexpr std::string_view kCandidateSelect =
    "SELECT k.session_id, k.registration_id, k.seat, p.name, p.id_masked, "
    "k.attendance, k.signed_in_at, r.state FROM batch_session_candidates k "
    "JOIN registrations r ON r.id = k.registration_id JOIN persons p ON p.id "
    "= r.person_id ";

SessionCandidate CandidateFromRow(const Row& r) {
  SessionCandidate s;
  s.session_id = r.Int(0);
  s.registration_id = r.Int(1);
  s.seat = r.Text(2);
  s.name = r.Text(3);
  s.id_masked = r.Text(4);
  s.attendance = r.Text(5);
  s.signed_in_at = r.OptInt(6);
  s.registration_state = r.Text(7);
  return s;
}

Result<std::vector<SessionCandidate>> CandidatesOf(Connection& c,
                                                   int64_t session_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c.Rows(std::string(kCandidateSelect) +
                 "WHERE k.session_id = ? ORDER BY k.seat, k.registration_id",
             {session_id}));
  std::vector<SessionCandidate> out;
  for (const auto& r : rows) out.push_back(CandidateFromRow(r));
  return out;
}

std::optional<int> ExamYear(const BatchRow& b) {
  if (!b.first_date || b.first_date->size() < 4) return std::nullopt;
  return std::stoi(b.first_date->substr(0, 4));
}

// REGISTERED registrations of the batch's institution, project and exam
// year that no session holds (oldest first).
Result<std::vector<SessionCandidate>> Unassigned(Connection& c,
                                                 const BatchRow& b) {
  const auto year = ExamYear(b);
  if (!year) return std::vector<SessionCandidate>{};
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c.Rows("SELECT r.id, p.name, p.id_masked, r.state FROM registrations r "
             "JOIN persons p ON p.id = r.person_id JOIN annual_plan_items t "
             "ON t.id = r.plan_item_id JOIN annual_plans a ON a.id = "
             "t.plan_id WHERE r.institution_id = ? AND r.project_code = ? AND "
             "a.year = ? AND r.state = 'registered' AND NOT EXISTS (SELECT 1 "
             "FROM batch_session_candidates k WHERE k.registration_id = r.id) "
             "ORDER BY r.created_at, r.id",
             {b.institution_id, b.project_code, int64_t{*year}}));
  std::vector<SessionCandidate> out;
  for (const auto& r : rows) {
    SessionCandidate s;
    s.registration_id = r.Int(0);
    s.name = r.Text(1);
    s.id_masked = r.Text(2);
    s.registration_state = r.Text(3);
    out.push_back(std::move(s));
  }
  return out;
}

// Puts a registration into a session. The unique index of migration 0014
// refuses one that another transaction has just assigned (the checks before
// could not see it yet).
Status InsertCandidate(Connection& c, int64_t session_id,
                       int64_t registration_id, const std::string& seat) {
  auto r = c.Exec(
      "INSERT INTO batch_session_candidates (session_id, registration_id, "
      "seat) VALUES (?, ?, ?)",
      {session_id, registration_id, seat});
  if (!r.ok() && r.status().code() == "store.unique_violation") {
    return Status::AlreadyExists(
        "batch.candidate_already_assigned",
        "该考生刚刚已被安排到场次（可能有他人同时操作），请刷新后重试");
  }
  return r.status();
}

Result<int> LastSeat(Connection& c, int64_t session_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c.Rows("SELECT seat FROM batch_session_candidates WHERE session_id = ?",
             {session_id}));
  int last = 0;
  for (const auto& r : rows) {
    const std::string s = r.Text(0);
    if (!s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char ch) {
          return std::isdigit(ch);
        })) {
      last = std::max(last, std::stoi(s));
    }
  }
  return last;
}

Result<AssignmentView> BuildAssignment(Connection& c, BatchRow b) {
  AssignmentView v;
  ZXKH_ASSIGN_OR_RETURN(
      Row flag,
      c.One("SELECT coverage_flagged FROM batch_plans WHERE id = ?", {b.id}));
  v.coverage_flagged = flag.Int(0) != 0;
  ZXKH_ASSIGN_OR_RETURN(auto sessions, BatchRepository(c).Sessions(b.id));
  std::sort(sessions.begin(), sessions.end(),
            [](const BatchSessionRow& x, const BatchSessionRow& y) {
              return std::tie(x.start_ms, x.position, x.id) <
                     std::tie(y.start_ms, y.position, y.id);
            });
  for (auto& s : sessions) {
    ExamSessionView e;
    ZXKH_ASSIGN_OR_RETURN(
        Row closed,
        c.One("SELECT closed_at FROM batch_sessions WHERE id = ?", {s.id}));
    e.closed_at = closed.OptInt(0);
    ZXKH_ASSIGN_OR_RETURN(e.candidates, CandidatesOf(c, s.id));
    e.batch_title = b.title;
    e.institution_name = b.institution_name;
    e.session = std::move(s);
    v.sessions.push_back(std::move(e));
  }
  ZXKH_ASSIGN_OR_RETURN(v.unassigned, Unassigned(c, b));
  v.batch = std::move(b);
  return v;
}

// The registration's state moves along the diagram of domain/registration.
Status SetRegistrationState(Connection& c, int64_t registration_id,
                            domain::RegistrationState to, int64_t now) {
  ZXKH_ASSIGN_OR_RETURN(Row r,
                        c.One("SELECT state FROM registrations WHERE id = ?",
                              {registration_id}, "registration.not_found"));
  const auto from = domain::ParseRegistrationState(r.Text(0));
  if (!from) return Status::Internal("registration.state", "报名状态无效");
  if (*from == to) return Status::Ok();
  ZXKH_RETURN_IF_ERROR(domain::CheckTransition(*from, to));
  return c
      .Exec(
          "UPDATE registrations SET state = ?, updated_at = ? WHERE id = ? "
          "AND state = ?",
          {std::string(domain::RegistrationStateName(to)), now, registration_id,
           r.Text(0)})
      .status();
}

std::string NormalizeId(std::string_view raw) {
  std::string s(TrimSpace(raw));
  for (auto& ch : s)
    ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

IncidentRow IncidentFromRow(const Row& r) {
  IncidentRow i;
  i.id = r.Int(0);
  i.batch_id = r.Int(1);
  i.session_id = r.Int(2);
  i.registration_id = r.OptInt(3);
  i.kind = r.Text(4);
  i.kind_title = std::string(domain::IncidentKindTitle(i.kind));
  i.description = r.Text(5);
  i.action_taken = r.Text(6);
  i.occurred_at = r.Int(7);
  i.recorded_by = r.OptInt(8);
  i.created_at = r.Int(9);
  return i;
}

constexpr std::string_view kIncidentSelect =
    "SELECT id, batch_id, session_id, registration_id, kind, description, "
    "action_taken, occurred_at, recorded_by, created_at FROM exam_incidents ";

constexpr std::string_view kRecordingSelect =
    "SELECT id, session_id, camera, start_ms, end_ms, sha256, file_name, "
    "created_at FROM exam_recordings ";

RecordingRow RecordingFromRow(const Row& r) {
  RecordingRow x;
  x.id = r.Int(0);
  x.session_id = r.Int(1);
  x.camera = r.Text(2);
  x.start_ms = r.Int(3);
  x.end_ms = r.Int(4);
  x.sha256 = r.Text(5);
  x.file_name = r.Text(6);
  x.created_at = r.Int(7);
  return x;
}

Result<std::vector<RecordingRow>> RecordingsOf(Connection& c,
                                               int64_t session_id) {
  ZXKH_ASSIGN_OR_RETURN(std::vector<Row> rows,
                        c.Rows(std::string(kRecordingSelect) +
                                   "WHERE session_id = ? ORDER BY start_ms, id",
                               {session_id}));
  std::vector<RecordingRow> out;
  for (const auto& r : rows) out.push_back(RecordingFromRow(r));
  return out;
}

Status RecordingNotFound() {
  return Status::NotFound("recording.not_found", "录像不存在");
}

// A recording with its session and the caller's access; outside scope is
// NotFound("recording.not_found").
Result<std::pair<RecordingRow, Loaded>> LoadRecording(Connection& c,
                                                      const Caller& caller,
                                                      int64_t recording_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c.Rows(std::string(kRecordingSelect) + "WHERE id = ?", {recording_id}));
  if (rows.empty()) return RecordingNotFound();
  RecordingRow r = RecordingFromRow(rows[0]);
  auto l = LoadSession(c, caller, r.session_id);
  if (!l.ok()) {
    if (l.status().status_code() == StatusCode::kNotFound) {
      return RecordingNotFound();
    }
    return l.status();
  }
  return std::make_pair(std::move(r), std::move(*l));
}

Result<std::string> OptTextCheck(std::string_view raw, std::size_t max,
                                 const char* field, const char* title,
                                 bool required) {
  std::string s(TrimSpace(raw));
  if ((required && s.empty()) || !IsValidUtf8(s) || Utf8Length(s) > max) {
    return Status::InvalidArgument(
        "exam.text_invalid",
        std::string(title) + (required ? "必须填写，且" : "") + "不能超过 " +
            std::to_string(max) + " 个字",
        field);
  }
  return s;
}

}  // namespace

ExamDayService::ExamDayService(Database& db, const Clock& clock,
                               const PiiCipher& pii, store::FileStore& files)
    : db_(db), clock_(clock), pii_(pii), files_(files) {}

Result<AssignmentView> ExamDayService::Assignment(const Caller& caller,
                                                  int64_t batch_id) {
  return db_.InTransaction(
      Database::Mode::kRead, [&](Connection& c) -> Result<AssignmentView> {
        ZXKH_ASSIGN_OR_RETURN(auto ba, LoadBatch(c, caller, batch_id));
        if (!ba.second.institution && IsStaffRole(caller)) return NotFound();
        return BuildAssignment(c, std::move(ba.first));
      });
}

Result<AssignmentView> ExamDayService::AutoAssign(const Caller& caller,
                                                  int64_t batch_id) {
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<AssignmentView> {
        ZXKH_ASSIGN_OR_RETURN(auto ba, LoadBatch(c, caller, batch_id));
        if (!ba.second.institution) return NotFound();
        BatchRow b = std::move(ba.first);
        ZXKH_RETURN_IF_ERROR(domain::CheckCanAssign(b.state));
        ZXKH_ASSIGN_OR_RETURN(auto sessions, BatchRepository(c).Sessions(b.id));
        if (sessions.empty()) {
          return Status::FailedPrecondition("exam.no_sessions",
                                            "批次还没有场次，不能安排考生");
        }
        std::sort(sessions.begin(), sessions.end(),
                  [](const BatchSessionRow& x, const BatchSessionRow& y) {
                    return std::tie(x.start_ms, x.position, x.id) <
                           std::tie(y.start_ms, y.position, y.id);
                  });
        std::vector<domain::AssignSlot> slots;
        for (const auto& s : sessions) {
          ZXKH_ASSIGN_OR_RETURN(int last, LastSeat(c, s.id));
          slots.push_back({s.id, s.capacity, s.candidates, last});
        }
        ZXKH_ASSIGN_OR_RETURN(auto free, Unassigned(c, b));
        std::vector<int64_t> ids;
        for (const auto& f : free) ids.push_back(f.registration_id);
        std::vector<int64_t> unplaced;
        const auto plan = domain::AutoAssign(slots, ids, &unplaced);
        for (const auto& a : plan) {
          ZXKH_RETURN_IF_ERROR(
              InsertCandidate(c, a.session_id, a.registration_id, a.seat));
        }
        ZXKH_RETURN_IF_ERROR(Audit(
            c, caller, now, "exam.assign_auto", "batch", std::to_string(b.id),
            b,
            "自动安排考生 " + std::to_string(plan.size()) + " 人，未安排 " +
                std::to_string(unplaced.size()) + " 人"));
        return BuildAssignment(c, std::move(b));
      });
}

Result<AssignmentView> ExamDayService::Move(const Caller& caller,
                                            int64_t batch_id,
                                            int64_t registration_id,
                                            int64_t session_id) {
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<AssignmentView> {
        ZXKH_ASSIGN_OR_RETURN(auto ba, LoadBatch(c, caller, batch_id));
        if (!ba.second.institution) return NotFound();
        BatchRow b = std::move(ba.first);
        ZXKH_RETURN_IF_ERROR(domain::CheckCanAssign(b.state));
        ZXKH_ASSIGN_OR_RETURN(auto sessions, BatchRepository(c).Sessions(b.id));
        auto target = std::find_if(
            sessions.begin(), sessions.end(),
            [&](const BatchSessionRow& s) { return s.id == session_id; });
        if (target == sessions.end()) {
          return Status::NotFound("exam.session_not_found", "场次不存在");
        }
        const auto year = ExamYear(b);
        ZXKH_ASSIGN_OR_RETURN(
            std::vector<Row> reg,
            c.Rows("SELECT r.state FROM registrations r JOIN "
                   "annual_plan_items t ON t.id = r.plan_item_id JOIN "
                   "annual_plans a ON a.id = t.plan_id WHERE r.id = ? AND "
                   "r.institution_id = ? AND r.project_code = ? AND a.year = ?",
                   {registration_id, b.institution_id, b.project_code,
                    int64_t{year.value_or(0)}}));
        if (reg.empty()) {
          return Status::NotFound("exam.registration_not_found",
                                  "该报名不属于本批次的机构、项目和年度");
        }
        if (reg[0].Text(0) != "registered") {
          const auto st = domain::ParseRegistrationState(reg[0].Text(0));
          return Status::FailedPrecondition(
              "exam.registration_state",
              "该报名处于「" +
                  std::string(st ? domain::RegistrationStateTitle(*st)
                                 : std::string_view(reg[0].Text(0))) +
                  "」状态，不能安排场次");
        }
        ZXKH_ASSIGN_OR_RETURN(
            std::vector<Row> where,
            c.Rows("SELECT k.session_id, s.batch_id, k.attendance FROM "
                   "batch_session_candidates k JOIN batch_sessions s ON s.id "
                   "= k.session_id WHERE k.registration_id = ?",
                   {registration_id}));
        std::optional<int64_t> from;
        for (const auto& w : where) {
          if (w.Int(1) != b.id) {
            return Status::FailedPrecondition("exam.already_assigned",
                                              "该考生已安排在其他批次的场次中");
          }
          if (w.Text(2) != "pending") {
            return Status::FailedPrecondition(
                "exam.already_signed_in",
                "该考生已签到或已记缺考，不能调整场次");
          }
          from = w.Int(0);
        }
        if (from && *from == session_id) return BuildAssignment(c, b);
        if (target->candidates >= target->capacity) {
          return Status::FailedPrecondition(
              "exam.session_full",
              "第 " + std::to_string(target->position) + " 场已满（容量 " +
                  std::to_string(target->capacity) + " 人）");
        }
        if (from) {
          ZXKH_RETURN_IF_ERROR(
              c.Exec("DELETE FROM batch_session_candidates WHERE session_id = "
                     "? AND registration_id = ?",
                     {*from, registration_id})
                  .status());
        }
        ZXKH_ASSIGN_OR_RETURN(int last, LastSeat(c, session_id));
        ZXKH_RETURN_IF_ERROR(InsertCandidate(c, session_id, registration_id,
                                             domain::SeatLabel(last + 1)));
        ZXKH_RETURN_IF_ERROR(
            Audit(c, caller, now, "exam.assign", "registration",
                  std::to_string(registration_id), b,
                  (from ? "调整场次 " + std::to_string(*from) + " → "
                        : std::string("安排到场次 ")) +
                      std::to_string(session_id)));
        return BuildAssignment(c, std::move(b));
      });
}

Result<std::vector<MySession>> ExamDayService::MySessions(
    const Caller& caller) {
  if (!IsStaffRole(caller)) {
    return Status::PermissionDenied("auth.forbidden", "无权访问");
  }
  return db_.InTransaction(
      Database::Mode::kRead,
      [&](Connection& c) -> Result<std::vector<MySession>> {
        ZXKH_ASSIGN_OR_RETURN(
            std::vector<Row> rows,
            c.Rows("SELECT DISTINCT s.id, s.batch_id, bs.role FROM "
                   "batch_staff bs JOIN staff_members m ON m.id = bs.staff_id "
                   "JOIN batch_plans b ON b.id = bs.batch_id JOIN "
                   "batch_sessions s ON s.batch_id = bs.batch_id AND "
                   "(bs.session_id IS NULL OR bs.session_id = s.id) WHERE "
                   "m.user_id = ? AND b.state = 'approved' AND bs.role = ?",
                   {caller.user_id,
                    std::string(caller.role == Role::kProctor ? "proctor"
                                : caller.role == Role::kExaminer
                                    ? "examiner"
                                    : "supervisor")}));
        std::vector<MySession> out;
        for (const auto& r : rows) {
          ZXKH_ASSIGN_OR_RETURN(Loaded l, LoadSession(c, caller, r.Int(0)));
          MySession m;
          m.session = std::move(l.session);
          m.batch_title = l.batch.title;
          m.institution_name = l.batch.institution_name;
          m.role = r.Text(2);
          m.closed_at = l.closed_at;
          out.push_back(std::move(m));
        }
        std::sort(out.begin(), out.end(),
                  [](const MySession& x, const MySession& y) {
                    return x.session.start_ms < y.session.start_ms;
                  });
        return out;
      });
}

Result<ExamSessionView> ExamDayService::Session(const Caller& caller,
                                                int64_t session_id) {
  return db_.InTransaction(
      Database::Mode::kRead, [&](Connection& c) -> Result<ExamSessionView> {
        ZXKH_ASSIGN_OR_RETURN(Loaded l, LoadSession(c, caller, session_id));
        ExamSessionView v;
        ZXKH_ASSIGN_OR_RETURN(v.candidates, CandidatesOf(c, session_id));
        v.closed_at = l.closed_at;
        v.batch_title = l.batch.title;
        v.institution_name = l.batch.institution_name;
        v.session = std::move(l.session);
        return v;
      });
}

Result<std::string> ExamDayService::SignInSheet(const Caller& caller,
                                                int64_t session_id) {
  ZXKH_ASSIGN_OR_RETURN(ExamSessionView v, Session(caller, session_id));
  docs::PdfDocument pdf;
  pdf.Title("考生签到表");
  pdf.Subtitle(v.institution_name + "「" + v.batch_title + "」");
  pdf.KeyValues({{"场次", "第 " + std::to_string(v.session.position) + " 场"},
                 {"考场", v.session.room},
                 {"时间", v.session.exam_date + " " + v.session.start_time +
                              "—" + v.session.end_time},
                 {"应到人数", std::to_string(v.candidates.size())}});
  std::vector<std::vector<std::string>> rows;
  for (const auto& k : v.candidates) {
    rows.push_back({k.seat, k.name, k.id_masked, ""});
  }
  pdf.Table({"座号", "姓名", "证件号码", "签名"}, rows, {1, 2, 3, 3});
  pdf.SignatureBlock("", "");
  return pdf.Render();
}

Result<SessionCandidate> ExamDayService::SignIn(const Caller& caller,
                                                int64_t session_id,
                                                std::string name,
                                                std::string id_number) {
  const int64_t now = clock_.NowUnixMillis();
  const std::string want_name(TrimSpace(name));
  const std::string id = NormalizeId(id_number);
  const std::string hash_resident =
      pii_.LookupHash(domain::IdentityKey(domain::IdType::kResidentId, id));
  const std::string hash_other =
      pii_.LookupHash(domain::IdentityKey(domain::IdType::kOther, id));
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<SessionCandidate> {
        ZXKH_ASSIGN_OR_RETURN(Loaded l, LoadSession(c, caller, session_id));
        if (!l.access.proctor) return NotFound();
        ZXKH_RETURN_IF_ERROR(domain::CheckExamDay(l.batch.state));
        ZXKH_RETURN_IF_ERROR(
            domain::CheckSignInWindow(now, l.session.start_ms, l.session.end_ms,
                                      l.closed_at.has_value()));
        ZXKH_ASSIGN_OR_RETURN(
            std::vector<Row> rows,
            c.Rows("SELECT k.registration_id, k.attendance, p.name FROM "
                   "batch_session_candidates k JOIN registrations r ON r.id = "
                   "k.registration_id JOIN persons p ON p.id = r.person_id "
                   "WHERE k.session_id = ? AND p.id_hash IN (?, ?)",
                   {session_id, hash_resident, hash_other}));
        if (rows.empty() || rows[0].Text(2) != want_name || want_name.empty()) {
          return Status::InvalidArgument(
              "exam.identity_mismatch",
              "姓名或证件号码与本场次考生的报名信息不符");
        }
        const int64_t reg = rows[0].Int(0);
        if (rows[0].Text(1) != "pending") {
          return Status::FailedPrecondition("exam.already_signed_in",
                                            "该考生已签到");
        }
        ZXKH_RETURN_IF_ERROR(
            c.Exec("UPDATE batch_session_candidates SET attendance = "
                   "'present', signed_in_at = ?, signed_in_by = ? WHERE "
                   "session_id = ? AND registration_id = ? AND attendance = "
                   "'pending'",
                   {now, caller.user_id, session_id, reg})
                .status());
        ZXKH_RETURN_IF_ERROR(
            SetRegistrationState(c, reg, domain::RegistrationState::kSat, now));
        ZXKH_RETURN_IF_ERROR(Audit(
            c, caller, now, "exam.sign_in", "registration", std::to_string(reg),
            l.batch,
            "场次 " + std::to_string(session_id) + " 签到：待签到 → 已到"));
        ZXKH_ASSIGN_OR_RETURN(
            Row out,
            c.One(std::string(kCandidateSelect) +
                      "WHERE k.session_id = ? AND k.registration_id = ?",
                  {session_id, reg}));
        return CandidateFromRow(out);
      });
}

Result<ExamSessionView> ExamDayService::Close(const Caller& caller,
                                              int64_t session_id) {
  const int64_t now = clock_.NowUnixMillis();
  auto closed =
      db_.InTransaction(Database::Mode::kWrite, [&](Connection& c) -> Status {
        ZXKH_ASSIGN_OR_RETURN(Loaded l, LoadSession(c, caller, session_id));
        if (!l.access.proctor && !l.access.institution) return NotFound();
        ZXKH_RETURN_IF_ERROR(domain::CheckExamDay(l.batch.state));
        ZXKH_RETURN_IF_ERROR(domain::CheckCanClose(now, l.session.end_ms,
                                                   l.closed_at.has_value()));
        ZXKH_ASSIGN_OR_RETURN(
            std::vector<Row> pending,
            c.Rows("SELECT registration_id FROM batch_session_candidates "
                   "WHERE session_id = ? AND attendance = 'pending'",
                   {session_id}));
        for (const auto& p : pending) {
          ZXKH_RETURN_IF_ERROR(SetRegistrationState(
              c, p.Int(0), domain::RegistrationState::kAbsent, now));
        }
        ZXKH_RETURN_IF_ERROR(
            c.Exec("UPDATE batch_session_candidates SET attendance = 'absent' "
                   "WHERE session_id = ? AND attendance = 'pending'",
                   {session_id})
                .status());
        ZXKH_RETURN_IF_ERROR(
            c.Exec("UPDATE batch_sessions SET closed_at = ?, closed_by = ? "
                   "WHERE id = ?",
                   {now,
                    caller.user_id > 0 ? store::Value{caller.user_id}
                                       : store::Value{},
                    session_id})
                .status());
        return Audit(
            c, caller, now, "exam.close", "batch_session",
            std::to_string(session_id), l.batch,
            "场次结束，缺考 " + std::to_string(pending.size()) + " 人");
      });
  if (!closed.ok()) return closed;
  return Session(caller, session_id);
}

Result<IncidentRow> ExamDayService::RecordIncident(const Caller& caller,
                                                   IncidentInput in) {
  const int64_t now = clock_.NowUnixMillis();
  auto kind = domain::ParseIncidentKind(in.kind);
  if (!kind) {
    return Status::InvalidArgument(
        "exam.incident_kind", "事件类型须为违纪、作弊、设备故障、安全或其他",
        "kind");
  }
  ZXKH_ASSIGN_OR_RETURN(
      std::string description,
      OptTextCheck(in.description, 1000, "description", "事件经过", true));
  ZXKH_ASSIGN_OR_RETURN(
      std::string action,
      OptTextCheck(in.action_taken, 500, "action_taken", "处理措施", false));
  const int64_t at = in.occurred_at > 0 ? in.occurred_at : now;
  if (at > now) {
    return Status::InvalidArgument("exam.incident_time",
                                   "事件时间不能晚于当前时间", "occurred_at");
  }
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<IncidentRow> {
        ZXKH_ASSIGN_OR_RETURN(Loaded l, LoadSession(c, caller, in.session_id));
        if (!l.access.proctor && !l.access.supervisor) return NotFound();
        ZXKH_RETURN_IF_ERROR(domain::CheckExamDay(l.batch.state));
        if (in.registration_id) {
          ZXKH_ASSIGN_OR_RETURN(
              std::vector<Row> k,
              c.Rows("SELECT 1 FROM batch_session_candidates WHERE session_id "
                     "= ? AND registration_id = ?",
                     {in.session_id, *in.registration_id}));
          if (k.empty()) {
            return Status::NotFound("exam.candidate_not_found",
                                    "该考生不在本场次");
          }
        }
        ZXKH_ASSIGN_OR_RETURN(
            Row id,
            c.One("INSERT INTO exam_incidents (batch_id, session_id, "
                  "registration_id, kind, description, action_taken, "
                  "occurred_at, recorded_by, created_at) VALUES (?, ?, ?, ?, "
                  "?, ?, ?, ?, ?) RETURNING id",
                  {l.batch.id, in.session_id,
                   in.registration_id ? store::Value{*in.registration_id}
                                      : store::Value{},
                   *kind, description, action, at,
                   caller.user_id > 0 ? store::Value{caller.user_id}
                                      : store::Value{},
                   now}));
        ZXKH_RETURN_IF_ERROR(Audit(
            c, caller, now, "exam.incident", "exam_incident",
            std::to_string(id.Int(0)), l.batch,
            "记录考场事件（" + std::string(domain::IncidentKindTitle(*kind)) +
                "），场次 " + std::to_string(in.session_id)));
        ZXKH_ASSIGN_OR_RETURN(
            Row r,
            c.One(std::string(kIncidentSelect) + "WHERE id = ?", {id.Int(0)}));
        return IncidentFromRow(r);
      });
}

Result<std::vector<IncidentRow>> ExamDayService::Incidents(
    const Caller& caller, int64_t batch_id, std::optional<int64_t> session_id) {
  return db_.InTransaction(
      Database::Mode::kRead,
      [&](Connection& c) -> Result<std::vector<IncidentRow>> {
        if (session_id) {
          ZXKH_ASSIGN_OR_RETURN(Loaded l, LoadSession(c, caller, *session_id));
          if (l.batch.id != batch_id) return NotFound();
        } else {
          ZXKH_RETURN_IF_ERROR(LoadBatch(c, caller, batch_id).status());
        }
        ZXKH_ASSIGN_OR_RETURN(
            std::vector<Row> rows,
            session_id
                ? c.Rows(std::string(kIncidentSelect) +
                             "WHERE batch_id = ? AND session_id = ? ORDER BY "
                             "occurred_at, id",
                         {batch_id, *session_id})
                : c.Rows(std::string(kIncidentSelect) +
                             "WHERE batch_id = ? ORDER BY occurred_at, id",
                         {batch_id}));
        std::vector<IncidentRow> out;
        for (const auto& r : rows) out.push_back(IncidentFromRow(r));
        return out;
      });
}

Result<Paper> ExamDayService::ReadSessionPaper(const Caller& caller,
                                               int64_t session_id) {
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<Paper> {
        ZXKH_ASSIGN_OR_RETURN(Loaded l, LoadSession(c, caller, session_id));
        if (!l.access.proctor && !l.access.examiner) return NotFound();
        if (!l.session.paper_id) {
          return Status::NotFound("exam.no_paper", "本场次尚未分配试卷");
        }
        store::QuestionBankRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(store::PaperRow p,
                              repo.GetPaper(*l.session.paper_id));
        ZXKH_RETURN_IF_ERROR(domain::CheckUnsealed(now, p.session_start));
        Paper out;
        ZXKH_ASSIGN_OR_RETURN(out.content, repo.SetContent(p.set_id));
        ZXKH_ASSIGN_OR_RETURN(out.attachments, repo.Attachments(p.set_id));
        out.assignment = std::move(p);
        ZXKH_RETURN_IF_ERROR(
            Audit(c, caller, now, "paper.read", "paper_assignment",
                  std::to_string(out.assignment.id), l.batch,
                  "场次 " + std::to_string(session_id) + " 查看试卷（set " +
                      std::to_string(out.assignment.set_id) + "）"));
        return out;
      });
}

Result<RecordingRow> ExamDayService::AddRecording(const Caller& caller,
                                                  RecordingInput in) {
  const int64_t now = clock_.NowUnixMillis();
  std::string camera(TrimSpace(in.camera));
  std::string sha(TrimSpace(in.sha256));
  for (auto& ch : sha) {
    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  ZXKH_RETURN_IF_ERROR(
      domain::CheckRecording(camera, in.start_ms, in.end_ms, sha));
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<RecordingRow> {
        ZXKH_ASSIGN_OR_RETURN(Loaded l, LoadSession(c, caller, in.session_id));
        if (!l.access.proctor && !l.access.institution) return NotFound();
        ZXKH_RETURN_IF_ERROR(domain::CheckExamDay(l.batch.state));
        ZXKH_ASSIGN_OR_RETURN(
            Row id,
            c.One("INSERT INTO exam_recordings (batch_id, session_id, camera, "
                  "start_ms, end_ms, sha256, file_name, created_by, "
                  "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {l.batch.id, in.session_id, camera, in.start_ms, in.end_ms,
                   sha, std::string(),
                   caller.user_id > 0 ? store::Value{caller.user_id}
                                      : store::Value{},
                   now}));
        ZXKH_RETURN_IF_ERROR(
            Audit(c, caller, now, "exam.recording", "exam_recording",
                  std::to_string(id.Int(0)), l.batch,
                  "登记场次 " + std::to_string(in.session_id) + " 录像"));
        ZXKH_ASSIGN_OR_RETURN(auto all, RecordingsOf(c, in.session_id));
        for (auto& r : all) {
          if (r.id == id.Int(0)) return r;
        }
        return Status::Internal("exam.recording", "录像登记失败");
      });
}

Result<RecordingRow> ExamDayService::AttachRecordingFile(
    const Caller& caller, int64_t recording_id, const std::string& temp_path,
    std::string file_name) {
  // Scope and state before anything is stored, and again when writing.
  using Checked = std::pair<RecordingRow, Loaded>;
  auto check = [&](Connection& c) -> Result<Checked> {
    ZXKH_ASSIGN_OR_RETURN(Checked rl, LoadRecording(c, caller, recording_id));
    if (!rl.second.access.proctor && !rl.second.access.institution) {
      return RecordingNotFound();
    }
    ZXKH_RETURN_IF_ERROR(domain::CheckExamDay(rl.second.batch.state));
    return rl;
  };
  ZXKH_ASSIGN_OR_RETURN(Checked before,
                        db_.InTransaction(Database::Mode::kRead, check));
  const RecordingRow& rec = before.first;
  std::string name(TrimSpace(file_name));
  if (name.empty() || !IsValidUtf8(name) || Utf8Length(name) > 200) {
    name = "录像-" + std::to_string(recording_id);
  }
  auto stored = files_.PutFile(temp_path, "application/octet-stream",
                               kMaxRecordingFileBytes, rec.sha256);
  if (!stored.ok()) {
    if (stored.status().code() == "file.hash_mismatch") {
      return Status::InvalidArgument(
          "recording.hash_mismatch",
          "上传文件的 SHA-256 与登记的录像不一致，文件未保存", "file");
    }
    return stored.status();
  }
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<RecordingRow> {
        ZXKH_ASSIGN_OR_RETURN(Checked rl, check(c));
        RecordingRow& r = rl.first;
        ZXKH_RETURN_IF_ERROR(store::FileStore::Register(c, *stored, now));
        ZXKH_RETURN_IF_ERROR(
            c.Exec("UPDATE exam_recordings SET file_name = ? WHERE id = ?",
                   {name, recording_id})
                .status());
        ZXKH_RETURN_IF_ERROR(Audit(
            c, caller, now, "exam.recording_file", "exam_recording",
            std::to_string(recording_id), rl.second.batch,
            "上传场次 " + std::to_string(r.session_id) + " 录像文件（" +
                std::to_string(stored->size_bytes) + " 字节，SHA-256 一致）"));
        r.file_name = name;
        return r;
      });
}

Result<RecordingFile> ExamDayService::DownloadRecordingFile(
    const Caller& caller, int64_t recording_id) {
  auto find = [&](Connection& c) -> Result<RecordingRow> {
    ZXKH_ASSIGN_OR_RETURN(auto rl, LoadRecording(c, caller, recording_id));
    const bool officer = caller.role == Role::kProvince ||
                         caller.role == Role::kCity ||
                         caller.role == Role::kDistrict;
    if (!officer && !rl.second.access.institution &&
        !rl.second.access.supervisor) {
      return RecordingNotFound();
    }
    if (rl.first.file_name.empty()) {
      return Status::NotFound("recording.no_file", "该录像尚未上传文件");
    }
    return rl.first;
  };
  ZXKH_ASSIGN_OR_RETURN(RecordingRow rec,
                        db_.InTransaction(Database::Mode::kRead, find));
  ZXKH_ASSIGN_OR_RETURN(std::string bytes, files_.Read(rec.sha256));
  return RecordingFile{std::move(bytes), "application/octet-stream",
                       rec.file_name};
}

Result<CoverageView> ExamDayService::Coverage(const Caller& caller,
                                              int64_t session_id) {
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<CoverageView> {
        ZXKH_ASSIGN_OR_RETURN(Loaded l, LoadSession(c, caller, session_id));
        CoverageView v;
        v.session_id = session_id;
        v.scheduled = {l.session.start_ms, l.session.end_ms};
        ZXKH_ASSIGN_OR_RETURN(v.recordings, RecordingsOf(c, session_id));
        std::vector<domain::TimeSpan> spans;
        for (const auto& r : v.recordings) {
          spans.push_back({r.start_ms, r.end_ms});
        }
        v.gaps = domain::CoverageGaps(v.scheduled, std::move(spans));
        ZXKH_ASSIGN_OR_RETURN(
            Row flag, c.One("SELECT coverage_flagged FROM batch_plans WHERE "
                            "id = ?",
                            {l.batch.id}));
        v.batch_flagged = flag.Int(0) != 0;
        if (v.gaps.empty() || v.batch_flagged || now < l.session.end_ms ||
            l.batch.state != BatchState::kApproved) {
          return v;
        }
        ZXKH_ASSIGN_OR_RETURN(
            int64_t n,
            c.Exec("UPDATE batch_plans SET coverage_flagged = 1, "
                   "coverage_flagged_at = ? WHERE id = ? AND coverage_flagged "
                   "= 0",
                   {now, l.batch.id}));
        v.batch_flagged = true;
        if (n == 0) return v;
        const store::Message m{
            "考核录像不完整",
            l.batch.institution_name + "「" + l.batch.title + "」第 " +
                std::to_string(l.session.position) + " 场录像有 " +
                std::to_string(v.gaps.size()) + " 处未覆盖，请核查。",
            "/admin/batches/" + std::to_string(l.batch.id)};
        store::NotificationRepository notes(c);
        ZXKH_RETURN_IF_ERROR(notes.ToDistrict(l.batch.district_code, m, now));
        ZXKH_RETURN_IF_ERROR(notes.ToRole("CITY", m, now));
        ZXKH_RETURN_IF_ERROR(
            Audit(c, caller, now, "exam.coverage_flag", "batch",
                  std::to_string(l.batch.id), l.batch,
                  "录像覆盖检查：场次 " + std::to_string(session_id) + " 有 " +
                      std::to_string(v.gaps.size()) + " 处缺口，批次已标记"));
        return v;
      });
}

}  // namespace zxkh::service
