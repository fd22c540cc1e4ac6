#include "http/server.hpp"

#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/log.hpp"
#include "http/json_schema.hpp"
#include "http/problem.hpp"
#include "http/static_files.hpp"

namespace zxkh::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kHeaderLimit = 16 * 1024;
constexpr std::size_t kReadChunk = 4096;
// After an error answer the server discards what the client is still
// sending, so that closing does not reset the connection before the client
// has read the answer; bounded in bytes and time.
constexpr std::size_t kLingerBytes = 8 << 20;
constexpr std::chrono::seconds kLingerTime{5};
constexpr std::string_view kUnmatched = "unmatched";

char AsciiLower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

bool ValidRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

// Request ids only need to be unique enough to correlate log lines, not
// unpredictable, so a per-thread PRNG avoids a syscall per request.
std::string NewRequestId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t v = rng();
  std::string id(16, '0');
  for (int i = 15; i >= 0; --i) {
    id[static_cast<std::size_t>(i)] = kHex[v & 0xf];
    v >>= 4;
  }
  return id;
}

// RFC 7231 IMF-fixdate, recomputed at most once a second per thread.
const std::string& HttpDate() {
  thread_local std::time_t cached_second = 0;
  thread_local std::string cached;
  const std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed",
                                            "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr",
                                              "May", "Jun", "Jul", "Aug",
                                              "Sep", "Oct", "Nov", "Dec"};
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                  kDays[tm.tm_wday], tm.tm_mday, kMonths[tm.tm_mon],
                  tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    cached = buf;
    cached_second = now;
  }
  return cached;
}

// "1 MB", "512 KB" or "1000 字节": the limit as people would write it.
std::string HumanSize(std::size_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) {
    return std::to_string(bytes >> 20) + " MB";
  }
  if (bytes >= 1024 && bytes % 1024 == 0) {
    return std::to_string(bytes >> 10) + " KB";
  }
  return std::to_string(bytes) + " 字节";
}

// A problem+json answer whose HTTP status has no StatusCode (415, 431).
Response ProblemWithStatus(unsigned http_status, std::string code,
                           std::string title) {
  boost::json::object body =
      ProblemBody(Status::InvalidArgument(std::move(code), std::move(title)));
  body["status"] = http_status;
  Response r;
  r.status = http_status;
  r.content_type = "application/problem+json; charset=utf-8";
  r.body = boost::json::serialize(body);
  return r;
}

std::array<unsigned char, crypto_generichash_BYTES> TokenDigest(
    std::string_view token) {
  std::array<unsigned char, crypto_generichash_BYTES> out{};
  crypto_generichash(out.data(), out.size(),
                     reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return out;
}

// Runs blocking handlers off the I/O threads. Not asio::thread_pool: that
// wakes a sleeping thread for every job, and the futex wake plus context
// switch per request cost about as much CPU as the rest of the request
// (measured: 50 vs 31 µs of server CPU per request with 4 workers on 2
// cores). Here a worker that finished a job yields briefly while watching
// for the next, and a sleeper is woken only when queued jobs outnumber the
// watching workers.
class WorkerPool {
 public:
  using Job = std::function<void()>;

  explicit WorkerPool(int threads) {
    threads_.reserve(static_cast<std::size_t>(threads));
    for (int i = 0; i < threads; ++i) {
      threads_.emplace_back([this] { Work(); });
    }
  }
  ~WorkerPool() { Join(); }

  // Thread-safe. Jobs must not throw.
  void Post(Job job) {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(job));
    queued_.store(queue_.size(), std::memory_order_relaxed);
    if (sleeping_ > 0 && queue_.size() > watching_) wake_.notify_one();
  }

  // Runs every queued job, then ends the threads. Idempotent; call from the
  // owning thread only.
  void Join() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
  }

 private:
  static constexpr int kWatchYields = 64;

  void Work() {
    std::unique_lock lock(mu_);
    for (;;) {
      if (queue_.empty()) {
        ++watching_;
        lock.unlock();
        for (int i = 0;
             i < kWatchYields && queued_.load(std::memory_order_relaxed) == 0;
             ++i) {
          std::this_thread::yield();
        }
        lock.lock();
        --watching_;
        while (queue_.empty()) {
          if (stop_) return;
          ++sleeping_;
          wake_.wait(lock);
          --sleeping_;
        }
      }
      Job job = std::move(queue_.front());
      queue_.pop_front();
      queued_.store(queue_.size(), std::memory_order_relaxed);
      lock.unlock();
      job();
      job = nullptr;  // release what it holds before sleeping
      lock.lock();
    }
  }

  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Job> queue_;               // guarded by mu_
  std::atomic<std::size_t> queued_{0};  // queue_.size(), read unlocked
  std::size_t watching_ = 0;            // guarded by mu_
  int sleeping_ = 0;                    // guarded by mu_
  bool stop_ = false;                   // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace

