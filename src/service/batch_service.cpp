#include "service/batch_service.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <map>
#include <set>

#include "common/text.hpp"
#include "domain/catalog.hpp"
#include "domain/staff.hpp"
#include "service/audit_service.hpp"
#include "service/permissions.hpp"
#include "service/question_bank_service.hpp"
#include "store/catalog_repository.hpp"
#include "store/institution_repository.hpp"
#include "store/notification_repository.hpp"

namespace zxkh::service {

using domain::BatchState;
using domain::Caller;
using domain::Role;
using domain::StaffRole;
using store::BatchRepository;
using store::BatchRow;
using store::BatchSessionRow;
using store::BatchStaffRow;
using store::Connection;
using store::Database;
using store::Message;
using store::NotificationRepository;

namespace {

constexpr std::initializer_list<Role> kInstitutionRoles = {
    Role::kInstitutionAdmin, Role::kInstitutionOperator};

Status NotFound() {
  return Status::NotFound("batch.not_found", "考核批次不存在");
}

bool IsInstitution(const Caller& c) {
  return c.role == Role::kInstitutionAdmin ||
         c.role == Role::kInstitutionOperator;
}

bool InScope(const Caller& c, const BatchRow& b) {
  switch (c.role) {
    case Role::kProvince:
    case Role::kCity:
      return b.state != BatchState::kDraft;
    case Role::kDistrict:
      return b.state != BatchState::kDraft && c.district_code &&
             *c.district_code == b.district_code;
    case Role::kInstitutionAdmin:
    case Role::kInstitutionOperator:
      return c.institution_id && *c.institution_id == b.institution_id;
    default:
      return false;
  }
}

Result<BatchRow> LoadScoped(Connection& c, const Caller& caller, int64_t id) {
  auto b = BatchRepository(c).Get(id);
  if (!b.ok()) return b.status();
  if (!InScope(caller, *b)) return NotFound();
  return b;
}

std::string StateTitle(BatchState s) {
  return std::string(domain::BatchStateTitle(s));
}

std::string Arrow(BatchState from, BatchState to) {
  return StateTitle(from) + " → " + StateTitle(to);
}

std::string LinkOf(int64_t id) {
  return "/admin/batches/" + std::to_string(id);
}

std::string Label(const BatchRow& b) {
  return b.institution_name + "「" + b.title + "」";
}

Status Audit(Connection& c, const Caller& caller, int64_t now,
             std::string action, const BatchRow& b, std::string summary) {
  return AuditService::Record(c, caller, now, std::move(action), "batch",
                              std::to_string(b.id), std::move(summary),
                              b.district_code, b.institution_id);
}

Status Event(Connection& c, const Caller& caller, int64_t now,
             const BatchRow& b, BatchState from, std::string action,
             std::string reason) {
  store::BatchEventRow e;
  e.batch_id = b.id;
  e.at = now;
  if (caller.user_id > 0) e.user_id = caller.user_id;
  e.action = std::move(action);
  e.from_state = std::string(domain::BatchStateName(from));
  e.to_state = std::string(domain::BatchStateName(b.state));
  e.revision = b.revision;
  e.reason = std::move(reason);
  return BatchRepository(c).InsertEvent(e);
}

Result<std::string> CheckText(std::string_view raw, std::size_t max,
                              std::string field, std::string title) {
  std::string s(TrimSpace(raw));
  if (!IsValidUtf8(s) || Utf8Length(s) > max) {
    return Status::InvalidArgument(
        "batch.text_too_long",
        title + "不能超过 " + std::to_string(max) + " 个字", std::move(field));
  }
  return s;
}

// "09:30" → minutes after midnight.
std::optional<int> ParseHm(std::string_view s) {
  s = TrimSpace(s);
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  for (int i : {0, 1, 3, 4}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  }
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

// The session as the domain checks it.
std::vector<domain::ExamSession> DomainSessions(
    const std::vector<BatchSessionRow>& rows) {
  std::vector<domain::ExamSession> out;
  for (const auto& s : rows) {
    domain::ExamSession e;
    e.id = s.id;
    e.start_ms = s.start_ms;
    e.end_ms = s.end_ms;
    e.room = s.room;
    e.capacity = s.capacity;
    e.candidates = s.candidates;
    out.push_back(std::move(e));
  }
  return out;
}

std::string SessionTitle(const BatchSessionRow& s) {
  return "第 " + std::to_string(s.position) + " 场";
}

// The eligible staff per role, by staff record id.
using Eligible = std::map<int64_t, StaffCandidate>;

// R-EXA-5 for a batch: the project is in the approved scope and active;
// with an exam year, also in the institution's published plan of that year.
Status CheckProject(Connection& c, int64_t institution_id,
                    const std::string& code, std::optional<int> year) {
  ZXKH_ASSIGN_OR_RETURN(std::vector<store::ScopeProject> scope,
                        store::InstitutionRepository(c).Scope(institution_id));
  const bool in_scope =
      std::any_of(scope.begin(), scope.end(),
                  [&](const store::ScopeProject& p) { return p.code == code; });
  auto project = store::CatalogRepository(c).Get(code);
  if (!project.ok() || !in_scope) {
    return Status::InvalidArgument(
        "batch.project_out_of_scope",
        "考核项目 " + code + " 不在本机构经批准的考核范围内", "project_code");
  }
  if (project->status != domain::ProjectStatus::kActive) {
    return Status::InvalidArgument(
        "batch.project_retired",
        "「" + project->name + "」已从目录停用，不能安排考核", "project_code");
  }
  if (!year) return Status::Ok();
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<store::Row> rows,
      c.Rows("SELECT 1 FROM annual_plans p JOIN annual_plan_items t ON "
             "t.plan_id = p.id WHERE p.institution_id = ? AND p.year = ? AND "
             "p.state = 'published' AND t.project_code = ?",
             {institution_id, int64_t{*year}, code}));
  if (rows.empty()) {
    return Status::InvalidArgument(
        "batch.project_not_planned",
        "「" + project->name + "」不在本机构已发布的 " + std::to_string(*year) +
            " 年度考核计划中，不能安排考核批次",
        "project_code");
  }
  return Status::Ok();
}

// Every check of a submission (and of a change after approval).
Status SubmitChecks(Connection& c, const BatchRow& b,
                    const std::vector<BatchSessionRow>& sessions,
                    const std::vector<BatchStaffRow>& staff,
                    const WorkdayCalendar& calendar, Date today) {
  if (sessions.empty() || !b.first_date) {
    return Status::FailedPrecondition("batch.no_sessions",
                                      "请至少安排一个考核场次后再提交");
  }
  ZXKH_ASSIGN_OR_RETURN(Date first, Date::Parse(*b.first_date));
  ZXKH_RETURN_IF_ERROR(domain::CheckSubmissionInTime(calendar, today, first));
  ZXKH_RETURN_IF_ERROR(
      CheckProject(c, b.institution_id, b.project_code, first.year()));
  if (b.title.empty()) {
    return Status::InvalidArgument("batch.title_required", "请填写批次名称",
                                   "title");
  }
  if (b.venue_address.empty()) {
    return Status::InvalidArgument("batch.venue_required", "请填写考核地点",
                                   "venue_address");
  }
  ZXKH_RETURN_IF_ERROR(domain::CheckVenue(
      b.venue_kind == "production_site" ? domain::VenueKind::kProductionSite
                                        : domain::VenueKind::kFixedSite,
      b.safety_statement));
  int capacity = 0;
  for (const auto& s : sessions) capacity += s.capacity;
  if (b.expected_count < 1 || b.expected_count > capacity) {
    return Status::InvalidArgument("batch.expected_count",
                                   "预计考生人数应在 1 至各场次容量之和（" +
                                       std::to_string(capacity) + "）之间",
                                   "expected_count");
  }
  const auto domain_sessions = DomainSessions(sessions);
  ZXKH_RETURN_IF_ERROR(domain::CheckSessions(domain_sessions));

  std::vector<domain::StaffAssignment> assignments;
  std::set<int64_t> persons;
  for (const auto& s : staff) {
    domain::StaffAssignment a;
    a.person_id = s.person_id;
    a.name = s.name;
    a.role = domain::ParseStaffRole(s.role).value_or(StaffRole::kProctor);
    a.session_id = s.session_id.value_or(0);
    a.group_leader = s.group_leader;
    a.external = s.external;
    a.employer_institution_id = s.employer_institution_id;
    assignments.push_back(std::move(a));
    persons.insert(s.person_id);
  }
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<store::PersonCommitment> elsewhere,
      BatchRepository(c).CommitmentsElsewhere(
          b.id, std::vector<int64_t>(persons.begin(), persons.end())));
  std::vector<domain::Commitment> commitments;
  for (const auto& e : elsewhere) {
    commitments.push_back({e.person_id, e.start_ms, e.end_ms,
                           "批次 " + std::to_string(e.batch_id) + " 第 " +
                               std::to_string(e.position) + " 场"});
  }
  return domain::CheckStaffing(b.institution_id, domain_sessions, assignments,
                               commitments);
}

Result<BatchDetail> Detail(Connection& c, BatchRow b,
                           const WorkdayCalendar* calendar) {
  BatchRepository repo(c);
  BatchDetail d;
  ZXKH_ASSIGN_OR_RETURN(d.sessions, repo.Sessions(b.id));
  ZXKH_ASSIGN_OR_RETURN(d.staff, repo.Staff(b.id));
  ZXKH_ASSIGN_OR_RETURN(d.events, repo.Events(b.id));
  if (b.first_date && calendar) {
    auto first = Date::Parse(*b.first_date);
    if (first.ok()) {
      auto last = domain::LastSubmissionDate(*calendar, *first);
      if (last.ok()) {
        d.last_submission_date = last->ToString();
      } else {
        d.deadline_note = last.status().message();
      }
    }
  } else if (!b.first_date) {
    d.deadline_note = "安排考核场次后显示最晚提交日期";
  }
  if (b.approved_snapshot_id) {
    ZXKH_ASSIGN_OR_RETURN(auto approved,
                          repo.Snapshot(*b.approved_snapshot_id));
    ZXKH_ASSIGN_OR_RETURN(auto latest, repo.LatestSnapshot(b.id));
    if (approved) {
      d.approved_revision = approved->revision;
      if (latest && latest->id != approved->id) {
        d.changes = BatchService::Diff(approved->snapshot, latest->snapshot);
      }
    }
  }
  d.batch = std::move(b);
  return d;
}

// Stores the snapshot of the batch as it is now; returns its id.
Result<int64_t> StoreSnapshot(Connection& c, const BatchRow& b, int64_t now) {
  BatchRepository repo(c);
  ZXKH_ASSIGN_OR_RETURN(auto sessions, repo.Sessions(b.id));
  ZXKH_ASSIGN_OR_RETURN(auto staff, repo.Staff(b.id));
  return repo.InsertSnapshot(
      b.id, b.revision, BatchService::SnapshotJson(b, sessions, staff), now);
}

struct ParsedSession {
  BatchSessionRow row;
  const BatchSessionInput* in = nullptr;
};

}  // namespace

