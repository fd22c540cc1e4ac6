#include "store/account_repository.hpp"

#include "common/text.hpp"
#include "store/sql_text.hpp"

namespace zxkh::store {
namespace {

using domain::Account;

constexpr std::string_view kSelect =
    "SELECT u.id, u.username, u.phone, u.display_name, u.password_hash, "
    "u.role, "
    "u.district_code, u.institution_id, u.person_id, u.must_change_password, "
    "u.failed_logins, u.locked_until, u.disabled, u.created_by, u.created_at, "
    "u.updated_at, i.district_code, i.name "
    "FROM users u LEFT JOIN institutions i ON i.id = u.institution_id ";

const std::string kById = std::string(kSelect) + "WHERE u.id = ?";
const std::string kByLogin =
    std::string(kSelect) + "WHERE u.username = ? OR (? <> '' AND u.phone = ?)";
constexpr std::string_view kFilter =
    "WHERE (? = '' OR u.username LIKE ? ESCAPE '\\' OR u.display_name LIKE ? "
    "ESCAPE '\\') "
    "AND (? = '' OR u.role = ?) "
    "AND (? = 'all' "
    " OR (? = 'province' AND u.role = 'CITY') "
    " OR (? = 'city' AND (u.role = 'DISTRICT' OR (u.role IN ('EXAMINER', "
    "'PROCTOR', "
    "     'SUPERVISOR') AND u.district_code IS NULL))) "
    " OR (? = 'district' AND ((u.role IN ('INSTITUTION_ADMIN', "
    "'INSTITUTION_OPERATOR') "
    "     AND i.district_code = ?) OR (u.role IN ('EXAMINER', 'PROCTOR', "
    "'SUPERVISOR') "
    "     AND u.district_code = ?))) "
    " OR (? = 'institution' AND u.role = 'INSTITUTION_OPERATOR' AND "
    "u.institution_id = ?)) ";
const std::string kList = std::string(kSelect) + std::string(kFilter) +
                          "ORDER BY u.id LIMIT ? OFFSET ?";
const std::string kCount =
    "SELECT COUNT(*) FROM users u LEFT JOIN institutions i ON i.id = "
    "u.institution_id " +
    std::string(kFilter);

Value Opt(const std::optional<std::string>& s) {
  return s ? Value(*s) : Value(std::monostate{});
}
Value Opt(const std::optional<int64_t>& v) {
  return v ? Value(*v) : Value(std::monostate{});
}

AccountRow FromRow(const Row& r) {
  AccountRow out;
  Account& a = out.account;
  a.id = r.Int(0);
  a.username = r.Text(1);
  a.phone = r.OptText(2);
  a.display_name = r.Text(3);
  a.password_hash = r.Text(4);
  a.role = domain::ParseRole(r.Text(5)).value_or(domain::Role::kPublic);
  a.district_code = r.OptText(6);
  a.institution_id = r.OptInt(7);
  a.person_id = r.OptInt(8);
  a.must_change_password = r.Int(9) != 0;
  a.failed_logins = static_cast<int>(r.Int(10));
  a.locked_until = r.Int(11);
  a.disabled = r.Int(12) != 0;
  a.created_by = r.OptInt(13);
  a.created_at = r.Int(14);
  a.updated_at = r.Int(15);
  out.institution_district = r.OptText(16);
  out.institution_name = r.OptText(17);
  return out;
}

Status NotFound() {
  return Status::NotFound("account.not_found", "账号不存在");
}

}  // namespace

Result<AccountRow> AccountRepository::Get(int64_t id) {
  ZXKH_ASSIGN_OR_RETURN(std::vector<Row> rows, c_.Rows(kById, {id}));
  if (rows.empty()) return NotFound();
  return FromRow(rows.front());
}

Result<AccountRow> AccountRepository::FindForLogin(std::string_view login) {
  const std::string l(login);
  const bool phone = domain::ValidatePhone(l).ok();
  ZXKH_ASSIGN_OR_RETURN(std::vector<Row> rows,
                        c_.Rows(kByLogin, {l, std::string(phone ? l : ""), l}));
  if (rows.empty()) return NotFound();
  return FromRow(rows.front());
}

Result<int64_t> AccountRepository::Insert(const Account& a) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> taken,
      c_.Rows(
          "SELECT username, phone FROM users WHERE username = ? OR phone = ?",
          {a.username, Opt(a.phone)}));
  for (const Row& r : taken) {
    // Phone first: a candidate's user name is the phone number, and "this
    // phone is registered" is what that person needs to hear.
    if (a.phone && r.OptText(1) == a.phone) {
      return Status::AlreadyExists("account.phone_taken", "该手机号已注册",
                                   "phone");
    }
  }
  if (!taken.empty()) {
    return Status::AlreadyExists("account.username_taken",
                                 "用户名 " + a.username + " 已被使用",
                                 "username");
  }
  ZXKH_ASSIGN_OR_RETURN(
      Row r,
      c_.One("INSERT INTO users (username, phone, display_name, password_hash, "
             "role, "
             "district_code, institution_id, person_id, must_change_password, "
             "created_by, created_at, updated_at) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
             {a.username, Opt(a.phone), a.display_name, a.password_hash,
              std::string(domain::RoleName(a.role)), Opt(a.district_code),
              Opt(a.institution_id), Opt(a.person_id),
              int64_t{a.must_change_password}, Opt(a.created_by), a.created_at,
              a.updated_at}));
  return r.Int(0);
}

