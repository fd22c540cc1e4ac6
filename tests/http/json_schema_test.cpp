#include "http/json_schema.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>

namespace zxkh::http {
namespace {

boost::json::value J(std::string_view text) { return boost::json::parse(text); }

// A schema in the shape the catalog routes declare.
const boost::json::value& ProjectSchema() {
  static const boost::json::value schema = J(R"({
    "type": "object",
    "additionalProperties": false,
    "required": ["code", "name", "category"],
    "properties": {
      "code": {"type": "string", "pattern": "ZX0[1-4][0-9]{3}",
               "description": "项目代码，例如 ZX01001"},
      "name": {"type": "string", "minLength": 2, "maxLength": 10},
      "category": {"type": "integer", "minimum": 1, "maximum": 4},
      "status": {"type": "string", "enum": ["active", "retired"]},
      "fee": {"type": "number", "minimum": 0, "maximum": 999.5},
      "remark": {"type": ["string", "null"]},
      "published": {"type": "boolean"},
      "effective_date": {"type": "string", "format": "date"},
      "tags": {"type": "array", "minItems": 1, "maxItems": 3,
               "items": {"type": "string", "pattern": "[a-z]+"}},
      "items": {"type": "array", "items": {
        "type": "object", "required": ["code"], "additionalProperties": false,
        "properties": {"code": {"type": "string", "minLength": 3}}}}
    }
  })");
  return schema;
}

void ExpectError(std::string_view instance, const std::string& code,
                 const std::string& field, const std::string& message) {
  Status s = ValidateJson(ProjectSchema(), J(instance));
  ASSERT_FALSE(s.ok()) << instance;
  EXPECT_EQ(s.status_code(), StatusCode::kInvalidArgument) << instance;
  EXPECT_EQ(s.code(), code) << instance;
  EXPECT_EQ(s.field(), field) << instance;
  EXPECT_EQ(s.message(), message) << instance;
}

TEST(JsonSchemaTest, AcceptsValidInstances) {
  for (const char* ok : {
           R"({"code":"ZX01001","name":"青岛锅贴","category":1})",
           R"({"code":"ZX04999","name":"ab","category":4,"status":"retired",
               "fee":999.5,"remark":null,"published":true,
               "effective_date":"2024-02-29","tags":["a","bc"],
               "items":[{"code":"abc"},{"code":"食品制"}]})",
           R"({"code":"ZX02001","name":"一二三四五六七八九十","category":2,
               "remark":"x","fee":0,"items":[]})",
       }) {
    Status s = ValidateJson(ProjectSchema(), J(ok));
    EXPECT_TRUE(s.ok()) << ok << " → " << s.ToString();
  }
}

TEST(JsonSchemaTest, WrongType) {
  ExpectError(R"([1])", "request.wrong_type", "", "请求体应为对象");
  ExpectError(R"({"code":1,"name":"ab","category":1})", "request.wrong_type",
              "code", "字段 code 应为字符串");
  ExpectError(R"({"code":"ZX01001","name":"ab","category":1.5})",
              "request.wrong_type", "category", "字段 category 应为整数");
  // An integer must be written as one: handlers read it with as_int64().
  ExpectError(R"({"code":"ZX01001","name":"ab","category":1.0})",
              "request.wrong_type", "category", "字段 category 应为整数");
  ExpectError(R"({"code":"ZX01001","name":"ab","category":"1"})",
              "request.wrong_type", "category", "字段 category 应为整数");
  ExpectError(R"({"code":"ZX01001","name":"ab","category":1,"fee":"3"})",
              "request.wrong_type", "fee", "字段 fee 应为数字");
  ExpectError(R"({"code":"ZX01001","name":"ab","category":1,"remark":3})",
              "request.wrong_type", "remark", "字段 remark 应为字符串或 null");
  ExpectError(R"({"code":"ZX01001","name":"ab","category":1,"published":1})",
              "request.wrong_type", "published", "字段 published 应为布尔值");
  ExpectError(R"({"code":"ZX01001","name":"ab","category":1,"tags":"a"})",
              "request.wrong_type", "tags", "字段 tags 应为数组");
  ExpectError(
      R"({"code":"ZX01001","name":"ab","category":1,"items":[{"code":"abc"},7]})",
      "request.wrong_type", "items[1]", "字段 items[1] 应为对象");
}