BatchService::BatchService(Database& db, const Clock& clock,
                           CalendarService& calendar, StaffService& staff)
    : db_(db), clock_(clock), calendar_(calendar), staff_(staff) {}

Result<BatchDetail> BatchService::Create(const Caller& caller, BatchInput in) {
  return Save(caller, std::nullopt, std::move(in));
}

Result<BatchDetail> BatchService::Update(const Caller& caller, int64_t id,
                                         BatchInput in) {
  return Save(caller, id, std::move(in));
}

Result<BatchDetail> BatchService::Save(const Caller& caller,
                                       std::optional<int64_t> id,
                                       BatchInput in) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kInstitutionRoles));
  if (!caller.institution_id) return NotFound();
  const int64_t inst = *caller.institution_id;
  const int64_t now = clock_.NowUnixMillis();
  const Date today = clock_.Today();

  if (id) {  // outside scope: NotFound before anything else
    ZXKH_RETURN_IF_ERROR(
        db_.InTransaction(Database::Mode::kRead,
                          [&](Connection& c) -> Result<BatchRow> {
                            return LoadScoped(c, caller, *id);
                          })
            .status());
  }

  // The fields, checked one by one.
  BatchRow f;
  f.institution_id = inst;
  f.project_code = AsciiUpper(TrimSpace(in.project_code));
  if (f.project_code.empty()) {
    return Status::InvalidArgument("batch.project_required", "请选择考核项目",
                                   "project_code");
  }
  ZXKH_ASSIGN_OR_RETURN(f.title, CheckText(in.title, 100, "title", "批次名称"));
  if (f.title.empty()) {
    return Status::InvalidArgument("batch.title_required", "请填写批次名称",
                                   "title");
  }
  f.venue_kind = std::string(TrimSpace(in.venue_kind));
  if (f.venue_kind.empty()) f.venue_kind = "fixed_site";
  if (f.venue_kind != "fixed_site" && f.venue_kind != "production_site") {
    return Status::InvalidArgument(
        "batch.venue_kind", "场地类型应为固定场所或生产现场", "venue_kind");
  }
  ZXKH_ASSIGN_OR_RETURN(
      f.venue_address,
      CheckText(in.venue_address, 200, "venue_address", "考核地点"));
  ZXKH_ASSIGN_OR_RETURN(
      f.safety_statement,
      CheckText(in.safety_statement, 2000, "safety_statement", "安全声明"));
  ZXKH_ASSIGN_OR_RETURN(f.process,
                        CheckText(in.process, 2000, "process", "考核流程"));
  ZXKH_ASSIGN_OR_RETURN(
      f.room_preparation,
      CheckText(in.room_preparation, 2000, "room_preparation", "考场准备"));
  ZXKH_ASSIGN_OR_RETURN(
      f.rules_text, CheckText(in.rules_text, 5000, "rules_text", "考场规则"));
  ZXKH_ASSIGN_OR_RETURN(
      f.discipline_text,
      CheckText(in.discipline_text, 5000, "discipline_text", "考场纪律"));
  ZXKH_ASSIGN_OR_RETURN(f.safety_notes, CheckText(in.safety_notes, 5000,
                                                  "safety_notes", "安全须知"));
  if (in.expected_count < 0 || in.expected_count > 100000) {
    return Status::InvalidArgument("batch.expected_count", "预计考生人数无效",
                                   "expected_count");
  }
  f.expected_count = in.expected_count;
  if (in.sessions.size() > 200) {
    return Status::InvalidArgument("batch.too_many_sessions",
                                   "一个批次最多 200 个场次", "sessions");
  }

  std::vector<ParsedSession> sessions;
  std::optional<Date> first, last;
  for (std::size_t i = 0; i < in.sessions.size(); ++i) {
    const auto& s = in.sessions[i];
    const std::string name = "第 " + std::to_string(i + 1) + " 场";
    auto date = Date::Parse(TrimSpace(s.date));
    auto start = ParseHm(s.start);
    auto end = ParseHm(s.end);
    if (!date.ok() || !start || !end) {
      return Status::InvalidArgument(
          "batch.session_time",
          name + "的日期或时间无效（日期 YYYY-MM-DD，时间 HH:MM）", "sessions");
    }
    ParsedSession p;
    p.in = &s;
    p.row.id = s.id.value_or(0);
    p.row.position = static_cast<int>(i + 1);
    p.row.exam_date = date->ToString();
    p.row.start_time = std::string(TrimSpace(s.start));
    p.row.end_time = std::string(TrimSpace(s.end));
    const int64_t midnight = Clock::UnixMillisAt(*date, 0);
    p.row.start_ms = midnight + int64_t{*start} * 60000;
    p.row.end_ms = midnight + int64_t{*end} * 60000;
    ZXKH_ASSIGN_OR_RETURN(p.row.room,
                          CheckText(s.room, 50, "sessions", name + "的考场"));
    if (p.row.room.empty()) {
      return Status::InvalidArgument("batch.session_room", name + "请填写考场",
                                     "sessions");
    }
    if (s.capacity < 1 || s.capacity > 1000) {
      return Status::InvalidArgument("batch.session_capacity",
                                     name + "的容量应在 1 至 1000 之间",
                                     "sessions");
    }
    p.row.capacity = s.capacity;
    if (!first || *date < *first) first = *date;
    if (!last || *last < *date) last = *date;
    sessions.push_back(std::move(p));
  }
  if (first) {
    f.first_date = first->ToString();
    f.last_date = last->ToString();
  }

  // Who may be chosen (read outside the write transaction).
  std::map<StaffRole, Eligible> eligible;
  auto need = [&](StaffRole role) -> Status {
    if (eligible.count(role)) return Status::Ok();
    ZXKH_ASSIGN_OR_RETURN(std::vector<StaffCandidate> list,
                          staff_.EligibleStaff(caller, f.project_code, role,
                                               inst, first.value_or(today)));
    Eligible& m = eligible[role];
    for (auto& s : list) m.emplace(s.staff_id, std::move(s));
    return Status::Ok();
  };
  auto pick = [&](StaffRole role,
                  int64_t staff_id) -> Result<const StaffCandidate*> {
    ZXKH_RETURN_IF_ERROR(need(role));
    auto it = eligible[role].find(staff_id);
    if (it == eligible[role].end()) {
      return Status::InvalidArgument(
          "batch.staff_not_eligible",
          "所选人员（编号 " + std::to_string(staff_id) + "）不是本批次可选的" +
              std::string(domain::StaffRoleTitle(role)) +
              "（须为在库、有效、具备本项目考评资格且非本机构人员）",
          "staff");
    }
    return &it->second;
  };
  struct Pick {
    std::size_t session;  // index into `sessions`; npos for supervisors
    const StaffCandidate* who;
    StaffRole role;
    bool leader;
  };
  std::vector<Pick> picks;
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    for (const auto& e : sessions[i].in->examiners) {
      ZXKH_ASSIGN_OR_RETURN(const StaffCandidate* who,
                            pick(StaffRole::kExaminer, e.staff_id));
      picks.push_back({i, who, StaffRole::kExaminer, e.group_leader});
    }
    for (int64_t p : sessions[i].in->proctors) {
      ZXKH_ASSIGN_OR_RETURN(const StaffCandidate* who,
                            pick(StaffRole::kProctor, p));
      picks.push_back({i, who, StaffRole::kProctor, false});
    }
  }
  for (int64_t p : in.supervisors) {
    ZXKH_ASSIGN_OR_RETURN(const StaffCandidate* who,
                          pick(StaffRole::kSupervisor, p));
    picks.push_back({std::string::npos, who, StaffRole::kSupervisor, false});
  }

  std::shared_ptr<const WorkdayCalendar> calendar;
  if (auto cal = calendar_.Current(); cal.ok()) calendar = *cal;

  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<BatchDetail> {
        BatchRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(store::InstitutionRow institution,
                              store::InstitutionRepository(c).Get(inst));
        if (institution.status != "active") {
          return Status::FailedPrecondition(
              "institution.not_eligible",
              "机构当前不是有效的考核机构，不能安排考核批次");
        }
        BatchRow b;
        std::optional<BatchState> from;
        if (id) {
          ZXKH_ASSIGN_OR_RETURN(b, LoadScoped(c, caller, *id));
          ZXKH_RETURN_IF_ERROR(domain::CheckCanEdit(b.state));
          from = b.state;
        }
        ZXKH_RETURN_IF_ERROR(CheckProject(
            c, inst, f.project_code,
            first ? std::optional<int>(first->year()) : std::nullopt));
        if (!id) {
          f.created_by =
              caller.user_id > 0 ? std::optional(caller.user_id) : std::nullopt;
          ZXKH_ASSIGN_OR_RETURN(int64_t new_id, repo.Insert(f, now));
          ZXKH_ASSIGN_OR_RETURN(b, repo.Get(new_id));
          from = BatchState::kDraft;
        }
        // The content.
        const BatchState expected = b.state;
        b.project_code = f.project_code;
        b.title = f.title;
        b.venue_kind = f.venue_kind;
        b.venue_address = f.venue_address;
        b.safety_statement = f.safety_statement;
        b.process = f.process;
        b.room_preparation = f.room_preparation;
        b.rules_text = f.rules_text;
        b.discipline_text = f.discipline_text;
        b.safety_notes = f.safety_notes;
        b.expected_count = f.expected_count;
        b.first_date = f.first_date;
        b.last_date = f.last_date;
        b.updated_at = now;

        // Sessions: keep the ids the input names, add the new, drop the rest.
        ZXKH_ASSIGN_OR_RETURN(std::vector<BatchSessionRow> old,
                              repo.Sessions(b.id));
        std::set<int64_t> old_ids;
        for (const auto& s : old) old_ids.insert(s.id);
        ZXKH_RETURN_IF_ERROR(repo.ClearStaff(b.id));
        std::set<int64_t> kept;
        for (auto& s : sessions) {
          s.row.batch_id = b.id;
          if (s.row.id != 0 && old_ids.count(s.row.id) &&
              !kept.count(s.row.id)) {
            ZXKH_RETURN_IF_ERROR(repo.UpdateSession(s.row));
          } else {
            ZXKH_ASSIGN_OR_RETURN(s.row.id, repo.InsertSession(s.row));
          }
          kept.insert(s.row.id);
        }
        for (int64_t o : old_ids) {
          if (!kept.count(o)) ZXKH_RETURN_IF_ERROR(repo.DeleteSession(b.id, o));
        }
        for (const auto& p : picks) {
          BatchStaffRow r;
          r.batch_id = b.id;
          if (p.session != std::string::npos) {
            r.session_id = sessions[p.session].row.id;
          }
          r.staff_id = p.who->staff_id;
          r.person_id = p.who->person_id;
          r.role = std::string(domain::StaffRoleName(p.role));
          r.group_leader = p.leader;
          r.external = p.who->external;
          ZXKH_RETURN_IF_ERROR(repo.InsertStaff(r));
        }

        const bool change = *from == BatchState::kApproved;
        std::string action = id ? "update" : "create";
        if (change) {
          // A change after approval: resubmitted now, with every check.
          if (!calendar) {
            return Status::Unavailable("calendar.unavailable",
                                       "工作日历暂不可用，请稍后重试");
          }
          ZXKH_ASSIGN_OR_RETURN(auto srows, repo.Sessions(b.id));
          ZXKH_ASSIGN_OR_RETURN(auto staff, repo.Staff(b.id));
          ZXKH_RETURN_IF_ERROR(
              SubmitChecks(c, b, srows, staff, *calendar, today));
          b.state = BatchState::kSubmitted;
          b.revision += 1;
          b.submitted_at = now;
          b.return_reason.clear();
          action = "change";
        }
        ZXKH_RETURN_IF_ERROR(repo.Save(b, expected));
        if (change) {
          ZXKH_RETURN_IF_ERROR(StoreSnapshot(c, b, now).status());
        }
        ZXKH_RETURN_IF_ERROR(Event(c, caller, now, b, *from, action, ""));
        if (change) {
          ZXKH_RETURN_IF_ERROR(NotificationRepository(c).ToDistrict(
              b.district_code,
              Message{"考核批次变更待审核",
                      Label(b) + "在批准后变更（第 " +
                          std::to_string(b.revision) + " 版），请审核。",
                      LinkOf(b.id)},
              now));
        }
        ZXKH_RETURN_IF_ERROR(
            Audit(c, caller, now, "batch." + action, b,
                  change ? Arrow(*from, b.state) + "，第 " +
                               std::to_string(b.revision) + " 版"
                         : std::string(id ? "修改" : "新建") + "，" +
                               std::to_string(sessions.size()) + " 个场次"));
        ZXKH_ASSIGN_OR_RETURN(BatchRow fresh, repo.Get(b.id));
        return Detail(c, std::move(fresh), calendar.get());
      });
}

