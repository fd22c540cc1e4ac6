#include "service/auth_service.hpp"

#include "common/codes.hpp"
#include "common/crypto.hpp"
#include "common/password.hpp"
#include "common/text.hpp"
#include "common/validators.hpp"
#include "service/audit_service.hpp"
#include "store/person_repository.hpp"

namespace zxkh::service {

using domain::Account;
using store::AccountRepository;
using store::AccountRow;
using store::Connection;
using store::Database;

namespace {

constexpr int64_t kTouchEveryMillis = 60 * 1000;

Status BadCredentials() {
  return Status::Unauthenticated("auth.bad_credentials", "用户名或密码错误");
}

Status SessionExpired() {
  return Status::Unauthenticated("auth.session_expired",
                                 "登录已过期，请重新登录");
}

domain::LoginRecord LoginRecordFor(const LoginRequest& req,
                                   const AccountRow* row, bool success,
                                   std::string reason, int64_t now) {
  domain::LoginRecord r;
  r.at = now;
  r.username = req.login.substr(0, 64);
  if (row) {
    r.user_id = row->account.id;
    r.district_code = row->account.district_code ? row->account.district_code
                                                 : row->institution_district;
    r.institution_id = row->account.institution_id;
  }
  r.success = success;
  r.reason = std::move(reason);
  r.ip = req.ip;
  r.user_agent = req.user_agent.substr(0, 300);
  return r;
}

}  // namespace

AuthService::AuthService(Database& db, const Clock& clock, const PiiCipher& pii)
    : db_(db), clock_(clock), pii_(pii) {}

Result<SessionInfo> AuthService::Login(const LoginRequest& req) {
  const std::string login(TrimSpace(req.login));
  auto found = db_.InTransaction(Database::Mode::kRead, [&](Connection& c) {
    return AccountRepository(c).FindForLogin(login);
  });
  if (!found.ok() && found.status().status_code() != StatusCode::kNotFound) {
    return found.status();
  }
  // Same argon2id work whether or not the user exists.
  const bool password_ok =
      VerifyPassword(req.password, found.ok() ? found->account.password_hash
                                              : DummyPasswordHash());
  const int64_t now = clock_.NowUnixMillis();

  std::optional<SessionInfo> session;
  Status outcome;
  Status st =
      db_.Transact(Database::Mode::kWrite, [&](Connection& c) -> Status {
        session.reset();
        AccountRepository repo(c);
        if (!found.ok()) {
          outcome = BadCredentials();
          return AuditService::RecordLogin(
              c, LoginRecordFor(req, nullptr, false, "unknown_user", now));
        }
        // Re-read inside the write transaction: concurrent attempts count.
        ZXKH_ASSIGN_OR_RETURN(AccountRow row, repo.Get(found->account.id));
        Status can = domain::CheckCanLogIn(row.account, now);
        if (!can.ok()) {
          outcome = can;
          return AuditService::RecordLogin(
              c, LoginRecordFor(req, &row, false, can.code(), now));
        }
        if (!password_ok) {
          Account after = domain::AfterFailedLogin(row.account, now);
          after.updated_at = now;
          ZXKH_RETURN_IF_ERROR(repo.Update(after));
          outcome = after.locked_until > now ? domain::CheckCanLogIn(after, now)
                                             : BadCredentials();
          return AuditService::RecordLogin(
              c, LoginRecordFor(
                     req, &row, false,
                     after.locked_until > now ? "locked_now" : "bad_password",
                     now));
        }
        row.account.failed_logins = 0;
        row.account.locked_until = 0;
        row.account.updated_at = now;
        ZXKH_RETURN_IF_ERROR(repo.Update(row.account));
        SessionInfo s;
        s.token = RandomToken(32);
        s.csrf_token = RandomToken(24);
        s.expires_at = now + domain::kSessionAbsoluteMillis;
        s.account = row;
        ZXKH_RETURN_IF_ERROR(
            repo.InsertSession({Sha256Hex(s.token), row.account.id,
                                s.csrf_token, now, now, s.expires_at, false},
                               req.ip, req.user_agent));
        ZXKH_RETURN_IF_ERROR(AuditService::RecordLogin(
            c, LoginRecordFor(req, &row, true, "ok", now)));
        session = std::move(s);
        outcome = Status::Ok();
        return Status::Ok();
      });
  ZXKH_RETURN_IF_ERROR(st);
  ZXKH_RETURN_IF_ERROR(outcome);
  return std::move(*session);
}

Status AuthService::Logout(std::string_view token) {
  if (token.empty()) return Status::Ok();
  return db_.Transact(Database::Mode::kWrite, [&](Connection& c) {
    return AccountRepository(c).RevokeSession(Sha256Hex(token));
  });
}

Result<Authenticated> AuthService::Authenticate(std::string_view token,
                                                std::string request_id) {
  if (token.empty())
    return Status::Unauthenticated("auth.required", "请先登录");
  const std::string hash = Sha256Hex(token);
  const int64_t now = clock_.NowUnixMillis();
  bool touch = false;
  auto auth = db_.InTransaction(
      Database::Mode::kRead, [&](Connection& c) -> Result<Authenticated> {
        AccountRepository repo(c);
        auto session = repo.GetSession(hash);
        if (!session.ok()) {
          return session.status().status_code() == StatusCode::kNotFound
                     ? SessionExpired()
                     : session.status();
        }
        if (session->revoked || now >= session->expires_at ||
            now >= session->last_seen_at + domain::kSessionIdleMillis) {
          return SessionExpired();
        }
        ZXKH_ASSIGN_OR_RETURN(AccountRow row, repo.Get(session->user_id));
        if (row.account.disabled) {
          return Status::Unauthenticated("auth.disabled",
                                         "账号已停用，请联系管理员");
        }
        touch = now - session->last_seen_at >= kTouchEveryMillis;
        Authenticated a;
        a.caller = domain::CallerOf(row.account, std::move(request_id));
        a.account = std::move(row);
        a.csrf_token = session->csrf_token;
        return a;
      });
  if (auth.ok() && touch) {
    // Best effort: a failed touch only shortens the idle window.
    (void)db_.Transact(Database::Mode::kWrite, [&](Connection& c) {
      return AccountRepository(c).TouchSession(hash, now);
    });
  }
  return auth;
}

Status AuthService::ChangePassword(const domain::Caller& caller,
                                   std::string_view token,
                                   std::string_view old_password,
                                   std::string_view new_password) {
  if (caller.user_id == 0)
    return Status::Unauthenticated("auth.required", "请先登录");
  auto row = db_.InTransaction(Database::Mode::kRead, [&](Connection& c) {
    return AccountRepository(c).Get(caller.user_id);
  });
  ZXKH_RETURN_IF_ERROR(row.status());
  if (!VerifyPassword(old_password, row->account.password_hash))
    return BadCredentials();
  ZXKH_RETURN_IF_ERROR(
      domain::ValidatePassword(new_password, row->account.username));
  if (new_password == old_password) {
    return Status::InvalidArgument("auth.password_reused",
                                   "新密码不能与原密码相同", "new_password");
  }
  ZXKH_ASSIGN_OR_RETURN(std::string hash, HashPassword(new_password));
  const int64_t now = clock_.NowUnixMillis();
  const std::string keep = Sha256Hex(token);
  return db_.Transact(Database::Mode::kWrite, [&](Connection& c) -> Status {
    AccountRepository repo(c);
    ZXKH_ASSIGN_OR_RETURN(AccountRow current, repo.Get(caller.user_id));
    current.account.password_hash = hash;
    current.account.must_change_password = false;
    current.account.updated_at = now;
    ZXKH_RETURN_IF_ERROR(repo.Update(current.account));
    // Other sessions (a stolen cookie, another browser) end; this one stays.
    ZXKH_RETURN_IF_ERROR(c.Exec("UPDATE sessions SET revoked = 1 WHERE user_id "
                                "= ? AND token_hash <> ?",
                                {caller.user_id, keep})
                             .status());
    return AuditService::Record(c, caller, now, "account.change_password",
                                "user", std::to_string(caller.user_id),
                                "本人修改密码", current.account.district_code,
                                current.account.institution_id);
  });
}

Result<int64_t> AuthService::RegisterCandidate(const CandidateRegistration& reg,
                                               std::string request_id) {
  const std::string name(TrimSpace(reg.name));
  const std::size_t name_len = Utf8Length(name);
  if (name_len < 2 || name_len > 30) {
    return Status::InvalidArgument("person.name_invalid",
                                   "姓名应为 2 至 30 个字符", "name");
  }
  const std::string id = AsciiUpper(TrimSpace(reg.id_number));
  ZXKH_RETURN_IF_ERROR(ValidateResidentId(id, clock_.Today()));
  ZXKH_RETURN_IF_ERROR(domain::ValidatePhone(reg.phone));
  ZXKH_RETURN_IF_ERROR(domain::ValidatePassword(reg.password, reg.phone));
  ZXKH_ASSIGN_OR_RETURN(std::string hash, HashPassword(reg.password));
  ZXKH_ASSIGN_OR_RETURN(Date birth, ResidentIdBirthDate(id));
  const int64_t now = clock_.NowUnixMillis();
  store::PersonRow person;
  person.name = name;
  person.id_type = "resident_id";
  person.id_hash = pii_.LookupHash(id);
  person.id_cipher = pii_.Encrypt(id);
  person.id_masked = MaskIdNumber(id);
  person.birth_date = birth.ToString();
  person.phone = reg.phone;
  person.created_at = now;
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<int64_t> {
        ZXKH_ASSIGN_OR_RETURN(int64_t person_id,
                              store::PersonRepository(c).Insert(person));
        Account a;
        a.username = reg.phone;
        a.phone = reg.phone;
        a.display_name = name;
        a.password_hash = hash;
        a.role = domain::Role::kCandidate;
        a.person_id = person_id;
        a.created_at = a.updated_at = now;
        ZXKH_ASSIGN_OR_RETURN(int64_t id, AccountRepository(c).Insert(a));
        domain::Caller self = domain::CallerOf(a, request_id);
        self.user_id = id;
        ZXKH_RETURN_IF_ERROR(
            AuditService::Record(c, self, now, "account.register", "user",
                                 std::to_string(id), "考生自行注册"));
        return id;
      });
}

