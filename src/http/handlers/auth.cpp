#include <boost/json.hpp>

#include "common/clock.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/json_out.hpp"
#include "http/query.hpp"
#include "http/server.hpp"
#include "service/account_service.hpp"
#include "service/auth_service.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;
using domain::Role;

json::value AccountJson(const store::AccountRow& row) {
  const domain::Account& a = row.account;
  return json::object{
      {"id", a.id},
      {"username", a.username},
      {"display_name", a.display_name},
      {"phone", OptionalJson(a.phone)},
      {"role", std::string(domain::RoleName(a.role))},
      {"role_title", std::string(domain::RoleTitle(a.role))},
      {"district_code",
       OptionalJson(a.district_code ? a.district_code
                                    : row.institution_district)},
      {"institution_id",
       a.institution_id ? json::value(*a.institution_id) : json::value()},
      {"institution_name", OptionalJson(row.institution_name)},
      {"must_change_password", a.must_change_password},
      {"disabled", a.disabled},
      {"locked_until", a.locked_until > 0
                           ? json::value(Clock::FormatIso(a.locked_until))
                           : json::value()},
      {"created_at", Clock::FormatIso(a.created_at)},
  };
}

// The session cookie: HttpOnly (scripts cannot read it), SameSite=Strict
// (never sent by other sites' requests), Secure behind TLS.
std::string SessionCookieHeader(const Request& req, std::string_view token,
                                int64_t max_age_seconds) {
  std::string cookie = std::string(kSessionCookie) + "=" + std::string(token) +
                       "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                       std::to_string(max_age_seconds);
  if (req.Header("x-forwarded-proto") == "https") cookie += "; Secure";
  return cookie;
}

const json::value kLoginSchema = json::parse(R"({
  "type": "object", "additionalProperties": false, "required": ["username", "password"],
  "properties": {
    "username": {"type": "string", "minLength": 1, "maxLength": 64},
    "password": {"type": "string", "minLength": 1, "maxLength": 128}
  }})");

const json::value kPasswordSchema = json::parse(R"({
  "type": "object", "additionalProperties": false,
  "required": ["old_password", "new_password"],
  "properties": {
    "old_password": {"type": "string", "minLength": 1, "maxLength": 128},
    "new_password": {"type": "string", "minLength": 1, "maxLength": 128}
  }})");

const json::value kRegisterSchema = json::parse(R"({
  "type": "object", "additionalProperties": false,
  "required": ["name", "id_number", "phone", "password", "consent"],
  "properties": {
    "name": {"type": "string", "minLength": 2, "maxLength": 30},
    "id_number": {"type": "string", "minLength": 18, "maxLength": 18},
    "phone": {"type": "string", "minLength": 11, "maxLength": 11},
    "password": {"type": "string", "minLength": 1, "maxLength": 128},
    "consent": {"type": "boolean", "enum": [true]}
  }})");

const json::value kNewAccountSchema = json::parse(R"({
  "type": "object", "additionalProperties": false,
  "required": ["username", "display_name", "role", "password"],
  "properties": {
    "username": {"type": "string", "minLength": 3, "maxLength": 32},
    "display_name": {"type": "string", "minLength": 2, "maxLength": 40},
    "phone": {"type": "string", "minLength": 11, "maxLength": 11},
    "role": {"type": "string", "enum": ["CITY", "DISTRICT", "INSTITUTION_ADMIN",
             "INSTITUTION_OPERATOR", "EXAMINER", "PROCTOR", "SUPERVISOR"]},
    "district_code": {"type": "string", "minLength": 6, "maxLength": 6},
    "institution_id": {"type": "integer", "minimum": 1},
    "password": {"type": "string", "minLength": 1, "maxLength": 128}
  }})");

const json::value kResetSchema = json::parse(R"({
  "type": "object", "additionalProperties": false, "required": ["new_password"],
  "properties": {"new_password": {"type": "string", "minLength": 1, "maxLength": 128}}
})");

