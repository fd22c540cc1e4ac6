#include "store/audit_repository.hpp"

#include <limits>

#include "common/text.hpp"
#include "store/sql_text.hpp"

namespace zxkh::store {
namespace {

using domain::AuditEntry;
using domain::Checkpoint;
using domain::LoginRecord;

constexpr std::string_view kEntryColumns =
    "seq, at, user_id, role, action, target_type, target_id, summary, "
    "request_id, district_code, institution_id, prev_hash, entry_hash";

// SQLite's write transactions are exclusive (BEGIN IMMEDIATE), so a plain
// read of the head is already serialized; PostgreSQL needs the row lock.
constexpr std::string_view kHeadForUpdatePg =
    "SELECT seq, entry_hash FROM audit_head WHERE id = 1 FOR UPDATE";
constexpr std::string_view kHead =
    "SELECT seq, entry_hash FROM audit_head WHERE id = 1";

const std::string kInsertEntry =
    "INSERT INTO audit_log (" + std::string(kEntryColumns) +
    ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

// Only moves a head that is where Append found it; anything else means the
// lock did not hold and the chain would fork.
constexpr std::string_view kMoveHead =
    "UPDATE audit_head SET seq = ?, entry_hash = ? WHERE id = 1 AND seq = ?";

const std::string kRange = "SELECT " + std::string(kEntryColumns) +
                           " FROM audit_log WHERE seq >= ? ORDER BY seq "
                           "LIMIT ?";
const std::string kGet =
    "SELECT " + std::string(kEntryColumns) + " FROM audit_log WHERE seq = ?";

constexpr std::string_view kCheckpointColumns =
    "tree_size, root_hash, signed_at, key_id, signature";

// Unused criteria are switched off by a flag or '' bound next to them, so
// each statement's text stays constant and cacheable.
constexpr std::string_view kEntryWhere =
    " WHERE at >= ? AND at < ?"
    " AND (? = '' OR action LIKE ? ESCAPE '\\')"
    " AND (? = 0 OR user_id = ?)"
    " AND (? = '' OR target_type = ?)"
    " AND (? = '' OR target_id = ?)"
    " AND (? = 0 OR district_code = ?)"
    " AND (? = 0 OR institution_id = ?)";
const std::string kListEntries = "SELECT " + std::string(kEntryColumns) +
                                 " FROM audit_log" + std::string(kEntryWhere) +
                                 " ORDER BY seq DESC LIMIT ? OFFSET ?";
const std::string kCountEntries =
    "SELECT COUNT(*) FROM audit_log" + std::string(kEntryWhere);

constexpr std::string_view kLoginColumns =
    "id, at, username, user_id, success, reason, ip, user_agent, "
    "district_code, institution_id";
constexpr std::string_view kLoginWhere =
    " WHERE at >= ? AND at < ?"
    " AND (? = -1 OR success = ?)"
    " AND (? = '' OR UPPER(username) LIKE ? ESCAPE '\\')"
    " AND (? = 0 OR district_code = ?)"
    " AND (? = 0 OR institution_id = ?)";
const std::string kListLogins = "SELECT " + std::string(kLoginColumns) +
                                " FROM login_log" + std::string(kLoginWhere) +
                                " ORDER BY at DESC, id DESC LIMIT ? OFFSET ?";
const std::string kCountLogins =
    "SELECT COUNT(*) FROM login_log" + std::string(kLoginWhere);

AuditEntry EntryFromRow(const Row& r) {
  AuditEntry e;
  e.seq = r.Int(0);
  e.at = r.Int(1);
  e.user_id = r.Int(2);
  e.role = r.Text(3);
  e.action = r.Text(4);
  e.target_type = r.Text(5);
  e.target_id = r.Text(6);
  e.summary = r.Text(7);
  e.request_id = r.Text(8);
  e.district_code = r.OptText(9);
  e.institution_id = r.OptInt(10);
  e.prev_hash = r.Text(11);
  e.entry_hash = r.Text(12);
  return e;
}

Checkpoint CheckpointFromRow(const Row& r) {
  return Checkpoint{r.Int(0), r.Text(1), r.Int(2), r.Text(3), r.Text(4)};
}

LoginRecord LoginFromRow(const Row& r) {
  LoginRecord l;
  l.id = r.Int(0);
  l.at = r.Int(1);
  l.username = r.Text(2);
  l.user_id = r.OptInt(3);
  l.success = r.Int(4) != 0;
  l.reason = r.Text(5);
  l.ip = r.Text(6);
  l.user_agent = r.Text(7);
  l.district_code = r.OptText(8);
  l.institution_id = r.OptInt(9);
  return l;
}

Value OptionalText(const std::optional<std::string>& s) {
  if (!s) return std::monostate{};
  return *s;
}

Value OptionalInt(const std::optional<int64_t>& v) {
  if (!v) return std::monostate{};
  return *v;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

int64_t Flag(bool on) { return on ? 1 : 0; }

std::vector<Value> EntryFilterParams(const domain::AuditFilter& f) {
  // Actions are lower case by construction (domain::ValidateEntryFields);
  // lowering the prefix makes SQLite's case-insensitive LIKE and
  // PostgreSQL's case-sensitive one agree.
  const std::string prefix = AsciiLower(f.action_prefix);
  return {
      f.from.value_or(std::numeric_limits<int64_t>::min()),
      f.to.value_or(std::numeric_limits<int64_t>::max()),
      prefix,
      EscapeLike(prefix) + "%",
      Flag(f.user_id.has_value()),
      f.user_id.value_or(0),
      f.target_type,
      f.target_type,
      f.target_id,
      f.target_id,
      Flag(f.district_code.has_value()),
      f.district_code.value_or(""),
      Flag(f.institution_id.has_value()),
      f.institution_id.value_or(0),
  };
}

std::vector<Value> LoginFilterParams(const domain::LoginFilter& f) {
  const std::string name(TrimSpace(f.username));
  const int64_t success = f.success ? (*f.success ? 1 : 0) : -1;
  return {
      f.from.value_or(std::numeric_limits<int64_t>::min()),
      f.to.value_or(std::numeric_limits<int64_t>::max()),
      success,
      success,
      name,
      "%" + EscapeLike(AsciiUpper(name)) + "%",
      Flag(f.district_code.has_value()),
      f.district_code.value_or(""),
      Flag(f.institution_id.has_value()),
      f.institution_id.value_or(0),
  };
}

}  // namespace

Result<AuditEntry> AuditRepository::Append(AuditEntry e) {
  ZXKH_ASSIGN_OR_RETURN(
      Row head,
      c_.One(c_.backend() == Backend::kPostgres ? kHeadForUpdatePg : kHead, {},
             "audit.head_missing"));
  const int64_t head_seq = head.Int(0);
  e.seq = head_seq + 1;
  e.prev_hash = head.Text(1);
  e.entry_hash = domain::ComputeEntryHash(e);
  const Value params[] = {e.seq,
                          e.at,
                          e.user_id,
                          e.role,
                          e.action,
                          e.target_type,
                          e.target_id,
                          e.summary,
                          e.request_id,
                          OptionalText(e.district_code),
                          OptionalInt(e.institution_id),
                          e.prev_hash,
                          e.entry_hash};
  ZXKH_RETURN_IF_ERROR(c_.Query(kInsertEntry, params).status());
  ZXKH_ASSIGN_OR_RETURN(int64_t moved,
                        c_.Exec(kMoveHead, {e.seq, e.entry_hash, head_seq}));
  if (moved != 1) {
    return Status::Internal("audit.head_moved", "审计日志链头被并发修改");
  }
  return e;
}

Result<std::vector<AuditEntry>> AuditRepository::Range(int64_t from_seq,
                                                       int64_t limit) {
  ZXKH_ASSIGN_OR_RETURN(std::vector<Row> rows,
                        c_.Rows(kRange, {from_seq, limit}));
  std::vector<AuditEntry> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(EntryFromRow(r));
  return out;
}

Result<AuditEntry> AuditRepository::Get(int64_t seq) {
  auto row = c_.One(kGet, {seq}, "audit.not_found");
  if (!row.ok()) {
    if (row.status().status_code() == StatusCode::kNotFound) {
      return Status::NotFound(
          "audit.not_found", "第 " + std::to_string(seq) + " 条操作日志不存在");
    }
    return row.status();
  }
  return EntryFromRow(*row);
}

Result<std::vector<std::string>> AuditRepository::EntryHashes(
    int64_t upto_seq) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT entry_hash FROM audit_log WHERE seq <= ? ORDER BY seq",
              {upto_seq}));
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(r.Text(0));
  return out;
}

