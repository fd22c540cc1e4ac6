#include "service/staff_service.hpp"

#include <map>
#include <set>

#include "common/codes.hpp"
#include "common/password.hpp"
#include "common/text.hpp"
#include "docs/tabular.hpp"
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

// The input rules of a new record (no database needed).
Status ValidateNew(NewStaff& n, Date today) {
  ZXKH_RETURN_IF_ERROR(domain::ValidateStaffDraft(n.draft, today));
  n.username = std::string(TrimSpace(n.username));
  ZXKH_RETURN_IF_ERROR(domain::ValidateUsername(n.username));
  return domain::ValidatePassword(n.initial_password, n.username);
}

// Writes one validated new record with its person and account. Every check
// reads before anything is written, so a refusal leaves the transaction
// usable (an import goes on with the next row).
Result<int64_t> CreateIn(Connection& c, const domain::Caller& caller,
                         const std::optional<std::string>& pool,
                         const NewStaff& n, const std::string& password_hash,
                         const PiiCipher& pii, int64_t now) {
  const domain::StaffDraft& d = n.draft;
  ZXKH_ASSIGN_OR_RETURN(auto states, ProjectStates(c, d.qualifications));
  ZXKH_RETURN_IF_ERROR(
      domain::CheckQualificationProjects(d.qualifications, states));
  ZXKH_RETURN_IF_ERROR(CheckEmployerInstitution(c, d.employer_institution_id));
  const Role account_role = domain::AccountRoleOf(d.role);
  ZXKH_RETURN_IF_ERROR(domain::CheckCanCreate(
      caller,
      domain::AccountScope{account_role, pool, std::nullopt, std::nullopt}));
  const std::string id_hash = pii.LookupHash(d.id_number);
  store::PersonRepository persons(c);
  StaffRepository staff(c);
  ZXKH_ASSIGN_OR_RETURN(auto person, persons.FindByIdHash(id_hash));
  if (person) {
    if (person->name != d.name) {
      return Status::InvalidArgument("staff.person_mismatch",
                                     "该证件号码已登记，但姓名与登记信息不一致",
                                     "name");
    }
    ZXKH_ASSIGN_OR_RETURN(auto dup,
                          staff.FindDuplicate(person->id, d.role, pool));
    if (dup) {
      return Status::AlreadyExists(
          "staff.duplicate",
          "该人员已作为" + std::string(domain::StaffRoleTitle(d.role)) +
              "登记在本人员库中",
          "id_number");
    }
  }
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<store::Row> taken,
      c.Rows("SELECT id FROM users WHERE username = ?", {n.username}));
  if (!taken.empty()) {
    return Status::AlreadyExists("account.username_taken",
                                 "用户名 " + n.username + " 已被使用",
                                 "username");
  }
  int64_t person_id = 0;
  if (person) {
    person_id = person->id;
  } else {
    store::PersonRow p;
    p.name = d.name;
    p.id_type = std::string(domain::IdTypeName(d.id_type));
    p.id_hash = id_hash;
    p.id_cipher = pii.Encrypt(d.id_number);
    p.id_masked = MaskIdNumber(d.id_number);
    if (auto birth = domain::BirthDateOf(d)) p.birth_date = birth->ToString();
    p.phone = d.phone;
    p.employer = d.employer;
    p.created_at = now;
    ZXKH_ASSIGN_OR_RETURN(person_id, persons.Insert(p));
  }
  domain::Account a;
  a.username = n.username;
  a.display_name = d.name;
  a.password_hash = password_hash;
  a.role = account_role;
  a.district_code = pool;
  a.person_id = person_id;
  a.must_change_password = true;
  a.created_by = caller.user_id;
  a.created_at = a.updated_at = now;
  ZXKH_ASSIGN_OR_RETURN(int64_t user_id, store::AccountRepository(c).Insert(a));
  StaffRow s;
  s.person_id = person_id;
  s.role = d.role;
  s.pool_district = pool;
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
          PoolTitle(pool) + "，账号 " + std::to_string(user_id) + "）",
      pool));
  return id;
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
  ZXKH_RETURN_IF_ERROR(ValidateNew(n, clock_.Today()));
  ZXKH_ASSIGN_OR_RETURN(std::string hash, HashPassword(n.initial_password));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<int64_t> {
        return CreateIn(c, caller, own_pool, n, hash, pii_, now);
      });
}

