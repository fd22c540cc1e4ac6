// The operation log as a use case, on SQLite and PostgreSQL: verification
// names the first bad entry whatever was tampered with, checkpoints are
// signed on time, proofs verify, and browsing respects the data scope.
#include "service/audit_service.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "common/log.hpp"
#include "docs/tabular.hpp"
#include "domain/merkle.hpp"
#include "store/audit_repository.hpp"
#include "store/migrate.hpp"
#include "support/test_db.hpp"

namespace zxkh::service {
namespace {

using domain::AuditEntry;
using domain::Caller;
using domain::Checkpoint;
using domain::Role;
using store::AuditRepository;
using store::Connection;
using store::Database;

constexpr int64_t kStart = 1'764'205'200'000;  // 2025-11-27 09:00 +08:00
constexpr int64_t kTampered = 12;  // the row the tamper tests change

Caller As(Role role, int64_t user_id = 1,
          std::optional<std::string> district = {},
          std::optional<int64_t> institution = {}) {
  Caller c;
  c.role = role;
  c.user_id = user_id;
  c.district_code = std::move(district);
  c.institution_id = institution;
  c.request_id = "req-" + std::to_string(user_id);
  return c;
}

// Collects log lines while alive, so expected error lines are checked
// rather than printed.
class LogCapture {
 public:
  LogCapture() {
    SetLogSink([this](std::string_view line) { lines_ += line; });
  }
  ~LogCapture() { SetLogSink({}); }
  const std::string& text() const { return lines_; }

 private:
  std::string lines_;
};

class AuditServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.Set(kStart);
    ASSERT_TRUE(store::Migrate(db()).ok());
  }
  Database& db() { return tdb_.db(); }

  Status RecordOne(const Caller& caller, std::string summary,
                   std::optional<std::string> district = {},
                   std::optional<int64_t> institution = {}) {
    return db().Transact(Database::Mode::kWrite, [&](Connection& c) {
      return AuditService::Record(c, caller, clock_.NowUnixMillis(),
                                  "catalog.retire", "catalog_project",
                                  "ZX0100" + std::to_string(Size() % 10),
                                  summary, district, institution);
    });
  }
  int64_t Size() {
    auto n = db().InTransaction(Database::Mode::kRead, [](Connection& c) {
      return AuditRepository(c).Size();
    });
    return n.ok() ? *n : -1;
  }
  // Entry i (1-based): district 370202 when i % 3 == 0, 370203 when
  // i % 3 == 1; institution 8 when i % 4 == 0.
  void AppendEntries(int n) {
    for (int k = 0; k < n; ++k) {
      const int i = static_cast<int>(Size()) + 1;
      std::optional<std::string> district;
      if (i % 3 == 0) district = "370202";
      if (i % 3 == 1) district = "370203";
      std::optional<int64_t> institution;
      if (i % 4 == 0) institution = 8;
      ASSERT_TRUE(RecordOne(As(Role::kCity, 100 + i),
                            "状态 active → retired #" + std::to_string(i),
                            district, institution)
                      .ok());
      clock_.Advance(1000);
    }
  }
  std::optional<Checkpoint> ForceCheckpoint() {
    auto cp = service_.MaybeCheckpoint(/*force=*/true);
    EXPECT_TRUE(cp.ok()) << cp.status().ToString();
    return cp.ok() ? *cp : std::nullopt;
  }
  // 24 entries; signed checkpoints at 10 and 20; 21..24 not yet signed.
  void Populate() {
    AppendEntries(10);
    ASSERT_EQ(ForceCheckpoint()->tree_size, 10);
    AppendEntries(10);
    ASSERT_EQ(ForceCheckpoint()->tree_size, 20);
    AppendEntries(4);
  }
  VerifyReport Verify(std::vector<std::string> keys = {}) {
    if (keys.empty()) keys = {key_.public_key()};
    auto r = service_.Verify(keys);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : VerifyReport{};
  }
  AuditEntry Entry(int64_t seq) {
    auto e = db().InTransaction(Database::Mode::kRead, [&](Connection& c) {
      return AuditRepository(c).Get(seq);
    });
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    return e.ok() ? *e : AuditEntry{};
  }
  void Sql(const std::string& sql, std::initializer_list<store::Value> params) {
    Status st = db().Transact(Database::Mode::kWrite, [&](Connection& c) {
      return c.Exec(sql, params).status();
    });
    ASSERT_TRUE(st.ok()) << sql << ": " << st.ToString();
  }
  // Writes every column of `e` except seq into row `seq`.
  void Overwrite(int64_t seq, const AuditEntry& e) {
    auto opt_text = [](const std::optional<std::string>& s) -> store::Value {
      if (!s) return std::monostate{};
      return *s;
    };
    auto opt_int = [](const std::optional<int64_t>& v) -> store::Value {
      if (!v) return std::monostate{};
      return *v;
    };
    Sql("UPDATE audit_log SET at = ?, user_id = ?, role = ?, action = ?, "
        "target_type = ?, target_id = ?, summary = ?, request_id = ?, "
        "district_code = ?, institution_id = ?, prev_hash = ?, entry_hash = ? "
        "WHERE seq = ?",
        {e.at, e.user_id, e.role, e.action, e.target_type, e.target_id,
         e.summary, e.request_id, opt_text(e.district_code),
         opt_int(e.institution_id), e.prev_hash, e.entry_hash, seq});
  }
  void ExpectNamed(const VerifyReport& r, int64_t seq,
                   const std::string& code) {
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.first_bad_seq, seq) << r.message;
    EXPECT_EQ(r.code, code) << r.message;
    EXPECT_NE(r.message.find("第 " + std::to_string(seq) + " 条"),
              std::string::npos)
        << r.message;
  }

  FakeClock clock_;
  test::TestDatabase tdb_;
  SigningKey key_ = SigningKey::FromSeed(std::string(32, '\x11'));
  SigningKey other_key_ = SigningKey::FromSeed(std::string(32, '\x22'));
  AuditService service_{tdb_.db(), clock_, key_};
};

