// Crypto wrappers: published test vectors, signatures, and the key file's
// permission rules.
#include "common/crypto.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "support/test_db.hpp"

namespace zxkh {
namespace {

std::string Unhex(std::string_view hex) {
  auto bytes = HexDecode(hex);
  EXPECT_TRUE(bytes.ok()) << hex;
  return bytes.ok() ? *bytes : std::string();
}

int ModeOf(const std::string& path) {
  struct stat st;
  EXPECT_EQ(stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777;
}

TEST(Sha256, FipsVectors) {
  EXPECT_EQ(Sha256Hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(
      Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Sha256Hex(std::string(1'000'000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  const auto raw = Sha256("abc");
  EXPECT_EQ(raw[0], 0xba);
  EXPECT_EQ(raw[31], 0xad);
}

TEST(Hex, RoundTripAndRefusals) {
  const std::string bytes("\x00\x01\xab\xff", 4);
  EXPECT_EQ(HexEncode(bytes), "0001abff");
  EXPECT_EQ(*HexDecode("0001ABff"), bytes);
  EXPECT_EQ(*HexDecode(""), "");
  EXPECT_EQ(HexDecode("abc").status().code(), "crypto.hex");
  EXPECT_EQ(HexDecode("zz").status().code(), "crypto.hex");
  EXPECT_EQ(HexDecode("0g").status().code(), "crypto.hex");
}

TEST(Base64, Rfc4648Vectors) {
  const std::pair<std::string, std::string> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Base64Encode(plain), encoded);
    EXPECT_EQ(*Base64Decode(encoded), plain);
  }
  // The two alphabets differ in 62/63 and in padding.
  const std::string bytes("\xfb\xff", 2);
  EXPECT_EQ(Base64Encode(bytes), "+/8=");
  EXPECT_EQ(Base64UrlEncode(bytes), "-_8");
  EXPECT_EQ(*Base64UrlDecode("-_8"), bytes);
  EXPECT_EQ(Base64UrlDecode("+/8=").status().code(), "crypto.base64");
  EXPECT_EQ(Base64Decode("-_8").status().code(), "crypto.base64");
  EXPECT_EQ(Base64Decode("Zm9v!").status().code(), "crypto.base64");
  EXPECT_EQ(Base64Decode("Zg").status().code(), "crypto.base64");
}

TEST(Random, TokensAreUrlSafeAndDistinct) {
  EXPECT_EQ(RandomBytes(0).size(), 0u);
  EXPECT_EQ(RandomBytes(64).size(), 64u);
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string t = RandomToken(32);
    EXPECT_EQ(t.size(), 43u);  // 32 bytes, unpadded base64url
    EXPECT_EQ(t.find_first_of("+/="), std::string::npos) << t;
    EXPECT_EQ(Base64UrlDecode(t)->size(), 32u);
    seen.insert(t);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(ConstantTimeEquals, ComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secreT"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secret2"));
  EXPECT_FALSE(ConstantTimeEquals("", "x"));
}

// RFC 8032 §7.1, TEST 1 and TEST 2.
TEST(Ed25519, Rfc8032Vectors) {
  SigningKey k1 = SigningKey::FromSeed(Unhex(
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  EXPECT_EQ(HexEncode(k1.public_key()),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  EXPECT_EQ(HexEncode(k1.Sign("")),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  SigningKey k2 = SigningKey::FromSeed(Unhex(
      "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));
  EXPECT_EQ(HexEncode(k2.public_key()),
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
  EXPECT_EQ(HexEncode(k2.Sign("\x72")),
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
            "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
  EXPECT_EQ(k1.key_id(), Sha256Hex(k1.public_key()).substr(0, 16));
  EXPECT_EQ(k1.key_id(), KeyIdOf(k1.public_key()));
  EXPECT_NE(k1.key_id(), k2.key_id());
}

TEST(Ed25519, TamperedMessageSignatureOrKeyFails) {
  SigningKey key = SigningKey::FromSeed(std::string(32, '\x07'));
  SigningKey other = SigningKey::FromSeed(std::string(32, '\x08'));
  const std::string msg = "zxkh-audit-checkpoint/v1\ntree_size=20\n";
  const std::string sig = key.Sign(msg);
  ASSERT_EQ(sig.size(), 64u);
  EXPECT_TRUE(VerifySignature(key.public_key(), msg, sig));

  std::string bad_msg = msg;
  bad_msg[bad_msg.size() - 2] = '1';
  EXPECT_FALSE(VerifySignature(key.public_key(), bad_msg, sig));
  std::string bad_sig = sig;
  bad_sig[10] ^= 1;
  EXPECT_FALSE(VerifySignature(key.public_key(), msg, bad_sig));
  EXPECT_FALSE(VerifySignature(other.public_key(), msg, sig));
  EXPECT_FALSE(VerifySignature(key.public_key(), msg, sig.substr(0, 63)));
  EXPECT_FALSE(VerifySignature(key.public_key().substr(1), msg, sig));
  EXPECT_FALSE(VerifySignature("", msg, ""));
}

TEST(Ed25519, FromSeedRefusesAWrongLength) {
  EXPECT_THROW(SigningKey::FromSeed("short"), std::invalid_argument);
}

TEST(SigningKeyFile, CreatedWithMode0600AndReloadedUnchanged) {
  test::TempDir dir;
  const std::string path = dir.path() + "/audit-signing.key";
  auto created = SigningKey::LoadOrCreate(path);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(ModeOf(path), 0600);
  auto reloaded = SigningKey::LoadOrCreate(path);
  ASSERT_TRUE(reloaded.ok()) << reloaded.status().ToString();
  EXPECT_EQ(reloaded->public_key(), created->public_key());
  auto loaded = SigningKey::Load(path);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->public_key(), created->public_key());
  // A signature made before the restart verifies with the reloaded key.
  EXPECT_TRUE(VerifySignature(loaded->public_key(), "m", created->Sign("m")));
  // Only the temporary file's link is left behind: no stray files.
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    (void)e;
    ++files;
  }
  EXPECT_EQ(files, 1);
}

TEST(SigningKeyFile, GroupOrWorldAccessIsRefused) {
  test::TempDir dir;
  const std::string path = dir.path() + "/audit-signing.key";
  ASSERT_TRUE(SigningKey::LoadOrCreate(path).ok());
  for (int mode : {0644, 0640, 0604, 0660, 0602}) {
    ASSERT_EQ(chmod(path.c_str(), mode), 0);
    auto k = SigningKey::LoadOrCreate(path);
    EXPECT_EQ(k.status().code(), "crypto.key_permissions") << std::oct << mode;
    EXPECT_EQ(k.status().status_code(), StatusCode::kFailedPrecondition);
    EXPECT_EQ(SigningKey::Load(path).status().code(), "crypto.key_permissions");
  }
  ASSERT_EQ(chmod(path.c_str(), 0400), 0);
  EXPECT_TRUE(SigningKey::Load(path).ok());
}

TEST(SigningKeyFile, SymlinksAndGarbageAreRefused) {
  test::TempDir dir;
  const std::string real = dir.path() + "/real.key";
  ASSERT_TRUE(SigningKey::LoadOrCreate(real).ok());
  const std::string link = dir.path() + "/link.key";
  ASSERT_EQ(symlink(real.c_str(), link.c_str()), 0);
  EXPECT_EQ(SigningKey::Load(link).status().code(), "crypto.key_permissions");

  const std::string garbage = dir.path() + "/garbage.key";
  {
    std::ofstream out(garbage);
    out << "not a key\n";
  }
  ASSERT_EQ(chmod(garbage.c_str(), 0600), 0);
  EXPECT_EQ(SigningKey::LoadOrCreate(garbage).status().code(),
            "crypto.key_invalid");
  {
    std::ofstream out(garbage);
    out << Base64Encode(std::string(31, 'k')) << "\n";  // one byte short
  }
  EXPECT_EQ(SigningKey::Load(garbage).status().code(), "crypto.key_invalid");
}

TEST(SigningKeyFile, LoadNeverCreates) {
  test::TempDir dir;
  const std::string path = dir.path() + "/audit-signing.key";
  auto k = SigningKey::Load(path);
  EXPECT_EQ(k.status().code(), "crypto.key_missing");
  EXPECT_EQ(k.status().status_code(), StatusCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_EQ(
      SigningKey::LoadOrCreate(dir.path() + "/no/such/dir/key").status().code(),
      "crypto.key_io");
}

TEST(SigningKeyFile, ConcurrentFirstStartsAgreeOnOneKey) {
  test::TempDir dir;
  const std::string path = dir.path() + "/audit-signing.key";
  std::vector<std::string> keys(8);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      auto k = SigningKey::LoadOrCreate(path);
      if (k.ok()) keys[i] = k->public_key();
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& k : keys) {
    EXPECT_EQ(k.size(), 32u);
    EXPECT_EQ(k, keys[0]);
  }
}

}  // namespace
}  // namespace zxkh
