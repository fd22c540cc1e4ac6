#include <algorithm>
#include <cstdint>

#include "http/route.hpp"

namespace zxkh::http {
namespace {

// Walks "/a/b/c" one segment at a time without allocating. The leading '/'
// is skipped, so "/" is one empty segment and "/a/" ends in an empty one.
class SegmentCursor {
 public:
  explicit SegmentCursor(std::string_view path)
      : rest_(path.substr(path.empty() ? 0 : 1)) {}

  // False once every segment was returned.
  bool Next(std::string_view& segment) {
    if (done_) return false;
    const std::size_t slash = rest_.find('/');
    if (slash == std::string_view::npos) {
      segment = rest_;
      done_ = true;
    } else {
      segment = rest_.substr(0, slash);
      rest_.remove_prefix(slash + 1);
    }
    return true;
  }

 private:
  std::string_view rest_;
  bool done_ = false;
};

bool IsParam(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

// Paths deeper than this are not routed (no route is that deep).
constexpr std::size_t kMaxDepth = 64;

bool MethodMatches(Verb route_method, Verb method) {
  return route_method == method ||
         (method == Verb::head && route_method == Verb::get);
}

}  // namespace

Router::Router(std::vector<Route> routes) : routes_(std::move(routes)) {
  for (const Route& route : routes_) {
    Compiled c;
    c.route = &route;
    SegmentCursor cursor(route.pattern);
    std::string_view segment;
    while (cursor.Next(segment)) {
      const bool param = IsParam(segment);
      if (!param && c.segments.size() < kMaxDepth) {
        c.specificity |= std::uint64_t{1} << (63 - c.segments.size());
      }
      c.segments.push_back(
          {param ? segment.substr(1, segment.size() - 2) : segment, param});
    }
    const std::size_t depth = c.segments.size();
    if (depth > kMaxDepth) continue;
    if (by_depth_.size() <= depth) by_depth_.resize(depth + 1);
    by_depth_[depth].push_back(std::move(c));
  }
}

RouteMatch Router::Match(Verb method, std::string_view path) const {
  RouteMatch result;
  if (path.empty() || path.front() != '/') return result;

  std::string_view segments[kMaxDepth];
  std::size_t depth = 0;
  SegmentCursor cursor(path);
  std::string_view segment;
  while (cursor.Next(segment)) {
    if (depth == kMaxDepth) return result;
    segments[depth++] = segment;
  }
  if (depth >= by_depth_.size()) return result;

  auto matches = [&](const Compiled& c) {
    for (std::size_t i = 0; i < depth; ++i) {
      const Segment& p = c.segments[i];
      if (p.param ? segments[i].empty() : p.text != segments[i]) return false;
    }
    return true;
  };

  const Compiled* best = nullptr;
  bool path_seen = false;
  for (const Compiled& c : by_depth_[depth]) {
    if (!matches(c)) continue;
    path_seen = true;
    if (!MethodMatches(c.route->method, method)) continue;
    // A route for the method wins over a more literal one that lacks it: the
    // client asked for that method, and the param route can serve it.
    if (best == nullptr || c.specificity > best->specificity) best = &c;
  }

  if (best != nullptr) {
    result.kind = RouteMatch::Kind::kFound;
    result.route = best->route;
    for (std::size_t i = 0; i < depth; ++i) {
      if (best->segments[i].param) {
        result.path_params.emplace(std::string(best->segments[i].text),
                                   std::string(segments[i]));
      }
    }
    return result;
  }
  if (!path_seen) return result;

  result.kind = RouteMatch::Kind::kMethodNotAllowed;
  for (const Compiled& c : by_depth_[depth]) {
    if (!matches(c)) continue;
    result.allowed.push_back(c.route->method);
    if (c.route->method == Verb::get) result.allowed.push_back(Verb::head);
  }
  std::sort(result.allowed.begin(), result.allowed.end());
  result.allowed.erase(
      std::unique(result.allowed.begin(), result.allowed.end()),
      result.allowed.end());
  return result;
}

}  // namespace zxkh::http
