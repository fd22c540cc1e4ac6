#include "http/metrics.hpp"

#include <algorithm>
#include <boost/beast/http/verb.hpp>
#include <charconv>
#include <cmath>
#include <utility>

namespace zxkh::http {

struct Metrics::Counter {
  Verb method;
  unsigned status;
  std::atomic<std::uint64_t> count{0};
  std::atomic<Counter*> next{nullptr};
};

struct Metrics::RouteSeries {
  std::string route;
  // Per-bucket (not cumulative) counts; index kBuckets.size() is +Inf.
  std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> buckets{};
  std::atomic<std::uint64_t> sum_ns{0};
  std::atomic<std::uint64_t> count{0};
  // Lock-free list of (method, status) counters; pushed under mu_.
  std::atomic<Counter*> counters{nullptr};
};

namespace {

// Bucket bounds in nanoseconds, so that observing is integer compares.
constexpr std::array<std::int64_t, Metrics::kBuckets.size()> kBucketNs = {
    500'000,       1'000'000,     2'500'000,     5'000'000,     10'000'000,
    25'000'000,    50'000'000,    100'000'000,   250'000'000,   500'000'000,
    1'000'000'000, 2'500'000'000, 5'000'000'000, 10'000'000'000};

constexpr std::array<std::string_view, Metrics::kBuckets.size()> kBucketLe = {
    "0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05",
    "0.1",    "0.25",  "0.5",    "1",     "2.5",  "5",     "10"};

void AppendEscaped(std::string& out, std::string_view value, bool quote) {
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

void AppendUint(std::string& out, std::uint64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

void AppendDouble(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "NaN";
  } else if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
  } else {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, end);
  }
}

std::string_view MethodLabel(Verb method) {
  if (method == Verb::unknown) return "OTHER";
  return boost::beast::http::to_string(method);
}

}  // namespace

Metrics::Metrics() = default;
Metrics::~Metrics() = default;

Metrics::RouteSeries& Metrics::SeriesFor(std::string_view route) {
  const std::size_t h = std::hash<std::string_view>{}(route);
  for (std::size_t i = 0; i < kSlots; ++i) {
    RouteSeries* s =
        slots_[(h + i) & (kSlots - 1)].load(std::memory_order_acquire);
    if (s == nullptr) break;
    if (s->route == route) return *s;
  }
  std::lock_guard lock(mu_);
  std::size_t free_slot = kSlots;
  for (std::size_t i = 0; i < kSlots; ++i) {
    const std::size_t slot = (h + i) & (kSlots - 1);
    RouteSeries* s = slots_[slot].load(std::memory_order_relaxed);
    if (s == nullptr) {
      free_slot = slot;
      break;
    }
    if (s->route == route) return *s;
  }
  // Keep probe chains short and the label set bounded even if a caller
  // passes unbounded route names by mistake.
  if (free_slot == kSlots || series_.size() >= kSlots / 2) {
    if (overflow_ == nullptr) {
      series_.push_back(std::make_unique<RouteSeries>());
      overflow_ = series_.back().get();
      overflow_->route = "other";
    }
    return *overflow_;
  }
  series_.push_back(std::make_unique<RouteSeries>());
  RouteSeries* created = series_.back().get();
  created->route = std::string(route);
  slots_[free_slot].store(created, std::memory_order_release);
  return *created;
}

Metrics::Counter& Metrics::CounterFor(RouteSeries& series, Verb method,
                                      unsigned status) {
  for (Counter* c = series.counters.load(std::memory_order_acquire);
       c != nullptr; c = c->next.load(std::memory_order_acquire)) {
    if (c->method == method && c->status == status) return *c;
  }
  std::lock_guard lock(mu_);
  for (Counter* c = series.counters.load(std::memory_order_relaxed);
       c != nullptr; c = c->next.load(std::memory_order_relaxed)) {
    if (c->method == method && c->status == status) return *c;
  }
  counters_.push_back(std::make_unique<Counter>());
  Counter* created = counters_.back().get();
  created->method = method;
  created->status = status;
  created->next.store(series.counters.load(std::memory_order_relaxed),
                      std::memory_order_relaxed);
  series.counters.store(created, std::memory_order_release);
  return *created;
}

void Metrics::Observe(std::string_view route, Verb method, unsigned status,
                      std::chrono::nanoseconds duration) {
  RouteSeries& series = SeriesFor(route);
  CounterFor(series, method, status)
      .count.fetch_add(1, std::memory_order_relaxed);
  const std::int64_t ns = std::max<std::int64_t>(duration.count(), 0);
  const std::size_t bucket = static_cast<std::size_t>(
      std::lower_bound(kBucketNs.begin(), kBucketNs.end(), ns) -
      kBucketNs.begin());
  series.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  series.sum_ns.fetch_add(static_cast<std::uint64_t>(ns),
                          std::memory_order_relaxed);
  series.count.fetch_add(1, std::memory_order_relaxed);
}

