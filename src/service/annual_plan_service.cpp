#include "service/annual_plan_service.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

#include "common/log.hpp"
#include "common/text.hpp"
#include "docs/pdf.hpp"
#include "docs/xlsx_writer.hpp"
#include "domain/catalog.hpp"
#include "service/audit_service.hpp"
#include "service/permissions.hpp"
#include "store/catalog_repository.hpp"
#include "store/institution_repository.hpp"
#include "store/notification_repository.hpp"

namespace zxkh::service {

using domain::Caller;
using domain::PlanState;
using domain::Role;
using store::AnnualPlanRepository;
using store::Connection;
using store::Database;
using store::Message;
using store::NotificationRepository;
using store::PlanRow;

namespace {

constexpr std::initializer_list<Role> kInstitutionRoles = {
    Role::kInstitutionAdmin, Role::kInstitutionOperator};
constexpr std::initializer_list<Role> kReaders = {
    Role::kProvince, Role::kCity, Role::kDistrict, Role::kInstitutionAdmin,
    Role::kInstitutionOperator};

Status NotFound() {
  return Status::NotFound("plan.not_found", "年度考核计划不存在");
}

Status AnnouncementNotFound(int year) {
  return Status::NotFound("plan.announcement_not_found",
                          std::to_string(year) + " 年度考核计划公告尚未发布");
}

bool InScope(const Caller& c, const std::string& district,
             int64_t institution_id) {
  switch (c.role) {
    case Role::kProvince:
    case Role::kCity:
      return true;
    case Role::kDistrict:
      return c.district_code && *c.district_code == district;
    case Role::kInstitutionAdmin:
    case Role::kInstitutionOperator:
      return c.institution_id && *c.institution_id == institution_id;
    default:
      return false;
  }
}

Result<PlanRow> LoadScoped(Connection& c, const Caller& caller, int64_t id) {
  auto p = AnnualPlanRepository(c).Get(id);
  if (!p.ok()) return p.status();
  if (!InScope(caller, p->district_code, p->institution_id)) return NotFound();
  return p;
}

std::string StateTitle(PlanState s) {
  return std::string(domain::PlanStateTitle(s));
}

std::string Arrow(PlanState from, PlanState to) {
  return StateTitle(from) + " → " + StateTitle(to);
}

std::string LinkOf(int64_t id) { return "/admin/plans/" + std::to_string(id); }

std::string PlanLabel(const PlanRow& p) {
  return p.institution_name + std::to_string(p.year) + "年度考核计划";
}

// Moves `p` to `to` (guarded by the state read) and records the event.
Status Move(Connection& c, const Caller& caller, int64_t now, PlanRow& p,
            PlanState to, std::string action, std::string reason) {
  const PlanState from = p.state;
  p.state = to;
  p.updated_at = now;
  AnnualPlanRepository repo(c);
  ZXKH_RETURN_IF_ERROR(repo.Save(p, from));
  store::PlanEventRow e;
  e.plan_id = p.id;
  e.at = now;
  if (caller.user_id > 0) e.user_id = caller.user_id;
  e.action = std::move(action);
  e.from_state = std::string(domain::PlanStateName(from));
  e.to_state = std::string(domain::PlanStateName(to));
  e.reason = std::move(reason);
  return repo.InsertEvent(e);
}

// The operation-log entry of a change to a plan: ids and states only.
Status Audit(Connection& c, const Caller& caller, int64_t now,
             std::string action, const PlanRow& p, std::string summary) {
  return AuditService::Record(c, caller, now, std::move(action), "annual_plan",
                              std::to_string(p.id), std::move(summary),
                              p.district_code, p.institution_id);
}

// Text a person typed: trimmed, valid UTF-8, at most `max` characters.
Result<std::string> CheckText(std::string_view raw, std::size_t max,
                              std::string field, std::string title) {
  std::string s(TrimSpace(raw));
  if (!IsValidUtf8(s) || Utf8Length(s) > max) {
    return Status::InvalidArgument(
        "plan.text_too_long",
        title + "不能超过 " + std::to_string(max) + " 个字", std::move(field));
  }
  return s;
}

// The input as a domain item, checked field by field.
Result<domain::PlanItem> ToItem(const PlanItemInput& in) {
  domain::PlanItem item;
  item.project_code = AsciiUpper(TrimSpace(in.project_code));
  ZXKH_ASSIGN_OR_RETURN(item.months, domain::ParseMonths(in.months));
  auto date = Date::Parse(TrimSpace(in.exam_date));
  if (!date.ok()) {
    return Status::InvalidArgument("plan.exam_date_invalid",
                                   "计划考核日期应为 YYYY-MM-DD 格式的有效日期",
                                   "exam_date");
  }
  item.exam_date = *date;
  item.expected_count = in.expected_count;
  ZXKH_ASSIGN_OR_RETURN(item.venue,
                        CheckText(in.venue, 100, "venue", "考核地点"));
  ZXKH_ASSIGN_OR_RETURN(
      item.requirements,
      CheckText(in.requirements, 500, "requirements", "报名条件"));
  item.fee_fen = in.fee_fen;
  ZXKH_ASSIGN_OR_RETURN(item.contact_name, CheckText(in.contact_name, 30,
                                                     "contact_name", "联系人"));
  item.contact_phone = std::string(TrimSpace(in.contact_phone));
  return item;
}

std::vector<std::string> ScopeCodes(const std::vector<store::ScopeProject>& s) {
  std::vector<std::string> out;
  for (const auto& p : s) out.push_back(p.code);
  return out;
}

// R-EXA-5 and R-CAT-2 for one project of institution `institution_id`: in
// the approved scope, then still active.
Status CheckProject(Connection& c, int64_t institution_id,
                    const std::string& code) {
  ZXKH_ASSIGN_OR_RETURN(std::vector<store::ScopeProject> scope,
                        store::InstitutionRepository(c).Scope(institution_id));
  auto project = store::CatalogRepository(c).Get(code);
  if (!project.ok()) {
    return Status::InvalidArgument("plan.project_out_of_scope",
                                   "考核项目 " + code + " 不在目录中",
                                   "project_code");
  }
  ZXKH_RETURN_IF_ERROR(
      domain::CheckProjectInScope(code, project->name, ScopeCodes(scope)));
  Status active = domain::RequireActiveProject(*project);
  if (!active.ok()) {
    return Status::InvalidArgument(
        active.code(),
        "「" + project->name + "」已从目录停用，不能列入年度考核计划",
        "project_code");
  }
  return Status::Ok();
}

// An institution may plan only while it holds its qualification.
Status CheckInstitutionActive(Connection& c, int64_t institution_id) {
  ZXKH_ASSIGN_OR_RETURN(store::InstitutionRow inst,
                        store::InstitutionRepository(c).Get(institution_id));
  if (inst.status != "active") {
    return Status::FailedPrecondition(
        "institution.not_eligible",
        "机构当前不是有效的考核机构（已暂停、取消或尚未确定），不能编制年度考核"
        "计划");
  }
  return Status::Ok();
}

std::string FeeTitle(const std::optional<int64_t>& fen) {
  if (!fen || *fen == 0) return "不收费";
  char buf[48];
  if (*fen % 100 == 0) {
    std::snprintf(buf, sizeof buf, "%lld元/人",
                  static_cast<long long>(*fen / 100));
  } else {
    std::snprintf(buf, sizeof buf, "%lld.%02lld元/人",
                  static_cast<long long>(*fen / 100),
                  static_cast<long long>(*fen % 100));
  }
  return buf;
}

std::string ChineseDate(Date d) {
  return std::to_string(d.year()) + "年" + std::to_string(d.month()) + "月" +
         std::to_string(d.day()) + "日";
}

// "胶东花饽饽制作专项职业能力考核规范（2023版）": the specification document's
// name when the city uploaded one, else the project's, with the catalog
// edition.
std::string SpecTitle(const store::PlanItemRow& t) {
  std::string name;
  if (t.spec_file_name && !t.spec_file_name->empty()) {
    name = *t.spec_file_name;
    const auto dot = name.find_last_of('.');
    if (dot != std::string::npos && dot > 0) name = name.substr(0, dot);
  } else {
    name = t.project_name + "专项职业能力考核规范";
  }
  if (!t.catalog_version.empty()) name += "（" + t.catalog_version + "）";
  return name;
}

}  // namespace

AnnualPlanService::AnnualPlanService(Database& db, const Clock& clock,
                                     store::FileStore& files)
    : db_(db), clock_(clock), files_(files) {}

namespace {

Result<PlanDetail> Detail(Connection& c, const Caller& caller, PlanRow p) {
  AnnualPlanRepository repo(c);
  PlanDetail d;
  ZXKH_ASSIGN_OR_RETURN(d.items, repo.Items(p.id));
  ZXKH_ASSIGN_OR_RETURN(d.events, repo.Events(p.id));
  if (caller.role == Role::kInstitutionAdmin ||
      caller.role == Role::kInstitutionOperator) {
    ZXKH_ASSIGN_OR_RETURN(
        std::vector<store::ScopeProject> scope,
        store::InstitutionRepository(c).Scope(p.institution_id));
    store::CatalogRepository catalog(c);
    for (const auto& s : scope) {
      auto project = catalog.Get(s.code);
      if (project.ok() && project->status == domain::ProjectStatus::kActive) {
        d.plannable.push_back({s.code, s.name});
      }
    }
  }
  d.plan = std::move(p);
  return d;
}

}  // namespace

Result<PlanDetail> AnnualPlanService::Create(const Caller& caller, int year) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kInstitutionRoles));
  ZXKH_RETURN_IF_ERROR(domain::ValidatePlanYear(year, clock_.Today()));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<PlanDetail> {
        if (!caller.institution_id) return NotFound();
        ZXKH_RETURN_IF_ERROR(CheckInstitutionActive(c, *caller.institution_id));
        AnnualPlanRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(int64_t id,
                              repo.Insert(*caller.institution_id, year, now));
        ZXKH_ASSIGN_OR_RETURN(PlanRow p, repo.Get(id));
        store::PlanEventRow e;
        e.plan_id = id;
        e.at = now;
        e.user_id =
            caller.user_id > 0 ? std::optional(caller.user_id) : std::nullopt;
        e.action = "create";
        e.from_state = "";
        e.to_state = "draft";
        ZXKH_RETURN_IF_ERROR(repo.InsertEvent(e));
        ZXKH_RETURN_IF_ERROR(
            Audit(c, caller, now, "plan.create", p,
                  "新建 " + std::to_string(year) + " 年度考核计划（草稿）"));
        return Detail(c, caller, std::move(p));
      });
}

