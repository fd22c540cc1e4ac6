#include "service/recruitment_service.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>

#include "common/codes.hpp"
#include "common/log.hpp"
#include "common/password.hpp"
#include "common/text.hpp"
#include "common/validators.hpp"
#include "docs/file_kind.hpp"
#include "docs/pdf.hpp"
#include "docs/qr.hpp"
#include "domain/account.hpp"
#include "domain/catalog.hpp"
#include "domain/region.hpp"
#include "service/audit_service.hpp"
#include "service/calendar_service.hpp"
#include "service/permissions.hpp"
#include "store/account_repository.hpp"
#include "store/catalog_repository.hpp"

namespace zxkh::service {

using domain::ApplicationState;
using domain::Caller;
using domain::MaterialType;
using domain::Role;
using store::ApplicationRow;
using store::Connection;
using store::Database;
using store::InstitutionRepository;
using store::Message;
using store::NotificationRepository;
using store::RecruitmentRepository;

namespace {

constexpr std::initializer_list<Role> kInstitutionRoles = {
    Role::kInstitutionAdmin, Role::kInstitutionOperator};
// Who may read recruitment records at all (then scoped per record).
constexpr std::initializer_list<Role> kReaders = {
    Role::kProvince, Role::kCity, Role::kDistrict, Role::kInstitutionAdmin,
    Role::kInstitutionOperator};

constexpr docs::FileKind kMaterialKinds[] = {
    docs::FileKind::kPdf, docs::FileKind::kPng, docs::FileKind::kJpeg,
    docs::FileKind::kDocx, docs::FileKind::kXlsx};

Status NotFound() {
  return Status::NotFound("recruitment.not_found", "申请不存在");
}

Status InstitutionNotFound() {
  return Status::NotFound("institution.not_found", "考核机构不存在");
}

// DOMAIN.md data scope: the city and the province see every record, a
// district those of institutions registered in it, an institution its own.
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

Result<ApplicationRow> LoadScoped(Connection& c, const Caller& caller,
                                  int64_t id) {
  auto a = RecruitmentRepository(c).Get(id);
  if (!a.ok()) return a.status();
  if (!InScope(caller, a->district_code, a->institution_id)) return NotFound();
  return a;
}

std::string StateTitle(ApplicationState s) {
  return std::string(domain::ApplicationStateTitle(s));
}

std::string Arrow(ApplicationState from, ApplicationState to) {
  return StateTitle(from) + " → " + StateTitle(to);
}

std::string LinkOf(int64_t id) {
  return "/recruitment/applications/" + std::to_string(id);
}

std::string Trimmed(std::string_view s) { return std::string(TrimSpace(s)); }

// Text a person typed: trimmed, valid UTF-8, within [min, max] characters.
Result<std::string> CheckText(std::string_view raw, std::size_t min,
                              std::size_t max, std::string code,
                              std::string message, std::string field) {
  std::string s = Trimmed(raw);
  const std::size_t n = Utf8Length(s);
  if (!IsValidUtf8(s) || n < min || n > max) {
    return Status::InvalidArgument(std::move(code), std::move(message),
                                   std::move(field));
  }
  return s;
}

Status WrongState(ApplicationState s, std::string_view action) {
  return Status::FailedPrecondition(
      "recruitment.wrong_state",
      "申请当前状态为「" + StateTitle(s) + "」，不能" + std::string(action));
}

// Moves `a` to `to`, guarded by the state read (a concurrent change makes
// the transaction retry and see it), and records who, when and why.
Status Move(Connection& c, const Caller& caller, int64_t now, ApplicationRow& a,
            ApplicationState to, std::string action, std::string reason) {
  const ApplicationState from = a.state;
  a.state = to;
  a.updated_at = now;
  RecruitmentRepository repo(c);
  ZXKH_RETURN_IF_ERROR(repo.Save(a, from));
  store::EventRow e;
  e.application_id = a.id;
  e.at = now;
  if (caller.user_id > 0) e.user_id = caller.user_id;
  e.role = std::string(domain::RoleName(caller.role));
  e.action = std::move(action);
  e.from_state = std::string(domain::ApplicationStateName(from));
  e.to_state = std::string(domain::ApplicationStateName(to));
  e.reason = std::move(reason);
  return repo.InsertEvent(e);
}

// The operation-log entry of a change to an application: ids and states
// only, never the free text people typed (it may hold personal data).
Status Audit(Connection& c, const Caller& caller, int64_t now,
             std::string action, const ApplicationRow& a, std::string summary) {
  return AuditService::Record(c, caller, now, std::move(action),
                              "recruitment_application", std::to_string(a.id),
                              std::move(summary), a.district_code,
                              a.institution_id);
}

std::vector<std::string> Codes(const std::vector<store::ProjectRef>& p) {
  std::vector<std::string> out;
  for (const auto& r : p) out.push_back(r.code);
  return out;
}

std::vector<domain::Material> Materials(
    const std::vector<store::MaterialRow>& rows) {
  std::vector<domain::Material> out;
  for (const auto& r : rows) out.push_back(r.material);
  return out;
}

std::string MaterialLabel(MaterialType t, const std::string& project) {
  std::string label(domain::MaterialTypeTitle(t));
  if (!project.empty()) label += "（" + project + "）";
  return label;
}

std::string FormatMean(double mean) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", mean);
  return buf;
}

// "2026年11月27日" for printed documents.
std::string ChineseDate(Date d) {
  return std::to_string(d.year()) + "年" + std::to_string(d.month()) + "月" +
         std::to_string(d.day()) + "日";
}

bool IsQingdaoDistrict(std::string_view code) {
  for (const domain::Region& r : domain::QingdaoRegions()) {
    if (r.level == domain::RegionLevel::kDistrict && r.code == code) {
      return true;
    }
  }
  return false;
}

// A landline (0532-88886666) or a mobile number: digits and hyphens.
Status ValidateContactPhone(std::string_view p) {
  bool ok = p.size() >= 7 && p.size() <= 20;
  int digits = 0;
  for (char ch : p) {
    ok = ok && ((ch >= '0' && ch <= '9') || ch == '-');
    digits += ch >= '0' && ch <= '9';
  }
  if (!ok || digits < 7) {
    return Status::InvalidArgument(
        "institution.phone_invalid",
        "联系电话应为 7 至 20 位数字（固定电话可含连字符）", "contact_phone");
  }
  return Status::Ok();
}

// The extension a sniffed kind should carry, so a DOCX sent as ".pdf" is
// saved and downloaded as ".docx".
std::string_view ExtensionOf(docs::FileKind k) {
  switch (k) {
    case docs::FileKind::kPdf:
      return ".pdf";
    case docs::FileKind::kPng:
      return ".png";
    case docs::FileKind::kJpeg:
      return ".jpg";
    case docs::FileKind::kDocx:
      return ".docx";
    case docs::FileKind::kXlsx:
      return ".xlsx";
  }
  return "";
}

// The name to keep: the last path component, at most 100 characters, with
// the extension of what the content really is.
std::string CleanFileName(std::string_view raw, MaterialType type,
                          docs::FileKind kind) {
  std::string name(raw);
  const auto slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name = name.substr(slash + 1);
  name = Trimmed(name);
  std::string cleaned;
  for (char ch : name) {
    // Control characters would break Content-Disposition headers.
    if (static_cast<unsigned char>(ch) >= 0x20 && ch != 0x7f) cleaned += ch;
  }
  if (!IsValidUtf8(cleaned)) cleaned.clear();
  std::string stem = cleaned;
  const auto dot = stem.find_last_of('.');
  if (dot != std::string::npos && dot > 0) stem = stem.substr(0, dot);
  if (stem.empty() || stem == ".")
    stem = std::string(domain::MaterialTypeTitle(type));
  // Cut by characters, not bytes, so the name stays valid UTF-8.
  std::string cut;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < stem.size(); ++i) {
    const unsigned char ch = static_cast<unsigned char>(stem[i]);
    if ((ch & 0xC0) != 0x80 && ++chars > 100) break;
    cut += stem[i];
  }
  return cut + std::string(ExtensionOf(kind));
}

