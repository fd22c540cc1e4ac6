// Accounts and who may administer whom (DOMAIN.md, "Actors").
//
//   created by an administrator ──────────────► MUST_CHANGE_PASSWORD
//   MUST_CHANGE_PASSWORD ──own password change──► ACTIVE
//   ACTIVE ──5th failed login in a row──► LOCKED (15 min) ──time──► ACTIVE
//   ACTIVE ──reset by an administrator of the level above──►
//   MUST_CHANGE_PASSWORD ACTIVE ──disable──► DISABLED ──enable──► ACTIVE
//   candidates register themselves ──────────► ACTIVE
//
// The administration tree: PROVINCE → CITY → DISTRICT → INSTITUTION_ADMIN →
// INSTITUTION_OPERATOR; CITY and DISTRICT also keep the staff pool
// (EXAMINER, PROCTOR, SUPERVISOR). Nobody creates a role above or beside
// their own, and a record outside the administrator's scope behaves as
// missing (NotFound), never as forbidden, so ids cannot be probed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.hpp"
#include "domain/role.hpp"

namespace zxkh::domain {

inline constexpr int kMaxFailedLogins = 5;
inline constexpr int64_t kLockoutMillis = 15 * 60 * 1000;
inline constexpr int64_t kSessionIdleMillis = 30 * 60 * 1000;
inline constexpr int64_t kSessionAbsoluteMillis = 12 * 60 * 60 * 1000;
inline constexpr int kMinPasswordLength = 10;

struct Account {
  int64_t id = 0;
  std::string username;
  std::optional<std::string> phone;
  std::string display_name;
  std::string password_hash;
  Role role = Role::kPublic;
  std::optional<std::string> district_code;
  std::optional<int64_t> institution_id;
  std::optional<int64_t> person_id;
  bool must_change_password = false;
  int failed_logins = 0;
  int64_t locked_until = 0;  // Unix ms; 0 when never locked
  bool disabled = false;
  std::optional<int64_t> created_by;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// The Caller an authenticated account acts as.
Caller CallerOf(const Account& a, std::string request_id);

// Password rules: at least 10 characters, not the user name (ignoring ASCII
// case), not all one character. InvalidArgument("auth.password_weak",
// field "password") naming the rule.
Status ValidatePassword(std::string_view password, std::string_view username);

// User names: 3–32 of [A-Za-z0-9._-], starting with a letter or digit.
Status ValidateUsername(std::string_view username);

// Mainland mobile number: 11 digits starting with 1[3-9].
Status ValidatePhone(std::string_view phone);

// Whether a login may be attempted now: PermissionDenied("auth.locked")
// with the unlock time in the message while locked; ("auth.disabled") when
// disabled.
Status CheckCanLogIn(const Account& a, int64_t now_ms);

// The account after one more failed login at `now_ms`: locks it for 15
// minutes on the 5th failure in a row.
Account AfterFailedLogin(Account a, int64_t now_ms);

// What a new account binds to.
struct AccountScope {
  Role role = Role::kPublic;
  std::optional<std::string> district_code;  // DISTRICT; staff of a district
  std::optional<int64_t> institution_id;     // INSTITUTION_*
  std::optional<std::string>
      institution_district;  // the institution's district
};

// Whether `creator` may create an account with `scope`. PermissionDenied
// ("account.role_not_allowed") for a role the creator may not create;
// NotFound("account.scope_not_found") when the district/institution is
// outside the creator's scope; InvalidArgument for missing bindings.
Status CheckCanCreate(const Caller& creator, const AccountScope& scope);

// Whether `admin` may reset, disable or enable `target`: only the level
// directly above, inside its scope. NotFound("account.not_found") otherwise
// (outside scope looks like missing).
Status CheckCanManage(
    const Caller& admin, const Account& target,
    const std::optional<std::string>& target_institution_district);

// Whether `viewer` may see `target` in account lists (itself, or what it may
// manage). Same rule as CheckCanManage plus the account itself.
bool CanSeeAccount(
    const Caller& viewer, const Account& target,
    const std::optional<std::string>& target_institution_district);

}  // namespace zxkh::domain
