#include "support/test_db.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>

namespace zxkh::test {
namespace {

std::string RandomSuffix() {
  std::random_device rd;
  std::uniform_int_distribution<uint64_t> dist;
  char buf[17];
  snprintf(buf, sizeof buf, "%016llx",
           static_cast<unsigned long long>(dist(rd)));
  return buf;
}

// Runs one statement on the PostgreSQL server outside any transaction
// (CREATE/DROP DATABASE cannot run inside one).
void PgAdmin(const std::string& url, const std::string& sql) {
  PGconn* c = PQconnectdb(url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::string err = PQerrorMessage(c);
    PQfinish(c);
    FAIL() << "cannot reach PostgreSQL at " << url << ": " << err;
    return;
  }
  PGresult* r = PQexec(c, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string err = ok ? "" : PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
  ASSERT_TRUE(ok) << sql << ": " << err;
}

// Replaces the database name (the path) of a postgresql:// URL.
std::string WithDatabase(const std::string& url, const std::string& name) {
  const auto scheme = url.find("://");
  const auto slash =
      url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  const auto query = url.find('?');
  std::string base =
      slash == std::string::npos ? url.substr(0, query) : url.substr(0, slash);
  std::string tail = query == std::string::npos ? "" : url.substr(query);
  return base + "/" + name + tail;
}

}  // namespace

TempDir::TempDir() {
  std::string tmpl =
      (std::filesystem::temp_directory_path() / "zxkh-test-XXXXXX").string();
  char* p = mkdtemp(tmpl.data());
  if (p == nullptr) std::abort();
  path_ = p;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TestDatabase::BackendName() {
  const char* env = std::getenv("ZXKH_TEST_DB");
  return env && std::string(env) == "postgres" ? "postgres" : "sqlite";
}

TestDatabase::TestDatabase() {
  postgres_ = BackendName() == "postgres";
  if (!postgres_) {
    url_ = "sqlite:" + dir_.path() + "/zxkh.db";
    return;
  }
  const char* pg = std::getenv("ZXKH_TEST_PG_URL");
  if (pg == nullptr || *pg == '\0') {
    ADD_FAILURE() << "ZXKH_TEST_DB=postgres needs ZXKH_TEST_PG_URL";
    std::abort();
  }
  admin_url_ = pg;
  db_name_ = "zxkh_test_" + RandomSuffix();
  PgAdmin(admin_url_, "CREATE DATABASE " + db_name_);
  url_ = WithDatabase(admin_url_, db_name_);
}

TestDatabase::~TestDatabase() {
  db_.reset();
  if (postgres_)
    PgAdmin(admin_url_,
            "DROP DATABASE IF EXISTS " + db_name_ + " WITH (FORCE)");
}

store::Database& TestDatabase::db() {
  if (!db_) db_ = OpenPool(4);
  return *db_;
}

std::unique_ptr<store::Database> TestDatabase::OpenPool(int size) const {
  auto db = store::Database::Open(url_, size);
  if (!db.ok()) {
    ADD_FAILURE() << "open " << url_ << ": " << db.status().ToString();
    std::abort();
  }
  return std::move(db).value();
}

}  // namespace zxkh::test