// R-CAT-2 and the one-project-once rule for the projects of application
// `application_id` (0 for a new one) of `institution_id`. Returns the codes
// normalized, without duplicates, in order.
Result<std::vector<std::string>> CheckProjects(
    Connection& c, int64_t institution_id, int64_t application_id,
    const std::vector<std::string>& raw) {
  std::set<std::string> codes;
  for (const std::string& r : raw) codes.insert(AsciiUpper(TrimSpace(r)));
  codes.erase("");
  if (codes.empty()) {
    return Status::InvalidArgument("recruitment.no_project",
                                   "请至少选择一个考核项目", "project_codes");
  }
  if (codes.size() > 20) {
    return Status::InvalidArgument("recruitment.too_many_projects",
                                   "一份申请最多选择 20 个考核项目",
                                   "project_codes");
  }
  ZXKH_ASSIGN_OR_RETURN(std::vector<store::ScopeProject> scope,
                        InstitutionRepository(c).Scope(institution_id));
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<std::string> open,
      RecruitmentRepository(c).ProjectsInOtherOpenApplications(institution_id,
                                                               application_id));
  store::CatalogRepository catalog(c);
  for (const std::string& code : codes) {
    auto project = catalog.Get(code);
    if (!project.ok()) {
      return Status::InvalidArgument("catalog.not_found",
                                     "考核项目 " + code + " 不在目录中",
                                     "project_codes");
    }
    ZXKH_RETURN_IF_ERROR(domain::RequireActiveProject(*project));
    for (const auto& s : scope) {
      if (s.code == code) {
        return Status::FailedPrecondition(
            "recruitment.project_already_approved",
            "「" + project->name +
                "」已在本机构核准的考核项目范围内，无需重复申请");
      }
    }
    if (std::find(open.begin(), open.end(), code) != open.end()) {
      return Status::FailedPrecondition(
          "recruitment.project_in_open_application",
          "「" + project->name + "」已在本机构另一份未办结的申请中");
    }
  }
  return std::vector<std::string>(codes.begin(), codes.end());
}

}  // namespace

RecruitmentService::RecruitmentService(Database& db, const Clock& clock,
                                       CalendarService& calendar,
                                       store::FileStore& files,
                                       RecruitmentOptions options)
    : db_(db),
      clock_(clock),
      calendar_(calendar),
      files_(files),
      options_(std::move(options)) {}

// ---------------------------------------------------------------------------
// Institutions

Result<RegisteredInstitution> RecruitmentService::RegisterInstitution(
    const InstitutionRegistration& r, std::string request_id) {
  store::InstitutionRow row;
  ZXKH_ASSIGN_OR_RETURN(row.name,
                        CheckText(r.name, 2, 60, "institution.name_invalid",
                                  "机构名称应为 2 至 60 个字符", "name"));
  row.credit_code = AsciiUpper(TrimSpace(r.credit_code));
  ZXKH_RETURN_IF_ERROR(ValidateCreditCode(row.credit_code));
  auto type = domain::ParseInstitutionType(r.type);
  if (!type) {
    return Status::InvalidArgument(
        "institution.type_invalid",
        "机构类型应为企业、院校、社会团体或职业技能培训机构", "type");
  }
  row.type = *type;
  if (!IsQingdaoDistrict(r.district_code)) {
    return Status::InvalidArgument("institution.district_invalid",
                                   "注册所在地须为青岛市所辖区(市)",
                                   "district_code");
  }
  row.district_code = r.district_code;
  ZXKH_ASSIGN_OR_RETURN(
      row.legal_representative,
      CheckText(r.legal_representative, 2, 30,
                "institution.legal_representative_invalid",
                "法定代表人姓名应为 2 至 30 个字符", "legal_representative"));
  ZXKH_ASSIGN_OR_RETURN(
      row.contact_name,
      CheckText(r.contact_name, 2, 30, "institution.contact_invalid",
                "联系人姓名应为 2 至 30 个字符", "contact_name"));
  row.contact_phone = Trimmed(r.contact_phone);
  ZXKH_RETURN_IF_ERROR(ValidateContactPhone(row.contact_phone));
  ZXKH_ASSIGN_OR_RETURN(
      row.address, CheckText(r.address, 5, 100, "institution.address_invalid",
                             "机构地址应为 5 至 100 个字符", "address"));
  const std::string username = Trimmed(r.username);
  ZXKH_RETURN_IF_ERROR(domain::ValidateUsername(username));
  ZXKH_RETURN_IF_ERROR(domain::ValidatePassword(r.password, username));
  // argon2id takes ~0.1 s: never inside a write transaction.
  ZXKH_ASSIGN_OR_RETURN(std::string hash, HashPassword(r.password));
  const int64_t now = clock_.NowUnixMillis();
  row.created_at = row.updated_at = now;
  return db_.InTransaction(
      Database::Mode::kWrite,
      [&](Connection& c) -> Result<RegisteredInstitution> {
        ZXKH_ASSIGN_OR_RETURN(int64_t id, InstitutionRepository(c).Insert(row));
        domain::Account a;
        a.username = username;
        a.display_name = row.name;
        a.password_hash = hash;
        a.role = Role::kInstitutionAdmin;
        a.institution_id = id;
        a.created_at = a.updated_at = now;
        ZXKH_ASSIGN_OR_RETURN(int64_t user_id,
                              store::AccountRepository(c).Insert(a));
        a.id = user_id;
        ZXKH_RETURN_IF_ERROR(NotificationRepository(c).ToDistrict(
            row.district_code,
            Message{"新考核机构注册",
                    row.name + "已在本区(市)注册为考核机构申请单位。", ""},
            now));
        ZXKH_RETURN_IF_ERROR(AuditService::Record(
            c, domain::CallerOf(a, request_id), now, "institution.register",
            "institution", std::to_string(id),
            "考核机构自行注册（" +
                std::string(domain::InstitutionTypeTitle(row.type)) + "）",
            row.district_code, id));
        return RegisteredInstitution{id, user_id};
      });
}

Result<InstitutionProfile> RecruitmentService::GetInstitution(
    const Caller& caller, int64_t id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kReaders));
  return db_.InTransaction(
      Database::Mode::kRead, [&](Connection& c) -> Result<InstitutionProfile> {
        InstitutionRepository repo(c);
        auto row = repo.Get(id);
        if (!row.ok()) return row.status();
        if (!InScope(caller, row->district_code, row->id)) {
          return InstitutionNotFound();
        }
        InstitutionProfile out{std::move(row).value(), {}};
        ZXKH_ASSIGN_OR_RETURN(out.scope, repo.Scope(id));
        return out;
      });
}

Result<InstitutionProfile> RecruitmentService::SetCreditStatus(
    const Caller& caller, int64_t id, std::string credit_status) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {Role::kCity}));
  if (credit_status != "good" && credit_status != "bad_record") {
    return Status::InvalidArgument(
        "institution.credit_status_invalid",
        "信用状况应为 good（良好）或 bad_record（有不良记录）",
        "credit_status");
  }
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<InstitutionProfile> {
        InstitutionRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(store::InstitutionRow row, repo.Get(id));
        if (row.credit_status != credit_status) {
          ZXKH_RETURN_IF_ERROR(repo.SetCreditStatus(id, credit_status, now));
          ZXKH_RETURN_IF_ERROR(AuditService::Record(
              c, caller, now, "institution.credit", "institution",
              std::to_string(id),
              credit_status == "good" ? "信用状况：有不良记录 → 良好"
                                      : "信用状况：良好 → 有不良记录",
              row.district_code, id));
          row.credit_status = credit_status;
        }
        InstitutionProfile out{std::move(row), {}};
        ZXKH_ASSIGN_OR_RETURN(out.scope, repo.Scope(id));
        return out;
      });
}

// ---------------------------------------------------------------------------
// Applications

Result<ApplicationDetail> RecruitmentService::Detail(Connection& c,
                                                     const Caller& caller,
                                                     ApplicationRow a) {
  RecruitmentRepository repo(c);
  ApplicationDetail d;
  ZXKH_ASSIGN_OR_RETURN(d.projects, repo.Projects(a.id));
  ZXKH_ASSIGN_OR_RETURN(std::vector<store::MaterialRow> current,
                        repo.CurrentMaterials(a.id));
  for (MaterialType t : domain::kAllMaterialTypes) {
    std::vector<std::string> keys = {""};
    if (t == MaterialType::kQuestionBank) keys = Codes(d.projects);
    for (const std::string& p : keys) {
      CompletenessItem item{t, p, std::nullopt};
      for (const auto& m : current) {
        if (m.material.type == t && m.material.project_code == p)
          item.current = m;
      }
      d.completeness.push_back(std::move(item));
    }
  }
  ZXKH_ASSIGN_OR_RETURN(d.history, repo.MaterialHistory(a.id));
  if (a.submission_count > 0) {
    ZXKH_ASSIGN_OR_RETURN(d.findings, repo.Findings(a.id, a.submission_count));
  }
  ZXKH_ASSIGN_OR_RETURN(d.events, repo.Events(a.id));
  // Evaluators' forms and objectors' names are for the bureaus only.
  if (caller.role == Role::kCity || caller.role == Role::kProvince) {
    ZXKH_ASSIGN_OR_RETURN(d.forms, repo.Forms(a.id));
    ZXKH_ASSIGN_OR_RETURN(d.objections, repo.Objections(a.id));
  }
  ZXKH_ASSIGN_OR_RETURN(d.open_objections, repo.CountOpenObjections(a.id));
  d.application = std::move(a);
  return d;
}

