// The SQL migrations compiled into the binary (see migrations/embed.cmake).
#pragma once

#include <span>
#include <string_view>

namespace zxkh::store {

struct Migration {
  int version;            // from the file name's number; strictly increasing
  std::string_view name;  // the file name's description
  std::string_view sql;   // with dialect tokens, see migrate.hpp
};

// All migrations in version order. Static storage; never empty.
std::span<const Migration> EmbeddedMigrations();

}  // namespace zxkh::store
