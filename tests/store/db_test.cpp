// Store contract: the driver semantics every repository relies on, checked
// on SQLite and on PostgreSQL (ZXKH_TEST_DB selects; see support/test_db.hpp).
#include "store/db.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "store/migrate.hpp"
#include "store/postgres/pg_connection.hpp"
#include "support/test_db.hpp"

namespace zxkh::store {
namespace {

using test::TestDatabase;

class DbContractTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(
        db().Transact(
                Database::Mode::kWrite,
                [](Connection& c) {
                  return c.ExecScript(ApplyDialect(
                      "CREATE TABLE t (id @ID@, name TEXT NOT NULL UNIQUE, n "
                      "@INT@, r @REAL@, "
                      "b @BLOB@, parent @INT@ REFERENCES t (id)) @STRICT@;"
                      "CREATE TABLE counter (k TEXT PRIMARY KEY, v @INT@ NOT "
                      "NULL) @STRICT@;",
                      c.backend()));
                })
            .ok());
  }
  Database& db() { return tdb_.db(); }
  TestDatabase tdb_;
};

TEST_F(DbContractTest, ValuesRoundTripWithTheirTypes) {
  const std::string bytes("\x00\x01\xff zero", 8);
  auto row = db().InTransaction(Database::Mode::kWrite, [&](Connection& c) {
    return c.One(
        "INSERT INTO t (name, n, r, b) VALUES (?, ?, ?, ?) RETURNING id, name, "
        "n, r, b, parent",
        {std::string("胶东花饽饽"), int64_t{-9007199254740993}, 2.5,
         Blob{bytes}});
  });
  ASSERT_TRUE(row.ok()) << row.status().ToString();
  EXPECT_GT(row->Int(0), 0);
  EXPECT_EQ(row->Text(1), "胶东花饽饽");
  EXPECT_EQ(row->Int(2), -9007199254740993);
  EXPECT_DOUBLE_EQ(row->Real(3), 2.5);
  ASSERT_TRUE(std::holds_alternative<Blob>(row->at(4)));
  EXPECT_EQ(std::get<Blob>(row->at(4)).bytes, bytes);
  EXPECT_TRUE(row->IsNull(5));
  EXPECT_EQ(row->OptInt(5), std::nullopt);
}

TEST_F(DbContractTest, UniqueViolationIsAlreadyExists) {
  auto insert = [&] {
    return db().Transact(Database::Mode::kWrite, [](Connection& c) {
      return c.Exec("INSERT INTO t (name) VALUES (?)", {std::string("x")})
          .status();
    });
  };
  ASSERT_TRUE(insert().ok());
  Status st = insert();
  EXPECT_EQ(st.status_code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(st.code(), "store.unique_violation");
}

TEST_F(DbContractTest, ForeignKeyViolationIsFailedPrecondition) {
  Status st = db().Transact(Database::Mode::kWrite, [](Connection& c) {
    return c
        .Exec("INSERT INTO t (name, parent) VALUES (?, ?)",
              {std::string("orphan"), int64_t{424242}})
        .status();
  });
  EXPECT_EQ(st.status_code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(st.code(), "store.foreign_key");
}

TEST_F(DbContractTest, ErrorInsideTransactionRollsBackEverything) {
  Status st =
      db().Transact(Database::Mode::kWrite, [](Connection& c) -> Status {
        ZXKH_RETURN_IF_ERROR(
            c.Exec("INSERT INTO t (name) VALUES ('a')").status());
        ZXKH_RETURN_IF_ERROR(
            c.Exec("INSERT INTO t (name) VALUES ('b')").status());
        return Status::InvalidArgument("test.abort", "abort");
      });
  EXPECT_EQ(st.code(), "test.abort");
  auto count = db().InTransaction(Database::Mode::kRead, [](Connection& c) {
    return c.One("SELECT COUNT(*) FROM t", {});
  });
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->Int(0), 0);
}

TEST_F(DbContractTest, ResultOfFunctionIsReturnedAfterCommit) {
  auto id = db().InTransaction(
      Database::Mode::kWrite, [](Connection& c) -> Result<int64_t> {
        ZXKH_ASSIGN_OR_RETURN(
            Row r, c.One("INSERT INTO t (name) VALUES ('z') RETURNING id", {}));
        return r.Int(0);
      });
  ASSERT_TRUE(id.ok());
  auto name = db().InTransaction(Database::Mode::kRead, [&](Connection& c) {
    return c.One("SELECT name FROM t WHERE id = ?", {*id});
  });
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(name->Text(0), "z");
}

TEST_F(DbContractTest, OneOnNoRowsIsNotFoundWithTheGivenCode) {
  auto r = db().InTransaction(Database::Mode::kRead, [](Connection& c) {
    return c.One("SELECT id FROM t WHERE name = ?", {std::string("none")},
                 "thing.not_found");
  });
  EXPECT_EQ(r.status().status_code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status().code(), "thing.not_found");
}

TEST_F(DbContractTest, QuestionMarkInsideStringLiteralIsNotAPlaceholder) {
  auto r = db().InTransaction(Database::Mode::kRead, [](Connection& c) {
    return c.One("SELECT 'what?', ?", {std::string("yes")});
  });
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->Text(0), "what?");
  EXPECT_EQ(r->Text(1), "yes");
}

