#include "http/server.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "common/log.hpp"
#include "support/http_client.hpp"

namespace zxkh::http {
namespace {

using namespace std::chrono_literals;
using test::TestClient;

constexpr char kCityToken[] = "city-session-token";
constexpr char kDistrictToken[] = "district-session-token";
constexpr char kMustChangeToken[] = "must-change-token";

std::string Cookie(std::string_view token) {
  return "theme=dark; zxkh_session=" + std::string(token) + "; lang=zh";
}
constexpr char kProblemType[] = "application/problem+json; charset=utf-8";

// Set by the /api/slow handler when it starts, so that a test can act while
// a request is in flight.
std::atomic<int> slow_started{0};

std::vector<Route> TestRoutes() {
  std::vector<Route> routes;
  Route hello;
  hello.pattern = "/api/hello";
  hello.blocking = false;
  hello.handler = [](const Request&) {
    return Response::Json({{"hello", "世界"}});
  };
  routes.push_back(hello);

  Route item;
  item.pattern = "/api/items/{id}";
  item.handler = [](const Request& r) {
    return Response::Json({{"id", r.path_params.at("id")}});
  };
  routes.push_back(item);

  Route del = item;
  del.method = Verb::delete_;
  del.handler = [](const Request&) { return Response::Text("", "", 204); };
  routes.push_back(del);

  Route create;
  create.method = Verb::post;
  create.pattern = "/api/items";
  create.request_schema = boost::json::parse(R"({
    "type": "object",
    "properties": {"name": {"type": "string", "minLength": 1}},
    "required": ["name"],
    "additionalProperties": false
  })");
  create.handler = [](const Request& r) {
    return Response::Json({{"created", r.json->at("name")}}, 201);
  };
  routes.push_back(create);

  Route admin;
  admin.pattern = "/api/admin/secret";
  admin.policy = Policy::Roles({domain::Role::kCity});
  admin.handler = [](const Request&) {
    return Response::Json({{"secret", true}});
  };
  routes.push_back(admin);

  Route admin_post = admin;
  admin_post.method = Verb::post;
  routes.push_back(admin_post);

  Route thrower;
  thrower.pattern = "/api/throw";
  thrower.handler = [](const Request&) -> Response {
    throw std::runtime_error("boom");
  };
  routes.push_back(thrower);

  Route inline_thrower = thrower;
  inline_thrower.pattern = "/api/throw-inline";
  inline_thrower.blocking = false;
  routes.push_back(inline_thrower);

  Route slow;
  slow.pattern = "/api/slow";
  slow.handler = [](const Request&) {
    slow_started.fetch_add(1);
    std::this_thread::sleep_for(300ms);
    return Response::Json({{"slow", true}});
  };
  routes.push_back(slow);

  Route echo;
  echo.pattern = "/api/echo";
  echo.handler = [](const Request& r) {
    boost::json::object o;
    o["q"] = r.Query("q").value_or("<none>");
    o["request_id"] = r.request_id;
    o["user_agent"] = r.Header("User-Agent");
    o["path"] = r.path;
    return Response::Json(o);
  };
  routes.push_back(echo);
  return routes;
}

ServerOptions TestOptions() {
  ServerOptions o;
  o.address = "127.0.0.1";
  o.port = 0;
  o.io_threads = 2;
  o.worker_threads = 2;
  // The session store is the app's; here a table of three sessions.
  o.authenticate = [](std::string_view token,
                      const std::string& request_id) -> Result<SessionCaller> {
    SessionCaller s;
    s.caller.request_id = request_id;
    s.csrf_token = "csrf-1";
    if (token == kCityToken) {
      s.caller.role = domain::Role::kCity;
    } else if (token == kDistrictToken) {
      s.caller.role = domain::Role::kDistrict;
    } else if (token == kMustChangeToken) {
      s.caller.role = domain::Role::kCity;
      s.must_change_password = true;
    } else {
      return Status::Unauthenticated("auth.session_expired",
                                     "登录已过期，请重新登录");
    }
    return s;
  };
  return o;
}

// A real server on 127.0.0.1:<ephemeral> running on its own thread, with
// the log captured.
class Harness {
 public:
  explicit Harness(ServerOptions options = TestOptions())
      : router_(WithOps(TestRoutes(), metrics_)),
        server_(std::move(options), router_, metrics_) {
    SetLogSink([this](std::string_view line) {
      std::lock_guard lock(log_mu_);
      lines_.emplace_back(line);
    });
    auto port = server_.Listen();
    if (!port.ok()) throw std::runtime_error(port.status().ToString());
    port_ = *port;
    thread_ = std::thread([this] {
      server_.Run();
      returned_ = true;
    });
  }