namespace {

// Import columns: field → accepted header titles (the first is canonical).
const std::vector<std::pair<std::string, std::vector<std::string>>>
    kImportColumns = {
        {"role", {"类别", "人员类别"}},
        {"name", {"姓名"}},
        {"id_type", {"证件类型"}},
        {"id_number", {"证件号码", "身份证号码", "身份证号"}},
        {"birth_date", {"出生日期"}},
        {"phone", {"手机号", "手机号码"}},
        {"employer", {"工作单位"}},
        {"employer_institution_id", {"所在考核机构代码", "考核机构代码"}},
        {"external", {"外部督导"}},
        {"qualifications", {"考评资格", "考评资格项目代码"}},
        {"certificate", {"资格证书", "证书说明"}},
        {"valid_until", {"资格有效期至", "有效期至"}},
        {"note", {"备注"}},
        {"username", {"登录账号", "用户名"}},
        {"password", {"初始密码"}},
};

constexpr int kMaxImportRows = 500;

std::string ColumnTitle(const std::string& field) {
  for (const auto& [f, titles] : kImportColumns) {
    if (f == field) return titles.front();
  }
  return "";
}

std::optional<StaffRole> ParseRoleCell(std::string_view s) {
  if (s == "考评员") return StaffRole::kExaminer;
  if (s == "监考人员" || s == "监考员") return StaffRole::kProctor;
  if (s == "督导员") return StaffRole::kSupervisor;
  return domain::ParseStaffRole(s);
}

// The project codes of a cell: separated by 、，,；; or white space.
std::vector<std::string> SplitCodes(const std::string& cell) {
  std::string s = cell;
  for (const char* sep : {"、", "，", "；"}) {
    for (std::size_t at; (at = s.find(sep)) != std::string::npos;) {
      s.replace(at, std::string_view(sep).size(), " ");
    }
  }
  std::vector<std::string> out;
  std::string cur;
  for (char ch : s + " ") {
    if (ch == ',' || ch == ';' || ch == ' ' || ch == '\t') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += ch;
    }
  }
  return out;
}

}  // namespace