Result<std::vector<PlanRow>> AnnualPlanService::List(const Caller& caller,
                                                     const PlanQuery& q) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kReaders));
  if (!q.state.empty() && !domain::ParsePlanState(q.state)) {
    return Status::InvalidArgument("plan.state_invalid", "计划状态不正确",
                                   "state");
  }
  store::PlanFilter f;
  f.year = q.year;
  f.state = q.state;
  f.district = q.district;
  switch (caller.role) {
    case Role::kDistrict:
      f.scope = store::PlanScope::kDistrict;
      f.scope_district = caller.district_code.value_or("-");
      break;
    case Role::kInstitutionAdmin:
    case Role::kInstitutionOperator:
      f.scope = store::PlanScope::kInstitution;
      f.scope_institution = caller.institution_id.value_or(-1);
      break;
    default:
      f.scope = store::PlanScope::kAll;
  }
  return db_.InTransaction(Database::Mode::kRead, [&](Connection& c) {
    return AnnualPlanRepository(c).List(f);
  });
}

Result<PlanDetail> AnnualPlanService::Get(const Caller& caller, int64_t id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kReaders));
  return db_.InTransaction(
      Database::Mode::kRead, [&](Connection& c) -> Result<PlanDetail> {
        ZXKH_ASSIGN_OR_RETURN(PlanRow p, LoadScoped(c, caller, id));
        return Detail(c, caller, std::move(p));
      });
}

