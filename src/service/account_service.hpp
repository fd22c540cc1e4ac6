// Account administration inside the administrator's scope (issue 3 point
// 3): city → district accounts and staff; district → accounts of
// institutions in its district and its staff; institution admin → its
// operators; province → city accounts. Outside scope behaves as missing.
#pragma once

#include <optional>
#include <string>

#include "common/clock.hpp"
#include "common/page.hpp"
#include "domain/account.hpp"
#include "store/account_repository.hpp"
#include "store/db.hpp"

namespace zxkh::service {

struct NewAccount {
  std::string username;
  std::string display_name;
  std::optional<std::string> phone;
  domain::Role role = domain::Role::kPublic;
  std::optional<std::string> district_code;  // DISTRICT accounts
  std::optional<int64_t> institution_id;     // INSTITUTION_* accounts
  std::string initial_password;              // must be changed at first login
};

struct AccountQuery {
  std::string q;
  std::optional<domain::Role> role;
  PageRequest page;
};

class AccountService {
 public:
  // References must outlive the service. Thread-safe.
  AccountService(store::Database& db, const Clock& clock);

  // Creates an account the caller may create (domain::CheckCanCreate);
  // the new user must change the password at first login. Returns the id.
  Result<int64_t> Create(const domain::Caller& caller, NewAccount account);

  // Accounts the caller may see: itself and those it administers.
  Result<Page<store::AccountRow>> List(const domain::Caller& caller,
                                       AccountQuery q);

  // One account; NotFound("account.not_found") outside the caller's reach.
  Result<store::AccountRow> Get(const domain::Caller& caller, int64_t id);

  // Sets a new password that the user must change at next login; ends the
  // user's sessions and clears a lockout.
  Status ResetPassword(const domain::Caller& caller, int64_t id,
                       std::string_view new_password);

  // Disables (ending its sessions) or enables an account.
  Status SetDisabled(const domain::Caller& caller, int64_t id, bool disabled);

 private:
  // Loads `id` and checks the caller administers it.
  Result<store::AccountRow> LoadManaged(store::Connection& c,
                                        const domain::Caller& caller,
                                        int64_t id);

  store::Database& db_;
  const Clock& clock_;
};

}  // namespace zxkh::service
