// Typed access to query and path parameters, with the same problem+json
// errors everywhere.
#pragma once

#include <string>
#include <string_view>

#include "common/date.hpp"
#include "common/page.hpp"
#include "common/status.hpp"
#include "http/request.hpp"

namespace zxkh::http {

// Query parameter `name` as an integer in [min, max], `fallback` when absent.
// InvalidArgument("request.invalid_query", field = name) otherwise.
Result<int> IntQuery(const Request& req, std::string_view name, int fallback,
                     int min, int max);
// Query parameter `name` as text ("" when absent); at most 100 code points.
Result<std::string> TextQuery(const Request& req, std::string_view name);
// Query parameter `name` as a date; InvalidArgument when absent or malformed.
Result<Date> DateQuery(const Request& req, std::string_view name);
// `page` and `page_size` (1..200, default 20).
Result<PageRequest> PageQuery(const Request& req);
// Path parameter `name` as an integer in [min, max].
Result<int> IntPathParam(const Request& req, std::string_view name, int min,
                         int max);

}  // namespace zxkh::http
