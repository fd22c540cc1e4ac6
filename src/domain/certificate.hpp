// Certificates (专项职业能力证书, R-EXA-12 and CODES.md).
//
//   approved result (city), sat, score ≥ 60, none yet for the registration
//        │ issue (number allocated in the issuing transaction)
//        ▼
//      VALID ──revoke (reason: city decision or violation ruling)──► REVOKED
//
// The electronic certificate is a canonical JSON record signed with Ed25519;
// what the QR code carries is that record and its signature as one compact
// token, so a verifier needs only the published keys (and, for the status,
// a fresh signed status list).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/date.hpp"
#include "common/status.hpp"

namespace zxkh::domain {

// R-EXA-4: 60 passes, fixed; scores are kept in tenths (one decimal).
inline constexpr int kPassScoreTenths = 600;

enum class CertificateState { kValid, kRevoked };
std::string_view CertificateStateName(CertificateState s);

// What issuing one certificate rests on, read in the issuing transaction.
struct IssueBasis {
  bool results_city_approved = false;  // R-EXA-11 finished
  bool sat = false;                    // present at the exam (not absent)
  std::optional<int> score_tenths;     // nullopt: not scored
  bool already_issued = false;         // a certificate exists for it
};

// OK when a certificate may be issued on `basis`. Otherwise
// FailedPrecondition: "certificate.results_not_approved",
// "certificate.absent", "certificate.not_scored",
// "certificate.failed" (naming the score, e.g. 59.9), or AlreadyExists
// "certificate.already_issued" — checked in that order.
Status CheckCanIssue(const IssueBasis& basis);

// OK when a certificate in `state` may be revoked with `reason` (trimmed,
// 1–500 characters). FailedPrecondition("certificate.already_revoked") or
// InvalidArgument("certificate.reason_required" | "certificate.reason_long").
Status CheckCanRevoke(CertificateState state, std::string_view reason);

// The signed content of an electronic certificate.
struct CertificateRecord {
  std::string number;  // 20 characters, CODES.md
  std::string holder_name;
  std::string id_type;    // resident_id | other
  std::string id_masked;  // MaskIdNumber
  std::string id_salt;    // base64url, random per certificate
  std::string id_hash;    // hex SHA-256(salt ‖ ID number)
  std::string project_code;
  std::string project_name;
  std::string institution_code;
  std::string institution_name;
  std::string result;  // "合格"
  Date issue_date;
  std::string key_id;        // the signing key (KeyIdOf)
  int64_t status_index = 0;  // its bit in the status list
};

// The record as canonical JSON: an object with the keys above in
// lexicographic order, no whitespace, strings as UTF-8 with only the JSON
// mandatory escapes, "issue_date" as YYYY-MM-DD, "status_index" a number
// and "v":1. Equal records give equal bytes; this is what is signed.
std::string CanonicalJson(const CertificateRecord& record);

// Parses canonical JSON back. InvalidArgument("certificate.record_invalid")
// when it is not an object of exactly those string fields, or when
// re-serializing it does not give the same bytes (so a verifier never
// accepts two spellings of one record).
Result<CertificateRecord> ParseCanonicalJson(std::string_view json);

// The salted hash that lets a verifier holding the ID number check it
// against a record without the record revealing it: hex SHA-256 of the
// decoded salt followed by the ID number (uppercased).
std::string IdNumberHash(std::string_view salt_b64url, std::string_view id);

// The token the QR code carries: "ZXC1." + base64url(canonical JSON) +
// "." + base64url(64-byte Ed25519 signature over the canonical JSON).
inline constexpr std::string_view kTokenPrefix = "ZXC1.";
std::string EncodeToken(std::string_view canonical_json,
                        std::string_view signature);

struct DecodedToken {
  std::string canonical_json;  // the signed bytes
  std::string signature;       // 64 bytes
  CertificateRecord record;
};
// Splits and decodes a token; does not verify the signature (the caller
// holds the keys). InvalidArgument("certificate.token_invalid") for a wrong
// prefix, bad base64url, a signature that is not 64 bytes, or a record that
// is not canonical.
Result<DecodedToken> DecodeToken(std::string_view token);

}  // namespace zxkh::domain
