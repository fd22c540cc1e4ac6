// Exam day over HTTP (the real Application and server) against the demo's
// approved December batch: the assignment, a proctor's sessions, the
// sign-in sheet PDF, sign-in refused outside its window, the coverage check
// (one session covered, one with a one-minute gap and the batch flagged),
// incidents, bad input answered as problem+json, and a recording's file
// uploaded (its SHA-256 checked, nothing kept when it differs) and
// downloaded within scope.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "common/crypto.hpp"
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

TEST_F(ExamDayApiTest, ARecordingFileIsUploadedCheckedAndDownloaded) {
  const int64_t batch = DemoBatch();
  auto a = client_->Get("/api/batches/" + std::to_string(batch) + "/assignment",
                        Session("inst-Z370211P001"));
  ASSERT_EQ(a.status, 200u) << a.body;
  const int64_t s1 = a.Json().at("sessions").as_array()[0].at("id").as_int64();
  // Larger than the 1 MiB body limit of the JSON routes.
  const std::string video(3 * 512 * 1024, 'v');
  const std::string sha = Sha256Hex(video);
  auto reg = client_->Post(
      "/api/exam-day/sessions/" + std::to_string(s1) + "/recordings",
      json::serialize(json::object{{"camera", "后门"},
                                   {"start_ms", 1798419600000},
                                   {"end_ms", 1798423200000},
                                   {"sha256", sha}}),
      Session("inst-Z370211P001"));
  ASSERT_EQ(reg.status, 201u) << reg.body;
  EXPECT_FALSE(reg.Json().at("has_file").as_bool());
  const std::string file = "/api/exam-day/recordings/" +
                           std::to_string(reg.Json().at("id").as_int64()) +
                           "/file";

  Headers h = Session("inst-Z370211P001");
  h["X-File-Name"] = "%E5%90%8E%E9%97%A8.mp4";  // 后门.mp4
  const std::string other(1000, 'x');
  ExpectProblem(client_->Post(file, other, h, "application/octet-stream"), 400,
                "recording.hash_mismatch");
  const std::string store_dir = app_->data_dir() + "/files";
  const std::string wrong = Sha256Hex(other);
  EXPECT_FALSE(std::filesystem::exists(store_dir + "/" + wrong.substr(0, 2) +
                                       "/" + wrong.substr(2, 2) + "/" + wrong));
  ExpectProblem(client_->Get(file, Session("city")), 404, "recording.no_file");

  // Outside scope: as if there were no such recording.
  Headers foreign = Session("inst-Z370212Q001");
  ExpectProblem(client_->Post(file, video, foreign, "application/octet-stream"),
                404, "recording.not_found");
  ExpectProblem(client_->Get(file, Session("district-370212")), 404,
                "recording.not_found");

  auto up = client_->Post(file, video, h, "application/octet-stream");
  ASSERT_EQ(up.status, 200u) << up.body;
  EXPECT_EQ(up.Json().at("file_name").as_string(), "后门.mp4");
  EXPECT_TRUE(up.Json().at("has_file").as_bool());

  for (const char* who :
       {"inst-Z370211P001", "district-370211", "city", "supervisor-01"}) {
    SCOPED_TRACE(who);
    auto d = client_->Get(file, Session(who));
    ASSERT_EQ(d.status, 200u) << d.body.substr(0, 200);
    EXPECT_TRUE(d.body == video);
    EXPECT_NE(d.Header("content-disposition").find("attachment"),
              std::string::npos);
  }
  ExpectProblem(client_->Get(file, Session("inst-Z370212Q001")), 404,
                "recording.not_found");
  EXPECT_EQ(client_->Get(file, Session("proctor-01")).status, 403u);
}

}  // namespace
}  // namespace zxkh::http