Result<std::pair<int64_t, std::string>> AuditRepository::Head() {
  ZXKH_ASSIGN_OR_RETURN(Row head, c_.One(kHead, {}, "audit.head_missing"));
  return std::make_pair(head.Int(0), head.Text(1));
}

Result<int64_t> AuditRepository::Size() {
  ZXKH_ASSIGN_OR_RETURN(auto head, Head());
  return head.first;
}

Status AuditRepository::InsertCheckpoint(const Checkpoint& cp) {
  auto st = c_.Exec(
      "INSERT INTO audit_checkpoints (" + std::string(kCheckpointColumns) +
          ") VALUES (?, ?, ?, ?, ?)",
      {cp.tree_size, cp.root_hash, cp.signed_at, cp.key_id, cp.signature});
  if (st.status().status_code() == StatusCode::kAlreadyExists) {
    return Status::AlreadyExists(
        "audit.checkpoint_exists",
        "共 " + std::to_string(cp.tree_size) + " 条记录的检查点已存在");
  }
  return st.status();
}

Result<std::optional<Checkpoint>> AuditRepository::LatestCheckpoint() {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT " + std::string(kCheckpointColumns) +
              " FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1"));
  if (rows.empty()) return std::optional<Checkpoint>();
  return std::optional<Checkpoint>(CheckpointFromRow(rows.front()));
}