class Server::Impl {
 public:
  class Session;

  Impl(ServerOptions opts, const Router& r, Metrics& m)
      : options(std::move(opts)),
        router(r),
        metrics(m),
        static_files(options.web_dir),
        io_threads(options.io_threads > 0
                       ? options.io_threads
                       : std::max(1, static_cast<int>(
                                         std::thread::hardware_concurrency()))),
        ioc(io_threads),
        acceptor(asio::make_strand(ioc)),
        accept_retry(acceptor.get_executor()),
        workers(WorkerCount(options.worker_threads)) {
    if (sodium_init() < 0) throw std::runtime_error("sodium_init failed");
    for (const Route& r : router.routes()) {
      max_upload_bytes = std::max(max_upload_bytes, r.upload_limit_bytes);
    }
    upload_dir = options.upload_dir.empty()
                     ? std::filesystem::temp_directory_path().string()
                     : options.upload_dir;
    too_large_title =
        "请求体过大，最大允许 " + HumanSize(options.max_body_bytes);
  }

  static int WorkerCount(int configured) {
    if (configured > 0) return configured;
    const int cores =
        std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    return std::max(4, 2 * cores);
  }

  void DoAccept();

  const ServerOptions options;
  const Router& router;
  Metrics& metrics;
  const StaticFiles static_files;
  RateLimiter rate_limiter;
  std::string too_large_title;
  std::string upload_dir;
  std::size_t max_upload_bytes = 0;  // the largest Route::upload_limit_bytes
  std::atomic<bool> draining{false};

  // Live sessions, so that Shutdown can close the idle ones. Declared before
  // ioc: sessions destroyed with the io_context unregister themselves here.
  std::mutex sessions_mu;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;

  const int io_threads;
  asio::io_context ioc;
  tcp::acceptor acceptor;  // on its own strand; closed by Shutdown
  asio::steady_timer accept_retry;
  // Declared last so it is joined first: its queued jobs hold sessions and
  // work guards on ioc.
  WorkerPool workers;
};