Result<BatchDetail> BatchService::Submit(const Caller& caller, int64_t id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kInstitutionRoles));
  const int64_t now = clock_.NowUnixMillis();
  const Date today = clock_.Today();
  ZXKH_ASSIGN_OR_RETURN(std::shared_ptr<const WorkdayCalendar> calendar,
                        calendar_.Current());
  // Staff still eligible (read before the write transaction).
  ZXKH_ASSIGN_OR_RETURN(
      BatchDetail before,
      db_.InTransaction(
          Database::Mode::kRead, [&](Connection& c) -> Result<BatchDetail> {
            ZXKH_ASSIGN_OR_RETURN(BatchRow b, LoadScoped(c, caller, id));
            return Detail(c, std::move(b), nullptr);
          }));
  std::optional<Date> first;
  if (before.batch.first_date) {
    if (auto d = Date::Parse(*before.batch.first_date); d.ok()) first = *d;
  }
  std::map<std::string, std::set<int64_t>> eligible;
  for (const auto& s : before.staff) {
    if (!eligible.count(s.role)) {
      auto role = domain::ParseStaffRole(s.role).value_or(StaffRole::kProctor);
      ZXKH_ASSIGN_OR_RETURN(
          std::vector<StaffCandidate> list,
          staff_.EligibleStaff(caller, before.batch.project_code, role,
                               before.batch.institution_id,
                               first.value_or(today)));
      auto& set = eligible[s.role];
      for (const auto& x : list) set.insert(x.staff_id);
    }
    if (!eligible[s.role].count(s.staff_id)) {
      return Status::InvalidArgument(
          "batch.staff_not_eligible",
          s.name + "已不是本批次可选的" +
              std::string(domain::StaffRoleTitle(
                  domain::ParseStaffRole(s.role).value_or(
                      StaffRole::kProctor))) +
              "，请重新选择",
          "staff");
    }
  }

  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<BatchDetail> {
        BatchRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(BatchRow b, LoadScoped(c, caller, id));
        if (b.state == BatchState::kApproved) {
          return Status::FailedPrecondition(
              "batch.wrong_state",
              "考核批次已批准；如需变更，请修改后保存，变更将重新提交审批");
        }
        ZXKH_RETURN_IF_ERROR(domain::CheckCanSubmit(b.state));
        ZXKH_ASSIGN_OR_RETURN(auto sessions, repo.Sessions(b.id));
        ZXKH_ASSIGN_OR_RETURN(auto staff, repo.Staff(b.id));
        ZXKH_RETURN_IF_ERROR(
            SubmitChecks(c, b, sessions, staff, *calendar, today));
        const BatchState from = b.state;
        const bool resubmit = from == BatchState::kReturned;
        b.state = BatchState::kSubmitted;
        b.submitted_at = now;
        b.updated_at = now;
        ZXKH_RETURN_IF_ERROR(repo.Save(b, from));
        ZXKH_RETURN_IF_ERROR(StoreSnapshot(c, b, now).status());
        ZXKH_RETURN_IF_ERROR(Event(c, caller, now, b, from,
                                   resubmit ? "resubmit" : "submit", ""));
        ZXKH_RETURN_IF_ERROR(NotificationRepository(c).ToDistrict(
            b.district_code,
            Message{
                resubmit ? "考核批次已重新提交，待审核" : "新的考核批次待审核",
                Label(b) + "已提交（" + std::to_string(sessions.size()) +
                    " 个场次，首场 " + *b.first_date + "），请审核。",
                LinkOf(b.id)},
            now));
        ZXKH_RETURN_IF_ERROR(Audit(c, caller, now,
                                   resubmit ? "batch.resubmit" : "batch.submit",
                                   b, Arrow(from, b.state)));
        return Detail(c, std::move(b), calendar.get());
      });
}

