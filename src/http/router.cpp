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

// Whether `pattern` matches `path`; on success `specificity` has one bit per
// segment, most significant first, set for literal segments, so that a
// larger number means "literal earlier" and wins.
bool PathMatches(std::string_view pattern, std::string_view path,
                 std::uint64_t& specificity) {
  SegmentCursor pat(pattern);
  SegmentCursor in(path);
  std::string_view p;
  std::string_view s;
  specificity = 0;
  int position = 0;
  while (pat.Next(p)) {
    if (!in.Next(s)) return false;
    const bool literal = !IsParam(p);
    if (literal ? p != s : s.empty()) return false;
    // Paths deeper than 64 segments do not occur; their tail only loses the
    // tie-break, not the match.
    if (position < 64) {
      specificity |= static_cast<std::uint64_t>(literal) << (63 - position);
    }
    ++position;
  }
  return !in.Next(s);
}

bool MethodMatches(Verb route_method, Verb method) {
  return route_method == method ||
         (method == Verb::head && route_method == Verb::get);
}

}  // namespace

RouteMatch Router::Match(Verb method, std::string_view path) const {
  RouteMatch result;
  if (path.empty() || path.front() != '/') return result;

  const Route* best = nullptr;
  std::uint64_t best_specificity = 0;
  bool path_seen = false;
  for (const Route& route : routes_) {
    std::uint64_t specificity = 0;
    if (!PathMatches(route.pattern, path, specificity)) continue;
    path_seen = true;
    if (!MethodMatches(route.method, method)) continue;
    // A route for the method wins over a more literal one that lacks it: the
    // client asked for that method, and the param route can serve it.
    if (best == nullptr || specificity > best_specificity) {
      best = &route;
      best_specificity = specificity;
    }
  }

  if (best != nullptr) {
    result.kind = RouteMatch::Kind::kFound;
    result.route = best;
    SegmentCursor pat(best->pattern);
    SegmentCursor in(path);
    std::string_view p;
    std::string_view s;
    while (pat.Next(p) && in.Next(s)) {
      if (IsParam(p)) {
        result.path_params.emplace(std::string(p.substr(1, p.size() - 2)),
                                   std::string(s));
      }
    }
    return result;
  }
  if (!path_seen) return result;

  result.kind = RouteMatch::Kind::kMethodNotAllowed;
  for (const Route& route : routes_) {
    std::uint64_t specificity = 0;
    if (!PathMatches(route.pattern, path, specificity)) continue;
    result.allowed.push_back(route.method);
    if (route.method == Verb::get) result.allowed.push_back(Verb::head);
  }
  std::sort(result.allowed.begin(), result.allowed.end());
  result.allowed.erase(
      std::unique(result.allowed.begin(), result.allowed.end()),
      result.allowed.end());
  return result;
}

}  // namespace zxkh::http
