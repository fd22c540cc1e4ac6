// Store contract for the operation log, checkpoints and login log, on SQLite
// and PostgreSQL.
#include "store/audit_repository.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "store/migrate.hpp"
#include "support/test_db.hpp"

namespace zxkh::store {
namespace {

using domain::AuditEntry;
using domain::AuditFilter;
using domain::LoginFilter;
using domain::LoginRecord;

AuditEntry Draft(int64_t at, std::string action, std::string target_id,
                 std::optional<std::string> district = {},
                 std::optional<int64_t> institution = {}) {
  AuditEntry e;
  e.at = at;
  e.user_id = 5;
  e.role = "CITY";
  e.action = std::move(action);
  e.target_type = "catalog_project";
  e.target_id = std::move(target_id);
  e.summary = "状态 active → retired";
  e.request_id = "req-" + std::to_string(at);
  e.district_code = std::move(district);
  e.institution_id = institution;
  return e;
}

class AuditRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(Migrate(db()).ok()); }
  Database& db() { return tdb_.db(); }

  template <typename Fn>
  auto Write(Fn fn) {
    return db().InTransaction(Database::Mode::kWrite, fn);
  }
  template <typename Fn>
  auto Read(Fn fn) {
    return db().InTransaction(Database::Mode::kRead, fn);
  }
  AuditEntry Append(AuditEntry e) {
    auto r = Write([&](Connection& c) { return AuditRepository(c).Append(e); });
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : AuditEntry{};
  }
  std::vector<AuditEntry> All() {
    auto r = Read(
        [](Connection& c) { return AuditRepository(c).Range(1, 1'000'000); });
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::vector<AuditEntry>{};
  }
  // Checks seq 1..n, links and hashes of the whole log.
  void ExpectValidChain(int64_t n) {
    const auto all = All();
    ASSERT_EQ(static_cast<int64_t>(all.size()), n);
    std::string prev(domain::kGenesisHash);
    for (int64_t i = 0; i < n; ++i) {
      const AuditEntry& e = all[i];
      EXPECT_EQ(e.seq, i + 1);
      EXPECT_EQ(e.prev_hash, prev) << e.seq;
      EXPECT_EQ(e.entry_hash, domain::ComputeEntryHash(e)) << e.seq;
      prev = e.entry_hash;
    }
    auto head = Read([](Connection& c) { return AuditRepository(c).Head(); });
    ASSERT_TRUE(head.ok());
    EXPECT_EQ(head->first, n);
    EXPECT_EQ(head->second, prev);
  }

  test::TestDatabase tdb_;
};

TEST_F(AuditRepositoryTest, EmptyLogHasTheGenesisHead) {
  auto size = Read([](Connection& c) { return AuditRepository(c).Size(); });
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(*size, 0);
  ExpectValidChain(0);
  auto latest =
      Read([](Connection& c) { return AuditRepository(c).LatestCheckpoint(); });
  ASSERT_TRUE(latest.ok());
  EXPECT_FALSE(latest->has_value());
}

TEST_F(AuditRepositoryTest, AppendsChainAndRoundTripEveryField) {
  const AuditEntry first =
      Append(Draft(1000, "catalog.retire", "ZX01002", "370202", 7));
  EXPECT_EQ(first.seq, 1);
  EXPECT_EQ(first.prev_hash, domain::kGenesisHash);
  EXPECT_EQ(first.entry_hash, domain::ComputeEntryHash(first));
  const AuditEntry second = Append(Draft(2000, "catalog.reinstate", "ZX01002"));
  EXPECT_EQ(second.seq, 2);
  EXPECT_EQ(second.prev_hash, first.entry_hash);

  auto got = Read([](Connection& c) { return AuditRepository(c).Get(1); });
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->at, 1000);
  EXPECT_EQ(got->user_id, 5);
  EXPECT_EQ(got->role, "CITY");
  EXPECT_EQ(got->action, "catalog.retire");
  EXPECT_EQ(got->target_type, "catalog_project");
  EXPECT_EQ(got->target_id, "ZX01002");
  EXPECT_EQ(got->summary, "状态 active → retired");
  EXPECT_EQ(got->request_id, "req-1000");
  EXPECT_EQ(got->district_code, "370202");
  EXPECT_EQ(got->institution_id, 7);
  EXPECT_EQ(got->entry_hash, first.entry_hash);
  auto second_got =
      Read([](Connection& c) { return AuditRepository(c).Get(2); });
  ASSERT_TRUE(second_got.ok());
  EXPECT_FALSE(second_got->district_code.has_value());
  EXPECT_FALSE(second_got->institution_id.has_value());
  EXPECT_EQ(Read([](Connection& c) { return AuditRepository(c).Get(3); })
                .status()
                .code(),
            "audit.not_found");
  ExpectValidChain(2);

  auto hashes =
      Read([](Connection& c) { return AuditRepository(c).EntryHashes(2); });
  ASSERT_TRUE(hashes.ok());
  EXPECT_EQ(*hashes,
            (std::vector<std::string>{first.entry_hash, second.entry_hash}));
  auto range =
      Read([](Connection& c) { return AuditRepository(c).Range(2, 10); });
  ASSERT_TRUE(range.ok());
  ASSERT_EQ(range->size(), 1u);
  EXPECT_EQ(range->front().seq, 2);
}

