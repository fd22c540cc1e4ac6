// Institution recruitment over HTTP (the real Application and server): bad
// input on the new routes is a 4xx problem+json, uploads stream with their
// name header and come back byte for byte, oversize uploads are 413.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/json.hpp>

#include "common/validators.hpp"
#include "support/recruitment_fixture.hpp"
#include "support/test_app.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;
using test::Headers;
using test::HttpResult;

class RecruitmentApiTest : public ::testing::Test {
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
    EXPECT_FALSE(body.at("title").as_string().empty());
  }
  // A new catalog project, so drafts never collide on one project.
  std::string FreshProject() {
    static int serial = 900;
    const std::string code = "ZX04" + std::to_string(++serial);
    auto r = client_->Post(
        "/api/catalog/projects",
        json::serialize(json::object{{"code", code},
                                     {"name", "接口测试项目" + code},
                                     {"catalog_version", "2023版"}}),
        Session("city"));
    EXPECT_EQ(r.status, 201u) << r.body;
    return code;
  }
  // A draft of Z370211P001, created over the API.
  int64_t NewDraft() {
    auto r = client_->Post("/api/recruitment/applications",
                           json::serialize(json::object{
                               {"project_codes", json::array{FreshProject()}}}),
                           Session("inst-Z370211P001"));
    EXPECT_EQ(r.status, 201u) << r.body;
    return r.status == 201 ? r.Json().at("id").as_int64() : -1;
  }
  HttpResult Upload(int64_t id, const std::string& query, std::string bytes,
                    const std::string& encoded_name = "") {
    Headers h = Session("inst-Z370211P001");
    if (!encoded_name.empty()) h["x-file-name"] = encoded_name;
    return client_->Post("/api/recruitment/applications/" + std::to_string(id) +
                             "/materials" + query,
                         std::move(bytes), h, "application/octet-stream");
  }

  static test::TestApp* app_;
  std::unique_ptr<test::TestClient> client_;
};

test::TestApp* RecruitmentApiTest::app_ = nullptr;

TEST_F(RecruitmentApiTest, MalformedJsonUnknownFieldsAndWrongTypesAre400) {
  const auto& inst = Session("inst-Z370211P001");
  ExpectProblem(client_->Post("/api/recruitment/applications",
                              "{\"project_codes\":", inst),
                400, "request.malformed_json");
  ExpectProblem(
      client_->Post("/api/recruitment/applications",
                    R"({"project_codes":["ZX03005"],"priority":"high"})", inst),
      400, "request.unknown_field");
  ExpectProblem(client_->Post("/api/recruitment/applications",
                              R"({"project_codes":"ZX03005"})", inst),
                400, "request.wrong_type");
  ExpectProblem(client_->Post("/api/recruitment/applications",
                              R"({"project_codes":["剪纸"]})", inst),
                400, "request.invalid_field");
  ExpectProblem(client_->Post("/api/recruitment/applications",
                              R"({"project_codes":[]})", inst),
                400, "request.invalid_field");
  ExpectProblem(
      client_->Post("/api/recruitment/applications",
                    R"({"project_codes":["ZX03005"]})", inst, "text/plain"),
      415, "request.unsupported_media_type");

  const auto& district = Session("district-370211");
  ExpectProblem(
      client_->Put("/api/recruitment/applications/1/findings",
                   R"({"findings":[{"type":"selfie","result":"ok"}]})",
                   district),
      400, "request.invalid_field");
  ExpectProblem(client_->Post("/api/recruitment/applications/1/return",
                              R"({"reason":""})", district),
                400, "request.invalid_field");
  const auto& city = Session("city");
  ExpectProblem(
      client_->Put(
          "/api/recruitment/criteria",
          R"({"criteria":[{"key":"a","title":"甲项","max_points":"10",)"
          R"("required":true}]})",
          city),
      400, "request.wrong_type");
  ExpectProblem(
      client_->Put("/api/recruitment/criteria",
                   R"({"criteria":[{"key":"a","title":"甲项","max_points":90,)"
                   R"("required":true}]})",
                   city),
      400, "recruitment.criteria_total");
  ExpectProblem(
      client_->Post(
          "/api/recruitment/publicity-rounds",
          R"({"title":"公示","start_date":"2026-02-30","application_ids":[1]})",
          city),
      400, "request.invalid_field");
  ExpectProblem(client_->Post("/api/recruitment/objections/1/decide",
                              R"({"decision":"maybe","note":"x"})", city),
                400, "request.invalid_field");
  ExpectProblem(client_->Post("/api/public/institution-registrations", "[]"),
                400, "request.wrong_type");
  ExpectProblem(
      client_->Post(
          "/api/public/publicity/1/objections",
          R"({"name":"甲","contact":"x","content":"y","ip":"1.2.3.4"})"),
      400, "request.unknown_field");
}

