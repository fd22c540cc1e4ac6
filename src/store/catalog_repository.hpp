// Catalog projects (table catalog_projects). All methods run on the caller's
// connection, inside the caller's transaction.
#pragma once

#include <optional>
#include <string>

#include "common/page.hpp"
#include "domain/catalog.hpp"
#include "store/db.hpp"

namespace zxkh::store {

class CatalogRepository {
 public:
  explicit CatalogRepository(Connection& c) : c_(c) {}

  // NotFound("catalog.not_found") when no project has `code`.
  Result<domain::CatalogProject> Get(std::string_view code);
  // Matching projects ordered by code.
  Result<Page<domain::CatalogProject>> List(
      const domain::CatalogFilter& filter);
  // Inserts an ACTIVE project. AlreadyExists("catalog.code_taken" /
  // "catalog.name_taken") when the code or the name is in use.
  Result<domain::CatalogProject> Insert(const domain::ProjectDraft& draft,
                                        int64_t now_ms);
  // Writes every mutable field of `p` (found by p.code). NotFound when absent;
  // AlreadyExists("catalog.name_taken") when the new name belongs to another.
  Status Update(const domain::CatalogProject& p);

 private:
  Connection& c_;
};

}  // namespace zxkh::store
