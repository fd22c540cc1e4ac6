#include "service/staff_service.hpp"

#include <map>

#include "common/codes.hpp"
#include "common/password.hpp"
#include "common/text.hpp"
#include "docs/xlsx_writer.hpp"
#include "domain/account.hpp"
#include "service/audit_service.hpp"
#include "service/permissions.hpp"
#include "store/account_repository.hpp"
#include "store/person_repository.hpp"

namespace zxkh::service {

using domain::Role;
using domain::StaffRole;
using store::Connection;
using store::Database;
using store::StaffRepository;
using store::StaffRow;

namespace {

constexpr std::initializer_list<Role> kManagers = {Role::kCity,
                                                   Role::kDistrict};
constexpr std::initializer_list<Role> kReaders = {Role::kProvince, Role::kCity,
                                                  Role::kDistrict};

Status NotFound() {
  return Status::NotFound("staff.not_found", "考评人员不存在");
}

std::string PoolTitle(const std::optional<std::string>& pool) {
  return pool ? "区(市)人员库 " + *pool : "市级人员库";
}

// code → active, for the projects of `quals` found in the catalog.
Result<std::map<std::string, bool>> ProjectStates(
    Connection& c, const std::vector<domain::StaffQualification>& quals) {
  std::map<std::string, bool> out;
  for (const auto& q : quals) {
    ZXKH_ASSIGN_OR_RETURN(
        std::vector<store::Row> rows,
        c.Rows("SELECT status FROM catalog_projects WHERE code = ?",
               {q.project_code}));
    if (!rows.empty()) out[q.project_code] = rows.front().Text(0) == "active";
  }
  return out;
}

Status CheckEmployerInstitution(Connection& c, std::optional<int64_t> id) {
  if (!id) return Status::Ok();
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<store::Row> rows,
      c.Rows("SELECT id FROM institutions WHERE id = ? AND code IS NOT NULL",
             {*id}));
  if (rows.empty()) {
    return Status::InvalidArgument("staff.employer_institution_unknown",
                                   "所选考核机构不存在",
                                   "employer_institution_id");
  }
  return Status::Ok();
}

std::vector<store::QualificationRow> AsRows(
    const std::vector<domain::StaffQualification>& quals) {
  std::vector<store::QualificationRow> out;
  for (const auto& q : quals) out.push_back({q, ""});
  return out;
}

// The checks every write shares: the role may manage some pool, and the
// record's pool is the caller's.
Result<StaffRow> LoadManaged(Connection& c, const domain::Caller& caller,
                             int64_t id) {
  auto row = StaffRepository(c).Get(id);
  if (!row.ok()) return row.status();
  ZXKH_RETURN_IF_ERROR(domain::CheckCanManagePool(caller, row->pool_district));
  return row;
}

store::StaffFilter FilterFor(const domain::Caller& caller,
                             const StaffQuery& q) {
  store::StaffFilter f;
  if (caller.role == Role::kDistrict) {
    f.scope = store::StaffScope::kDistrictAndCity;
    f.scope_district = caller.district_code.value_or("-");
  }
  f.role = q.role;
  f.pool = q.pool;
  f.active = q.active;
  f.project_code = q.project_code;
  f.q = q.q;
  f.page = q.page;
  return f;
}

Status CheckQuery(const StaffQuery& q) {
  if (!q.role.empty() && !domain::ParseStaffRole(q.role)) {
    return Status::InvalidArgument("request.invalid_query",
                                   "未知人员类别：" + q.role, "role");
  }
  return Status::Ok();
}

}  // namespace

StaffService::StaffService(Database& db, const Clock& clock,
                           const PiiCipher& pii)
    : db_(db), clock_(clock), pii_(pii) {}

