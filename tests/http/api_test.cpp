// The HTTP API end to end: the real Application (real database — SQLite or
// PostgreSQL per ZXKH_TEST_DB —, real routes, real Beast server on port 0).
// Bad input of every kind gets a 4xx problem+json and changes nothing.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>

#include "support/test_app.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;
using test::Headers;
using test::HttpResult;

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { app_ = new test::TestApp(/*demo=*/true); }
  static void TearDownTestSuite() {
    delete app_;
    app_ = nullptr;
  }
  void SetUp() override { client_ = app_->Client(); }

  Headers Admin() const { return app_->CityHeaders(); }
  int64_t CatalogTotal() {
    auto r = client_->Get("/api/public/catalog?page_size=1");
    EXPECT_EQ(r.status, 200u);
    return r.Json().at("total").as_int64();
  }
  // Asserts a problem+json answer with `status` and `code`.
  static void ExpectProblem(const HttpResult& r, unsigned status,
                            const std::string& code) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.Header("content-type").rfind("application/problem+json", 0), 0u)
        << r.Header("content-type");
    json::value body = r.Json();
    ASSERT_TRUE(body.is_object()) << r.body;
    EXPECT_EQ(body.at("code").as_string(), code) << r.body;
    EXPECT_EQ(body.at("status").as_int64(), status);
    EXPECT_FALSE(body.at("title").as_string().empty());
  }

  static test::TestApp* app_;
  std::unique_ptr<test::TestClient> client_;
};

test::TestApp* ApiTest::app_ = nullptr;

TEST_F(ApiTest, HealthAndMetrics) {
  auto h = client_->Get("/healthz");
  EXPECT_EQ(h.status, 200u);
  EXPECT_EQ(h.Json().at("status").as_string(), "ok");
  client_->Get("/api/public/catalog");
  auto m = client_->Get("/metrics");
  EXPECT_EQ(m.status, 200u);
  EXPECT_NE(m.body.find("zxkh_http_requests_total{route=\"/api/public/"
                        "catalog\",method=\"GET\",status=\"200\"}"),
            std::string::npos)
      << m.body.substr(0, 2000);
  EXPECT_NE(m.body.find("zxkh_store_pool_size"), std::string::npos);
  EXPECT_NE(m.body.find("zxkh_http_request_duration_seconds_count{route=\"/api/"
                        "public/catalog\"}"),
            std::string::npos);
}

TEST_F(ApiTest, PublicKeysListTheCurrentSigningKey) {
  auto r = client_->Get("/api/public/keys");
  ASSERT_EQ(r.status, 200u) << r.body;
  const boost::json::value body = r.Json();
  const auto& keys = body.at("keys").as_array();
  ASSERT_EQ(keys.size(), 1u) << r.body;
  const auto& key = keys[0].as_object();
  EXPECT_EQ(key.at("status").as_string(), "current");
  EXPECT_EQ(key.at("algorithm").as_string(), "Ed25519");
  auto public_key = Base64Decode(key.at("public_key").as_string());
  ASSERT_TRUE(public_key.ok());
  EXPECT_EQ(key.at("key_id").as_string(), KeyIdOf(*public_key));
  EXPECT_EQ(KeyIdOf(*public_key), app_->app().keys().current()->key_id());
}

TEST_F(ApiTest, PublicCatalogListsDemoProjectsWithFiltersAndPaging) {
  auto r = client_->Get("/api/public/catalog?page_size=5");
  ASSERT_EQ(r.status, 200u);
  json::value body = r.Json();
  EXPECT_GE(body.at("total").as_int64(), 18);
  EXPECT_EQ(body.at("items").as_array().size(), 5u);
  EXPECT_EQ(body.at("items").at(0).at("name").as_string(), "胶东花饽饽制作");

  auto search =
      client_->Get("/api/public/catalog?q=%E5%89%AA%E7%BA%B8");  // 剪纸
  ASSERT_EQ(search.status, 200u);
  ASSERT_EQ(search.Json().at("total").as_int64(), 1);
  EXPECT_EQ(search.Json().at("items").at(0).at("code").as_string(), "ZX03005");

  auto retired = client_->Get("/api/public/catalog?status=retired");
  ASSERT_EQ(retired.status, 200u);
  EXPECT_EQ(retired.Json().at("items").at(0).at("code").as_string(), "ZX01002");

  auto one = client_->Get("/api/public/catalog/ZX04001");
  ASSERT_EQ(one.status, 200u);
  EXPECT_EQ(one.Json().at("name").as_string(), "电商直播");
  ExpectProblem(client_->Get("/api/public/catalog/ZX04999"), 404,
                "catalog.not_found");
}

