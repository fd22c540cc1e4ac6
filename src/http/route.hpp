// The route table: every endpoint is one Route value with its access policy,
// documentation and handler. The server, the OpenAPI document and the
// authorization tests are all derived from this one table.
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"

namespace zxkh::http {

// Who may call a route. Until the identity issue lands, administration is
// protected by the admin token from the configuration (Bearer token).
enum class Access {
  kPublic,  // anyone, no login
  kAdmin,   // "Authorization: Bearer <admin token>"
};

struct QueryParam {
  std::string name;
  std::string type;  // "string" | "integer" | "boolean"
  std::string description;
};

using Handler = std::function<Response(const Request&)>;

struct Route {
  Verb method = Verb::get;
  // Literal segments and "{name}" segments, e.g.
  // "/api/catalog/projects/{code}".
  std::string pattern;
  Access access = Access::kPublic;
  std::string tag;      // OpenAPI tag, e.g. "catalog"
  std::string summary;  // Chinese one-liner for the OpenAPI document
  std::vector<QueryParam> query_params;
  // JSON Schema (subset, see json_schema.hpp) of the body; when set, the
  // server rejects a body that fails it before calling the handler, and
  // Request::json holds the parsed value.
  std::optional<boost::json::value> request_schema;
  // True when the handler may block (store calls): it then runs on the worker
  // pool instead of the I/O thread.
  bool blocking = true;
  Handler handler;
};

struct RouteMatch {
  enum class Kind { kFound, kNoSuchPath, kMethodNotAllowed };
  Kind kind = Kind::kNoSuchPath;
  const Route* route = nullptr;  // set when kFound; points into the Router
  std::map<std::string, std::string> path_params;
  std::vector<Verb> allowed;  // set when kMethodNotAllowed (for "Allow")
};

// Immutable after construction; safe to share between threads.
class Router {
 public:
  explicit Router(std::vector<Route> routes) : routes_(std::move(routes)) {}

  // The route for method+path. Literal segments win over "{name}" segments
  // at the same position. HEAD matches GET routes.
  RouteMatch Match(Verb method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace zxkh::http