Result<PlanDetail> AnnualPlanService::AddItem(const Caller& caller, int64_t id,
                                              const PlanItemInput& in) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kInstitutionRoles));
  const int64_t now = clock_.NowUnixMillis();
  const Date today = clock_.Today();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<PlanDetail> {
        ZXKH_ASSIGN_OR_RETURN(PlanRow p, LoadScoped(c, caller, id));
        ZXKH_RETURN_IF_ERROR(domain::CheckCanEditItems(p.state));
        ZXKH_ASSIGN_OR_RETURN(domain::PlanItem item, ToItem(in));
        ZXKH_RETURN_IF_ERROR(
            CheckProject(c, p.institution_id, item.project_code));
        ZXKH_RETURN_IF_ERROR(domain::ValidateItem(item, p.year, today));
        AnnualPlanRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(std::vector<store::PlanItemRow> items,
                              repo.Items(id));
        if (static_cast<int>(items.size()) >= domain::kMaxItemsPerPlan) {
          return Status::FailedPrecondition("plan.too_many_items",
                                            "一份年度考核计划最多 100 个条目");
        }
        for (const auto& t : items) {
          if (t.item.project_code == item.project_code) {
            return Status::AlreadyExists(
                "plan.project_duplicate",
                "「" + t.project_name +
                    "」已在本计划中，请在该条目中填写多个考核月份",
                "project_code");
          }
        }
        ZXKH_ASSIGN_OR_RETURN(int64_t item_id, repo.InsertItem(id, item));
        ZXKH_RETURN_IF_ERROR(repo.Touch(id, now));
        ZXKH_RETURN_IF_ERROR(Audit(c, caller, now, "plan.item_add", p,
                                   "新增条目 " + std::to_string(item_id) +
                                       "（" + item.project_code + "）"));
        ZXKH_ASSIGN_OR_RETURN(PlanRow fresh, repo.Get(id));
        return Detail(c, caller, std::move(fresh));
      });
}