TEST(JsonSchemaTest, MissingAndUnknownFields) {
  ExpectError(R"({"code":"ZX01001","category":1})", "request.missing_field",
              "name", "缺少必填字段：name");
  ExpectError(R"({})", "request.missing_field", "code", "缺少必填字段：code");
  ExpectError(R"({"code":"ZX01001","name":"ab","category":1,"foo":1})",
              "request.unknown_field", "foo", "不支持的字段：foo");
  // A misspelt field is reported as unknown, not as the missing one.
  ExpectError(R"({"code":"ZX01001","nmae":"ab","category":1})",
              "request.unknown_field", "nmae", "不支持的字段：nmae");
  ExpectError(
      R"({"code":"ZX01001","name":"ab","category":1,"items":[{"code":"abc"},{"code":"abc","x":1}]})",
      "request.unknown_field", "items[1].x", "不支持的字段：items[1].x");
  ExpectError(
      R"({"code":"ZX01001","name":"ab","category":1,"items":[{"code":"abc"},{}]})",
      "request.missing_field", "items[1].code", "缺少必填字段：items[1].code");
}

TEST(JsonSchemaTest, StringConstraints) {
  ExpectError(R"({"code":"ZX01001","name":"a","category":1})",
              "request.invalid_field", "name",
              "字段 name 的长度应至少为 2 个字符，实际为 1 个");
  // 11 Chinese characters are 33 bytes but 11 characters.
  ExpectError(
      R"({"code":"ZX01001","name":"一二三四五六七八九十一","category":1})",
      "request.invalid_field", "name",
      "字段 name 的长度应不超过 10 个字符，实际为 11 个");
  ExpectError(R"({"code":"ZX05001","name":"ab","category":1})",
              "request.invalid_field", "code",
              "字段 code 的格式不正确，应为项目代码，例如 ZX01001");
  // The pattern must match the whole string, not a part of it.
  ExpectError(R"({"code":"xZX01001","name":"ab","category":1})",
              "request.invalid_field", "code",
              "字段 code 的格式不正确，应为项目代码，例如 ZX01001");
  ExpectError(R"({"code":"ZX01001","name":"ab","category":1,"tags":["a","B"]})",
              "request.invalid_field", "tags[1]",
              "字段 tags[1] 的格式不正确，应匹配 [a-z]+");
  ExpectError(R"({"code":"ZX01001","name":"ab","category":1,"status":"draft"})",
              "request.invalid_field", "status",
              "字段 status 的取值应为 active、retired 之一");
  ExpectError(
      R"({"code":"ZX01001","name":"ab","category":1,"effective_date":"2026-02-30"})",
      "request.invalid_field", "effective_date",
      "字段 effective_date 应为 YYYY-MM-DD 格式的有效日期，实际为 2026-02-30");
  ExpectError(
      R"({"code":"ZX01001","name":"ab","category":1,"effective_date":"2026-2-3"})",
      "request.invalid_field", "effective_date",
      "字段 effective_date 应为 YYYY-MM-DD 格式的有效日期，实际为 2026-2-3");
}

TEST(JsonSchemaTest, NumberAndArrayConstraints) {
  ExpectError(R"({"code":"ZX01001","name":"ab","category":0})",
              "request.invalid_field", "category",
              "字段 category 应不小于 1，实际为 0");
  ExpectError(R"({"code":"ZX01001","name":"ab","category":5})",
              "request.invalid_field", "category",
              "字段 category 应不大于 4，实际为 5");
  ExpectError(
      R"({"code":"ZX01001","name":"ab","category":18446744073709551615})",
      "request.invalid_field", "category",
      "字段 category 应不大于 4，实际为 18446744073709551615");
  ExpectError(R"({"code":"ZX01001","name":"ab","category":1,"fee":999.75})",
              "request.invalid_field", "fee",
              "字段 fee 应不大于 999.5，实际为 999.75");
  ExpectError(R"({"code":"ZX01001","name":"ab","category":1,"fee":-0.5})",
              "request.invalid_field", "fee",
              "字段 fee 应不小于 0，实际为 -0.5");
  ExpectError(R"({"code":"ZX01001","name":"ab","category":1,"tags":[]})",
              "request.invalid_field", "tags",
              "字段 tags 应至少有 1 项，实际为 0 项");
  ExpectError(
      R"({"code":"ZX01001","name":"ab","category":1,"tags":["a","b","c","d"]})",
      "request.invalid_field", "tags",
      "字段 tags 最多只能有 3 项，实际为 4 项");
  ExpectError(
      R"({"code":"ZX01001","name":"ab","category":1,"items":[{"code":"abc"},{"code":"ab"}]})",
      "request.invalid_field", "items[1].code",
      "字段 items[1].code 的长度应至少为 3 个字符，实际为 2 个");
}