TEST_F(AuditRepositoryTest, RolledBackAppendLeavesNoTrace) {
  Append(Draft(1000, "catalog.retire", "ZX01002"));
  Status st = db().Transact(Database::Mode::kWrite, [](Connection& c) {
    auto r = AuditRepository(c).Append(Draft(2000, "catalog.retire", "X"));
    if (!r.ok()) return r.status();
    return Status::InvalidArgument("test.abort", "回滚");
  });
  EXPECT_EQ(st.code(), "test.abort");
  ExpectValidChain(1);
  Append(Draft(3000, "catalog.retire", "ZX01003"));
  ExpectValidChain(2);
}

TEST_F(AuditRepositoryTest, ConcurrentAppendsFromEightPoolsFormOneChain) {
  constexpr int kThreads = 8;
  constexpr int kEach = 25;
  std::vector<std::unique_ptr<Database>> pools;
  for (int t = 0; t < kThreads; ++t) pools.push_back(tdb_.OpenPool(1));
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto r =
            pools[t]->InTransaction(Database::Mode::kWrite, [&](Connection& c) {
              return AuditRepository(c).Append(
                  Draft(t * 1000 + i, "test.append", std::to_string(t)));
            });
        if (!r.ok()) {
          ++failures;
          ADD_FAILURE() << r.status().ToString();
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  ExpectValidChain(kThreads * kEach);
}

TEST_F(AuditRepositoryTest, CheckpointsAreUniquePerTreeSize) {
  for (int i = 0; i < 3; ++i) Append(Draft(i, "catalog.retire", "Z"));
  const domain::Checkpoint a{2, std::string(64, 'a'), 10, "k1", "sig-a"};
  const domain::Checkpoint b{3, std::string(64, 'b'), 20, "k1", "sig-b"};
  ASSERT_TRUE(db().Transact(Database::Mode::kWrite,
                            [&](Connection& c) {
                              return AuditRepository(c).InsertCheckpoint(b);
                            })
                  .ok());
  ASSERT_TRUE(db().Transact(Database::Mode::kWrite,
                            [&](Connection& c) {
                              return AuditRepository(c).InsertCheckpoint(a);
                            })
                  .ok());
  Status dup = db().Transact(Database::Mode::kWrite, [&](Connection& c) {
    return AuditRepository(c).InsertCheckpoint(a);
  });
  EXPECT_EQ(dup.code(), "audit.checkpoint_exists");
  EXPECT_EQ(dup.status_code(), StatusCode::kAlreadyExists);

  auto latest =
      Read([](Connection& c) { return AuditRepository(c).LatestCheckpoint(); });
  ASSERT_TRUE(latest.ok() && latest->has_value());
  EXPECT_EQ((*latest)->tree_size, 3);
  EXPECT_EQ((*latest)->root_hash, std::string(64, 'b'));
  EXPECT_EQ((*latest)->signed_at, 20);
  EXPECT_EQ((*latest)->key_id, "k1");
  EXPECT_EQ((*latest)->signature, "sig-b");
  auto all =
      Read([](Connection& c) { return AuditRepository(c).Checkpoints(); });
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].tree_size, 2);
  EXPECT_EQ((*all)[1].tree_size, 3);
  auto after =
      Read([](Connection& c) { return AuditRepository(c).Checkpoints(2, 10); });
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ(after->front().tree_size, 3);
}

TEST_F(AuditRepositoryTest, ListFiltersAndScope) {
  Append(Draft(1000, "catalog.create", "ZX01001"));
  Append(Draft(2000, "catalog.retire", "ZX01002", "370202", 7));
  Append(Draft(3000, "institution.submit", "15", "370202", 8));
  Append(Draft(4000, "institution.approve", "15", "370203", 9));
  auto list = [&](AuditFilter f) {
    auto r = Read([&](Connection& c) { return AuditRepository(c).List(f); });
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::vector<int64_t> seqs;
    if (r.ok()) {
      for (const auto& e : r->items) seqs.push_back(e.seq);
    }
    return std::make_pair(seqs, r.ok() ? r->total : -1);
  };
  using V = std::vector<int64_t>;
  EXPECT_EQ(list({}).first, (V{4, 3, 2, 1}));  // newest first
  EXPECT_EQ(list({.from = 2000, .to = 4000}).first, (V{3, 2}));
  EXPECT_EQ(list({.action_prefix = "catalog."}).first, (V{2, 1}));
  EXPECT_EQ(list({.action_prefix = "CATALOG.RETIRE"}).first, (V{2}));
  EXPECT_EQ(list({.action_prefix = "catalog_"}).first, V{});  // _ is literal
  EXPECT_EQ(list({.user_id = 5}).first, (V{4, 3, 2, 1}));
  EXPECT_EQ(list({.user_id = 6}).first, V{});
  EXPECT_EQ(list({.target_type = "catalog_project", .target_id = "15"}).first,
            (V{4, 3}));
  EXPECT_EQ(list({.target_id = "ZX01002"}).first, (V{2}));
  EXPECT_EQ(list({.district_code = "370202"}).first, (V{3, 2}));
  EXPECT_EQ(list({.district_code = ""}).first, V{});
  EXPECT_EQ(list({.institution_id = 9}).first, (V{4}));
  EXPECT_EQ(list({.district_code = "370202", .institution_id = 9}).first, V{});

  auto page2 = list({.page = {.page = 2, .page_size = 3}});
  EXPECT_EQ(page2.first, (V{1}));
  EXPECT_EQ(page2.second, 4);

  auto all = Read([](Connection& c) {
    return AuditRepository(c).ListAll({.district_code = "370202"}, 1);
  });
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->front().seq, 3);
}

