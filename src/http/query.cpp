#include "http/query.hpp"

#include <charconv>

#include "common/text.hpp"

namespace zxkh::http {
namespace {

Result<int> ParseBoundedInt(std::string_view text, std::string_view name,
                            int min, int max, std::string_view code) {
  int value = 0;
  auto [ptr, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < min ||
      value > max) {
    return Status::InvalidArgument(std::string(code),
                                   "参数 " + std::string(name) + " 应为 " +
                                       std::to_string(min) + " 至 " +
                                       std::to_string(max) + " 之间的整数",
                                   std::string(name));
  }
  return value;
}

}  // namespace

Result<int> IntQuery(const Request& req, std::string_view name, int fallback,
                     int min, int max) {
  auto v = req.Query(name);
  if (!v) return fallback;
  return ParseBoundedInt(*v, name, min, max, "request.invalid_query");
}

Result<std::string> TextQuery(const Request& req, std::string_view name) {
  auto v = req.Query(name);
  if (!v) return std::string();
  if (!IsValidUtf8(*v) || Utf8Length(*v) > 100) {
    return Status::InvalidArgument(
        "request.invalid_query",
        "参数 " + std::string(name) + " 过长或编码无效", std::string(name));
  }
  return std::string(TrimSpace(*v));
}

Result<Date> DateQuery(const Request& req, std::string_view name) {
  auto v = req.Query(name);
  if (!v) {
    return Status::InvalidArgument("request.invalid_query",
                                   "缺少参数 " + std::string(name),
                                   std::string(name));
  }
  auto d = Date::Parse(*v);
  if (!d.ok()) {
    return Status::InvalidArgument("request.invalid_query",
                                   d.status().message(), std::string(name));
  }
  return d;
}

Result<PageRequest> PageQuery(const Request& req) {
  PageRequest p;
  ZXKH_ASSIGN_OR_RETURN(p.page, IntQuery(req, "page", 1, 1, 1000000));
  ZXKH_ASSIGN_OR_RETURN(p.page_size, IntQuery(req, "page_size", 20, 1,
                                              PageRequest::kMaxPageSize));
  return p;
}

Result<int> IntPathParam(const Request& req, std::string_view name, int min,
                         int max) {
  auto it = req.path_params.find(std::string(name));
  std::string_view text = it == req.path_params.end() ? "" : it->second;
  return ParseBoundedInt(text, name, min, max, "request.invalid_path");
}

}  // namespace zxkh::http
