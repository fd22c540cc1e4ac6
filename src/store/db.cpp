#include "store/db.hpp"

#include <charconv>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "store/postgres/pg_connection.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace zxkh::store {

bool Row::IsNull(std::size_t i) const {
  return std::holds_alternative<std::monostate>(values_.at(i));
}

int64_t Row::Int(std::size_t i) const {
  const Value& v = values_.at(i);
  if (auto p = std::get_if<int64_t>(&v)) return *p;
  if (auto p = std::get_if<double>(&v)) return static_cast<int64_t>(*p);
  if (auto p = std::get_if<std::string>(&v)) {
    int64_t out = 0;
    std::from_chars(p->data(), p->data() + p->size(), out);
    return out;
  }
  return 0;
}

double Row::Real(std::size_t i) const {
  const Value& v = values_.at(i);
  if (auto p = std::get_if<double>(&v)) return *p;
  if (auto p = std::get_if<int64_t>(&v)) return static_cast<double>(*p);
  if (auto p = std::get_if<std::string>(&v))
    return std::strtod(p->c_str(), nullptr);
  return 0;
}

std::string Row::Text(std::size_t i) const {
  const Value& v = values_.at(i);
  if (auto p = std::get_if<std::string>(&v)) return *p;
  if (auto p = std::get_if<int64_t>(&v)) return std::to_string(*p);
  if (auto p = std::get_if<double>(&v)) return std::to_string(*p);
  if (auto p = std::get_if<Blob>(&v)) return p->bytes;
  return {};
}

std::optional<std::string> Row::OptText(std::size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Text(i);
}

std::optional<int64_t> Row::OptInt(std::size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

Result<std::vector<Row>> Connection::Rows(std::string_view sql,
                                          std::initializer_list<Value> params) {
  ZXKH_ASSIGN_OR_RETURN(
      QueryResult r,
      Query(sql, std::span<const Value>(params.begin(), params.size())));
  return std::move(r.rows);
}

Result<Row> Connection::One(std::string_view sql,
                            std::initializer_list<Value> params,
                            std::string_view not_found_code) {
  ZXKH_ASSIGN_OR_RETURN(
      QueryResult r,
      Query(sql, std::span<const Value>(params.begin(), params.size())));
  if (r.rows.empty()) {
    return Status::NotFound(std::string(not_found_code), "记录不存在");
  }
  return std::move(r.rows.front());
}

Result<int64_t> Connection::Exec(std::string_view sql,
                                 std::initializer_list<Value> params) {
  ZXKH_ASSIGN_OR_RETURN(
      QueryResult r,
      Query(sql, std::span<const Value>(params.begin(), params.size())));
  return r.affected_rows;
}

struct Database::Pool {
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::unique_ptr<Connection>> idle;
  int open = 0;    // connections created and not destroyed
  int in_use = 0;  // handed out
};

Database::Database(Backend backend, ConnectionFactory factory, int pool_size)
    : backend_(backend),
      factory_(std::move(factory)),
      pool_size_(pool_size < 1 ? 1 : pool_size),
      pool_(std::make_unique<Pool>()) {}

Database::~Database() = default;

int Database::in_use() const {
  std::lock_guard lock(pool_->mu);
  return pool_->in_use;
}

Result<std::unique_ptr<Database>> Database::Open(std::string_view url,
                                                 int pool_size) {
  std::unique_ptr<Database> db;
  if (url.starts_with("sqlite:")) {
    std::string path(url.substr(7));
    if (path.starts_with("//")) path = path.substr(2);
    if (path.empty()) {
      return Status::InvalidArgument("store.url", "SQLite 数据库路径不能为空",
                                     "db");
    }
    db = std::make_unique<Database>(
        Backend::kSqlite, [path] { return OpenSqliteConnection(path); },
        pool_size);
  } else if (url.starts_with("postgresql://") ||
             url.starts_with("postgres://")) {
    std::string conninfo(url);
    db = std::make_unique<Database>(
        Backend::kPostgres, [conninfo] { return OpenPgConnection(conninfo); },
        pool_size);
  } else {
    return Status::InvalidArgument(
        "store.url", "数据库地址应以 sqlite: 或 postgresql:// 开头", "db");
  }
  // Fail at start-up, not at the first request, when the database is absent.
  ZXKH_RETURN_IF_ERROR(
      db->Transact(Mode::kRead, [](Connection&) { return Status::Ok(); }));
  return db;
}

Result<std::unique_ptr<Connection>> Database::Acquire() {
  std::unique_lock lock(pool_->mu);
  for (;;) {
    if (!pool_->idle.empty()) {
      auto c = std::move(pool_->idle.front());
      pool_->idle.pop_front();
      ++pool_->in_use;
      return c;
    }
    if (pool_->open < pool_size_) {
      ++pool_->open;
      ++pool_->in_use;
      lock.unlock();
      auto c = factory_();
      if (!c.ok()) {
        lock.lock();
        --pool_->open;
        --pool_->in_use;
        pool_->cv.notify_one();
      }
      return c;
    }
    // Bounded wait: a stuck pool must surface as a retryable error, not hang
    // the worker forever.
    if (!pool_->cv.wait_for(lock, std::chrono::seconds(10), [&] {
          return !pool_->idle.empty() || pool_->open < pool_size_;
        })) {
      return Status::Unavailable("store.pool_exhausted",
                                 "数据库繁忙，请稍后重试");
    }
  }
}

void Database::Release(std::unique_ptr<Connection> c) {
  std::lock_guard lock(pool_->mu);
  --pool_->in_use;
  if (c && c->Healthy()) {
    pool_->idle.push_back(std::move(c));
  } else {
    --pool_->open;  // dropped; a fresh one is made on demand
  }
  pool_->cv.notify_one();
}

Status Database::RunOnce(Connection& conn, Mode mode,
                         const std::function<Status(Connection&)>& fn) {
  if (mode == Mode::kOneStatementRead) return fn(conn);
  Status st = conn.Begin(mode == Mode::kWrite ? Connection::TxMode::kWrite
                                              : Connection::TxMode::kRead);
  if (!st.ok()) return st;
  st = fn(conn);
  if (st.ok()) st = conn.Commit();
  if (!st.ok()) conn.Rollback();
  return st;
}

Status Database::Transact(Mode mode,
                          const std::function<Status(Connection&)>& fn) {
  constexpr int kAttempts = 6;
  Status last;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    if (attempt > 0) {
      // Jittered backoff: 2, 4, 8, 16, 32 ms plus up to 100%.
      auto base = std::chrono::milliseconds(1 << attempt);
      std::this_thread::sleep_for(
          base + std::chrono::microseconds(
                     (std::hash<std::thread::id>{}(std::this_thread::get_id()) +
                      attempt * 7919) %
                     (base.count() * 1000)));
    }
    auto acquired = Acquire();
    if (!acquired.ok()) return acquired.status();
    std::unique_ptr<Connection> conn = std::move(acquired).value();
    Status st = RunOnce(*conn, mode, fn);
    Release(std::move(conn));
    if (st.ok() || st.code() != "store.conflict") return st;
    last = st;
  }
  return last;
}

}  // namespace zxkh::store
