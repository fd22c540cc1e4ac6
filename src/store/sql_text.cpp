#include "store/sql_text.hpp"

namespace zxkh::store {

std::string EscapeLike(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace zxkh::store
