// Small JSON helpers shared by the handlers.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "common/page.hpp"

namespace zxkh::http {

// `s` or JSON null.
inline boost::json::value OptionalJson(const std::optional<std::string>& s) {
  return s ? boost::json::value(*s) : boost::json::value(nullptr);
}

// The string member `key` of a schema-validated object, "" when absent.
inline std::string StringField(const boost::json::object& o,
                               std::string_view key) {
  auto it = o.find(key);
  return it == o.end() ? std::string() : std::string(it->value().as_string());
}

// The string member `key`, nullopt when absent.
inline std::optional<std::string> OptionalStringField(
    const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end()) return std::nullopt;
  return std::string(it->value().as_string());
}

// {"items":[…], "total", "page", "page_size"} — every list endpoint's shape.
template <typename T, typename ToJson>
boost::json::value PageJson(const Page<T>& page, ToJson to_json) {
  boost::json::array items;
  items.reserve(page.items.size());
  for (const T& item : page.items) items.push_back(to_json(item));
  return boost::json::object{{"items", std::move(items)},
                             {"total", page.total},
                             {"page", page.page},
                             {"page_size", page.page_size}};
}

}  // namespace zxkh::http