TEST_F(AuditServiceTest, EmptyAndUntouchedLogsVerify) {
  VerifyReport empty = Verify();
  EXPECT_TRUE(empty.ok) << empty.message;
  EXPECT_EQ(empty.entries_checked, 0);

  Populate();
  VerifyReport r = Verify();
  EXPECT_TRUE(r.ok) << r.code << " " << r.message;
  EXPECT_EQ(r.entries_checked, 24);
  EXPECT_EQ(r.checkpoints_checked, 2);
  EXPECT_EQ(r.signed_entries, 20);
  EXPECT_EQ(r.first_bad_seq, 0);
  EXPECT_TRUE(r.code.empty());
}

TEST_F(AuditServiceTest, RecordStoresTheCallerAndRefusesPersonalData) {
  Caller caller = As(Role::kDistrict, 77, "370202");
  caller.request_id = "0123456789abcdef";
  ASSERT_TRUE(RecordOne(caller, "考点 → 第二考场", "370202", 8).ok());
  const AuditEntry e = Entry(1);
  EXPECT_EQ(e.user_id, 77);
  EXPECT_EQ(e.role, "DISTRICT");
  EXPECT_EQ(e.request_id, "0123456789abcdef");
  EXPECT_EQ(e.at, kStart);
  EXPECT_EQ(e.district_code, "370202");
  EXPECT_EQ(e.institution_id, 8);

  Status pii = RecordOne(caller, "考生 370202199001011234 报名");
  EXPECT_EQ(pii.code(), "audit.personal_data");
  Status phone = RecordOne(caller, "联系电话 13812345678");
  EXPECT_EQ(phone.code(), "audit.personal_data");
  EXPECT_EQ(Size(), 1);  // nothing of the refused operations was written
}

TEST_F(AuditServiceTest, RecordRollsBackWithTheStateChange) {
  Status st = db().Transact(Database::Mode::kWrite, [&](Connection& c) {
    ZXKH_RETURN_IF_ERROR(AuditService::Record(
        c, As(Role::kCity), kStart, "catalog.retire", "catalog_project",
        "ZX01002", "状态 active → retired"));
    return Status::FailedPrecondition("test.later_step", "后续步骤失败");
  });
  EXPECT_EQ(st.code(), "test.later_step");
  EXPECT_EQ(Size(), 0);
  EXPECT_TRUE(Verify().ok);
}

// (a) One byte of one row's summary.
TEST_F(AuditServiceTest, OneChangedByteOfASummaryIsNamed) {
  Populate();
  AuditEntry e = Entry(kTampered);
  const auto pos = e.summary.find("active");
  ASSERT_NE(pos, std::string::npos);
  e.summary[pos] = 'b';  // "bctive"
  Sql("UPDATE audit_log SET summary = ? WHERE seq = ?", {e.summary, kTampered});
  const VerifyReport r = Verify();
  ExpectNamed(r, kTampered, "audit.entry_hash_mismatch");
  EXPECT_EQ(r.entries_checked, kTampered - 1);
  EXPECT_EQ(r.checkpoints_checked, 1);
}