Result<int64_t> AuthService::CreateBootstrapAdmin(std::string username,
                                                  std::string display_name,
                                                  std::string password,
                                                  domain::Role role) {
  ZXKH_RETURN_IF_ERROR(domain::ValidateUsername(username));
  ZXKH_RETURN_IF_ERROR(domain::ValidatePassword(password, username));
  if (role != domain::Role::kCity && role != domain::Role::kProvince) {
    return Status::InvalidArgument("account.role_not_allowed",
                                   "命令行只能创建省级或市级管理员", "role");
  }
  ZXKH_ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  const int64_t now = clock_.NowUnixMillis();
  return db_.InTransaction(
      Database::Mode::kWrite, [&](Connection& c) -> Result<int64_t> {
        Account a;
        a.username = username;
        a.display_name = display_name.empty() ? username : display_name;
        a.password_hash = hash;
        a.role = role;
        a.must_change_password = true;
        a.created_at = a.updated_at = now;
        ZXKH_ASSIGN_OR_RETURN(int64_t id, AccountRepository(c).Insert(a));
        domain::Caller cli;
        cli.role = role;
        cli.request_id = "cli";
        ZXKH_RETURN_IF_ERROR(AuditService::Record(
            c, cli, now, "account.create", "user", std::to_string(id),
            "命令行创建" + std::string(domain::RoleName(role)) + "管理员"));
        return id;
      });
}

}  // namespace zxkh::service