// One TCP connection. Every member is touched only on the connection's
// strand, except req_ while a blocking handler reads it on the worker pool
// (the session then waits and touches nothing but state_).
class Server::Impl::Session
    : public std::enable_shared_from_this<Server::Impl::Session> {
 public:
  Session(tcp::socket&& socket, Impl& server)
      : server_(server), stream_(std::move(socket)) {
    beast::error_code ec;
    const auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ip_ = endpoint.address().to_string();
  }

  ~Session() {
    std::lock_guard lock(server_.sessions_mu);
    server_.sessions.erase(this);
  }

  void Start() {
    {
      std::lock_guard lock(server_.sessions_mu);
      server_.sessions.emplace(this, weak_from_this());
    }
    asio::dispatch(stream_.get_executor(),
                   [self = shared_from_this()] { self->WaitForRequest(); });
  }

  // Runs on the strand after Shutdown: a connection waiting for its next
  // request is closed now; any other finishes its request first (the
  // answer then carries Connection: close).
  void Drain() {
    // kClosed may still be discarding input after an error answer.
    if (state_ == State::kIdle || state_ == State::kClosed) stream_.cancel();
  }

  asio::any_io_executor executor() { return stream_.get_executor(); }

 private:
  enum class State { kIdle, kReading, kHandling, kWriting, kClosed };

  void WaitForRequest() {
    RemoveUpload();
    if (server_.draining.load()) return Close();
    parser_.emplace();
    // Beast compares Content-Length with the limit while parsing the header,
    // before the route is known: admit the largest upload here, then narrow
    // to the JSON limit once the route turns out not to take uploads.
    parser_->body_limit(
        std::max(server_.options.max_body_bytes, server_.max_upload_bytes));
    parser_->header_limit(kHeaderLimit);
    bytes_in_ = 0;
    close_after_ = false;
    linger_ = false;
    route_label_ = kUnmatched;
    if (buffer_.size() > 0) return ReadHeader();  // pipelined request
    // Wait for the first byte under the idle budget; the read timeout only
    // starts once a request is actually being sent.
    state_ = State::kIdle;
    stream_.expires_after(first_request_ ? server_.options.read_timeout
                                         : server_.options.idle_timeout);
    stream_.async_read_some(
        buffer_.prepare(kReadChunk),
        [self = shared_from_this()](beast::error_code ec, std::size_t n) {
          self->OnFirstBytes(ec, n);
        });
  }

  void OnFirstBytes(beast::error_code ec, std::size_t n) {
    if (ec) return Close();  // idle timeout, peer closed, or drained
    buffer_.commit(n);
    ReadHeader();
  }

  void ReadHeader() {
    state_ = State::kReading;
    stream_.expires_after(server_.options.read_timeout);
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t n) {
          self->OnHeader(ec, n);
        });
  }

  void OnHeader(beast::error_code ec, std::size_t n) {
    bytes_in_ += n;
    start_ = Clock::now();
    if (ec) return OnReadError(ec);
    server_.metrics.RequestStarted();
    counted_ = true;
    if (Status st = SwitchToFileBodyIfUpload(); !st.ok()) {
      return SendError(Response::Problem(st));
    }
    if (!file_parser_) {
      const auto length = parser_->content_length();
      if (length && *length > server_.options.max_body_bytes) {
        return SendError(Response::Problem(Status::PayloadTooLarge(
            "request.too_large", server_.too_large_title)));
      }
      parser_->body_limit(server_.options.max_body_bytes);
    }
    if (!file_parser_ && parser_->is_done()) return Dispatch();
    // curl and others wait for "100 Continue" before sending a large body.
    const auto& header = Header();
    const auto expect = header[bhttp::field::expect];
    if (header.version() >= 11 &&
        EqualsIgnoreCase(Trim(expect), "100-continue")) {
      static constexpr std::string_view kContinue =
          "HTTP/1.1 100 Continue\r\n\r\n";
      asio::async_write(
          stream_, asio::buffer(kContinue.data(), kContinue.size()),
          [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return self->Close();
            self->ReadBody();
          });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    auto done = [self = shared_from_this()](beast::error_code ec,
                                            std::size_t n) {
      self->bytes_in_ += n;
      if (ec) return self->OnReadError(ec);
      self->Dispatch();
    };
    if (file_parser_) {
      bhttp::async_read(stream_, buffer_, *file_parser_, std::move(done));
    } else {
      bhttp::async_read(stream_, buffer_, *parser_, std::move(done));
    }
  }

  // The header being read, whichever parser holds it.
  const bhttp::request_header<>& Header() const {
    if (file_parser_) return file_parser_->get();
    return parser_->get();
  }

  // When the request's route takes uploads, moves the parsed header into a
  // file_body parser writing to a new temporary file, with the route's limit.
  Status SwitchToFileBodyIfUpload() {
    auto target = boost::urls::parse_origin_form(parser_->get().target());
    if (!target) return Status::Ok();  // Dispatch answers the bad target
    RouteMatch match =
        server_.router.Match(parser_->get().method(), target->path());
    if (match.kind != RouteMatch::Kind::kFound ||
        match.route->upload_limit_bytes == 0) {
      return Status::Ok();
    }
    // The header was admitted under the largest route's limit: refuse a
    // declared length beyond this route's own before reading any body.
    const auto length = parser_->content_length();
    if (length && *length > match.route->upload_limit_bytes) {
      return Status::PayloadTooLarge(
          "request.too_large", "上传的文件过大，最大允许 " +
                                   HumanSize(match.route->upload_limit_bytes));
    }
    std::string path = server_.upload_dir + "/upload-XXXXXX";
    const int fd = mkstemp(path.data());
    if (fd < 0)
      return Status::Unavailable("request.upload_io",
                                 "无法保存上传的文件，请稍后重试");
    close(fd);
    upload_path_ = path;
    file_parser_.emplace(std::move(*parser_));
    parser_.reset();
    file_parser_->body_limit(match.route->upload_limit_bytes);
    beast::error_code ec;
    file_parser_->get().body().open(path.c_str(), beast::file_mode::write, ec);
    if (ec)
      return Status::Unavailable("request.upload_io",
                                 "无法保存上传的文件，请稍后重试");
    return Status::Ok();
  }

  // Deletes what is left of an upload (the handler may have moved it away).
  void RemoveUpload() {
    file_parser_.reset();
    if (!upload_path_.empty()) {
      std::remove(upload_path_.c_str());
      upload_path_.clear();
    }
  }

  void OnReadError(beast::error_code ec) {
    const bool http_error =
        ec.category() ==
        bhttp::make_error_code(bhttp::error::body_limit).category();
    if (!http_error || ec == bhttp::error::end_of_stream ||
        ec == bhttp::error::partial_message) {
      // Timeout, reset, or the peer went away: nobody to answer.
      FinishUncounted();
      return Close();
    }
    FillRequestLine();
    if (ec == bhttp::error::body_limit) {
      return SendError(Response::Problem(Status::PayloadTooLarge(
          "request.too_large", server_.too_large_title)));
    }
    if (ec == bhttp::error::header_limit) {
      return SendError(
          ProblemWithStatus(431, "request.header_too_large", "请求头过大"));
    }
    SendError(Response::Problem(
        Status::InvalidArgument("request.malformed", "请求格式错误")));
  }

  // Best effort for logging an error answer: method and path of a request
  // whose header was read.
  void FillRequestLine() {
    req_ = Request();
    // Not is_header_done(): a Content-Length over the limit fails the parse
    // at the end of the header, after the request line and fields were
    // stored.
    if (file_parser_) {
      const auto& msg = file_parser_->get();
      req_.method = msg.method();
      auto target = boost::urls::parse_origin_form(msg.target());
      if (target) req_.path = target->path();
      AssignRequestId(msg["X-Request-Id"]);
      return;
    }
    if (!parser_ || !parser_->got_some()) return;
    const auto& msg = parser_->get();
    req_.method = msg.method();
    auto target = boost::urls::parse_origin_form(msg.target());
    if (target) req_.path = target->path();
    AssignRequestId(msg["X-Request-Id"]);
  }

  void AssignRequestId(std::string_view incoming) {
    req_.request_id =
        ValidRequestId(incoming) ? std::string(incoming) : NewRequestId();
  }

  // Answers and then closes: the stream may hold the rest of a request
  // that will never be read.
  void SendError(Response response) {
    close_after_ = true;
    linger_ = true;
    if (!counted_) {
      server_.metrics.RequestStarted();
      counted_ = true;
    }
    Write(std::move(response));
  }

  void Dispatch() {
    state_ = State::kHandling;
    const auto& msg = Header();
    req_ = Request();
    req_.method = msg.method();
    req_.remote_ip = remote_ip_;
    for (const auto& field : msg) {
      std::string name(field.name_string());
      for (char& c : name) c = AsciiLower(c);
      auto [it, inserted] =
          req_.headers.try_emplace(std::move(name), field.value());
      if (!inserted) {
        // Repeated fields are one comma-separated list (RFC 9110 5.3).
        it->second += ", ";
        it->second += field.value();
      }
    }
    AssignRequestId(msg["X-Request-Id"]);
    if (file_parser_) {
      beast::error_code ec;
      file_parser_->get().body().close();
      req_.body_file = upload_path_;
      keep_alive_ = file_parser_->get().keep_alive();
    } else {
      req_.body = std::move(parser_->get().body());
      keep_alive_ = parser_->get().keep_alive();
    }

    auto target = boost::urls::parse_origin_form(msg.target());
    if (!target) return Write(BadTarget());
    req_.path = target->path();
    if (req_.path.find('\0') != std::string::npos) return Write(BadTarget());
    for (const auto& param : target->params(boost::urls::encoding_opts(true))) {
      req_.query.emplace(param.key, param.value);
    }

    RouteMatch match = server_.router.Match(req_.method, req_.path);
    if (match.kind == RouteMatch::Kind::kMethodNotAllowed) {
      Response r =
          ProblemWithStatus(405, "http.method_not_allowed", "不支持该请求方法");
      std::string allow;
      for (Verb v : match.allowed) {
        if (!allow.empty()) allow += ", ";
        allow += bhttp::to_string(v);
      }
      r.headers.emplace_back("Allow", std::move(allow));
      return Write(std::move(r));
    }
    if (match.kind == RouteMatch::Kind::kNoSuchPath) {
      const bool api = req_.path == "/api" || req_.path.starts_with("/api/");
      if (!api && (req_.method == Verb::get || req_.method == Verb::head)) {
        return Write(server_.static_files.Serve(req_));
      }
      return Write(Response::Problem(
          Status::NotFound("http.not_found", "请求的资源不存在")));
    }

    const Route& route = *match.route;
    route_label_ = route.pattern;
    req_.path_params = std::move(match.path_params);
    if (server_.options.rate_limits && route.rate_limit.per_minute > 0) {
      const int retry_after = server_.rate_limiter.Take(
          route.pattern + " " + ClientAddress(), route.rate_limit);
      if (retry_after > 0) {
        Response r = ProblemWithStatus(
            429, "http.rate_limited",
            "请求过于频繁，请 " + std::to_string(retry_after) + " 秒后再试");
        r.headers.emplace_back("Retry-After", std::to_string(retry_after));
        return Write(std::move(r));
      }
    }

    const bool needs_session = route.policy.kind == Policy::Kind::kSession;
    if (!needs_session && !route.blocking) return Write(Handle(route));
    // Sessions live in the database, so authentication blocks too: it runs
    // on the worker pool with the handler. The work guard keeps ioc.run()
    // from returning while it runs and nothing else is pending.
    auto ex = stream_.get_executor();
    server_.workers.Post([self = shared_from_this(), &route, ex,
                          guard = asio::make_work_guard(ex)]() mutable {
      Response response = self->Handle(route);
      asio::post(ex, [self = std::move(self),
                      response = std::move(response)]() mutable {
        self->Write(std::move(response));
      });
    });
  }

  // The client: the socket's peer, or — when the peer is a trusted reverse
  // proxy — the last address it appended to X-Forwarded-For.
  std::string ClientAddress() const {
    const auto& proxies = server_.options.trusted_proxies;
    if (std::find(proxies.begin(), proxies.end(), remote_ip_) ==
        proxies.end()) {
      return remote_ip_;
    }
    auto xff = req_.headers.find("x-forwarded-for");
    if (xff == req_.headers.end()) return remote_ip_;
    std::string_view list = xff->second;
    const std::size_t comma = list.rfind(',');
    std::string_view last =
        Trim(comma == std::string_view::npos ? list : list.substr(comma + 1));
    return last.empty() ? remote_ip_ : std::string(last);
  }

  // Access policy, request schema, handler: everything after routing.
  Response Handle(const Route& route) {
    if (route.policy.kind == Policy::Kind::kSession) {
      if (Status st = Authorize(route.policy); !st.ok()) {
        return Response::Problem(st);
      }
    }
    if (route.request_schema) {
      const auto ct = req_.headers.find("content-type");
      const std::string_view content_type =
          ct == req_.headers.end() ? std::string_view() : ct->second;
      if (!EqualsIgnoreCase(
              Trim(content_type.substr(0, content_type.find(';'))),
              "application/json")) {
        return ProblemWithStatus(415, "request.unsupported_media_type",
                                 "请求体必须是 application/json");
      }
      Result<boost::json::value> parsed = ParseJsonBody(req_.body);
      if (!parsed.ok()) return Response::Problem(parsed.status());
      Status valid = ValidateJson(*route.request_schema, *parsed);
      if (!valid.ok()) {
        if (valid.status_code() == StatusCode::kInternal) {
          LogError("http.schema_invalid", {{"request_id", req_.request_id},
                                           {"route", route.pattern},
                                           {"error", valid.ToString()}});
        }
        return Response::Problem(valid);
      }
      req_.json = std::move(parsed).value();
    }
    return Invoke(route);
  }

  // Resolves the session cookie and applies the route's policy: 401 without
  // a live session, 403 for a role the route does not allow, while the
  // password must be changed, or without the session's CSRF token on a
  // state-changing request. Sets req_.caller.
  Status Authorize(const Policy& policy) {
    if (!server_.options.authenticate) {
      return Status::Unauthenticated("auth.required", "请先登录");
    }
    auto session =
        server_.options.authenticate(SessionCookie(req_), req_.request_id);
    if (!session.ok()) return session.status();
    if (!policy.Allows(session->caller.role)) {
      return Status::PermissionDenied("auth.forbidden",
                                      "当前角色无权访问该功能");
    }
    if (session->must_change_password &&
        !policy.during_forced_password_change) {
      return Status::PermissionDenied("auth.password_change_required",
                                      "请先修改初始密码后再继续操作");
    }
    const bool safe = req_.method == Verb::get || req_.method == Verb::head ||
                      req_.method == Verb::options;
    if (!safe) {
      auto it = req_.headers.find("x-csrf-token");
      const std::string_view presented =
          it == req_.headers.end() ? std::string_view() : Trim(it->second);
      // Compared as fixed-size digests: constant time in content and length.
      if (presented.empty() ||
          sodium_memcmp(TokenDigest(presented).data(),
                        TokenDigest(session->csrf_token).data(),
                        crypto_generichash_BYTES) != 0) {
        return Status::PermissionDenied(
            "auth.csrf", "请求缺少有效的安全令牌（CSRF），请刷新页面后重试");
      }
    }
    req_.caller = std::move(session->caller);
    return Status::Ok();
  }

  static Response BadTarget() {
    return Response::Problem(
        Status::InvalidArgument("request.bad_target", "请求地址格式错误"));
  }

  // The handler's answer; never throws, so no exception reaches Asio.
  Response Invoke(const Route& route) {
    try {
      if (!route.handler) throw std::logic_error("route has no handler");
      return route.handler(req_);
    } catch (const std::exception& e) {
      LogError("http.handler_exception", {{"request_id", req_.request_id},
                                          {"route", route.pattern},
                                          {"error", e.what()}});
    } catch (...) {
      LogError("http.handler_exception", {{"request_id", req_.request_id},
                                          {"route", route.pattern},
                                          {"error", "non-standard exception"}});
    }
    return Response::Problem(Status::Internal("internal", "handler failed"));
  }

  void Write(Response response) {
    state_ = State::kWriting;
    if (response.status < 200 || response.status > 599) {
      // Interim and invented codes would break the framing; a handler bug.
      LogError("http.bad_status", {{"request_id", req_.request_id},
                                   {"route", route_label_},
                                   {"status", response.status}});
      response = Response::Problem(Status::Internal("internal", "bad status"));
    }
    res_ = {};
    res_.version(file_parser_ ? file_parser_->get().version()
                 : parser_ && parser_->is_header_done()
                     ? parser_->get().version()
                     : 11);
    res_.result(response.status);
    status_ = response.status;
    const bool no_body = response.status == 204 || response.status == 304;
    if (!response.content_type.empty() && !no_body) {
      res_.set(bhttp::field::content_type, response.content_type);
    }
    res_.set(bhttp::field::date, HttpDate());
    res_.set("X-Request-Id", req_.request_id);
    res_.set("X-Content-Type-Options", "nosniff");
    res_.set("Referrer-Policy", "same-origin");
    res_.set("X-Frame-Options", "DENY");
    for (auto& [name, value] : response.headers) res_.insert(name, value);

    const bool keep = keep_alive_ && !close_after_ && !server_.draining.load();
    close_after_ = !keep;
    res_.keep_alive(keep);
    if (no_body) {
      res_.prepare_payload();  // an empty body: no Content-Length at all
    } else if (req_.method == Verb::head) {
      // HEAD: the GET answer's length, without its bytes.
      res_.content_length(response.body.size());
    } else {
      res_.body() = std::move(response.body);
      res_.prepare_payload();
    }
    stream_.expires_after(server_.options.read_timeout);
    bhttp::async_write(
        stream_, res_,
        [self = shared_from_this()](beast::error_code ec, std::size_t n) {
          self->OnWritten(ec, n);
        });
  }

  void OnWritten(beast::error_code ec, std::size_t bytes_out) {
    const auto duration = Clock::now() - start_;
    server_.metrics.Observe(route_label_, req_.method, status_, duration);
    FinishUncounted();
    boost::json::object line;
    line.reserve(12);
    line["level"] = "info";
    line["event"] = "http";
    line["request_id"] = req_.request_id;
    line["method"] = bhttp::to_string(req_.method);
    line["path"] = req_.path;
    line["route"] = route_label_;
    line["status"] = status_;
    line["duration_ms"] =
        std::chrono::duration<double, std::milli>(duration).count();
    line["bytes_in"] = bytes_in_;
    line["bytes_out"] = bytes_out;
    line["remote_ip"] = remote_ip_;
    LogJson(std::move(line));

    if (ec) return Close();
    if (linger_) return LingeringClose();
    if (close_after_) return Close();
    first_request_ = false;
    WaitForRequest();
  }

  void FinishUncounted() {
    if (counted_) server_.metrics.RequestFinished();
    counted_ = false;
  }

  void Close() {
    RemoveUpload();
    state_ = State::kClosed;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  void LingeringClose() {
    state_ = State::kClosed;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::min<std::chrono::steady_clock::duration>(
        kLingerTime, server_.options.read_timeout));
    buffer_.clear();
    Discard(0);
  }

  void Discard(std::size_t discarded) {
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = shared_from_this(), discarded](
                                beast::error_code ec, std::size_t n) {
                              if (ec || discarded + n > kLingerBytes)
                                return self->stream_.close();
                              self->Discard(discarded + n);
                            });
  }

  Impl& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  // Upload routes: the body goes to a temporary file instead (see
  // Route::upload_limit_bytes); parser_ is empty while this one reads.
  std::optional<bhttp::request_parser<bhttp::file_body>> file_parser_;
  std::string upload_path_;
  bhttp::response<bhttp::string_body> res_;
  Request req_;
  std::string remote_ip_;
  std::string_view route_label_ = kUnmatched;  // points into the Router
  State state_ = State::kIdle;
  Clock::time_point start_{};
  std::size_t bytes_in_ = 0;
  unsigned status_ = 0;
  bool first_request_ = true;
  bool keep_alive_ = false;
  bool close_after_ = false;
  bool linger_ = false;
  bool counted_ = false;  // RequestStarted called, RequestFinished not yet
};

