// Text encodings of uploaded and exported files.
//
// Offices upload CSV files saved by Excel: on Chinese Windows "CSV (逗号分隔)"
// is written in the ANSI code page 936 (GBK), "CSV UTF-8" with a byte-order
// mark. Everything inside the platform is UTF-8; these functions convert at
// the edge.
#pragma once

#include <string>
#include <string_view>

#include "common/status.hpp"

namespace zxkh::docs {

enum class TextEncoding {
  kUtf8,
  kGbk,  // Decoded as GB18030, the superset of GBK (CP936).
};

// Guesses the encoding of a whole file. Rule: a UTF-8 byte-order mark, or
// bytes that are valid UTF-8 throughout (pure ASCII included), mean UTF-8;
// anything else is GBK. Safe because Chinese text in GBK is almost never
// valid UTF-8: GBK lead bytes 0x81-0xFE are followed by trail bytes that
// rarely form UTF-8 continuation patterns more than a few characters long.
// Thread-safe.
TextEncoding DetectEncoding(std::string_view bytes);

// Converts `bytes` in `encoding` to UTF-8, dropping a leading UTF-8 BOM.
// Invalid or truncated sequences fail with InvalidArgument "file.encoding"
// naming the 0-based byte offset; UTF-16 files (Excel "Unicode 文本") fail
// with the same code and a hint. Thread-safe.
Result<std::string> ToUtf8(std::string_view bytes, TextEncoding encoding);

// Converts UTF-8 to the GBK family for Windows users. Output is GB18030, which
// is byte-identical to GBK for every character GBK has; rare characters
// outside GBK (some names use them) are kept as GB18030 four-byte sequences
// instead of being lost. Invalid UTF-8 fails with "file.encoding".
Result<std::string> Utf8ToGbk(std::string_view utf8);

// True when `bytes` is well-formed UTF-8 (no overlong forms, no surrogates,
// nothing above U+10FFFF). On false, `*error_offset` (if non-null) receives
// the 0-based offset of the first bad byte.
bool IsValidUtf8(std::string_view bytes, size_t* error_offset = nullptr);

}  // namespace zxkh::docs
