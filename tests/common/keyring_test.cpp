#include "common/keyring.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/test_db.hpp"

namespace zxkh {
namespace {

TEST(KeyringTest, FirstStartCreatesOneCurrentKey) {
  test::TempDir dir;
  Result<Keyring> ring = Keyring::LoadOrCreate(dir.path());
  ASSERT_TRUE(ring.ok()) << ring.status().message();
  ASSERT_NE(ring->current(), nullptr);
  ASSERT_EQ(ring->keys().size(), 1u);
  EXPECT_TRUE(ring->keys()[0].current);
  EXPECT_EQ(ring->keys()[0].key_id, ring->current()->key_id());
  // The same key on the next start.
  Result<Keyring> again = Keyring::LoadOrCreate(dir.path());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->current()->key_id(), ring->current()->key_id());
}

TEST(KeyringTest, RotationKeepsTheOldPublicKeyPublishedAndSignsWithTheNew) {
  test::TempDir dir;
  Result<Keyring> before = Keyring::LoadOrCreate(dir.path());
  ASSERT_TRUE(before.ok());
  const std::string old_id = before->current()->key_id();
  const std::string message = "证书 Z370211P00126000001";
  const std::string old_signature = before->current()->Sign(message);

  Result<std::string> new_id = Keyring::Rotate(dir.path(), "2026-11-27");
  ASSERT_TRUE(new_id.ok()) << new_id.status().message();
  EXPECT_NE(*new_id, old_id);

  Result<Keyring> after = Keyring::LoadOrCreate(dir.path());
  ASSERT_TRUE(after.ok()) << after.status().message();
  EXPECT_EQ(after->current()->key_id(), *new_id);
  ASSERT_EQ(after->keys().size(), 2u);
  EXPECT_TRUE(after->keys()[0].current);
  EXPECT_FALSE(after->keys()[1].current);
  // What the old key signed still verifies against the published set.
  std::optional<std::string> old_public = after->PublicKey(old_id);
  ASSERT_TRUE(old_public.has_value());
  EXPECT_TRUE(VerifySignature(*old_public, message, old_signature));
  // And the new key signs differently.
  EXPECT_FALSE(
      VerifySignature(*old_public, message, after->current()->Sign(message)));
  EXPECT_FALSE(after->PublicKey("0000000000000000").has_value());

  // A second rotation lists both retired keys.
  ASSERT_TRUE(Keyring::Rotate(dir.path(), "2026-11-28").ok());
  Result<Keyring> third = Keyring::LoadOrCreate(dir.path());
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->keys().size(), 3u);
}

TEST(KeyringTest, VerificationNeverCreatesAKey) {
  test::TempDir dir;
  Result<Keyring> ring = Keyring::LoadForVerification(dir.path());
  ASSERT_TRUE(ring.ok());
  EXPECT_EQ(ring->current(), nullptr);
  EXPECT_TRUE(ring->keys().empty());
  EXPECT_FALSE(
      std::filesystem::exists(dir.path() + "/" + std::string(kSigningKeyFile)));
  // Rotation needs a key to retire.
  EXPECT_EQ(Keyring::Rotate(dir.path(), "2026-11-27").status().code(),
            "crypto.key_missing");
}

TEST(KeyringTest, RefusesAnInvalidTrustedKeyNamingTheLine) {
  test::TempDir dir;
  std::ofstream(dir.path() + "/" + std::string(kTrustedKeysFile))
      << "# retired\n"
      << "not-a-key\n";
  Result<Keyring> ring = Keyring::LoadOrCreate(dir.path());
  EXPECT_EQ(ring.status().code(), "keys.trusted_key_invalid");
  EXPECT_NE(ring.status().message().find("第 2 行"), std::string::npos)
      << ring.status().message();
}

}  // namespace
}  // namespace zxkh
