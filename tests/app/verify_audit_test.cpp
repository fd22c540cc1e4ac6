// `zxkh verify-audit` as an operator runs it: exit codes and the messages
// that name the tampered entry.
#include "app/verify_audit.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "common/crypto.hpp"
#include "common/keyring.hpp"
#include "service/audit_service.hpp"
#include "store/migrate.hpp"
#include "support/test_db.hpp"

namespace zxkh::app {
namespace {

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

Outcome Verify(const Options& options) {
  std::ostringstream out, err;
  auto* old_out = std::cout.rdbuf(out.rdbuf());
  auto* old_err = std::cerr.rdbuf(err.rdbuf());
  const int code = RunVerifyAudit(options);
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  return {code, out.str(), err.str()};
}

class VerifyAuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.data_dir = dir_.path();
    auto db = store::Database::Open(options_.DatabaseUrl(), 2);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    ASSERT_TRUE(store::Migrate(*db_).ok());
  }
  std::string KeyPath() const {
    return dir_.path() + "/" + std::string(kAuditSigningKeyFile);
  }
  // `n` entries, then (unless told otherwise) a checkpoint signed with `key`.
  void Write(int n, const SigningKey& key, bool checkpoint = true) {
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(db_->Transact(store::Database::Mode::kWrite,
                                [&](store::Connection& c) {
                                  domain::Caller city;
                                  city.role = domain::Role::kCity;
                                  city.user_id = 1;
                                  return service::AuditService::Record(
                                      c, city, clock_.NowUnixMillis(),
                                      "catalog.retire", "catalog_project",
                                      "ZX0100" + std::to_string(i % 10),
                                      "状态 active → retired");
                                })
                      .ok());
      clock_.Advance(1000);
    }
    if (!checkpoint) return;
    service::AuditService audit(*db_, clock_, key);
    auto cp = audit.MaybeCheckpoint(true);
    ASSERT_TRUE(cp.ok() && cp->has_value()) << cp.status().ToString();
  }
  void Sql(const std::string& sql) {
    ASSERT_TRUE(db_->Transact(store::Database::Mode::kWrite,
                              [&](store::Connection& c) {
                                return c.Exec(sql).status();
                              })
                    .ok())
        << sql;
  }

  test::TempDir dir_;
  Options options_;
  FakeClock clock_{1'764'205'200'000};
  std::unique_ptr<store::Database> db_;
};

TEST_F(VerifyAuditTest, UntouchedLogPasses) {
  auto key = SigningKey::LoadOrCreate(KeyPath());
  ASSERT_TRUE(key.ok());
  Write(20, *key);
  Write(5, *key);
  const Outcome r = Verify(options_);
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "审计日志校验通过：25 条记录，2 个签名检查点\n");
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST_F(VerifyAuditTest, ChangedByteIsNamed) {
  auto key = SigningKey::LoadOrCreate(KeyPath());
  ASSERT_TRUE(key.ok());
  Write(25, *key);
  Sql("UPDATE audit_log SET summary = '状态 active → retirEd' WHERE seq = 7");
  const Outcome r = Verify(options_);
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(r.out.starts_with("审计日志校验失败：第 7 条记录")) << r.out;
  EXPECT_NE(r.out.find("（audit.entry_hash_mismatch）"), std::string::npos)
      << r.out;
}

TEST_F(VerifyAuditTest, DeletedRowIsNamed) {
  auto key = SigningKey::LoadOrCreate(KeyPath());
  ASSERT_TRUE(key.ok());
  Write(25, *key);
  Sql("DELETE FROM audit_log WHERE seq = 13");
  const Outcome r = Verify(options_);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("第 13 条记录"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("audit.seq_gap"), std::string::npos) << r.out;
}

TEST_F(VerifyAuditTest, RotatedKeysAreTrustedFromTheListOnly) {
  const SigningKey old_key = SigningKey::FromSeed(std::string(32, 'o'));
  Write(10, old_key);
  auto current = SigningKey::LoadOrCreate(KeyPath());
  ASSERT_TRUE(current.ok());
  Write(5, *current);

  const Outcome untrusted = Verify(options_);
  EXPECT_EQ(untrusted.code, 1);
  EXPECT_NE(untrusted.out.find("audit.checkpoint_signature"), std::string::npos)
      << untrusted.out;

  {
    std::ofstream list(dir_.path() + "/" + std::string(kTrustedKeysFile));
    list << "# 2025 年停用的密钥\n\n"
         << Base64Encode(old_key.public_key()) << "\n";
  }
  const Outcome trusted = Verify(options_);
  EXPECT_EQ(trusted.code, 0) << trusted.out << trusted.err;
  EXPECT_EQ(trusted.out, "审计日志校验通过：15 条记录，2 个签名检查点\n");

  {
    std::ofstream list(dir_.path() + "/" + std::string(kTrustedKeysFile));
    list << "not-a-key\n";
  }
  const Outcome bad = Verify(options_);
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("第 1 行"), std::string::npos) << bad.err;
}

TEST_F(VerifyAuditTest, CheckpointsOfARotatedKeyStillVerify) {
  auto first = Keyring::LoadOrCreate(dir_.path());
  ASSERT_TRUE(first.ok());
  Write(4, *first->current());
  ASSERT_TRUE(Keyring::Rotate(dir_.path(), "2026-11-27").ok());
  auto second = Keyring::LoadOrCreate(dir_.path());
  ASSERT_TRUE(second.ok());
  ASSERT_NE(second->current()->key_id(), first->current()->key_id());
  Write(3, *second->current());
  const Outcome r = Verify(options_);
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "审计日志校验通过：7 条记录，2 个签名检查点\n");
}

TEST_F(VerifyAuditTest, UnsignedTailIsReported) {
  auto key = SigningKey::LoadOrCreate(KeyPath());
  ASSERT_TRUE(key.ok());
  Write(10, *key);
  Write(3, *key, /*checkpoint=*/false);
  const Outcome r = Verify(options_);
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_EQ(
      r.out,
      "审计日志校验通过：13 条记录，1 个签名检查点（最后 3 条尚待签名）\n");
}

TEST_F(VerifyAuditTest, NeverCreatesAKeyOrADatabase) {
  // No key and no checkpoints: the chain alone is checked, with a warning.
  const SigningKey unsaved = SigningKey::FromSeed(std::string(32, 'u'));
  Write(3, unsaved, /*checkpoint=*/false);
  const Outcome r = Verify(options_);
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("未找到签名公钥"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(KeyPath()));

  Options elsewhere;
  elsewhere.data_dir = dir_.path() + "/empty";
  std::filesystem::create_directory(elsewhere.data_dir);
  const Outcome missing = Verify(elsewhere);
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("不存在"), std::string::npos) << missing.err;
  EXPECT_FALSE(std::filesystem::exists(elsewhere.data_dir + "/zxkh.db"));
}

TEST_F(VerifyAuditTest, ALooseKeyFileIsRefused) {
  auto key = SigningKey::LoadOrCreate(KeyPath());
  ASSERT_TRUE(key.ok());
  Write(3, *key);
  ASSERT_EQ(chmod(KeyPath().c_str(), 0644), 0);
  const Outcome r = Verify(options_);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("crypto.key_permissions"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace zxkh::app