// (b) One byte in each column, one case per column.
struct ColumnCase {
  const char* column;
  bool integer;
  const char* code;
};

class AuditColumnTamperTest : public AuditServiceTest,
                              public ::testing::WithParamInterface<ColumnCase> {
};

// `s` with one ASCII letter or digit changed to another of its kind.
std::string ChangeOneByte(std::string s) {
  for (char& c : s) {
    if (c >= '0' && c <= '9') {
      c = c == '9' ? '8' : static_cast<char>(c + 1);
      return s;
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      c = (c == 'z' || c == 'Z') ? static_cast<char>(c - 1)
                                 : static_cast<char>(c + 1);
      return s;
    }
  }
  ADD_FAILURE() << "nothing to change in " << s;
  return s;
}

TEST_P(AuditColumnTamperTest, IsNamed) {
  const ColumnCase& col = GetParam();
  Populate();
  std::string text;
  {
    auto row = db().InTransaction(Database::Mode::kRead, [&](Connection& c) {
      return c.One(
          std::string("SELECT ") + col.column + " FROM audit_log WHERE seq = ?",
          {kTampered});
    });
    ASSERT_TRUE(row.ok());
    ASSERT_FALSE(row->IsNull(0)) << col.column;
    text = row->Text(0);
  }
  std::string changed = ChangeOneByte(text);
  if (std::string(col.column) == "seq") changed = "9" + text.substr(1);
  ASSERT_EQ(changed.size(), text.size());
  ASSERT_NE(changed, text);
  const std::string sql =
      std::string("UPDATE audit_log SET ") + col.column + " = ? WHERE seq = ?";
  if (col.integer) {
    Sql(sql, {int64_t{std::stoll(changed)}, kTampered});
  } else {
    Sql(sql, {changed, kTampered});
  }
  ExpectNamed(Verify(), kTampered, col.code);
}

INSTANTIATE_TEST_SUITE_P(
    EveryColumn, AuditColumnTamperTest,
    ::testing::Values(
        ColumnCase{"at", true, "audit.entry_hash_mismatch"},
        ColumnCase{"user_id", true, "audit.entry_hash_mismatch"},
        ColumnCase{"role", false, "audit.entry_hash_mismatch"},
        ColumnCase{"action", false, "audit.entry_hash_mismatch"},
        ColumnCase{"target_type", false, "audit.entry_hash_mismatch"},
        ColumnCase{"target_id", false, "audit.entry_hash_mismatch"},
        ColumnCase{"summary", false, "audit.entry_hash_mismatch"},
        ColumnCase{"request_id", false, "audit.entry_hash_mismatch"},
        ColumnCase{"district_code", false, "audit.entry_hash_mismatch"},
        ColumnCase{"institution_id", true, "audit.entry_hash_mismatch"},
        ColumnCase{"prev_hash", false, "audit.chain_broken"},
        ColumnCase{"entry_hash", false, "audit.entry_hash_mismatch"},
        ColumnCase{"seq", true, "audit.seq_gap"}),
    [](const auto& info) { return std::string(info.param.column); });

TEST_F(AuditServiceTest, ClearingAnOptionalColumnIsNamed) {
  Populate();
  Sql("UPDATE audit_log SET district_code = NULL, institution_id = NULL "
      "WHERE seq = ?",
      {kTampered});
  ExpectNamed(Verify(), kTampered, "audit.entry_hash_mismatch");
}

// (c) A row deleted from the middle.
TEST_F(AuditServiceTest, ADeletedMiddleRowIsNamed) {
  Populate();
  Sql("DELETE FROM audit_log WHERE seq = ?", {kTampered});
  ExpectNamed(Verify(), kTampered, "audit.seq_gap");
}

// ... also when the later rows are renumbered to close the gap.
TEST_F(AuditServiceTest, ADeletedRowWithRenumberingIsNamed) {
  Populate();
  Sql("DELETE FROM audit_log WHERE seq = ?", {kTampered});
  for (int64_t s = kTampered + 1; s <= 24; ++s) {
    Sql("UPDATE audit_log SET seq = ? WHERE seq = ?", {s - 1, s});
  }
  const VerifyReport r = Verify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_seq, kTampered) << r.message;
  EXPECT_EQ(r.code, "audit.chain_broken");
}