TEST_F(RecruitmentApiTest, BadIdsAre400AndUnknownOrForeignIdsAre404) {
  const auto& city = Session("city");
  ExpectProblem(client_->Get("/api/recruitment/applications/abc", city), 400,
                "request.invalid_path");
  ExpectProblem(client_->Get("/api/recruitment/applications/0", city), 400,
                "request.invalid_path");
  ExpectProblem(client_->Get("/api/recruitment/applications/99999999999", city),
                400, "request.invalid_path");
  ExpectProblem(client_->Get("/api/recruitment/applications/999999", city), 404,
                "recruitment.not_found");
  ExpectProblem(
      client_->Get("/api/recruitment/applications/1/materials/x", city), 400,
      "request.invalid_path");
  ExpectProblem(
      client_->Get("/api/recruitment/applications/1/materials/999999", city),
      404, "recruitment.material_not_found");
  ExpectProblem(client_->Post("/api/recruitment/objections/999999/decide",
                              R"({"decision":"upheld","note":"x"})", city),
                404, "objection.not_found");
  ExpectProblem(client_->Post("/api/recruitment/reports/999999/publish", "",
                              Session("province"), ""),
                404, "recruitment.report_not_found");
  ExpectProblem(client_->Get("/api/public/institutions/Z3702"), 400,
                "institution.code_invalid");
  ExpectProblem(client_->Get("/api/public/institutions/Z370299P001"), 404,
                "institution.not_found");
  ExpectProblem(client_->Post("/api/notifications/abc/read", "", city, ""), 400,
                "request.invalid_path");
  ExpectProblem(client_->Post("/api/notifications/999999/read", "", city, ""),
                404, "notification.not_found");
  ExpectProblem(client_->Get("/api/notifications?unread=maybe", city), 400,
                "request.invalid_query");
  ExpectProblem(client_->Get("/api/recruitment/applications?state=lost", city),
                400, "recruitment.state_invalid");
  ExpectProblem(client_->Get("/api/public/institutions?status=bogus"), 400,
                "institution.status_invalid");
  ExpectProblem(client_->Get("/api/public/institutions?page_size=500"), 400,
                "request.invalid_query");
  // The demo's 黄岛区 application is invisible to 崂山区.
  auto list = client_->Get(
      "/api/recruitment/applications?state=submitted&district=370211",
      Session("district-370211"));
  ASSERT_EQ(list.status, 200u) << list.body;
  ASSERT_GE(list.Json().at("total").as_int64(), 1);
  const int64_t id = list.Json().at("items").at(0).at("id").as_int64();
  ExpectProblem(
      client_->Get("/api/recruitment/applications/" + std::to_string(id),
                   Session("district-370212")),
      404, "recruitment.not_found");
  ExpectProblem(client_->Get("/api/recruitment/applications/" +
                                 std::to_string(id) + "/receipt.pdf",
                             city),
                409, "recruitment.no_receipt");
}

