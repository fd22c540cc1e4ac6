// Question banks over HTTP (the real Application and server): the whole
// flow — template, XLSX import, submission, the city's approval, sealing,
// rotation and the sealed paper — and bad input as 4xx problem+json.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "docs/xlsx_writer.hpp"
#include "support/question_bank_fixture.hpp"
#include "support/test_app.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;
using test::Headers;
using test::HttpResult;

constexpr const char* kInst = "inst-Z370211P001";

class QuestionBankApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    app_ = new test::TestApp(/*demo=*/true);
    fx_ = new test::BankFixture(app_->app().database(), app_->clock(),
                                app_->data_dir() + "/files");
  }
  static void TearDownTestSuite() {
    delete fx_;
    fx_ = nullptr;
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
  static std::string Workbook(int sets, int last_points = 40) {
    docs::Sheet s;
    s.header = {"套号",
                "套题名称",
                "行类型",
                "标题或评分项",
                "操作要求或评分标准",
                "时长(分钟)",
                "材料设备",
                "分值"};
    for (int i = 1; i <= sets; ++i) {
      const std::string n = std::to_string(i);
      s.rows.push_back({n, "第 " + n + " 套", "任务", "寿桃造型", "按图样制作",
                        "90", "面粉"});
      s.rows.push_back({n, "", "评分", "造型", "形态饱满", "", "", "60"});
      s.rows.push_back({n, "", "评分", "色泽", "点色自然", "", "",
                        std::to_string(i == sets ? last_points : 40)});
    }
    auto bytes = docs::WriteXlsx({s});
    EXPECT_TRUE(bytes.ok());
    return bytes.ok() ? *bytes : std::string();
  }
  HttpResult Import(int64_t version, std::string bytes) {
    return client_->Post(
        "/api/question-banks/versions/" + std::to_string(version) + "/import",
        std::move(bytes), Session(kInst), "application/octet-stream");
  }
  // A bank of a fresh scoped project, created over the API; its version id.
  int64_t NewDraft(std::string* project = nullptr) {
    const std::string code = fx_->ScopedProject(kInst);
    if (project) *project = code;
    auto r = client_->Post(
        "/api/question-banks",
        json::serialize(json::object{{"project_code", code}}), Session(kInst));
    EXPECT_EQ(r.status, 201u) << r.body;
    if (r.status != 201) return -1;
    return r.Json().at("bank").at("open_version").at("id").as_int64();
  }

  static test::TestApp* app_;
  static test::BankFixture* fx_;
  std::unique_ptr<test::TestClient> client_;
};

test::TestApp* QuestionBankApiTest::app_ = nullptr;
test::BankFixture* QuestionBankApiTest::fx_ = nullptr;