// kRead opens a transaction around fn; kOneStatementRead does not (its one
// statement is a transaction by itself). Told apart per backend: SQLite
// refuses a nested BEGIN, PostgreSQL a SAVEPOINT outside a transaction block.
TEST_F(DbContractTest, OneStatementReadRunsWithoutBeginAndCommit) {
  const bool sqlite = db().backend() == Backend::kSqlite;
  auto in_transaction = [&](Database::Mode mode) -> Result<bool> {
    return db().InTransaction(mode, [&](Connection& c) -> Result<bool> {
      if (sqlite) {
        if (!c.ExecScript("BEGIN").ok()) return true;
        ZXKH_RETURN_IF_ERROR(c.ExecScript("ROLLBACK"));
        return false;
      }
      if (!c.ExecScript("SAVEPOINT probe").ok()) return false;
      ZXKH_RETURN_IF_ERROR(c.ExecScript("RELEASE SAVEPOINT probe"));
      return true;
    });
  };
  auto read = in_transaction(Database::Mode::kRead);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_TRUE(*read);
  auto one = in_transaction(Database::Mode::kOneStatementRead);
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_FALSE(*one);
  // And it reads what was committed.
  ASSERT_TRUE(
      db().Transact(
              Database::Mode::kWrite,
              [](Connection& c) {
                return c.Exec("INSERT INTO t (name) VALUES ('一')").status();
              })
          .ok());
  auto count = db().InTransaction(
      Database::Mode::kOneStatementRead, [](Connection& c) -> Result<int64_t> {
        ZXKH_ASSIGN_OR_RETURN(Row r, c.One("SELECT COUNT(*) FROM t", {}));
        return r.Int(0);
      });
  ASSERT_TRUE(count.ok()) << count.status().ToString();
  EXPECT_EQ(*count, 1);
}

TEST(PlaceholderRewrite, NumbersPlaceholdersOutsideQuotes) {
  EXPECT_EQ(RewritePlaceholders("SELECT ? , '?' , ?"), "SELECT $1 , '?' , $2");
  EXPECT_EQ(RewritePlaceholders("x = 'it''s ?' AND y = ?"),
            "x = 'it''s ?' AND y = $1");
}

// Concurrent writers incrementing one counter: every increment survives, no
// deadlock, conflicts are retried by Transact.
TEST_F(DbContractTest, ConcurrentWritersLoseNoUpdates) {
  ASSERT_TRUE(
      db().Transact(Database::Mode::kWrite,
                    [](Connection& c) {
                      return c
                          .Exec("INSERT INTO counter (k, v) VALUES ('k', 0)")
                          .status();
                    })
          .ok());
  auto pool = tdb_.OpenPool(8);
  constexpr int kThreads = 8, kIncrements = 50;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        Status st =
            pool->Transact(Database::Mode::kWrite, [](Connection& c) -> Status {
              ZXKH_ASSIGN_OR_RETURN(
                  Row r,
                  c.One(
                      "UPDATE counter SET v = v + 1 WHERE k = 'k' RETURNING v",
                      {}));
              return r.Int(0) > 0 ? Status::Ok()
                                  : Status::Internal("test", "bad");
            });
        if (!st.ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto v = db().InTransaction(Database::Mode::kRead, [](Connection& c) {
    return c.One("SELECT v FROM counter WHERE k = 'k'", {});
  });
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->Int(0), kThreads * kIncrements);
  EXPECT_EQ(pool->in_use(), 0);
}

TEST(DatabaseOpen, RefusesUnknownScheme) {
  auto db = Database::Open("mysql://localhost/x", 1);
  EXPECT_EQ(db.status().code(), "store.url");
}

TEST(DatabaseOpen, UnreachableFileIsUnavailable) {
  auto db = Database::Open("sqlite:/nonexistent-dir/zxkh.db", 1);
  EXPECT_EQ(db.status().status_code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace zxkh::store