Result<PlanDetail> AnnualPlanService::UpdateItem(const Caller& caller,
                                                 int64_t id, int64_t item_id,
                                                 const PlanItemInput& in) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kInstitutionRoles));
  const int64_t now = clock_.NowUnixMillis();
  const Date today = clock_.Today();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<PlanDetail> {
        ZXKH_ASSIGN_OR_RETURN(PlanRow p, LoadScoped(c, caller, id));
        AnnualPlanRepository repo(c);
        ZXKH_RETURN_IF_ERROR(repo.Item(id, item_id).status());
        ZXKH_RETURN_IF_ERROR(domain::CheckCanEditItems(p.state));
        ZXKH_ASSIGN_OR_RETURN(domain::PlanItem item, ToItem(in));
        ZXKH_RETURN_IF_ERROR(
            CheckProject(c, p.institution_id, item.project_code));
        ZXKH_RETURN_IF_ERROR(domain::ValidateItem(item, p.year, today));
        ZXKH_ASSIGN_OR_RETURN(std::vector<store::PlanItemRow> items,
                              repo.Items(id));
        for (const auto& t : items) {
          if (t.id != item_id && t.item.project_code == item.project_code) {
            return Status::AlreadyExists(
                "plan.project_duplicate",
                "「" + t.project_name +
                    "」已在本计划中，请在该条目中填写多个考核月份",
                "project_code");
          }
        }
        ZXKH_RETURN_IF_ERROR(repo.UpdateItem(id, item_id, item));
        ZXKH_RETURN_IF_ERROR(repo.Touch(id, now));
        ZXKH_RETURN_IF_ERROR(Audit(c, caller, now, "plan.item_update", p,
                                   "修改条目 " + std::to_string(item_id) +
                                       "（" + item.project_code + "）"));
        ZXKH_ASSIGN_OR_RETURN(PlanRow fresh, repo.Get(id));
        return Detail(c, caller, std::move(fresh));
      });
}

Result<PlanDetail> AnnualPlanService::DeleteItem(const Caller& caller,
                                                 int64_t id, int64_t item_id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kInstitutionRoles));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<PlanDetail> {
        ZXKH_ASSIGN_OR_RETURN(PlanRow p, LoadScoped(c, caller, id));
        AnnualPlanRepository repo(c);
        ZXKH_RETURN_IF_ERROR(repo.Item(id, item_id).status());
        ZXKH_RETURN_IF_ERROR(domain::CheckCanEditItems(p.state));
        ZXKH_RETURN_IF_ERROR(repo.DeleteItem(id, item_id));
        ZXKH_RETURN_IF_ERROR(repo.Touch(id, now));
        ZXKH_RETURN_IF_ERROR(Audit(c, caller, now, "plan.item_delete", p,
                                   "删除条目 " + std::to_string(item_id)));
        ZXKH_ASSIGN_OR_RETURN(PlanRow fresh, repo.Get(id));
        return Detail(c, caller, std::move(fresh));
      });
}

Result<PlanDetail> AnnualPlanService::Submit(const Caller& caller, int64_t id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kInstitutionRoles));
  const int64_t now = clock_.NowUnixMillis();
  const Date today = clock_.Today();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<PlanDetail> {
        ZXKH_ASSIGN_OR_RETURN(PlanRow p, LoadScoped(c, caller, id));
        AnnualPlanRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(std::vector<store::PlanItemRow> items,
                              repo.Items(id));
        ZXKH_RETURN_IF_ERROR(
            domain::CheckCanSubmit(p.state, static_cast<int>(items.size())));
        ZXKH_RETURN_IF_ERROR(CheckInstitutionActive(c, p.institution_id));
        // The scope or the catalog may have changed since an item was saved,
        // and a planned date may have passed.
        for (const auto& t : items) {
          ZXKH_RETURN_IF_ERROR(
              CheckProject(c, p.institution_id, t.item.project_code));
          ZXKH_RETURN_IF_ERROR(domain::ValidateItem(t.item, p.year, today));
        }
        const PlanState from = p.state;
        const bool resubmit = from == PlanState::kReturned;
        p.submitted_at = now;
        ZXKH_RETURN_IF_ERROR(Move(c, caller, now, p, PlanState::kSubmitted,
                                  resubmit ? "resubmit" : "submit", ""));
        ZXKH_RETURN_IF_ERROR(NotificationRepository(c).ToDistrict(
            p.district_code,
            Message{resubmit ? "年度考核计划已重新提交，待审核"
                             : "新的年度考核计划待审核",
                    PlanLabel(p) + "已提交（" + std::to_string(items.size()) +
                        " 个条目），请审核。",
                    LinkOf(id)},
            now));
        ZXKH_RETURN_IF_ERROR(Audit(c, caller, now,
                                   resubmit ? "plan.resubmit" : "plan.submit",
                                   p, Arrow(from, p.state)));
        return Detail(c, caller, std::move(p));
      });
}