void Metrics::AddGauge(std::string name, std::string help,
                       std::function<double()> read) {
  std::lock_guard lock(mu_);
  for (Gauge& g : gauges_) {
    if (g.name == name) {
      g.help = std::move(help);
      g.read = std::move(read);
      return;
    }
  }
  gauges_.push_back(Gauge{std::move(name), std::move(help), std::move(read)});
}

std::string Metrics::Render() const {
  std::vector<const RouteSeries*> series;
  std::vector<Gauge> gauges;
  {
    std::lock_guard lock(mu_);
    series.reserve(series_.size());
    for (const auto& s : series_) series.push_back(s.get());
    gauges = gauges_;
  }
  std::sort(series.begin(), series.end(),
            [](const RouteSeries* a, const RouteSeries* b) {
              return a->route < b->route;
            });

  std::string out;
  out.reserve(512 + series.size() * 2048);

  out +=
      "# HELP zxkh_http_requests_total HTTP requests answered, by route "
      "pattern, method and status.\n"
      "# TYPE zxkh_http_requests_total counter\n";
  for (const RouteSeries* s : series) {
    std::vector<const Counter*> counters;
    for (const Counter* c = s->counters.load(std::memory_order_acquire);
         c != nullptr; c = c->next.load(std::memory_order_acquire)) {
      counters.push_back(c);
    }
    std::sort(counters.begin(), counters.end(),
              [](const Counter* a, const Counter* b) {
                const std::string_view am = MethodLabel(a->method);
                const std::string_view bm = MethodLabel(b->method);
                return am != bm ? am < bm : a->status < b->status;
              });
    for (const Counter* c : counters) {
      out += "zxkh_http_requests_total{route=\"";
      AppendEscaped(out, s->route, true);
      out += "\",method=\"";
      out += MethodLabel(c->method);
      out += "\",status=\"";
      AppendUint(out, c->status);
      out += "\"} ";
      AppendUint(out, c->count.load(std::memory_order_relaxed));
      out += '\n';
    }
  }

  out +=
      "# HELP zxkh_http_request_duration_seconds Time from a request's "
      "header being read to its answer being written.\n"
      "# TYPE zxkh_http_request_duration_seconds histogram\n";
  for (const RouteSeries* s : series) {
    // Read the count last and clamp: buckets, sum and count are separate
    // atomics, and a scrape must never see a cumulative bucket above _count.
    std::uint64_t cumulative = 0;
    std::string label;
    AppendEscaped(label, s->route, true);
    for (std::size_t i = 0; i < kBucketLe.size(); ++i) {
      cumulative += s->buckets[i].load(std::memory_order_relaxed);
      out += "zxkh_http_request_duration_seconds_bucket{route=\"";
      out += label;
      out += "\",le=\"";
      out += kBucketLe[i];
      out += "\"} ";
      AppendUint(out, cumulative);
      out += '\n';
    }
    cumulative += s->buckets[kBucketLe.size()].load(std::memory_order_relaxed);
    const std::uint64_t sum_ns = s->sum_ns.load(std::memory_order_relaxed);
    const std::uint64_t count =
        std::max(cumulative, s->count.load(std::memory_order_relaxed));
    out += "zxkh_http_request_duration_seconds_bucket{route=\"";
    out += label;
    out += "\",le=\"+Inf\"} ";
    AppendUint(out, count);
    out += "\nzxkh_http_request_duration_seconds_sum{route=\"";
    out += label;
    out += "\"} ";
    AppendDouble(out, static_cast<double>(sum_ns) / 1e9);
    out += "\nzxkh_http_request_duration_seconds_count{route=\"";
    out += label;
    out += "\"} ";
    AppendUint(out, count);
    out += '\n';
  }

  out +=
      "# HELP zxkh_http_requests_in_flight Requests read but not yet "
      "answered.\n"
      "# TYPE zxkh_http_requests_in_flight gauge\n"
      "zxkh_http_requests_in_flight ";
  AppendUint(out, static_cast<std::uint64_t>(
                      std::max<std::int64_t>(in_flight_.load(), 0)));
  out += '\n';

  std::sort(gauges.begin(), gauges.end(),
            [](const Gauge& a, const Gauge& b) { return a.name < b.name; });
  for (const Gauge& g : gauges) {
    out += "# HELP ";
    out += g.name;
    out += ' ';
    AppendEscaped(out, g.help, false);
    out += "\n# TYPE ";
    out += g.name;
    out += " gauge\n";
    out += g.name;
    out += ' ';
    double value = 0.0;
    try {
      value = g.read ? g.read() : 0.0;
    } catch (...) {
      // A broken gauge must not take the whole scrape down with it.
      value = std::nan("");
    }
    AppendDouble(out, value);
    out += '\n';
  }
  return out;
}

}  // namespace zxkh::http