TEST_F(QuestionBankApiTest, ImportSubmitApproveSealRotateRead) {
  auto tmpl = client_->Get("/api/question-banks/template.xlsx", Session(kInst));
  ASSERT_EQ(tmpl.status, 200u) << tmpl.body;
  EXPECT_EQ(
      tmpl.Header("content-type"),
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(tmpl.body.rfind("PK", 0), 0u);

  std::string project;
  const int64_t v = NewDraft(&project);
  const std::string vpath = "/api/question-banks/versions/" + std::to_string(v);
  // A rubric of 101 in the last set: row errors, nothing written.
  auto bad = Import(v, Workbook(5, 41));
  ASSERT_EQ(bad.status, 200u) << bad.body;
  ASSERT_EQ(bad.Json().at("errors").as_array().size(), 1u) << bad.body;
  EXPECT_EQ(bad.Json().at("errors").at(0).at("row").as_int64(), 14);
  EXPECT_EQ(bad.Json().at("imported_sets").as_int64(), 0);
  EXPECT_EQ(
      client_->Get(vpath, Session(kInst)).Json().at("sets").as_array().size(),
      0u);
  auto good = Import(v, Workbook(5));
  ASSERT_EQ(good.status, 200u) << good.body;
  EXPECT_EQ(good.Json().at("imported_sets").as_int64(), 5);

  auto draft = client_->Get(vpath, Session(kInst));
  ASSERT_EQ(draft.status, 200u);
  auto sets = draft.Json().at("sets").as_array();
  ASSERT_EQ(sets.size(), 5u);
  EXPECT_EQ(sets[0].at("total_points").as_int64(), 100);
  EXPECT_TRUE(sets[0].as_object().contains("tasks"));

  ASSERT_EQ(client_->Post(vpath + "/submit", "", Session(kInst)).status, 200u);
  auto queue =
      client_->Get("/api/question-banks?state=submitted", Session("city"));
  ASSERT_EQ(queue.status, 200u);
  bool queued = false;
  const json::value queue_json = queue.Json();
  for (const auto& b : queue_json.at("items").as_array()) {
    queued = queued || b.at("open_version").at("id").as_int64() == v;
  }
  EXPECT_TRUE(queued);
  auto approved = client_->Post(vpath + "/approve", "", Session("city"));
  ASSERT_EQ(approved.status, 200u) << approved.body;
  EXPECT_EQ(approved.Json().at("version").at("state").as_string(), "approved");
  // Sealed: metadata only, export refused.
  auto sealed = client_->Get(vpath, Session(kInst));
  const json::value sealed_json = sealed.Json();
  for (const auto& s : sealed_json.at("sets").as_array()) {
    EXPECT_TRUE(s.at("sealed").as_bool());
    EXPECT_FALSE(s.as_object().contains("tasks"));
    EXPECT_FALSE(s.as_object().contains("rubric"));
  }
  ExpectProblem(client_->Get(vpath + "/export.xlsx", Session("city")), 409,
                "bank.sealed");

  // Rotation and the sealed paper.
  auto assign = [&](const std::string& ref, const std::string& start) {
    return client_->Post(
        "/api/papers",
        json::serialize(json::object{{"project_code", project},
                                     {"session_ref", ref},
                                     {"session_start", start}}),
        Session(kInst));
  };
  auto p1 = assign("HTTP-1", "2026-11-27T09:10");
  ASSERT_EQ(p1.status, 201u) << p1.body;
  auto p2 = assign("HTTP-2", "2026-11-28T10:00");
  ASSERT_EQ(p2.status, 201u) << p2.body;
  EXPECT_NE(p1.Json().at("set").at("id").as_int64(),
            p2.Json().at("set").at("id").as_int64());
  ExpectProblem(assign("HTTP-1", "2026-11-27T09:10"), 409, "paper.exists");
  ExpectProblem(assign("HTTP-3", "2026-13-01T10:00"), 400,
                "paper.start_invalid");
  const std::string paper =
      "/api/papers/" + std::to_string(p1.Json().at("id").as_int64());
  // The clock is 09:00; the session starts at 09:10 (sessions stay live).
  ExpectProblem(client_->Get(paper, Session(kInst)), 409, "bank.sealed");
  app_->clock().Advance(10 * 60 * 1000 - 1000);  // one second before
  ExpectProblem(client_->Get(paper, Session("city")), 409, "bank.sealed");
  app_->clock().Advance(1000);  // the start
  auto read = client_->Get(paper, Session("city"));
  ASSERT_EQ(read.status, 200u) << read.body;
  EXPECT_EQ(read.Json().at("content").at("tasks").at(0).at("title").as_string(),
            "寿桃造型");
}

TEST_F(QuestionBankApiTest, BadInputIsAProblem) {
  const int64_t v = NewDraft();
  const std::string sets =
      "/api/question-banks/versions/" + std::to_string(v) + "/sets";
  auto set = [](int last) {
    return json::serialize(json::object{
        {"title", "第一套"},
        {"tasks", json::array{json::object{{"title", "寿桃造型"},
                                           {"duration_minutes", 90}}}},
        {"rubric",
         json::array{
             json::object{{"description", "造型"}, {"max_points", 60}},
             json::object{{"description", "色泽"}, {"max_points", last}}}}});
  };
  ExpectProblem(client_->Post(sets, set(39), Session(kInst)), 400,
                "bank.rubric_total");
  ExpectProblem(client_->Post(sets, set(41), Session(kInst)), 400,
                "bank.rubric_total");
  EXPECT_EQ(client_->Post(sets, set(40), Session(kInst)).status, 201u);
  ExpectProblem(
      client_->Post(sets, R"({"title":"x","tasks":[],"rubric":[],"extra":1})",
                    Session(kInst)),
      400, "request.unknown_field");
  ExpectProblem(client_->Post("/api/question-banks/versions/" +
                                  std::to_string(v) + "/submit",
                              "", Session(kInst)),
                409, "bank.too_few_sets");
  ExpectProblem(client_->Post("/api/question-banks",
                              R"({"project_code":"ZX01004"})", Session(kInst)),
                400, "bank.project_not_in_scope");
  ExpectProblem(
      client_->Get("/api/question-banks/versions/" + std::to_string(v),
                   Session("inst-Z370212Q001")),
      404, "bank.version_not_found");
  // Not the template: the missing columns are listed, nothing is written.
  auto text = Import(v, "not a workbook");
  ASSERT_EQ(text.status, 200u) << text.body;
  EXPECT_EQ(text.Json().at("errors").at(0).at("column").as_string(), "套号");
}

}  // namespace
}  // namespace zxkh::http
