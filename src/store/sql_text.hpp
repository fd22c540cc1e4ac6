// Text helpers for the SQL every repository writes against both backends.
#pragma once

#include <string>
#include <string_view>

namespace zxkh::store {

// `s` with LIKE wildcards (% and _) and the escape character itself escaped
// by a backslash, for `LIKE ? ESCAPE '\'`: what a user types is matched
// literally on SQLite and PostgreSQL alike.
std::string EscapeLike(std::string_view s);

}  // namespace zxkh::store