Status AccountRepository::Update(const Account& a) {
  ZXKH_ASSIGN_OR_RETURN(
      int64_t n,
      c_.Exec(
          "UPDATE users SET phone = ?, display_name = ?, password_hash = ?, "
          "must_change_password = ?, failed_logins = ?, locked_until = ?, "
          "disabled = ?, updated_at = ? WHERE id = ?",
          {Opt(a.phone), a.display_name, a.password_hash,
           int64_t{a.must_change_password}, int64_t{a.failed_logins},
           a.locked_until, int64_t{a.disabled}, a.updated_at, a.id}));
  return n == 1 ? Status::Ok() : NotFound();
}

static std::string_view ScopeName(AccountScopeKind k) {
  switch (k) {
    case AccountScopeKind::kAll:
      return "all";
    case AccountScopeKind::kProvince:
      return "province";
    case AccountScopeKind::kCity:
      return "city";
    case AccountScopeKind::kDistrict:
      return "district";
    case AccountScopeKind::kInstitution:
      return "institution";
  }
  return "none";
}

Result<Page<AccountRow>> AccountRepository::List(const AccountFilter& f) {
  const std::string q(TrimSpace(f.q));
  const std::string like = "%" + EscapeLike(q) + "%";
  const std::string role(f.role ? domain::RoleName(*f.role) : "");
  const std::string scope(ScopeName(f.scope));
  const std::vector<Value> filter = {q,
                                     like,
                                     like,
                                     role,
                                     role,
                                     scope,
                                     scope,
                                     scope,
                                     scope,
                                     f.scope_district,
                                     f.scope_district,
                                     scope,
                                     f.scope_institution};
  Page<AccountRow> page;
  page.page = f.page.page;
  page.page_size = f.page.page_size;
  ZXKH_ASSIGN_OR_RETURN(QueryResult count, c_.Query(kCount, filter));
  page.total = count.rows.front().Int(0);
  std::vector<Value> list_params = filter;
  list_params.push_back(int64_t{f.page.page_size});
  list_params.push_back(f.page.offset());
  ZXKH_ASSIGN_OR_RETURN(QueryResult rows, c_.Query(kList, list_params));
  for (const Row& r : rows.rows) page.items.push_back(FromRow(r));
  return page;
}

Result<int64_t> AccountRepository::Count() {
  ZXKH_ASSIGN_OR_RETURN(Row r, c_.One("SELECT COUNT(*) FROM users", {}));
  return r.Int(0);
}

Status AccountRepository::InsertSession(const SessionRow& s,
                                        std::string_view ip,
                                        std::string_view user_agent) {
  return c_
      .Exec(
          "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, "
          "last_seen_at, expires_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, "
          "?, ?)",
          {s.token_hash, s.user_id, s.csrf_token, s.created_at, s.last_seen_at,
           s.expires_at, std::string(ip),
           std::string(user_agent.substr(0, 300))})
      .status();
}

Result<SessionRow> AccountRepository::GetSession(std::string_view token_hash) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(
          "SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, "
          "expires_at, revoked FROM sessions WHERE token_hash = ?",
          {std::string(token_hash)}));
  if (rows.empty()) {
    return Status::NotFound("auth.session_not_found", "会话不存在");
  }
  const Row& r = rows.front();
  return SessionRow{r.Text(0), r.Int(1), r.Text(2),    r.Int(3),
                    r.Int(4),  r.Int(5), r.Int(6) != 0};
}

Status AccountRepository::TouchSession(std::string_view token_hash,
                                       int64_t now_ms) {
  return c_
      .Exec("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?",
            {now_ms, std::string(token_hash)})
      .status();
}

Status AccountRepository::RevokeSession(std::string_view token_hash) {
  return c_
      .Exec("UPDATE sessions SET revoked = 1 WHERE token_hash = ?",
            {std::string(token_hash)})
      .status();
}

Status AccountRepository::RevokeSessionsOf(int64_t user_id) {
  return c_.Exec("UPDATE sessions SET revoked = 1 WHERE user_id = ?", {user_id})
      .status();
}

}  // namespace zxkh::store