Result<int64_t> StaffService::Create(const domain::Caller& caller, NewStaff n) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kManagers));
  // The pool first: another district's pool is "not found" before any
  // input rule, so pools cannot be probed.
  const std::optional<std::string> own_pool =
      caller.role == Role::kDistrict ? caller.district_code : std::nullopt;
  if (n.pool_district && n.pool_district->empty()) n.pool_district.reset();
  if (n.pool_district && n.pool_district != own_pool) return NotFound();
  ZXKH_RETURN_IF_ERROR(domain::CheckCanManagePool(caller, own_pool));
  const Date today = clock_.Today();
  ZXKH_RETURN_IF_ERROR(domain::ValidateStaffDraft(n.draft, today));
  n.username = std::string(TrimSpace(n.username));
  ZXKH_RETURN_IF_ERROR(domain::ValidateUsername(n.username));
  ZXKH_RETURN_IF_ERROR(
      domain::ValidatePassword(n.initial_password, n.username));
  ZXKH_ASSIGN_OR_RETURN(std::string hash, HashPassword(n.initial_password));
  const domain::StaffDraft& d = n.draft;
  const std::string id_hash = pii_.LookupHash(d.id_number);
  const std::string id_cipher = pii_.Encrypt(d.id_number);
  const std::optional<Date> birth = domain::BirthDateOf(d);
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<int64_t> {
        ZXKH_ASSIGN_OR_RETURN(auto states, ProjectStates(c, d.qualifications));
        ZXKH_RETURN_IF_ERROR(
            domain::CheckQualificationProjects(d.qualifications, states));
        ZXKH_RETURN_IF_ERROR(
            CheckEmployerInstitution(c, d.employer_institution_id));
        const Role account_role = domain::AccountRoleOf(d.role);
        ZXKH_RETURN_IF_ERROR(domain::CheckCanCreate(
            caller, domain::AccountScope{account_role, own_pool, std::nullopt,
                                         std::nullopt}));
        store::PersonRepository persons(c);
        ZXKH_ASSIGN_OR_RETURN(auto person, persons.FindByIdHash(id_hash));
        int64_t person_id = 0;
        if (person) {
          if (person->name != d.name) {
            return Status::InvalidArgument(
                "staff.person_mismatch",
                "该证件号码已登记，但姓名与登记信息不一致", "name");
          }
          person_id = person->id;
        } else {
          store::PersonRow p;
          p.name = d.name;
          p.id_type = std::string(domain::IdTypeName(d.id_type));
          p.id_hash = id_hash;
          p.id_cipher = id_cipher;
          p.id_masked = MaskIdNumber(d.id_number);
          if (birth) p.birth_date = birth->ToString();
          p.phone = d.phone;
          p.employer = d.employer;
          p.created_at = now;
          ZXKH_ASSIGN_OR_RETURN(person_id, persons.Insert(p));
        }
        StaffRepository staff(c);
        ZXKH_ASSIGN_OR_RETURN(auto dup,
                              staff.FindDuplicate(person_id, d.role, own_pool));
        if (dup) {
          return Status::AlreadyExists(
              "staff.duplicate",
              "该人员已作为" + std::string(domain::StaffRoleTitle(d.role)) +
                  "登记在本人员库中",
              "id_number");
        }
        domain::Account a;
        a.username = n.username;
        a.display_name = d.name;
        a.password_hash = hash;
        a.role = account_role;
        a.district_code = own_pool;
        a.person_id = person_id;
        a.must_change_password = true;
        a.created_by = caller.user_id;
        a.created_at = a.updated_at = now;
        ZXKH_ASSIGN_OR_RETURN(int64_t user_id,
                              store::AccountRepository(c).Insert(a));
        StaffRow s;
        s.person_id = person_id;
        s.role = d.role;
        s.pool_district = own_pool;
        s.employer = d.employer;
        s.employer_institution_id = d.employer_institution_id;
        s.external = d.external;
        s.active = true;
        s.user_id = user_id;
        s.note = d.note;
        s.created_by = caller.user_id;
        s.created_at = s.updated_at = now;
        s.qualifications = AsRows(d.qualifications);
        ZXKH_ASSIGN_OR_RETURN(int64_t id, staff.Insert(s));
        ZXKH_RETURN_IF_ERROR(AuditService::Record(
            c, caller, now, "staff.create", "staff", std::to_string(id),
            "登记" + std::string(domain::StaffRoleTitle(d.role)) + "（" +
                PoolTitle(own_pool) + "，账号 " + std::to_string(user_id) +
                "）",
            own_pool));
        return id;
      });
}

