#include "store/postgres/pg_connection.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cstring>
#include <unordered_map>

namespace zxkh::store {
namespace {

// Type OIDs from pg_type.h (stable across versions).
constexpr Oid kBoolOid = 16, kByteaOid = 17, kInt8Oid = 20, kInt2Oid = 21,
              kInt4Oid = 23, kFloat4Oid = 700, kFloat8Oid = 701,
              kNumericOid = 1700;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

Status PgError(PGconn* conn, const PGresult* res, std::string_view what) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string sqlstate = state ? state : "";
  std::string msg = std::string(what) + ": " +
                    (res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
  if (sqlstate == "23505") {
    return Status::AlreadyExists("store.unique_violation", "记录已存在");
  }
  if (sqlstate == "23503") {
    return Status::FailedPrecondition("store.foreign_key",
                                      "引用的记录不存在或仍被引用");
  }
  if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03") {
    return Status::Unavailable("store.conflict", "数据库繁忙，请稍后重试");
  }
  if (sqlstate.starts_with("23")) {
    return Status::FailedPrecondition("store.constraint", msg);
  }
  if (sqlstate.starts_with("08") || PQstatus(conn) != CONNECTION_OK) {
    return Status::Unavailable("store.unavailable",
                               "数据库连接中断，请稍后重试");
  }
  return Status::Internal("store.postgres", msg);
}

std::string DecodeBytea(const char* text, int len) {
  // Hex format "\x0a1b…" (the default since PostgreSQL 9.0).
  std::string out;
  if (len >= 2 && text[0] == '\\' && text[1] == 'x') {
    out.reserve((len - 2) / 2);
    auto nibble = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      return c - 'A' + 10;
    };
    for (int i = 2; i + 1 < len; i += 2) {
      out.push_back(
          static_cast<char>(nibble(text[i]) * 16 + nibble(text[i + 1])));
    }
  } else {
    out.assign(text, len);
  }
  return out;
}

class PgConnection final : public Connection {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  ~PgConnection() override { PQfinish(conn_); }

  Backend backend() const override { return Backend::kPostgres; }

  Result<QueryResult> Query(std::string_view sql,
                            std::span<const Value> params) override {
    std::string key(sql);
    auto it = prepared_.find(key);
    if (it == prepared_.end()) {
      std::string name = "s" + std::to_string(prepared_.size());
      PgResult res(PQprepare(conn_, name.c_str(),
                             RewritePlaceholders(sql).c_str(), 0, nullptr));
      if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
        return Fail(res.get(), "prepare");
      }
      it = prepared_.emplace(std::move(key), std::move(name)).first;
    }

    std::vector<std::string> text(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    std::vector<int> lengths(params.size(), 0);
    std::vector<int> formats(params.size(), 0);
    for (std::size_t i = 0; i < params.size(); ++i) {
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
              values[i] = nullptr;
            } else if constexpr (std::is_same_v<T, int64_t>) {
              text[i] = std::to_string(v);
              values[i] = text[i].c_str();
            } else if constexpr (std::is_same_v<T, double>) {
              char buf[64];
              auto r = std::to_chars(buf, buf + sizeof buf, v);
              text[i].assign(buf, r.ptr);
              values[i] = text[i].c_str();
            } else if constexpr (std::is_same_v<T, std::string>) {
              values[i] = v.c_str();
            } else {
              values[i] = v.bytes.data();
              lengths[i] = static_cast<int>(v.bytes.size());
              formats[i] = 1;  // binary: bytea needs no escaping
            }
          },
          params[i]);
    }
    PgResult res(PQexecPrepared(conn_, it->second.c_str(),
                                static_cast<int>(params.size()), values.data(),
                                lengths.data(), formats.data(), 0));
    const ExecStatusType st = PQresultStatus(res.get());
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
      return Fail(res.get(), "execute");
    }
    QueryResult out;
    const int nrows = PQntuples(res.get());
    const int ncols = PQnfields(res.get());
    out.rows.reserve(nrows);
    for (int r = 0; r < nrows; ++r) {
      std::vector<Value> row;
      row.reserve(ncols);
      for (int c = 0; c < ncols; ++c) {
        if (PQgetisnull(res.get(), r, c)) {
          row.emplace_back(std::monostate{});
          continue;
        }
        const char* v = PQgetvalue(res.get(), r, c);
        const int len = PQgetlength(res.get(), r, c);
        switch (PQftype(res.get(), c)) {
          case kInt8Oid:
          case kInt4Oid:
          case kInt2Oid: {
            int64_t n = 0;
            std::from_chars(v, v + len, n);
            row.emplace_back(n);
            break;
          }
          case kBoolOid:
            row.emplace_back(static_cast<int64_t>(v[0] == 't'));
            break;
          case kFloat4Oid:
          case kFloat8Oid:
          case kNumericOid:
            row.emplace_back(std::strtod(v, nullptr));
            break;
          case kByteaOid:
            row.emplace_back(Blob{DecodeBytea(v, len)});
            break;
          default:
            row.emplace_back(std::string(v, len));
        }
      }
      out.rows.emplace_back(std::move(row));
    }
    const char* affected = PQcmdTuples(res.get());
    out.affected_rows = (affected && *affected) ? std::atoll(affected) : 0;
    return out;
  }

  Status ExecScript(std::string_view sql) override {
    PgResult res(PQexec(conn_, std::string(sql).c_str()));
    const ExecStatusType st = PQresultStatus(res.get());
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      return Fail(res.get(), "exec");
    }
    return Status::Ok();
  }

 protected:
  Status Begin(TxMode) override { return ExecScript("BEGIN"); }
  Status Commit() override { return ExecScript("COMMIT"); }
  void Rollback() override {
    if (PQtransactionStatus(conn_) != PQTRANS_IDLE)
      (void)ExecScript("ROLLBACK");
  }
  bool Healthy() const override { return PQstatus(conn_) == CONNECTION_OK; }

 private:
  Status Fail(const PGresult* res, std::string_view what) {
    return PgError(conn_, res, what);
  }

  PGconn* conn_;
  std::unordered_map<std::string, std::string> prepared_;
};

void IgnoreNotice(void*, const char*) {}

}  // namespace

std::string RewritePlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  bool in_string = false;
  for (char c : sql) {
    if (c == '\'') in_string = !in_string;
    if (c == '?' && !in_string) {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

Result<std::unique_ptr<Connection>> OpenPgConnection(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    return Status::Unavailable("store.open",
                               "无法连接 PostgreSQL 数据库：" + msg);
  }
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  auto c = std::make_unique<PgConnection>(conn);
  ZXKH_RETURN_IF_ERROR(
      c->ExecScript("SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC';"));
  return std::unique_ptr<Connection>(std::move(c));
}

}  // namespace zxkh::store
