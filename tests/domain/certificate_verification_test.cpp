#include "domain/certificate_verification.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "common/crypto.hpp"

namespace zxkh::domain {
namespace {

namespace json = boost::json;

constexpr int64_t kNow = 1'795'000'000'000;  // 2026-11-18

const SigningKey& OldKey() {
  static const SigningKey k = SigningKey::FromSeed(std::string(32, 'a'));
  return k;
}
const SigningKey& NewKey() {
  static const SigningKey k = SigningKey::FromSeed(std::string(32, 'b'));
  return k;
}

// The /api/public/keys body for `keys`.
std::string KeysJson(const std::vector<const SigningKey*>& keys) {
  json::array list;
  for (const SigningKey* k : keys) {
    list.push_back(json::object{{"key_id", k->key_id()},
                                {"public_key", Base64Encode(k->public_key())}});
  }
  return json::serialize(json::object{{"keys", std::move(list)}});
}

CertificateRecord Record(const SigningKey& key, int64_t index) {
  CertificateRecord r;
  r.number = "Z370211P00126000123C";
  r.holder_name = "刘小红";
  r.id_type = "resident_id";
  r.id_masked = "3702**********0021";
  r.id_salt = "c2FsdA";
  r.id_hash = IdNumberHash(r.id_salt, "370211199803150021");
  r.project_code = "ZX01001";
  r.project_name = "胶东花饽饽制作";
  r.institution_code = "Z370211P001";
  r.institution_name = "青岛西海岸新区职业技能培训学校";
  r.result = "合格";
  r.issue_date = *Date::Parse("2026-12-08");
  r.key_id = key.key_id();
  r.status_index = index;
  return r;
}

std::string TokenFor(const CertificateRecord& r, const SigningKey& key) {
  const std::string canonical = CanonicalJson(r);
  return EncodeToken(canonical, key.Sign(canonical));
}

std::string ListJson(const StatusList& bits, const SigningKey& key,
                     int64_t issued = kNow - 1000,
                     int64_t expires = kNow + kStatusListLifetimeMs) {
  StatusListStatement s{issued, expires, bits.Encode(), key.key_id()};
  return SignedStatusListJson(s, key.Sign(StatusListSigningInput(s)));
}

class OfflineVerificationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto keys = ParseKeySet(KeysJson({&NewKey(), &OldKey()}));
    ASSERT_TRUE(keys.ok()) << keys.status().message();
    keys_ = *keys;
  }
  KeySet keys_;
};

TEST_F(OfflineVerificationTest, AGenuineCertificateIsValid) {
  const std::string token = TokenFor(Record(NewKey(), 7), NewKey());
  OfflineVerification v =
      VerifyOffline(token, keys_, ListJson(StatusList(), NewKey()), kNow);
  EXPECT_EQ(v.signature, SignatureVerdict::kValid);
  EXPECT_EQ(v.status, StatusVerdict::kValid) << v.status_reason;
  EXPECT_TRUE(v.Genuine());
  ASSERT_TRUE(v.record.has_value());
  EXPECT_EQ(v.record->holder_name, "刘小红");
}

