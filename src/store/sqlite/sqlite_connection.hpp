// SQLite driver for the store contract (store/db.hpp).
#pragma once

#include <memory>
#include <string>

#include "store/db.hpp"

namespace zxkh::store {

// Opens (creating if absent) the database file at `path` with WAL,
// foreign_keys=ON, a 5 s busy timeout and synchronous=NORMAL. Unavailable
// ("store.open") when the file cannot be opened.
Result<std::unique_ptr<Connection>> OpenSqliteConnection(
    const std::string& path);

}  // namespace zxkh::store