Result<BatchDetail> BatchService::Approve(const Caller& caller, int64_t id,
                                          std::string note) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {Role::kDistrict, Role::kCity}));
  const int64_t now = clock_.NowUnixMillis();
  std::shared_ptr<const WorkdayCalendar> calendar;
  if (auto cal = calendar_.Current(); cal.ok()) calendar = *cal;
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<BatchDetail> {
        BatchRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(BatchRow b, LoadScoped(c, caller, id));
        ZXKH_ASSIGN_OR_RETURN(std::string why,
                              CheckText(note, 500, "note", "审核意见"));
        const BatchState from = b.state;
        NotificationRepository notes(c);
        if (caller.role == Role::kDistrict) {
          ZXKH_RETURN_IF_ERROR(domain::CheckCanDistrictDecide(b.state));
          b.state = BatchState::kDistrictApproved;
          b.district_decided_at = now;
          b.updated_at = now;
          ZXKH_RETURN_IF_ERROR(repo.Save(b, from));
          ZXKH_RETURN_IF_ERROR(
              Event(c, caller, now, b, from, "district_approve", why));
          ZXKH_RETURN_IF_ERROR(
              notes.ToInstitution(b.institution_id,
                                  Message{"考核批次已通过区(市)审核",
                                          Label(b) + "已经" + b.district_name +
                                              "审核通过，待市人社局批准。",
                                          LinkOf(b.id)},
                                  now));
          ZXKH_RETURN_IF_ERROR(notes.ToRole(
              "CITY",
              Message{"考核批次待批准",
                      b.district_name + "审核通过了" + Label(b) + "，请批准。",
                      LinkOf(b.id)},
              now));
          ZXKH_RETURN_IF_ERROR(Audit(c, caller, now, "batch.district_approve",
                                     b, Arrow(from, b.state)));
          return Detail(c, std::move(b), calendar.get());
        }
        ZXKH_RETURN_IF_ERROR(domain::CheckCanCityDecide(b.state));
        // A paper for every session not assigned one yet (rotation).
        ZXKH_ASSIGN_OR_RETURN(auto sessions, repo.Sessions(b.id));
        for (const auto& s : sessions) {
          if (s.paper_id) continue;
          PaperRequest req;
          req.project_code = b.project_code;
          req.session_ref = "session-" + std::to_string(s.id);
          req.session_start_ms = s.start_ms;
          auto paper = QuestionBankService::AssignPaperIn(
              c, b.institution_id, req,
              caller.user_id > 0 ? std::optional(caller.user_id) : std::nullopt,
              now);
          if (!paper.ok()) {
            if (paper.status().code() == "bank.no_approved_sets") {
              return Status::FailedPrecondition(
                  "batch.no_approved_bank",
                  "「" + b.project_name +
                      "」尚无经市人社局审核通过的题库，无法为场次分配试卷，"
                      "不能批准");
            }
            return paper.status();
          }
          ZXKH_RETURN_IF_ERROR(repo.SetSessionPaper(s.id, paper->id));
        }
        ZXKH_ASSIGN_OR_RETURN(auto latest, repo.LatestSnapshot(b.id));
        if (latest) b.approved_snapshot_id = latest->id;
        b.state = BatchState::kApproved;
        b.approved_at = now;
        b.updated_at = now;
        ZXKH_RETURN_IF_ERROR(repo.Save(b, from));
        ZXKH_RETURN_IF_ERROR(
            Event(c, caller, now, b, from, "city_approve", why));
        ZXKH_RETURN_IF_ERROR(notes.ToInstitution(
            b.institution_id,
            Message{"考核批次已批准",
                    Label(b) + "已经市人社局批准（第 " +
                        std::to_string(b.revision) + " 版），可按计划实施。",
                    LinkOf(b.id)},
            now));
        ZXKH_RETURN_IF_ERROR(notes.ToDistrict(
            b.district_code,
            Message{"考核批次已批准", Label(b) + "已经市人社局批准。",
                    LinkOf(b.id)},
            now));
        ZXKH_RETURN_IF_ERROR(Audit(c, caller, now, "batch.city_approve", b,
                                   Arrow(from, b.state) + "，第 " +
                                       std::to_string(b.revision) + " 版"));
        return Detail(c, std::move(b), calendar.get());
      });
}