TEST_F(OfflineVerificationTest, OneChangedByteAnywhereIsNeverGenuine) {
  const std::string token = TokenFor(Record(NewKey(), 7), NewKey());
  const std::string list = ListJson(StatusList(), NewKey());
  // A changed byte of the signed record, re-encoded: the signature fails.
  const std::string canonical = CanonicalJson(Record(NewKey(), 7));
  std::string edited = canonical;
  edited[edited.find("Z370211P0012600012") + 17] = '4';
  Result<DecodedToken> d = DecodeToken(token);
  ASSERT_TRUE(d.ok());
  OfflineVerification forged =
      VerifyOffline(EncodeToken(edited, d->signature), keys_, list, kNow);
  EXPECT_EQ(forged.signature, SignatureVerdict::kInvalid);
  EXPECT_FALSE(forged.Genuine());
  // Every single-character change of the token itself.
  for (std::size_t i = 0; i < token.size(); ++i) {
    std::string t = token;
    t[i] = t[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(VerifyOffline(t, keys_, list, kNow).Genuine()) << i;
  }
}

TEST_F(OfflineVerificationTest, ARevokedCertificateWithAFreshListIsRevoked) {
  const std::string token = TokenFor(Record(NewKey(), 7), NewKey());
  StatusList bits;
  bits.Set(7);
  OfflineVerification v =
      VerifyOffline(token, keys_, ListJson(bits, NewKey()), kNow);
  EXPECT_EQ(v.signature, SignatureVerdict::kValid);
  EXPECT_EQ(v.status, StatusVerdict::kRevoked);
  EXPECT_FALSE(v.Genuine());
}

TEST_F(OfflineVerificationTest, TheStatusFailsClosed) {
  const std::string token = TokenFor(Record(NewKey(), 7), NewKey());
  // No list.
  EXPECT_EQ(VerifyOffline(token, keys_, std::nullopt, kNow).status,
            StatusVerdict::kUnknown);
  // An expired list.
  OfflineVerification expired = VerifyOffline(
      token, keys_, ListJson(StatusList(), NewKey(), kNow - 2, kNow), kNow);
  EXPECT_EQ(expired.status, StatusVerdict::kUnknown);
  EXPECT_NE(expired.status_reason.find("过期"), std::string::npos);
  // A list signed by a key that is not published.
  const SigningKey stranger = SigningKey::FromSeed(std::string(32, 'z'));
  EXPECT_EQ(VerifyOffline(token, keys_, ListJson(StatusList(), stranger), kNow)
                .status,
            StatusVerdict::kUnknown);
  // A list whose bits were changed after signing (the revocation erased).
  StatusList revoked;
  revoked.Set(7);
  StatusListStatement s{kNow - 1000, kNow + 1000, revoked.Encode(),
                        NewKey().key_id()};
  const std::string signature = NewKey().Sign(StatusListSigningInput(s));
  s.encoded_list = StatusList().Encode();
  EXPECT_EQ(
      VerifyOffline(token, keys_, SignedStatusListJson(s, signature), kNow)
          .status,
      StatusVerdict::kUnknown);
  // Junk.
  EXPECT_EQ(VerifyOffline(token, keys_, std::string("{}"), kNow).status,
            StatusVerdict::kUnknown);
}

TEST_F(OfflineVerificationTest, OldCertificatesVerifyAfterKeyRotation) {
  const std::string old_token = TokenFor(Record(OldKey(), 3), OldKey());
  const std::string list = ListJson(StatusList(), NewKey());
  EXPECT_TRUE(VerifyOffline(old_token, keys_, list, kNow).Genuine());
  // Without the retired key published, its certificates cannot verify.
  auto only_new = ParseKeySet(KeysJson({&NewKey()}));
  ASSERT_TRUE(only_new.ok());
  EXPECT_EQ(VerifyOffline(old_token, *only_new, list, kNow).signature,
            SignatureVerdict::kUnknownKey);
  // A token claiming the new key but signed with the old one.
  EXPECT_EQ(
      VerifyOffline(TokenFor(Record(NewKey(), 3), OldKey()), keys_, list, kNow)
          .signature,
      SignatureVerdict::kInvalid);
}

TEST(KeySetTest, RefusesKeysThatDoNotMatchTheirIds) {
  std::string json = KeysJson({&NewKey()});
  EXPECT_TRUE(ParseKeySet(json).ok());
  const std::string id = NewKey().key_id();
  json.replace(json.find(id), id.size(), OldKey().key_id());
  EXPECT_EQ(ParseKeySet(json).status().code(), "certificate.keys_invalid");
  EXPECT_EQ(ParseKeySet("[]").status().code(), "certificate.keys_invalid");
  EXPECT_EQ(ParseKeySet("{\"keys\":[{\"key_id\":\"x\"}]}").status().code(),
            "certificate.keys_invalid");
}

}  // namespace
}  // namespace zxkh::domain
