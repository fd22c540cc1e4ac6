// The operation log (audit_log, audit_head), its signed checkpoints
// (audit_checkpoints) and the login log (login_log). All methods run on the
// caller's connection, inside the caller's transaction; the hashing rules
// are domain/audit.hpp's.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/page.hpp"
#include "domain/audit.hpp"
#include "store/db.hpp"

namespace zxkh::store {

class AuditRepository {
 public:
  explicit AuditRepository(Connection& c) : c_(c) {}

  // Appends `e` at the head of the chain: locks audit_head (FOR UPDATE on
  // PostgreSQL; a SQLite write transaction is exclusive already), sets seq,
  // prev_hash and entry_hash, inserts the row and moves the head. Returns the
  // stored entry. Call it last in a write transaction: the head lock
  // serializes every writer until commit.
  Result<domain::AuditEntry> Append(domain::AuditEntry e);

  // Up to `limit` entries with seq >= from_seq, in seq order.
  Result<std::vector<domain::AuditEntry>> Range(int64_t from_seq,
                                                int64_t limit);
  // One entry; NotFound("audit.not_found") when there is no such seq.
  Result<domain::AuditEntry> Get(int64_t seq);
  // entry_hash of entries 1..upto_seq (hex), in seq order.
  Result<std::vector<std::string>> EntryHashes(int64_t upto_seq);
  // The head: seq and entry_hash of the last appended entry (0 and
  // kGenesisHash for an empty log).
  Result<std::pair<int64_t, std::string>> Head();
  // Number of entries according to the head (its seq).
  Result<int64_t> Size();

  // Stores a signed checkpoint. AlreadyExists("audit.checkpoint_exists")
  // when one of that tree size exists (another process signed it first).
  Status InsertCheckpoint(const domain::Checkpoint& cp);
  // The checkpoint with the largest tree size, if any.
  Result<std::optional<domain::Checkpoint>> LatestCheckpoint();
  // Every checkpoint, by tree size.
  Result<std::vector<domain::Checkpoint>> Checkpoints();
  // Up to `limit` checkpoints with tree_size > after_tree_size, by tree
  // size: lets a verifier stream a long history.
  Result<std::vector<domain::Checkpoint>> Checkpoints(int64_t after_tree_size,
                                                      int64_t limit);

  // Entries matching `f`, newest first.
  Result<Page<domain::AuditEntry>> List(const domain::AuditFilter& f);
  // As List without paging, up to `limit` rows (exports), in one statement
  // so the rows come from one snapshot.
  Result<std::vector<domain::AuditEntry>> ListAll(const domain::AuditFilter& f,
                                                  int64_t limit);

  // Stores one login attempt (as given: see domain::CleanLoginRecord).
  Status InsertLogin(const domain::LoginRecord& r);
  // Login attempts matching `f`, newest first.
  Result<Page<domain::LoginRecord>> ListLogins(const domain::LoginFilter& f);
  // As ListLogins without paging, up to `limit` rows (exports).
  Result<std::vector<domain::LoginRecord>> ListAllLogins(
      const domain::LoginFilter& f, int64_t limit);

 private:
  Connection& c_;
};

}  // namespace zxkh::store
