// The server's Ed25519 signing keys: the current one, which signs new audit
// checkpoints and certificates, and the retired ones, whose public keys stay
// published so that everything they signed keeps verifying (key rotation).
//
// In the data directory: `audit-signing.key` (the current key's seed, 0600,
// see SigningKey) and `trusted-keys` (one retired public key per line in
// standard base64, '#' starts a comment; `zxkh keys rotate` appends to it).
// A running server reads them at start; rotate, then restart.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/crypto.hpp"
#include "common/status.hpp"

namespace zxkh {

inline constexpr std::string_view kSigningKeyFile = "audit-signing.key";
inline constexpr std::string_view kTrustedKeysFile = "trusted-keys";

struct PublishedKey {
  std::string key_id;      // KeyIdOf(public_key)
  std::string public_key;  // raw 32 bytes
  bool current = false;
};

class Keyring {
 public:
  // The server's keyring: creates the current key on first start (see
  // SigningKey::LoadOrCreate). Errors of the key file or an invalid
  // trusted-keys line ("keys.trusted_key_invalid", naming the line).
  static Result<Keyring> LoadOrCreate(const std::string& data_dir);
  // For verification: never creates a key; a missing current key is not an
  // error (only the retired keys are then known).
  static Result<Keyring> LoadForVerification(const std::string& data_dir);
  // A keyring of one current key (tests, tools).
  explicit Keyring(SigningKey current);

  // The signing key; nullptr for a verification keyring without it.
  const SigningKey* current() const { return current_ ? &*current_ : nullptr; }
  // Every published key, the current one first.
  const std::vector<PublishedKey>& keys() const { return keys_; }
  // The raw public key of `key_id`, or nullopt when unknown.
  std::optional<std::string> PublicKey(std::string_view key_id) const;

  // Retires the current key: appends its public key to trusted-keys with
  // a comment naming its id and `retired_on`, then replaces the key file by
  // a new key (written to a temporary file and renamed). Returns the new
  // key id. NotFound("crypto.key_missing") when there is no current key.
  static Result<std::string> Rotate(const std::string& data_dir,
                                    std::string_view retired_on);

 private:
  Keyring() = default;
  static Result<Keyring> Load(const std::string& data_dir, bool create);
  std::optional<SigningKey> current_;
  std::vector<PublishedKey> keys_;
};

}  // namespace zxkh
