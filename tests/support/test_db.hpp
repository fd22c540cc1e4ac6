// The database a test runs against, chosen by the environment:
// ZXKH_TEST_DB=sqlite (default) → a fresh SQLite file in a temporary
// directory; ZXKH_TEST_DB=postgres → a fresh database created on the server
// at ZXKH_TEST_PG_URL (scripts/test starts one), dropped afterwards.
#pragma once

#include <memory>
#include <string>

#include "store/db.hpp"

namespace zxkh::test {

// A temporary directory removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// One empty database for one test.
class TestDatabase {
 public:
  TestDatabase();
  ~TestDatabase();
  // "sqlite:/tmp/…/zxkh.db" or "postgresql://…/zxkh_test_…".
  const std::string& url() const { return url_; }
  bool is_postgres() const { return postgres_; }
  // A pool on the database (opened on first use), not migrated.
  store::Database& db();
  // Opens an independent pool of `size` connections on the same database.
  std::unique_ptr<store::Database> OpenPool(int size) const;
  // "sqlite" or "postgres", for test names and messages.
  static std::string BackendName();

 private:
  TempDir dir_;
  bool postgres_ = false;
  std::string url_;
  std::string admin_url_;
  std::string db_name_;
  std::unique_ptr<store::Database> db_;
};

}  // namespace zxkh::test
