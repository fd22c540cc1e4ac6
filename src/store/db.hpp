// The database contract every repository is written against, once, for both
// backends: statements use `?` placeholders (rewritten to $1… for
// PostgreSQL), values are the five SQLite storage classes, and every use
// happens inside a transaction obtained from Database::InTransaction.
//
// Why one SQL dialect and two drivers instead of two repository
// implementations: the SQL we need (INSERT … ON CONFLICT, RETURNING, window
// functions, CTEs) is common to SQLite ≥ 3.35 and PostgreSQL; writing every
// repository twice would double the code that the contract tests must keep
// equal. Schema DDL differs and lives in migrations with dialect tokens.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/status.hpp"

namespace zxkh::store {

enum class Backend { kSqlite, kPostgres };

struct Blob {
  std::string bytes;
  bool operator==(const Blob&) const = default;
};

// A bound parameter or a column value. NULL is std::monostate.
using Value = std::variant<std::monostate, int64_t, double, std::string, Blob>;

class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  std::size_t size() const { return values_.size(); }
  bool IsNull(std::size_t i) const;
  // Column i as an integer; 0 for NULL. Text holding digits is converted
  // (PostgreSQL answers in text).
  int64_t Int(std::size_t i) const;
  double Real(std::size_t i) const;
  // Column i as text; "" for NULL.
  std::string Text(std::size_t i) const;
  std::optional<std::string> OptText(std::size_t i) const;
  std::optional<int64_t> OptInt(std::size_t i) const;
  const Value& at(std::size_t i) const { return values_.at(i); }

 private:
  std::vector<Value> values_;
};

struct QueryResult {
  std::vector<Row> rows;
  int64_t affected_rows = 0;
};

// One connection. Not thread-safe: a connection is used by one thread at a
// time, handed out by Database.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Backend backend() const = 0;

  // Runs one statement with `?` placeholders bound to `params` (prepared
  // statements are cached per connection). Unique violations map to
  // AlreadyExists("store.unique_violation"), foreign key violations to
  // FailedPrecondition("store.foreign_key"), lock/serialization conflicts
  // to Unavailable("store.conflict") — the transaction should be retried.
  virtual Result<QueryResult> Query(std::string_view sql,
                                    std::span<const Value> params = {}) = 0;
  // Runs a script of several statements without parameters (migrations).
  virtual Status ExecScript(std::string_view sql) = 0;

  // Convenience: the rows of Query, or its error.
  Result<std::vector<Row>> Rows(std::string_view sql,
                                std::initializer_list<Value> params = {});
  // Convenience: the single row, NotFound(not_found_code) when none.
  Result<Row> One(std::string_view sql, std::initializer_list<Value> params,
                  std::string_view not_found_code = "store.not_found");
  // Convenience: affected row count.
  Result<int64_t> Exec(std::string_view sql,
                       std::initializer_list<Value> params = {});

 protected:
  friend class Database;
  // kWrite takes the write lock up front (SQLite BEGIN IMMEDIATE) so that two
  // writers never deadlock upgrading a read lock.
  enum class TxMode { kRead, kWrite };
  virtual Status Begin(TxMode mode) = 0;
  virtual Status Commit() = 0;
  virtual void Rollback() = 0;
  // False after a fatal connection error; the pool then reconnects.
  virtual bool Healthy() const = 0;
};

using ConnectionFactory = std::function<Result<std::unique_ptr<Connection>>()>;

// A pool of connections to one database. Thread-safe.
class Database {
 public:
  // Opens a pool for `url`: "sqlite:PATH" or "postgresql://…" /
  // "postgres://…". InvalidArgument("store.url") for other schemes;
  // Unavailable when the first connection fails.
  static Result<std::unique_ptr<Database>> Open(std::string_view url,
                                                int pool_size);
  Database(Backend backend, ConnectionFactory factory, int pool_size);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Backend backend() const { return backend_; }
  int pool_size() const { return pool_size_; }
  // Connections currently handed out (for /metrics).
  int in_use() const;

  // kOneStatementRead: fn runs a single read statement, which is a
  // transaction by itself, so no BEGIN/COMMIT is sent (hot public lookups).
  enum class Mode { kRead, kWrite, kOneStatementRead };
  // Runs fn(Connection&) in one transaction: commits when fn returns OK,
  // rolls back otherwise. A conflict (Unavailable "store.conflict") is retried
  // up to 5 times with backoff, so fn must not have effects outside the
  // database. Returns fn's result.
  template <typename Fn>
  auto InTransaction(Mode mode, Fn&& fn)
      -> decltype(fn(std::declval<Connection&>()));

  // As InTransaction, for fn returning Status.
  Status Transact(Mode mode, const std::function<Status(Connection&)>& fn);

 private:
  // One attempt of Transact on `conn`: fn inside BEGIN … COMMIT (rolled
  // back on error), or fn alone for kOneStatementRead.
  static Status RunOnce(Connection& conn, Mode mode,
                        const std::function<Status(Connection&)>& fn);
  struct Lease;
  Result<std::unique_ptr<Connection>> Acquire();
  void Release(std::unique_ptr<Connection> c);

  Backend backend_;
  ConnectionFactory factory_;
  int pool_size_;
  struct Pool;
  std::unique_ptr<Pool> pool_;
};

template <typename Fn>
auto Database::InTransaction(Mode mode, Fn&& fn)
    -> decltype(fn(std::declval<Connection&>())) {
  using R = decltype(fn(std::declval<Connection&>()));
  std::optional<R> out;
  Status st = Transact(mode, [&](Connection& c) -> Status {
    out.emplace(fn(c));
    if constexpr (std::is_same_v<R, Status>) {
      return *out;
    } else {
      return out->status();
    }
  });
  if (!out.has_value()) return R(st);       // never ran: no connection
  if (!st.ok() && out->ok()) return R(st);  // commit failed
  return std::move(*out);
}

}  // namespace zxkh::store
