// The staff pool over HTTP (the real Application and server): create, read
// (masked ID), edit, deactivate, export, the eligibility query for
// institutions (no ID number at all), and field-level problem+json for bad
// input.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "common/validators.hpp"
#include "support/test_app.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;
using test::Headers;
using test::HttpResult;

class StaffApiTest : public ::testing::Test {
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
                            const std::string& code,
                            const std::string& field = "") {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.Header("content-type").rfind("application/problem+json", 0), 0u)
        << r.Header("content-type");
    json::value body = r.Json();
    ASSERT_TRUE(body.is_object()) << r.body;
    EXPECT_EQ(body.at("code").as_string(), code) << r.body;
    EXPECT_FALSE(body.at("title").as_string().empty());
    if (!field.empty()) {
      EXPECT_EQ(body.at("field").as_string(), field) << r.body;
    }
  }
  static json::object Examiner(const std::string& username,
                               const std::string& id17) {
    return json::object{{"name", "周考评"},
                        {"id_type", "resident_id"},
                        {"id_number", id17 + ResidentIdCheckChar(id17)},
                        {"phone", "13963922222"},
                        {"role", "examiner"},
                        {"employer", "青岛职业技术学院"},
                        {"qualifications", json::array{json::object{
                                               {"project_code", "ZX01001"},
                                               {"certificate", "考评员证 A-7"},
                                               {"valid_until", "2028-12-31"}}}},
                        {"username", username},
                        {"password", "Staff#Initial2026"}};
  }

  static test::TestApp* app_;
  std::unique_ptr<test::TestClient> client_;
};

test::TestApp* StaffApiTest::app_ = nullptr;

TEST_F(StaffApiTest, CreateReadEditDeactivate) {
  const std::string id17 = "37020319810203456";
  auto r =
      client_->Post("/api/staff", json::serialize(Examiner("api-kp-1", id17)),
                    Session("city"));
  ASSERT_EQ(r.status, 201u) << r.body;
  const int64_t id = r.Json().at("id").as_int64();
  r = client_->Get("/api/staff/" + std::to_string(id), Session("city"));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.body.find(id17), std::string::npos) << "ID number unmasked";
  json::value v = r.Json();
  EXPECT_EQ(v.at("role").as_string(), "examiner");
  EXPECT_EQ(v.at("pool_name").as_string(), "青岛市");
  EXPECT_EQ(v.at("qualifications").at(0).at("project_name").as_string(),
            "胶东花饽饽制作");
  EXPECT_TRUE(v.at("active").as_bool());
  // The district reads the city's pool.
  r = client_->Get("/api/staff/" + std::to_string(id),
                   Session("district-370211"));
  EXPECT_EQ(r.status, 200u) << r.body;
  // Edit.
  r = client_->Put(
      "/api/staff/" + std::to_string(id),
      R"({"name":"周考评","phone":"13963922223","employer":"青岛职业技术学院",
                       "qualifications":[{"project_code":"ZX04001"}]})",
      Session("city"));
  ASSERT_EQ(r.status, 200u) << r.body;
  r = client_->Get("/api/staff?project=ZX04001&q=%E5%91%A8", Session("city"));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.Json().at("total").as_int64(), 1);
  // Deactivate: the account is disabled, the login refused.
  r = client_->Post("/api/staff/" + std::to_string(id) + "/deactivate", "",
                    Session("city"), "");
  ASSERT_EQ(r.status, 200u) << r.body;
  r = client_->Post("/api/staff/" + std::to_string(id) + "/deactivate", "",
                    Session("city"), "");
  ExpectProblem(r, 409, "staff.state_unchanged");
  r = client_->Post(
      "/api/auth/login",
      R"({"username":"api-kp-1","password":"Staff#Initial2026"})");
  ExpectProblem(r, 403, "auth.disabled");
  r = client_->Post("/api/staff/" + std::to_string(id) + "/reactivate", "",
                    Session("city"), "");
  ASSERT_EQ(r.status, 200u) << r.body;
  // The first login must change the password.
  r = client_->Post(
      "/api/auth/login",
      R"({"username":"api-kp-1","password":"Staff#Initial2026"})");
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_TRUE(r.Json().at("user").at("must_change_password").as_bool())
      << r.body;
}

TEST_F(StaffApiTest, BadInputIsAFieldProblem) {
  json::object body = Examiner("api-kp-2", "37020319810203457");
  std::string id(body.at("id_number").as_string());
  id.back() = id.back() == '1' ? '2' : '1';
  body["id_number"] = id;
  auto r = client_->Post("/api/staff", json::serialize(body), Session("city"));
  ExpectProblem(r, 400, "staff.id_invalid", "id_number");
  body = Examiner("api-kp-2", "37020319810203457");
  body["qualifications"] = json::array{};
  r = client_->Post("/api/staff", json::serialize(body), Session("city"));
  ExpectProblem(r, 400, "staff.qualification_required", "qualifications");
  body = Examiner("api-kp-2", "37020319810203457");
  body["pool_district"] = "370212";
  r = client_->Post("/api/staff", json::serialize(body),
                    Session("district-370211"));
  ExpectProblem(r, 404, "staff.not_found");
  body = Examiner("api-kp-2", "37020319810203457");
  body["role"] = "chef";
  r = client_->Post("/api/staff", json::serialize(body), Session("city"));
  ExpectProblem(r, 400, "request.invalid_field", "role");
  r = client_->Get("/api/staff?active=maybe", Session("city"));
  ExpectProblem(r, 400, "request.invalid_query", "active");
  r = client_->Get("/api/staff/999999", Session("city"));
  ExpectProblem(r, 404, "staff.not_found");
  // Twice the same person for the same role in the same pool.
  body = Examiner("api-kp-3", "37020319810203458");
  r = client_->Post("/api/staff", json::serialize(body), Session("city"));
  ASSERT_EQ(r.status, 201u) << r.body;
  body["username"] = "api-kp-4";
  r = client_->Post("/api/staff", json::serialize(body), Session("city"));
  ExpectProblem(r, 409, "staff.duplicate", "id_number");
}

TEST_F(StaffApiTest, InstitutionsSeeEligibleStaffWithoutIdNumbers) {
  auto r = client_->Get("/api/staff/eligible?project=ZX01001&role=examiner",
                        Session("inst-Z370211P001"));
  ASSERT_EQ(r.status, 200u) << r.body;
  json::value v = r.Json();
  std::vector<std::string> names;
  for (const auto& item : v.at("items").as_array()) {
    names.emplace_back(item.at("name").as_string());
    EXPECT_FALSE(item.as_object().contains("id_masked"));
    EXPECT_FALSE(item.as_object().contains("phone"));
  }
  // 杨帆 (examiner-05) works for Z370211P001: 回避.
  EXPECT_EQ(std::find(names.begin(), names.end(), "杨帆"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "张立华"), names.end());
  r = client_->Get("/api/staff/eligible?project=ZX01001&role=judge",
                   Session("inst-Z370211P001"));
  ExpectProblem(r, 400, "request.invalid_query", "role");
  r = client_->Get("/api/staff", Session("inst-Z370211P001"));
  EXPECT_EQ(r.status, 403u);
}

TEST_F(StaffApiTest, ExportIsAnXlsxDownload) {
  auto r = client_->Get("/api/staff/export.xlsx?role=examiner",
                        Session("district-370211"));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.body.substr(0, 2), "PK");
  EXPECT_NE(r.Header("content-disposition").find("xlsx"), std::string::npos);
}

}  // namespace
}  // namespace zxkh::http