// (d) The last row deleted: the head still counts it.
TEST_F(AuditServiceTest, ADeletedLastRowIsNamedByTheHead) {
  Populate();
  Sql("DELETE FROM audit_log WHERE seq = ?", {int64_t{24}});
  ExpectNamed(Verify(), 24, "audit.head_mismatch");
}

// ... and when the head is moved back too, a signed checkpoint still counts
// it.
TEST_F(AuditServiceTest, ADeletedLastRowWithHeadRewindIsNamedByCheckpoint) {
  Populate();
  ASSERT_EQ(ForceCheckpoint()->tree_size, 24);
  const AuditEntry prev = Entry(23);
  Sql("DELETE FROM audit_log WHERE seq = ?", {int64_t{24}});
  Sql("UPDATE audit_head SET seq = ?, entry_hash = ? WHERE id = 1",
      {int64_t{23}, prev.entry_hash});
  const VerifyReport r = Verify();
  ExpectNamed(r, 24, "audit.seq_gap");
  EXPECT_EQ(r.checkpoint_tree_size, 24);
}

// (e) Two rows' contents swapped, seq kept.
TEST_F(AuditServiceTest, SwappedRowsAreNamed) {
  Populate();
  const AuditEntry a = Entry(7);
  const AuditEntry b = Entry(15);
  Overwrite(7, b);
  Overwrite(15, a);
  ExpectNamed(Verify(), 7, "audit.chain_broken");
}

TEST_F(AuditServiceTest, SwappedNeighboursAreNamed) {
  Populate();
  const AuditEntry a = Entry(kTampered);
  const AuditEntry b = Entry(kTampered + 1);
  Overwrite(kTampered, b);
  Overwrite(kTampered + 1, a);
  ExpectNamed(Verify(), kTampered, "audit.chain_broken");
}

// (f) An attacker edits a row and recomputes every hash after it: the chain
// is consistent again, but the signed checkpoint's root is not.
TEST_F(AuditServiceTest, RehashedChainIsCaughtByTheSignedCheckpoint) {
  Populate();
  auto all = db().InTransaction(Database::Mode::kRead, [](Connection& c) {
    return AuditRepository(c).Range(1, 100);
  });
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 24u);
  std::vector<AuditEntry> rows = *all;
  rows[kTampered - 1].summary = "状态 active → active";
  for (std::size_t i = kTampered - 1; i < rows.size(); ++i) {
    rows[i].prev_hash = rows[i - 1].entry_hash;
    rows[i].entry_hash = domain::ComputeEntryHash(rows[i]);
    Overwrite(rows[i].seq, rows[i]);
  }
  Sql("UPDATE audit_head SET entry_hash = ? WHERE id = 1",
      {rows.back().entry_hash});
  const VerifyReport r = Verify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.code, "audit.checkpoint_root_mismatch") << r.message;
  EXPECT_EQ(r.checkpoint_tree_size, 20);
  // Entries 1..10 are vouched for by the checkpoint at 10, so the edit is
  // among 11..20.
  EXPECT_EQ(r.first_bad_seq, 11);
  EXPECT_NE(r.message.find("第 11 条至第 20 条"), std::string::npos)
      << r.message;
  EXPECT_EQ(r.checkpoints_checked, 1);

  // No process signs on top of the forged chain: not one that read the
  // original rows, nor a restarted one that has only seen the forgery (it
  // cannot make the chain reach the old signed root).
  AppendEntries(1);
  LogCapture log;
  auto mine = service_.MaybeCheckpoint(true);
  EXPECT_EQ(mine.status().code(), "audit.chain_broken");
  AuditService restarted(db(), clock_, key_);
  auto theirs = restarted.MaybeCheckpoint(true);
  EXPECT_EQ(theirs.status().code(), "audit.checkpoint_root_mismatch");
  EXPECT_EQ(theirs.status().status_code(), StatusCode::kInternal);
  EXPECT_NE(log.text().find("\"event\":\"audit.checkpoint_root_mismatch\""),
            std::string::npos)
      << log.text();
}

