#include "http/handlers/test_clock.hpp"

#include <boost/json.hpp>
#include <cstdint>

#include "common/instant.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;

// At most a year either way per call: enough for any test.
const json::value kClockSchema = json::parse(R"({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "advance_ms": {"type": "integer", "minimum": 0, "maximum": 31622400000},
    "now": {"type": "string", "minLength": 17, "maxLength": 40}
  }
})");

json::object ClockJson(const Clock& clock) {
  const int64_t now = clock.NowUnixMillis();
  return json::object{{"now", Clock::FormatIso(now)}, {"unix_ms", now}};
}

Status BadClockBody(std::string message, std::string field = "") {
  return Status::InvalidArgument("test_clock.invalid", std::move(message),
                                 std::move(field));
}

}  // namespace

Route TestClockRoute(FakeClock& clock) {
  return Route{
      .method = Verb::post,
      .pattern = "/api/test/clock",
      .policy = Policy::Public(),
      .tag = "test",
      .summary = "测试时钟：前移或设定服务器时间（仅 --fake-clock 测试模式）",
      .request_schema = kClockSchema,
      .blocking = false,
      .handler = [&clock](const Request& req) {
        const json::object& o = req.json->as_object();
        const json::value* advance = o.if_contains("advance_ms");
        const json::value* now = o.if_contains("now");
        if ((advance == nullptr) == (now == nullptr)) {
          return Response::Problem(
              BadClockBody("须且只能给出 advance_ms 或 now 之一"));
        }
        if (advance != nullptr) {
          clock.Advance(advance->as_int64());
        } else {
          const auto millis = ParseIsoInstant(now->as_string());
          if (!millis) {
            return Response::Problem(BadClockBody(
                "now 应为带时区的 ISO 8601 时刻，如 2026-12-01T08:00:00+08:00",
                "now"));
          }
          clock.Set(*millis);
        }
        return Response::Json(ClockJson(clock));
      }};
}

Route FakeClockHealthRoute(const FakeClock& clock) {
  return Route{.method = Verb::get,
               .pattern = "/healthz",
               .policy = Policy::Public(),
               .tag = "ops",
               .summary = "健康检查（测试时钟模式：附当前测试时间）",
               .blocking = false,
               .handler = [&clock](const Request&) {
                 json::object body = ClockJson(clock);
                 body.emplace("status", "ok");
                 body.emplace("fake_clock", true);
                 return Response::Json(body);
               }};
}

}  // namespace zxkh::http
