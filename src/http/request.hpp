// The request and response shapes every handler sees: plain values, no
// sockets, so that handlers and their tests need no networking.
#pragma once

#include <boost/beast/http/verb.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.hpp"
#include "domain/role.hpp"

namespace zxkh::http {

using Verb = boost::beast::http::verb;

// A parsed request. Header names are stored lower-case.
struct Request {
  Verb method = Verb::get;
  std::string path;                                // percent-decoded, no query
  std::multimap<std::string, std::string> query;   // percent-decoded
  std::map<std::string, std::string> path_params;  // from "{name}" segments
  std::map<std::string, std::string> headers;      // lower-case names
  std::string body;
  // Upload routes (Route::upload_limit_bytes): the spooled body's path.
  std::string body_file;
  // Set when the route declares a request schema and the body passed it.
  std::optional<boost::json::value> json;
  std::string request_id;
  std::string remote_ip;
  // Who is calling, set by the server's access check before the handler
  // runs (PUBLIC when no credentials were required or given).
  domain::Caller caller;

  // Header value or "" (name is matched case-insensitively).
  std::string Header(std::string_view name) const;
  // First value of a query parameter, or nullopt.
  std::optional<std::string> Query(std::string_view name) const;
};

struct Response {
  unsigned status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static Response Json(const boost::json::value& value, unsigned status = 200);
  static Response Text(std::string body, std::string content_type,
                       unsigned status = 200);
  // application/problem+json for a non-OK status (see problem.hpp).
  static Response Problem(const Status& status, std::string_view instance = {});
};

}  // namespace zxkh::http
