// The authorization matrix (issue 3 point 6), generated from the route
// table: every route is called as every role — and, where the route acts on
// a record, as its owner and as a foreigner (another district, another
// institution, another candidate) — and the status must be what the route's
// declared policy and the data scope rules say. A route added without a
// case here fails the test, so new routes join the matrix automatically.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <functional>
#include <map>

#include "support/test_app.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;
using domain::Role;
using test::Headers;
using test::HttpResult;

// Who calls: a role and a demo account of it ("" = no session).
struct Actor {
  Role role;
  std::string username;
};

const std::vector<Actor> kActors = {
    {Role::kPublic, ""},
    {Role::kProvince, "province"},
    {Role::kCity, "city"},
    {Role::kDistrict, "district-370211"},
    {Role::kInstitutionAdmin, "inst-Z370211P001"},
    {Role::kInstitutionOperator, "inst-Z370211P001-op"},
    {Role::kExaminer, "examiner-01"},
    {Role::kProctor, "proctor-01"},
    {Role::kSupervisor, "supervisor-01"},
    {Role::kCandidate, "13800000001"},
};

enum class Ownership { kNone, kOwner, kForeigner };

std::string_view OwnershipName(Ownership o) {
  switch (o) {
    case Ownership::kNone:
      return "-";
    case Ownership::kOwner:
      return "owner";
    case Ownership::kForeigner:
      return "foreigner";
  }
  return "?";
}

// One request to make: path (pattern with its parameters filled) and body.
struct Call {
  std::string path;
  std::string body;
  std::string content_type = "application/json";
};

class MatrixTest : public ::testing::Test {
 public:
  static void SetUpTestSuite() { app_ = new test::TestApp(/*demo=*/true); }
  static void TearDownTestSuite() {
    delete app_;
    app_ = nullptr;
  }

  // Session headers per demo user, cached.
  Headers SessionOf(const std::string& username) {
    if (username.empty()) return {};
    auto it = sessions_.find(username);
    if (it == sessions_.end()) {
      it = sessions_.emplace(username, app_->SessionHeaders(username)).first;
    }
    return it->second;
  }

  // Creates an account as `creator` and returns its id.
  int64_t CreateAccount(const std::string& creator, json::object body) {
    static std::atomic<int> serial{0};
    body["username"] = "matrix-" + std::to_string(++serial);
    body["display_name"] = "矩阵测试账号";
    body["password"] = "Matrix#Pass2026";
    auto r = app_->Client()->Post("/api/accounts", json::serialize(body),
                                  SessionOf(creator));
    EXPECT_EQ(r.status, 201u) << creator << " " << r.body;
    return r.status == 201 ? r.Json().at("id").as_int64() : -1;
  }

  // An account that `actor` administers (owner) or that lies outside its
  // scope (foreigner), created fresh for every call.
  int64_t AccountTarget(Role role, Ownership o) {
    const bool own = o == Ownership::kOwner;
    switch (role) {
      case Role::kProvince:
        return own ? CreateAccount("province", {{"role", "CITY"}})
                   : CreateAccount("city", {{"role", "DISTRICT"},
                                            {"district_code", "370211"}});
      case Role::kCity:
        return own ? CreateAccount("city", {{"role", "DISTRICT"},
                                            {"district_code", "370212"}})
                   : CreateAccount("district-370211",
                                   {{"role", "INSTITUTION_OPERATOR"},
                                    {"institution_id", 1}});
      case Role::kDistrict:
        return own ? CreateAccount("district-370211",
                                   {{"role", "INSTITUTION_OPERATOR"},
                                    {"institution_id", 1}})
                   : CreateAccount("district-370212",
                                   {{"role", "INSTITUTION_OPERATOR"},
                                    {"institution_id", 2}});
      case Role::kInstitutionAdmin:
        return own ? CreateAccount("inst-Z370211P001",
                                   {{"role", "INSTITUTION_OPERATOR"}})
                   : CreateAccount("inst-Z370212Q001",
                                   {{"role", "INSTITUTION_OPERATOR"}});
      default:
        // Roles without account administration: any account will do, the
        // policy refuses them first.
        return CreateAccount("inst-Z370211P001",
                             {{"role", "INSTITUTION_OPERATOR"}});
    }
  }

