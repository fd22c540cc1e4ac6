// Certificates for their readers over HTTP: the holder downloads the PDF
// (and another candidate cannot), "我的证书" lists the demo certificate,
// the roster downloads as xlsx and pdf with their names, bad queries are
// problems.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "docs/certificate_pdf.hpp"
#include "docs/pdf_reader.hpp"
#include "support/test_app.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;

TEST(CertificateDownloadTest, HolderSeesAndDownloadsTheirCertificates) {
  test::TestApp app;  // the demo issues certificates to 13800000001
  auto client = app.Client();
  const auto liu = app.SessionHeaders("13800000001");
  auto mine = client->Get("/api/my/certificates", liu);
  ASSERT_EQ(mine.status, 200u) << mine.body;
  const json::value mine_json = mine.Json();
  const json::array& items = mine_json.at("items").as_array();
  ASSERT_FALSE(items.empty());
  const std::string number(items.front().at("number").as_string());
  EXPECT_EQ(items.front().at("holder_name").as_string(), "刘小红");
  EXPECT_EQ(items.front().at("state").as_string(), "valid");
  EXPECT_EQ(mine.body.find("370211199803150021"), std::string::npos);

  auto pdf = client->Get("/api/certificates/" + number + "/pdf", liu);
  ASSERT_EQ(pdf.status, 200u) << pdf.body;
  EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
  EXPECT_NE(pdf.Header("content-disposition").find(".pdf"), std::string::npos);
  auto read = docs::ReadPdf(pdf.body);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  auto kw = docs::ParseCertificateKeywords(read->keywords);
  ASSERT_TRUE(kw.ok());
  EXPECT_EQ(kw->verify_url, "https://zxkh.example.gov.cn/verify");

  // Another candidate: the same answer as an unknown number.
  auto other = client->Get("/api/certificates/" + number + "/pdf",
                           app.SessionHeaders("13800000002"));
  EXPECT_EQ(other.status, 404u);
  EXPECT_EQ(other.Json().at("code").as_string(), "certificate.not_found");

  // The demo's revoked certificate shows as revoked with its reason.
  auto li =
      client->Get("/api/my/certificates", app.SessionHeaders("13800000003"));
  ASSERT_EQ(li.status, 200u);
  const json::value li_json = li.Json();
  const json::array& lis = li_json.at("items").as_array();
  ASSERT_EQ(lis.size(), 1u) << li.body;
  EXPECT_EQ(lis.front().at("state").as_string(), "revoked");
  EXPECT_FALSE(lis.front().at("revoke_reason").as_string().empty());
}

TEST(CertificateDownloadTest, RosterAsXlsxAndPdf) {
  test::TestApp app;
  auto client = app.Client();
  const auto inst = app.SessionHeaders("inst-Z370211P001");
  // The institution's own roster without naming it.
  auto xlsx = client->Get("/api/certificates/roster?year=2026", inst);
  ASSERT_EQ(xlsx.status, 200u) << xlsx.body;
  EXPECT_NE(xlsx.Header("content-type").find("spreadsheetml"),
            std::string::npos);
  auto pdf = client->Get("/api/certificates/roster?year=2026&format=pdf", inst);
  ASSERT_EQ(pdf.status, 200u) << pdf.body;
  auto text = docs::ReadPdf(pdf.body);
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->text.find("发证名册"), std::string::npos);
  EXPECT_NE(text->text.find("刘小红"), std::string::npos);

  auto bad_format =
      client->Get("/api/certificates/roster?year=2026&format=doc", inst);
  EXPECT_EQ(bad_format.status, 400u);
  auto no_year = client->Get("/api/certificates/roster", inst);
  EXPECT_EQ(no_year.status, 400u);
  auto bad_date =
      client->Get("/api/certificates/roster?year=2026&from=2026-13-01", inst);
  EXPECT_EQ(bad_date.status, 400u);
}

}  // namespace
}  // namespace zxkh::http
