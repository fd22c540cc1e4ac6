// PostgreSQL driver (libpq) for the store contract (store/db.hpp).
#pragma once

#include <memory>
#include <string>

#include "store/db.hpp"

namespace zxkh::store {

// Connects with a libpq URL ("postgresql://user@host:port/db"). Unavailable
// ("store.open") when the server cannot be reached.
Result<std::unique_ptr<Connection>> OpenPgConnection(const std::string& url);

// Rewrites `?` placeholders outside quoted strings to $1, $2, … .
std::string RewritePlaceholders(std::string_view sql);

}  // namespace zxkh::store
