// Regions (table regions).
#pragma once

#include <vector>

#include "domain/region.hpp"
#include "store/db.hpp"

namespace zxkh::store {

class RegionRepository {
 public:
  explicit RegionRepository(Connection& c) : c_(c) {}

  // Inserts or updates by code. FailedPrecondition("store.foreign_key") when
  // the parent does not exist.
  Status Upsert(const domain::Region& r);
  // All regions ordered by code (parents sort before children).
  Result<std::vector<domain::Region>> List();
  // NotFound("region.not_found").
  Result<domain::Region> Get(std::string_view code);

 private:
  Connection& c_;
};

}  // namespace zxkh::store
