// Parsing an instant written in ISO 8601 / RFC 3339, for the test-only
// `--fake-clock` flag and POST /api/test/clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace zxkh {

// "YYYY-MM-DDTHH:MM[:SS[.fff…]]" followed by "Z" or "±HH:MM" (an offset is
// required: an instant without one is ambiguous). Returns milliseconds since
// 1970-01-01T00:00:00Z, or nullopt when the text is not such an instant.
std::optional<int64_t> ParseIsoInstant(std::string_view text);

}  // namespace zxkh
