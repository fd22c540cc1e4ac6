#include "http/openapi.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace zxkh::http {
namespace {

namespace json = boost::json;

std::vector<Route> SampleRoutes() {
  std::vector<Route> routes;
  Route list;
  list.method = Verb::get;
  list.pattern = "/api/catalog/projects";
  list.tag = "catalog";
  list.summary = "查询项目目录";
  list.query_params = {{"status", "string", "active 或 retired"},
                       {"page", "integer", ""}};
  routes.push_back(list);

  Route create;
  create.method = Verb::post;
  create.pattern = "/api/catalog/projects";
  create.policy = Policy::Roles({domain::Role::kCity});
  create.tag = "catalog";
  create.summary = "新增项目";
  create.request_schema = json::parse(
      R"({"type":"object","required":["code"],"additionalProperties":false,
          "properties":{"code":{"type":"string"},
                        "remark":{"type":["string","null"]},
                        "items":{"type":"array","items":{"type":["integer","string"]}}}})");
  routes.push_back(create);

  Route get;
  get.method = Verb::get;
  get.pattern = "/api/catalog/projects/{code}";
  get.tag = "catalog";
  get.summary = "项目详情";
  routes.push_back(get);

  Route put;
  put.method = Verb::put;
  put.pattern = "/api/catalog/projects/{code}/versions/{version}";
  put.policy = Policy::Roles({domain::Role::kCity});
  put.tag = "admin";
  put.summary = "修改版本";
  routes.push_back(put);

  Route literal;  // flattens to the same id as "{code}" would without "by"
  literal.method = Verb::get;
  literal.pattern = "/api/catalog/projects/code";
  literal.summary = "同名字面路径";
  routes.push_back(literal);

  Route duplicate = get;  // ignored: the first route wins
  duplicate.summary = "重复";
  routes.push_back(duplicate);
  return routes;
}

TEST(OpenApiTest, DocumentSkeleton) {
  const json::object doc = BuildOpenApi(SampleRoutes(), "1.2.3");
  EXPECT_EQ(doc.at("openapi"), "3.0.3");
  EXPECT_EQ(doc.at("info").at("version"), "1.2.3");
  EXPECT_EQ(doc.at("tags"),
            json::parse(R"([{"name":"admin"},{"name":"catalog"}])"));
  const json::value& scheme =
      doc.at("components").at("securitySchemes").at("sessionCookie");
  EXPECT_EQ(scheme.at("type"), "apiKey");
  EXPECT_EQ(scheme.at("in"), "cookie");
  EXPECT_EQ(scheme.at("name"), "zxkh_session");
  const json::value& problem = doc.at("components").at("schemas").at("Problem");
  EXPECT_EQ(problem.at("type"), "object");
  for (const char* field :
       {"type", "title", "status", "code", "field", "instance"}) {
    EXPECT_TRUE(problem.at("properties").as_object().contains(field)) << field;
  }
  EXPECT_EQ(problem.at("properties").at("status").at("type"), "integer");
  const json::object& paths = doc.at("paths").as_object();
  ASSERT_EQ(paths.size(), 4u);
  // Paths keep the route table's order.
  auto it = paths.begin();
  EXPECT_EQ(it++->key(), "/api/catalog/projects");
  EXPECT_EQ(it++->key(), "/api/catalog/projects/{code}");
  EXPECT_EQ(it++->key(), "/api/catalog/projects/{code}/versions/{version}");
  EXPECT_EQ(it++->key(), "/api/catalog/projects/code");
}