Result<PlanDetail> AnnualPlanService::Return(const Caller& caller, int64_t id,
                                             std::string reason) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {Role::kDistrict}));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<PlanDetail> {
        ZXKH_ASSIGN_OR_RETURN(PlanRow p, LoadScoped(c, caller, id));
        ZXKH_ASSIGN_OR_RETURN(std::string why,
                              CheckText(reason, 1000, "reason", "退回原因"));
        ZXKH_RETURN_IF_ERROR(domain::CheckCanReturn(p.state, why));
        const PlanState from = p.state;
        p.return_reason = why;
        p.decided_by = caller.user_id;
        p.decided_at = now;
        ZXKH_RETURN_IF_ERROR(
            Move(c, caller, now, p, PlanState::kReturned, "return", why));
        ZXKH_RETURN_IF_ERROR(NotificationRepository(c).ToInstitution(
            p.institution_id,
            Message{"年度考核计划被退回修改",
                    "区(市)人社局退回了" + PlanLabel(p) + "，原因：" + why +
                        "。请修改后重新提交。",
                    LinkOf(id)},
            now));
        ZXKH_RETURN_IF_ERROR(
            Audit(c, caller, now, "plan.return", p, Arrow(from, p.state)));
        return Detail(c, caller, std::move(p));
      });
}

Result<PlanDetail> AnnualPlanService::Approve(const Caller& caller, int64_t id,
                                              std::string note) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {Role::kDistrict}));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<PlanDetail> {
        ZXKH_ASSIGN_OR_RETURN(PlanRow p, LoadScoped(c, caller, id));
        ZXKH_ASSIGN_OR_RETURN(std::string why,
                              CheckText(note, 1000, "note", "审核意见"));
        ZXKH_RETURN_IF_ERROR(domain::CheckCanApprove(p.state));
        const PlanState from = p.state;
        p.return_reason.clear();
        p.decided_by = caller.user_id;
        p.decided_at = now;
        ZXKH_RETURN_IF_ERROR(
            Move(c, caller, now, p, PlanState::kApproved, "approve", why));
        NotificationRepository notes(c);
        ZXKH_RETURN_IF_ERROR(notes.ToInstitution(
            p.institution_id,
            Message{
                "年度考核计划已审核通过",
                PlanLabel(p) + "已经区(市)人社局审核通过，待市人社局发布公告。",
                LinkOf(id)},
            now));
        ZXKH_RETURN_IF_ERROR(
            notes.ToRole("CITY",
                         Message{"年度考核计划待发布",
                                 p.district_name + "审核通过了" + PlanLabel(p) +
                                     "，可在年度计划公告中发布。",
                                 "/admin/plans"},
                         now));
        ZXKH_RETURN_IF_ERROR(
            Audit(c, caller, now, "plan.approve", p, Arrow(from, p.state)));
        return Detail(c, caller, std::move(p));
      });
}

Result<PlanAggregate> AnnualPlanService::Aggregate(const Caller& caller,
                                                   int year,
                                                   std::string district) {
  ZXKH_RETURN_IF_ERROR(
      RequireRole(caller, {Role::kProvince, Role::kCity, Role::kDistrict}));
  store::PlanFilter f;
  f.year = year;
  f.submitted_only = true;
  if (caller.role == Role::kDistrict) {
    // A district sees its own institutions only, whatever it asks for.
    if (!district.empty() && district != caller.district_code.value_or("")) {
      return NotFound();
    }
    f.scope = store::PlanScope::kDistrict;
    f.scope_district = caller.district_code.value_or("-");
    district = f.scope_district;
  } else {
    f.district = district;
  }
  return db_.InTransaction(
      Database::Mode::kRead, [&](Connection& c) -> Result<PlanAggregate> {
        AnnualPlanRepository repo(c);
        PlanAggregate a;
        a.year = year;
        a.district = district;
        ZXKH_ASSIGN_OR_RETURN(a.plans, repo.List(f));
        ZXKH_ASSIGN_OR_RETURN(a.by_project, repo.TotalsByProject(f));
        ZXKH_ASSIGN_OR_RETURN(a.by_institution, repo.TotalsByInstitution(f));
        for (const auto& p : a.plans) {
          a.items += p.item_count;
          a.expected += p.expected_total;
        }
        return a;
      });
}

