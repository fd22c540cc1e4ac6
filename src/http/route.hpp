// The route table: every endpoint is one Route value with its access policy,
// documentation and handler. The server, the OpenAPI document and the
// authorization tests are all derived from this one table.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/rate_limit.hpp"
#include "http/request.hpp"

namespace zxkh::http {

// Who may call a route. Every route declares one; the authorization matrix
// test (tests/http/authz_matrix_test.cpp) calls every route as every role.
struct Policy {
  enum class Kind {
    kPublic,   // anyone, no login; state-changing public routes need no CSRF
    kSession,  // a logged-in account with one of `roles`
  };
  Kind kind = Kind::kPublic;
  // kSession: the roles allowed; empty means any logged-in account.
  std::vector<domain::Role> roles;
  // kSession: reachable while the account must change its password (me,
  // logout, change password). Every other route answers 403 then.
  bool during_forced_password_change = false;

  static Policy Public() { return {}; }
  static Policy AnyAccount() { return {Kind::kSession, {}, false}; }
  static Policy Roles(std::vector<domain::Role> roles) {
    return {Kind::kSession, std::move(roles), false};
  }
  // Whether `role` passes this policy (PUBLIC passes only public routes).
  bool Allows(domain::Role role) const {
    if (kind == Kind::kPublic) return true;
    if (role == domain::Role::kPublic) return false;
    if (roles.empty()) return true;
    for (domain::Role r : roles) {
      if (r == role) return true;
    }
    return false;
  }
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
  Policy policy;
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
  // File uploads: when > 0, the body (up to this many bytes, instead of the
  // server's JSON limit) is streamed to a temporary file named in
  // Request::body_file, never held in memory; the handler must consume
  // (move) or leave it — the server deletes what is left after the answer.
  std::size_t upload_limit_bytes = 0;
  // Requests per client address (see ServerOptions::trusted_proxies); over
  // it the server answers 429 "http.rate_limited" with Retry-After.
  RateLimit rate_limit;
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
  explicit Router(std::vector<Route> routes);
  // Holds pointers into its own routes.
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // The route for method+path. Literal segments win over "{name}" segments
  // at the same position. HEAD matches GET routes.
  RouteMatch Match(Verb method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  // A route's pattern split once into segments ("{…}" ones are parameters),
  // so matching a request splits only its path, once.
  struct Segment {
    std::string_view text;  // the literal, or the parameter's name
    bool param = false;
  };
  struct Compiled {
    const Route* route = nullptr;
    std::vector<Segment> segments;
    std::uint64_t specificity = 0;  // one bit per literal, first = highest
  };

  std::vector<Route> routes_;
  // By segment count: a path is compared only with patterns as deep.
  std::vector<std::vector<Compiled>> by_depth_;
};

}  // namespace zxkh::http