Result<std::vector<Checkpoint>> AuditRepository::Checkpoints() {
  return Checkpoints(std::numeric_limits<int64_t>::min(),
                     std::numeric_limits<int64_t>::max());
}

Result<std::vector<Checkpoint>> AuditRepository::Checkpoints(
    int64_t after_tree_size, int64_t limit) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT " + std::string(kCheckpointColumns) +
                  " FROM audit_checkpoints WHERE tree_size > ? "
                  "ORDER BY tree_size LIMIT ?",
              {after_tree_size, limit}));
  std::vector<Checkpoint> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(CheckpointFromRow(r));
  return out;
}

Result<Page<AuditEntry>> AuditRepository::List(const domain::AuditFilter& f) {
  Page<AuditEntry> page;
  page.page = f.page.page;
  page.page_size = f.page.page_size;
  std::vector<Value> params = EntryFilterParams(f);
  ZXKH_ASSIGN_OR_RETURN(QueryResult count, c_.Query(kCountEntries, params));
  page.total = count.rows.empty() ? 0 : count.rows.front().Int(0);
  params.push_back(int64_t{f.page.page_size});
  params.push_back(f.page.offset());
  ZXKH_ASSIGN_OR_RETURN(QueryResult rows, c_.Query(kListEntries, params));
  page.items.reserve(rows.rows.size());
  for (const Row& r : rows.rows) page.items.push_back(EntryFromRow(r));
  return page;
}

Result<std::vector<AuditEntry>> AuditRepository::ListAll(
    const domain::AuditFilter& f, int64_t limit) {
  std::vector<Value> params = EntryFilterParams(f);
  params.push_back(limit);
  params.push_back(int64_t{0});
  ZXKH_ASSIGN_OR_RETURN(QueryResult rows, c_.Query(kListEntries, params));
  std::vector<AuditEntry> out;
  out.reserve(rows.rows.size());
  for (const Row& r : rows.rows) out.push_back(EntryFromRow(r));
  return out;
}

Status AuditRepository::InsertLogin(const LoginRecord& r) {
  return c_
      .Exec(
          "INSERT INTO login_log (at, username, user_id, success, reason, ip, "
          "user_agent, district_code, institution_id) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {r.at, r.username, OptionalInt(r.user_id), Flag(r.success), r.reason,
           r.ip, r.user_agent, OptionalText(r.district_code),
           OptionalInt(r.institution_id)})
      .status();
}

Result<Page<LoginRecord>> AuditRepository::ListLogins(
    const domain::LoginFilter& f) {
  Page<LoginRecord> page;
  page.page = f.page.page;
  page.page_size = f.page.page_size;
  std::vector<Value> params = LoginFilterParams(f);
  ZXKH_ASSIGN_OR_RETURN(QueryResult count, c_.Query(kCountLogins, params));
  page.total = count.rows.empty() ? 0 : count.rows.front().Int(0);
  params.push_back(int64_t{f.page.page_size});
  params.push_back(f.page.offset());
  ZXKH_ASSIGN_OR_RETURN(QueryResult rows, c_.Query(kListLogins, params));
  page.items.reserve(rows.rows.size());
  for (const Row& r : rows.rows) page.items.push_back(LoginFromRow(r));
  return page;
}

Result<std::vector<LoginRecord>> AuditRepository::ListAllLogins(
    const domain::LoginFilter& f, int64_t limit) {
  std::vector<Value> params = LoginFilterParams(f);
  params.push_back(limit);
  params.push_back(int64_t{0});
  ZXKH_ASSIGN_OR_RETURN(QueryResult rows, c_.Query(kListLogins, params));
  std::vector<LoginRecord> out;
  out.reserve(rows.rows.size());
  for (const Row& r : rows.rows) out.push_back(LoginFromRow(r));
  return out;
}

}  // namespace zxkh::store