Result<BatchDetail> BatchService::Return(const Caller& caller, int64_t id,
                                         std::string reason) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {Role::kDistrict, Role::kCity}));
  const int64_t now = clock_.NowUnixMillis();
  std::shared_ptr<const WorkdayCalendar> calendar;
  if (auto cal = calendar_.Current(); cal.ok()) calendar = *cal;
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<BatchDetail> {
        BatchRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(BatchRow b, LoadScoped(c, caller, id));
        const bool district = caller.role == Role::kDistrict;
        ZXKH_RETURN_IF_ERROR(district ? domain::CheckCanDistrictDecide(b.state)
                                      : domain::CheckCanCityDecide(b.state));
        const std::string why(TrimSpace(reason));
        ZXKH_RETURN_IF_ERROR(domain::CheckBatchReturnReason(why));
        const BatchState from = b.state;
        b.state = BatchState::kReturned;
        b.return_reason = why;
        b.updated_at = now;
        if (district) b.district_decided_at = now;
        ZXKH_RETURN_IF_ERROR(repo.Save(b, from));
        ZXKH_RETURN_IF_ERROR(Event(c, caller, now, b, from,
                                   district ? "district_return" : "city_return",
                                   why));
        ZXKH_RETURN_IF_ERROR(NotificationRepository(c).ToInstitution(
            b.institution_id,
            Message{"考核批次被退回修改",
                    std::string(district ? b.district_name : "市人社局") +
                        "退回了" + Label(b) + "，原因：" + why +
                        "。请修改后重新提交。",
                    LinkOf(b.id)},
            now));
        ZXKH_RETURN_IF_ERROR(
            Audit(c, caller, now,
                  district ? "batch.district_return" : "batch.city_return", b,
                  Arrow(from, b.state)));
        return Detail(c, std::move(b), calendar.get());
      });
}

