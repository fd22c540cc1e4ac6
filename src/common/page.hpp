// A page of a listing, as every list endpoint answers it.
#pragma once

#include <cstdint>
#include <vector>

namespace zxkh {

// 1-based page; page_size is clamped to [1, kMaxPageSize] by PageRequest.
struct PageRequest {
  static constexpr int kMaxPageSize = 200;
  int page = 1;
  int page_size = 20;
  int64_t offset() const { return static_cast<int64_t>(page - 1) * page_size; }
};

template <typename T>
struct Page {
  std::vector<T> items;
  int64_t total = 0;  // matching rows over all pages
  int page = 1;
  int page_size = 20;
};

}  // namespace zxkh