// A process signs from the leaves it has already checked: a later edit of an
// old row neither enters the next checkpoint nor costs a re-read of the log,
// and verify-audit still names the row.
TEST_F(AuditServiceTest, CheckpointsCommitToTheRowsAsFirstChecked) {
  Populate();
  const auto original = db().InTransaction(
      Database::Mode::kRead,
      [](Connection& c) { return AuditRepository(c).EntryHashes(24); });
  ASSERT_TRUE(original.ok());
  Sql("UPDATE audit_log SET summary = '改' WHERE seq = ?", {int64_t{3}});
  auto cp = ForceCheckpoint();
  ASSERT_TRUE(cp.has_value());
  std::vector<domain::Hash> leaves;
  for (const auto& hex : *original) {
    domain::Hash raw;
    ASSERT_TRUE(domain::HashFromHex(hex, &raw));
    leaves.push_back(domain::LeafHash(
        std::string(reinterpret_cast<const char*>(raw.data()), 32)));
  }
  EXPECT_EQ(cp->root_hash, domain::HashHex(domain::MerkleRoot(leaves)));
  ExpectNamed(Verify(), 3, "audit.entry_hash_mismatch");
}

TEST_F(AuditServiceTest, BrokenChainIsNeverSigned) {
  Populate();
  Sql("UPDATE audit_log SET summary = '改' WHERE seq = ?", {int64_t{22}});
  AuditService fresh(db(), clock_, key_);
  LogCapture log;
  auto cp = fresh.MaybeCheckpoint(true);
  EXPECT_EQ(cp.status().code(), "audit.chain_broken");
  EXPECT_NE(log.text().find("\"event\":\"audit.chain_broken\""),
            std::string::npos)
      << log.text();
  EXPECT_EQ(cp.status().status_code(), StatusCode::kInternal);
  EXPECT_NE(cp.status().message().find("22"), std::string::npos);
}

// (g) A checkpoint signed by another key.
TEST_F(AuditServiceTest, CheckpointSignedByAnotherKeyIsRefused) {
  Populate();
  auto cps = db().InTransaction(Database::Mode::kRead, [](Connection& c) {
    return AuditRepository(c).Checkpoints();
  });
  ASSERT_TRUE(cps.ok());
  ASSERT_EQ(cps->size(), 2u);
  const Checkpoint& cp = (*cps)[1];
  const std::string forged =
      Base64Encode(other_key_.Sign(domain::CheckpointMessage(
          cp.tree_size, cp.root_hash, cp.signed_at, other_key_.key_id())));
  Sql("UPDATE audit_checkpoints SET key_id = ?, signature = ? "
      "WHERE tree_size = ?",
      {other_key_.key_id(), forged, cp.tree_size});
  VerifyReport r = Verify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.code, "audit.checkpoint_signature");
  EXPECT_EQ(r.checkpoint_tree_size, 20);
  EXPECT_NE(r.message.find("不受信任"), std::string::npos) << r.message;

  // A rotated key that the operator trusts is accepted.
  VerifyReport rotated = Verify({key_.public_key(), other_key_.public_key()});
  EXPECT_TRUE(rotated.ok) << rotated.message;
}

TEST_F(AuditServiceTest, ForgedOrEditedCheckpointSignatureIsRefused) {
  Populate();
  // Same key id, signature of other bytes.
  Sql("UPDATE audit_checkpoints SET signature = ? WHERE tree_size = 10",
      {Base64Encode(key_.Sign("something else"))});
  VerifyReport r = Verify();
  EXPECT_EQ(r.code, "audit.checkpoint_signature");
  EXPECT_EQ(r.checkpoint_tree_size, 10);
  EXPECT_NE(r.message.find("签名无效"), std::string::npos) << r.message;
}

TEST_F(AuditServiceTest, EditedCheckpointRootIsRefused) {
  Populate();
  auto cp = db().InTransaction(Database::Mode::kRead, [](Connection& c) {
    return AuditRepository(c).Checkpoints();
  });
  ASSERT_TRUE(cp.ok());
  Sql("UPDATE audit_checkpoints SET root_hash = ? WHERE tree_size = 10",
      {ChangeOneByte((*cp)[0].root_hash)});
  EXPECT_EQ(Verify().code, "audit.checkpoint_signature");
}

TEST_F(AuditServiceTest, NoTrustedKeyMeansCheckpointsFail) {
  Populate();
  VerifyReport r = Verify({other_key_.public_key()});
  EXPECT_EQ(r.code, "audit.checkpoint_signature");
  EXPECT_EQ(r.checkpoint_tree_size, 10);
}