TEST_F(ApiTest, BadQueryParametersAre400) {
  ExpectProblem(client_->Get("/api/public/catalog?page=0"), 400,
                "request.invalid_query");
  ExpectProblem(client_->Get("/api/public/catalog?page=abc"), 400,
                "request.invalid_query");
  ExpectProblem(client_->Get("/api/public/catalog?page_size=201"), 400,
                "request.invalid_query");
  ExpectProblem(client_->Get("/api/public/catalog?status=gone"), 400,
                "catalog.status_invalid");
  ExpectProblem(client_->Get("/api/public/catalog?q=%ZZ"), 400,
                "request.bad_target");
  ExpectProblem(
      client_->Get("/api/public/calendar/add-working-days?date=2026-02-30&n=5"),
      400, "request.invalid_query");
  ExpectProblem(
      client_->Get("/api/public/calendar/add-working-days?date=2026-09-30&n=0"),
      400, "request.invalid_query");
  ExpectProblem(client_->Get("/api/public/calendar/years/20x6"), 400,
                "request.invalid_path");
}

TEST_F(ApiTest, CatalogMaintenanceNeedsACitySessionAndCsrf) {
  const std::string body =
      R"({"code":"ZX04009","name":"无会话项目","catalog_version":"2023版"})";
  ExpectProblem(client_->Post("/api/catalog/projects", body), 401,
                "auth.required");
  ExpectProblem(client_->Post("/api/catalog/projects", body,
                              {{"cookie", "zxkh_session=forged-token"}}),
                401, "auth.session_expired");
  Headers no_csrf = Admin();
  no_csrf.erase("x-csrf-token");
  ExpectProblem(client_->Post("/api/catalog/projects", body, no_csrf), 403,
                "auth.csrf");
  Headers wrong_csrf = Admin();
  wrong_csrf["x-csrf-token"] = "not-the-token";
  ExpectProblem(client_->Post("/api/catalog/projects", body, wrong_csrf), 403,
                "auth.csrf");
  ExpectProblem(client_->Post("/api/catalog/projects", body,
                              app_->SessionHeaders("district-370211")),
                403, "auth.forbidden");
  ExpectProblem(client_->Get("/api/public/catalog/ZX04009"), 404,
                "catalog.not_found");
}

TEST_F(ApiTest, CreateProjectRefusesEveryKindOfBadBodyWithoutWriting) {
  const int64_t before = CatalogTotal();
  struct Case {
    std::string body;
    std::string content_type;
    unsigned status;
    std::string code;
  };
  const std::vector<Case> cases = {
      {"{", "application/json", 400, "request.malformed_json"},
      {"[1,2]", "application/json", 400, "request.wrong_type"},
      {R"({"code":1,"name":"x","catalog_version":"v"})", "application/json",
       400, "request.wrong_type"},
      {R"({"code":"ZX04009","name":"未知字段","catalog_version":"2023版","extra":true})",
       "application/json", 400, "request.unknown_field"},
      {R"({"code":"ZX04009","catalog_version":"2023版"})", "application/json",
       400, "request.missing_field"},
      {R"({"code":"ZX09009","name":"坏代码","catalog_version":"2023版"})",
       "application/json", 400, "catalog.code_invalid"},
      {R"({"code":"ZX04009","name":"类别不符","category":"种植","catalog_version":"2023版"})",
       "application/json", 400, "catalog.category_mismatch"},
      {R"({"code":"ZX04009","name":"类别","category":"不存在","catalog_version":"2023版"})",
       "application/json", 400, "request.invalid_field"},
      {R"({"code":"ZX04001","name":"重复代码","catalog_version":"2023版"})",
       "application/json", 409, "catalog.code_taken"},
      {R"({"code":"ZX04009","name":"剪纸","catalog_version":"2023版"})",
       "application/json", 409, "catalog.name_taken"},
      {R"({"code":"ZX04009","name":"文本类型","catalog_version":"2023版"})",
       "text/plain", 415, "request.unsupported_media_type"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.body);
    ExpectProblem(
        client_->Post("/api/catalog/projects", c.body, Admin(), c.content_type),
        c.status, c.code);
  }
  // Oversize body: 413, and the connection is closed; a new one still works.
  auto huge = client_->Post("/api/catalog/projects", std::string(2 << 20, ' '),
                            Admin());
  ExpectProblem(huge, 413, "request.too_large");
  client_ = app_->Client();
  EXPECT_EQ(CatalogTotal(), before);
}

