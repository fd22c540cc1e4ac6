#include "service/account_service.hpp"

#include "common/password.hpp"
#include "common/text.hpp"
#include "service/audit_service.hpp"
#include "service/permissions.hpp"
#include "store/region_repository.hpp"

namespace zxkh::service {

using domain::Role;
using store::AccountRepository;
using store::AccountRow;
using store::Connection;
using store::Database;

namespace {

bool IsStaff(Role r) {
  return r == Role::kExaminer || r == Role::kProctor || r == Role::kSupervisor;
}

constexpr std::initializer_list<Role> kAdministrators = {
    Role::kProvince, Role::kCity, Role::kDistrict, Role::kInstitutionAdmin};

// The district an account's records belong to, for the operation log.
std::optional<std::string> DistrictOf(const AccountRow& r) {
  return r.account.district_code ? r.account.district_code
                                 : r.institution_district;
}

}  // namespace

AccountService::AccountService(Database& db, const Clock& clock)
    : db_(db), clock_(clock) {}

Result<int64_t> AccountService::Create(const domain::Caller& caller,
                                       NewAccount n) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kAdministrators));
  n.username = std::string(TrimSpace(n.username));
  n.display_name = std::string(TrimSpace(n.display_name));
  ZXKH_RETURN_IF_ERROR(domain::ValidateUsername(n.username));
  if (Utf8Length(n.display_name) < 2 || Utf8Length(n.display_name) > 40) {
    return Status::InvalidArgument("account.display_name_invalid",
                                   "姓名或单位名称应为 2 至 40 个字符",
                                   "display_name");
  }
  if (n.phone) ZXKH_RETURN_IF_ERROR(domain::ValidatePhone(*n.phone));
  ZXKH_RETURN_IF_ERROR(
      domain::ValidatePassword(n.initial_password, n.username));
  // An institution administrator creates operators of its own institution.
  if (caller.role == Role::kInstitutionAdmin && !n.institution_id) {
    n.institution_id = caller.institution_id;
  }
  // Bindings the role does not use are dropped, never trusted.
  if (n.role != Role::kDistrict) n.district_code.reset();
  if (n.role != Role::kInstitutionAdmin &&
      n.role != Role::kInstitutionOperator) {
    n.institution_id.reset();
  }
  ZXKH_ASSIGN_OR_RETURN(std::string hash, HashPassword(n.initial_password));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<int64_t> {
        domain::AccountScope scope{n.role, n.district_code, n.institution_id,
                                   std::nullopt};
        if (n.institution_id) {
          // The institution must exist; its district decides the scope check.
          ZXKH_ASSIGN_OR_RETURN(
              std::vector<store::Row> rows,
              c.Rows("SELECT district_code FROM institutions WHERE id = ?",
                     {*n.institution_id}));
          if (rows.empty()) {
            return Status::NotFound("account.scope_not_found",
                                    "所属考核机构不存在");
          }
          scope.institution_district = rows.front().Text(0);
        }
        if (n.district_code) {
          auto region = store::RegionRepository(c).Get(*n.district_code);
          if (!region.ok() || region->level != domain::RegionLevel::kDistrict) {
            return Status::InvalidArgument("account.district_invalid",
                                           "所属区(市)不存在", "district_code");
          }
        }
        ZXKH_RETURN_IF_ERROR(domain::CheckCanCreate(caller, scope));
        domain::Account a;
        a.username = n.username;
        a.phone = n.phone;
        a.display_name = n.display_name;
        a.password_hash = hash;
        a.role = n.role;
        // Staff created by a district belong to that district's pool.
        a.district_code = IsStaff(n.role) && caller.role == Role::kDistrict
                              ? caller.district_code
                              : n.district_code;
        a.institution_id = n.institution_id;
        a.must_change_password = true;
        a.created_by = caller.user_id;
        a.created_at = a.updated_at = now;
        ZXKH_ASSIGN_OR_RETURN(int64_t id, AccountRepository(c).Insert(a));
        ZXKH_RETURN_IF_ERROR(AuditService::Record(
            c, caller, now, "account.create", "user", std::to_string(id),
            // The user name may be a phone number: ids only in the chain.
            "创建账号（" + std::string(domain::RoleTitle(n.role)) + "）",
            a.district_code ? a.district_code : scope.institution_district,
            a.institution_id));
        return id;
      });
}

