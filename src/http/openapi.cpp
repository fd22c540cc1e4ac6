#include "http/openapi.hpp"

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <set>
#include <string>

namespace zxkh::http {
namespace json = boost::json;
namespace {

// OpenAPI 3.0 operation keys; any other verb has no place in the document.
std::optional<std::string> OperationKey(Verb verb) {
  switch (verb) {
    case Verb::get:
      return "get";
    case Verb::put:
      return "put";
    case Verb::post:
      return "post";
    case Verb::delete_:
      return "delete";
    case Verb::options:
      return "options";
    case Verb::head:
      return "head";
    case Verb::patch:
      return "patch";
    case Verb::trace:
      return "trace";
    default:
      return std::nullopt;
  }
}

std::vector<std::string> PathParamNames(std::string_view pattern) {
  std::vector<std::string> names;
  std::size_t pos = 0;
  while (pos < pattern.size()) {
    std::size_t end = pattern.find('/', pos);
    if (end == std::string_view::npos) end = pattern.size();
    const std::string_view segment = pattern.substr(pos, end - pos);
    if (segment.size() >= 2 && segment.front() == '{' &&
        segment.back() == '}') {
      names.emplace_back(segment.substr(1, segment.size() - 2));
    }
    pos = end + 1;
  }
  return names;
}

// "get" + "/api/catalog/projects/{code}" → "get_api_catalog_projects_by_code".
// "by_" keeps "/x/{id}" and "/x/id" apart.
std::string OperationId(std::string_view method, std::string_view pattern) {
  std::string id(method);
  bool separator = true;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                       (c >= '0' && c <= '9');
    if (alnum) {
      if (separator) id += '_';
      separator = false;
      id += c;
    } else {
      separator = true;
      if (c == '{') id += "_by";
    }
  }
  return id;
}

// Our schemas allow "type": ["string", "null"] (JSON Schema); OpenAPI 3.0
// spells that "type": "string", "nullable": true, and a choice between
// non-null types as anyOf.
json::value ToOpenApiSchema(const json::value& schema) {
  if (!schema.is_object()) return schema;
  json::object out;
  for (const json::key_value_pair& kv : schema.get_object()) {
    const std::string_view key = kv.key();
    const json::value& v = kv.value();
    if (key == "type" && v.is_array()) {
      json::array types;
      bool nullable = false;
      for (const json::value& t : v.get_array()) {
        if (t.is_string() && t.get_string() == "null") {
          nullable = true;
        } else {
          types.push_back(t);
        }
      }
      if (types.size() == 1) {
        out["type"] = types[0];
      } else if (types.size() > 1) {
        json::array any_of;
        for (const json::value& t : types)
          any_of.push_back(json::object{{"type", t}});
        out["anyOf"] = std::move(any_of);
      }
      if (nullable) out["nullable"] = true;
    } else if (key == "properties" && v.is_object()) {
      json::object props;
      for (const json::key_value_pair& p : v.get_object()) {
        props[p.key()] = ToOpenApiSchema(p.value());
      }
      out["properties"] = std::move(props);
    } else if ((key == "items" || key == "additionalProperties") &&
               v.is_object()) {
      out[key] = ToOpenApiSchema(v);
    } else {
      out[key] = v;
    }
  }
  return out;
}

json::object ProblemSchema() {
  const auto prop = [](std::string_view type, std::string_view description) {
    return json::object{{"type", type}, {"description", description}};
  };
  return {
      {"type", "object"},
      {"description", "RFC 7807 错误说明（application/problem+json）"},
      {"required", json::array{"type", "title", "status", "code"}},
      {"properties",
       json::object{
           {"type", prop("string", "错误类型 URI，如 urn:zxkh:problem:<code>")},
           {"title", prop("string", "中文错误说明")},
           {"status", prop("integer", "HTTP 状态码")},
           {"code",
            prop("string", "稳定的机器错误码，如 request.missing_field")},
           {"field", prop("string", "出错的请求字段路径，如 items[2].code")},
           {"instance", prop("string", "出错的请求路径")},
       }},
  };
}

json::object Operation(const Route& route, const std::string& operation_id) {
  json::object op;
  op["summary"] = route.summary;
  if (!route.tag.empty()) op["tags"] = json::array{json::value(route.tag)};
  op["operationId"] = operation_id;
  if (!route.query_params.empty()) {
    json::array params;
    for (const QueryParam& q : route.query_params) {
      json::object p{{"name", q.name},
                     {"in", "query"},
                     {"required", false},
                     {"schema", {{"type", q.type}}}};
      if (!q.description.empty()) p["description"] = q.description;
      params.push_back(std::move(p));
    }
    op["parameters"] = std::move(params);
  }
  if (route.request_schema) {
    op["requestBody"] = {
        {"required", true},
        {"content",
         {{"application/json",
           {{"schema", ToOpenApiSchema(*route.request_schema)}}}}}};
  } else if (route.upload_limit_bytes > 0) {
    // Uploads: the body is the file itself; its name travels in a header.
    op["requestBody"] = {
        {"required", true},
        {"description",
         "文件内容，不超过 " + std::to_string(route.upload_limit_bytes >> 20) +
             " MB；文件名放在 X-File-Name 头（百分号编码的 UTF-8）"},
        {"content",
         {{"application/octet-stream",
           {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}};
  }
  if (route.policy.kind == Policy::Kind::kSession) {
    op["security"] =
        json::array{json::object{{"sessionCookie", json::array{}}}};
    json::array roles;
    for (domain::Role r : route.policy.roles)
      roles.push_back(json::string(domain::RoleName(r)));
    // Who may call it: an extension the authorization matrix test also reads.
    op["x-roles"] = std::move(roles);
  }
  op["responses"] = {
      {"200", {{"description", "成功"}}},
      {"default",
       {{"description", "错误"},
        {"content",
         {{"application/problem+json",
           {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}}}}}};
  return op;
}

}  // namespace

json::object BuildOpenApi(const std::vector<Route>& routes,
                          std::string_view version) {
  json::object paths;
  std::set<std::string> tags;
  std::set<std::string> operation_ids;
  for (const Route& route : routes) {
    const std::optional<std::string> method = OperationKey(route.method);
    if (!method) continue;
    json::value& item = paths[route.pattern];
    if (!item.is_object()) {
      json::object fresh;
      const std::vector<std::string> names = PathParamNames(route.pattern);
      if (!names.empty()) {
        json::array params;
        for (const std::string& name : names) {
          params.push_back(json::object{{"name", name},
                                        {"in", "path"},
                                        {"required", true},
                                        {"schema", {{"type", "string"}}}});
        }
        fresh["parameters"] = std::move(params);
      }
      item = std::move(fresh);
    }
    json::object& path_item = item.get_object();
    if (path_item.contains(*method)) continue;
    // Distinct patterns can flatten to the same id ("/a-b" and "/a_b");
    // a numeric suffix keeps ids unique and still deterministic.
    std::string id = OperationId(*method, route.pattern);
    for (int n = 2; operation_ids.contains(id); ++n) {
      id = OperationId(*method, route.pattern) + "_" + std::to_string(n);
    }
    operation_ids.insert(id);
    path_item[*method] = Operation(route, id);
    if (!route.tag.empty()) tags.insert(route.tag);
  }
  json::array tag_list;
  for (const std::string& t : tags)
    tag_list.push_back(json::object{{"name", t}});
  return {
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "青岛市专项职业能力考核管理信息系统 API"},
        {"version", version}}},
      {"tags", std::move(tag_list)},
      {"paths", std::move(paths)},
      {"components",
       {{"securitySchemes",
         {{"sessionCookie",
           {{"type", "apiKey"},
            {"in", "cookie"},
            {"name", "zxkh_session"},
            {"description",
             "登录后获得的会话 Cookie；修改数据的请求还须携带 X-CSRF-Token "
             "请求头"}}}}},
        {"schemas", {{"Problem", ProblemSchema()}}}}},
  };
}

}  // namespace zxkh::http