Result<ApplicationDetail> RecruitmentService::CreateApplication(
    const Caller& caller, std::vector<std::string> project_codes) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kInstitutionRoles));
  if (!caller.institution_id) return InstitutionNotFound();
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<ApplicationDetail> {
        ZXKH_ASSIGN_OR_RETURN(
            store::InstitutionRow inst,
            InstitutionRepository(c).Get(*caller.institution_id));
        if (inst.status == "suspended" || inst.status == "removed") {
          return Status::FailedPrecondition(
              "institution.not_eligible",
              "机构已被暂停或取消考核资格，不能申请");
        }
        ZXKH_ASSIGN_OR_RETURN(std::vector<std::string> codes,
                              CheckProjects(c, inst.id, 0, project_codes));
        RecruitmentRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(int64_t id, repo.InsertApplication(inst.id, now));
        ZXKH_RETURN_IF_ERROR(repo.SetProjects(id, codes));
        ZXKH_ASSIGN_OR_RETURN(ApplicationRow a, repo.Get(id));
        store::EventRow e{0,
                          id,
                          now,
                          caller.user_id > 0
                              ? std::optional<int64_t>(caller.user_id)
                              : std::nullopt,
                          std::string(domain::RoleName(caller.role)),
                          "create",
                          "",
                          "draft",
                          ""};
        ZXKH_RETURN_IF_ERROR(repo.InsertEvent(e));
        ZXKH_RETURN_IF_ERROR(Audit(
            c, caller, now, "recruitment.create", a,
            "新建申请（草稿），项目 " + std::to_string(codes.size()) + " 个"));
        return Detail(c, caller, std::move(a));
      });
}

Result<Page<ApplicationRow>> RecruitmentService::ListApplications(
    const Caller& caller, const ApplicationQuery& q) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kReaders));
  store::ApplicationFilter f;
  if (!q.state.empty() && !domain::ParseApplicationState(q.state)) {
    return Status::InvalidArgument("recruitment.state_invalid",
                                   "未知的申请状态：" + q.state, "state");
  }
  f.state = q.state;
  f.district = q.district;
  f.q = q.q;
  f.page = q.page;
  switch (caller.role) {
    case Role::kProvince:
    case Role::kCity:
      f.scope = store::ApplicationScope::kAll;
      break;
    case Role::kDistrict:
      f.scope = store::ApplicationScope::kDistrict;
      f.scope_district = caller.district_code.value_or("-");
      break;
    default:
      f.scope = store::ApplicationScope::kInstitution;
      f.scope_institution = caller.institution_id.value_or(-1);
      break;
  }
  return db_.InTransaction(Database::Mode::kRead, [&](Connection& c) {
    return RecruitmentRepository(c).List(f);
  });
}

Result<ApplicationDetail> RecruitmentService::GetApplication(
    const Caller& caller, int64_t id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kReaders));
  return db_.InTransaction(
      Database::Mode::kRead, [&](Connection& c) -> Result<ApplicationDetail> {
        ZXKH_ASSIGN_OR_RETURN(ApplicationRow a, LoadScoped(c, caller, id));
        return Detail(c, caller, std::move(a));
      });
}

Result<ApplicationDetail> RecruitmentService::SetProjects(
    const Caller& caller, int64_t id, std::vector<std::string> project_codes) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kInstitutionRoles));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<ApplicationDetail> {
        ZXKH_ASSIGN_OR_RETURN(ApplicationRow a, LoadScoped(c, caller, id));
        ZXKH_RETURN_IF_ERROR(domain::CheckCanEdit(a.state));
        ZXKH_ASSIGN_OR_RETURN(
            std::vector<std::string> codes,
            CheckProjects(c, a.institution_id, a.id, project_codes));
        RecruitmentRepository repo(c);
        ZXKH_RETURN_IF_ERROR(repo.SetProjects(a.id, codes));
        a.updated_at = now;
        ZXKH_RETURN_IF_ERROR(repo.Save(a, a.state));
        ZXKH_RETURN_IF_ERROR(
            Audit(c, caller, now, "recruitment.projects", a,
                  "修改申请项目，共 " + std::to_string(codes.size()) + " 个"));
        return Detail(c, caller, std::move(a));
      });
}

Result<store::MaterialRow> RecruitmentService::UploadMaterial(
    const Caller& caller, int64_t id, MaterialUpload upload) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kInstitutionRoles));
  auto type = domain::ParseMaterialType(upload.type);
  if (!type) {
    return Status::InvalidArgument("recruitment.material_type_invalid",
                                   "材料类型应为申请表、工作方案、题库、培训能"
                                   "力证明、法人登记证书或信用报告",
                                   "type");
  }
  const std::string project = AsciiUpper(TrimSpace(upload.project_code));
  // Scope and state first: a foreign id is "not found" before any file work.
  auto check = [&](Connection& c) -> Result<ApplicationRow> {
    ZXKH_ASSIGN_OR_RETURN(ApplicationRow a, LoadScoped(c, caller, id));
    ZXKH_RETURN_IF_ERROR(domain::CheckCanEdit(a.state));
    ZXKH_ASSIGN_OR_RETURN(std::vector<store::ProjectRef> projects,
                          RecruitmentRepository(c).Projects(id));
    const std::vector<std::string> codes = Codes(projects);
    if (*type == MaterialType::kQuestionBank) {
      if (std::find(codes.begin(), codes.end(), project) == codes.end()) {
        return Status::InvalidArgument(
            "recruitment.material_project_invalid",
            "题库须按项目上传，请指明本申请中的一个项目", "project");
      }
    } else if (!project.empty()) {
      return Status::InvalidArgument(
          "recruitment.material_project_invalid",
          "只有题库按项目上传，「" +
              std::string(domain::MaterialTypeTitle(*type)) + "」不需指明项目",
          "project");
    }
    return a;
  };
  ZXKH_RETURN_IF_ERROR(
      db_.InTransaction(Database::Mode::kRead, check).status());
  std::error_code ec;
  const auto size = std::filesystem::file_size(upload.temp_path, ec);
  if (ec) {
    return Status::InvalidArgument("file.unreadable", "无法读取上传的文件",
                                   "file");
  }
  if (static_cast<int64_t>(size) > kMaxMaterialBytes) {
    return Status::PayloadTooLarge("file.too_large",
                                   "文件过大，单个文件不得超过 50 MB");
  }
  if (size == 0) {
    return Status::InvalidArgument("file.empty", "上传的文件是空的", "file");
  }
  ZXKH_ASSIGN_OR_RETURN(docs::FileKind kind,
                        docs::SniffFile(upload.temp_path, kMaterialKinds));
  // Stored before the transaction (content-addressed, so storing twice or
  // keeping a file whose row was rolled back does no harm).
  ZXKH_ASSIGN_OR_RETURN(
      store::StoredFile stored,
      files_.PutFile(upload.temp_path, std::string(docs::MediaTypeOf(kind)),
                     kMaxMaterialBytes));
  const std::string file_name = CleanFileName(upload.file_name, *type, kind);
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<store::MaterialRow> {
        ZXKH_ASSIGN_OR_RETURN(ApplicationRow a, check(c));
        ZXKH_RETURN_IF_ERROR(store::FileStore::Register(c, stored, now));
        store::MaterialRow m;
        m.application_id = a.id;
        m.material =
            domain::Material{*type,     project,           stored.sha256,
                             file_name, stored.media_type, stored.size_bytes};
        m.uploaded_at = now;
        m.uploaded_by = caller.user_id;
        RecruitmentRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(m.id, repo.InsertMaterial(m));
        a.updated_at = now;
        ZXKH_RETURN_IF_ERROR(repo.Save(a, a.state));
        ZXKH_RETURN_IF_ERROR(
            Audit(c, caller, now, "recruitment.upload", a,
                  "上传材料「" + MaterialLabel(*type, project) + "」（" +
                      std::string(docs::FileKindTitle(kind)) + "，" +
                      AuditService::HashForSummary(stored.sha256) + "）"));
        return m;
      });
}