void Server::Impl::DoAccept() {
  acceptor.async_accept(
      asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
        if (!acceptor.is_open() || draining.load()) return;
        if (ec) {
          // Out of descriptors and the like: back off instead of spinning.
          LogError("http.accept_failed", {{"error", ec.message()}});
          accept_retry.expires_after(std::chrono::milliseconds(100));
          accept_retry.async_wait([this](beast::error_code wait_ec) {
            if (!wait_ec) DoAccept();
          });
          return;
        }
        beast::error_code opt_ec;
        // Small answers on keep-alive connections must not wait for Nagle.
        socket.set_option(tcp::no_delay(true), opt_ec);
        std::make_shared<Session>(std::move(socket), *this)->Start();
        DoAccept();
      });
}

Server::Server(ServerOptions options, const Router& router, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics)) {}

Server::~Server() = default;

Result<unsigned short> Server::Listen() {
  Impl& s = *impl_;
  beast::error_code ec;
  auto fail = [&](std::string_view step) -> Result<unsigned short> {
    return Status::Unavailable("server.listen_failed",
                               "无法监听 " + s.options.address + ":" +
                                   std::to_string(s.options.port) + "（" +
                                   std::string(step) + "）：" + ec.message());
  };
  const auto address = asio::ip::make_address(s.options.address, ec);
  if (ec) return fail("地址无效");
  const tcp::endpoint endpoint(address, s.options.port);
  s.acceptor.open(endpoint.protocol(), ec);
  if (ec) return fail("open");
  s.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) return fail("reuse_address");
  s.acceptor.bind(endpoint, ec);
  if (ec) return fail("bind");
  s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen");
  const unsigned short port = s.acceptor.local_endpoint(ec).port();
  if (ec) return fail("local_endpoint");
  asio::post(s.acceptor.get_executor(), [&s] { s.DoAccept(); });
  LogInfo("http.listening", {{"address", s.options.address},
                             {"port", port},
                             {"io_threads", s.io_threads},
                             {"web_ui", s.static_files.available()}});
  return port;
}