  static std::string Fill(std::string pattern, const std::string& name,
                          const std::string& v) {
    const std::string key = "{" + name + "}";
    pattern.replace(pattern.find(key), key.size(), v);
    return pattern;
  }

  static test::TestApp* app_;
  std::map<std::string, Headers> sessions_;
};

test::TestApp* MatrixTest::app_ = nullptr;

// How to call one route: whether it acts on a scoped record, and the call
// for an actor in an ownership relation. Every route needs one.
struct Case {
  bool scoped = false;  // true: run as owner and as foreigner
  std::function<Call(MatrixTest&, Role, Ownership)> make;
  // Expected status for an allowed caller (owner, or any when unscoped).
  unsigned ok_status = 200;
  // Roles whose scope is the whole city: for them no record is foreign.
  std::vector<Role> citywide = {};
};

TEST_F(MatrixTest, EveryRouteAsEveryRoleOwnerAndForeigner) {
  static std::atomic<int> project_serial{100};
  static std::atomic<int> phone_serial{0};
  auto fixed = [](std::string path, std::string body = "") {
    return [path, body](MatrixTest&, Role, Ownership) {
      return Call{path, body};
    };
  };
  auto fresh_project = [](MatrixTest& t) {
    const std::string code = "ZX04" + std::to_string(++project_serial);
    json::object body{{"code", code},
                      {"name", "矩阵项目" + code},
                      {"catalog_version", "2023版"}};
    auto r = app_->Client()->Post("/api/catalog/projects",
                                  json::serialize(body), t.SessionOf("city"));
    EXPECT_EQ(r.status, 201u) << r.body;
    return code;
  };
  auto account = [](std::string suffix, std::string body = "") {
    return [suffix, body](MatrixTest& t, Role role, Ownership o) {
      const int64_t id =
          t.AccountTarget(role, o == Ownership::kNone ? Ownership::kOwner : o);
      return Call{"/api/accounts/" + std::to_string(id) + suffix, body};
    };
  };

  std::map<std::string, Case> cases = {
      {"GET /healthz", {false, fixed("/healthz")}},
      {"GET /metrics", {false, fixed("/metrics")}},
      {"GET /api/openapi.json", {false, fixed("/api/openapi.json")}},
      {"GET /api/public/catalog", {false, fixed("/api/public/catalog")}},
      {"GET /api/public/catalog/export.xlsx",
       {false, fixed("/api/public/catalog/export.xlsx")}},
      {"GET /api/public/catalog/{code}",
       {false, fixed("/api/public/catalog/ZX01001")}},
      {"POST /api/catalog/projects",
       {false,
        [](MatrixTest&, Role, Ownership) {
          const std::string code = "ZX04" + std::to_string(++project_serial);
          return Call{
              "/api/catalog/projects",
              json::serialize(json::object{{"code", code},
                                           {"name", "矩阵项目" + code},
                                           {"catalog_version", "2023版"}})};
        },
        201}},
      {"PATCH /api/catalog/projects/{code}",
       {false,
        [fresh_project](MatrixTest& t, Role, Ownership) {
          return Call{"/api/catalog/projects/" + fresh_project(t),
                      R"({"catalog_version":"2024版"})"};
        }}},
      {"POST /api/catalog/projects/{code}/retire",
       {false,
        [fresh_project](MatrixTest& t, Role, Ownership) {
          return Call{"/api/catalog/projects/" + fresh_project(t) + "/retire",
                      ""};
        }}},
      {"POST /api/catalog/projects/{code}/reinstate",
       {false,
        [fresh_project](MatrixTest& t, Role, Ownership) {
          const std::string code = fresh_project(t);
          auto r =
              app_->Client()->Post("/api/catalog/projects/" + code + "/retire",
                                   "", t.SessionOf("city"), "");
          EXPECT_EQ(r.status, 200u);
          return Call{"/api/catalog/projects/" + code + "/reinstate", ""};
        }}},
      {"POST /api/catalog/import",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/catalog/import",
                      "项目代码,项目名称\nZX01001,胶东花饽饽制作\n",
                      "text/csv"};
        }}},
      {"PUT /api/catalog/projects/{code}/specification",
       {false,
        [](MatrixTest&, Role, Ownership) {
          return Call{"/api/catalog/projects/ZX01003/specification",
                      "%PDF-1.4\n%matrix test specification\n%%EOF\n",
                      "application/pdf"};
        }}},
      {"GET /api/public/catalog/{code}/specification",
       {false,
        [](MatrixTest& t, Role, Ownership) {
          auto r =
              app_->Client()->Put("/api/catalog/projects/ZX01004/specification",
                                  "%PDF-1.4\n%spec\n%%EOF\n",
                                  t.SessionOf("city"), "application/pdf");
          EXPECT_EQ(r.status, 200u) << r.body;
          return Call{"/api/public/catalog/ZX01004/specification", ""};
        }}},
      {"GET /api/public/calendar/years",
       {false, fixed("/api/public/calendar/years")}},
      {"GET /api/public/calendar/years/{year}",
       {false, fixed("/api/public/calendar/years/2026")}},
      {"GET /api/public/calendar/add-working-days",
       {false,
        fixed("/api/public/calendar/add-working-days?date=2026-09-30&n=5")}},
      {"GET /api/public/calendar/working-days-before",
       {false,
        fixed(
            "/api/public/calendar/working-days-before?date=2026-10-12&n=10")}},
      {"PUT /api/calendar/years/{year}",
       {false, fixed("/api/calendar/years/2031",
                     R"({"source":"矩阵测试","days":[]})")}},
      {"GET /api/public/regions", {false, fixed("/api/public/regions")}},
      // Wrong password: every caller gets the same 401, and nobody is locked
      // out (the user name does not exist).
      {"POST /api/auth/login",
       {false,
        fixed("/api/auth/login",
              R"({"username":"no-such-user","password":"x"})"),
        401}},
      {"POST /api/auth/register",
       {false,
        [](MatrixTest&, Role, Ownership) {
          // A fresh phone and resident ID per call (check digit computed).
          const int n = ++phone_serial;
          std::string id17 =
              "37021119900101" + std::to_string(100 + n).substr(0, 3);
          static constexpr int kWeights[] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                             3, 7, 9,  10, 5, 8, 4, 2};
          int sum = 0;
          for (int i = 0; i < 17; ++i) sum += (id17[i] - '0') * kWeights[i];
          const std::string id = id17 + "10X98765432"[sum % 11];
          char phone[16];
          std::snprintf(phone, sizeof phone, "139%08d", n);
          return Call{"/api/auth/register", json::serialize(json::object{
                                                {"name", "矩阵考生"},
                                                {"id_number", id},
                                                {"phone", phone},
                                                {"password", "Candidate#2026"},
                                                {"consent", true}})};
        },
        201}},
      {"GET /api/auth/me", {false, fixed("/api/auth/me")}},
      // Logout is called with a throw-away session (see below).
      {"POST /api/auth/logout", {false, fixed("/api/auth/logout"), 204}},
      // A wrong old password: the session is valid, the answer is 401.
      {"POST /api/auth/password",
       {false,
        fixed(
            "/api/auth/password",
            R"({"old_password":"wrong-old-password","new_password":"New#Password2026"})"),
        401}},
      {"GET /api/accounts", {false, fixed("/api/accounts")}},
      {"POST /api/accounts",
       {false,
        [](MatrixTest&, Role role, Ownership) {
          static std::atomic<int> n{0};
          json::object body{{"username", "matrix-new-" + std::to_string(++n)},
                            {"display_name", "矩阵新账号"},
                            {"password", "Matrix#Pass2026"}};
          // What each administrator may create.
          switch (role) {
            case Role::kProvince:
              body["role"] = "CITY";
              break;
            case Role::kCity:
              body["role"] = "EXAMINER";
              break;
            case Role::kDistrict:
              body["role"] = "INSTITUTION_OPERATOR";
              body["institution_id"] = 1;
              break;
            default:
              body["role"] = "INSTITUTION_OPERATOR";
              break;
          }
          return Call{"/api/accounts", json::serialize(body)};
        },
        201}},
      {"GET /api/accounts/{id}", {true, account("")}},
      {"POST /api/accounts/{id}/reset-password",
       {true,
        account("/reset-password", R"({"new_password":"Reset#Pass2026"})")}},
      {"POST /api/accounts/{id}/disable", {true, account("/disable")}},
      {"GET /api/logs/operations",
       {false, fixed("/api/logs/operations?from=2026-01-01")}},
      {"GET /api/logs/operations/export.xlsx",
       {false, fixed("/api/logs/operations/export.xlsx")}},
      {"GET /api/logs/logins",
       {false, fixed("/api/logs/logins?success=false")}},
      {"GET /api/logs/logins/export.xlsx",
       {false, fixed("/api/logs/logins/export.xlsx")}},
      {"GET /api/public/keys", {false, fixed("/api/public/keys")}},
      // An entry of the caller's own district (owner) or of another one.
      {"GET /api/audit/{seq}/proof",
       {true,
        [](MatrixTest& t, Role, Ownership o) {
          const char* district = o == Ownership::kForeigner ? "district-370212"
                                                            : "district-370211";
          auto r = app_->Client()->Get("/api/logs/operations?page_size=1",
                                       t.SessionOf(district));
          EXPECT_EQ(r.status, 200u) << r.body;
          const int64_t seq = r.Json().at("items").at(0).at("seq").as_int64();
          return Call{"/api/audit/" + std::to_string(seq) + "/proof", ""};
        },
        200,
        {Role::kProvince, Role::kCity}}},
      {"POST /api/accounts/{id}/enable",
       {true,
        [](MatrixTest& t, Role role, Ownership o) {
          const int64_t id = t.AccountTarget(role, o);
          // Disabled by the city or district that can, so enabling is possible.
          for (const char* admin :
               {"province", "city", "district-370211", "district-370212",
                "inst-Z370211P001", "inst-Z370212Q001"}) {
            auto r = app_->Client()->Post(
                "/api/accounts/" + std::to_string(id) + "/disable", "",
                t.SessionOf(admin), "");
            if (r.status == 200) break;
          }
          return Call{"/api/accounts/" + std::to_string(id) + "/enable", ""};
        }}},
  };

  // Both districts have entries in the operation log to point at.
  AccountTarget(Role::kDistrict, Ownership::kOwner);
  AccountTarget(Role::kDistrict, Ownership::kForeigner);

  int checked = 0;
  std::vector<std::string> missing;
  for (const Route& route : app_->app().routes()) {
    std::string method(boost::beast::http::to_string(route.method));
    const std::string key = method + " " + route.pattern;
    auto it = cases.find(key);
    if (it == cases.end()) {
      missing.push_back(key);
      continue;
    }
    const Case& c = it->second;
    for (const Actor& actor : kActors) {
      const std::vector<Ownership> relations =
          c.scoped
              ? std::vector<Ownership>{Ownership::kOwner, Ownership::kForeigner}
              : std::vector<Ownership>{Ownership::kNone};
      for (Ownership o : relations) {
        SCOPED_TRACE(key + " as " + std::string(domain::RoleName(actor.role)) +
                     " " + std::string(OwnershipName(o)));
        Call call = c.make(*this, actor.role, o);
        Headers headers = SessionOf(actor.username);
        if (key == "POST /api/auth/logout" && !actor.username.empty()) {
          headers = app_->SessionHeaders(actor.username);  // not the cached one
        }
        auto r =
            app_->Client()->Request(route.method, call.path, call.body, headers,
                                    call.body.empty() ? "" : call.content_type);
        unsigned expected;
        if (!route.policy.Allows(actor.role)) {
          expected = actor.role == Role::kPublic ? 401 : 403;
        } else if (o == Ownership::kForeigner &&
                   std::find(c.citywide.begin(), c.citywide.end(),
                             actor.role) == c.citywide.end()) {
          expected = 404;  // outside scope looks like missing
        } else {
          expected = c.ok_status;
        }
        EXPECT_EQ(r.status, expected) << r.body;
        ++checked;
      }
    }
  }
  EXPECT_TRUE(missing.empty())
      << "routes without an authorization matrix case: "
      << ::testing::PrintToString(missing);
  std::cout << "authorization matrix (" << test::TestDatabase::BackendName()
            << "): " << checked
            << " (route × role × owner/foreigner) cases checked\n";
  EXPECT_GT(checked, 200);
}

}  // namespace
}  // namespace zxkh::http