Result<FileDownload> RecruitmentService::DownloadMaterial(const Caller& caller,
                                                          int64_t id,
                                                          int64_t material_id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kReaders));
  ZXKH_ASSIGN_OR_RETURN(
      store::MaterialRow m,
      db_.InTransaction(
          Database::Mode::kRead,
          [&](Connection& c) -> Result<store::MaterialRow> {
            ZXKH_RETURN_IF_ERROR(LoadScoped(c, caller, id).status());
            return RecruitmentRepository(c).GetMaterial(id, material_id);
          }));
  ZXKH_ASSIGN_OR_RETURN(std::string bytes, files_.Read(m.material.file_sha256));
  return FileDownload{std::move(bytes), m.material.media_type,
                      m.material.file_name};
}

Result<ApplicationDetail> RecruitmentService::Submit(const Caller& caller,
                                                     int64_t id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kInstitutionRoles));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<ApplicationDetail> {
        ZXKH_ASSIGN_OR_RETURN(ApplicationRow a, LoadScoped(c, caller, id));
        if (a.state != ApplicationState::kDraft &&
            a.state != ApplicationState::kReturned) {
          return WrongState(a.state, "提交");
        }
        // R-INS-1: good credit only.
        if (a.credit_status != "good") {
          return Status::FailedPrecondition(
              "institution.bad_credit",
              "机构存在不良信用记录，不符合申报条件（须信用状况良好），不能提交"
              "申请");
        }
        if (a.institution_status == "suspended" ||
            a.institution_status == "removed") {
          return Status::FailedPrecondition(
              "institution.not_eligible",
              "机构已被暂停或取消考核资格，不能提交申请");
        }
        RecruitmentRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(std::vector<store::ProjectRef> projects,
                              repo.Projects(id));
        // A project may have been retired since the draft was saved.
        store::CatalogRepository catalog(c);
        for (const auto& p : projects) {
          ZXKH_ASSIGN_OR_RETURN(domain::CatalogProject project,
                                catalog.Get(p.code));
          ZXKH_RETURN_IF_ERROR(domain::RequireActiveProject(project));
        }
        ZXKH_ASSIGN_OR_RETURN(std::vector<store::MaterialRow> current,
                              repo.CurrentMaterials(id));
        ZXKH_RETURN_IF_ERROR(domain::CheckCanSubmit(a.state, Codes(projects),
                                                    Materials(current)));
        const ApplicationState from = a.state;
        ++a.submission_count;
        const bool resubmit = from == ApplicationState::kReturned;
        ZXKH_RETURN_IF_ERROR(Move(c, caller, now, a,
                                  ApplicationState::kSubmitted,
                                  resubmit ? "resubmit" : "submit", ""));
        ZXKH_RETURN_IF_ERROR(NotificationRepository(c).ToDistrict(
            a.district_code,
            Message{resubmit ? "考核机构申请已重新提交，待初审"
                             : "新的考核机构申请待初审",
                    a.institution_name + "提交了考核机构申请（第 " +
                        std::to_string(a.submission_count) +
                        " 次提交），请进行初审。",
                    LinkOf(id)},
            now));
        ZXKH_RETURN_IF_ERROR(
            Audit(c, caller, now,
                  resubmit ? "recruitment.resubmit" : "recruitment.submit", a,
                  Arrow(from, a.state) + "（第 " +
                      std::to_string(a.submission_count) + " 次提交）"));
        return Detail(c, caller, std::move(a));
      });
}

Result<ApplicationDetail> RecruitmentService::Recall(const Caller& caller,
                                                     int64_t id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kInstitutionRoles));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<ApplicationDetail> {
        ZXKH_ASSIGN_OR_RETURN(ApplicationRow a, LoadScoped(c, caller, id));
        ZXKH_RETURN_IF_ERROR(domain::CheckCanRecall(a.state));
        ZXKH_ASSIGN_OR_RETURN(
            std::vector<store::FindingRow> findings,
            RecruitmentRepository(c).Findings(id, a.submission_count));
        if (!findings.empty()) {
          return Status::FailedPrecondition(
              "recruitment.review_started",
              "区(市)人社局已开始初审，不能撤回申请");
        }
        const ApplicationState from = a.state;
        ZXKH_RETURN_IF_ERROR(
            Move(c, caller, now, a, ApplicationState::kDraft, "recall", ""));
        ZXKH_RETURN_IF_ERROR(NotificationRepository(c).ToDistrict(
            a.district_code,
            Message{"考核机构撤回了申请",
                    a.institution_name + "撤回了待初审的考核机构申请。",
                    LinkOf(id)},
            now));
        ZXKH_RETURN_IF_ERROR(Audit(c, caller, now, "recruitment.recall", a,
                                   Arrow(from, a.state)));
        return Detail(c, caller, std::move(a));
      });
}

// ---------------------------------------------------------------------------
// District preliminary check

Result<ApplicationDetail> RecruitmentService::RecordFindings(
    const Caller& caller, int64_t id, std::vector<FindingInput> findings) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {Role::kDistrict}));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<ApplicationDetail> {
        ZXKH_ASSIGN_OR_RETURN(ApplicationRow a, LoadScoped(c, caller, id));
        if (a.state != ApplicationState::kSubmitted) {
          return WrongState(a.state, "填写初审意见");
        }
        if (findings.empty()) {
          return Status::InvalidArgument("recruitment.no_finding",
                                         "请至少填写一项材料的初审意见",
                                         "findings");
        }
        RecruitmentRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(std::vector<store::ProjectRef> projects,
                              repo.Projects(id));
        const std::vector<std::string> codes = Codes(projects);
        std::vector<store::FindingRow> rows;
        for (std::size_t i = 0; i < findings.size(); ++i) {
          const FindingInput& in = findings[i];
          const std::string field = "findings[" + std::to_string(i) + "]";
          auto type = domain::ParseMaterialType(in.type);
          if (!type) {
            return Status::InvalidArgument("recruitment.material_type_invalid",
                                           "未知的材料类型：" + in.type,
                                           field + ".type");
          }
          const std::string project = AsciiUpper(TrimSpace(in.project_code));
          const bool bank = *type == MaterialType::kQuestionBank;
          if (bank ? std::find(codes.begin(), codes.end(), project) ==
                         codes.end()
                   : !project.empty()) {
            return Status::InvalidArgument(
                "recruitment.material_project_invalid",
                bank ? "题库的初审意见须指明本申请中的一个项目"
                     : "只有题库按项目填写初审意见",
                field + ".project_code");
          }
          auto result = domain::ParseFindingResult(in.result);
          if (!result) {
            return Status::InvalidArgument(
                "recruitment.finding_invalid",
                "初审结论应为 ok（合格）、missing（缺失）或 invalid（不合格）",
                field + ".result");
          }
          ZXKH_ASSIGN_OR_RETURN(
              std::string note,
              CheckText(in.note, 0, 500, "recruitment.note_invalid",
                        "初审意见说明不能超过 500 个字符", field + ".note"));
          if (*result != domain::FindingResult::kOk && note.empty()) {
            return Status::InvalidArgument("recruitment.note_required",
                                           "「" +
                                               MaterialLabel(*type, project) +
                                               "」不合格或缺失，请写明原因",
                                           field + ".note");
          }
          rows.push_back(store::FindingRow{
              a.submission_count,
              domain::MaterialFinding{*type, project, *result, note},
              caller.user_id, now});
        }
        for (const auto& f : rows)
          ZXKH_RETURN_IF_ERROR(repo.UpsertFinding(id, f));
        a.updated_at = now;
        ZXKH_RETURN_IF_ERROR(repo.Save(a, a.state));
        ZXKH_RETURN_IF_ERROR(
            Audit(c, caller, now, "recruitment.findings", a,
                  "填写初审意见 " + std::to_string(rows.size()) + " 项（第 " +
                      std::to_string(a.submission_count) + " 次提交）"));
        return Detail(c, caller, std::move(a));
      });
}