Result<FileDownload> AnnualPlanService::ExportAggregate(const Caller& caller,
                                                        int year,
                                                        std::string district) {
  ZXKH_ASSIGN_OR_RETURN(PlanAggregate a, Aggregate(caller, year, district));
  // The items of every plan, for the detail sheet.
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<std::vector<std::string>> detail,
      db_.InTransaction(
          Database::Mode::kRead,
          [&](Connection& c) -> Result<std::vector<std::vector<std::string>>> {
            AnnualPlanRepository repo(c);
            std::vector<std::vector<std::string>> rows;
            for (const auto& p : a.plans) {
              ZXKH_ASSIGN_OR_RETURN(std::vector<store::PlanItemRow> items,
                                    repo.Items(p.id));
              for (const auto& t : items) {
                rows.push_back(
                    {p.institution_name, p.institution_code.value_or(""),
                     p.district_name, StateTitle(p.state), t.item.project_code,
                     t.project_name, domain::MonthsTitle(t.item.months),
                     t.item.exam_date.ToString(),
                     std::to_string(t.item.expected_count), t.item.venue,
                     t.item.requirements, FeeTitle(t.item.fee_fen),
                     t.item.contact_name, t.item.contact_phone});
              }
            }
            return rows;
          }));
  docs::Sheet by_project{.name = "汇总-按项目",
                         .header = {"项目代码", "项目名称", "计划机构数",
                                    "计划条目数", "预计考核人数"},
                         .rows = {},
                         .column_widths = {},
                         .numeric_columns = {false, false, true, true, true}};
  for (const auto& t : a.by_project) {
    by_project.rows.push_back({t.key, t.name, std::to_string(t.plans),
                               std::to_string(t.items),
                               std::to_string(t.expected)});
  }
  by_project.rows.push_back(
      {"合计", "", "", std::to_string(a.items), std::to_string(a.expected)});
  docs::Sheet by_institution{
      .name = "汇总-按机构",
      .header = {"机构名称", "机构代码", "计划条目数", "预计考核人数"},
      .rows = {},
      .column_widths = {},
      .numeric_columns = {false, false, true, true}};
  for (const auto& t : a.by_institution) {
    by_institution.rows.push_back(
        {t.name, t.extra, std::to_string(t.items), std::to_string(t.expected)});
  }
  docs::Sheet items{
      .name = "计划明细",
      .header = {"机构名称", "机构代码", "所在区(市)", "计划状态", "项目代码",
                 "项目名称", "考核月份", "计划考核日期", "预计人数", "考核地点",
                 "报名条件", "收费标准", "联系人", "联系电话"},
      .rows = std::move(detail),
      .column_widths = {},
      .numeric_columns = {false, false, false, false, false, false, false,
                          false, true}};
  ZXKH_ASSIGN_OR_RETURN(std::string bytes,
                        docs::WriteXlsx({by_project, by_institution, items}));
  return FileDownload{
      std::move(bytes),
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      std::to_string(year) + "年度考核计划汇总" +
          (a.district.empty() ? "" : "-" + a.district) + ".xlsx"};
}

// ---------------------------------------------------------------------------
// The announcement

namespace {

Result<AnnouncementView> LoadView(Connection& c, int year) {
  AnnualPlanRepository repo(c);
  ZXKH_ASSIGN_OR_RETURN(std::optional<store::AnnouncementRow> a,
                        repo.FindAnnouncement(year));
  if (!a) return AnnouncementNotFound(year);
  AnnouncementView v;
  v.announcement = std::move(*a);
  ZXKH_ASSIGN_OR_RETURN(v.items, repo.PublishedItems(year));
  return v;
}

}  // namespace