Result<std::vector<BatchRow>> BatchService::List(const Caller& caller,
                                                 std::string state) {
  ZXKH_RETURN_IF_ERROR(RequireRole(
      caller, {Role::kProvince, Role::kCity, Role::kDistrict,
               Role::kInstitutionAdmin, Role::kInstitutionOperator}));
  store::BatchFilter f;
  f.state = std::string(TrimSpace(state));
  if (!f.state.empty() && !domain::ParseBatchState(f.state)) {
    return Status::InvalidArgument("batch.state_invalid", "批次状态无效",
                                   "state");
  }
  if (IsInstitution(caller)) {
    if (!caller.institution_id) return std::vector<BatchRow>{};
    f.scope = store::BatchScope::kInstitution;
    f.scope_institution = *caller.institution_id;
  } else if (caller.role == Role::kDistrict) {
    if (!caller.district_code) return std::vector<BatchRow>{};
    f.scope = store::BatchScope::kDistrict;
    f.scope_district = *caller.district_code;
    f.submitted_only = true;
  } else {
    f.submitted_only = true;
  }
  return db_.InTransaction(Database::Mode::kRead,
                           [&](Connection& c) -> Result<std::vector<BatchRow>> {
                             return BatchRepository(c).List(f);
                           });
}

Result<BatchDetail> BatchService::Get(const Caller& caller, int64_t id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(
      caller, {Role::kProvince, Role::kCity, Role::kDistrict,
               Role::kInstitutionAdmin, Role::kInstitutionOperator}));
  std::shared_ptr<const WorkdayCalendar> calendar;
  if (auto cal = calendar_.Current(); cal.ok()) calendar = *cal;
  return db_.InTransaction(
      Database::Mode::kRead, [&](Connection& c) -> Result<BatchDetail> {
        ZXKH_ASSIGN_OR_RETURN(BatchRow b, LoadScoped(c, caller, id));
        return Detail(c, std::move(b), calendar.get());
      });
}

