// Logging in and out, sessions, password changes, candidate self-
// registration (issue 3 points 1–2). Sessions live in the database so that
// several server processes on one PostgreSQL share them.
#pragma once

#include <optional>
#include <string>

#include "common/clock.hpp"
#include "common/pii_cipher.hpp"
#include "domain/account.hpp"
#include "store/account_repository.hpp"
#include "store/db.hpp"

namespace zxkh::service {

struct LoginRequest {
  std::string login;  // user name or mobile number
  std::string password;
  std::string ip;
  std::string user_agent;
  std::string request_id;
};

// What a successful login or an authenticated request carries.
struct SessionInfo {
  std::string token;       // the cookie value; only its hash is stored
  std::string csrf_token;  // required on state-changing requests
  int64_t expires_at = 0;  // absolute expiry (Unix ms)
  store::AccountRow account;
};

struct Authenticated {
  domain::Caller caller;
  store::AccountRow account;
  std::string csrf_token;
};

struct CandidateRegistration {
  std::string name;
  std::string id_number;  // GB 11643 resident ID
  std::string phone;      // becomes the user name
  std::string password;
};

class AuthService {
 public:
  // All references must outlive the service. Thread-safe.
  AuthService(store::Database& db, const Clock& clock, const PiiCipher& pii);

  // Checks the password (argon2id, outside any transaction), applies the
  // lockout rule, records the attempt in the login log, and opens a
  // session. Unauthenticated("auth.bad_credentials") for an unknown user or
  // a wrong password (the same answer, the same work);
  // PermissionDenied("auth.locked") naming the unlock time; ("auth.disabled").
  Result<SessionInfo> Login(const LoginRequest& req);

  // Ends the session of `token` (unknown tokens are fine).
  Status Logout(std::string_view token);

  // The caller behind a session cookie. Unauthenticated: "auth.required" (no
  // token), "auth.session_expired" (idle 30 min, absolute 12 h, revoked,
  // unknown), "auth.disabled". Touches the session at most once a minute.
  Result<Authenticated> Authenticate(std::string_view token,
                                     std::string request_id);

  // The caller's own password. Unauthenticated("auth.bad_credentials") for a
  // wrong old password; the password rules otherwise. Clears the forced
  // change and ends the caller's other sessions.
  Status ChangePassword(const domain::Caller& caller, std::string_view token,
                        std::string_view old_password,
                        std::string_view new_password);

  // A candidate registers with name, resident ID, phone and password (the
  // ID is validated and stored encrypted). Returns the new account id.
  Result<int64_t> RegisterCandidate(const CandidateRegistration& reg,
                                    std::string request_id);

  // `zxkh user create`: the first city administrator of a production
  // install (must change the password at first login).
  Result<int64_t> CreateBootstrapAdmin(std::string username,
                                       std::string display_name,
                                       std::string password, domain::Role role);

 private:
  store::Database& db_;
  const Clock& clock_;
  const PiiCipher& pii_;
};

}  // namespace zxkh::service