TEST_F(RecruitmentApiTest, UploadsKeepTheirNameAndComeBackByteForByte) {
  const int64_t id = NewDraft();
  const std::string pdf = test::TinyPdf("uploaded over http");
  // 申请表（第2版）.pdf, percent-encoded as browsers' encodeURIComponent does.
  auto r = Upload(
      id, "?type=application_form", pdf,
      "%E7%94%B3%E8%AF%B7%E8%A1%A8%EF%BC%88%E7%AC%AC2%E7%89%88%EF%BC%89.pdf");
  ASSERT_EQ(r.status, 201u) << r.body;
  EXPECT_EQ(r.Json().at("file_name").as_string(), "申请表（第2版）.pdf");
  EXPECT_EQ(r.Json().at("media_type").as_string(), "application/pdf");
  EXPECT_EQ(r.Json().at("size_bytes").as_int64(),
            static_cast<int64_t>(pdf.size()));
  const int64_t material = r.Json().at("id").as_int64();
  auto back =
      client_->Get("/api/recruitment/applications/" + std::to_string(id) +
                       "/materials/" + std::to_string(material),
                   Session("district-370211"));
  ASSERT_EQ(back.status, 200u);
  EXPECT_EQ(back.body, pdf);
  EXPECT_EQ(back.Header("content-type"), "application/pdf");
  EXPECT_NE(
      back.Header("content-disposition").find("filename*=UTF-8''%E7%94%B3"),
      std::string::npos)
      << back.Header("content-disposition");
  // Without a name the material type names it; the content picks the extension.
  auto png = Upload(id, "?type=legal_registration", test::TinyPng());
  ASSERT_EQ(png.status, 201u) << png.body;
  EXPECT_EQ(png.Json().at("file_name").as_string(), "法人登记证书.png");

  ExpectProblem(Upload(id, "", pdf), 400, "recruitment.material_type_invalid");
  ExpectProblem(Upload(id, "?type=question_bank", pdf), 400,
                "recruitment.material_project_invalid");
  ExpectProblem(
      Upload(id, "?type=work_plan", "plain text, not a pdf", "plan.pdf"), 400,
      "file.type_not_allowed");
  ExpectProblem(Upload(999999, "?type=work_plan", pdf), 404,
                "recruitment.not_found");
  // The OpenAPI document describes the body as the file itself.
  auto doc = client_->Get("/api/openapi.json");
  const json::value api = doc.Json();
  const auto& body = api.at("paths")
                         .at("/api/recruitment/applications/{id}/materials")
                         .at("post")
                         .at("requestBody");
  EXPECT_EQ(body.at("content")
                .at("application/octet-stream")
                .at("schema")
                .at("format")
                .as_string(),
            "binary");
  // The detail shows two of six materials present.
  auto detail =
      client_->Get("/api/recruitment/applications/" + std::to_string(id),
                   Session("inst-Z370211P001-op"));
  ASSERT_EQ(detail.status, 200u);
  EXPECT_EQ(detail.Json().at("missing_materials").as_int64(), 4);
  EXPECT_EQ(detail.Json().at("state").as_string(), "draft");
}

TEST_F(RecruitmentApiTest, AnUploadOverFiftyMegabytesIs413) {
  const int64_t id = NewDraft();
  // Like a browser: announce the size and read the answer that comes
  // before the body is sent (a client that keeps writing 50 MB into a
  // closed connection never sees it).
  namespace asio = boost::asio;
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), app_->port()});
  const Headers& session = Session("inst-Z370211P001");
  const std::string request =
      "POST /api/recruitment/applications/" + std::to_string(id) +
      "/materials?type=work_plan HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Cookie: " +
      session.at("cookie") + "\r\nX-CSRF-Token: " + session.at("x-csrf-token") +
      "\r\nContent-Type: application/pdf\r\nContent-Length: " +
      std::to_string(50u * 1024 * 1024 + 1) + "\r\n\r\n%PDF-1.4\n";
  asio::write(socket, asio::buffer(request));
  std::string answer;
  boost::system::error_code ec;
  char buf[4096];
  while (answer.find("}") == std::string::npos) {
    const std::size_t n = socket.read_some(asio::buffer(buf), ec);
    if (ec) break;
    answer.append(buf, n);
  }
  EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer;
  EXPECT_NE(answer.find("application/problem+json"), std::string::npos)
      << answer;
  EXPECT_NE(answer.find("request.too_large"), std::string::npos) << answer;
  auto detail =
      client_->Get("/api/recruitment/applications/" + std::to_string(id),
                   Session("inst-Z370211P001"));
  EXPECT_EQ(detail.Json().at("materials").as_array().size(), 0u);
}

