// The OpenAPI 3.0.3 document of the API, derived from the route table so
// that it cannot drift from what the server actually serves.
#pragma once

#include <boost/json/object.hpp>
#include <string_view>
#include <vector>

#include "http/route.hpp"

namespace zxkh::http {

// The OpenAPI document for `routes`: one path item per pattern ("{name}"
// segments become required string path parameters), one operation per
// method with summary, tags, a deterministic unique operationId, query
// parameters, the request schema as an application/json body, bearer
// security for Access::kAdmin, and a 200 plus a default Problem response.
// Routes whose verb OpenAPI cannot express (e.g. CONNECT) are left out; a
// repeated method+pattern keeps the first route, as matching would.
boost::json::object BuildOpenApi(const std::vector<Route>& routes,
                                 std::string_view version);

}  // namespace zxkh::http
