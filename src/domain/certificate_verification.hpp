// Checking an electronic certificate without asking the server (R-EXA-12,
// issue 7 point 3): its token's signature against the published key set,
// and its status against a signed status list that has not expired. The
// two answers are separate; the status fails closed — no list, an expired
// list, a list not signed by a published key, or an index beyond it all
// answer "unknown", never "valid".
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.hpp"
#include "common/status_list.hpp"
#include "domain/certificate.hpp"

namespace zxkh::domain {

// How long a published status list may be relied on.
inline constexpr int64_t kStatusListLifetimeMs = 24LL * 3600 * 1000;

// key id → raw 32-byte Ed25519 public key.
using KeySet = std::map<std::string, std::string, std::less<>>;

// The body of GET /api/public/keys ({"keys":[{"key_id","public_key"
// (standard base64)}, …]}). InvalidArgument("certificate.keys_invalid") when
// it is not that shape, a key is not 32 bytes, or a key id does not match
// its key (KeyIdOf).
Result<KeySet> ParseKeySet(std::string_view json);

// What a status list states, signed by the server.
struct StatusListStatement {
  int64_t issued_at_ms = 0;
  int64_t expires_at_ms = 0;
  std::string encoded_list;  // StatusList::Encode()
  std::string key_id;
};

// The signed bytes: canonical JSON of the statement (sorted keys, no
// whitespace, "v":1).
std::string StatusListSigningInput(const StatusListStatement& statement);
// The published document: the signing input's fields plus "signature"
// (base64url of the 64-byte Ed25519 signature).
std::string SignedStatusListJson(const StatusListStatement& statement,
                                 std::string_view signature);

struct SignedStatusList {
  StatusListStatement statement;
  std::string signature;  // 64 bytes
};
// InvalidArgument("certificate.status_list_invalid") when `json` is not a
// signed status list document.
Result<SignedStatusList> ParseSignedStatusList(std::string_view json);

enum class SignatureVerdict { kValid, kInvalid, kUnknownKey, kMalformed };
enum class StatusVerdict { kValid, kRevoked, kUnknown };
std::string_view SignatureVerdictTitle(SignatureVerdict v);  // Chinese
std::string_view StatusVerdictTitle(StatusVerdict v);        // Chinese

struct OfflineVerification {
  SignatureVerdict signature = SignatureVerdict::kMalformed;
  StatusVerdict status = StatusVerdict::kUnknown;
  std::string status_reason;  // why the status is unknown (Chinese)
  std::optional<CertificateRecord> record;  // when the token decoded
  bool Genuine() const {
    return signature == SignatureVerdict::kValid &&
           status == StatusVerdict::kValid;
  }
};

// Verifies `token` (a QR token, see EncodeToken) with `keys`, and its status
// with `status_list` (a signed status list document; nullopt when the
// verifier has none) as of `now_ms`.
OfflineVerification VerifyOffline(std::string_view token, const KeySet& keys,
                                  const std::optional<std::string>& status_list,
                                  int64_t now_ms);

}  // namespace zxkh::domain

namespace zxkh::domain {

// Transparency (issue 7 point 5): the body of GET
// /api/public/certificates/{number}/proof — the issuance entry of the
// operation log, its inclusion path and the signed checkpoint. OK when the
// entry is the issuance of `number` (action certificate.issue, target
// certificate/<number>), its fields hash to its entry_hash, that entry is
// at leaf seq-1 of the checkpoint's Merkle tree, and the checkpoint is
// signed by a key of `keys`. Otherwise InvalidArgument:
// "certificate.proof_invalid" (not that shape), "certificate.proof_other_entry"
// (another entry or certificate), "certificate.proof_entry_hash" (fields
// changed), "certificate.proof_inclusion" (path or root do not match),
// "certificate.proof_signature" (unknown key or bad checkpoint signature).
Status VerifyIssuanceProof(std::string_view proof_json, std::string_view number,
                           const KeySet& keys);

}  // namespace zxkh::domain
