#include "support/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <optional>
#include <utility>

namespace zxkh::test {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

boost::json::value HttpResult::Json() const {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  if (ec) return nullptr;
  return v;
}

std::string HttpResult::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

struct TestClient::State {
  std::string host;
  unsigned short port = 0;
  asio::io_context ioc;
  std::optional<tcp::socket> socket;
  beast::flat_buffer buffer;
  std::chrono::milliseconds timeout{10000};
  int connects = 0;

  // Runs one asynchronous operation to completion or until the timeout,
  // which closes the socket and reports beast::error::timeout.
  template <typename StartOp>
  beast::error_code RunOp(StartOp start) {
    beast::error_code result;
    bool done = false;
    start([&](beast::error_code ec, auto&&...) {
      result = ec;
      done = true;
    });
    ioc.restart();
    ioc.run_for(timeout);
    if (!done) {
      beast::error_code ignored;
      socket->close(ignored);
      ioc.restart();
      ioc.run();
      return beast::error::timeout;
    }
    return result;
  }

  void Reset() {
    if (socket) {
      beast::error_code ignored;
      socket->close(ignored);
    }
    socket.reset();
    buffer.clear();
  }

  beast::error_code Connect() {
    Reset();
    socket.emplace(ioc);
    beast::error_code ec;
    tcp::resolver resolver(ioc);
    auto endpoints = resolver.resolve(host, std::to_string(port), ec);
    if (ec) return ec;
    ec = RunOp([&](auto handler) {
      asio::async_connect(
          *socket, endpoints,
          [handler](beast::error_code e, const tcp::endpoint&) { handler(e); });
    });
    if (ec) return ec;
    ++connects;
    socket->set_option(tcp::no_delay(true), ec);
    return {};
  }
};

TestClient::TestClient(std::string host, unsigned short port)
    : state_(std::make_unique<State>()) {
  state_->host = std::move(host);
  state_->port = port;
}

TestClient::~TestClient() { state_->Reset(); }

HttpResult TestClient::Get(const std::string& path, const Headers& headers) {
  return Request(bhttp::verb::get, path, {}, headers, {});
}

HttpResult TestClient::Head(const std::string& path, const Headers& headers) {
  return Request(bhttp::verb::head, path, {}, headers, {});
}

HttpResult TestClient::Post(const std::string& path, std::string body,
                            const Headers& headers, std::string content_type) {
  return Request(bhttp::verb::post, path, std::move(body), headers,
                 std::move(content_type));
}

HttpResult TestClient::Put(const std::string& path, std::string body,
                           const Headers& headers, std::string content_type) {
  return Request(bhttp::verb::put, path, std::move(body), headers,
                 std::move(content_type));
}

HttpResult TestClient::Delete(const std::string& path, const Headers& headers) {
  return Request(bhttp::verb::delete_, path, {}, headers, {});
}

HttpResult TestClient::Request(bhttp::verb verb, const std::string& path,
                               std::string body, const Headers& headers,
                               std::string content_type) {
  State& s = *state_;
  bhttp::request<bhttp::string_body> req{verb, path, 11};
  req.set(bhttp::field::host, s.host + ":" + std::to_string(s.port));
  req.set(bhttp::field::user_agent, "zxkh-test-client");
  if (!content_type.empty()) req.set(bhttp::field::content_type, content_type);
  for (const auto& [name, value] : headers) req.set(name, value);
  req.body() = std::move(body);
  req.prepare_payload();

  HttpResult result;
  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool reused = s.socket.has_value() && s.socket->is_open();
    if (!reused) {
      if (beast::error_code ec = s.Connect()) {
        result.error = "connect: " + ec.message();
        return result;
      }
    }
    beast::error_code ec = s.RunOp(
        [&](auto handler) { bhttp::async_write(*s.socket, req, handler); });
    if (ec) {
      s.Reset();
      if (reused && attempt == 0) continue;
      result.error = "write: " + ec.message();
      return result;
    }
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64u << 20);
    if (verb == bhttp::verb::head) parser.skip(true);
    ec = s.RunOp([&](auto handler) {
      bhttp::async_read(*s.socket, s.buffer, parser, handler);
    });
    if (ec) {
      const bool nothing = !parser.got_some();
      s.Reset();
      // The server closed an idle keep-alive connection just before our
      // request: send it again on a new one.
      if (reused && attempt == 0 && nothing) continue;
      result.error = "read: " + ec.message();
      return result;
    }
    auto& res = parser.get();
    result.status = res.result_int();
    for (const auto& field : res) {
      result.headers[Lower(field.name_string())] = std::string(field.value());
    }
    result.body = std::move(res.body());
    if (!res.keep_alive()) s.Reset();
    return result;
  }
  return result;
}

void TestClient::Close() { state_->Reset(); }

int TestClient::connects() const { return state_->connects; }

unsigned short TestClient::local_port() const {
  if (!state_->socket || !state_->socket->is_open()) return 0;
  beast::error_code ec;
  auto ep = state_->socket->local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void TestClient::set_timeout(std::chrono::milliseconds timeout) {
  state_->timeout = timeout;
}

}  // namespace zxkh::test
