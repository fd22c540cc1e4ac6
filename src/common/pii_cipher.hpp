// Personal information at rest (PIPL): ID numbers are stored encrypted
// (XChaCha20-Poly1305 via libsodium secretbox) and found again through a
// keyed BLAKE2b digest, so the database alone reveals neither.
#pragma once

#include <string>
#include <string_view>

#include "common/status.hpp"

namespace zxkh {

class PiiCipher {
 public:
  // Loads the 64-byte key file (32 bytes encryption key, 32 bytes lookup
  // key), creating it with mode 0600 when absent. Unavailable
  // ("pii.key_file") when it cannot be read or written.
  static Result<PiiCipher> LoadOrCreate(const std::string& path);
  // A cipher with a fixed key, for tests.
  static PiiCipher ForTesting(std::string_view seed);

  // nonce ‖ ciphertext; a fresh random nonce each call.
  std::string Encrypt(std::string_view plaintext) const;
  // InvalidArgument("pii.decrypt") when tampered or under another key.
  Result<std::string> Decrypt(std::string_view sealed) const;
  // Hex keyed digest: equal inputs give equal digests under one key.
  std::string LookupHash(std::string_view plaintext) const;

 private:
  PiiCipher(std::string enc_key, std::string mac_key)
      : enc_key_(std::move(enc_key)), mac_key_(std::move(mac_key)) {}
  std::string enc_key_;
  std::string mac_key_;
};

}  // namespace zxkh
