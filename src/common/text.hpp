// Small UTF-8 text helpers shared by validation code.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace zxkh {

// `s` without leading/trailing ASCII whitespace and U+3000 (全角空格).
std::string_view TrimSpace(std::string_view s);
// Number of code points in valid UTF-8 (bytes that are not continuation bytes).
std::size_t Utf8Length(std::string_view s);
// True when `s` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view s);
// ASCII upper-casing; other bytes unchanged.
std::string AsciiUpper(std::string_view s);

}  // namespace zxkh
