// Request bodies reach ParseJsonBody and ValidateJson before any handler:
// arbitrary bytes must give a Status, never a crash or an exception.
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/json_schema.hpp"

namespace {
const boost::json::value kSchema = boost::json::parse(R"({
  "type": "object", "additionalProperties": false, "required": ["code", "days"],
  "properties": {
    "code": {"type": "string", "minLength": 7, "maxLength": 7, "pattern": "ZX0[1-4][0-9]{3}"},
    "n": {"type": "integer", "minimum": 1, "maximum": 366},
    "kind": {"type": "string", "enum": ["off", "work"]},
    "days": {"type": "array", "maxItems": 5, "items": {"type": "object",
      "properties": {"date": {"type": "string", "format": "date"}}}}
  }})");
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto parsed = zxkh::http::ParseJsonBody(body);
  if (parsed.ok()) (void)zxkh::http::ValidateJson(kSchema, *parsed);
  return 0;
}
