// The one place where a Status becomes an HTTP answer (RFC 7807).
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

#include "common/status.hpp"

namespace zxkh::http {

// HTTP status for a StatusCode: InvalidArgument 400, NotFound 404,
// AlreadyExists/FailedPrecondition 409, Unauthenticated 401,
// PermissionDenied 403, PayloadTooLarge 413, ResourceExhausted 429,
// Unavailable 503, Internal 500.
unsigned HttpStatusFor(StatusCode code);

// {"type","title","status","code","detail"?,"field"?,"instance"?}. `title` is
// the status's Chinese message; internal errors never leak details.
boost::json::object ProblemBody(const Status& status,
                                std::string_view instance = {});

}  // namespace zxkh::http
