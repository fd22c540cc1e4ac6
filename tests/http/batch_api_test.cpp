// Batch plans over HTTP (the real Application and server): institution →
// district → city as the UI drives it, with the deadline, the papers and a
// change after approval; bad input answered as problem+json naming the
// field or the rule.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/test_app.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;
using test::Headers;
using test::HttpResult;

class BatchApiTest : public ::testing::Test {
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
    if (!field.empty()) {
      EXPECT_EQ(body.at("field").as_string(), field) << r.body;
    }
  }
  // The eligible staff of a role, as the UI's pickers load them.
  json::array Eligible(const std::string& role, const std::string& date) {
    auto r = client_->Get(
        "/api/staff/eligible?project=ZX01001&role=" + role + "&date=" + date,
        Session("inst-Z370211P001"));
    EXPECT_EQ(r.status, 200u) << r.body;
    json::value v = r.Json();
    return v.is_object() && v.as_object().contains("items")
               ? v.at("items").as_array()
               : v.as_array();
  }
  json::object Body(const std::string& date) {
    json::array ex = Eligible("examiner", date);
    json::array pr = Eligible("proctor", date);
    json::array su = Eligible("supervisor", date);
    EXPECT_GE(ex.size(), 3u);
    EXPECT_GE(pr.size(), 2u);
    json::array examiners;
    for (std::size_t i = 0; i < 3 && i < ex.size(); ++i) {
      examiners.push_back(json::object{{"staff_id", ex[i].at("staff_id")},
                                       {"group_leader", i == 0}});
    }
    json::array proctors;
    for (std::size_t i = 0; i < 2 && i < pr.size(); ++i) {
      proctors.push_back(pr[i].at("staff_id"));
    }
    json::array supervisors;
    for (const auto& s : su) {
      if (s.at("external").as_bool()) supervisors.push_back(s.at("staff_id"));
    }
    return json::object{
        {"project_code", "ZX01001"},
        {"title", "接口测试批次"},
        {"venue_kind", "fixed_site"},
        {"venue_address", "黄岛区长江中路216号实训楼"},
        {"process", "签到、实操、评分"},
        {"room_preparation", "操作台 20 套"},
        {"expected_count", 20},
        {"sessions", json::array{json::object{{"date", date},
                                              {"start", "09:00"},
                                              {"end", "11:30"},
                                              {"room", "实训楼401"},
                                              {"capacity", 20},
                                              {"examiners", examiners},
                                              {"proctors", proctors}}}},
        {"supervisors", supervisors}};
  }

  static test::TestApp* app_;
  std::unique_ptr<test::TestClient> client_;
};

test::TestApp* BatchApiTest::app_ = nullptr;

TEST_F(BatchApiTest, InstitutionDistrictCityAndAChange) {
  const Headers& inst = Session("inst-Z370211P001");
  json::object body = Body("2026-12-16");
  auto created = client_->Post("/api/batches", json::serialize(body), inst);
  ASSERT_EQ(created.status, 201u) << created.body;
  const int64_t id = created.Json().at("id").as_int64();
  const std::string base = "/api/batches/" + std::to_string(id);
  EXPECT_EQ(created.Json().at("state").as_string(), "draft");
  EXPECT_EQ(created.Json().at("last_submission_date").as_string(),
            "2026-12-02");
  EXPECT_EQ(created.Json().at("sessions").at(0).at("staff").as_array().size(),
            5u);

  // Drafts are the institution's alone.
  ExpectProblem(client_->Get(base, Session("district-370211")), 404,
                "batch.not_found");
  auto submitted = client_->Post(base + "/submit", "", inst);
  ASSERT_EQ(submitted.status, 200u) << submitted.body;
  EXPECT_EQ(submitted.Json().at("state").as_string(), "submitted");

  ExpectProblem(client_->Post(base + "/approve", "{}", Session("city")), 409,
                "batch.wrong_state");
  ExpectProblem(client_->Post(base + "/return", R"({"reason":""})",
                              Session("district-370211")),
                400, "batch.reason_required");
  ExpectProblem(
      client_->Post(base + "/approve", "{}", Session("district-370212")), 404,
      "batch.not_found");
  auto district = client_->Post(base + "/approve", R"({"note":"同意"})",
                                Session("district-370211"));
  ASSERT_EQ(district.status, 200u) << district.body;
  EXPECT_EQ(district.Json().at("state").as_string(), "district_approved");
  auto city = client_->Post(base + "/approve", "{}", Session("city"));
  ASSERT_EQ(city.status, 200u) << city.body;
  EXPECT_EQ(city.Json().at("state").as_string(), "approved");
  EXPECT_TRUE(city.Json().at("sessions").at(0).at("paper_id").is_int64());

  // A change after approval: back to review, revision 2, with the diff.
  body["sessions"].as_array()[0].as_object()["id"] =
      city.Json().at("sessions").at(0).at("id");
  body["sessions"].as_array()[0].as_object()["room"] = "实训楼402";
  auto changed = client_->Put(base, json::serialize(body), inst);
  ASSERT_EQ(changed.status, 200u) << changed.body;
  EXPECT_EQ(changed.Json().at("state").as_string(), "submitted");
  EXPECT_EQ(changed.Json().at("revision").as_int64(), 2);
  auto seen = client_->Get(base, Session("district-370211"));
  ASSERT_EQ(seen.status, 200u);
  const json::value seen_json = seen.Json();
  const auto& changes = seen_json.at("changes").as_array();
  ASSERT_EQ(changes.size(), 1u) << seen.body;
  EXPECT_EQ(changes[0].at("field").as_string(), "第 1 场");
  EXPECT_NE(std::string(changes[0].at("after").as_string()).find("实训楼402"),
            std::string::npos);
}

TEST_F(BatchApiTest, BadInputIsAProblem) {
  const Headers& inst = Session("inst-Z370211P001");
  ExpectProblem(client_->Post("/api/batches", R"({"title":"缺项目"})", inst),
                400, "request.missing_field", "project_code");
  ExpectProblem(
      client_->Post(
          "/api/batches",
          R"({"project_code":"ZX01001","title":"x","sessions":[{"date":"2026-12-16","start":"9点","end":"11:00","room":"1","capacity":5}]})",
          inst),
      400, "request.invalid_field");
  ExpectProblem(
      client_->Post(
          "/api/batches",
          R"({"project_code":"ZX04001","title":"x","sessions":[{"date":"2026-12-16","start":"09:00","end":"11:00","room":"1","capacity":5}]})",
          inst),
      400, "batch.project_not_planned", "project_code");
  // Too late: 2026-12-10 is less than 10 working days away.
  auto created =
      client_->Post("/api/batches", json::serialize(Body("2026-12-10")), inst);
  ASSERT_EQ(created.status, 201u) << created.body;
  ExpectProblem(
      client_->Post("/api/batches/" +
                        std::to_string(created.Json().at("id").as_int64()) +
                        "/submit",
                    "", inst),
      409, "batch.too_late");
  ExpectProblem(client_->Get("/api/batches/99999", inst), 404,
                "batch.not_found");
}

}  // namespace
}  // namespace zxkh::http
