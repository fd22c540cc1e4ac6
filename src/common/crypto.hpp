// Crypto wrappers over libsodium: SHA-256, hex/base64 codecs, randomness,
// constant-time comparison and the server's Ed25519 signing key.
//
// Everything here is thread-safe. libsodium is initialised on first use
// (std::call_once), so callers never depend on start-up order.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.hpp"

namespace zxkh {

// SHA-256 of `data` (FIPS 180-4).
std::array<uint8_t, 32> Sha256(std::string_view data);
// SHA-256 of `data` as 64 lowercase hex characters.
std::string Sha256Hex(std::string_view data);

// Lowercase hex of arbitrary bytes.
std::string HexEncode(std::string_view bytes);
// The bytes of an even-length hex string (either case); InvalidArgument
// ("crypto.hex") on an odd length or a non-hex character.
Result<std::string> HexDecode(std::string_view hex);

// Base64url (RFC 4648 §5) without padding: safe in URLs and cookies.
std::string Base64UrlEncode(std::string_view bytes);
// Decodes unpadded base64url; InvalidArgument("crypto.base64") otherwise.
Result<std::string> Base64UrlDecode(std::string_view text);
// Standard base64 (RFC 4648 §4) with padding: keys and signatures at rest.
std::string Base64Encode(std::string_view bytes);
// Decodes padded standard base64; InvalidArgument("crypto.base64") otherwise.
Result<std::string> Base64Decode(std::string_view text);

// `n` bytes from the operating system's CSPRNG.
std::string RandomBytes(std::size_t n);
// `bytes` random bytes as base64url: session tokens, CSRF tokens.
std::string RandomToken(std::size_t bytes);

// Equality whose running time depends only on the lengths, so comparing a
// presented secret does not reveal how many leading bytes were right.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// The server's Ed25519 key, which signs audit checkpoints. The file holds
// the 32-byte seed in standard base64 and one newline. Copyable; the secret
// is wiped from memory when an instance is destroyed.
class SigningKey {
 public:
  // Loads the key at `path`, or creates it (random seed, mode 0600, written
  // to a temporary file and linked into place, so concurrent first starts
  // agree on one key). FailedPrecondition("crypto.key_permissions") when the
  // file is readable or writable by group/others or is not a regular file;
  // FailedPrecondition("crypto.key_invalid") when it does not hold a seed;
  // Unavailable("crypto.key_io") when it cannot be read or written.
  static Result<SigningKey> LoadOrCreate(const std::string& path);
  // Loads an existing key, never creating one (verification must not mint
  // keys). NotFound("crypto.key_missing") when absent; otherwise as above.
  static Result<SigningKey> Load(const std::string& path);
  // A key derived from exactly 32 seed bytes (tests, key import). A seed of
  // another length is a programming error: throws std::invalid_argument.
  static SigningKey FromSeed(std::string_view seed32);

  SigningKey(const SigningKey&) = default;
  SigningKey(SigningKey&&) = default;
  SigningKey& operator=(const SigningKey&) = default;
  SigningKey& operator=(SigningKey&&) = default;
  ~SigningKey();

  // The 64-byte detached Ed25519 signature of `msg`.
  std::string Sign(std::string_view msg) const;
  // The raw 32-byte public key.
  const std::string& public_key() const { return public_key_; }
  // The first 16 hex characters of SHA-256(public key): names the key in
  // signed checkpoints so verifiers can pick it among rotated keys.
  std::string key_id() const;

 private:
  SigningKey(std::string secret_key, std::string public_key)
      : secret_key_(std::move(secret_key)),
        public_key_(std::move(public_key)) {}
  std::string secret_key_;  // libsodium's 64-byte form (seed ‖ public key)
  std::string public_key_;
};

// The key id (see SigningKey::key_id) of a raw 32-byte public key.
std::string KeyIdOf(std::string_view public_key32);

// Whether `sig64` is a valid Ed25519 signature of `msg` under the raw
// 32-byte `public_key32`. False for keys or signatures of the wrong length.
bool VerifySignature(std::string_view public_key32, std::string_view msg,
                     std::string_view sig64);

}  // namespace zxkh
