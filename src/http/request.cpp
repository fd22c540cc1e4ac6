#include "http/request.hpp"

#include <boost/json/serialize.hpp>

#include "http/problem.hpp"

namespace zxkh::http {

std::string Request::Header(std::string_view name) const {
  std::string key(name);
  for (char& c : key) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  auto it = headers.find(key);
  return it == headers.end() ? std::string() : it->second;
}

std::optional<std::string> Request::Query(std::string_view name) const {
  // lower_bound, not find: equal keys keep arrival order, and "first" means
  // the first one the client sent.
  auto it = query.lower_bound(std::string(name));
  if (it == query.end() || it->first != name) return std::nullopt;
  return it->second;
}

Response Response::Json(const boost::json::value& value, unsigned status) {
  Response r;
  r.status = status;
  r.body = boost::json::serialize(value);
  return r;
}

Response Response::Text(std::string body, std::string content_type,
                        unsigned status) {
  Response r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  return r;
}

Response Response::Problem(const Status& status, std::string_view instance) {
  Response r;
  r.status = HttpStatusFor(status.status_code());
  r.content_type = "application/problem+json; charset=utf-8";
  r.body = boost::json::serialize(ProblemBody(status, instance));
  return r;
}

}  // namespace zxkh::http
