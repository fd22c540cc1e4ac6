// Annual plans over HTTP (the real Application and server): the whole flow
// institution → district → city → public as the UI drives it, and bad input
// answered as problem+json naming the field.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/test_app.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;
using test::Headers;
using test::HttpResult;

class AnnualPlanApiTest : public ::testing::Test {
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
  static std::string ItemBody(const std::string& project,
                              const std::string& months = "3,6",
                              const std::string& date = "2028-03-18") {
    return json::serialize(json::object{{"project_code", project},
                                        {"months", months},
                                        {"exam_date", date},
                                        {"expected_count", 40},
                                        {"venue", "黄岛区长江中路216号"},
                                        {"requirements", "年满16周岁"},
                                        {"fee_fen", 20000},
                                        {"contact_name", "王老师"},
                                        {"contact_phone", "0532-86981234"}});
  }

  static test::TestApp* app_;
  std::unique_ptr<test::TestClient> client_;
};

test::TestApp* AnnualPlanApiTest::app_ = nullptr;

TEST_F(AnnualPlanApiTest, InstitutionDistrictCityPublic) {
  const Headers& inst = Session("inst-Z370211P001");
  auto created = client_->Post("/api/plans", R"({"year":2028})", inst);
  ASSERT_EQ(created.status, 201u) << created.body;
  const int64_t id = created.Json().at("id").as_int64();
  const std::string base = "/api/plans/" + std::to_string(id);
  EXPECT_EQ(created.Json().at("state").as_string(), "draft");
  EXPECT_EQ(created.Json().at("plannable_projects").as_array().size(), 2u);

  // A project outside the approved scope: 400 naming the field.
  ExpectProblem(client_->Post(base + "/items", ItemBody("ZX01004"), inst), 400,
                "plan.project_out_of_scope", "project_code");
  ExpectProblem(
      client_->Post(base + "/items", ItemBody("ZX01001", "3,13"), inst), 400,
      "plan.months_invalid", "months");
  // Submitting with no item.
  ExpectProblem(client_->Post(base + "/submit", "", inst), 409,
                "plan.no_items");
  // Schema: unknown field and missing field.
  ExpectProblem(
      client_->Post(base + "/items", R"({"project_code":"ZX01001"})", inst),
      400, "request.missing_field");

  auto added = client_->Post(base + "/items", ItemBody("ZX01001"), inst);
  ASSERT_EQ(added.status, 201u) << added.body;
  auto item = added.Json().at("items").at(0);
  EXPECT_EQ(item.at("months_title").as_string(), "3月、6月");
  EXPECT_EQ(item.at("fee_fen").as_int64(), 20000);
  const int64_t item_id = item.at("id").as_int64();
  auto edited = client_->Put(base + "/items/" + std::to_string(item_id),
                             ItemBody("ZX01001", "3", "2028-03-25"), inst);
  ASSERT_EQ(edited.status, 200u) << edited.body;
  EXPECT_EQ(edited.Json().at("items").at(0).at("exam_date").as_string(),
            "2028-03-25");
  auto added2 = client_->Post(base + "/items",
                              ItemBody("ZX04001", "10", "2028-10-10"), inst);
  ASSERT_EQ(added2.status, 201u) << added2.body;
  const int64_t item2 = added2.Json().at("items").at(1).at("id").as_int64();
  auto deleted =
      client_->Delete(base + "/items/" + std::to_string(item2), inst);
  ASSERT_EQ(deleted.status, 200u) << deleted.body;
  EXPECT_EQ(deleted.Json().at("items").as_array().size(), 1u);

  auto submitted = client_->Post(base + "/submit", "", inst);
  ASSERT_EQ(submitted.status, 200u) << submitted.body;
  EXPECT_EQ(submitted.Json().at("state").as_string(), "submitted");

  // 崂山区 cannot see it; 黄岛区 returns it without a reason: refused.
  ExpectProblem(client_->Get(base, Session("district-370212")), 404,
                "plan.not_found");
  ExpectProblem(client_->Post(base + "/return", R"({"reason":"  "})",
                              Session("district-370211")),
                400, "plan.reason_required", "reason");
  auto returned =
      client_->Post(base + "/return", R"({"reason":"请写明考核地点门牌号"})",
                    Session("district-370211"));
  ASSERT_EQ(returned.status, 200u) << returned.body;
  EXPECT_EQ(returned.Json().at("return_reason").as_string(),
            "请写明考核地点门牌号");
  ASSERT_EQ(client_->Post(base + "/submit", "", inst).status, 200u);

  auto queue = client_->Get("/api/plans?year=2028&state=submitted",
                            Session("district-370211"));
  ASSERT_EQ(queue.status, 200u);
  EXPECT_EQ(queue.Json().at("items").as_array().size(), 1u);
  auto approved =
      client_->Post(base + "/approve", "{}", Session("district-370211"));
  ASSERT_EQ(approved.status, 200u) << approved.body;
  EXPECT_EQ(approved.Json().at("state").as_string(), "approved");

  auto agg = client_->Get("/api/plans/aggregate?year=2028",
                          Session("district-370211"));
  ASSERT_EQ(agg.status, 200u) << agg.body;
  EXPECT_EQ(agg.Json().at("by_project").at(0).at("code").as_string(),
            "ZX01001");
  auto xlsx = client_->Get("/api/plans/aggregate/export.xlsx?year=2028",
                           Session("district-370211"));
  ASSERT_EQ(xlsx.status, 200u);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  ExpectProblem(client_->Get("/api/plans/aggregate?year=2028&district=370212",
                             Session("district-370211")),
                404, "plan.not_found");

  // Not public yet.
  ExpectProblem(client_->Get("/api/public/announcements/2028"), 404,
                "plan.announcement_not_found");
  auto published = client_->Post("/api/plans/announcements", R"({"year":2028})",
                                 Session("city"));
  ASSERT_EQ(published.status, 200u) << published.body;
  ExpectProblem(client_->Post("/api/plans/announcements", R"({"year":2028})",
                              Session("city")),
                409, "plan.nothing_to_publish");

  // The public page and the PDF, without a session.
  auto pub = client_->Get("/api/public/announcements/2028");
  ASSERT_EQ(pub.status, 200u) << pub.body;
  json::value a = pub.Json();
  EXPECT_EQ(a.at("title").as_string(),
            "青岛市2028年度专项职业能力考核计划公告");
  bool found = false;
  for (const auto& it : a.at("items").as_array()) {
    if (it.at("institution").at("code").as_string() == "Z370211P001" &&
        it.at("project_code").as_string() == "ZX01001") {
      found = true;
      EXPECT_EQ(it.at("exam_date").as_string(), "2028-03-25");
      EXPECT_EQ(it.at("contact_phone").as_string(), "0532-86981234");
    }
  }
  EXPECT_TRUE(found) << pub.body;
  auto pdf = client_->Get("/api/public/announcements/2028/pdf");
  ASSERT_EQ(pdf.status, 200u);
  EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  auto list = client_->Get("/api/public/announcements");
  ASSERT_EQ(list.status, 200u);
  EXPECT_EQ(list.Json().at("items").at(0).at("year").as_int64(), 2028);
}

TEST_F(AnnualPlanApiTest, BadPathsAndQueries) {
  ExpectProblem(client_->Get("/api/public/announcements/abc"), 400,
                "request.invalid_path");
  ExpectProblem(client_->Get("/api/public/announcements/1999"), 400,
                "request.invalid_path");
  ExpectProblem(client_->Get("/api/public/announcements/2031/pdf"), 404,
                "plan.announcement_not_found");
  ExpectProblem(client_->Get("/api/plans/aggregate", Session("city")), 400,
                "request.invalid_query");
  ExpectProblem(client_->Get("/api/plans?state=nonsense", Session("city")), 400,
                "plan.state_invalid");
  ExpectProblem(client_->Get("/api/plans/999999", Session("city")), 404,
                "plan.not_found");
  ExpectProblem(client_->Post("/api/plans", R"({"year":2031})",
                              Session("inst-Z370212Q001")),
                400, "plan.year_invalid", "year");
}

}  // namespace
}  // namespace zxkh::http