TEST(OpenApiTest, PublicListOperation) {
  const json::object doc = BuildOpenApi(SampleRoutes(), "1");
  const json::value& op = doc.at("paths").at("/api/catalog/projects").at("get");
  EXPECT_EQ(op.at("summary"), "查询项目目录");
  EXPECT_EQ(op.at("tags"), json::parse(R"(["catalog"])"));
  EXPECT_EQ(op.at("operationId"), "get_api_catalog_projects");
  EXPECT_FALSE(op.as_object().contains("security"));
  EXPECT_FALSE(op.as_object().contains("requestBody"));
  EXPECT_EQ(op.at("parameters"), json::parse(R"([
      {"name":"status","in":"query","required":false,
       "schema":{"type":"string"},"description":"active 或 retired"},
      {"name":"page","in":"query","required":false,"schema":{"type":"integer"}}])"));
  EXPECT_EQ(op.at("responses"), json::parse(R"({
      "200":{"description":"成功"},
      "default":{"description":"错误","content":{"application/problem+json":
        {"schema":{"$ref":"#/components/schemas/Problem"}}}}})"));
  // No path parameters on a path without "{…}".
  EXPECT_FALSE(doc.at("paths")
                   .at("/api/catalog/projects")
                   .as_object()
                   .contains("parameters"));
}

TEST(OpenApiTest, AdminOperationWithBody) {
  const json::object doc = BuildOpenApi(SampleRoutes(), "1");
  const json::value& op =
      doc.at("paths").at("/api/catalog/projects").at("post");
  EXPECT_EQ(op.at("operationId"), "post_api_catalog_projects");
  EXPECT_EQ(op.at("security"), json::parse(R"([{"sessionCookie":[]}])"));
  EXPECT_EQ(op.at("x-roles"), json::parse(R"(["CITY"])"));
  const json::value& body = op.at("requestBody");
  EXPECT_EQ(body.at("required"), true);
  // Type lists become OpenAPI 3.0's nullable / anyOf.
  EXPECT_EQ(body.at("content").at("application/json").at("schema"),
            json::parse(R"({"type":"object","required":["code"],
                "additionalProperties":false,
                "properties":{"code":{"type":"string"},
                  "remark":{"type":"string","nullable":true},
                  "items":{"type":"array",
                    "items":{"anyOf":[{"type":"integer"},{"type":"string"}]}}}})"));
}

TEST(OpenApiTest, PathParameters) {
  const json::object doc = BuildOpenApi(SampleRoutes(), "1");
  const json::value& item =
      doc.at("paths").at("/api/catalog/projects/{code}/versions/{version}");
  EXPECT_EQ(item.at("parameters"), json::parse(R"([
      {"name":"code","in":"path","required":true,"schema":{"type":"string"}},
      {"name":"version","in":"path","required":true,"schema":{"type":"string"}}])"));
  EXPECT_EQ(item.at("put").at("operationId"),
            "put_api_catalog_projects_by_code_versions_by_version");
  EXPECT_EQ(item.at("put").at("security"),
            json::parse(R"([{"sessionCookie":[]}])"));
  EXPECT_EQ(item.at("put").at("tags"), json::parse(R"(["admin"])"));
}

TEST(OpenApiTest, FirstRouteWinsAndIdsAreUnique) {
  const json::object doc = BuildOpenApi(SampleRoutes(), "1");
  const json::value& get =
      doc.at("paths").at("/api/catalog/projects/{code}").at("get");
  EXPECT_EQ(get.at("summary"), "项目详情");
  EXPECT_EQ(get.at("operationId"), "get_api_catalog_projects_by_code");
  const json::value& literal =
      doc.at("paths").at("/api/catalog/projects/code").at("get");
  EXPECT_EQ(literal.at("operationId"), "get_api_catalog_projects_code");
  EXPECT_FALSE(literal.as_object().contains("tags"));
}

TEST(OpenApiTest, Deterministic) {
  EXPECT_EQ(json::serialize(BuildOpenApi(SampleRoutes(), "1")),
            json::serialize(BuildOpenApi(SampleRoutes(), "1")));
}

TEST(OpenApiTest, OperationIdCollisionsGetSuffixes) {
  Route a;
  a.pattern = "/a-b";
  Route b;
  b.pattern = "/a_b";
  const json::object doc = BuildOpenApi({a, b}, "1");
  EXPECT_EQ(doc.at("paths").at("/a-b").at("get").at("operationId"), "get_a_b");
  EXPECT_EQ(doc.at("paths").at("/a_b").at("get").at("operationId"),
            "get_a_b_2");
}

}  // namespace
}  // namespace zxkh::http
