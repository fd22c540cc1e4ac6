// Registration over HTTP (the real Application and server): the public open
// items with the consent, self-registration, form entry errors at the field,
// the import job (202 → polling → report with row errors), export and
// template workbooks, and bad input as problem+json.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <thread>

#include "common/validators.hpp"
#include "docs/tabular.hpp"
#include "docs/text_encoding.hpp"
#include "domain/registration.hpp"
#include "support/registration_fixture.hpp"
#include "support/test_app.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;
using test::Headers;
using test::HttpResult;

class RegistrationApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { app_ = new test::TestApp(/*demo=*/true); }
  static void TearDownTestSuite() {
    delete app_;
    app_ = nullptr;
  }
  void SetUp() override { client_ = app_->Client(); }

  static Headers& Session(const std::string& user) {
    static std::map<std::string, Headers> sessions;
    auto it = sessions.find(user);
    if (it == sessions.end())
      it = sessions.emplace(user, app_->SessionHeaders(user)).first;
    return it->second;
  }
  static void ExpectProblem(const HttpResult& r, unsigned status,
                            const std::string& code) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.Header("content-type").rfind("application/problem+json", 0), 0u)
        << r.Header("content-type");
    json::value body = r.Json();
    ASSERT_TRUE(body.is_object()) << r.body;
    EXPECT_EQ(body.at("code").as_string(), code) << r.body;
  }
  int64_t Item(const std::string& inst, const std::string& project) {
    return test::PlanItemId(app_->app().database(), inst, project);
  }
  // Polls an import job until it ends.
  json::object Await(const std::string& job, const std::string& user) {
    json::object last;
    for (int i = 0; i < 400; ++i) {
      auto r = client_->Get("/api/registrations/imports/" + job, Session(user));
      EXPECT_EQ(r.status, 200u) << r.body;
      if (r.status != 200) break;
      last = r.Json().as_object();
      const auto phase = last.at("phase").as_string();
      if (phase == "done" || phase == "failed") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return last;
  }

  static test::TestApp* app_;
  std::unique_ptr<test::TestClient> client_;
};

test::TestApp* RegistrationApiTest::app_ = nullptr;

TEST_F(RegistrationApiTest, PublicItemsCarryTheConsent) {
  auto r = client_->Get("/api/public/registration-items?project=ZX01001");
  ASSERT_EQ(r.status, 200u) << r.body;
  json::object o = r.Json().as_object();
  EXPECT_EQ(o.at("consent").at("version").as_string(),
            std::string(domain::kConsentVersion));
  ASSERT_EQ(o.at("items").as_array().size(), 1u);
  EXPECT_EQ(o.at("items").at(0).at("exam_date").as_string(), "2027-03-20");
  EXPECT_EQ(o.at("items").at(0).at("institution").at("code").as_string(),
            "Z370211P001");
  ExpectProblem(client_->Get("/api/public/registration-items?institution_id=x"),
                400, "request.invalid_query");
}

TEST_F(RegistrationApiTest, CandidateRegistersSelfAndCancels) {
  const int64_t item = Item("Z370211P001", "ZX04001");
  auto no_consent =
      client_->Post("/api/registrations/self",
                    json::serialize(json::object{{"item_id", item},
                                                 {"consent_version", "x"}}),
                    Session("13800000003"));
  ExpectProblem(no_consent, 400, "registration.consent_required");
  auto r = client_->Post(
      "/api/registrations/self",
      json::serialize(json::object{
          {"item_id", item},
          {"consent_version", std::string(domain::kConsentVersion)}}),
      Session("13800000003"));
  ASSERT_EQ(r.status, 201u) << r.body;
  const int64_t id = r.Json().at("id").as_int64();
  EXPECT_EQ(r.Json().at("state").as_string(), "registered");
  EXPECT_EQ(r.Json().at("source").as_string(), "self");
  // The ID number never leaves the server unmasked.
  EXPECT_NE(r.Json().at("id_masked").as_string().find('*'), std::string::npos);
  auto again = client_->Post(
      "/api/registrations/self",
      json::serialize(json::object{
          {"item_id", item},
          {"consent_version", std::string(domain::kConsentVersion)}}),
      Session("13800000003"));
  ExpectProblem(again, 409, "registration.duplicate");
  auto mine = client_->Get("/api/registrations", Session("13800000003"));
  ASSERT_EQ(mine.status, 200u);
  EXPECT_EQ(mine.Json().at("total").as_int64(), 1);
  auto cancel =
      client_->Post("/api/registrations/" + std::to_string(id) + "/cancel", "",
                    Session("13800000003"), "");
  ASSERT_EQ(cancel.status, 200u) << cancel.body;
  EXPECT_EQ(cancel.Json().at("state").as_string(), "cancelled");
  ExpectProblem(
      client_->Post("/api/registrations/" + std::to_string(id) + "/cancel", "",
                    Session("13800000003"), ""),
      409, "registration.state");
}

