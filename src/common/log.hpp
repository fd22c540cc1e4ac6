// Structured logging: one JSON object per line on stderr, so that journald,
// Loki or `jq` can read the server's output without a custom parser.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <string_view>

namespace zxkh {

// Writes `fields` as one JSON line with a leading "ts" (RFC 3339 UTC with
// milliseconds, e.g. "2026-03-01T08:00:00.123Z"). Lines from concurrent
// callers never interleave. Thread-safe.
void LogJson(boost::json::object fields);

// Routes every subsequent line (without the trailing newline) to `sink`
// instead of stderr; an empty function restores stderr. The sink is called
// under the log mutex, so it must not log itself. Meant for tests.
void SetLogSink(std::function<void(std::string_view line)> sink);

// LogJson with "level":"info"/"error" and "event" ahead of `fields`.
void LogInfo(std::string_view event, boost::json::object fields = {});
void LogError(std::string_view event, boost::json::object fields = {});

}  // namespace zxkh