Result<ApplicationDetail> RecruitmentService::Return(const Caller& caller,
                                                     int64_t id,
                                                     std::string reason) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {Role::kDistrict}));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<ApplicationDetail> {
        ZXKH_ASSIGN_OR_RETURN(ApplicationRow a, LoadScoped(c, caller, id));
        ZXKH_ASSIGN_OR_RETURN(
            std::string why,
            CheckText(reason, 0, 1000, "recruitment.reason_invalid",
                      "原因不能超过 1000 个字符", "reason"));
        ZXKH_RETURN_IF_ERROR(domain::CheckCanReturn(a.state, why));
        const ApplicationState from = a.state;
        ZXKH_RETURN_IF_ERROR(Move(c, caller, now, a,
                                  ApplicationState::kReturned, "return", why));
        ZXKH_RETURN_IF_ERROR(NotificationRepository(c).ToInstitution(
            a.institution_id,
            Message{"考核机构申请被退回修改",
                    "区(市)人社局退回了您的申请，原因：" + why +
                        "。请修改后重新提交。",
                    LinkOf(id)},
            now));
        ZXKH_RETURN_IF_ERROR(Audit(c, caller, now, "recruitment.return", a,
                                   Arrow(from, a.state)));
        return Detail(c, caller, std::move(a));
      });
}

Result<ApplicationDetail> RecruitmentService::Reject(const Caller& caller,
                                                     int64_t id,
                                                     std::string reason) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {Role::kDistrict}));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<ApplicationDetail> {
        ZXKH_ASSIGN_OR_RETURN(ApplicationRow a, LoadScoped(c, caller, id));
        ZXKH_ASSIGN_OR_RETURN(
            std::string why,
            CheckText(reason, 0, 1000, "recruitment.reason_invalid",
                      "原因不能超过 1000 个字符", "reason"));
        ZXKH_RETURN_IF_ERROR(domain::CheckCanReject(a.state, why));
        const ApplicationState from = a.state;
        ZXKH_RETURN_IF_ERROR(Move(c, caller, now, a,
                                  ApplicationState::kRejected, "reject", why));
        ZXKH_RETURN_IF_ERROR(NotificationRepository(c).ToInstitution(
            a.institution_id,
            Message{"考核机构申请初审不通过",
                    "区(市)人社局初审不通过，原因：" + why + "。", LinkOf(id)},
            now));
        ZXKH_RETURN_IF_ERROR(Audit(c, caller, now, "recruitment.reject", a,
                                   Arrow(from, a.state)));
        return Detail(c, caller, std::move(a));
      });
}

Result<ApplicationDetail> RecruitmentService::Forward(const Caller& caller,
                                                      int64_t id,
                                                      std::string note) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {Role::kDistrict}));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<ApplicationDetail> {
        ZXKH_ASSIGN_OR_RETURN(ApplicationRow a, LoadScoped(c, caller, id));
        ZXKH_ASSIGN_OR_RETURN(
            std::string why,
            CheckText(note, 0, 1000, "recruitment.reason_invalid",
                      "说明不能超过 1000 个字符", "note"));
        RecruitmentRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(std::vector<store::ProjectRef> projects,
                              repo.Projects(id));
        ZXKH_ASSIGN_OR_RETURN(std::vector<store::MaterialRow> current,
                              repo.CurrentMaterials(id));
        std::vector<domain::MaterialFinding> findings;
        if (a.submission_count > 0) {
          ZXKH_ASSIGN_OR_RETURN(std::vector<store::FindingRow> rows,
                                repo.Findings(id, a.submission_count));
          for (auto& f : rows) findings.push_back(std::move(f.finding));
        }
        ZXKH_RETURN_IF_ERROR(domain::CheckCanForward(
            a.state, Codes(projects), Materials(current), findings));
        const ApplicationState from = a.state;
        ZXKH_RETURN_IF_ERROR(Move(
            c, caller, now, a, ApplicationState::kForwarded, "forward", why));
        NotificationRepository notes(c);
        ZXKH_RETURN_IF_ERROR(
            notes.ToRole("CITY",
                         Message{"考核机构申请待遴选评估",
                                 a.district_name + "人社局初审通过并报送了" +
                                     a.institution_name + "的申请。",
                                 LinkOf(id)},
                         now));
        ZXKH_RETURN_IF_ERROR(notes.ToInstitution(
            a.institution_id,
            Message{"考核机构申请初审通过",
                    "区(市)人社局初审通过，已报送市人社局遴选评估。",
                    LinkOf(id)},
            now));
        ZXKH_RETURN_IF_ERROR(Audit(c, caller, now, "recruitment.forward", a,
                                   Arrow(from, a.state)));
        return Detail(c, caller, std::move(a));
      });
}

// ---------------------------------------------------------------------------
// City evaluation

Result<std::vector<domain::Criterion>> RecruitmentService::Criteria(
    const Caller& caller) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kReaders));
  return db_.InTransaction(
      Database::Mode::kRead,
      [&](Connection& c) -> Result<std::vector<domain::Criterion>> {
        ZXKH_ASSIGN_OR_RETURN(std::vector<store::CriterionRow> rows,
                              RecruitmentRepository(c).ActiveCriteria());
        std::vector<domain::Criterion> out;
        for (auto& r : rows) out.push_back(std::move(r.criterion));
        return out;
      });
}

Result<std::vector<domain::Criterion>> RecruitmentService::ReplaceCriteria(
    const Caller& caller, std::vector<domain::Criterion> criteria) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {Role::kCity}));
  for (auto& k : criteria) {
    k.key = Trimmed(k.key);
    k.title = Trimmed(k.title);
  }
  ZXKH_RETURN_IF_ERROR(domain::ValidateCriteria(criteria));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite,
      [&](Connection& c) -> Result<std::vector<domain::Criterion>> {
        RecruitmentRepository repo(c);
        // Forms already filled against the old set could no longer be
        // compared with the new one.
        ZXKH_ASSIGN_OR_RETURN(int64_t in_use, repo.CountFormsUnderEvaluation());
        if (in_use > 0) {
          return Status::FailedPrecondition(
              "recruitment.criteria_in_use",
              "有 " + std::to_string(in_use) +
                  " 份评估表正在使用现行指标（申请尚未作出评估结论），暂不能调"
                  "整评估指标");
        }
        ZXKH_RETURN_IF_ERROR(repo.ReplaceCriteria(criteria));
        int required = 0;
        for (const auto& k : criteria) required += k.required;
        ZXKH_RETURN_IF_ERROR(AuditService::Record(
            c, caller, now, "recruitment.criteria", "evaluation_criteria",
            "active",
            "评估指标调整为 " + std::to_string(criteria.size()) + " 项（必备 " +
                std::to_string(required) + " 项）"));
        return criteria;
      });
}

Result<ApplicationDetail> RecruitmentService::SubmitEvaluation(
    const Caller& caller, int64_t id, EvaluationInput in) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {Role::kCity}));
  ZXKH_ASSIGN_OR_RETURN(
      std::string evaluator,
      CheckText(in.evaluator_name, 2, 30, "recruitment.evaluator_invalid",
                "评估专家姓名应为 2 至 30 个字符", "evaluator_name"));
  ZXKH_ASSIGN_OR_RETURN(
      std::string comment,
      CheckText(in.comment, 0, 1000, "recruitment.comment_invalid",
                "评估意见不能超过 1000 个字符", "comment"));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<ApplicationDetail> {
        ZXKH_ASSIGN_OR_RETURN(ApplicationRow a, LoadScoped(c, caller, id));
        if (a.state != ApplicationState::kForwarded) {
          return WrongState(a.state, "填写评估表");
        }
        RecruitmentRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(std::vector<store::CriterionRow> rows,
                              repo.ActiveCriteria());
        std::vector<domain::Criterion> criteria;
        for (const auto& r : rows) criteria.push_back(r.criterion);
        ZXKH_RETURN_IF_ERROR(
            domain::ValidateEvaluationForm(criteria, in.scores));
        store::EvaluationFormRow f;
        f.application_id = id;
        f.evaluator_id = caller.user_id;
        f.evaluator_name = evaluator;
        f.comment = comment;
        f.submitted_at = now;
        f.scores = in.scores;
        for (const auto& s : in.scores) f.total += s.points;
        ZXKH_ASSIGN_OR_RETURN(int64_t form_id, repo.UpsertForm(f));
        a.updated_at = now;
        ZXKH_RETURN_IF_ERROR(repo.Save(a, a.state));
        ZXKH_RETURN_IF_ERROR(Audit(c, caller, now, "recruitment.evaluate", a,
                                   "评估表 " + std::to_string(form_id) +
                                       "，合计 " + std::to_string(f.total) +
                                       " 分"));
        return Detail(c, caller, std::move(a));
      });
}

