// Certificate verification over HTTP (the real Application and server): the
// same answer for a wrong name as for an unknown number, no lookup by
// number alone, the check character first, a per-address rate limit with
// Retry-After, the signed status list and revocation by the city.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "common/codes.hpp"
#include "common/crypto.hpp"
#include "domain/certificate_verification.hpp"
#include "service/certificate_service.hpp"
#include "support/test_app.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;

// "刘小红", URL-encoded.
constexpr char kName[] = "%E5%88%98%E5%B0%8F%E7%BA%A2";

std::string Issue(test::TestApp& app) {
  service::IssueInput in;
  in.institution_id = 1;
  in.institution_code = "Z370211P001";
  in.institution_name = "青岛西海岸新区职业技能培训学校";
  in.holder_name = "刘小红";
  in.id_number = "370211199803150021";
  in.project_code = "ZX01001";
  in.project_name = "胶东花饽饽制作";
  in.basis = {.results_city_approved = true, .sat = true, .score_tenths = 875};
  domain::Caller city;
  city.role = domain::Role::kCity;
  auto row = app.app().database().InTransaction(
      store::Database::Mode::kWrite, [&](store::Connection& c) {
        return service::CertificateService::IssueIn(
            c, *app.app().keys().current(), city, app.clock().NowUnixMillis(),
            in);
      });
  EXPECT_TRUE(row.ok()) << row.status().ToString();
  return row.ok() ? row->record.number : "";
}

TEST(CertificateApiTest, VerifiesByNumberAndNameOnly) {
  test::TestApp app;
  auto client = app.Client();
  const std::string number = Issue(app);
  auto ok =
      client->Get("/api/public/certificates/" + number + "?name=" + kName);
  ASSERT_EQ(ok.status, 200u) << ok.body;
  const json::value v = ok.Json();
  EXPECT_EQ(v.at("status").as_string(), "valid");
  EXPECT_EQ(v.at("id_masked").as_string(), "3702**********0021");
  EXPECT_EQ(v.at("project").at("name").as_string(), "胶东花饽饽制作");
  EXPECT_EQ(ok.body.find("370211199803150021"), std::string::npos);

  // Wrong name and unknown number: byte-for-byte the same answer.
  auto wrong = client->Get("/api/public/certificates/" + number +
                           "?name=%E5%88%98%E5%B0%8F%E6%98%8E");
  auto unknown_number = FormatCertificateNumber("Z370211P001", 2026, 4321);
  ASSERT_TRUE(unknown_number.ok());
  auto unknown = client->Get("/api/public/certificates/" + *unknown_number +
                             "?name=" + kName);
  EXPECT_EQ(wrong.status, 200u);
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_EQ(json::parse(wrong.body).at("status").as_string(), "not_found");

  // Number without a name; a wrong check character.
  auto nameless = client->Get("/api/public/certificates/" + number);
  EXPECT_EQ(nameless.status, 400u);
  EXPECT_EQ(nameless.Json().at("code").as_string(),
            "certificate.name_required");
  std::string typo = number;
  typo.back() = typo.back() == 'A' ? 'B' : 'A';
  auto bad = client->Get("/api/public/certificates/" + typo + "?name=" + kName);
  EXPECT_EQ(bad.status, 400u);
  EXPECT_EQ(bad.Json().at("code").as_string(), "certificate.check_char");
}

TEST(CertificateApiTest, RevokedCertificatesAndTheSignedStatusList) {
  test::TestApp app;
  auto client = app.Client();
  const std::string number = Issue(app);
  auto forbidden = client->Post("/api/certificates/" + number + "/revoke",
                                R"({"reason":"违规"})",
                                app.SessionHeaders("district-370211"));
  EXPECT_EQ(forbidden.status, 403u);
  auto revoked =
      client->Post("/api/certificates/" + number + "/revoke",
                   R"({"reason":"考核违规，撤销证书"})", app.CityHeaders());
  ASSERT_EQ(revoked.status, 200u) << revoked.body;
  auto v = client->Get("/api/public/certificates/" + number + "?name=" + kName);
  const json::value answer = v.Json();
  EXPECT_EQ(answer.at("status").as_string(), "revoked");
  EXPECT_EQ(answer.at("revoke_reason").as_string(), "考核违规，撤销证书");
  EXPECT_EQ(answer.at("revoked_on").as_string(), "2026-11-27");

  // The published list, checked offline with the published keys.
  auto keys = client->Get("/api/public/keys");
  auto list = client->Get("/api/public/certificate-status");
  ASSERT_EQ(list.status, 200u);
  auto keyset = domain::ParseKeySet(keys.body);
  ASSERT_TRUE(keyset.ok()) << keyset.status().ToString();
  auto parsed = domain::ParseSignedStatusList(list.body);
  ASSERT_TRUE(parsed.ok());
  auto row = app.app().database().InTransaction(
      store::Database::Mode::kRead, [&](store::Connection& c) {
        return store::CertificateRepository(c).FindByNumber(number);
      });
  ASSERT_TRUE(row.ok());
  auto offline =
      domain::VerifyOffline(service::CertificateService::TokenOf(*row), *keyset,
                            list.body, app.clock().NowUnixMillis());
  EXPECT_EQ(offline.signature, domain::SignatureVerdict::kValid);
  EXPECT_EQ(offline.status, domain::StatusVerdict::kRevoked);
}

TEST(CertificateApiTest, OneAddressIsRateLimited) {
  test::TestApp app(/*demo=*/true, /*rate_limits=*/true);
  auto client = app.Client();
  const std::string number = Issue(app);
  int limited_at = 0;
  test::HttpResult last;
  for (int i = 1; i <= 25 && limited_at == 0; ++i) {
    last = client->Get("/api/public/certificates/" + number + "?name=" + kName);
    if (last.status == 429) limited_at = i;
  }
  EXPECT_EQ(limited_at, 21) << last.body;  // a burst of 20
  EXPECT_FALSE(last.Header("retry-after").empty());
}

}  // namespace
}  // namespace zxkh::http