TEST_F(RecruitmentApiTest, RegistrationCreatesAnApplicantWhoCanLogIn) {
  std::string first17 = "52370214MJR00042";
  first17.resize(17, '0');
  json::object body{{"name", "青岛城阳接口测试培训学校"},
                    {"credit_code", first17 + CreditCodeCheckChar(first17)},
                    {"type", "training"},
                    {"district_code", "370214"},
                    {"legal_representative", "接口法人"},
                    {"contact_name", "接口联系人"},
                    {"contact_phone", "13800138000"},
                    {"address", "青岛市城阳区接口路 1 号"},
                    {"username", "api-applicant"},
                    {"password", "Applicant#2026"}};
  auto r = client_->Post("/api/public/institution-registrations",
                         json::serialize(body));
  ASSERT_EQ(r.status, 201u) << r.body;
  ExpectProblem(client_->Post("/api/public/institution-registrations",
                              json::serialize(body)),
                409, "institution.credit_code_taken");
  body["credit_code"] =
      first17 + (CreditCodeCheckChar(first17) == '0' ? '1' : '0');
  ExpectProblem(client_->Post("/api/public/institution-registrations",
                              json::serialize(body)),
                400, "credit_code.check");
  auto me = client_->Get(
      "/api/auth/me", app_->SessionHeaders("api-applicant", "Applicant#2026"));
  ASSERT_EQ(me.status, 200u) << me.body;
  EXPECT_EQ(me.Json().at("user").at("role").as_string(), "INSTITUTION_ADMIN");
}

TEST_F(RecruitmentApiTest, PublicPagesAndNotifications) {
  auto publicity = client_->Get("/api/public/publicity");
  ASSERT_EQ(publicity.status, 200u);
  const json::value page = publicity.Json();
  const auto& items = page.at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("institution_name").as_string(),
            "胶州市现代农业职业技能培训学校");
  EXPECT_FALSE(publicity.body.find("张先生") !=
               std::string::npos);  // objectors stay private
  const int64_t id = items[0].at("application_id").as_int64();
  auto filed = client_->Post(
      "/api/public/publicity/" + std::to_string(id) + "/objections",
      R"({"name":"接口测试","contact":"0532-1","content":"请核实。"})");
  EXPECT_EQ(filed.status, 201u) << filed.body;
  auto directory =
      client_->Get("/api/public/institutions?district=370211&project=ZX04001");
  ASSERT_EQ(directory.status, 200u);
  ASSERT_EQ(directory.Json().at("total").as_int64(), 1);
  EXPECT_EQ(directory.Json().at("items").at(0).at("code").as_string(),
            "Z370211P001");
  auto one = client_->Get("/api/public/institutions/Z370202T001");
  ASSERT_EQ(one.status, 200u);
  EXPECT_EQ(one.Json().at("projects").as_array().size(), 2u);

  auto notes = client_->Get("/api/notifications?unread=true", Session("city"));
  ASSERT_EQ(notes.status, 200u) << notes.body;
  ASSERT_GE(notes.Json().at("unread").as_int64(), 1);
  const int64_t note = notes.Json().at("items").at(0).at("id").as_int64();
  ExpectProblem(
      client_->Post("/api/notifications/" + std::to_string(note) + "/read", "",
                    Session("province"), ""),
      404, "notification.not_found");
  auto read =
      client_->Post("/api/notifications/" + std::to_string(note) + "/read", "",
                    Session("city"), "");
  ASSERT_EQ(read.status, 200u) << read.body;
  EXPECT_TRUE(read.Json().at("read").as_bool());
}

}  // namespace
}  // namespace zxkh::http