Result<ApplicationDetail> RecruitmentService::Conclude(const Caller& caller,
                                                       int64_t id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {Role::kCity}));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<ApplicationDetail> {
        ZXKH_ASSIGN_OR_RETURN(ApplicationRow a, LoadScoped(c, caller, id));
        if (a.state != ApplicationState::kForwarded) {
          return WrongState(a.state, "作出评估结论");
        }
        RecruitmentRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(std::vector<store::CriterionRow> rows,
                              repo.ActiveCriteria());
        std::vector<domain::Criterion> criteria;
        for (const auto& r : rows) criteria.push_back(r.criterion);
        ZXKH_ASSIGN_OR_RETURN(std::vector<store::EvaluationFormRow> forms,
                              repo.Forms(id));
        std::vector<std::vector<domain::CriterionScore>> scores;
        for (const auto& f : forms) {
          if (!domain::ValidateEvaluationForm(criteria, f.scores).ok()) {
            return Status::FailedPrecondition(
                "recruitment.form_outdated",
                "评估专家「" + f.evaluator_name +
                    "」的评估表与现行评估指标不一致，请重新填写");
          }
          scores.push_back(f.scores);
        }
        ZXKH_ASSIGN_OR_RETURN(domain::EvaluationOutcome outcome,
                              domain::ConcludeEvaluation(criteria, scores));
        a.evaluation_mean = outcome.mean_total;
        a.evaluation_selected = outcome.selected;
        std::string reason = std::to_string(forms.size()) +
                             " 位专家评估，平均 " +
                             FormatMean(outcome.mean_total) + " 分";
        if (!outcome.unmet_required.empty()) {
          reason += "；必备指标未达要求：";
          for (std::size_t i = 0; i < outcome.unmet_required.size(); ++i) {
            reason += (i ? "、" : "") + outcome.unmet_required[i];
          }
        }
        if (outcome.mean_total < domain::kSelectionThreshold) {
          reason += "；平均分低于 60 分";
        }
        const ApplicationState from = a.state;
        const ApplicationState to = outcome.selected
                                        ? ApplicationState::kEvaluated
                                        : ApplicationState::kNotSelected;
        ZXKH_RETURN_IF_ERROR(Move(c, caller, now, a, to, "conclude", reason));
        ZXKH_RETURN_IF_ERROR(NotificationRepository(c).ToInstitution(
            a.institution_id,
            Message{
                outcome.selected ? "遴选评估入选，待公示" : "遴选评估未入选",
                "市人社局遴选评估结论：" + reason + "。", LinkOf(id)},
            now));
        ZXKH_RETURN_IF_ERROR(Audit(c, caller, now, "recruitment.conclude", a,
                                   Arrow(from, to) + "（平均 " +
                                       FormatMean(outcome.mean_total) +
                                       " 分）"));
        return Detail(c, caller, std::move(a));
      });
}

// ---------------------------------------------------------------------------
// Publicity and objections

Result<store::PublicityRoundRow> RecruitmentService::OpenPublicity(
    const Caller& caller, PublicityInput in) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {Role::kCity}));
  ZXKH_ASSIGN_OR_RETURN(std::string title,
                        CheckText(in.title, 2, 100, "recruitment.title_invalid",
                                  "公示标题应为 2 至 100 个字符", "title"));
  auto start = Date::Parse(in.start_date);
  if (!start.ok()) {
    return Status::InvalidArgument("date.invalid", start.status().message(),
                                   "start_date");
  }
  const Date today = clock_.Today();
  if (*start < today) {
    return Status::InvalidArgument(
        "recruitment.publicity_start_past",
        "公示开始日期不能早于今天（" + today.ToString() + "）", "start_date");
  }
  std::optional<Date> requested_end;
  if (in.end_date) {
    auto end = Date::Parse(*in.end_date);
    if (!end.ok()) {
      return Status::InvalidArgument("date.invalid", end.status().message(),
                                     "end_date");
    }
    requested_end = *end;
  }
  std::set<int64_t> ids(in.application_ids.begin(), in.application_ids.end());
  if (ids.empty()) {
    return Status::InvalidArgument("recruitment.no_application",
                                   "请至少选择一份评估入选的申请",
                                   "application_ids");
  }
  ZXKH_ASSIGN_OR_RETURN(std::shared_ptr<const WorkdayCalendar> calendar,
                        calendar_.Current());
  ZXKH_ASSIGN_OR_RETURN(
      Date end, domain::PublicityEndDate(*calendar, *start, requested_end));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite,
      [&](Connection& c) -> Result<store::PublicityRoundRow> {
        RecruitmentRepository repo(c);
        store::PublicityRoundRow round;
        round.title = title;
        round.start_date = start->ToString();
        round.end_date = end.ToString();
        round.opened_by = caller.user_id;
        round.opened_at = now;
        ZXKH_ASSIGN_OR_RETURN(round.id, repo.InsertRound(round));
        const std::string dates = round.start_date + " 至 " + round.end_date;
        for (int64_t id : ids) {
          ZXKH_ASSIGN_OR_RETURN(ApplicationRow a, LoadScoped(c, caller, id));
          if (a.state != ApplicationState::kEvaluated) {
            return WrongState(a.state, "进入公示");
          }
          a.publicity_round_id = round.id;
          ZXKH_RETURN_IF_ERROR(Move(c, caller, now, a,
                                    ApplicationState::kPublicizing, "publicize",
                                    "公示期 " + dates));
          ZXKH_RETURN_IF_ERROR(NotificationRepository(c).ToInstitution(
              a.institution_id,
              Message{"遴选结果公示中",
                      "您的申请已进入公示，公示期 " + dates + "。", LinkOf(id)},
              now));
          ZXKH_RETURN_IF_ERROR(
              Audit(c, caller, now, "recruitment.publicize", a,
                    Arrow(ApplicationState::kEvaluated, a.state) +
                        "（公示批次 " + std::to_string(round.id) + "）"));
        }
        ZXKH_RETURN_IF_ERROR(AuditService::Record(
            c, caller, now, "recruitment.publicity_open", "publicity_round",
            std::to_string(round.id),
            "开始公示 " + std::to_string(ids.size()) + " 份申请，" + dates));
        return repo.GetRound(round.id);
      });
}

Result<std::vector<store::PublicityRoundRow>> RecruitmentService::ListRounds(
    const Caller& caller) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {Role::kCity, Role::kProvince}));
  return db_.InTransaction(Database::Mode::kRead, [&](Connection& c) {
    return RecruitmentRepository(c).ListRounds();
  });
}

Result<store::ObjectionRow> RecruitmentService::DecideObjection(
    const Caller& caller, int64_t objection_id, std::string decision,
    std::string note) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {Role::kCity}));
  if (decision != "upheld" && decision != "dismissed") {
    return Status::InvalidArgument(
        "objection.decision_invalid",
        "处理结论应为 upheld（异议成立）或 dismissed（异议不成立）",
        "decision");
  }
  ZXKH_ASSIGN_OR_RETURN(
      std::string why,
      CheckText(note, 1, 1000, "objection.note_required",
                "处理异议须填写处理意见（不超过 1000 个字符）", "note"));
  const bool upheld = decision == "upheld";
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite,
      [&](Connection& c) -> Result<store::ObjectionRow> {
        RecruitmentRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(store::ObjectionRow o,
                              repo.GetObjection(objection_id));
        if (o.status != "open") {
          return Status::FailedPrecondition(
              "objection.already_decided",
              std::string("该异议已处理（") +
                  (o.status == "upheld" ? "异议成立" : "异议不成立") +
                  "），不能重复处理");
        }
        ZXKH_ASSIGN_OR_RETURN(ApplicationRow a, repo.Get(o.application_id));
        ZXKH_RETURN_IF_ERROR(
            repo.DecideObjection(o.id, decision, why, caller.user_id, now));
        if (upheld && a.state == ApplicationState::kPublicizing) {
          ZXKH_RETURN_IF_ERROR(Move(c, caller, now, a,
                                    ApplicationState::kNotSelected,
                                    "objection_upheld", "异议成立：" + why));
        }
        ZXKH_RETURN_IF_ERROR(NotificationRepository(c).ToInstitution(
            a.institution_id,
            Message{upheld ? "公示异议成立，申请未入选" : "公示异议不成立",
                    "市人社局对公示期间的异议作出处理：" + why + "。",
                    LinkOf(a.id)},
            now));
        ZXKH_RETURN_IF_ERROR(AuditService::Record(
            c, caller, now, "objection.decide", "objection",
            std::to_string(o.id),
            std::string(upheld ? "异议成立" : "异议不成立") + "（申请 " +
                std::to_string(a.id) + "，" + StateTitle(a.state) + "）",
            a.district_code, a.institution_id));
        return repo.GetObjection(o.id);
      });
}

