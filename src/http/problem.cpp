#include "http/problem.hpp"

#include <string>

namespace zxkh::http {

unsigned HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
      return 409;
    case StatusCode::kFailedPrecondition:
      return 409;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kPayloadTooLarge:
      return 413;
    case StatusCode::kResourceExhausted:
      return 429;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

boost::json::object ProblemBody(const Status& status,
                                std::string_view instance) {
  boost::json::object o;
  const bool internal = status.status_code() == StatusCode::kInternal;
  const std::string code = internal ? "internal" : status.code();
  o["type"] = "urn:zxkh:problem:" + code;
  o["title"] =
      internal ? "服务器内部错误，请稍后重试或联系管理员" : status.message();
  o["status"] = HttpStatusFor(status.status_code());
  o["code"] = code;
  if (!status.field().empty()) o["field"] = status.field();
  if (!instance.empty()) o["instance"] = std::string(instance);
  return o;
}

}  // namespace zxkh::http