Result<ImportReport> StaffService::Import(const domain::Caller& caller,
                                          std::string_view file_bytes) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kManagers));
  const std::optional<std::string> pool =
      caller.role == Role::kDistrict ? caller.district_code : std::nullopt;
  ZXKH_RETURN_IF_ERROR(domain::CheckCanManagePool(caller, pool));
  ZXKH_ASSIGN_OR_RETURN(docs::Table table, docs::ReadTable(file_bytes));
  std::map<std::string, std::size_t> column_of;
  for (std::size_t i = 0; i < table.header.size(); ++i) {
    for (const auto& [field, titles] : kImportColumns) {
      for (const auto& t : titles) {
        if (table.header[i] == t) column_of.emplace(field, i);
      }
    }
  }
  for (const char* required : {"role", "name", "id_number", "phone", "employer",
                               "username", "password"}) {
    if (!column_of.count(required)) {
      return Status::InvalidArgument(
          "import.missing_column",
          "表头缺少「" + ColumnTitle(required) + "」列", "file");
    }
  }
  auto cell = [&](const std::vector<std::string>& row,
                  const char* field) -> std::string {
    auto it = column_of.find(field);
    if (it == column_of.end() || it->second >= row.size()) return {};
    return row[it->second];
  };

  struct Parsed {
    int row = 0;
    NewStaff n;
    std::string institution_code;
    std::string hash;
  };
  ImportReport report;
  std::vector<Parsed> valid;
  std::map<std::string, int> seen_person;    // role + ID → row
  std::map<std::string, int> seen_username;  // user name → row
  const Date today = clock_.Today();
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    const auto& row = table.rows[i];
    bool blank = true;
    for (const auto& c : row) blank = blank && c.empty();
    if (blank) continue;
    const int row_number = table.row_numbers[i];
    if (++report.rows > kMaxImportRows) {
      return Status::InvalidArgument(
          "import.too_many_rows",
          "一次最多导入 " + std::to_string(kMaxImportRows) + " 行", "file");
    }
    auto fail = [&](const std::string& field, const std::string& message) {
      report.errors.push_back({row_number, ColumnTitle(field), message});
    };
    Parsed p;
    p.row = row_number;
    auto role = ParseRoleCell(cell(row, "role"));
    if (!role) {
      fail("role", "类别应为 考评员、监考人员 或 督导员");
      continue;
    }
    domain::StaffDraft& d = p.n.draft;
    d.role = *role;
    d.name = cell(row, "name");
    const std::string id_type = cell(row, "id_type");
    if (id_type.empty() || id_type == "居民身份证" || id_type == "身份证") {
      d.id_type = domain::IdType::kResidentId;
    } else if (id_type == "其他证件" || id_type == "其他" ||
               id_type == "other") {
      d.id_type = domain::IdType::kOther;
    } else {
      fail("id_type", "证件类型应为 居民身份证 或 其他证件");
      continue;
    }
    d.id_number = cell(row, "id_number");
    if (const std::string b = cell(row, "birth_date"); !b.empty()) {
      auto date = Date::Parse(b);
      if (!date.ok()) {
        fail("birth_date", "出生日期应为 YYYY-MM-DD");
        continue;
      }
      d.birth_date = *date;
    }
    d.phone = cell(row, "phone");
    d.employer = cell(row, "employer");
    p.institution_code =
        AsciiUpper(TrimSpace(cell(row, "employer_institution_id")));
    const std::string external = cell(row, "external");
    if (external == "是") {
      d.external = true;
    } else if (!external.empty() && external != "否") {
      fail("external", "外部督导应填 是 或 否");
      continue;
    }
    std::optional<Date> until;
    if (const std::string u = cell(row, "valid_until"); !u.empty()) {
      auto date = Date::Parse(u);
      if (!date.ok()) {
        fail("valid_until", "资格有效期至应为 YYYY-MM-DD");
        continue;
      }
      until = *date;
    }
    for (const std::string& code : SplitCodes(cell(row, "qualifications"))) {
      d.qualifications.push_back({code, cell(row, "certificate"), until});
    }
    d.note = cell(row, "note");
    p.n.username = cell(row, "username");
    p.n.initial_password = cell(row, "password");
    if (Status st = ValidateNew(p.n, today); !st.ok()) {
      fail(st.field(), st.message());
      continue;
    }
    const std::string person_key =
        std::string(domain::StaffRoleName(d.role)) + "/" + d.id_number;
    if (auto [it, fresh] = seen_person.emplace(person_key, row_number);
        !fresh) {
      fail("id_number",
           "与第 " + std::to_string(it->second) + " 行是同一人员、同一类别");
      continue;
    }
    if (auto [it, fresh] = seen_username.emplace(p.n.username, row_number);
        !fresh) {
      fail("username",
           "登录账号与第 " + std::to_string(it->second) + " 行重复");
      continue;
    }
    valid.push_back(std::move(p));
  }
  // argon2id outside the transaction (about 0.1 s each).
  for (Parsed& p : valid) {
    ZXKH_ASSIGN_OR_RETURN(p.hash, HashPassword(p.n.initial_password));
  }
  const int64_t now = clock_.NowUnixMillis();
  const std::vector<ImportRowError> input_errors = report.errors;
  ZXKH_RETURN_IF_ERROR(
      db_.Transact(Database::Mode::kWrite, [&](Connection& c) -> Status {
        // A retried transaction starts the count again.
        report.created = report.unchanged = 0;
        report.errors = input_errors;
        for (Parsed& p : valid) {
          p.n.draft.employer_institution_id.reset();
          if (!p.institution_code.empty()) {
            ZXKH_ASSIGN_OR_RETURN(
                std::vector<store::Row> inst,
                c.Rows("SELECT id FROM institutions WHERE code = ?",
                       {p.institution_code}));
            if (inst.empty()) {
              report.errors.push_back(
                  {p.row, ColumnTitle("employer_institution_id"),
                   "考核机构代码 " + p.institution_code + " 不存在"});
              continue;
            }
            p.n.draft.employer_institution_id = inst.front().Int(0);
          }
          auto id = CreateIn(c, caller, pool, p.n, p.hash, pii_, now);
          if (id.ok()) {
            ++report.created;
            continue;
          }
          const Status& st = id.status();
          if (st.code() == "staff.duplicate") {
            ++report.unchanged;
          } else if (st.status_code() == StatusCode::kInvalidArgument ||
                     st.status_code() == StatusCode::kAlreadyExists) {
            report.errors.push_back(
                {p.row, ColumnTitle(st.field()), st.message()});
          } else {
            return st;
          }
        }
        return Status::Ok();
      }));
  std::sort(report.errors.begin(), report.errors.end(),
            [](const ImportRowError& a, const ImportRowError& b) {
              return a.row < b.row;
            });
  return report;
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