  ~Harness() {
    server_.Shutdown();
    thread_.join();
    SetLogSink({});
  }

  static std::vector<Route> WithOps(std::vector<Route> routes, Metrics& m) {
    routes.push_back(HealthRoute());
    routes.push_back(MetricsRoute(m));
    return routes;
  }

  unsigned short port() const { return port_; }
  Server& server() { return server_; }

  // True once Run has returned, waiting up to `limit`.
  bool WaitForRunToReturn(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!returned_ && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(5ms);
    }
    return returned_;
  }

  // Log lines containing `needle`, waiting up to a second for the first.
  std::vector<std::string> LogLines(const std::string& needle) {
    const auto deadline = std::chrono::steady_clock::now() + 1s;
    while (true) {
      std::vector<std::string> found;
      {
        std::lock_guard lock(log_mu_);
        for (const auto& l : lines_) {
          if (l.find(needle) != std::string::npos) found.push_back(l);
        }
      }
      if (!found.empty() || std::chrono::steady_clock::now() > deadline) {
        return found;
      }
      std::this_thread::sleep_for(5ms);
    }
  }

 private:
  std::mutex log_mu_;  // LogLines reads while the server's threads append
  std::vector<std::string> lines_;
  Metrics metrics_;
  Router router_;
  Server server_;
  unsigned short port_ = 0;
  std::atomic<bool> returned_{false};
  std::thread thread_;
};

