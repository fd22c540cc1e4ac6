#include "domain/account.hpp"

#include "common/clock.hpp"
#include "common/text.hpp"

namespace zxkh::domain {
namespace {

bool IsStaff(Role r) {
  return r == Role::kExaminer || r == Role::kProctor || r == Role::kSupervisor;
}

bool IsInstitutionRole(Role r) {
  return r == Role::kInstitutionAdmin || r == Role::kInstitutionOperator;
}

// "YYYY-MM-DD HH:MM" of a Unix ms instant in China Standard Time.
std::string LocalTime(int64_t ms) {
  std::string iso = Clock::FormatIso(ms);  // 2026-11-27T09:00:00.000+08:00
  iso[10] = ' ';
  return iso.substr(0, 16);
}

Status RoleNotAllowed() {
  return Status::PermissionDenied("account.role_not_allowed",
                                  "无权创建该角色的账号");
}

Status ScopeNotFound() {
  return Status::NotFound("account.scope_not_found", "所属单位不存在");
}

Status AccountNotFound() {
  return Status::NotFound("account.not_found", "账号不存在");
}

}  // namespace

Caller CallerOf(const Account& a, std::string request_id) {
  Caller c;
  c.role = a.role;
  c.user_id = a.id;
  c.district_code = a.district_code;
  c.institution_id = a.institution_id;
  c.request_id = std::move(request_id);
  return c;
}

Status ValidatePassword(std::string_view password, std::string_view username) {
  if (Utf8Length(password) < static_cast<std::size_t>(kMinPasswordLength)) {
    return Status::InvalidArgument("auth.password_weak",
                                   "密码至少需要 10 个字符", "password");
  }
  if (password.size() > 128) {
    return Status::InvalidArgument("auth.password_weak",
                                   "密码不能超过 128 个字符", "password");
  }
  if (AsciiUpper(password) == AsciiUpper(username)) {
    return Status::InvalidArgument("auth.password_weak", "密码不能与用户名相同",
                                   "password");
  }
  if (password.find_first_not_of(password.front()) == std::string_view::npos) {
    return Status::InvalidArgument("auth.password_weak",
                                   "密码不能由同一个字符重复组成", "password");
  }
  return Status::Ok();
}

Status ValidateUsername(std::string_view u) {
  bool ok = u.size() >= 3 && u.size() <= 32;
  for (std::size_t i = 0; ok && i < u.size(); ++i) {
    const char c = u[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                       (c >= '0' && c <= '9');
    ok = alnum || (i > 0 && (c == '.' || c == '_' || c == '-'));
  }
  if (!ok) {
    return Status::InvalidArgument(
        "account.username_invalid",
        "用户名应为 3–32 位字母、数字或 . _ -，以字母或数字开头", "username");
  }
  return Status::Ok();
}

Status ValidatePhone(std::string_view p) {
  bool ok = p.size() == 11 && p[0] == '1' && p[1] >= '3' && p[1] <= '9';
  for (char c : p) ok = ok && c >= '0' && c <= '9';
  if (!ok) {
    return Status::InvalidArgument("account.phone_invalid",
                                   "手机号应为 11 位数字，以 13–19 开头",
                                   "phone");
  }
  return Status::Ok();
}

Status CheckCanLogIn(const Account& a, int64_t now_ms) {
  if (a.disabled) {
    return Status::PermissionDenied("auth.disabled",
                                    "账号已停用，请联系管理员");
  }
  if (a.locked_until > now_ms) {
    return Status::PermissionDenied("auth.locked",
                                    "密码连续错误 5 次，账号已锁定，请于 " +
                                        LocalTime(a.locked_until) + " 后再试");
  }
  return Status::Ok();
}

Account AfterFailedLogin(Account a, int64_t now_ms) {
  // A lock that has run out starts a fresh count.
  if (a.locked_until != 0 && a.locked_until <= now_ms) {
    a.failed_logins = 0;
    a.locked_until = 0;
  }
  ++a.failed_logins;
  if (a.failed_logins >= kMaxFailedLogins) {
    a.locked_until = now_ms + kLockoutMillis;
    a.failed_logins = 0;
  }
  return a;
}

Status CheckCanCreate(const Caller& creator, const AccountScope& s) {
  switch (creator.role) {
    case Role::kProvince:
      if (s.role != Role::kCity) return RoleNotAllowed();
      return Status::Ok();
    case Role::kCity:
      if (s.role == Role::kDistrict) {
        if (!s.district_code) {
          return Status::InvalidArgument("account.district_required",
                                         "区(市)账号必须指定所属区(市)",
                                         "district_code");
        }
        return Status::Ok();
      }
      if (IsStaff(s.role)) return Status::Ok();
      return RoleNotAllowed();
    case Role::kDistrict:
      if (IsInstitutionRole(s.role)) {
        if (!s.institution_id) {
          return Status::InvalidArgument("account.institution_required",
                                         "机构账号必须指定所属考核机构",
                                         "institution_id");
        }
        if (s.institution_district != creator.district_code)
          return ScopeNotFound();
        return Status::Ok();
      }
      if (IsStaff(s.role)) return Status::Ok();
      return RoleNotAllowed();
    case Role::kInstitutionAdmin:
      if (s.role != Role::kInstitutionOperator) return RoleNotAllowed();
      if (s.institution_id != creator.institution_id) return ScopeNotFound();
      return Status::Ok();
    default:
      return Status::PermissionDenied("auth.forbidden", "当前角色无权创建账号");
  }
}

Status CheckCanManage(const Caller& admin, const Account& t,
                      const std::optional<std::string>& inst_district) {
  bool ok = false;
  switch (admin.role) {
    case Role::kProvince:
      ok = t.role == Role::kCity;
      break;
    case Role::kCity:
      ok = t.role == Role::kDistrict ||
           (IsStaff(t.role) && !t.district_code.has_value());
      break;
    case Role::kDistrict:
      ok =
          (IsInstitutionRole(t.role) && inst_district == admin.district_code) ||
          (IsStaff(t.role) && t.district_code == admin.district_code);
      break;
    case Role::kInstitutionAdmin:
      ok = t.role == Role::kInstitutionOperator &&
           t.institution_id == admin.institution_id;
      break;
    default:
      ok = false;
  }
  return ok ? Status::Ok() : AccountNotFound();
}

bool CanSeeAccount(const Caller& viewer, const Account& t,
                   const std::optional<std::string>& inst_district) {
  return viewer.user_id == t.id ||
         CheckCanManage(viewer, t, inst_district).ok();
}

}  // namespace zxkh::domain
