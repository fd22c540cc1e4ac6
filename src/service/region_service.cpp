#include "service/region_service.hpp"

#include "store/region_repository.hpp"

namespace zxkh::service {

Result<std::vector<domain::Region>> RegionService::List() {
  return db_.InTransaction(
      store::Database::Mode::kRead,
      [](store::Connection& c) { return store::RegionRepository(c).List(); });
}

}  // namespace zxkh::service