TEST_F(ApiTest, CreateEditRetireReinstateProject) {
  auto created = client_->Post(
      "/api/catalog/projects",
      R"({"code":"ZX03009","name":"青岛贝壳画制作","catalog_version":"2023版"})",
      Admin());
  ASSERT_EQ(created.status, 201u) << created.body;
  EXPECT_EQ(created.Json().at("category").as_string(), "手工制作");
  EXPECT_EQ(created.Json().at("status").as_string(), "active");

  auto patched = client_->Request(
      boost::beast::http::verb::patch, "/api/catalog/projects/ZX03009",
      R"({"name":"贝壳画制作"})", Admin(), "application/json");
  ASSERT_EQ(patched.status, 200u) << patched.body;
  EXPECT_EQ(patched.Json().at("name").as_string(), "贝壳画制作");

  auto retired =
      client_->Post("/api/catalog/projects/ZX03009/retire", "", Admin(), "");
  ASSERT_EQ(retired.status, 200u) << retired.body;
  EXPECT_EQ(retired.Json().at("status").as_string(), "retired");
  ExpectProblem(
      client_->Post("/api/catalog/projects/ZX03009/retire", "", Admin(), ""),
      409, "catalog.already_retired");
  auto back =
      client_->Post("/api/catalog/projects/ZX03009/reinstate", "", Admin(), "");
  ASSERT_EQ(back.status, 200u);
  EXPECT_EQ(back.Json().at("status").as_string(), "active");
  ExpectProblem(
      client_->Post("/api/catalog/projects/ZX03999/retire", "", Admin(), ""),
      404, "catalog.not_found");
}

TEST_F(ApiTest, ImportCsvReportsRows) {
  const std::string csv = "项目代码,项目名称\nZX02005,海带养殖\nZX02,坏代码\n";
  auto r = client_->Post("/api/catalog/import?catalog_version=2024%E7%89%88",
                         csv, Admin(), "text/csv");
  ASSERT_EQ(r.status, 200u) << r.body;
  json::value body = r.Json();
  EXPECT_EQ(body.at("created").as_int64(), 1);
  ASSERT_EQ(body.at("errors").as_array().size(), 1u);
  EXPECT_EQ(body.at("errors").at(0).at("row").as_int64(), 3);
  auto p = client_->Get("/api/public/catalog/ZX02005");
  EXPECT_EQ(p.Json().at("catalog_version").as_string(), "2024版");
  ExpectProblem(client_->Post("/api/catalog/import", "", Admin(), "text/csv"),
                400, "import.empty");
}