std::string BatchService::SnapshotJson(
    const BatchRow& b, const std::vector<BatchSessionRow>& sessions,
    const std::vector<BatchStaffRow>& staff) {
  boost::json::array out;
  auto add = [&](std::string field, std::string value) {
    out.push_back(boost::json::array{boost::json::string(field),
                                     boost::json::string(value)});
  };
  add("考核项目", b.project_code + " " + b.project_name);
  add("批次名称", b.title);
  add("场地类型", b.venue_kind == "production_site" ? "生产现场" : "固定场所");
  add("考核地点", b.venue_address);
  add("安全声明", b.safety_statement);
  add("考核流程", b.process);
  add("考场准备", b.room_preparation);
  add("考场规则", b.rules_text);
  add("考场纪律", b.discipline_text);
  add("安全须知", b.safety_notes);
  add("预计考生人数", std::to_string(b.expected_count));
  auto names = [&](std::optional<int64_t> session, std::string_view role) {
    std::string s;
    for (const auto& x : staff) {
      if (x.session_id != session || x.role != role) continue;
      if (!s.empty()) s += "、";
      s += x.name;
      if (x.group_leader) s += "（组长）";
      if (x.external) s += "（外督）";
    }
    return s;
  };
  for (const auto& s : sessions) {
    const std::string t = SessionTitle(s);
    add(t, s.exam_date + " " + s.start_time + "–" + s.end_time + "，" + s.room +
               "，容量 " + std::to_string(s.capacity));
    add(t + " 考评员", names(s.id, "examiner"));
    add(t + " 监考人员", names(s.id, "proctor"));
  }
  add("督导员", names(std::nullopt, "supervisor"));
  return boost::json::serialize(out);
}