Status StaffService::Update(const domain::Caller& caller, int64_t id,
                            StaffChange ch) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kManagers));
  const Date today = clock_.Today();
  const int64_t now = clock_.NowUnixMillis();
  return db_.Transact(Database::Mode::kWrite, [&](Connection& c) -> Status {
    // Scope before input rules: a foreign id is "not found" whatever it says.
    ZXKH_ASSIGN_OR_RETURN(StaffRow row, LoadManaged(c, caller, id));
    domain::StaffDraft d;
    d.name = ch.name;
    d.phone = ch.phone;
    d.role = row.role;
    d.employer = ch.employer;
    d.employer_institution_id = ch.employer_institution_id;
    d.external = ch.external;
    d.qualifications = ch.qualifications;
    d.note = ch.note;
    ZXKH_RETURN_IF_ERROR(domain::ValidateStaffDetails(d, today));
    ZXKH_ASSIGN_OR_RETURN(auto states, ProjectStates(c, d.qualifications));
    ZXKH_RETURN_IF_ERROR(
        domain::CheckQualificationProjects(d.qualifications, states));
    ZXKH_RETURN_IF_ERROR(
        CheckEmployerInstitution(c, d.employer_institution_id));
    StaffRepository staff(c);
    row.employer = d.employer;
    row.employer_institution_id = d.employer_institution_id;
    row.external = d.external;
    row.note = d.note;
    row.updated_at = now;
    row.qualifications = AsRows(d.qualifications);
    ZXKH_RETURN_IF_ERROR(staff.Update(row));
    ZXKH_RETURN_IF_ERROR(staff.UpdatePerson(row.person_id, d.name, d.phone));
    store::AccountRepository accounts(c);
    ZXKH_ASSIGN_OR_RETURN(store::AccountRow account, accounts.Get(row.user_id));
    if (account.account.display_name != d.name) {
      account.account.display_name = d.name;
      account.account.updated_at = now;
      ZXKH_RETURN_IF_ERROR(accounts.Update(account.account));
    }
    return AuditService::Record(
        c, caller, now, "staff.update", "staff", std::to_string(id),
        "修改" + std::string(domain::StaffRoleTitle(row.role)) + "信息（资格 " +
            std::to_string(d.qualifications.size()) + " 项）",
        row.pool_district);
  });
}

Status StaffService::SetActive(const domain::Caller& caller, int64_t id,
                               bool active) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kManagers));
  const int64_t now = clock_.NowUnixMillis();
  return db_.Transact(Database::Mode::kWrite, [&](Connection& c) -> Status {
    ZXKH_ASSIGN_OR_RETURN(StaffRow row, LoadManaged(c, caller, id));
    ZXKH_RETURN_IF_ERROR(domain::CheckCanSetActive(row.active, active));
    row.active = active;
    row.updated_at = now;
    // Update rewrites the qualifications: keep them as they are.
    ZXKH_RETURN_IF_ERROR(StaffRepository(c).Update(row));
    store::AccountRepository accounts(c);
    ZXKH_ASSIGN_OR_RETURN(store::AccountRow account, accounts.Get(row.user_id));
    account.account.disabled = !active;
    account.account.updated_at = now;
    ZXKH_RETURN_IF_ERROR(accounts.Update(account.account));
    if (!active) ZXKH_RETURN_IF_ERROR(accounts.RevokeSessionsOf(row.user_id));
    return AuditService::Record(
        c, caller, now, active ? "staff.reactivate" : "staff.deactivate",
        "staff", std::to_string(id),
        std::string(active ? "恢复" : "停用") +
            std::string(domain::StaffRoleTitle(row.role)) + "（账号 " +
            std::to_string(row.user_id) + (active ? " 启用）" : " 停用）"),
        row.pool_district);
  });
}

Result<StaffRow> StaffService::Get(const domain::Caller& caller, int64_t id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kReaders));
  return db_.InTransaction(
      Database::Mode::kRead, [&](Connection& c) -> Result<StaffRow> {
        auto row = StaffRepository(c).Get(id);
        if (!row.ok()) return row.status();
        if (!domain::CanReadPool(caller, row->pool_district)) return NotFound();
        return row;
      });
}

Result<Page<StaffRow>> StaffService::List(const domain::Caller& caller,
                                          StaffQuery q) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kReaders));
  ZXKH_RETURN_IF_ERROR(CheckQuery(q));
  const store::StaffFilter f = FilterFor(caller, q);
  return db_.InTransaction(Database::Mode::kRead, [&](Connection& c) {
    return StaffRepository(c).List(f);
  });
}