TEST_F(ApiTest, ExportedCatalogImportsBackUnchanged) {
  auto x = client_->Get(
      "/api/public/catalog/export.xlsx?category=%E7%A7%8D%E6%A4%8D");  // 种植
  ASSERT_EQ(x.status, 200u) << x.body;
  EXPECT_EQ(
      x.Header("content-type"),
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(x.body.substr(0, 2), "PK");
  auto back = client_->Post(
      "/api/catalog/import", x.body, Admin(),
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  ASSERT_EQ(back.status, 200u) << back.body;
  const int64_t planting =
      client_->Get("/api/public/catalog?category=%E7%A7%8D%E6%A4%8D")
          .Json()
          .at("total")
          .as_int64();
  EXPECT_GE(planting, 4);
  EXPECT_EQ(back.Json().at("rows").as_int64(), planting);
  EXPECT_EQ(back.Json().at("unchanged").as_int64(), planting);
  EXPECT_TRUE(back.Json().at("errors").as_array().empty());
}

TEST_F(ApiTest, SpecificationDocumentIsSniffedStoredOnceAndServed) {
  const std::string pdf = "%PDF-1.4\n% 胶东花饽饽制作考核规范\n%%EOF\n";
  Headers h = Admin();
  h["x-file-name"] =
      "%E8%80%83%E6%A0%B8%E8%A7%84%E8%8C%83.pdf";  // 考核规范.pdf
  auto up = client_->Put("/api/catalog/projects/ZX01001/specification", pdf, h,
                         "application/octet-stream");
  ASSERT_EQ(up.status, 200u) << up.body;
  EXPECT_EQ(up.Json().at("spec_file_name").as_string(), "考核规范.pdf");
  const std::string sha =
      std::string(up.Json().at("spec_file_sha256").as_string());
  EXPECT_EQ(sha.size(), 64u);
  // The same content for another project is stored once (same address).
  auto again = client_->Put("/api/catalog/projects/ZX01003/specification", pdf,
                            Admin(), "application/pdf");
  ASSERT_EQ(again.status, 200u);
  EXPECT_EQ(again.Json().at("spec_file_sha256").as_string(), sha);

  auto down = client_->Get("/api/public/catalog/ZX01001/specification");
  ASSERT_EQ(down.status, 200u);
  EXPECT_EQ(down.body, pdf);
  EXPECT_EQ(down.Header("content-type"), "application/pdf");
  EXPECT_NE(down.Header("content-disposition").find("filename*=UTF-8''"),
            std::string::npos);

  // A text file named .pdf is refused by content; nothing changes.
  Headers fake = Admin();
  fake["x-file-name"] = "fake.pdf";
  ExpectProblem(
      client_->Put("/api/catalog/projects/ZX01001/specification",
                   "just some text, not a PDF", fake, "application/pdf"),
      400, "file.type_not_allowed");
  EXPECT_EQ(client_->Get("/api/public/catalog/ZX01001")
                .Json()
                .at("spec_file_sha256")
                .as_string(),
            sha);
  ExpectProblem(client_->Put("/api/catalog/projects/ZX09999/specification", pdf,
                             Admin(), "application/pdf"),
                404, "catalog.not_found");
  ExpectProblem(client_->Get("/api/public/catalog/ZX02001/specification"), 404,
                "catalog.no_specification");
}

TEST_F(ApiTest, CalendarComputationsAndMaintenance) {
  auto add =
      client_->Get("/api/public/calendar/add-working-days?date=2026-09-30&n=5");
  ASSERT_EQ(add.status, 200u) << add.body;
  EXPECT_EQ(add.Json().at("date").as_string(), "2026-10-12");
  auto before = client_->Get(
      "/api/public/calendar/working-days-before?date=2026-10-12&n=1");
  ASSERT_EQ(before.status, 200u);
  EXPECT_EQ(before.Json().at("date").as_string(),
            "2026-10-10");  // make-up Saturday

  ExpectProblem(
      client_->Get("/api/public/calendar/add-working-days?date=2030-01-02&n=1"),
      409, "calendar.year_not_covered");
  ExpectProblem(client_->Get("/api/public/calendar/years/2030"), 404,
                "calendar.year_not_covered");

  ExpectProblem(
      client_->Put(
          "/api/calendar/years/2030",
          R"({"source":"测试","days":[{"date":"2030-02-30","kind":"off","name":"x"}]})",
          Admin()),
      400, "request.invalid_field");
  ExpectProblem(
      client_->Put(
          "/api/calendar/years/2030",
          R"({"source":"测试","days":[{"date":"2031-01-01","kind":"off","name":"元旦"}]})",
          Admin()),
      400, "calendar.date_outside_year");
  auto put = client_->Put(
      "/api/calendar/years/2030",
      R"({"source":"测试通知","days":[{"date":"2030-01-01","kind":"off","name":"元旦"}]})",
      Admin());
  ASSERT_EQ(put.status, 200u) << put.body;
  auto after =
      client_->Get("/api/public/calendar/add-working-days?date=2030-01-01&n=1");
  ASSERT_EQ(after.status, 200u) << after.body;
  EXPECT_EQ(after.Json().at("date").as_string(), "2030-01-02");
  auto year = client_->Get("/api/public/calendar/years/2030");
  ASSERT_EQ(year.status, 200u);
  EXPECT_EQ(year.Json().at("days").as_array().size(), 1u);
}

TEST_F(ApiTest, RegionsAreTheTenDistrictsOfQingdao) {
  auto r = client_->Get("/api/public/regions");
  ASSERT_EQ(r.status, 200u);
  int districts = 0;
  const json::value body = r.Json();
  for (const auto& item : body.at("items").as_array()) {
    if (item.at("level").as_string() == "district") {
      ++districts;
      EXPECT_EQ(item.at("parent_code").as_string(), "370200");
    }
  }
  EXPECT_EQ(districts, 10);
}

TEST_F(ApiTest, UnknownApiPathAndWrongMethod) {
  ExpectProblem(client_->Get("/api/nothing-here"), 404, "http.not_found");
  auto r = client_->Delete("/api/public/catalog");
  ExpectProblem(r, 405, "http.method_not_allowed");
  EXPECT_NE(r.Header("allow").find("GET"), std::string::npos);
}

// The OpenAPI document and the route table agree: the same operations, and
// every declared request schema is what the server enforces.
TEST_F(ApiTest, OpenApiDocumentAgreesWithTheRouteTable) {
  auto r = client_->Get("/api/openapi.json");
  ASSERT_EQ(r.status, 200u);
  json::value doc = r.Json();
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(std::string(doc.at("openapi").as_string()).substr(0, 2), "3.");
  const json::object& paths = doc.at("paths").as_object();

  std::set<std::string> from_routes, from_doc;
  for (const Route& route : app_->app().routes()) {
    std::string method(boost::beast::http::to_string(route.method));
    for (char& c : method) c = static_cast<char>(std::tolower(c));
    from_routes.insert(method + " " + route.pattern);
    EXPECT_FALSE(route.summary.empty()) << route.pattern;
    EXPECT_FALSE(route.tag.empty()) << route.pattern;
  }
  for (const auto& [path, item] : paths) {
    for (const auto& [method, op] : item.as_object()) {
      if (method == "parameters") continue;
      from_doc.insert(std::string(method) + " " + std::string(path));
    }
  }
  EXPECT_EQ(from_routes, from_doc);

  // For each documented JSON body: a required field missing and an unknown
  // field are both refused, exactly as documented.
  int checked = 0;
  for (const Route& route : app_->app().routes()) {
    if (!route.request_schema) continue;
    std::string path = route.pattern;
    for (auto pos = path.find('{'); pos != std::string::npos;
         pos = path.find('{')) {
      path.replace(pos, path.find('}', pos) - pos + 1, "2031");
    }
    SCOPED_TRACE(route.pattern);
    const json::object& schema = route.request_schema->as_object();
    // A caller the policy admits, so the schema (checked after the policy)
    // answers.
    Headers caller = Admin();
    if (!route.policy.Allows(domain::Role::kCity)) {
      static std::map<domain::Role, Headers> sessions;
      for (const auto& [role, user] :
           std::vector<std::pair<domain::Role, std::string>>{
               {domain::Role::kProvince, "province"},
               {domain::Role::kDistrict, "district-370211"},
               {domain::Role::kInstitutionAdmin, "inst-Z370211P001"},
               {domain::Role::kCandidate, "13800000001"},
               {domain::Role::kProctor, "proctor-01"},
               {domain::Role::kSupervisor, "supervisor-01"},
               {domain::Role::kExaminer, "examiner-01"}}) {
        if (!route.policy.Allows(role)) continue;
        if (!sessions.count(role)) {
          sessions[role] = app_->SessionHeaders(user);
        }
        caller = sessions[role];
        break;
      }
    }
    auto send = [&](const std::string& body) {
      return client_->Request(route.method, path, body, caller,
                              "application/json");
    };
    if (auto req = schema.find("required");
        req != schema.end() && !req->value().as_array().empty()) {
      ExpectProblem(send("{}"), 400, "request.missing_field");
    }
    ExpectProblem(send(R"({"undocumented_field_zz":1})"), 400,
                  "request.unknown_field");
    ++checked;
  }
  EXPECT_GE(checked, 3);
}

// Every route answers malformed JSON and junk with 4xx, never 5xx.
TEST_F(ApiTest, NoRouteAnswers5xxToJunk) {
  for (const Route& route : app_->app().routes()) {
    std::string path = route.pattern;
    for (auto pos = path.find('{'); pos != std::string::npos;
         pos = path.find('{')) {
      path.replace(pos, path.find('}', pos) - pos + 1, "%E2%80%AE..%2F");
    }
    for (const std::string& body :
         {std::string("{\"a\":"), std::string("\xff\xfe junk"),
          std::string("null")}) {
      auto r = client_->Request(route.method, path + "?page=-1&date=x&n=99999",
                                body, Admin(), "application/json");
      EXPECT_LT(r.status, 500u)
          << route.pattern << " → " << r.status << " " << r.body;
      EXPECT_GT(r.status, 0u) << r.error;
    }
  }
}

}  // namespace
}  // namespace zxkh::http
