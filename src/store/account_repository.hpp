// Accounts (table users) and sessions (table sessions). All methods run on
// the caller's connection, inside the caller's transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/page.hpp"
#include "domain/account.hpp"
#include "store/db.hpp"

namespace zxkh::store {

// An account with the district of its institution (for scope checks).
struct AccountRow {
  domain::Account account;
  std::optional<std::string> institution_district;
  std::optional<std::string> institution_name;
};

// Which accounts an administrator's list shows: the SQL form of
// domain::CheckCanManage, so that paging counts are exact.
enum class AccountScopeKind { kAll, kProvince, kCity, kDistrict, kInstitution };

struct AccountFilter {
  std::string q;  // substring of user name or display name
  std::optional<domain::Role> role;
  AccountScopeKind scope = AccountScopeKind::kAll;
  std::string scope_district;     // kDistrict
  int64_t scope_institution = 0;  // kInstitution
  PageRequest page;
};

struct SessionRow {
  std::string token_hash;
  int64_t user_id = 0;
  std::string csrf_token;
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
  int64_t expires_at = 0;
  bool revoked = false;
};

class AccountRepository {
 public:
  explicit AccountRepository(Connection& c) : c_(c) {}

  // NotFound("account.not_found").
  Result<AccountRow> Get(int64_t id);
  // By user name, or by phone when `login` is 11 digits; NotFound otherwise.
  Result<AccountRow> FindForLogin(std::string_view login);
  // Inserts; AlreadyExists("account.username_taken"/"account.phone_taken").
  Result<int64_t> Insert(const domain::Account& a);
  // Writes password, flags, counters, phone and display name of `a.id`.
  Status Update(const domain::Account& a);
  Result<Page<AccountRow>> List(const AccountFilter& f);
  // Number of accounts (any role); production start needs none by default.
  Result<int64_t> Count();

  Status InsertSession(const SessionRow& s, std::string_view ip,
                       std::string_view user_agent);
  // NotFound("auth.session_not_found").
  Result<SessionRow> GetSession(std::string_view token_hash);
  Status TouchSession(std::string_view token_hash, int64_t now_ms);
  Status RevokeSession(std::string_view token_hash);
  // Ends every session of a user (password reset / change, disable).
  Status RevokeSessionsOf(int64_t user_id);

 private:
  Connection& c_;
};

}  // namespace zxkh::store