std::vector<BatchChange> BatchService::Diff(const std::string& before_json,
                                            const std::string& after_json) {
  auto parse = [](const std::string& text) {
    std::vector<std::pair<std::string, std::string>> out;
    boost::system::error_code ec;
    auto v = boost::json::parse(text, ec);
    if (ec || !v.is_array()) return out;
    for (const auto& e : v.as_array()) {
      if (!e.is_array() || e.as_array().size() != 2) continue;
      const auto& pair = e.as_array();
      if (!pair[0].is_string() || !pair[1].is_string()) continue;
      out.emplace_back(std::string(pair[0].as_string()),
                       std::string(pair[1].as_string()));
    }
    return out;
  };
  const auto before = parse(before_json);
  const auto after = parse(after_json);
  std::map<std::string, std::string> b(before.begin(), before.end());
  std::map<std::string, std::string> a(after.begin(), after.end());
  std::vector<BatchChange> out;
  std::set<std::string> seen;
  for (const auto& [field, value] : after) {
    seen.insert(field);
    auto it = b.find(field);
    const std::string old = it == b.end() ? "" : it->second;
    if (old != value) out.push_back({field, old, value});
  }
  for (const auto& [field, value] : before) {
    if (!seen.count(field) && !value.empty()) {
      out.push_back({field, value, ""});
    }
  }
  return out;
}

}  // namespace zxkh::service