TEST_F(AuditServiceTest, InclusionProofOfEveryEntryVerifies) {
  Populate();
  for (int64_t seq = 1; seq <= 24; ++seq) {
    auto p = service_.Proof(As(Role::kCity), seq);
    ASSERT_TRUE(p.ok()) << seq << ": " << p.status().ToString();
    EXPECT_EQ(p->seq, seq);
    EXPECT_EQ(p->leaf_index, seq - 1);
    EXPECT_EQ(p->entry_hash, Entry(seq).entry_hash);
    // Entries newer than the last checkpoint get one signed first.
    EXPECT_EQ(p->checkpoint.tree_size, seq <= 20 ? 20 : 24);
    domain::Hash raw, leaf, root;
    ASSERT_TRUE(domain::HashFromHex(p->entry_hash, &raw));
    ASSERT_TRUE(domain::HashFromHex(p->leaf_hash, &leaf));
    EXPECT_EQ(leaf, domain::LeafHash(std::string(
                        reinterpret_cast<const char*>(raw.data()), 32)));
    ASSERT_TRUE(domain::HashFromHex(p->checkpoint.root_hash, &root));
    std::vector<domain::Hash> path;
    for (const auto& h : p->audit_path) {
      ASSERT_TRUE(domain::HashFromHex(h, &path.emplace_back()));
    }
    EXPECT_TRUE(domain::VerifyInclusion(leaf, p->leaf_index,
                                        p->checkpoint.tree_size, path, root))
        << seq;
    const Checkpoint& cp = p->checkpoint;
    EXPECT_EQ(cp.key_id, key_.key_id());
    EXPECT_TRUE(
        VerifySignature(key_.public_key(),
                        domain::CheckpointMessage(cp.tree_size, cp.root_hash,
                                                  cp.signed_at, cp.key_id),
                        *Base64Decode(cp.signature)));
    // The proof does not fit a neighbouring entry.
    if (seq > 1) {
      domain::Hash other;
      ASSERT_TRUE(domain::HashFromHex(Entry(seq - 1).entry_hash, &other));
      EXPECT_FALSE(domain::VerifyInclusion(
          domain::LeafHash(
              std::string(reinterpret_cast<const char*>(other.data()), 32)),
          p->leaf_index, p->checkpoint.tree_size, path, root));
    }
  }
  EXPECT_TRUE(Verify().ok);
}

TEST_F(AuditServiceTest, ProofRespectsRolesAndScope) {
  Populate();
  // Entry 12 belongs to 370202, entry 13 to 370203.
  EXPECT_TRUE(service_.Proof(As(Role::kDistrict, 2, "370202"), kTampered).ok());
  EXPECT_TRUE(service_.Proof(As(Role::kProvince), kTampered).ok());
  auto other = service_.Proof(As(Role::kDistrict, 2, "370202"), 13);
  EXPECT_EQ(other.status().status_code(), StatusCode::kNotFound);
  EXPECT_EQ(other.status().code(), "audit.not_found");
  auto unbound = service_.Proof(As(Role::kDistrict, 2), 13);
  EXPECT_EQ(unbound.status().status_code(), StatusCode::kPermissionDenied);
  auto missing = service_.Proof(As(Role::kCity), 99);
  EXPECT_EQ(missing.status().code(), "audit.not_found");
  auto inst = service_.Proof(As(Role::kInstitutionAdmin, 3, {}, 8), 12);
  EXPECT_EQ(inst.status().code(), "auth.forbidden");
  auto anon = service_.Proof(Caller::Public(), 12);
  EXPECT_EQ(anon.status().status_code(), StatusCode::kUnauthenticated);
}

