// Exam day over HTTP (the real Application and server) against the demo's
// approved December batch: the assignment, a proctor's sessions, the
// sign-in sheet PDF, sign-in refused outside its window, the coverage check
// (one session covered, one with a one-minute gap and the batch flagged),
// incidents, and bad input answered as problem+json.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/test_app.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;
using test::Headers;
using test::HttpResult;

class ExamDayApiTest : public ::testing::Test {
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
  int64_t DemoBatch() {
    auto r = client_->Get("/api/batches?state=approved",
                          Session("inst-Z370211P001"));
    EXPECT_EQ(r.status, 200u) << r.body;
    const json::value list = r.Json();
    for (const auto& b : list.at("items").as_array()) {
      if (b.at("project_code").as_string() == "ZX01001") {
        return b.at("id").as_int64();
      }
    }
    ADD_FAILURE() << "no approved demo batch";
    return 0;
  }

  static test::TestApp* app_;
  std::unique_ptr<test::TestClient> client_;
};
test::TestApp* ExamDayApiTest::app_ = nullptr;

TEST_F(ExamDayApiTest, TheDemoBatchOnItsDay) {
  const int64_t batch = DemoBatch();
  const std::string base = "/api/batches/" + std::to_string(batch);
  auto a = client_->Get(base + "/assignment", Session("inst-Z370211P001"));
  ASSERT_EQ(a.status, 200u) << a.body;
  json::value v = a.Json();
  EXPECT_TRUE(v.at("coverage_flagged").as_bool());
  const auto& sessions = v.at("sessions").as_array();
  ASSERT_EQ(sessions.size(), 2u);
  EXPECT_EQ(sessions[0].at("candidate_list").as_array().size(), 3u);
  const int64_t s1 = sessions[0].at("id").as_int64();
  const int64_t s2 = sessions[1].at("id").as_int64();
  EXPECT_EQ(
      client_->Get(base + "/assignment", Session("district-370211")).status,
      200u);
  ExpectProblem(client_->Get(base + "/assignment", Session("inst-Z370212Q001")),
                404, "batch.not_found");

  auto mine = client_->Get("/api/exam-day/my-sessions", Session("proctor-01"));
  ASSERT_EQ(mine.status, 200u) << mine.body;
  bool found = false;
  const json::value mine_json = mine.Json();
  for (const auto& m : mine_json.at("items").as_array()) {
    found = found || m.at("id").as_int64() == s1;
  }
  EXPECT_TRUE(found) << mine.body;

  const std::string day = "/api/exam-day/sessions/";
  auto pdf = client_->Get(day + std::to_string(s1) + "/sign-in-sheet.pdf",
                          Session("proctor-01"));
  ASSERT_EQ(pdf.status, 200u) << pdf.body;
  EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
  EXPECT_EQ(pdf.body.substr(0, 4), "%PDF");

  // The demo day lies ahead: sign-in is not open yet.
  ExpectProblem(
      client_->Post(day + std::to_string(s1) + "/sign-in",
                    R"({"name":"郑美玲","id_number":"370211199003124020"})",
                    Session("proctor-01")),
      409, "exam.sign_in_window");
  EXPECT_EQ(client_
                ->Post(day + std::to_string(s1) + "/sign-in",
                       R"({"name":"x","id_number":"1","extra":1})",
                       Session("proctor-01"))
                .status,
            400u);
  ExpectProblem(client_->Post(day + std::to_string(s1) + "/recordings",
                              R"({"camera":"前门","start_ms":1,"end_ms":2,)"
                              R"("sha256":"abc"})",
                              Session("inst-Z370211P001")),
                400, "exam.sha256");

  auto full = client_->Post(day + std::to_string(s1) + "/coverage-check", "",
                            Session("district-370211"));
  ASSERT_EQ(full.status, 200u) << full.body;
  EXPECT_TRUE(full.Json().at("covered").as_bool());
  auto gap = client_->Post(day + std::to_string(s2) + "/coverage-check", "",
                           Session("city"));
  ASSERT_EQ(gap.status, 200u) << gap.body;
  const json::value gap_json = gap.Json();
  const auto& gaps = gap_json.at("gaps").as_array();
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].at("end_ms").as_int64() - gaps[0].at("start_ms").as_int64(),
            60000);
  EXPECT_TRUE(gap_json.at("batch_flagged").as_bool());

  auto incidents = client_->Get(base + "/incidents", Session("supervisor-01"));
  ASSERT_EQ(incidents.status, 200u) << incidents.body;
  EXPECT_EQ(incidents.Json().at("items").as_array().size(), 1u);
}

}  // namespace
}  // namespace zxkh::http