Result<int64_t> RecruitmentService::FileObjection(int64_t application_id,
                                                  ObjectionInput in,
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
          // Two objections from one address at once must not both pass the
          // count below (SQLite write transactions are exclusive anyway).
          uint64_t key = 0x7a786b68;  // "zxkh", then the address
          for (unsigned char ch : in.ip) key = key * 131 + ch;
          ZXKH_RETURN_IF_ERROR(
              c.Query("SELECT pg_advisory_xact_lock(CAST(? AS BIGINT))",
                      std::vector<store::Value>{static_cast<int64_t>(key >> 1)})
                  .status());
        }
        RecruitmentRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(
            int recent, repo.CountObjectionsFrom(in.ip, now - 3600 * 1000));
        if (recent >= kObjectionsPerIpPerHour) {
          return Status::ResourceExhausted(
              "objection.rate_limited",
              "同一网络地址每小时最多提出 5 件异议，请稍后再试");
        }
        ZXKH_ASSIGN_OR_RETURN(ApplicationRow a, repo.Get(application_id));
        if (a.state != ApplicationState::kPublicizing || !a.publicity_start ||
            !a.publicity_end || today < *a.publicity_start ||
            today > *a.publicity_end) {
          return Status::FailedPrecondition("objection.not_in_publicity",
                                            "该申请不在公示期内，不能提出异议");
        }
        store::ObjectionRow o;
        o.application_id = a.id;
        o.round_id = *a.publicity_round_id;
        o.filed_at = now;
        o.name = name;
        o.contact = contact;
        o.content = content;
        o.ip = in.ip;
        ZXKH_ASSIGN_OR_RETURN(int64_t id, repo.InsertObjection(o));
        ZXKH_RETURN_IF_ERROR(NotificationRepository(c).ToRole(
            "CITY",
            Message{"收到公示异议",
                    "公示中的申请（" + a.institution_name +
                        "）收到一件异议，请处理。",
                    LinkOf(a.id)},
            now));
        Caller anyone = Caller::Public();
        anyone.request_id = request_id;
        ZXKH_RETURN_IF_ERROR(AuditService::Record(
            c, anyone, now, "objection.file", "objection", std::to_string(id),
            "对申请 " + std::to_string(a.id) + " 提出异议", a.district_code,
            a.institution_id));
        return id;
      });
}

Result<std::vector<PublicityItem>> RecruitmentService::CurrentPublicity() {
  const std::string today = clock_.Today().ToString();
  return db_.InTransaction(
      Database::Mode::kRead,
      [&](Connection& c) -> Result<std::vector<PublicityItem>> {
        RecruitmentRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(std::vector<ApplicationRow> rows,
                              repo.CurrentPublicity(today));
        std::vector<PublicityItem> out;
        for (auto& a : rows) {
          PublicityItem item;
          ZXKH_ASSIGN_OR_RETURN(item.projects, repo.Projects(a.id));
          item.application = std::move(a);
          out.push_back(std::move(item));
        }
        return out;
      });
}

// ---------------------------------------------------------------------------
// Approval, receipt, report, publication

Result<ApplicationDetail> RecruitmentService::Approve(const Caller& caller,
                                                      int64_t id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {Role::kCity}));
  const int64_t now = clock_.NowUnixMillis();
  const Date today = clock_.Today();
  ZXKH_RETURN_IF_ERROR(
      db_.Transact(Database::Mode::kWrite, [&](Connection& c) -> Status {
        ZXKH_ASSIGN_OR_RETURN(ApplicationRow a, LoadScoped(c, caller, id));
        RecruitmentRepository repo(c);
        Date end = today;
        if (a.publicity_end) {
          ZXKH_ASSIGN_OR_RETURN(end, Date::Parse(*a.publicity_end));
        }
        ZXKH_ASSIGN_OR_RETURN(int open, repo.CountOpenObjections(id));
        ZXKH_RETURN_IF_ERROR(
            domain::CheckCanApprove(a.state, today, end, open));
        InstitutionRepository institutions(c);
        ZXKH_ASSIGN_OR_RETURN(store::InstitutionRow inst,
                              institutions.Get(a.institution_id));
        std::string code;
        if (inst.code) {
          code =
              *inst.code;  // an institution keeps its code for every approval
        } else {
          const char letter = domain::InstitutionTypeLetter(inst.type);
          ZXKH_ASSIGN_OR_RETURN(int serial, institutions.NextCodeSerial(
                                                inst.district_code, letter));
          if (serial > 999) {
            return Status::FailedPrecondition(
                "institution.code_exhausted",
                inst.district_name +
                    "该类型机构代码序号已用完（999），请联系省厅调整编码规则");
          }
          code = FormatInstitutionCode(inst.district_code, letter, serial);
        }
        ZXKH_RETURN_IF_ERROR(institutions.Activate(inst.id, code, now));
        ZXKH_ASSIGN_OR_RETURN(std::vector<store::ProjectRef> projects,
                              repo.Projects(id));
        ZXKH_RETURN_IF_ERROR(
            institutions.AddScope(inst.id, Codes(projects), id, now));
        a.approved_on = today.ToString();
        const ApplicationState from = a.state;
        ZXKH_RETURN_IF_ERROR(Move(c, caller, now, a,
                                  ApplicationState::kApproved, "approve",
                                  "机构代码 " + code));
        NotificationRepository notes(c);
        const Message m{
            "已确定为考核机构",
            a.institution_name +
                "经评估、公示，确定为青岛市专项职业能力考核机构，机构代码 " +
                code + "，可下载回执。",
            LinkOf(id)};
        ZXKH_RETURN_IF_ERROR(notes.ToInstitution(a.institution_id, m, now));
        ZXKH_RETURN_IF_ERROR(notes.ToDistrict(a.district_code, m, now));
        return Audit(c, caller, now, "recruitment.approve", a,
                     Arrow(from, a.state) + "，机构代码 " + code);
      }));
  // The approval stands even if the receipt cannot be rendered now: it is
  // rendered again on first download.
  if (auto receipt = StoreReceipt(id); !receipt.ok()) {
    LogError("recruitment.receipt_failed",
             {{"application_id", id}, {"error", receipt.status().ToString()}});
  }
  return GetApplication(caller, id);
}

Result<std::string> RecruitmentService::RenderReceipt(
    const ApplicationRow& a, const std::vector<store::ProjectRef>& projects) {
  const std::string code = a.institution_code.value_or("");
  ZXKH_ASSIGN_OR_RETURN(
      Date approved,
      Date::Parse(a.approved_on.value_or(clock_.Today().ToString())));
  docs::PageOptions page;
  page.title = "考核机构遴选结果回执";
  docs::PdfDocument doc(page);
  doc.Title("考核机构遴选结果回执");
  doc.Subtitle("机构代码：" + code);
  doc.KeyValues({
      {"机构名称", a.institution_name},
      {"统一社会信用代码", a.credit_code},
      {"机构代码", code},
      {"注册所在地", "青岛市" + a.district_name},
      {"机构类型",
       std::string(domain::InstitutionTypeTitle(a.institution_type))},
      {"确定日期", ChineseDate(approved)},
  });
  doc.Spacer(4);
  docs::TextStyle body;
  body.size_pt = 12;
  body.first_line_indent_em = 2;
  doc.Paragraph(a.institution_name + "：", docs::TextStyle{.size_pt = 12});
  doc.Paragraph(
      "经评估、公示，确定为青岛市专项职业能力考核机构，机构代码为 " + code +
          "。核准的考核项目如下，请在核准范围内开展专项职业能力考核工作。",
      body);
  std::vector<std::vector<std::string>> rows;
  int n = 0;
  for (const auto& p : projects) {
    rows.push_back({std::to_string(++n), p.code, p.name});
  }
  doc.Table({"序号", "项目代码", "项目名称"}, rows, {1, 2, 5});
  doc.Spacer(6);
  ZXKH_ASSIGN_OR_RETURN(
      docs::QrCode qr,
      docs::EncodeQr(options_.public_base_url + "/institutions/" + code));
  doc.Qr(qr, 28, "扫码查询机构公开信息", docs::Align::kRight);
  doc.SignatureBlock("青岛市人力资源和社会保障局", ChineseDate(approved));
  return doc.Render();
}