TEST_F(RegistrationApiTest, FormEntryErrorsNameTheField) {
  const int64_t item = Item("Z370211P001", "ZX01001");
  auto young =
      client_->Post("/api/registrations",
                    json::serialize(json::object{
                        {"item_id", item},
                        {"name", "小明"},
                        {"id_number", test::ResidentIdFor("20110321", 9)},
                        {"phone", "13912345678"}}),
                    Session("inst-Z370211P001"));
  ExpectProblem(young, 400, "registration.underage");
  EXPECT_EQ(young.Json().at("field").as_string(), "id_number");
  auto other =
      client_->Post("/api/registrations",
                    json::serialize(json::object{{"item_id", item},
                                                 {"name", "Anna Müller"},
                                                 {"id_type", "other"},
                                                 {"id_number", "C12345678"},
                                                 {"phone", "13912345679"}}),
                    Session("inst-Z370211P001"));
  ExpectProblem(other, 400, "registration.birth_date_required");
  EXPECT_EQ(other.Json().at("field").as_string(), "birth_date");
  auto unknown = client_->Post(
      "/api/registrations",
      json::serialize(json::object{{"item_id", item}, {"name", "x"}}),
      Session("inst-Z370211P001"));
  ExpectProblem(unknown, 400, "request.missing_field");
  auto foreign = client_->Post(
      "/api/registrations",
      json::serialize(json::object{{"item_id", item},
                                   {"name", "周杰"},
                                   {"id_number", test::NthResidentId(42)},
                                   {"phone", "13912345678"}}),
      Session("inst-Z370212Q001"));
  ExpectProblem(foreign, 404, "registration.item_not_found");
}

TEST_F(RegistrationApiTest, ImportJobReportsRowErrorsThenExportHasTheRows) {
  const int64_t item = Item("Z370211P001", "ZX04001");
  std::vector<test::CandidateRow> rows = test::ValidRows(50, 2000);
  rows[4][2] = "37021119900101123X";  // most likely a bad check char
  if (ResidentIdCheckChar("37021119900101123") == 'X') rows[4][2].back() = '0';
  rows[20][4] = "0532-8888";
  rows[33][0] = "";
  auto gbk = docs::Utf8ToGbk(test::CsvOf(rows));
  ASSERT_TRUE(gbk.ok());
  Headers h = Session("inst-Z370211P001-op");
  h["x-file-name"] = "%E6%8A%A5%E5%90%8D.csv";
  auto r = client_->Post(
      "/api/registrations/imports?item_id=" + std::to_string(item), *gbk, h,
      "text/csv");
  ASSERT_EQ(r.status, 202u) << r.body;
  const std::string job = std::string(r.Json().at("job_id").as_string());
  EXPECT_EQ(r.Header("location"), "/api/registrations/imports/" + job);
  json::object done = Await(job, "inst-Z370211P001");
  ASSERT_EQ(done.at("phase").as_string(), "done") << json::serialize(done);
  const json::object& report = done.at("report").as_object();
  EXPECT_EQ(report.at("rows").as_int64(), 50);
  EXPECT_EQ(report.at("imported").as_int64(), 47);
  const json::array& errors = report.at("errors").as_array();
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].at("row").as_int64(), 6);
  EXPECT_EQ(errors[0].at("column").as_string(), "证件号码");
  EXPECT_EQ(errors[1].at("row").as_int64(), 22);
  EXPECT_EQ(errors[1].at("column").as_string(), "手机号");
  EXPECT_EQ(errors[2].at("row").as_int64(), 35);
  EXPECT_EQ(errors[2].at("column").as_string(), "姓名");
  // Another institution does not see the job.
  auto foreign = client_->Get("/api/registrations/imports/" + job,
                              Session("inst-Z370212Q001"));
  ExpectProblem(foreign, 404, "registration.job_not_found");

  auto xlsx = client_->Get(
      "/api/registrations/export.xlsx?item_id=" + std::to_string(item) +
          "&q=" + "%E7%8E%8B%E8%8A%B3",  // 王芳
      Session("district-370211"));
  ASSERT_EQ(xlsx.status, 200u) << xlsx.body;
  auto table = docs::ReadTable(xlsx.body);
  ASSERT_TRUE(table.ok());
  EXPECT_GE(table->rows.size(), 4u);
  for (const auto& row : table->rows) EXPECT_EQ(row[1], "王芳");

  auto tpl = client_->Get("/api/registrations/template.xlsx",
                          Session("inst-Z370211P001"));
  ASSERT_EQ(tpl.status, 200u);
  auto header = docs::ReadTable(tpl.body);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->header, test::ImportHeader());
}

TEST_F(RegistrationApiTest, ImportOfAnUnreadableFileFailsAsAJob) {
  const int64_t item = Item("Z370211P001", "ZX04001");
  auto r = client_->Post(
      "/api/registrations/imports?item_id=" + std::to_string(item),
      "姓名,证件号码\r\n王芳,1\r\n", Session("inst-Z370211P001"), "text/csv");
  ASSERT_EQ(r.status, 202u) << r.body;
  json::object done =
      Await(std::string(r.Json().at("job_id").as_string()), "inst-Z370211P001");
  EXPECT_EQ(done.at("phase").as_string(), "failed");
  EXPECT_EQ(done.at("error").at("code").as_string(), "import.missing_column");
  ExpectProblem(client_->Post("/api/registrations/imports", "a,b\r\n",
                              Session("inst-Z370211P001"), "text/csv"),
                400, "request.invalid_query");
}

}  // namespace
}  // namespace zxkh::http
