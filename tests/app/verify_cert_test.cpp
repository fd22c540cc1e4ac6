// `zxkh verify-cert` as a verifier uses it: saved keys and status list, a
// PDF or a token, and the exit code and verdict lines.
#include "app/verify_cert.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/cli.hpp"
#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "docs/certificate_pdf.hpp"
#include "domain/certificate_verification.hpp"
#include "support/test_db.hpp"

namespace zxkh::app {
namespace {

namespace json = boost::json;

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

constexpr char kUrl[] = "https://zxkh.qingdao.example/verify";

class VerifyCertTest : public ::testing::Test {
 protected:
  const SigningKey old_key_ = SigningKey::FromSeed(std::string(32, 'o'));
  const SigningKey new_key_ = SigningKey::FromSeed(std::string(32, 'n'));

  void SetUp() override {
    // The published set after one rotation: new (current) and old.
    json::array keys;
    for (const SigningKey* k : {&new_key_, &old_key_}) {
      keys.push_back(
          json::object{{"key_id", k->key_id()},
                       {"public_key", Base64Encode(k->public_key())},
                       {"status", k == &new_key_ ? "current" : "retired"}});
    }
    Write("keys.json", json::serialize(json::object{{"keys", keys}}));
    WriteStatus(StatusList());
  }

  std::string Path(const std::string& name) const {
    return dir_.path() + "/" + name;
  }
  void Write(const std::string& name, const std::string& bytes) const {
    std::ofstream(Path(name), std::ios::binary) << bytes;
  }
  void WriteStatus(const StatusList& bits) const {
    const int64_t now = SystemClock().NowUnixMillis();
    domain::StatusListStatement s{now - 1000,
                                  now + domain::kStatusListLifetimeMs,
                                  bits.Encode(), new_key_.key_id()};
    Write("status.json",
          domain::SignedStatusListJson(
              s, new_key_.Sign(domain::StatusListSigningInput(s))));
  }

  domain::CertificateRecord Record(const SigningKey& key) const {
    domain::CertificateRecord r;
    r.number = "Z370211P00126000123C";
    r.holder_name = "刘小红";
    r.id_type = "resident_id";
    r.id_masked = "3702**********0021";
    r.id_salt = "c2FsdA";
    r.id_hash = domain::IdNumberHash(r.id_salt, "370211199803150021");
    r.project_code = "ZX01001";
    r.project_name = "胶东花饽饽制作";
    r.institution_code = "Z370211P001";
    r.institution_name = "青岛西海岸新区职业技能培训学校";
    r.result = "合格";
    r.issue_date = *Date::Parse("2026-12-08");
    r.key_id = key.key_id();
    r.status_index = 12;
    return r;
  }
  std::string Token(const domain::CertificateRecord& r,
                    const SigningKey& key) const {
    const std::string canonical = domain::CanonicalJson(r);
    return domain::EncodeToken(canonical, key.Sign(canonical));
  }
  CliResult Verify(const std::string& subject, bool with_status = true) {
    std::vector<std::string> args = {"verify-cert", subject, "--keys",
                                     Path("keys.json")};
    if (with_status) {
      args.push_back("--status");
      args.push_back(Path("status.json"));
    }
    return RunZxkh(args);
  }

  test::TempDir dir_;
};

TEST_F(VerifyCertTest, AGenuinePdfPassesAfterKeyRotation) {
  // Issued under the old key, verified after the rotation.
  const auto r = Record(old_key_);
  Write("cert.pdf", *docs::RenderCertificatePdf(r, Token(r, old_key_), kUrl));
  CliResult v = Verify(Path("cert.pdf"));
  EXPECT_EQ(v.code, 0) << v.out << v.err;
  EXPECT_NE(v.out.find("签名：签名有效"), std::string::npos) << v.out;
  EXPECT_NE(v.out.find("状态：有效"), std::string::npos) << v.out;
  EXPECT_NE(v.out.find("PDF 文字：与签名内容一致"), std::string::npos) << v.out;
  EXPECT_NE(v.out.find("结论：证书真实有效"), std::string::npos) << v.out;
  // And a new one under the new key.
  const auto fresh = Record(new_key_);
  EXPECT_EQ(Verify(Token(fresh, new_key_)).code, 0);
}

TEST_F(VerifyCertTest, ATokenWithOneChangedByteFails) {
  const auto r = Record(new_key_);
  Result<domain::DecodedToken> d = domain::DecodeToken(Token(r, new_key_));
  ASSERT_TRUE(d.ok());
  std::string edited = d->canonical_json;
  edited[edited.find("刘小红")] ^= 0x01;  // one byte of the name
  CliResult v = Verify(domain::EncodeToken(edited, d->signature));
  EXPECT_EQ(v.code, 1);
  EXPECT_EQ(v.out.find("签名：签名有效"), std::string::npos) << v.out;
  EXPECT_NE(v.out.find("核验未通过"), std::string::npos) << v.out;
}

TEST_F(VerifyCertTest, APdfWhoseTextWasEditedFails) {
  const auto genuine = Record(new_key_);
  auto forged = genuine;
  forged.project_name = "电商直播";
  Write("forged.pdf",
        *docs::RenderCertificatePdf(forged, Token(genuine, new_key_), kUrl));
  CliResult v = Verify(Path("forged.pdf"));
  EXPECT_EQ(v.code, 1);
  // The signature itself is fine; the page is not.
  EXPECT_NE(v.out.find("签名：签名有效"), std::string::npos) << v.out;
  EXPECT_NE(v.out.find("与签名内容不符（考核项目）"), std::string::npos)
      << v.out;
}

TEST_F(VerifyCertTest, ARevokedCertificateWithAFreshListFails) {
  StatusList bits;
  bits.Set(12);
  WriteStatus(bits);
  CliResult v = Verify(Token(Record(new_key_), new_key_));
  EXPECT_EQ(v.code, 1);
  EXPECT_NE(v.out.find("签名：签名有效"), std::string::npos) << v.out;
  EXPECT_NE(v.out.find("状态：已撤销"), std::string::npos) << v.out;
}

TEST_F(VerifyCertTest, WithoutAStatusListTheStatusIsUnknown) {
  CliResult v =
      Verify(Token(Record(new_key_), new_key_), /*with_status=*/false);
  EXPECT_EQ(v.code, 1);
  EXPECT_NE(v.out.find("状态：无法确定"), std::string::npos) << v.out;
}

TEST_F(VerifyCertTest, UsageAndUnreadableInput) {
  EXPECT_EQ(RunZxkh({"verify-cert"}).code, 2);
  EXPECT_EQ(RunZxkh({"verify-cert", "x.pdf"}).code, 2);  // no --keys
  Write("junk.pdf", "not a pdf");
  CliResult junk = Verify(Path("junk.pdf"));
  EXPECT_EQ(junk.code, 1);
  EXPECT_NE(junk.err.find("无法读取该 PDF"), std::string::npos) << junk.err;
}

}  // namespace
}  // namespace zxkh::app
