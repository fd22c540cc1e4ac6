// `zxkh verify-cert … --proof PROOF.json` against the real server: the
// certificate's issuance entry is in the signed operation log, said on a
// line of its own; a proof of another entry or a tampered root fails.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/cli.hpp"
#include "service/audit_service.hpp"
#include "service/certificate_service.hpp"
#include "support/test_app.hpp"

namespace zxkh::app {
namespace {

namespace json = boost::json;

// "刘小红", URL-encoded.
constexpr char kName[] = "%E5%88%98%E5%B0%8F%E7%BA%A2";

struct CliResult {
  int code;
  std::string out;
  std::string err;
};

CliResult RunZxkh(std::vector<std::string> args) {
  std::ostringstream out, err;
  auto* old_out = std::cout.rdbuf(out.rdbuf());
  auto* old_err = std::cerr.rdbuf(err.rdbuf());
  const int code = RunCli(args);
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  return {code, out.str(), err.str()};
}

class VerifyCertProofTest : public ::testing::Test {
 protected:
  store::CertificateRow Issue() {
    service::IssueInput in;
    in.institution_id = 1;
    in.institution_code = "Z370211P001";
    in.institution_name = "青岛西海岸新区职业技能培训学校";
    in.holder_name = "刘小红";
    in.id_number = "370211199803150021";
    in.project_code = "ZX01001";
    in.project_name = "胶东花饽饽制作";
    in.basis = {
        .results_city_approved = true, .sat = true, .score_tenths = 875};
    domain::Caller city;
    city.role = domain::Role::kCity;
    auto row = app_.app().database().InTransaction(
        store::Database::Mode::kWrite, [&](store::Connection& c) {
          return service::CertificateService::IssueIn(
              c, *app_.app().keys().current(), city,
              app_.clock().NowUnixMillis(), in);
        });
    EXPECT_TRUE(row.ok()) << row.status().ToString();
    return row.ok() ? *row : store::CertificateRow{};
  }
  void SignCheckpoint() {
    service::AuditService audit(app_.app().database(), app_.clock(),
                                *app_.app().keys().current());
    ASSERT_TRUE(audit.MaybeCheckpoint(/*force=*/true).ok());
  }
  std::string Path(const std::string& name) const {
    return dir_.path() + "/" + name;
  }
  void Write(const std::string& name, const std::string& bytes) const {
    std::ofstream(Path(name), std::ios::binary) << bytes;
  }

  test::TestApp app_;
  test::TempDir dir_;
};

TEST_F(VerifyCertProofTest, InclusionOfTheIssuanceInTheSignedLog) {
  auto client = app_.Client();
  const store::CertificateRow cert = Issue();
  const std::string number = cert.record.number;
  const std::string path =
      "/api/public/certificates/" + number + "/proof?name=" + kName;

  // Not under a checkpoint yet: 404 with its own code.
  auto early = client->Get(path);
  EXPECT_EQ(early.status, 404u) << early.body;
  EXPECT_EQ(early.Json().at("code").as_string(), "audit.not_yet_signed");

  SignCheckpoint();
  const store::CertificateRow later = Issue();
  SignCheckpoint();
  auto proof = client->Get(path);
  ASSERT_EQ(proof.status, 200u) << proof.body;
  EXPECT_EQ(proof.Json().at("entry").at("target_id").as_string(), number);
  // A wrong name answers like an unknown number.
  auto wrong = client->Get("/api/public/certificates/" + number +
                           "/proof?name=%E5%88%98%E5%B0%8F%E6%98%8E");
  EXPECT_EQ(wrong.status, 404u);
  EXPECT_EQ(wrong.Json().at("code").as_string(), "certificate.not_found");

  Write("keys.json", client->Get("/api/public/keys").body);
  Write("proof.json", proof.body);
  const std::string token = service::CertificateService::TokenOf(cert);
  // (No status list: the status stays "unknown", which this test is not
  // about; the proof is judged on its own line.)
  auto ok = RunZxkh({"verify-cert", token, "--keys", Path("keys.json"),
                     "--proof", Path("proof.json")});
  EXPECT_NE(ok.out.find("签名：签名有效"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("透明性证明：发证记录已纳入签名检查点"),
            std::string::npos)
      << ok.out << ok.err;

  // The proof of the other certificate's issuance does not prove this one.
  auto other = client->Get("/api/public/certificates/" + later.record.number +
                           "/proof?name=" + kName);
  ASSERT_EQ(other.status, 200u) << other.body;
  Write("other.json", other.body);
  auto mixed = RunZxkh({"verify-cert", token, "--keys", Path("keys.json"),
                        "--proof", Path("other.json")});
  EXPECT_EQ(mixed.code, 1);
  EXPECT_NE(mixed.out.find("透明性证明：该证明不是证书"), std::string::npos)
      << mixed.out;

  // A tampered root.
  json::value v = json::parse(proof.body);
  std::string root(v.at("checkpoint").at("root_hash").as_string());
  root[0] = root[0] == 'a' ? 'b' : 'a';
  v.at("checkpoint").as_object()["root_hash"] = root;
  Write("tampered.json", json::serialize(v));
  auto tampered = RunZxkh({"verify-cert", token, "--keys", Path("keys.json"),
                           "--proof", Path("tampered.json")});
  EXPECT_EQ(tampered.code, 1);
  EXPECT_NE(tampered.out.find("默克尔树"), std::string::npos) << tampered.out;
  EXPECT_NE(tampered.out.find("核验未通过"), std::string::npos);
}

}  // namespace
}  // namespace zxkh::app
