// Request-body validation against the JSON Schema subset our routes declare,
// so that handlers only ever see bodies of the declared shape and every
// client gets the same precise Chinese error for the same mistake.
//
// Supported keywords: type (a name or a list of names: object, string,
// integer, number, boolean, array, null), properties, required,
// additionalProperties (false or a schema), enum, minLength/maxLength
// (Unicode code points), pattern (ECMAScript, must match the whole string),
// minimum/maximum, items, minItems/maxItems, format "date" (YYYY-MM-DD).
// Other keywords (title, description, …) are annotations and ignored.
// "integer" means a JSON number written without fraction or exponent, so that
// handlers may read it with as_int64()/as_uint64().
#pragma once

#include <boost/json/value.hpp>
#include <string_view>

#include "common/status.hpp"

namespace zxkh::http {

// OK when `instance` satisfies `schema`; otherwise InvalidArgument for the
// first violation found, with field = its JSON path ("name",
// "items[2].code"; empty for the body itself) and code
// "request.wrong_type" | "request.missing_field" | "request.unknown_field" |
// "request.invalid_field". A malformed schema (bad pattern) is Internal
// "request.schema_invalid": a bug in the route table, not in the request.
Status ValidateJson(const boost::json::value& schema,
                    const boost::json::value& instance);

// Any JSON text (scalars included), or InvalidArgument
// "request.malformed_json" saying where parsing stopped and why.
Result<boost::json::value> ParseJsonBody(std::string_view body);

}  // namespace zxkh::http
