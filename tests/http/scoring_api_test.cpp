// Scoring and results over HTTP (the real Application and server): three
// examiners score a present candidate on a tablet, the group leader signs
// off, the institution publicizes the results and the public sees them;
// refusals come back as problem+json with their codes.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/scoring_fixture.hpp"
#include "support/test_app.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;
using test::Headers;
using test::HttpResult;

class ScoringApiTest : public ::testing::Test {
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
  static std::string Points(const json::array& rubric, int percent) {
    json::array p;
    for (const auto& r : rubric) {
      p.push_back(r.at("max_tenths").as_int64() * percent / 100);
    }
    return json::serialize(json::object{{"points_tenths", p}});
  }

  static test::TestApp* app_;
  std::unique_ptr<test::TestClient> client_;
};

test::TestApp* ScoringApiTest::app_ = nullptr;

TEST_F(ScoringApiTest, ThreeExaminersScoreTheLeaderSignsOffThenPublicity) {
  test::ScoringWorld w =
      test::MakeScoringWorld(app_->app().database(), "Z370211P001",
                             {"examiner-01", "examiner-02", "examiner-04"}, 2);
  const std::string sheet =
      "/api/scoring/sessions/" + std::to_string(w.session_id);

  auto mine = client_->Get("/api/scoring/sessions", Session("examiner-02"));
  ASSERT_EQ(mine.status, 200u) << mine.body;
  bool listed = false;
  const json::value mine_json = mine.Json();
  for (const auto& s : mine_json.at("items").as_array()) {
    listed |= s.at("session_id").as_int64() == w.session_id;
  }
  EXPECT_TRUE(listed);

  auto got = client_->Get(sheet, Session("examiner-01"));
  ASSERT_EQ(got.status, 200u) << got.body;
  const json::array rubric = got.Json().at("rubric").as_array();
  ASSERT_FALSE(rubric.empty());
  EXPECT_EQ(got.Json().at("candidates").as_array().size(), 2u);

  // Above a maximum: refused with the item named.
  {
    json::array p;
    for (const auto& r : rubric) p.push_back(r.at("max_tenths").as_int64() + 1);
    ExpectProblem(
        client_->Put(
            sheet + "/candidates/" + std::to_string(w.registrations[0]),
            json::serialize(json::object{{"points_tenths", p}}),
            Session("examiner-01")),
        400, "scoring.above_max");
  }
  // Not an examiner of the session.
  ExpectProblem(
      client_->Put(sheet + "/candidates/" + std::to_string(w.registrations[0]),
                   Points(rubric, 80), Session("examiner-05")),
      404, "scoring.session_not_found");

  const int percents[3] = {80, 85, 90};
  const char* examiners[3] = {"examiner-01", "examiner-02", "examiner-04"};
  for (int64_t reg : w.registrations) {
    for (int i = 0; i < 3; ++i) {
      auto r = client_->Put(sheet + "/candidates/" + std::to_string(reg),
                            Points(rubric, percents[i]), Session(examiners[i]));
      ASSERT_EQ(r.status, 200u) << r.body;
    }
  }
  ExpectProblem(client_->Post(sheet + "/sign-off", "", Session("examiner-02")),
                403, "scoring.not_group_leader");
  auto signed_off =
      client_->Post(sheet + "/sign-off", "", Session("examiner-01"));
  ASSERT_EQ(signed_off.status, 200u) << signed_off.body;
  EXPECT_TRUE(signed_off.Json().at("locked").as_bool());
  const json::value signed_json = signed_off.Json();
  const auto& c0 = signed_json.at("candidates").as_array()[0];
  EXPECT_TRUE(c0.at("passed").as_bool());

  // A correction without a reason.
  {
    json::array p;
    for (std::size_t i = 0; i < rubric.size(); ++i) p.push_back(0);
    auto r = client_->Post(
        sheet + "/corrections",
        json::serialize(json::object{
            {"registration_id", w.registrations[0]},
            {"examiner_person_id",
             signed_off.Json().at("examiners").as_array()[1].at("person_id")},
            {"points_tenths", p},
            {"reason", ""}}),
        Session("examiner-01"));
    ExpectProblem(r, 400, "scoring.reason_required");
  }

  auto pdf = client_->Get(sheet + "/sheet.pdf", Session("inst-Z370211P001"));
  ASSERT_EQ(pdf.status, 200u) << pdf.body;
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");

  const std::string results = "/api/results/" + std::to_string(w.batch_id);
  auto open =
      client_->Post(results + "/publicity", "", Session("inst-Z370211P001"));
  ASSERT_EQ(open.status, 200u) << open.body;
  EXPECT_EQ(open.Json().at("state").as_string(), "publicizing");
  ExpectProblem(
      client_->Post(results + "/close", "", Session("inst-Z370211P001")), 409,
      "results.publicity_running");

  auto pub = client_->Get("/api/public/results");
  ASSERT_EQ(pub.status, 200u) << pub.body;
  bool seen = false;
  const json::value pub_json = pub.Json();
  for (const auto& item : pub_json.at("items").as_array()) {
    if (item.at("batch_id").as_int64() != w.batch_id) continue;
    seen = true;
    for (const auto& l : item.at("lines").as_array()) {
      EXPECT_FALSE(l.as_object().contains("final"));
      EXPECT_EQ(l.at("result").as_string(), "合格");
    }
  }
  EXPECT_TRUE(seen);
  auto xlsx =
      client_->Get(results + "/summary.xlsx", Session("inst-Z370211P001"));
  ASSERT_EQ(xlsx.status, 200u) << xlsx.body;
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
}

}  // namespace
}  // namespace zxkh::http
