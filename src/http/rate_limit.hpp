// Per-client request limits for routes that answer the public (login,
// registration, certificate verification): a token bucket per route and
// client address, so one address cannot guess passwords or enumerate
// certificates, while everyone else is unaffected.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace zxkh::http {

// `per_minute` requests a minute on average, up to `burst` at once
// (0 = per_minute). per_minute 0 = unlimited.
struct RateLimit {
  int per_minute = 0;
  int burst = 0;
};

// Thread-safe. Memory is bounded: buckets that have refilled completely
// carry no information and are dropped when a shard grows large.
class RateLimiter {
 public:
  using Now = std::chrono::steady_clock::time_point;

  // Takes one request for `key` under `limit` at `now`. Returns 0 when it
  // may proceed, otherwise the whole seconds (≥ 1) until it may retry.
  int Take(std::string_view key, const RateLimit& limit,
           Now now = std::chrono::steady_clock::now());
  // How many keys are remembered (for tests of the memory bound).
  std::size_t TrackedKeys();

 private:
  struct Bucket {
    double tokens = 0;
    Now updated;
    double capacity = 0;  // of the limit it was last taken under
    double per_second = 0;
  };
  static void Refill(Bucket& b, Now now);
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, Bucket> buckets;
    // Sweep when the map reaches this size; afterwards twice what is left,
    // so sweeping costs O(1) per request amortized.
    std::size_t sweep_at = kSweepAbove;
  };
  static constexpr std::size_t kShards = 16;
  static constexpr std::size_t kSweepAbove = 20000;
  std::array<Shard, kShards> shards_;
};

}  // namespace zxkh::http