void Server::Run() {
  Impl& s = *impl_;
  auto run_io = [&s] {
    for (;;) {
      try {
        s.ioc.run();
        return;
      } catch (const std::exception& e) {
        // Handlers do not throw; this is a bug, but one connection's bug
        // must not stop the server.
        LogError("http.io_exception", {{"error", e.what()}});
      }
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(s.io_threads - 1));
  for (int i = 1; i < s.io_threads; ++i) threads.emplace_back(run_io);
  run_io();
  for (auto& t : threads) t.join();
  s.workers.Join();
}

void Server::Shutdown() {
  Impl& s = *impl_;
  if (s.draining.exchange(true)) return;
  asio::post(s.acceptor.get_executor(), [&s] {
    beast::error_code ec;
    s.acceptor.close(ec);
    s.accept_retry.cancel();
    std::vector<std::shared_ptr<Impl::Session>> live;
    {
      std::lock_guard lock(s.sessions_mu);
      live.reserve(s.sessions.size());
      for (auto& [raw, weak] : s.sessions) {
        if (auto session = weak.lock()) live.push_back(std::move(session));
      }
    }
    for (auto& session : live) {
      auto ex = session->executor();
      asio::post(ex, [session = std::move(session)] { session->Drain(); });
    }
    LogInfo("http.draining", {{"connections", live.size()}});
  });
}

Route HealthRoute() {
  Route r;
  r.method = Verb::get;
  r.pattern = "/healthz";
  r.policy = Policy::Public();
  r.tag = "ops";
  r.summary = "健康检查：进程在运行并能应答请求";
  r.blocking = false;
  r.handler = [](const Request&) {
    static const boost::json::value kOk = {{"status", "ok"}};
    return Response::Json(kOk);
  };
  return r;
}

Route MetricsRoute(Metrics& metrics) {
  Route r;
  r.method = Verb::get;
  r.pattern = "/metrics";
  r.policy = Policy::Public();
  r.tag = "ops";
  r.summary = "Prometheus 监控指标（文本格式 0.0.4）";
  r.blocking = false;
  r.handler = [&metrics](const Request&) {
    return Response::Text(metrics.Render(),
                          "text/plain; version=0.0.4; charset=utf-8");
  };
  return r;
}

}  // namespace zxkh::http

namespace zxkh::http {

std::string SessionCookie(const Request& req) {
  auto it = req.headers.find("cookie");
  if (it == req.headers.end()) return {};
  std::string_view rest = it->second;
  while (!rest.empty()) {
    const std::size_t semi = rest.find(';');
    std::string_view pair = Trim(rest.substr(0, semi));
    rest = semi == std::string_view::npos ? std::string_view()
                                          : rest.substr(semi + 1);
    const std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos &&
        Trim(pair.substr(0, eq)) == kSessionCookie) {
      return std::string(Trim(pair.substr(eq + 1)));
    }
  }
  return {};
}

}  // namespace zxkh::http
