#include "store/sqlite/sqlite_connection.hpp"

#include <sqlite3.h>

#include <string>
#include <string_view>
#include <unordered_map>

namespace zxkh::store {
namespace {

Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  const int primary = rc & 0xff;
  std::string msg = std::string(what) + ": " + sqlite3_errmsg(db);
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return Status::AlreadyExists("store.unique_violation", "记录已存在");
  }
  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) {
    return Status::FailedPrecondition("store.foreign_key",
                                      "引用的记录不存在或仍被引用");
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return Status::Unavailable("store.conflict", "数据库繁忙，请稍后重试");
  }
  if (primary == SQLITE_CONSTRAINT) {
    return Status::FailedPrecondition("store.constraint", msg);
  }
  return Status::Internal("store.sqlite", msg);
}

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Backend backend() const override { return Backend::kSqlite; }

  Result<QueryResult> Query(std::string_view sql,
                            std::span<const Value> params) override {
    ZXKH_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepared(sql));
    // Reset on every exit path so the statement never holds a read lock.
    struct Resetter {
      sqlite3_stmt* s;
      ~Resetter() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } resetter{stmt};

    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt)) {
      return Status::Internal("store.bind",
                              "parameter count mismatch: " + std::string(sql));
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int idx = static_cast<int>(i + 1);
      int rc = std::visit(
          [&](const auto& v) -> int {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
              return sqlite3_bind_null(stmt, idx);
            } else if constexpr (std::is_same_v<T, int64_t>) {
              return sqlite3_bind_int64(stmt, idx, v);
            } else if constexpr (std::is_same_v<T, double>) {
              return sqlite3_bind_double(stmt, idx, v);
            } else if constexpr (std::is_same_v<T, std::string>) {
              return sqlite3_bind_text64(stmt, idx, v.data(), v.size(),
                                         SQLITE_STATIC, SQLITE_UTF8);
            } else {
              return sqlite3_bind_blob64(stmt, idx, v.bytes.data(),
                                         v.bytes.size(), SQLITE_STATIC);
            }
          },
          params[i]);
      if (rc != SQLITE_OK) return SqliteError(db_, rc, "bind");
    }

    QueryResult out;
    const int ncol = sqlite3_column_count(stmt);
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW)
        return SqliteError(db_, sqlite3_extended_errcode(db_), "step");
      std::vector<Value> values;
      values.reserve(ncol);
      for (int c = 0; c < ncol; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_INTEGER:
            values.emplace_back(
                static_cast<int64_t>(sqlite3_column_int64(stmt, c)));
            break;
          case SQLITE_FLOAT:
            values.emplace_back(sqlite3_column_double(stmt, c));
            break;
          case SQLITE_TEXT:
            values.emplace_back(std::string(
                reinterpret_cast<const char*>(sqlite3_column_text(stmt, c)),
                sqlite3_column_bytes(stmt, c)));
            break;
          case SQLITE_BLOB: {
            const void* p = sqlite3_column_blob(stmt, c);
            values.emplace_back(Blob{std::string(
                static_cast<const char*>(p), sqlite3_column_bytes(stmt, c))});
            break;
          }
          default:
            values.emplace_back(std::monostate{});
        }
      }
      out.rows.emplace_back(std::move(values));
    }
    out.affected_rows = sqlite3_changes64(db_);
    return out;
  }

  Status ExecScript(std::string_view sql) override {
    char* err = nullptr;
    std::string script(sql);
    int rc = sqlite3_exec(db_, script.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : "";
      sqlite3_free(err);
      Status st = SqliteError(db_, sqlite3_extended_errcode(db_), "exec");
      if (st.status_code() == StatusCode::kInternal) {
        return Status::Internal("store.sqlite", "exec: " + msg);
      }
      return st;
    }
    return Status::Ok();
  }

 protected:
  // Cached statements: every request runs these, and compiling them each
  // time (sqlite3_exec) cost a noticeable share of a short read.
  Status Begin(TxMode mode) override {
    return Step(mode == TxMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN");
  }
  Status Commit() override { return Step("COMMIT"); }
  void Rollback() override {
    if (!sqlite3_get_autocommit(db_)) (void)Step("ROLLBACK");
  }
  bool Healthy() const override { return true; }

 private:
  // The cached prepared statement for `sql`, compiled on first use.
  Result<sqlite3_stmt*> Prepared(std::string_view sql) {
    if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, "prepare");
    cache_.emplace(std::string(sql), stmt);
    return stmt;
  }

  // Runs a parameterless statement that returns no rows.
  Status Step(std::string_view sql) {
    ZXKH_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepared(sql));
    Status st = sqlite3_step(stmt) == SQLITE_DONE
                    ? Status::Ok()
                    : SqliteError(db_, sqlite3_extended_errcode(db_), "step");
    sqlite3_reset(stmt);
    return st;
  }

  // Looked up by string_view without building a std::string per query.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const {
      return std::hash<std::string_view>{}(s);
    }
  };
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*, Hash, std::equal_to<>> cache_;
};

}  // namespace

Result<std::unique_ptr<Connection>> OpenSqliteConnection(
    const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
      nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return Status::Unavailable("store.open",
                               "无法打开数据库文件 " + path + "：" + msg);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 5000);
  auto conn = std::make_unique<SqliteConnection>(db);
  ZXKH_RETURN_IF_ERROR(conn->ExecScript(
      "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
      "PRAGMA synchronous=NORMAL; PRAGMA trusted_schema=OFF; "
      // RETURNING results and statement journals in memory, not in
      // /var/tmp files (a bulk import wrote 13 temp-file pages per row).
      "PRAGMA temp_store=MEMORY; "
      // Reads through a shared memory map instead of a read() and a copy
      // per page: public verification looks up random rows of a table of
      // millions (bench/verify_bench.sh). Capped by the library's maximum.
      "PRAGMA mmap_size=8589934592;"));
  return std::unique_ptr<Connection>(std::move(conn));
}

}  // namespace zxkh::store