TEST(JsonSchemaTest, EnumOfNonStrings) {
  const boost::json::value schema = J(R"({"enum": [1, 2.5, true, null]})");
  EXPECT_TRUE(ValidateJson(schema, J("2.5")).ok());
  EXPECT_TRUE(ValidateJson(schema, J("null")).ok());
  Status s = ValidateJson(schema, J("3"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), "request.invalid_field");
  EXPECT_EQ(s.message(), "请求体的取值应为 1、2.5、true、null 之一");
}

TEST(JsonSchemaTest, AdditionalPropertiesSchema) {
  const boost::json::value schema = J(
      R"({"type":"object","properties":{"a":{"type":"string"}},
          "additionalProperties":{"type":"integer"}})");
  EXPECT_TRUE(ValidateJson(schema, J(R"({"a":"x","b":1,"c":2})")).ok());
  Status s = ValidateJson(schema, J(R"({"a":"x","b":"y"})"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), "request.wrong_type");
  EXPECT_EQ(s.field(), "b");
  // Without additionalProperties, unknown fields are allowed.
  EXPECT_TRUE(ValidateJson(J(R"({"type":"object"})"), J(R"({"z":1})")).ok());
}

TEST(JsonSchemaTest, InvalidUtf8InAString) {
  boost::json::object o;
  o["code"] = "ZX01001";
  o["name"] = std::string_view("\xE9\xA3", 2);
  o["category"] = 1;
  Status s = ValidateJson(ProjectSchema(), o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), "request.invalid_field");
  EXPECT_EQ(s.message(), "字段 name 含有无效的 UTF-8 字符");
}

TEST(JsonSchemaTest, BrokenSchemaIsInternal) {
  Status s =
      ValidateJson(J(R"({"type":"string","pattern":"(["})"), J(R"("x")"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status_code(), StatusCode::kInternal);
  EXPECT_EQ(s.code(), "request.schema_invalid");
  EXPECT_EQ(ValidateJson(J(R"({"type":"text"})"), J("1")).status_code(),
            StatusCode::kInternal);
}

TEST(ParseJsonBodyTest, AcceptsAnyJson) {
  for (const char* ok : {R"({"a":[1,2,{"b":null}]})", "1", R"("s")", "null",
                         " [ ] ", "\t{}\n"}) {
    Result<boost::json::value> v = ParseJsonBody(ok);
    EXPECT_TRUE(v.ok()) << ok << " " << v.status().ToString();
  }
  EXPECT_EQ(ParseJsonBody(R"({"name":"锅贴"})")->at("name").as_string(),
            "锅贴");
}

TEST(ParseJsonBodyTest, RejectsMalformed) {
  const auto expect = [](std::string_view body, const std::string& message) {
    Result<boost::json::value> v = ParseJsonBody(body);
    ASSERT_FALSE(v.ok()) << body;
    EXPECT_EQ(v.status().status_code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(v.status().code(), "request.malformed_json");
    EXPECT_EQ(v.status().message(), message) << body;
  };
  expect("", "请求体不是合法的 JSON：内容为空");
  expect("  \r\n", "请求体不是合法的 JSON：内容为空");
  expect(R"({"a":1)", "请求体不是合法的 JSON：内容不完整，在末尾意外结束");
  expect(R"({"a":1}x)", "请求体不是合法的 JSON：第 8 个字节附近出现多余内容");
  expect(R"({"a" 1})", "请求体不是合法的 JSON：第 6 个字节附近语法错误");
  // Invalid UTF-8 inside a string: E9 A3 is cut short by the quote.
  expect("{\"a\":\"\xE9\xA3\"}",
         "请求体不是合法的 JSON：第 7 个字节附近语法错误");
  expect(R"(["\uDC00"])",
         "请求体不是合法的 JSON：第 9 个字节附近字符串中的 \\u 转义无效");
  expect("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1",
         "请求体不是合法的 JSON：第 33 个字节附近嵌套层数过多");
  expect("[1,]", "请求体不是合法的 JSON：第 4 个字节附近语法错误");
}

}  // namespace
}  // namespace zxkh::http
