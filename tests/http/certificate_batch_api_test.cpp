// Batch issuance over HTTP against the demo: the city issues the
// certificates of the approved 2026年10月批次 (two of four candidates pass),
// a repeat issues none, the institution and its district read the list,
// another district gets 404, and refusals are problem+json with their codes
// and Chinese titles.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/test_app.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;
using test::HttpResult;

bool HasChinese(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return true;
  }
  return false;
}

void ExpectProblem(const HttpResult& r, unsigned status,
                   const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.Header("content-type").rfind("application/problem+json", 0), 0u);
  const json::value body = r.Json();
  ASSERT_TRUE(body.is_object()) << r.body;
  EXPECT_EQ(body.at("code").as_string(), code) << r.body;
  EXPECT_TRUE(HasChinese(body.at("title").as_string())) << r.body;
}

int64_t BatchTitled(test::TestApp& app, const std::string& prefix) {
  auto r = app.app().database().InTransaction(
      store::Database::Mode::kRead, [&](store::Connection& c) {
        return c.One("SELECT id FROM batch_plans WHERE title LIKE ?",
                     {prefix + "%"});
      });
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? r->Int(0) : 0;
}

TEST(CertificateBatchApiTest, TheCityIssuesAnApprovedBatchOnce) {
  test::TestApp app;
  auto client = app.Client();
  const int64_t october = BatchTitled(app, "2026年10月批次");
  ASSERT_GT(october, 0);
  const std::string path =
      "/api/batches/" + std::to_string(october) + "/certificates";
  const auto inst = app.SessionHeaders("inst-Z370211P001");

  auto before = client->Get(path, inst);
  ASSERT_EQ(before.status, 200u) << before.body;
  EXPECT_TRUE(before.Json().at("results_approved").as_bool());
  EXPECT_EQ(before.Json().at("pending").as_int64(), 2);
  EXPECT_TRUE(before.Json().at("items").as_array().empty());

  ExpectProblem(client->Post(path, "", inst), 403, "auth.forbidden");

  auto issued = client->Post(path, "", app.CityHeaders());
  ASSERT_EQ(issued.status, 200u) << issued.body;
  const json::value done = issued.Json();
  EXPECT_EQ(done.at("issued").as_int64(), 2);
  EXPECT_EQ(done.at("already_issued").as_int64(), 0);
  const json::array& items = done.at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("holder_name").as_string(), "何晓峰");
  EXPECT_EQ(items[0].at("final_score").as_string(), "78.5");
  EXPECT_EQ(items[1].at("holder_name").as_string(), "林雪");
  EXPECT_EQ(items[1].at("final_score").as_string(), "66.0");
  EXPECT_EQ(items[0].at("state").as_string(), "valid");
  const std::string number(items[0].at("number").as_string());

  auto again = client->Post(path, "", app.CityHeaders());
  ASSERT_EQ(again.status, 200u) << again.body;
  EXPECT_EQ(again.Json().at("issued").as_int64(), 0);
  EXPECT_EQ(again.Json().at("already_issued").as_int64(), 2);

  // The institution's district reads the list and downloads a PDF; another
  // district does not see the batch.
  const auto district = app.SessionHeaders("district-370211");
  auto list = client->Get(path, district);
  ASSERT_EQ(list.status, 200u) << list.body;
  EXPECT_EQ(list.Json().at("items").as_array().size(), 2u);
  EXPECT_EQ(list.Json().at("pending").as_int64(), 0);
  auto pdf = client->Get("/api/certificates/" + number + "/pdf", district);
  EXPECT_EQ(pdf.status, 200u);
  ExpectProblem(client->Get(path, app.SessionHeaders("district-370212")), 404,
                "certificate.batch_not_found");

  // The public answers valid for it.
  auto verify = client->Get("/api/public/certificates/" + number +
                                "?name=%E4%BD%95%E6%99%93%E5%B3%B0",
                            {});
  ASSERT_EQ(verify.status, 200u) << verify.body;
  EXPECT_EQ(verify.Json().at("status").as_string(), "valid");
}

TEST(CertificateBatchApiTest, RefusalsAreProblems) {
  test::TestApp app;
  auto client = app.Client();
  // The demo's September batch was issued while seeding.
  const int64_t september = BatchTitled(app, "2026年9月批次");
  auto seeded =
      client->Get("/api/batches/" + std::to_string(september) + "/certificates",
                  app.CityHeaders());
  ASSERT_EQ(seeded.status, 200u) << seeded.body;
  const json::value s = seeded.Json();
  ASSERT_EQ(s.at("items").as_array().size(), 1u) << seeded.body;
  EXPECT_EQ(s.at("items").at(0).at("holder_name").as_string(), "宋佳怡");
  EXPECT_EQ(s.at("items").at(0).at("final_score").as_string(), "85.6");

  // 第一批's results are in publicity, not approved.
  const int64_t first =
      BatchTitled(app, "2026年12月胶东花饽饽制作专项考核（第一批）");
  ASSERT_GT(first, 0);
  ExpectProblem(
      client->Post("/api/batches/" + std::to_string(first) + "/certificates",
                   "", app.CityHeaders()),
      409, "certificate.results_not_approved");
  ExpectProblem(
      client->Post("/api/batches/99999999/certificates", "", app.CityHeaders()),
      404, "certificate.batch_not_found");
  EXPECT_EQ(client->Post("/api/batches/abc/certificates", "", app.CityHeaders())
                .status,
            400u);
}

}  // namespace
}  // namespace zxkh::http