Result<AnnouncementView> AnnualPlanService::Publish(const Caller& caller,
                                                    int year) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {Role::kCity}));
  if (year < 2000 || year > 9999) {
    return Status::InvalidArgument("plan.year_invalid", "计划年度不正确",
                                   "year");
  }
  const int64_t now = clock_.NowUnixMillis();
  ZXKH_ASSIGN_OR_RETURN(
      int64_t announcement_id,
      db_.InTransaction(
          Database::Mode::kWrite, [&](Connection& c) -> Result<int64_t> {
            AnnualPlanRepository repo(c);
            store::PlanFilter f;
            f.year = year;
            f.state = std::string(domain::PlanStateName(PlanState::kApproved));
            ZXKH_ASSIGN_OR_RETURN(std::vector<PlanRow> approved, repo.List(f));
            ZXKH_RETURN_IF_ERROR(domain::CheckCanPublish(
                year, static_cast<int>(approved.size())));
            ZXKH_ASSIGN_OR_RETURN(std::optional<store::AnnouncementRow> a,
                                  repo.FindAnnouncement(year));
            int64_t aid = 0;
            int revision = 1;
            if (a) {
              aid = a->id;
              revision = a->revision + 1;
              ZXKH_RETURN_IF_ERROR(repo.Republish(aid, now));
            } else {
              ZXKH_ASSIGN_OR_RETURN(
                  aid,
                  repo.InsertAnnouncement(year, domain::AnnouncementTitle(year),
                                          now, caller.user_id));
            }
            NotificationRepository notes(c);
            std::set<std::string> districts;
            for (PlanRow& p : approved) {
              p.announcement_id = aid;
              ZXKH_RETURN_IF_ERROR(Move(c, caller, now, p,
                                        PlanState::kPublished, "publish",
                                        domain::AnnouncementTitle(year)));
              ZXKH_RETURN_IF_ERROR(notes.ToInstitution(
                  p.institution_id,
                  Message{"年度考核计划已发布",
                          PlanLabel(p) + "已列入" +
                              domain::AnnouncementTitle(year) +
                              "，考生可据此报名。",
                          LinkOf(p.id)},
                  now));
              districts.insert(p.district_code);
            }
            for (const std::string& d : districts) {
              ZXKH_RETURN_IF_ERROR(notes.ToDistrict(
                  d,
                  Message{"年度考核计划公告已发布",
                          domain::AnnouncementTitle(year) + "已发布。",
                          "/admin/plans"},
                  now));
            }
            ZXKH_RETURN_IF_ERROR(AuditService::Record(
                c, caller, now, "plan.publish", "plan_announcement",
                std::to_string(aid),
                std::to_string(year) + " 年度公告第 " +
                    std::to_string(revision) + " 次发布，新增 " +
                    std::to_string(approved.size()) + " 份计划"));
            return aid;
          }));
  (void)announcement_id;
  // The publication stands even if the PDF cannot be rendered now: it is
  // rendered again on first download.
  auto pdf = StorePdf(year);
  if (!pdf.ok()) {
    LogError("plan.announcement_pdf_failed",
             {{"year", year}, {"error", pdf.status().ToString()}});
  }
  return Announcement(year);
}

Result<std::vector<store::AnnouncementRow>> AnnualPlanService::Announcements() {
  return db_.InTransaction(Database::Mode::kRead, [&](Connection& c) {
    return AnnualPlanRepository(c).Announcements();
  });
}

Result<AnnouncementView> AnnualPlanService::Announcement(int year) {
  return db_.InTransaction(Database::Mode::kRead,
                           [&](Connection& c) { return LoadView(c, year); });
}

Result<FileDownload> AnnualPlanService::AnnouncementPdf(int year) {
  ZXKH_ASSIGN_OR_RETURN(AnnouncementView v, Announcement(year));
  const std::string name = domain::AnnouncementTitle(year) + ".pdf";
  if (v.announcement.pdf_sha256) {
    if (auto bytes = files_.Read(*v.announcement.pdf_sha256); bytes.ok()) {
      return FileDownload{std::move(bytes).value(), "application/pdf", name};
    }
  }
  ZXKH_ASSIGN_OR_RETURN(std::string sha, StorePdf(year));
  ZXKH_ASSIGN_OR_RETURN(std::string bytes, files_.Read(sha));
  return FileDownload{std::move(bytes), "application/pdf", name};
}

