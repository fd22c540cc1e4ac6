#include "common/password.hpp"

#include <sodium.h>

namespace zxkh {
namespace {

void EnsureSodium() {
  static const int ok = sodium_init();
  (void)ok;
}

}  // namespace

Result<std::string> HashPassword(std::string_view password) {
  EnsureSodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(),
                        crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Status::Internal("password.hash", "out of memory while hashing");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view password, std::string_view hash) {
  EnsureSodium();
  const std::string h(hash);  // crypto_pwhash_str_verify wants a C string
  return crypto_pwhash_str_verify(h.c_str(), password.data(),
                                  password.size()) == 0;
}

const std::string& DummyPasswordHash() {
  static const std::string hash =
      HashPassword("zxkh-no-such-user-password").value();
  return hash;
}

}  // namespace zxkh