const std::vector<Role> kAdministrators = {
    Role::kProvince, Role::kCity, Role::kDistrict, Role::kInstitutionAdmin};

Policy SessionAllowedDuringForcedChange() {
  Policy p = Policy::AnyAccount();
  p.during_forced_password_change = true;
  return p;
}

Response Done(const Status& st) {
  if (!st.ok()) return Response::Problem(st);
  return Response::Json(json::object{{"ok", true}});
}

}  // namespace

std::vector<Route> AuthRoutes(service::AuthService& auth) {
  std::vector<Route> routes;
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/auth/login",
      .policy = Policy::Public(),
      .tag = "auth",
      .summary = "登录（用户名或手机号 + 密码）",
      .request_schema = kLoginSchema,
      // Per address, on top of the per-account lockout: guessing across
      // many accounts from one address is slowed too.
      .rate_limit = {.per_minute = 30, .burst = 10},
      .handler =
          [&auth](const Request& req) {
            const json::object& o = req.json->as_object();
            auto session = auth.Login(
                {StringField(o, "username"), StringField(o, "password"),
                 req.remote_ip, req.Header("user-agent"), req.request_id});
            if (!session.ok()) return Response::Problem(session.status());
            Response r = Response::Json(json::object{
                {"user", AccountJson(session->account)},
                {"csrf_token", session->csrf_token},
                {"expires_at", Clock::FormatIso(session->expires_at)}});
            r.headers.emplace_back(
                "Set-Cookie",
                SessionCookieHeader(req, session->token,
                                    domain::kSessionAbsoluteMillis / 1000));
            r.headers.emplace_back("Cache-Control", "no-store");
            return r;
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/auth/logout",
      .policy = SessionAllowedDuringForcedChange(),
      .tag = "auth",
      .summary = "退出登录",
      .handler =
          [&auth](const Request& req) {
            Status st = auth.Logout(SessionCookie(req));
            if (!st.ok()) return Response::Problem(st);
            Response r;
            r.status = 204;
            r.headers.emplace_back("Set-Cookie",
                                   SessionCookieHeader(req, "", 0));
            return r;
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/auth/me",
      .policy = SessionAllowedDuringForcedChange(),
      .tag = "auth",
      .summary = "当前登录用户、角色与数据范围",
      .handler =
          [&auth](const Request& req) {
            auto me = auth.Authenticate(SessionCookie(req), req.request_id);
            if (!me.ok()) return Response::Problem(me.status());
            Response r =
                Response::Json(json::object{{"user", AccountJson(me->account)},
                                            {"csrf_token", me->csrf_token}});
            r.headers.emplace_back("Cache-Control", "no-store");
            return r;
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/auth/password",
      .policy = SessionAllowedDuringForcedChange(),
      .tag = "auth",
      .summary = "修改本人密码（初始密码或重置后必须先修改）",
      .request_schema = kPasswordSchema,
      .handler =
          [&auth](const Request& req) {
            const json::object& o = req.json->as_object();
            return Done(auth.ChangePassword(req.caller, SessionCookie(req),
                                            StringField(o, "old_password"),
                                            StringField(o, "new_password")));
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/auth/register",
      .policy = Policy::Public(),
      .tag = "auth",
      .summary = "考生注册（姓名、身份证号、手机号、密码，本人自愿参加）",
      .request_schema = kRegisterSchema,
      .rate_limit = {.per_minute = 10, .burst = 5},
      .handler =
          [&auth](const Request& req) {
            const json::object& o = req.json->as_object();
            auto id = auth.RegisterCandidate(
                {StringField(o, "name"), StringField(o, "id_number"),
                 StringField(o, "phone"), StringField(o, "password")},
                req.request_id);
            if (!id.ok()) return Response::Problem(id.status());
            return Response::Json(json::object{{"id", *id}}, 201);
          },
  });
  return routes;
}

std::vector<Route> AccountRoutes(service::AccountService& accounts) {
  std::vector<Route> routes;
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/accounts",
      .policy = Policy::Roles(kAdministrators),
      .tag = "accounts",
      .summary = "本级可管理的账号列表",
      .query_params = {{"q", "string", "用户名或姓名关键字"},
                       {"role", "string", "角色，如 DISTRICT"},
                       {"page", "integer", "页码"},
                       {"page_size", "integer", "每页条数"}},
      .handler =
          [&accounts](const Request& req) {
            service::AccountQuery q;
            auto text = TextQuery(req, "q");
            auto role = TextQuery(req, "role");
            auto page = PageQuery(req);
            for (const Status& st :
                 {text.status(), role.status(), page.status()}) {
              if (!st.ok()) return Response::Problem(st);
            }
            q.q = *text;
            q.page = *page;
            if (!role->empty()) {
              q.role = domain::ParseRole(*role);
              if (!q.role) {
                return Response::Problem(Status::InvalidArgument(
                    "request.invalid_query", "未知角色：" + *role, "role"));
              }
            }
            auto list = accounts.List(req.caller, q);
            if (!list.ok()) return Response::Problem(list.status());
            return Response::Json(PageJson(*list, AccountJson));
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/accounts/{id}",
      .policy = Policy::Roles(kAdministrators),
      .tag = "accounts",
      .summary = "查看一个账号",
      .handler =
          [&accounts](const Request& req) {
            auto id = IntPathParam(req, "id", 1, 2000000000);
            if (!id.ok()) return Response::Problem(id.status());
            auto row = accounts.Get(req.caller, *id);
            if (!row.ok()) return Response::Problem(row.status());
            return Response::Json(AccountJson(*row));
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/accounts",
      .policy = Policy::Roles(kAdministrators),
      .tag = "accounts",
      .summary = "创建下级账号（首次登录须修改密码）",
      .request_schema = kNewAccountSchema,
      .handler =
          [&accounts](const Request& req) {
            const json::object& o = req.json->as_object();
            service::NewAccount n;
            n.username = StringField(o, "username");
            n.display_name = StringField(o, "display_name");
            n.phone = OptionalStringField(o, "phone");
            n.role = domain::ParseRole(StringField(o, "role"))
                         .value_or(Role::kPublic);
            n.district_code = OptionalStringField(o, "district_code");
            if (auto it = o.find("institution_id"); it != o.end()) {
              n.institution_id = it->value().as_int64();
            }
            n.initial_password = StringField(o, "password");
            auto id = accounts.Create(req.caller, std::move(n));
            if (!id.ok()) return Response::Problem(id.status());
            return Response::Json(json::object{{"id", *id}}, 201);
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/accounts/{id}/reset-password",
      .policy = Policy::Roles(kAdministrators),
      .tag = "accounts",
      .summary = "重置下级账号密码（下次登录须修改）",
      .request_schema = kResetSchema,
      .handler =
          [&accounts](const Request& req) {
            auto id = IntPathParam(req, "id", 1, 2000000000);
            if (!id.ok()) return Response::Problem(id.status());
            return Done(accounts.ResetPassword(
                req.caller, *id,
                StringField(req.json->as_object(), "new_password")));
          },
  });
  for (const bool disable : {true, false}) {
    routes.push_back(Route{
        .method = Verb::post,
        .pattern = disable ? "/api/accounts/{id}/disable"
                           : "/api/accounts/{id}/enable",
        .policy = Policy::Roles(kAdministrators),
        .tag = "accounts",
        .summary = disable ? "停用下级账号" : "启用下级账号",
        .handler =
            [&accounts, disable](const Request& req) {
              auto id = IntPathParam(req, "id", 1, 2000000000);
              if (!id.ok()) return Response::Problem(id.status());
              return Done(accounts.SetDisabled(req.caller, *id, disable));
            },
    });
  }
  return routes;
}

}  // namespace zxkh::http
