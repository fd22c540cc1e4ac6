#include "domain/certificate.hpp"

#include <gtest/gtest.h>

namespace zxkh::domain {
namespace {

IssueBasis Passing() {
  IssueBasis b;
  b.results_city_approved = true;
  b.sat = true;
  b.score_tenths = 600;
  return b;
}

TEST(CertificateIssueTest, SixtyPassesAndIsIssued) {
  EXPECT_TRUE(CheckCanIssue(Passing()).ok());
  IssueBasis top = Passing();
  top.score_tenths = 1000;
  EXPECT_TRUE(CheckCanIssue(top).ok());
}

TEST(CertificateIssueTest, RefusesFiftyNinePointNineNamingTheScore) {
  IssueBasis b = Passing();
  b.score_tenths = 599;
  Status s = CheckCanIssue(b);
  EXPECT_EQ(s.code(), "certificate.failed");
  EXPECT_NE(s.message().find("59.9"), std::string::npos) << s.message();
}

TEST(CertificateIssueTest, RefusesAnAbsentee) {
  IssueBasis b = Passing();
  b.sat = false;
  b.score_tenths.reset();
  EXPECT_EQ(CheckCanIssue(b).code(), "certificate.absent");
}

TEST(CertificateIssueTest, RefusesResultsTheCityHasNotApproved) {
  IssueBasis b = Passing();
  b.results_city_approved = false;
  EXPECT_EQ(CheckCanIssue(b).code(), "certificate.results_not_approved");
}

TEST(CertificateIssueTest, RefusesUnscoredAndSecondCertificate) {
  IssueBasis b = Passing();
  b.score_tenths.reset();
  EXPECT_EQ(CheckCanIssue(b).code(), "certificate.not_scored");
  b = Passing();
  b.already_issued = true;
  EXPECT_EQ(CheckCanIssue(b).code(), "certificate.already_issued");
}

TEST(CertificateRevokeTest, NeedsAReasonAndAValidCertificate) {
  EXPECT_TRUE(
      CheckCanRevoke(CertificateState::kValid, "违规考核，依法撤销").ok());
  EXPECT_EQ(CheckCanRevoke(CertificateState::kValid, "  ").code(),
            "certificate.reason_required");
  EXPECT_EQ(CheckCanRevoke(CertificateState::kValid, std::string(501 * 3, 'x'))
                .code(),
            "certificate.reason_long");
  EXPECT_EQ(CheckCanRevoke(CertificateState::kRevoked, "重复").code(),
            "certificate.already_revoked");
}

CertificateRecord Sample() {
  CertificateRecord r;
  r.number = "Z370211P00126000123C";
  r.holder_name = "张三";
  r.id_type = "resident_id";
  r.id_masked = "3702**********123X";
  r.id_salt = "c2FsdA";
  r.id_hash = IdNumberHash(r.id_salt, "37021119900101123x");
  r.project_code = "ZX01001";
  r.project_name = "胶东花饽饽制作";
  r.institution_code = "Z370211P001";
  r.institution_name = "青岛西海岸新区职业技能培训学校";
  r.result = "合格";
  r.issue_date = *Date::Parse("2026-12-08");
  r.key_id = "0123456789abcdef";
  r.status_index = 41;
  return r;
}

TEST(CertificateRecordTest, CanonicalJsonHasSortedKeysAndNoWhitespace) {
  const std::string json = CanonicalJson(Sample());
  EXPECT_EQ(json.find(' '), std::string::npos);
  EXPECT_EQ(json.find("\"holder_name\":\"张三\""), 1u) << json;
  // Keys in lexicographic order.
  std::vector<std::string> keys = {
      "holder_name",      "id_hash",      "id_masked",
      "id_salt",          "id_type",      "institution_code",
      "institution_name", "issue_date",   "key_id",
      "number",           "project_code", "project_name",
      "result",           "status_index", "v"};
  std::size_t at = 0;
  for (const std::string& k : keys) {
    const std::size_t found = json.find("\"" + k + "\":", at);
    ASSERT_NE(found, std::string::npos) << k << " in " << json;
    at = found;
  }
  EXPECT_NE(json.find("\"issue_date\":\"2026-12-08\""), std::string::npos);
  EXPECT_EQ(json.back(), '}');
}

TEST(CertificateRecordTest, ParsesBackExactlyAndRefusesOtherSpellings) {
  const CertificateRecord r = Sample();
  const std::string json = CanonicalJson(r);
  Result<CertificateRecord> back = ParseCanonicalJson(json);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(CanonicalJson(*back), json);
  EXPECT_EQ(back->holder_name, "张三");
  EXPECT_EQ(back->issue_date, r.issue_date);

  // The same content with whitespace is not canonical.
  std::string spaced = json;
  spaced.insert(1, " ");
  EXPECT_EQ(ParseCanonicalJson(spaced).status().code(),
            "certificate.record_invalid");
  // An extra field, a missing field, a wrong version, not JSON.
  std::string extra = json;
  extra.insert(extra.size() - 1, ",\"z\":\"1\"");
  EXPECT_FALSE(ParseCanonicalJson(extra).ok());
  std::string edited = json;
  edited.replace(edited.find("\"v\":1"), 5, "\"v\":2");
  EXPECT_FALSE(ParseCanonicalJson(edited).ok());
  EXPECT_FALSE(ParseCanonicalJson("[1,2]").ok());
  EXPECT_FALSE(ParseCanonicalJson("{").ok());
}

TEST(CertificateRecordTest, IdHashMatchesOnlyTheSameNumberAndSalt) {
  const std::string h = IdNumberHash("c2FsdA", "37021119900101123X");
  EXPECT_EQ(h.size(), 64u);
  // Lower-case x and surrounding spaces are the same number.
  EXPECT_EQ(IdNumberHash("c2FsdA", " 37021119900101123x "), h);
  EXPECT_NE(IdNumberHash("c2FsdB", "37021119900101123X"), h);
  EXPECT_NE(IdNumberHash("c2FsdA", "370211199001011230"), h);
}

TEST(CertificateTokenTest, RoundTripsAndRefusesDamage) {
  const std::string json = CanonicalJson(Sample());
  const std::string sig(64, '\x11');
  const std::string token = EncodeToken(json, sig);
  ASSERT_TRUE(token.starts_with("ZXC1."));
  Result<DecodedToken> d = DecodeToken(token);
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->canonical_json, json);
  EXPECT_EQ(d->signature, sig);
  EXPECT_EQ(d->record.number, "Z370211P00126000123C");

  EXPECT_EQ(DecodeToken("ZXC2." + token.substr(5)).status().code(),
            "certificate.token_invalid");
  EXPECT_FALSE(DecodeToken(token.substr(0, token.rfind('.'))).ok());
  EXPECT_FALSE(DecodeToken(EncodeToken(json, std::string(63, 'x'))).ok());
  EXPECT_FALSE(DecodeToken(EncodeToken("{\"a\":1}", sig)).ok());
  std::string broken = token;
  broken[10] = '*';
  EXPECT_FALSE(DecodeToken(broken).ok());
}

}  // namespace
}  // namespace zxkh::domain