Result<Page<AccountRow>> AccountService::List(const domain::Caller& caller,
                                              AccountQuery q) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kAdministrators));
  store::AccountFilter f;
  f.q = q.q;
  f.role = q.role;
  f.page = q.page;
  switch (caller.role) {
    case Role::kProvince:
      f.scope = store::AccountScopeKind::kProvince;
      break;
    case Role::kCity:
      f.scope = store::AccountScopeKind::kCity;
      break;
    case Role::kDistrict:
      f.scope = store::AccountScopeKind::kDistrict;
      f.scope_district = caller.district_code.value_or("-");
      break;
    default:
      f.scope = store::AccountScopeKind::kInstitution;
      f.scope_institution = caller.institution_id.value_or(-1);
      break;
  }
  return db_.InTransaction(Database::Mode::kRead, [&](Connection& c) {
    return AccountRepository(c).List(f);
  });
}

Result<AccountRow> AccountService::LoadManaged(Connection& c,
                                               const domain::Caller& caller,
                                               int64_t id) {
  auto row = AccountRepository(c).Get(id);
  if (!row.ok()) return row.status();
  ZXKH_RETURN_IF_ERROR(
      domain::CheckCanManage(caller, row->account, row->institution_district));
  return row;
}

Result<AccountRow> AccountService::Get(const domain::Caller& caller,
                                       int64_t id) {
  return db_.InTransaction(
      Database::Mode::kRead, [&](Connection& c) -> Result<AccountRow> {
        auto row = AccountRepository(c).Get(id);
        if (!row.ok()) return row.status();
        if (!domain::CanSeeAccount(caller, row->account,
                                   row->institution_district)) {
          return Status::NotFound("account.not_found", "账号不存在");
        }
        return row;
      });
}

Status AccountService::ResetPassword(const domain::Caller& caller, int64_t id,
                                     std::string_view new_password) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kAdministrators));
  // Scope first, so that a foreign id is "not found" before any password rule.
  ZXKH_ASSIGN_OR_RETURN(
      AccountRow target,
      db_.InTransaction(Database::Mode::kRead, [&](Connection& c) {
        return LoadManaged(c, caller, id);
      }));
  ZXKH_RETURN_IF_ERROR(
      domain::ValidatePassword(new_password, target.account.username));
  ZXKH_ASSIGN_OR_RETURN(std::string hash, HashPassword(new_password));
  const int64_t now = clock_.NowUnixMillis();
  return db_.Transact(Database::Mode::kWrite, [&](Connection& c) -> Status {
    ZXKH_ASSIGN_OR_RETURN(AccountRow row, LoadManaged(c, caller, id));
    row.account.password_hash = hash;
    row.account.must_change_password = true;
    row.account.failed_logins = 0;
    row.account.locked_until = 0;
    row.account.updated_at = now;
    AccountRepository repo(c);
    ZXKH_RETURN_IF_ERROR(repo.Update(row.account));
    ZXKH_RETURN_IF_ERROR(repo.RevokeSessionsOf(id));
    return AuditService::Record(c, caller, now, "account.reset_password",
                                "user", std::to_string(id),
                                "重置密码，下次登录须修改", DistrictOf(row),
                                row.account.institution_id);
  });
}

Status AccountService::SetDisabled(const domain::Caller& caller, int64_t id,
                                   bool disabled) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, kAdministrators));
  const int64_t now = clock_.NowUnixMillis();
  return db_.Transact(Database::Mode::kWrite, [&](Connection& c) -> Status {
    ZXKH_ASSIGN_OR_RETURN(AccountRow row, LoadManaged(c, caller, id));
    if (row.account.disabled == disabled) {
      return Status::FailedPrecondition(
          "account.state_unchanged",
          disabled ? "账号已处于停用状态" : "账号已处于启用状态");
    }
    row.account.disabled = disabled;
    row.account.updated_at = now;
    AccountRepository repo(c);
    ZXKH_RETURN_IF_ERROR(repo.Update(row.account));
    if (disabled) ZXKH_RETURN_IF_ERROR(repo.RevokeSessionsOf(id));
    return AuditService::Record(
        c, caller, now, disabled ? "account.disable" : "account.enable", "user",
        std::to_string(id), disabled ? "停用账号" : "启用账号", DistrictOf(row),
        row.account.institution_id);
  });
}

}  // namespace zxkh::service