TEST_F(AuditServiceTest, CheckpointAfterAThousandEntriesOrAMinute) {
  // 999 entries in one transaction, all at kStart.
  ASSERT_TRUE(db().Transact(Database::Mode::kWrite,
                            [&](Connection& c) {
                              for (int i = 0; i < 999; ++i) {
                                ZXKH_RETURN_IF_ERROR(AuditService::Record(
                                    c, As(Role::kCity), kStart,
                                    "catalog.retire", "catalog_project",
                                    std::to_string(i), "停用"));
                              }
                              return Status::Ok();
                            })
                  .ok());
  clock_.Set(kStart + 59'000);
  auto none = service_.MaybeCheckpoint();
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_FALSE(none->has_value());

  ASSERT_TRUE(RecordOne(As(Role::kCity), "停用").ok());  // the 1000th
  auto one = service_.MaybeCheckpoint();
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  ASSERT_TRUE(one->has_value());
  EXPECT_EQ((*one)->tree_size, 1000);
  EXPECT_EQ((*one)->signed_at, kStart + 59'000);

  // Nothing unsigned: no checkpoint, forced or not.
  clock_.Advance(3'600'000);
  EXPECT_FALSE(service_.MaybeCheckpoint()->has_value());
  EXPECT_FALSE(service_.MaybeCheckpoint(true)->has_value());
  VerifyReport r = Verify();
  EXPECT_TRUE(r.ok) << r.message;
  EXPECT_EQ(r.checkpoints_checked, 1);
}

TEST_F(AuditServiceTest, CheckpointWhenTheOldestUnsignedEntryIsAMinuteOld) {
  ASSERT_TRUE(RecordOne(As(Role::kCity), "停用").ok());
  clock_.Advance(59'000);
  EXPECT_FALSE(service_.MaybeCheckpoint()->has_value());
  clock_.Advance(2'000);  // 61 s
  auto cp = service_.MaybeCheckpoint();
  ASSERT_TRUE(cp.ok()) << cp.status().ToString();
  ASSERT_TRUE(cp->has_value());
  EXPECT_EQ((*cp)->tree_size, 1);
  EXPECT_EQ((*cp)->key_id, key_.key_id());
  // A new entry waits its own minute.
  ASSERT_TRUE(RecordOne(As(Role::kCity), "启用").ok());
  clock_.Advance(30'000);
  EXPECT_FALSE(service_.MaybeCheckpoint()->has_value());
  clock_.Advance(30'000);
  EXPECT_EQ(service_.MaybeCheckpoint().value()->tree_size, 2);
}

TEST_F(AuditServiceTest, ConcurrentCheckpointersSignEachSizeOnce) {
  AppendEntries(30);
  auto pool_a = tdb_.OpenPool(2);
  auto pool_b = tdb_.OpenPool(2);
  AuditService a(*pool_a, clock_, key_);
  AuditService b(*pool_b, clock_, key_);
  std::atomic<int> signed_count{0}, errors{0};
  auto run = [&](AuditService& s) {
    for (int i = 0; i < 5; ++i) {
      auto cp = s.MaybeCheckpoint(true);
      if (!cp.ok()) {
        ++errors;
        ADD_FAILURE() << cp.status().ToString();
      } else if (cp->has_value()) {
        ++signed_count;
      }
    }
  };
  std::thread ta(run, std::ref(a));
  std::thread tb(run, std::ref(b));
  ta.join();
  tb.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(signed_count.load(), 1);
  EXPECT_TRUE(Verify().ok);
}

TEST_F(AuditServiceTest, ListOperationsByScope) {
  Populate();
  auto seqs = [&](const Caller& caller, domain::AuditFilter f = {}) {
    f.page.page_size = 100;
    auto page = service_.ListOperations(caller, f);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    std::vector<int64_t> out;
    if (page.ok()) {
      for (const auto& e : page->items) out.push_back(e.seq);
    }
    return out;
  };
  using V = std::vector<int64_t>;
  EXPECT_EQ(seqs(As(Role::kCity)).size(), 24u);
  EXPECT_EQ(seqs(As(Role::kProvince)).size(), 24u);
  EXPECT_EQ(seqs(As(Role::kCity), {.district_code = "370202"}),
            (V{24, 21, 18, 15, 12, 9, 6, 3}));
  // A district sees its own rows only, whatever it asks for.
  const Caller district = As(Role::kDistrict, 2, "370202");
  EXPECT_EQ(seqs(district), (V{24, 21, 18, 15, 12, 9, 6, 3}));
  EXPECT_EQ(seqs(district, {.district_code = "370203"}), V{});
  EXPECT_EQ(seqs(district, {.institution_id = 8}), (V{24, 12}));
  // An institution administrator sees its institution's rows only.
  const Caller inst = As(Role::kInstitutionAdmin, 3, {}, 8);
  EXPECT_EQ(seqs(inst), (V{24, 20, 16, 12, 8, 4}));
  EXPECT_EQ(seqs(inst, {.institution_id = 9}), V{});
  // Everyone else may not browse the log.
  for (Role r : {Role::kInstitutionOperator, Role::kExaminer, Role::kProctor,
                 Role::kSupervisor, Role::kCandidate}) {
    auto page = service_.ListOperations(As(r, 5, "370202", 8), {});
    EXPECT_EQ(page.status().code(), "auth.forbidden") << domain::RoleName(r);
    EXPECT_EQ(page.status().status_code(), StatusCode::kPermissionDenied);
  }
  EXPECT_EQ(
      service_.ListOperations(Caller::Public(), {}).status().status_code(),
      StatusCode::kUnauthenticated);
  EXPECT_EQ(service_.ListOperations(As(Role::kDistrict, 2), {}).status().code(),
            "auth.forbidden");
  EXPECT_EQ(service_.ListOperations(As(Role::kInstitutionAdmin, 3), {})
                .status()
                .code(),
            "auth.forbidden");
  // Paging is clamped rather than trusted.
  auto page = service_.ListOperations(
      As(Role::kCity), {.page = {.page = 0, .page_size = 100000}});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->page, 1);
  EXPECT_EQ(page->page_size, PageRequest::kMaxPageSize);
  EXPECT_EQ(page->total, 24);
}

TEST_F(AuditServiceTest, LoginLogByScope) {
  const domain::LoginRecord records[] = {
      {0, kStart, "city_admin", {}, true, "ok", "10.0.0.1", "UA", {}, {}},
      {0,
       kStart + 1,
       "shinan",
       {},
       false,
       "bad_password",
       "",
       "",
       "370202",
       {}},
      {0, kStart + 2, "inst8", {}, true, "ok", "", "", "370202", 8},
      {0, kStart + 3, "inst9", {}, true, "ok", "", "", "370203", 9},
  };
  for (const auto& r : records) {
    ASSERT_TRUE(db().Transact(Database::Mode::kWrite,
                              [&](Connection& c) {
                                return AuditService::RecordLogin(c, r);
                              })
                    .ok());
  }
  auto names = [&](const Caller& caller, domain::LoginFilter f = {}) {
    auto page = service_.ListLogins(caller, f);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    std::vector<std::string> out;
    if (page.ok()) {
      for (const auto& r : page->items) out.push_back(r.username);
    }
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(names(As(Role::kCity)),
            (V{"inst9", "inst8", "shinan", "city_admin"}));
  EXPECT_EQ(names(As(Role::kCity), {.success = false}), (V{"shinan"}));
  EXPECT_EQ(names(As(Role::kDistrict, 2, "370202")), (V{"inst8", "shinan"}));
  EXPECT_EQ(names(As(Role::kInstitutionAdmin, 3, {}, 9)), (V{"inst9"}));
  EXPECT_EQ(service_.ListLogins(As(Role::kExaminer), {}).status().code(),
            "auth.forbidden");
}

TEST_F(AuditServiceTest, ExportsInChineseWithinScope) {
  Populate();
  auto bytes =
      service_.ExportOperationsXlsx(As(Role::kDistrict, 2, "370202"), {});
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto table = docs::ReadTable(*bytes);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->header, (std::vector<std::string>{
                               "序号", "时间", "操作人ID", "角色", "操作",
                               "对象类型", "对象", "摘要", "请求号"}));
  ASSERT_EQ(table->rows.size(), 8u);
  const auto& row = table->rows.front();  // newest: entry 24
  EXPECT_EQ(row[0], "24");
  EXPECT_EQ(row[1], Clock::FormatIso(Entry(24).at));
  EXPECT_EQ(row[2], "124");
  EXPECT_EQ(row[3], domain::RoleTitle(Role::kCity));
  EXPECT_EQ(row[4], "catalog.retire");
  EXPECT_EQ(row[7], "状态 active → retired #24");
  EXPECT_EQ(
      service_.ExportOperationsXlsx(As(Role::kExaminer), {}).status().code(),
      "auth.forbidden");

  ASSERT_TRUE(db().Transact(Database::Mode::kWrite,
                            [&](Connection& c) {
                              return AuditService::RecordLogin(c,
                                                               {0,
                                                                kStart,
                                                                "admin",
                                                                {},
                                                                false,
                                                                "bad_password",
                                                                "10.0.0.1",
                                                                "Mozilla/5.0",
                                                                {},
                                                                {}});
                            })
                  .ok());
  auto logins = service_.ExportLoginsXlsx(As(Role::kCity), {});
  ASSERT_TRUE(logins.ok()) << logins.status().ToString();
  auto login_table = docs::ReadTable(*logins);
  ASSERT_TRUE(login_table.ok());
  EXPECT_EQ(login_table->header.front(), "时间");
  ASSERT_EQ(login_table->rows.size(), 1u);
  EXPECT_EQ(login_table->rows[0][1], "admin");
  EXPECT_EQ(login_table->rows[0][3], "失败");
}

}  // namespace
}  // namespace zxkh::service
