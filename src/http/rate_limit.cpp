#include "http/rate_limit.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace zxkh::http {
namespace {

using Seconds = std::chrono::duration<double>;

}  // namespace

void RateLimiter::Refill(Bucket& b, Now now) {
  const double elapsed = std::max(0.0, Seconds(now - b.updated).count());
  b.tokens = std::min(b.capacity, b.tokens + elapsed * b.per_second);
  b.updated = now;
}

int RateLimiter::Take(std::string_view key, const RateLimit& limit, Now now) {
  if (limit.per_minute <= 0) return 0;
  const double capacity = limit.burst > 0 ? limit.burst : limit.per_minute;
  const double per_second = limit.per_minute / 60.0;
  Shard& shard = shards_[std::hash<std::string_view>{}(key) % kShards];
  std::lock_guard lock(shard.mu);
  if (shard.buckets.size() >= shard.sweep_at) {
    // Full buckets are indistinguishable from absent ones.
    for (auto it = shard.buckets.begin(); it != shard.buckets.end();) {
      Refill(it->second, now);
      it = it->second.tokens >= it->second.capacity ? shard.buckets.erase(it)
                                                    : std::next(it);
    }
    shard.sweep_at = std::max(kSweepAbove, 2 * shard.buckets.size());
  }
  auto [it, inserted] = shard.buckets.try_emplace(std::string(key));
  Bucket& bucket = it->second;
  bucket.capacity = capacity;
  bucket.per_second = per_second;
  if (inserted) {
    bucket.tokens = capacity;
    bucket.updated = now;
  } else {
    Refill(bucket, now);
  }
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return 0;
  }
  return static_cast<int>(std::ceil((1.0 - bucket.tokens) / per_second));
}

std::size_t RateLimiter::TrackedKeys() {
  std::size_t n = 0;
  for (Shard& s : shards_) {
    std::lock_guard lock(s.mu);
    n += s.buckets.size();
  }
  return n;
}

}  // namespace zxkh::http
