// The region tree (province → city → districts), read-only to everyone.
#pragma once

#include <vector>

#include "domain/region.hpp"
#include "store/db.hpp"

namespace zxkh::service {

class RegionService {
 public:
  // `db` must outlive the service. Thread-safe.
  explicit RegionService(store::Database& db) : db_(db) {}

  // Every region ordered by code.
  Result<std::vector<domain::Region>> List();

 private:
  store::Database& db_;
};

}  // namespace zxkh::service
