// The operation log (操作日志) and the login log (登录日志).
//
// Operation log entry — append-only:
//
//   (new) --Append--> RECORDED            (never updated, never deleted)
//
//   entry_hash(n) = SHA-256(prev_hash(n) ‖ CanonicalBytes(entry n))
//   prev_hash(n)  = entry_hash(n-1);  prev_hash(1) = 64 × "0"
//
// Checkpoints — append-only, each covers entries 1..tree_size:
//
//   (new) --Sign--> SIGNED   root = MTH(LeafHash(bytes(entry_hash(i))), i ≤ n)
//
// The chain makes an edit of any one row visible (its hash, or the next
// row's prev_hash, no longer agrees); the signed checkpoints make it visible
// even when someone with database access recomputes every hash after the
// edit, because they cannot forge the server's signature over the root. The
// log holds ids and short summaries only — never personal data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/page.hpp"
#include "common/status.hpp"

namespace zxkh::domain {

// prev_hash of entry 1 (and entry_hash of the empty chain's head).
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

struct AuditEntry {
  int64_t seq = 0;          // 1, 2, 3, … without gaps
  int64_t at = 0;           // Unix ms
  int64_t user_id = 0;      // 0: the system or the command line
  std::string role;         // RoleName spelling, e.g. "CITY"
  std::string action;       // "<area>.<verb>", e.g. "catalog.retire"
  std::string target_type;  // e.g. "catalog_project"
  std::string target_id;    // e.g. "ZX01002"
  std::string summary;      // short Chinese before → after, no personal data
  std::string request_id;
  std::optional<std::string> district_code;  // scope of the target
  std::optional<int64_t> institution_id;     // scope of the target
  std::string prev_hash;                     // 64 lowercase hex
  std::string entry_hash;                    // 64 lowercase hex
};

// A signed commitment to entries 1..tree_size.
struct Checkpoint {
  int64_t tree_size = 0;
  std::string root_hash;  // 64 lowercase hex, RFC 6962 MTH
  int64_t signed_at = 0;  // Unix ms
  std::string key_id;     // KeyIdOf(public key)
  std::string signature;  // Ed25519 over CheckpointMessage, standard base64
};

// The bytes an entry's hash covers: every field but entry_hash, in a fixed
// order, each as "<name>:<byte length>:<value>\n" — or "<name>:-\n" for an
// absent optional — after the line "zxkh-audit-entry/v1\n". Integers are
// plain decimal. Length prefixes make the encoding unambiguous whatever the
// text holds (no escaping rules to get wrong), and the names keep it
// readable for an auditor re-implementing the check.
std::string CanonicalBytes(const AuditEntry& e);

// Lowercase hex SHA-256(e.prev_hash ‖ CanonicalBytes(e)) — the chain link.
std::string ComputeEntryHash(const AuditEntry& e);

// The text a checkpoint's signature covers:
//   zxkh-audit-checkpoint/v1\n tree_size=<n>\n root=<hex>\n
//   signed_at=<ms>\n key_id=<id>\n
std::string CheckpointMessage(int64_t tree_size, std::string_view root_hex,
                              int64_t signed_at, std::string_view key_id);

// InvalidArgument("audit.personal_data") when `text` contains what looks
// like a resident ID number (17 digits and a digit or X) or a mainland
// mobile number (11 digits starting 13–19, also written 3-4-4 with spaces or
// hyphens); full-width digits count too. The chain is permanent: personal
// data that enters it can never be erased.
Status CheckSummaryHasNoPersonalData(std::string_view text);

// Checks what a service passes to the log: action "<area>.<verb>" (lower
// case, digits, '_', at least one '.', ≤ 64), target_type (lower case,
// digits, '_', ≤ 64), target_id (≤ 128), summary (≤ 500 characters), all
// valid UTF-8 and free of personal data. InvalidArgument("audit.action" |
// "audit.target" | "audit.summary" | "audit.personal_data").
Status ValidateEntryFields(const AuditEntry& e);

// One login attempt (not hash-chained: it records usernames, which the
// operation log must not).
struct LoginRecord {
  int64_t id = 0;
  int64_t at = 0;
  std::string username;            // as typed, at most 64 characters
  std::optional<int64_t> user_id;  // when the username was known
  bool success = false;
  std::string reason;  // "ok", "bad_password", "unknown_user", a status code…
  std::string ip;
  std::string user_agent;                    // at most 300 characters
  std::optional<std::string> district_code;  // the user's, for scoped browsing
  std::optional<int64_t> institution_id;
};

// `r` made safe to store and export: username, reason and ip cut to 64
// characters, user_agent to 300, invalid UTF-8 replaced by U+FFFD and
// control characters by spaces (the user agent is whatever a client sent).
LoginRecord CleanLoginRecord(LoginRecord r);

// An operation-log query; criteria combine with AND, unset ones are ignored.
// Results come newest first.
struct AuditFilter {
  std::optional<int64_t> from;  // at >= from (Unix ms)
  std::optional<int64_t> to;    // at < to
  std::string action_prefix;    // e.g. "catalog." or "catalog.retire"
  std::optional<int64_t> user_id;
  std::string target_type;
  std::string target_id;
  std::optional<std::string> district_code;  // scope
  std::optional<int64_t> institution_id;     // scope
  PageRequest page;
};

// A login-log query; criteria combine with AND. Results come newest first.
struct LoginFilter {
  std::optional<bool> success;
  std::string username;                      // substring
  std::optional<int64_t> from;               // at >= from (Unix ms)
  std::optional<int64_t> to;                 // at < to
  std::optional<std::string> district_code;  // scope
  std::optional<int64_t> institution_id;     // scope
  PageRequest page;
};

}  // namespace zxkh::domain
