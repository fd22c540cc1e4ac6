#include "common/log.hpp"

#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <string>
#include <utility>

namespace zxkh {
namespace {

std::mutex& LogMutex() {
  static std::mutex mu;
  return mu;
}

std::function<void(std::string_view)>& LogSink() {
  static std::function<void(std::string_view)> sink;
  return sink;
}

std::string NowRfc3339() {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  const int n =
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                    tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return std::string(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
}

void LogLeveled(std::string_view level, std::string_view event,
                boost::json::object fields) {
  boost::json::object line;
  line.reserve(fields.size() + 2);
  line["level"] = level;
  line["event"] = event;
  for (auto& kv : fields) line[kv.key()] = std::move(kv.value());
  LogJson(std::move(line));
}

}  // namespace

void LogJson(boost::json::object fields) {
  // "ts" first so that lines sort and scan by time.
  boost::json::object line;
  line.reserve(fields.size() + 1);
  line["ts"] = NowRfc3339();
  for (auto& kv : fields) {
    if (kv.key() != "ts") line[kv.key()] = std::move(kv.value());
  }
  std::string text = boost::json::serialize(line);
  std::lock_guard lock(LogMutex());
  if (LogSink()) {
    LogSink()(text);
    return;
  }
  text.push_back('\n');
  // One fwrite on unbuffered stderr is one write(2): lines stay whole even
  // when other processes share the stream.
  std::fwrite(text.data(), 1, text.size(), stderr);
}

void SetLogSink(std::function<void(std::string_view line)> sink) {
  std::lock_guard lock(LogMutex());
  LogSink() = std::move(sink);
}

void LogInfo(std::string_view event, boost::json::object fields) {
  LogLeveled("info", event, std::move(fields));
}

void LogError(std::string_view event, boost::json::object fields) {
  LogLeveled("error", event, std::move(fields));
}

}  // namespace zxkh