Result<std::string> AnnualPlanService::StorePdf(int year) {
  ZXKH_ASSIGN_OR_RETURN(AnnouncementView v, Announcement(year));
  // Rendering takes a while: no transaction waits on it.
  ZXKH_ASSIGN_OR_RETURN(std::string pdf, RenderAnnouncement(v));
  ZXKH_ASSIGN_OR_RETURN(store::StoredFile stored,
                        files_.PutBytes(pdf, "application/pdf"));
  const int64_t now = clock_.NowUnixMillis();
  ZXKH_RETURN_IF_ERROR(
      db_.Transact(Database::Mode::kWrite, [&](Connection& c) -> Status {
        ZXKH_RETURN_IF_ERROR(store::FileStore::Register(c, stored, now));
        AnnualPlanRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(std::optional<store::AnnouncementRow> a,
                              repo.FindAnnouncement(year));
        if (!a || a->revision != v.announcement.revision) return Status::Ok();
        return repo.SetAnnouncementPdf(a->id, stored.sha256);
      }));
  return stored.sha256;
}

Result<std::string> AnnualPlanService::StoreAnnouncementPdf(
    Connection& c, store::FileStore& files, int year, int64_t now_ms) {
  ZXKH_ASSIGN_OR_RETURN(AnnouncementView v, LoadView(c, year));
  ZXKH_ASSIGN_OR_RETURN(std::string pdf, RenderAnnouncement(v));
  // Content-addressed: a retried transaction stores the same file again,
  // which is a no-op.
  ZXKH_ASSIGN_OR_RETURN(store::StoredFile stored,
                        files.PutBytes(pdf, "application/pdf"));
  ZXKH_RETURN_IF_ERROR(store::FileStore::Register(c, stored, now_ms));
  ZXKH_RETURN_IF_ERROR(AnnualPlanRepository(c).SetAnnouncementPdf(
      v.announcement.id, stored.sha256));
  return stored.sha256;
}

Result<std::string> AnnualPlanService::RenderAnnouncement(
    const AnnouncementView& v) {
  const store::AnnouncementRow& a = v.announcement;
  docs::PageOptions page;
  page.orientation = docs::Orientation::kLandscape;
  page.margin_left_mm = 15;
  page.margin_right_mm = 15;
  page.title = a.title;
  docs::PdfDocument doc(page);
  doc.Title(a.title);
  const Date published = Clock::DateOf(a.published_at);
  const Date updated = Clock::DateOf(a.updated_at);
  std::string sub = "发布日期：" + ChineseDate(published);
  if (a.revision > 1) {
    sub += "　（第 " + std::to_string(a.revision) + " 次更新：" +
           ChineseDate(updated) + "）";
  }
  doc.Subtitle(sub);
  doc.Spacer(3);
  docs::TextStyle body;
  body.size_pt = 11;
  body.first_line_indent_em = 2;
  std::set<int64_t> institutions;
  for (const auto& item : v.items) institutions.insert(item.institution_id);
  doc.Paragraph(
      "根据《青岛市专项职业能力考核社会化工作方案》，经考核机构申报、区(市)"
      "人力资源和社会保障局审核，现将" +
          std::to_string(a.year) +
          "年度专项职业能力考核计划予以公告。本年度共有 " +
          std::to_string(institutions.size()) + " 家考核机构的 " +
          std::to_string(v.items.size()) +
          " 个考核计划条目，具体安排如下。劳动者可根据个人意愿，在计划考核日期"
          "前"
          "向考核机构报名参加考核；年满16周岁方可报名。",
      body);
  std::vector<std::vector<std::string>> rows;
  int n = 0;
  for (const auto& it : v.items) {
    const domain::PlanItem& item = it.item.item;
    std::string req =
        item.requirements.empty() ? "年满16周岁" : item.requirements;
    req += "；收费标准：" + FeeTitle(item.fee_fen);
    rows.push_back({std::to_string(++n), it.institution_name,
                    it.institution_code,
                    domain::MonthsTitle(item.months) + "；计划考核日期 " +
                        ChineseDate(item.exam_date),
                    item.project_code + " " + it.item.project_name,
                    SpecTitle(it.item), req + "；考核地点：" + item.venue,
                    item.contact_name + "\n" + item.contact_phone});
  }
  doc.Table({"序号", "考核机构", "机构代码", "时间安排", "考核项目", "考核规范",
             "报名条件", "联系方式"},
            rows, {0.8, 2.3, 1.9, 2.2, 2.0, 2.3, 3.2, 2.2});
  doc.Spacer(4);
  doc.Paragraph(
      "考核机构应严格按照公告的时间、项目和考核规范组织实施考核，计划如有变"
      "动，须报区(市)人力资源和社会保障局审核后重新公告。",
      body);
  doc.SignatureBlock("青岛市人力资源和社会保障局", ChineseDate(published));
  doc.SetFooter(a.title);
  return doc.Render();
}

}  // namespace zxkh::service