Result<std::string> RecruitmentService::StoreReceipt(int64_t id) {
  struct Loaded {
    ApplicationRow a;
    std::vector<store::ProjectRef> projects;
  };
  ZXKH_ASSIGN_OR_RETURN(
      Loaded l, db_.InTransaction(Database::Mode::kRead,
                                  [&](Connection& c) -> Result<Loaded> {
                                    RecruitmentRepository repo(c);
                                    Loaded out;
                                    ZXKH_ASSIGN_OR_RETURN(out.a, repo.Get(id));
                                    ZXKH_ASSIGN_OR_RETURN(out.projects,
                                                          repo.Projects(id));
                                    return out;
                                  }));
  ZXKH_ASSIGN_OR_RETURN(std::string pdf, RenderReceipt(l.a, l.projects));
  ZXKH_ASSIGN_OR_RETURN(store::StoredFile stored,
                        files_.PutBytes(pdf, "application/pdf"));
  const int64_t now = clock_.NowUnixMillis();
  ZXKH_RETURN_IF_ERROR(db_.Transact(Database::Mode::kWrite, [&](Connection& c) {
    ZXKH_RETURN_IF_ERROR(store::FileStore::Register(c, stored, now));
    return RecruitmentRepository(c).SetReceipt(id, stored.sha256);
  }));
  return stored.sha256;
}

Result<FileDownload> RecruitmentService::Receipt(const Caller& caller,
                                                 int64_t id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kReaders));
  ZXKH_ASSIGN_OR_RETURN(
      ApplicationRow a,
      db_.InTransaction(Database::Mode::kRead, [&](Connection& c) {
        return LoadScoped(c, caller, id);
      }));
  if (a.state != ApplicationState::kApproved &&
      a.state != ApplicationState::kReported &&
      a.state != ApplicationState::kPublished) {
    return Status::FailedPrecondition(
        "recruitment.no_receipt", "申请尚未确定为考核机构，没有遴选结果回执");
  }
  const std::string name =
      "考核机构遴选结果回执-" + a.institution_code.value_or("") + ".pdf";
  if (a.receipt_sha256) {
    if (auto bytes = files_.Read(*a.receipt_sha256); bytes.ok()) {
      return FileDownload{std::move(bytes).value(), "application/pdf", name};
    }
  }
  ZXKH_ASSIGN_OR_RETURN(std::string sha, StoreReceipt(id));
  ZXKH_ASSIGN_OR_RETURN(std::string bytes, files_.Read(sha));
  return FileDownload{std::move(bytes), "application/pdf", name};
}

Result<ReportView> RecruitmentService::Report(const Caller& caller,
                                              std::vector<int64_t> ids,
                                              std::string note) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {Role::kCity}));
  ZXKH_ASSIGN_OR_RETURN(std::string why,
                        CheckText(note, 0, 500, "recruitment.note_invalid",
                                  "说明不能超过 500 个字符", "note"));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<ReportView> {
        RecruitmentRepository repo(c);
        std::vector<ApplicationRow> apps;
        if (ids.empty()) {
          ZXKH_ASSIGN_OR_RETURN(apps,
                                repo.InState(ApplicationState::kApproved));
        } else {
          for (int64_t id : std::set<int64_t>(ids.begin(), ids.end())) {
            ZXKH_ASSIGN_OR_RETURN(ApplicationRow a, LoadScoped(c, caller, id));
            ZXKH_RETURN_IF_ERROR(domain::CheckCanReport(a.state));
            apps.push_back(std::move(a));
          }
        }
        if (apps.empty()) {
          return Status::FailedPrecondition("recruitment.nothing_to_report",
                                            "没有待报送省厅的已确定考核机构");
        }
        ZXKH_ASSIGN_OR_RETURN(int64_t report_id,
                              repo.InsertReport(caller.user_id, now, why));
        for (ApplicationRow& a : apps) {
          a.report_id = report_id;
          ZXKH_RETURN_IF_ERROR(Move(c, caller, now, a,
                                    ApplicationState::kReported, "report", ""));
          ZXKH_RETURN_IF_ERROR(
              Audit(c, caller, now, "recruitment.report", a,
                    Arrow(ApplicationState::kApproved, a.state) +
                        "（报送批次 " + std::to_string(report_id) + "）"));
        }
        ZXKH_RETURN_IF_ERROR(NotificationRepository(c).ToRole(
            "PROVINCE",
            Message{"青岛市报送考核机构名单，待公布",
                    "青岛市人社局报送了 " + std::to_string(apps.size()) +
                        " 家考核机构，请审核公布。",
                    "/recruitment/reports/" + std::to_string(report_id)},
            now));
        ReportView out;
        ZXKH_ASSIGN_OR_RETURN(out.report, repo.GetReport(report_id));
        ZXKH_ASSIGN_OR_RETURN(out.applications, repo.OfReport(report_id));
        return out;
      });
}

Result<std::vector<ReportView>> RecruitmentService::ListReports(
    const Caller& caller) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {Role::kCity, Role::kProvince}));
  return db_.InTransaction(
      Database::Mode::kRead,
      [&](Connection& c) -> Result<std::vector<ReportView>> {
        RecruitmentRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(std::vector<store::ReportRow> reports,
                              repo.ListReports());
        std::vector<ReportView> out;
        for (auto& r : reports) {
          ReportView v;
          ZXKH_ASSIGN_OR_RETURN(v.applications, repo.OfReport(r.id));
          v.report = std::move(r);
          out.push_back(std::move(v));
        }
        return out;
      });
}

Result<ReportView> RecruitmentService::Publish(const Caller& caller,
                                               int64_t report_id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {Role::kProvince}));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<ReportView> {
        RecruitmentRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(store::ReportRow report,
                              repo.GetReport(report_id));
        if (report.published_at) {
          return Status::FailedPrecondition("recruitment.report_published",
                                            "该批次已公布，不能重复公布");
        }
        ZXKH_ASSIGN_OR_RETURN(std::vector<ApplicationRow> apps,
                              repo.OfReport(report_id));
        InstitutionRepository institutions(c);
        NotificationRepository notes(c);
        for (ApplicationRow& a : apps) {
          ZXKH_RETURN_IF_ERROR(domain::CheckCanPublish(a.state));
          ZXKH_RETURN_IF_ERROR(Move(
              c, caller, now, a, ApplicationState::kPublished, "publish", ""));
          ZXKH_RETURN_IF_ERROR(institutions.MarkListed(a.institution_id, now));
          ZXKH_RETURN_IF_ERROR(notes.ToInstitution(
              a.institution_id,
              Message{"已列入考核机构目录",
                      "省人社厅已公布，贵机构已列入专项职业能力考核机构目录。",
                      LinkOf(a.id)},
              now));
          ZXKH_RETURN_IF_ERROR(
              Audit(c, caller, now, "recruitment.publish", a,
                    Arrow(ApplicationState::kReported, a.state)));
        }
        ZXKH_RETURN_IF_ERROR(
            repo.MarkReportPublished(report_id, caller.user_id, now));
        ZXKH_RETURN_IF_ERROR(notes.ToRole(
            "CITY",
            Message{"省人社厅已公布考核机构名单",
                    "报送批次 " + std::to_string(report_id) + " 的 " +
                        std::to_string(apps.size()) + " 家考核机构已公布。",
                    "/recruitment/reports/" + std::to_string(report_id)},
            now));
        ReportView out;
        ZXKH_ASSIGN_OR_RETURN(out.report, repo.GetReport(report_id));
        ZXKH_ASSIGN_OR_RETURN(out.applications, repo.OfReport(report_id));
        return out;
      });
}

// ---------------------------------------------------------------------------
// Public directory

Result<Page<store::DirectoryEntry>> RecruitmentService::Directory(
    const DirectoryQuery& q) {
  if (!q.status.empty() && q.status != "active" && q.status != "suspended" &&
      q.status != "removed") {
    return Status::InvalidArgument(
        "institution.status_invalid",
        "机构状态应为 active（正常）、suspended（暂停）或 removed（取消）",
        "status");
  }
  store::DirectoryFilter f{q.q, q.district, AsciiUpper(q.project), q.status,
                           q.page};
  return db_.InTransaction(Database::Mode::kRead, [&](Connection& c) {
    return InstitutionRepository(c).Directory(f);
  });
}

Result<store::DirectoryEntry> RecruitmentService::PublicInstitution(
    std::string_view code) {
  ZXKH_RETURN_IF_ERROR(ValidateInstitutionCode(code));
  return db_.InTransaction(
      Database::Mode::kRead,
      [&](Connection& c) -> Result<store::DirectoryEntry> {
        InstitutionRepository repo(c);
        store::DirectoryEntry e;
        ZXKH_ASSIGN_OR_RETURN(e.institution, repo.GetListedByCode(code));
        ZXKH_ASSIGN_OR_RETURN(e.projects,
                              repo.PublishedScope(e.institution.id));
        return e;
      });
}

}  // namespace zxkh::service
