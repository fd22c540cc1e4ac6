// Issue 7 "done when": two server processes on one database issue
// certificates together, and every number is unique and every serial
// gap-free per institution and year, every status index unique.
//
// The parent prepares the database, then fork()s the issuers before any
// thread of this test starts; each child opens its own pool and issues from
// several threads with CertificateService::Issue, then leaves with _exit
// (never running the parent's destructors on inherited connections). The
// parent checks the rows. PostgreSQL: 2 × 5,000; SQLite (one file, two
// processes): 2 × 1,000, since SQLite serializes writers.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>
#include <vector>

#include "common/pii_cipher.hpp"
#include "service/certificate_service.hpp"
#include "service/seed.hpp"
#include "store/file_store.hpp"
#include "store/migrate.hpp"
#include "support/test_db.hpp"

namespace zxkh::service {
namespace {

constexpr int kProcesses = 2;
constexpr int kThreadsPerProcess = 4;

int64_t One(store::Database& db, const std::string& sql) {
  auto r =
      db.InTransaction(store::Database::Mode::kRead,
                       [&](store::Connection& c) { return c.One(sql, {}); });
  EXPECT_TRUE(r.ok()) << r.status().ToString() << " " << sql;
  return r.ok() ? r->Int(0) : -1;
}

IssueInput Passing(int64_t institution_id, const std::string& code, int n) {
  IssueInput in;
  in.institution_id = institution_id;
  in.institution_code = code;
  in.institution_name = "青岛西海岸新区职业技能培训学校";
  in.holder_name = "刘小红";
  in.id_number = "370211199803150021";
  in.project_code = "ZX01001";
  in.project_name = "胶东花饽饽制作";
  in.basis.results_city_approved = true;
  in.basis.sat = true;
  in.basis.score_tenths = 600 + n % 400;
  return in;
}

// The child: its own pool, kThreadsPerProcess threads, `count` issuances
// alternating between the two institutions. Returns the exit code.
int IssueInChild(const std::string& url, int64_t city_user, int count,
                 const std::vector<std::pair<int64_t, std::string>>& insts) {
  auto db = store::Database::Open(url, kThreadsPerProcess);
  if (!db.ok()) return 10;
  FakeClock clock;
  clock.SetDate(*Date::FromYmd(2026, 12, 8), 9);
  Keyring keys{SigningKey::FromSeed(std::string(32, 'c'))};
  const PiiCipher pii = PiiCipher::ForTesting("certificate-processes");
  CertificateService svc(**db, clock, keys, pii);
  domain::Caller city;
  city.role = domain::Role::kCity;
  city.user_id = city_user;
  std::atomic<int> next{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreadsPerProcess; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < count; i = next++) {
        const auto& inst = insts[static_cast<std::size_t>(i) % insts.size()];
        auto c = svc.Issue(city, Passing(inst.first, inst.second, i));
        if (!c.ok()) {
          fprintf(stderr, "issue failed: %s\n", c.status().ToString().c_str());
          ++failures;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  return failures.load() == 0 ? 0 : 1;
}

void RunTwoProcesses(int per_process) {
  test::TestDatabase tdb;
  FakeClock clock;
  clock.SetDate(*Date::FromYmd(2026, 12, 8), 9);
  ASSERT_TRUE(store::Migrate(tdb.db()).ok());
  ASSERT_TRUE(SeedProductData(tdb.db(), clock).ok());
  PiiCipher pii = PiiCipher::ForTesting("certificate-processes");
  test::TempDir dir;
  store::FileStore files{dir.path() + "/files"};
  auto demo = SeedDemoData(tdb.db(), clock, pii, files);
  ASSERT_TRUE(demo.ok()) << demo.status().ToString();
  // Two institutions of their own (demo certificates live elsewhere).
  const int64_t city_user =
      One(tdb.db(), "SELECT id FROM users WHERE username = 'city'");
  ASSERT_GT(city_user, 0);
  std::vector<std::pair<int64_t, std::string>> insts;
  for (const std::vector<std::string>& inst :
       std::vector<std::vector<std::string>>{
           {"Z370211P901", "进程测试机构甲", "370211"},
           {"Z370212Q901", "进程测试机构乙", "370212"}}) {
    const std::string& code = inst[0];
    const std::string& name = inst[1];
    const std::string& district = inst[2];
    auto id = tdb.db().InTransaction(
        store::Database::Mode::kWrite,
        [&](store::Connection& c) -> Result<int64_t> {
          auto row = c.One(
              "INSERT INTO institutions (code, name, credit_code, type, "
              "district_code, status, created_at, updated_at) "
              "VALUES (?, ?, ?, 'training', ?, 'active', 0, 0) RETURNING id",
              {code, name, "CREDIT" + code, district});
          if (!row.ok()) return row.status();
          return row->Int(0);
        });
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    insts.emplace_back(*id, code);
  }

  const int64_t before = One(tdb.db(), "SELECT COUNT(*) FROM certificates");
  const int64_t audit_before =
      One(tdb.db(),
          "SELECT COUNT(*) FROM audit_log WHERE action = 'certificate.issue'");
  const std::string mine = "institution_id IN (" +
                           std::to_string(insts[0].first) + ", " +
                           std::to_string(insts[1].first) + ")";
  const auto start = std::chrono::steady_clock::now();
  std::vector<pid_t> children;
  for (int p = 0; p < kProcesses; ++p) {
    fflush(nullptr);
    const pid_t pid = fork();
    ASSERT_GE(pid, 0) << "fork failed";
    if (pid == 0) {
      _exit(IssueInChild(tdb.url(), city_user, per_process, insts));
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status)) << "child " << pid << " crashed";
    EXPECT_EQ(WEXITSTATUS(status), 0) << "child " << pid << " had failures";
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  const int total = kProcesses * per_process;
  printf("[ timing ] %d processes issued %d certificates in %.1f s (%s)\n",
         kProcesses, total, seconds, test::TestDatabase::BackendName().c_str());

  EXPECT_EQ(One(tdb.db(), "SELECT COUNT(*) FROM certificates WHERE " + mine),
            total);
  EXPECT_EQ(One(tdb.db(), "SELECT COUNT(*) FROM certificates"), before + total);
  EXPECT_EQ(One(tdb.db(), "SELECT COUNT(DISTINCT number) FROM certificates"),
            before + total);
  // Status indexes: unique and gap-free over the whole table.
  EXPECT_EQ(
      One(tdb.db(), "SELECT COUNT(DISTINCT status_index) FROM certificates"),
      before + total);
  EXPECT_EQ(One(tdb.db(), "SELECT MIN(status_index) FROM certificates"), 0);
  EXPECT_EQ(One(tdb.db(), "SELECT MAX(status_index) FROM certificates"),
            before + total - 1);
  // Gap-free per institution and year: serials 1..n with n rows.
  auto groups = tdb.db().InTransaction(
      store::Database::Mode::kRead, [&](store::Connection& c) {
        return c.Rows(
            "SELECT institution_id, year, COUNT(*), COUNT(DISTINCT serial), "
            "MIN(serial), MAX(serial) FROM certificates WHERE " +
            mine + " GROUP BY institution_id, year");
      });
  ASSERT_TRUE(groups.ok()) << groups.status().ToString();
  ASSERT_EQ(groups->size(), insts.size());
  for (const store::Row& g : *groups) {
    EXPECT_EQ(g.Int(1), 2026);
    EXPECT_EQ(g.Int(2), total / 2);
    EXPECT_EQ(g.Int(3), g.Int(2)) << "duplicate serial";
    EXPECT_EQ(g.Int(4), 1);
    EXPECT_EQ(g.Int(5), g.Int(2)) << "gap in serials";
  }
  // The number carries the serial it was stored with.
  auto numbers = tdb.db().InTransaction(
      store::Database::Mode::kRead, [&](store::Connection& c) {
        return c.Rows("SELECT number, serial FROM certificates");
      });
  ASSERT_TRUE(numbers.ok());
  for (const store::Row& r : *numbers) {
    ASSERT_EQ(std::stoi(r.Text(0).substr(13, 6)), r.Int(1)) << r.Text(0);
  }
  // Every issuance is in the operation log.
  EXPECT_EQ(One(tdb.db(),
                "SELECT COUNT(*) FROM audit_log WHERE action = "
                "'certificate.issue'"),
            audit_before + total);
}

TEST(CertificateProcessesTest, TwoPostgresProcessesIssueTenThousand) {
  if (test::TestDatabase::BackendName() != "postgres") {
    GTEST_SKIP() << "PostgreSQL only (ZXKH_TEST_DB=postgres with "
                    "ZXKH_TEST_PG_URL); the SQLite variant is "
                    "TwoSqliteProcessesIssueTogether";
  }
  RunTwoProcesses(5000);
}

TEST(CertificateProcessesTest, TwoSqliteProcessesIssueTogether) {
  if (test::TestDatabase::BackendName() != "sqlite") {
    GTEST_SKIP() << "SQLite only; PostgreSQL runs "
                    "TwoPostgresProcessesIssueTenThousand";
  }
  RunTwoProcesses(1000);
}

}  // namespace
}  // namespace zxkh::service
