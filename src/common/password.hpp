// Password hashing: argon2id (libsodium's crypto_pwhash_str), interactive
// limits — about 0.1 s and 64 MiB per hash on the 2-core machine, which is
// what a login may cost and what makes offline guessing expensive.
#pragma once

#include <string>
#include <string_view>

#include "common/status.hpp"

namespace zxkh {

// The argon2id string ("$argon2id$v=19$m=…") for `password`.
// Internal("password.hash") only when out of memory.
Result<std::string> HashPassword(std::string_view password);

// Whether `password` matches `hash` (constant time in the password).
bool VerifyPassword(std::string_view password, std::string_view hash);

// A hash that never matches, computed once: login runs the same argon2id
// work for an unknown user name as for a known one, so response times do
// not reveal which user names exist.
const std::string& DummyPasswordHash();

}  // namespace zxkh
