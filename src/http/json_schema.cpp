#include "http/json_schema.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/stream_parser.hpp>
#include <charconv>
#include <regex>
#include <string>
#include <unordered_map>

#include "common/date.hpp"
#include "common/text.hpp"

namespace zxkh::http {
namespace json = boost::json;
namespace {

// How a path starts a message: "字段 items[2].code " (the trailing space
// separates the Latin path from the Chinese that follows), or "请求体" for
// the body itself.
std::string Label(const std::string& path) {
  return path.empty() ? "请求体" : "字段 " + path + " ";
}

std::string Child(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string Item(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

Status SchemaBug(std::string_view what) {
  return Status::Internal("request.schema_invalid",
                          "接口的请求结构定义有误：" + std::string(what));
}

// Numbers as people write them: 16, 16.5, 0.1 (boost's serializer would
// print doubles in exponent form).
std::string NumberText(const json::value& v) {
  if (v.is_int64()) return std::to_string(v.get_int64());
  if (v.is_uint64()) return std::to_string(v.get_uint64());
  if (v.is_double()) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v.get_double());
    return std::string(buf, r.ptr);
  }
  return json::serialize(v);
}

std::string ValueText(const json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  return NumberText(v);
}

// long double holds every int64/uint64 exactly, so integer bounds compare
// without rounding.
long double AsLongDouble(const json::value& v) {
  if (v.is_int64()) return static_cast<long double>(v.get_int64());
  if (v.is_uint64()) return static_cast<long double>(v.get_uint64());
  return static_cast<long double>(v.get_double());
}

bool IsNumber(const json::value& v) {
  return v.is_int64() || v.is_uint64() || v.is_double();
}

bool HasType(const json::value& v, std::string_view type) {
  if (type == "object") return v.is_object();
  if (type == "string") return v.is_string();
  if (type == "integer") return v.is_int64() || v.is_uint64();
  if (type == "number") return IsNumber(v);
  if (type == "boolean") return v.is_bool();
  if (type == "array") return v.is_array();
  if (type == "null") return v.is_null();
  return false;
}

std::string TypeName(std::string_view type) {
  if (type == "object") return "对象";
  if (type == "string") return "字符串";
  if (type == "integer") return "整数";
  if (type == "number") return "数字";
  if (type == "boolean") return "布尔值";
  return "数组";  // the only other type, "null", is spelt by CheckType
}

bool IsKnownType(std::string_view type) {
  return type == "object" || type == "string" || type == "integer" ||
         type == "number" || type == "boolean" || type == "array" ||
         type == "null";
}

Status CheckType(const json::value& type, const json::value& instance,
                 const std::string& path) {
  // "应为字符串或 null": Chinese names join directly, "null" gets spaces.
  std::string expected;
  const auto consider = [&](const json::value& t) -> Result<bool> {
    if (!t.is_string() || !IsKnownType(t.get_string())) {
      return SchemaBug("type 取值无效：" + json::serialize(t));
    }
    const bool is_null = t.get_string() == "null";
    if (!expected.empty())
      expected += expected.ends_with("null") ? " 或" : "或";
    expected += is_null ? " null" : TypeName(t.get_string());
    return HasType(instance, t.get_string());
  };
  bool matched = false;
  if (type.is_array()) {
    for (const json::value& t : type.get_array()) {
      ZXKH_ASSIGN_OR_RETURN(const bool m, consider(t));
      matched = matched || m;
    }
  } else {
    ZXKH_ASSIGN_OR_RETURN(matched, consider(type));
  }
  if (matched) return Status::Ok();
  return Status::InvalidArgument("request.wrong_type",
                                 Label(path) + "应为" + expected, path);
}

const std::regex* CompiledPattern(const std::string& pattern) {
  // Schemas are a fixed set of route constants, so the cache stays small;
  // per-thread caches need no locking.
  thread_local std::unordered_map<std::string, std::regex> cache;
  auto it = cache.find(pattern);
  if (it == cache.end()) {
    try {
      it = cache.emplace(pattern, std::regex(pattern, std::regex::ECMAScript))
               .first;
    } catch (const std::regex_error&) {
      return nullptr;
    }
  }
  return &it->second;
}

Status Invalid(const std::string& path, std::string message) {
  return Status::InvalidArgument("request.invalid_field", std::move(message),
                                 path);
}

Status CheckString(const json::object& schema, const json::string& s,
                   const std::string& path) {
  if (!IsValidUtf8(s)) {
    return Invalid(path, Label(path) + "含有无效的 UTF-8 字符");
  }
  const std::size_t length = Utf8Length(s);
  if (const json::value* min = schema.if_contains("minLength")) {
    if (!IsNumber(*min)) return SchemaBug("minLength 应为数字");
    if (length < AsLongDouble(*min)) {
      return Invalid(path, Label(path) + "的长度应至少为 " + NumberText(*min) +
                               " 个字符，实际为 " + std::to_string(length) +
                               " 个");
    }
  }
  if (const json::value* max = schema.if_contains("maxLength")) {
    if (!IsNumber(*max)) return SchemaBug("maxLength 应为数字");
    if (length > AsLongDouble(*max)) {
      return Invalid(path, Label(path) + "的长度应不超过 " + NumberText(*max) +
                               " 个字符，实际为 " + std::to_string(length) +
                               " 个");
    }
  }
  if (const json::value* pattern = schema.if_contains("pattern")) {
    if (!pattern->is_string()) return SchemaBug("pattern 应为字符串");
    const std::string p(pattern->get_string());
    const std::regex* re = CompiledPattern(p);
    if (re == nullptr) return SchemaBug("pattern 不是合法的正则表达式：" + p);
    if (!std::regex_match(s.begin(), s.end(), *re)) {
      // A schema's description ("项目代码，例如 ZX01001") tells people more
      // than the regular expression does.
      const json::value* description = schema.if_contains("description");
      return Invalid(
          path, Label(path) + "的格式不正确" +
                    (description && description->is_string()
                         ? "，应为" + std::string(description->get_string())
                         : "，应匹配 " + p));
    }
  }
  if (const json::value* format = schema.if_contains("format")) {
    if (format->is_string() && format->get_string() == "date" &&
        !Date::Parse(s).ok()) {
      return Invalid(path, Label(path) +
                               "应为 YYYY-MM-DD 格式的有效日期，实际为 " +
                               std::string(s));
    }
  }
  return Status::Ok();
}

Status CheckNumber(const json::object& schema, const json::value& v,
                   const std::string& path) {
  if (const json::value* min = schema.if_contains("minimum")) {
    if (!IsNumber(*min)) return SchemaBug("minimum 应为数字");
    if (AsLongDouble(v) < AsLongDouble(*min)) {
      return Invalid(path, Label(path) + "应不小于 " + NumberText(*min) +
                               "，实际为 " + NumberText(v));
    }
  }
  if (const json::value* max = schema.if_contains("maximum")) {
    if (!IsNumber(*max)) return SchemaBug("maximum 应为数字");
    if (AsLongDouble(v) > AsLongDouble(*max)) {
      return Invalid(path, Label(path) + "应不大于 " + NumberText(*max) +
                               "，实际为 " + NumberText(v));
    }
  }
  return Status::Ok();
}

Status Validate(const json::value& schema_value, const json::value& instance,
                const std::string& path);

Status CheckObject(const json::object& schema, const json::object& object,
                   const std::string& path) {
  const json::object* properties = nullptr;
  if (const json::value* p = schema.if_contains("properties")) {
    if (!p->is_object()) return SchemaBug("properties 应为对象");
    properties = &p->get_object();
  }
  const json::value* additional = schema.if_contains("additionalProperties");
  // Unknown fields first: a misspelt field is both unknown and "missing",
  // and the spelling is what the client has to fix.
  for (const json::key_value_pair& member : object) {
    if (properties != nullptr && properties->contains(member.key())) continue;
    if (additional == nullptr) continue;
    const std::string child = Child(path, member.key());
    if (additional->is_bool()) {
      if (!additional->get_bool()) {
        return Status::InvalidArgument("request.unknown_field",
                                       "不支持的字段：" + child, child);
      }
    } else {
      ZXKH_RETURN_IF_ERROR(Validate(*additional, member.value(), child));
    }
  }
  if (const json::value* required = schema.if_contains("required")) {
    if (!required->is_array()) return SchemaBug("required 应为数组");
    for (const json::value& name : required->get_array()) {
      if (!name.is_string()) return SchemaBug("required 的元素应为字符串");
      if (!object.contains(name.get_string())) {
        const std::string child = Child(path, name.get_string());
        return Status::InvalidArgument("request.missing_field",
                                       "缺少必填字段：" + child, child);
      }
    }
  }
  if (properties != nullptr) {
    for (const json::key_value_pair& member : object) {
      if (const json::value* sub = properties->if_contains(member.key())) {
        ZXKH_RETURN_IF_ERROR(
            Validate(*sub, member.value(), Child(path, member.key())));
      }
    }
  }
  return Status::Ok();
}

Status CheckArray(const json::object& schema, const json::array& array,
                  const std::string& path) {
  if (const json::value* min = schema.if_contains("minItems")) {
    if (!IsNumber(*min)) return SchemaBug("minItems 应为数字");
    if (array.size() < AsLongDouble(*min)) {
      return Invalid(path, Label(path) + "应至少有 " + NumberText(*min) +
                               " 项，实际为 " + std::to_string(array.size()) +
                               " 项");
    }
  }
  if (const json::value* max = schema.if_contains("maxItems")) {
    if (!IsNumber(*max)) return SchemaBug("maxItems 应为数字");
    if (array.size() > AsLongDouble(*max)) {
      return Invalid(path, Label(path) + "最多只能有 " + NumberText(*max) +
                               " 项，实际为 " + std::to_string(array.size()) +
                               " 项");
    }
  }
  if (const json::value* items = schema.if_contains("items")) {
    for (std::size_t i = 0; i < array.size(); ++i) {
      ZXKH_RETURN_IF_ERROR(Validate(*items, array[i], Item(path, i)));
    }
  }
  return Status::Ok();
}

Status CheckEnum(const json::value& allowed, const json::value& instance,
                 const std::string& path) {
  if (!allowed.is_array()) return SchemaBug("enum 应为数组");
  std::string listed;
  for (const json::value& a : allowed.get_array()) {
    if (a == instance) return Status::Ok();
    listed += (listed.empty() ? "" : "、") + ValueText(a);
  }
  return Invalid(path, Label(path) + "的取值应为 " + listed + " 之一");
}

Status Validate(const json::value& schema_value, const json::value& instance,
                const std::string& path) {
  if (!schema_value.is_object()) return SchemaBug("schema 应为对象");
  const json::object& schema = schema_value.get_object();
  if (const json::value* type = schema.if_contains("type")) {
    ZXKH_RETURN_IF_ERROR(CheckType(*type, instance, path));
  }
  if (const json::value* allowed = schema.if_contains("enum")) {
    ZXKH_RETURN_IF_ERROR(CheckEnum(*allowed, instance, path));
  }
  if (instance.is_string()) {
    return CheckString(schema, instance.get_string(), path);
  }
  if (IsNumber(instance)) return CheckNumber(schema, instance, path);
  if (instance.is_object()) {
    return CheckObject(schema, instance.get_object(), path);
  }
  if (instance.is_array()) {
    return CheckArray(schema, instance.get_array(), path);
  }
  return Status::Ok();
}

std::string ParseErrorText(const boost::system::error_code& ec) {
  if (ec == json::error::syntax) return "语法错误";
  if (ec == json::error::incomplete) return "内容不完整";
  if (ec == json::error::extra_data) return "出现多余内容";
  if (ec == json::error::too_deep) return "嵌套层数过多";
  if (ec == json::error::exponent_overflow) return "数字的指数过大";
  if (ec == json::error::illegal_leading_surrogate ||
      ec == json::error::illegal_trailing_surrogate ||
      ec == json::error::expected_hex_digit ||
      ec == json::error::expected_utf16_escape) {
    return "字符串中的 \\u 转义无效";
  }
  if (ec == json::error::object_too_large ||
      ec == json::error::array_too_large || ec == json::error::key_too_large ||
      ec == json::error::string_too_large) {
    return "内容过大";
  }
  return "格式错误（" + ec.message() + "）";
}

}  // namespace

Status ValidateJson(const json::value& schema, const json::value& instance) {
  return Validate(schema, instance, std::string());
}

Result<json::value> ParseJsonBody(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Status::InvalidArgument("request.malformed_json",
                                   "请求体不是合法的 JSON：内容为空");
  }
  json::stream_parser parser;
  boost::system::error_code ec;
  const std::size_t consumed = parser.write(body.data(), body.size(), ec);
  if (ec) {
    return Status::InvalidArgument("request.malformed_json",
                                   "请求体不是合法的 JSON：第 " +
                                       std::to_string(consumed + 1) +
                                       " 个字节附近" + ParseErrorText(ec));
  }
  parser.finish(ec);
  if (ec) {
    return Status::InvalidArgument(
        "request.malformed_json",
        "请求体不是合法的 JSON：" + ParseErrorText(ec) + "，在末尾意外结束");
  }
  return parser.release();
}

}  // namespace zxkh::http