// A raw POSIX socket, for what a well-behaved client cannot do: send half a
// request, send garbage, watch the server close the connection.
class RawConnection {
 public:
  explicit RawConnection(unsigned short port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ =
        ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawConnection() { ::close(fd_); }

  bool connected() const { return connected_; }

  void Send(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  // Reads until `stop` appears in what was read, the peer closes, or
  // `limit` passes. `closed` tells whether the peer closed.
  std::string Read(std::chrono::milliseconds limit, bool& closed,
                   std::string_view stop = {}) {
    std::string out;
    closed = false;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (!stop.empty() && out.find(stop) != std::string::npos) break;
      timeval tv{0, 20'000};
      ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      char buf[4096];
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n == 0 || (n < 0 && errno == ECONNRESET)) {
        closed = true;
        break;
      }
      if (n > 0) out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

void ExpectProblem(const test::HttpResult& r, unsigned status,
                   const std::string& code, const std::string& title) {
  EXPECT_EQ(r.status, status) << r.body << r.error;
  EXPECT_EQ(r.Header("content-type"), kProblemType);
  const boost::json::value body = r.Json();
  ASSERT_TRUE(body.is_object()) << r.body;
  EXPECT_EQ(body.at("code"), boost::json::value(code));
  EXPECT_EQ(body.at("title"), boost::json::value(title));
  EXPECT_EQ(body.at("status"), status);
  EXPECT_EQ(body.at("type"), boost::json::value("urn:zxkh:problem:" + code));
}

TEST(ServerTest, ListenOnPortZeroReturnsTheBoundPort) {
  Harness h;
  EXPECT_NE(h.port(), 0);
  TestClient client("127.0.0.1", h.port());
  auto r = client.Get("/api/hello");
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.Json(), boost::json::parse(R"({"hello":"世界"})"));
  EXPECT_EQ(r.Header("content-type"), "application/json; charset=utf-8");
}

TEST(ServerTest, ListenFailsOnAnInvalidAddress) {
  Metrics metrics;
  Router router({});
  ServerOptions o = TestOptions();
  o.address = "not-an-address";
  Server server(o, router, metrics);
  auto port = server.Listen();
  ASSERT_FALSE(port.ok());
  EXPECT_EQ(port.status().status_code(), StatusCode::kUnavailable);
  EXPECT_EQ(port.status().code(), "server.listen_failed");
}

TEST(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  Harness h;
  TestClient client("127.0.0.1", h.port());
  auto first = client.Get("/api/hello");
  const unsigned short socket_port = client.local_port();
  auto second = client.Get("/api/items/7");
  EXPECT_EQ(first.status, 200u);
  EXPECT_EQ(second.status, 200u);
  EXPECT_EQ(second.Json(), boost::json::parse(R"({"id":"7"})"));
  EXPECT_NE(socket_port, 0);
  EXPECT_EQ(client.local_port(), socket_port);
  EXPECT_EQ(client.connects(), 1);
  EXPECT_EQ(second.Header("connection"), "");  // HTTP/1.1 default: keep-alive
}

TEST(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  Harness h;
  RawConnection conn(h.port());
  ASSERT_TRUE(conn.connected());
  conn.Send(
      "GET /api/items/1 HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /api/items/2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  bool closed = false;
  const std::string out = conn.Read(5s, closed);
  EXPECT_TRUE(closed);
  const auto one = out.find(R"({"id":"1"})");
  const auto two = out.find(R"({"id":"2"})");
  ASSERT_NE(one, std::string::npos) << out;
  ASSERT_NE(two, std::string::npos) << out;
  EXPECT_LT(one, two);
}

TEST(ServerTest, OversizeBodyGets413AndTheServerKeepsServing) {
  Harness h;  // default limit: 1 MB
  TestClient client("127.0.0.1", h.port());
  auto r = client.Post("/api/items", std::string((1 << 20) + 1, 'x'));
  ExpectProblem(r, 413, "request.too_large", "请求体过大，最大允许 1 MB");
  EXPECT_EQ(r.Header("connection"), "close");
  EXPECT_EQ(h.LogLines("\"status\":413").size(), 1u);

  TestClient next("127.0.0.1", h.port());
  EXPECT_EQ(next.Get("/api/hello").status, 200u);
}

TEST(ServerTest, BodyLimitComesFromOptions) {
  ServerOptions o = TestOptions();
  o.max_body_bytes = 2048;
  Harness h(o);
  TestClient client("127.0.0.1", h.port());
  auto ok = client.Post("/api/items",
                        R"({"name":")" + std::string(1000, 'a') + R"("})");
  EXPECT_EQ(ok.status, 201u);
  auto r = client.Post("/api/items", std::string(2049, ' '));
  ExpectProblem(r, 413, "request.too_large", "请求体过大，最大允许 2 KB");
}

TEST(ServerTest, ChunkedBodyOverTheLimitGets413) {
  ServerOptions o = TestOptions();
  o.max_body_bytes = 1024;
  Harness h(o);
  RawConnection conn(h.port());
  conn.Send(
      "POST /api/items HTTP/1.1\r\nHost: x\r\nContent-Type: "
      "application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
      "800\r\n" +
      std::string(0x800, 'y') + "\r\n0\r\n\r\n");
  bool closed = false;
  const std::string out = conn.Read(5s, closed);
  EXPECT_EQ(out.rfind("HTTP/1.1 413 Payload Too Large\r\n", 0), 0u) << out;
  EXPECT_NE(out.find("请求体过大，最大允许 1 KB"), std::string::npos);
  EXPECT_TRUE(closed);
}

TEST(ServerTest, ValidJsonBodyReachesTheHandler) {
  Harness h;
  TestClient client("127.0.0.1", h.port());
  auto r = client.Post("/api/items", R"({"name":"茶叶"})");
  EXPECT_EQ(r.status, 201u);
  EXPECT_EQ(r.Json(), boost::json::parse(R"({"created":"茶叶"})"));
}

TEST(ServerTest, MalformedJsonGets400) {
  Harness h;
  TestClient client("127.0.0.1", h.port());
  auto r = client.Post("/api/items", R"({"name": )");
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(r.Header("content-type"), kProblemType);
  EXPECT_EQ(r.Json().at("code"), "request.malformed_json");
  EXPECT_EQ(r.Json().at("status"), 400);
  // A JSON error is about the body, not the framing: the connection stays.
  EXPECT_EQ(client.Get("/api/hello").status, 200u);
  EXPECT_EQ(client.connects(), 1);
}

TEST(ServerTest, SchemaViolationGets400NamingTheField) {
  Harness h;
  TestClient client("127.0.0.1", h.port());
  auto r = client.Post("/api/items", R"({"name":"a","extra":1})");
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(r.Header("content-type"), kProblemType);
  EXPECT_EQ(r.Json().at("code"), "request.unknown_field");
  EXPECT_EQ(r.Json().at("field"), "extra");

  auto missing = client.Post("/api/items", R"({})");
  EXPECT_EQ(missing.status, 400u);
  EXPECT_EQ(missing.Json().at("code"), "request.missing_field");
}

TEST(ServerTest, WrongContentTypeGets415) {
  Harness h;
  TestClient client("127.0.0.1", h.port());
  auto r = client.Post("/api/items", R"({"name":"a"})", {}, "text/plain");
  ExpectProblem(r, 415, "request.unsupported_media_type",
                "请求体必须是 application/json");
  auto none = client.Post("/api/items", R"({"name":"a"})", {}, "");
  EXPECT_EQ(none.status, 415u);
  // Parameters and case do not matter.
  auto ok = client.Post("/api/items", R"({"name":"a"})", {},
                        "Application/JSON; charset=utf-8");
  EXPECT_EQ(ok.status, 201u);
}

TEST(ServerTest, UnknownApiPathGets404Problem) {
  Harness h;
  TestClient client("127.0.0.1", h.port());
  ExpectProblem(client.Get("/api/nope"), 404, "http.not_found",
                "请求的资源不存在");
  ExpectProblem(client.Post("/api/nope", "{}"), 404, "http.not_found",
                "请求的资源不存在");
  // Without a web UI a non-API path is not found either.
  ExpectProblem(client.Get("/catalog"), 404, "http.not_found",
                "请求的资源不存在");
}

TEST(ServerTest, WrongMethodGets405WithAllow) {
  Harness h;
  TestClient client("127.0.0.1", h.port());
  auto r = client.Put("/api/items/7", "{}");
  ExpectProblem(r, 405, "http.method_not_allowed", "不支持该请求方法");
  EXPECT_EQ(r.Header("allow"), "DELETE, GET, HEAD");
}

TEST(ServerTest, HeadAnswersGetHeadersWithoutBody) {
  Harness h;
  TestClient client("127.0.0.1", h.port());
  auto r = client.Head("/api/items/123");
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(r.Header("content-length"),
            std::to_string(std::string(R"({"id":"123"})").size()));
  EXPECT_EQ(client.Get("/api/hello").status, 200u);  // framing intact
  EXPECT_EQ(client.connects(), 1);
}

TEST(ServerTest, NoContentAnswerHasNoBody) {
  Harness h;
  TestClient client("127.0.0.1", h.port());
  auto r = client.Delete("/api/items/7");
  EXPECT_EQ(r.status, 204u);
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(client.Get("/api/hello").status, 200u);
}

TEST(ServerTest, SessionPolicyDecidesBeforeTheHandler) {
  Harness h;
  TestClient client("127.0.0.1", h.port());
  ExpectProblem(client.Get("/api/admin/secret"), 401, "auth.session_expired",
                "登录已过期，请重新登录");
  ExpectProblem(client.Get("/api/admin/secret", {{"Cookie", Cookie("forged")}}),
                401, "auth.session_expired", "登录已过期，请重新登录");
  ExpectProblem(
      client.Get("/api/admin/secret", {{"Cookie", Cookie(kDistrictToken)}}),
      403, "auth.forbidden", "当前角色无权访问该功能");
  ExpectProblem(
      client.Get("/api/admin/secret", {{"Cookie", Cookie(kMustChangeToken)}}),
      403, "auth.password_change_required", "请先修改初始密码后再继续操作");
  auto ok = client.Get("/api/admin/secret", {{"Cookie", Cookie(kCityToken)}});
  EXPECT_EQ(ok.status, 200u);
  EXPECT_EQ(ok.Json(), boost::json::parse(R"({"secret":true})"));
}

TEST(ServerTest, StateChangingRequestsNeedTheSessionCsrfToken) {
  Harness h;
  TestClient client("127.0.0.1", h.port());
  const test::Headers cookie = {{"Cookie", Cookie(kCityToken)}};
  EXPECT_EQ(client.Post("/api/admin/secret", "", cookie, "").status, 403u);
  test::Headers wrong = cookie;
  wrong["X-CSRF-Token"] = "csrf-2";
  EXPECT_EQ(client.Post("/api/admin/secret", "", wrong, "").status, 403u);
  wrong["X-CSRF-Token"] = "csrf-1-longer";
  EXPECT_EQ(client.Post("/api/admin/secret", "", wrong, "").status, 403u);
  test::Headers right = cookie;
  right["X-CSRF-Token"] = "csrf-1";
  EXPECT_EQ(client.Post("/api/admin/secret", "", right, "").status, 200u);
}

TEST(ServerTest, WithoutAnAuthenticatorSessionRoutesRefuseEveryone) {
  ServerOptions o = TestOptions();
  o.authenticate = nullptr;
  Harness h(o);
  TestClient client("127.0.0.1", h.port());
  EXPECT_EQ(
      client.Get("/api/admin/secret", {{"Cookie", Cookie(kCityToken)}}).status,
      401u);
}

TEST(ServerTest, RequestIdIsEchoedWhenValidAndGeneratedOtherwise) {
  Harness h;
  TestClient client("127.0.0.1", h.port());
  auto echoed = client.Get("/api/echo", {{"X-Request-Id", "abc-123_XYZ"}});
  EXPECT_EQ(echoed.Header("x-request-id"), "abc-123_XYZ");
  EXPECT_EQ(echoed.Json().at("request_id"), "abc-123_XYZ");

  const std::regex generated("[0-9a-f]{16}");
  auto absent = client.Get("/api/echo");
  EXPECT_TRUE(std::regex_match(absent.Header("x-request-id"), generated))
      << absent.Header("x-request-id");
  EXPECT_EQ(absent.Json().at("request_id"),
            boost::json::value(absent.Header("x-request-id")));

  auto bad = client.Get("/api/echo", {{"X-Request-Id", "bad id;drop"}});
  EXPECT_TRUE(std::regex_match(bad.Header("x-request-id"), generated));
  auto too_long =
      client.Get("/api/echo", {{"X-Request-Id", std::string(65, 'a')}});
  EXPECT_TRUE(std::regex_match(too_long.Header("x-request-id"), generated));
  auto max_len =
      client.Get("/api/echo", {{"X-Request-Id", std::string(64, 'a')}});
  EXPECT_EQ(max_len.Header("x-request-id"), std::string(64, 'a'));

  // Errors carry it too.
  auto missing = client.Get("/api/nope", {{"X-Request-Id", "req-404"}});
  EXPECT_EQ(missing.Header("x-request-id"), "req-404");
  EXPECT_NE(absent.Header("x-request-id"), bad.Header("x-request-id"));
}

TEST(ServerTest, TargetIsPercentDecoded) {
  Harness h;
  TestClient client("127.0.0.1", h.port());
  auto r = client.Get("/api/echo?q=%E4%B8%AD+%E6%96%87&q=second");
  EXPECT_EQ(r.Json().at("q"), "中 文");
  auto path = client.Get("/api/items/%E5%BC%A0%E4%B8%89");
  EXPECT_EQ(path.Json().at("id"), "张三");
  auto no_query = client.Get("/api/echo");
  EXPECT_EQ(no_query.Json().at("q"), "<none>");
  EXPECT_EQ(no_query.Json().at("user_agent"), "zxkh-test-client");
}

TEST(ServerTest, BadPercentEncodingGets400) {
  Harness h;
  TestClient client("127.0.0.1", h.port());
  ExpectProblem(client.Get("/api/items/%zz"), 400, "request.bad_target",
                "请求地址格式错误");
  ExpectProblem(client.Get("/api/echo?q=%E4%B"), 400, "request.bad_target",
                "请求地址格式错误");
  ExpectProblem(client.Get("/api/items/a%00b"), 400, "request.bad_target",
                "请求地址格式错误");
}

TEST(ServerTest, MalformedHttpGets400AndClose) {
  Harness h;
  RawConnection conn(h.port());
  conn.Send("GET /api/hello HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n");
  bool closed = false;
  const std::string out = conn.Read(5s, closed);
  EXPECT_EQ(out.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << out;
  EXPECT_NE(out.find("\"code\":\"request.malformed\""), std::string::npos);
  EXPECT_TRUE(closed);

  TestClient client("127.0.0.1", h.port());
  EXPECT_EQ(client.Get("/api/hello").status, 200u);
}

TEST(ServerTest, SecurityHeadersOnEveryAnswer) {
  Harness h;
  TestClient client("127.0.0.1", h.port());
  for (const auto& r : {client.Get("/api/hello"), client.Get("/api/nope"),
                        client.Get("/api/admin/secret")}) {
    EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
    EXPECT_EQ(r.Header("referrer-policy"), "same-origin");
    EXPECT_EQ(r.Header("x-frame-options"), "DENY");
    EXPECT_FALSE(r.Header("date").empty());
  }
}

TEST(ServerTest, ThrowingHandlerGets500AndServerKeepsServing) {
  Harness h;
  TestClient client("127.0.0.1", h.port());
  for (const char* path : {"/api/throw", "/api/throw-inline"}) {
    auto r = client.Get(path, {{"X-Request-Id", "boom-1"}});
    ExpectProblem(r, 500, "internal", "服务器内部错误，请稍后重试或联系管理员");
    EXPECT_EQ(r.body.find("boom\""), std::string::npos);  // no detail leaks
    EXPECT_EQ(client.Get("/api/hello").status, 200u);
  }
  const auto logged = h.LogLines("http.handler_exception");
  ASSERT_EQ(logged.size(), 2u);
  const auto line = boost::json::parse(logged[0]);
  EXPECT_EQ(line.at("level"), "error");
  EXPECT_EQ(line.at("request_id"), "boom-1");
  EXPECT_EQ(line.at("error"), "boom");
}

TEST(ServerTest, AccessLogLineHasNoQueryString) {
  Harness h;
  TestClient client("127.0.0.1", h.port());
  ASSERT_EQ(
      client.Get("/api/echo?q=370202199001011234", {{"X-Request-Id", "log-1"}})
          .status,
      200u);
  const auto lines = h.LogLines("\"request_id\":\"log-1\"");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].find("370202199001011234"), std::string::npos);
  const auto line = boost::json::parse(lines[0]).as_object();
  EXPECT_EQ(line.at("event"), "http");
  EXPECT_EQ(line.at("method"), "GET");
  EXPECT_EQ(line.at("path"), "/api/echo");
  EXPECT_EQ(line.at("route"), "/api/echo");
  EXPECT_EQ(line.at("status"), 200);
  EXPECT_EQ(line.at("remote_ip"), "127.0.0.1");
  EXPECT_GT(line.at("bytes_in").to_number<std::uint64_t>(), 40u);
  EXPECT_GT(line.at("bytes_out").to_number<std::uint64_t>(), 100u);
  EXPECT_GE(line.at("duration_ms").as_double(), 0.0);
  EXPECT_TRUE(std::regex_match(
      std::string(line.at("ts").as_string()),
      std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
}

TEST(ServerTest, MetricsCountServedRoutes) {
  Harness h;
  TestClient client("127.0.0.1", h.port());
  ASSERT_EQ(client.Get("/api/hello").status, 200u);
  ASSERT_EQ(client.Get("/api/items/1").status, 200u);
  ASSERT_EQ(client.Get("/api/items/2").status, 200u);
  ASSERT_EQ(client.Get("/api/nope/3702").status, 404u);
  auto m = client.Get("/metrics");
  ASSERT_EQ(m.status, 200u);
  EXPECT_EQ(m.Header("content-type"),
            "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(m.body.find("zxkh_http_requests_total{route=\"/api/hello\","
                        "method=\"GET\",status=\"200\"} 1\n"),
            std::string::npos)
      << m.body;
  EXPECT_NE(m.body.find("zxkh_http_requests_total{route=\"/api/items/{id}\","
                        "method=\"GET\",status=\"200\"} 2\n"),
            std::string::npos);
  EXPECT_NE(m.body.find("zxkh_http_request_duration_seconds_count{route="
                        "\"/api/items/{id}\"} 2\n"),
            std::string::npos);
  EXPECT_NE(m.body.find("zxkh_http_requests_total{route=\"unmatched\","
                        "method=\"GET\",status=\"404\"} 1\n"),
            std::string::npos);
  EXPECT_EQ(m.body.find("3702"), std::string::npos);  // never the raw path
  // The scrape itself is in flight while it renders.
  EXPECT_NE(m.body.find("zxkh_http_requests_in_flight 1\n"), std::string::npos);
}

TEST(ServerTest, HealthRoute) {
  Harness h;
  TestClient client("127.0.0.1", h.port());
  auto r = client.Get("/healthz");
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.Json(), boost::json::parse(R"({"status":"ok"})"));
}

TEST(ServerTest, ExpectContinueGetsInterimAnswer) {
  Harness h;
  RawConnection conn(h.port());
  const std::string body = R"({"name":"继续"})";
  conn.Send(
      "POST /api/items HTTP/1.1\r\nHost: x\r\nContent-Type: "
      "application/json\r\nExpect: 100-continue\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n");
  bool closed = false;
  const std::string interim = conn.Read(5s, closed, "\r\n\r\n");
  EXPECT_EQ(interim, "HTTP/1.1 100 Continue\r\n\r\n");
  conn.Send(body);
  const std::string out = conn.Read(5s, closed, "继续\"}");
  EXPECT_EQ(out.rfind("HTTP/1.1 201 Created\r\n", 0), 0u) << out;
}

TEST(ServerTest, ReadTimeoutClosesAHalfSentRequest) {
  ServerOptions o = TestOptions();
  o.read_timeout = 1s;
  Harness h(o);
  RawConnection conn(h.port());
  const auto start = std::chrono::steady_clock::now();
  conn.Send("GET /api/hello HTTP/1.1\r\nHost: x\r\n");  // no blank line
  bool closed = false;
  const std::string out = conn.Read(5s, closed);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(closed);
  EXPECT_EQ(out, "");
  EXPECT_GE(elapsed, 900ms);
  EXPECT_LT(elapsed, 3s);
}

TEST(ServerTest, IdleTimeoutClosesKeepAliveConnection) {
  ServerOptions o = TestOptions();
  o.idle_timeout = 1s;
  Harness h(o);
  RawConnection conn(h.port());
  conn.Send("GET /api/hello HTTP/1.1\r\nHost: x\r\n\r\n");
  bool closed = false;
  const std::string out = conn.Read(5s, closed, "世界\"}");
  EXPECT_EQ(out.rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
  EXPECT_FALSE(closed);
  const auto start = std::chrono::steady_clock::now();
  conn.Read(5s, closed);
  EXPECT_TRUE(closed);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 900ms);
}

TEST(ServerTest, ShutdownLetsInFlightRequestFinish) {
  Harness h;
  slow_started = 0;
  test::HttpResult slow;
  std::thread caller([&] {
    TestClient client("127.0.0.1", h.port());
    slow = client.Get("/api/slow");
  });
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (slow_started.load() == 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  ASSERT_EQ(slow_started.load(), 1);
  h.server().Shutdown();
  h.server().Shutdown();  // idempotent
  caller.join();
  EXPECT_EQ(slow.status, 200u) << slow.error;
  EXPECT_EQ(slow.Json(), boost::json::parse(R"({"slow":true})"));
  EXPECT_EQ(slow.Header("connection"), "close");
  EXPECT_TRUE(h.WaitForRunToReturn(3s));
  // The acceptor is closed: new connections are refused.
  RawConnection late(h.port());
  EXPECT_FALSE(late.connected());
}

TEST(ServerTest, ShutdownClosesIdleKeepAliveConnections) {
  Harness h;
  RawConnection idle(h.port());
  idle.Send("GET /api/hello HTTP/1.1\r\nHost: x\r\n\r\n");
  bool closed = false;
  const std::string out = idle.Read(5s, closed, "世界\"}");
  ASSERT_EQ(out.rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
  RawConnection silent(h.port());  // connected, never sent a byte
  ASSERT_TRUE(silent.connected());
  std::this_thread::sleep_for(50ms);

  const auto start = std::chrono::steady_clock::now();
  h.server().Shutdown();
  idle.Read(5s, closed);
  EXPECT_TRUE(closed);
  silent.Read(5s, closed);
  EXPECT_TRUE(closed);
  EXPECT_TRUE(h.WaitForRunToReturn(3s));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

// The built web UI in a temporary directory, next to a file outside it.
class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = std::filesystem::temp_directory_path() /
            ("zxkh_static_" + std::to_string(std::random_device{}()));
    web_ = base_ / "web";
    std::filesystem::create_directories(web_ / "assets");
    Write(web_ / "index.html", "<!doctype html><title>app</title>");
    Write(web_ / "assets" / "app-3f2a.js", "console.log('app')");
    Write(web_ / "assets" / "app-3f2a.css", "body{}");
    Write(web_ / "favicon.ico", "ico");
    Write(base_ / "secret.txt", "top secret");
    std::filesystem::create_symlink(base_ / "secret.txt", web_ / "leak.txt");
    ServerOptions o = TestOptions();
    o.web_dir = web_.string();
    harness_ = std::make_unique<Harness>(o);
  }

  void TearDown() override {
    harness_.reset();
    std::filesystem::remove_all(base_);
  }

  static void Write(const std::filesystem::path& p, const std::string& s) {
    std::ofstream(p, std::ios::binary) << s;
  }

  std::filesystem::path base_;
  std::filesystem::path web_;
  std::unique_ptr<Harness> harness_;
};

TEST_F(StaticFilesTest, ClientRoutesGetIndexHtml) {
  TestClient client("127.0.0.1", harness_->port());
  for (const char* path : {"/", "/catalog", "/catalog/projects/A01"}) {
    auto r = client.Get(path);
    EXPECT_EQ(r.status, 200u) << path;
    EXPECT_EQ(r.body, "<!doctype html><title>app</title>") << path;
    EXPECT_EQ(r.Header("content-type"), "text/html; charset=utf-8");
    EXPECT_EQ(r.Header("cache-control"), "no-cache");
  }
}

TEST_F(StaticFilesTest, AssetsAreImmutable) {
  TestClient client("127.0.0.1", harness_->port());
  auto js = client.Get("/assets/app-3f2a.js");
  EXPECT_EQ(js.status, 200u);
  EXPECT_EQ(js.body, "console.log('app')");
  EXPECT_EQ(js.Header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(js.Header("cache-control"), "public, max-age=31536000, immutable");
  auto css = client.Get("/assets/app-3f2a.css");
  EXPECT_EQ(css.Header("content-type"), "text/css; charset=utf-8");
  auto ico = client.Get("/favicon.ico");
  EXPECT_EQ(ico.Header("content-type"), "image/x-icon");
  EXPECT_EQ(ico.Header("cache-control"), "no-cache");
}

TEST_F(StaticFilesTest, EtagRevalidationGets304) {
  TestClient client("127.0.0.1", harness_->port());
  auto first = client.Get("/assets/app-3f2a.js");
  const std::string etag = first.Header("etag");
  ASSERT_FALSE(etag.empty());
  auto again = client.Get("/assets/app-3f2a.js", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304u);
  EXPECT_EQ(again.body, "");
  EXPECT_EQ(client.Get("/api/hello").status, 200u);  // framing intact
}

TEST_F(StaticFilesTest, HeadOfAFileHasLengthButNoBody) {
  TestClient client("127.0.0.1", harness_->port());
  auto r = client.Head("/assets/app-3f2a.js");
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(r.Header("content-length"), "18");
}

TEST_F(StaticFilesTest, MissingAssetIs404NotIndex) {
  TestClient client("127.0.0.1", harness_->port());
  ExpectProblem(client.Get("/assets/gone-1234.js"), 404, "http.not_found",
                "请求的资源不存在");
  ExpectProblem(client.Get("/robots.txt"), 404, "http.not_found",
                "请求的资源不存在");
}

TEST_F(StaticFilesTest, ApiPathsNeverFallBackToIndex) {
  TestClient client("127.0.0.1", harness_->port());
  ExpectProblem(client.Get("/api/catalog"), 404, "http.not_found",
                "请求的资源不存在");
  ExpectProblem(client.Get("/api"), 404, "http.not_found", "请求的资源不存在");
  // Only GET and HEAD read files.
  ExpectProblem(client.Post("/catalog", "{}"), 404, "http.not_found",
                "请求的资源不存在");
}

TEST_F(StaticFilesTest, EscapesAreRefused) {
  TestClient client("127.0.0.1", harness_->port());
  for (const char* path :
       {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
        "/..%2fsecret.txt", "/leak.txt", "//etc/passwd"}) {
    auto r = client.Get(path);
    EXPECT_EQ(r.status, 404u) << path;
    EXPECT_EQ(r.body.find("top secret"), std::string::npos) << path;
    EXPECT_EQ(r.Header("content-type"), kProblemType) << path;
  }
}

TEST(StaticFilesNotBuiltTest, RootSaysTheUiIsNotBuilt) {
  ServerOptions o = TestOptions();
  o.web_dir = "/nonexistent/zxkh-web";
  Harness h(o);
  TestClient client("127.0.0.1", h.port());
  auto r = client.Get("/");
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("网页界面尚未构建"), std::string::npos);
  EXPECT_EQ(client.Get("/api/hello").status, 200u);
}

}  // namespace
}  // namespace zxkh::http
