// The operation log and the login log as use cases: recording inside the
// caller's transaction, signing checkpoints, verifying the whole log,
// inclusion proofs, and scoped browsing and export (DOMAIN.md data scope).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "common/page.hpp"
#include "domain/audit.hpp"
#include "domain/role.hpp"
#include "store/db.hpp"

namespace zxkh::service {

// What `zxkh verify-audit` reports. On failure, `code` is one of
// "audit.entry_hash_mismatch" (a row's content changed), "audit.chain_broken"
// (prev_hash is not the previous row's entry_hash: a row deleted, inserted
// or swapped), "audit.seq_gap" (a row missing), "audit.checkpoint_root_
// mismatch" (rows changed and re-hashed), "audit.checkpoint_signature"
// (forged or unknown-key checkpoint), "audit.head_mismatch" (rows missing at
// the end).
struct VerifyReport {
  bool ok = true;
  int64_t entries_checked = 0;      // entries whose chain link was checked
  int64_t checkpoints_checked = 0;  // checkpoints verified before any failure
  // Entries covered by the largest verified checkpoint; the ones after it
  // are protected by the chain only until the next checkpoint is signed.
  int64_t signed_entries = 0;
  // The first entry found bad (for a checkpoint root mismatch: the first
  // entry not covered by an earlier good checkpoint); 0 when the failure is
  // not about one entry (a bad checkpoint signature).
  int64_t first_bad_seq = 0;
  int64_t checkpoint_tree_size = 0;  // the failing checkpoint, 0 if none
  std::string code;
  std::string message;  // Chinese, names the entry / checkpoint
};

// An inclusion proof of one entry against a signed checkpoint; the client
// recomputes the root with domain::VerifyInclusion(leaf_hash, leaf_index,
// checkpoint.tree_size, audit_path, checkpoint.root_hash) and checks the
// signature with the published public key.
struct InclusionProofAnswer {
  int64_t seq = 0;
  int64_t leaf_index = 0;  // seq - 1
  std::string entry_hash;  // hex
  std::string leaf_hash;   // hex LeafHash(bytes of entry_hash)
  domain::Checkpoint checkpoint;
  std::vector<std::string> audit_path;  // hex, from the leaf's sibling up
  domain::AuditEntry entry;  // the entry itself (ids only, no personal data)
};

class AuditService {
 public:
  // Entries signed per checkpoint at the latest, and the longest an entry
  // waits for one (given a timer that calls MaybeCheckpoint).
  static constexpr int64_t kCheckpointEvery = 1000;
  static constexpr int64_t kCheckpointMaxAgeMillis = 60'000;
  // The most rows one export may hold.
  static constexpr int64_t kMaxExportRows = 100'000;

  // References must outlive the service. Thread-safe.
  AuditService(store::Database& db, const Clock& clock, const SigningKey& key);
  ~AuditService();
  AuditService(const AuditService&) = delete;
  AuditService& operator=(const AuditService&) = delete;

  // Records an operation inside the caller's write transaction, so the
  // state change and its log entry commit or roll back together. `action`
  // like "catalog.retire", target like ("catalog_project", "ZX01002"),
  // `summary` short Chinese before → after without personal data
  // (InvalidArgument "audit.personal_data" otherwise, see
  // domain::ValidateEntryFields). Call it last in the transaction: appending
  // locks the chain's head until commit.
  // A file's SHA-256 as summaries show it: "SHA-256 1a2b3c4d…". Eight hex
  // characters name a file well enough for a reader and can never form the
  // 11-digit run the personal-data check (rightly) refuses, which 12 did
  // by chance for about one file in a few thousand.
  static std::string HashForSummary(std::string_view sha256_hex);

  static Status Record(store::Connection& c, const domain::Caller& caller,
                       int64_t now_ms, std::string action,
                       std::string target_type, std::string target_id,
                       std::string summary,
                       std::optional<std::string> district_code = {},
                       std::optional<int64_t> institution_id = {});