TEST_F(AuditRepositoryTest, LoginLogFiltersAndScope) {
  // A user row for the one attempt with a known user (login_log.user_id is
  // a foreign key).
  ASSERT_TRUE(
      db().Transact(
              Database::Mode::kWrite,
              [](Connection& c) {
                return c
                    .Exec(
                        "INSERT INTO users (id, username, display_name, "
                        "password_hash, role, created_at, updated_at) "
                        "VALUES (11, 'Admin', '管理员', 'x', 'CITY', 0, 0)")
                    .status();
              })
          .ok());
  const LoginRecord records[] = {
      {0, 1000, "Admin", 11, true, "ok", "10.0.0.1", "UA", {}, {}},
      {0, 2000, "admin", {}, false, "unknown_user", "10.0.0.2", "UA", {}, {}},
      {0, 3000, "zhang_san", {}, false, "bad_password", "", "", "370202", 8},
      {0, 4000, "li%si", {}, true, "ok", "", "", "370203", 9},
  };
  for (const auto& r : records) {
    ASSERT_TRUE(db().Transact(Database::Mode::kWrite,
                              [&](Connection& c) {
                                return AuditRepository(c).InsertLogin(r);
                              })
                    .ok());
  }
  auto list = [&](LoginFilter f) {
    auto r =
        Read([&](Connection& c) { return AuditRepository(c).ListLogins(f); });
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::vector<int64_t> ats;
    if (r.ok()) {
      for (const auto& l : r->items) ats.push_back(l.at);
    }
    return ats;
  };
  using V = std::vector<int64_t>;
  EXPECT_EQ(list({}), (V{4000, 3000, 2000, 1000}));
  EXPECT_EQ(list({.success = true}), (V{4000, 1000}));
  EXPECT_EQ(list({.success = false}), (V{3000, 2000}));
  EXPECT_EQ(list({.username = "ADM"}), (V{2000, 1000}));  // any case
  EXPECT_EQ(list({.username = "%"}), (V{4000}));          // literal %
  EXPECT_EQ(list({.username = "san"}), (V{3000}));
  EXPECT_EQ(list({.from = 2000, .to = 3001}), (V{3000, 2000}));
  EXPECT_EQ(list({.district_code = "370202"}), (V{3000}));
  EXPECT_EQ(list({.institution_id = 9}), (V{4000}));

  auto first = Read([](Connection& c) {
    return AuditRepository(c).ListLogins({.to = 1001});
  });
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->items.size(), 1u);
  const LoginRecord& l = first->items[0];
  EXPECT_EQ(l.username, "Admin");
  EXPECT_EQ(l.user_id, 11);
  EXPECT_TRUE(l.success);
  EXPECT_EQ(l.reason, "ok");
  EXPECT_EQ(l.ip, "10.0.0.1");
  EXPECT_EQ(l.user_agent, "UA");
  EXPECT_GT(l.id, 0);
  auto all = Read([](Connection& c) {
    return AuditRepository(c).ListAllLogins({.success = false}, 10);
  });
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
}

// A certificate's public proof looks up its issuance entry by object; on a
// log of millions of entries that must be an index search, not a scan.
TEST_F(AuditRepositoryTest, LookupByObjectUsesTheTargetIndex) {
  const bool sqlite = db().backend() == Backend::kSqlite;
  auto plan = Read([&](Connection& c) -> Result<std::string> {
    if (!sqlite) {
      // An empty table is cheaper to scan; ask what the index would do.
      ZXKH_RETURN_IF_ERROR(c.Exec("SET LOCAL enable_seqscan = off").status());
    }
    ZXKH_ASSIGN_OR_RETURN(
        std::vector<Row> rows,
        c.Rows(std::string(sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") +
                   "SELECT seq FROM audit_log WHERE action = "
                   "'certificate.issue' AND target_type = 'certificate' AND "
                   "target_id = ? ORDER BY seq LIMIT 1",
               {std::string("Z370211P0012026000001X")}));
    std::string text;
    for (const Row& r : rows) text += r.Text(sqlite ? 3 : 0) + "\n";
    return text;
  });
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_NE(plan->find("audit_log_target"), std::string::npos) << *plan;
}

}  // namespace
}  // namespace zxkh::store