Result<std::string> StaffService::ExportXlsx(const domain::Caller& caller,
                                             StaffQuery q) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kReaders));
  ZXKH_RETURN_IF_ERROR(CheckQuery(q));
  store::StaffFilter f = FilterFor(caller, q);
  f.page = PageRequest{1, 100000};
  ZXKH_ASSIGN_OR_RETURN(
      Page<StaffRow> page,
      db_.InTransaction(Database::Mode::kRead, [&](Connection& c) {
        return StaffRepository(c).List(f);
      }));
  docs::Sheet sheet;
  sheet.name = "考评人员库";
  sheet.header = {"姓名",       "证件号码", "手机号",       "类别",
                  "所属人员库", "工作单位", "所在考核机构", "外部督导",
                  "考评资格",   "状态",     "登录账号"};
  for (const StaffRow& s : page.items) {
    std::string quals;
    for (const auto& q : s.qualifications) {
      if (!quals.empty()) quals += "；";
      quals += q.qualification.project_code + " " + q.project_name;
      if (q.qualification.valid_until) {
        quals += "（至 " + q.qualification.valid_until->ToString() + "）";
      }
    }
    sheet.rows.push_back(
        {s.name, s.id_masked, s.phone,
         std::string(domain::StaffRoleTitle(s.role)), s.pool_name, s.employer,
         s.employer_institution_name.value_or(""),
         s.role == StaffRole::kSupervisor ? (s.external ? "是" : "否") : "",
         quals, s.active ? "在库" : "停用", s.username});
  }
  return docs::WriteXlsx({sheet});
}

Result<std::vector<EmployerInstitution>> StaffService::EmployerInstitutions(
    const domain::Caller& caller) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kReaders));
  return db_.InTransaction(
      Database::Mode::kRead,
      [&](Connection& c) -> Result<std::vector<EmployerInstitution>> {
        ZXKH_ASSIGN_OR_RETURN(
            std::vector<store::Row> rows,
            c.Rows("SELECT id, code, name, district_code FROM institutions "
                   "WHERE code IS NOT NULL ORDER BY code",
                   {}));
        std::vector<EmployerInstitution> out;
        for (const store::Row& r : rows) {
          out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3)});
        }
        return out;
      });
}

Result<std::vector<StaffCandidate>> StaffService::EligibleStaff(
    const domain::Caller& caller, const std::string& project_code,
    StaffRole role, int64_t institution_id, std::optional<Date> exam_date) {
  ZXKH_RETURN_IF_ERROR(RequireRole(
      caller, {Role::kProvince, Role::kCity, Role::kDistrict,
               Role::kInstitutionAdmin, Role::kInstitutionOperator}));
  const Date on = exam_date.value_or(clock_.Today());
  return db_.InTransaction(
      Database::Mode::kRead,
      [&](Connection& c) -> Result<std::vector<StaffCandidate>> {
        ZXKH_ASSIGN_OR_RETURN(
            std::vector<store::Row> inst,
            c.Rows("SELECT district_code FROM institutions WHERE id = ?",
                   {institution_id}));
        const Status not_found =
            Status::NotFound("staff.institution_not_found", "考核机构不存在");
        if (inst.empty()) return not_found;
        const std::string district = inst.front().Text(0);
        const bool in_scope = caller.role == Role::kProvince ||
                              caller.role == Role::kCity ||
                              (caller.role == Role::kDistrict &&
                               caller.district_code == district) ||
                              caller.institution_id == institution_id;
        if (!in_scope) return not_found;
        ZXKH_ASSIGN_OR_RETURN(
            auto states,
            ProjectStates(c, {domain::StaffQualification{project_code, "",
                                                         std::nullopt}}));
        Status project = domain::CheckQualificationProjects(
            {domain::StaffQualification{project_code, "", std::nullopt}},
            states);
        if (!project.ok()) {
          return Status::InvalidArgument(project.code(), project.message(),
                                         "project");
        }
        ZXKH_ASSIGN_OR_RETURN(
            std::vector<StaffRow> rows,
            StaffRepository(c).ActiveForDistrict(role, district));
        std::vector<StaffCandidate> out;
        for (const StaffRow& s : rows) {
          domain::StaffEligibilityFacts facts;
          facts.role = s.role;
          facts.active = s.active;
          facts.employer_institution_id = s.employer_institution_id;
          for (const auto& q : s.qualifications) {
            facts.qualifications.push_back(q.qualification);
          }
          if (!domain::IsEligible(facts, project_code, institution_id, on)) {
            continue;
          }
          StaffCandidate cand;
          cand.staff_id = s.id;
          cand.person_id = s.person_id;
          cand.name = s.name;
          cand.role = s.role;
          cand.employer = s.employer;
          cand.employer_institution_id = s.employer_institution_id;
          cand.external = s.external;
          cand.pool_district = s.pool_district;
          cand.pool_name = s.pool_name;
          for (const auto& q : s.qualifications) {
            if (q.qualification.project_code == project_code) {
              cand.qualifications.push_back(q);
            }
          }
          out.push_back(std::move(cand));
        }
        return out;
      });
}

}  // namespace zxkh::service