  // Records one login attempt in the caller's transaction (cleaned by
  // domain::CleanLoginRecord).
  static Status RecordLogin(store::Connection& c, domain::LoginRecord r);

  // Signs a checkpoint over every entry when ≥ kCheckpointEvery entries are
  // unsigned, or the oldest unsigned entry is ≥ kCheckpointMaxAgeMillis old;
  // with `force`, whenever any entry is unsigned. Returns the new checkpoint
  // or nullopt. Safe from several processes (write transaction + primary key
  // on tree_size: the loser returns nullopt). Refuses, logging an error, to
  // sign a chain that does not link up (Internal "audit.chain_broken") or
  // does not reach the latest signed root (Internal
  // "audit.checkpoint_root_mismatch" / "audit.checkpoint_signature"). Call it
  // every few seconds and once, forced, at shutdown.
  Result<std::optional<domain::Checkpoint>> MaybeCheckpoint(bool force = false);

  // Re-checks every entry from 1 and every checkpoint against
  // `trusted_public_keys` (raw 32-byte Ed25519 keys: this server's and any
  // retired ones). A tampered log is an OK result with report.ok == false;
  // an error is a failure to read the database.
  Result<VerifyReport> Verify(
      const std::vector<std::string>& trusted_public_keys);
  // As Verify, without a signing key (the verify-audit command).
  static Result<VerifyReport> VerifyDatabase(
      store::Database& db, const std::vector<std::string>& trusted_public_keys);

  // The inclusion proof of entry `seq` against the latest checkpoint
  // (signing one first when the entry is newer). CITY and PROVINCE: any
  // entry; DISTRICT: entries of its district, others NotFound
  // ("audit.not_found"); other roles PermissionDenied("auth.forbidden").
  // Only proofs that verify are returned: rows or checkpoints that disagree
  // give Internal("audit.checkpoint_root_mismatch"). O(n) on first use per
  // process, then O(new entries + log n).
  Result<InclusionProofAnswer> Proof(const domain::Caller& caller, int64_t seq);
  // The proof of entry `seq` against the latest checkpoint without signing
  // one and without a scope check (for callers that already decided the
  // entry may be shown, e.g. a certificate's issuance to its verifier):
  // NotFound("audit.not_yet_signed") while no checkpoint covers the entry;
  // NotFound("audit.not_found") when there is no such entry.
  Result<InclusionProofAnswer> SignedProof(int64_t seq);

  // Operation-log entries, newest first, within the caller's scope: CITY and
  // PROVINCE all; DISTRICT its district's; INSTITUTION_ADMIN its
  // institution's; other roles PermissionDenied("auth.forbidden"). A filter
  // naming another district/institution yields an empty page.
  Result<Page<domain::AuditEntry>> ListOperations(const domain::Caller& caller,
                                                  domain::AuditFilter filter);
  // Login attempts, newest first, with the same scope rules.
  Result<Page<domain::LoginRecord>> ListLogins(const domain::Caller& caller,
                                               domain::LoginFilter filter);
  // The caller's ListOperations (all pages) as .xlsx bytes;
  // FailedPrecondition("audit.export_too_large") beyond kMaxExportRows.
  Result<std::string> ExportOperationsXlsx(const domain::Caller& caller,
                                           domain::AuditFilter filter);
  // The caller's ListLogins (all pages) as .xlsx bytes; limits as above.
  Result<std::string> ExportLoginsXlsx(const domain::Caller& caller,
                                       domain::LoginFilter filter);

 private:
  struct Tree;
  // The proof of `seq` against the latest checkpoint, which covers it.
  Result<InclusionProofAnswer> ProofAgainstLatest(int64_t seq);
  store::Database& db_;
  const Clock& clock_;
  const SigningKey& key_;
  // Leaf hashes of the entries already checked (32 bytes per entry), so
  // checkpoints and proofs read only the new entries.
  std::unique_ptr<Tree> tree_;
};

}  // namespace zxkh::service
