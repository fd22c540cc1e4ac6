// Catalog project (专项职业能力考核项目), R-CAT-1/2.
//
//   (new) --Create--> ACTIVE --Retire--> RETIRED
//                       ^                   |
//                       +----Reinstate------+
//
// Only ACTIVE projects can be applied for, planned or assessed (R-CAT-2);
// retiring never deletes: history that refers to the project stays intact.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/page.hpp"
#include "common/status.hpp"

namespace zxkh::domain {

enum class ProjectStatus { kActive, kRetired };

// "active" / "retired" (the API and database spelling).
std::string_view ProjectStatusName(ProjectStatus s);
// Parses the API spelling; InvalidArgument("catalog.status_invalid").
Result<ProjectStatus> ParseProjectStatus(std::string_view s);

struct CatalogProject {
  int64_t id = 0;
  std::string code;  // ZX + category + serial, CODES.md
  std::string name;  // unique
  std::string category;  // 食品制作 | 种植 | 手工制作 | 其它, agrees with code
  ProjectStatus status = ProjectStatus::kActive;
  std::string
      catalog_version;  // the catalog edition it entered in, e.g. 2023版
  std::optional<std::string> spec_file_sha256;  // 考核规范 document
  std::optional<std::string> spec_file_name;
  int64_t created_at = 0;  // Unix ms
  int64_t updated_at = 0;
  std::optional<int64_t> retired_at;
};

// A catalog query: all criteria combine with AND; empty ones are ignored.
struct CatalogFilter {
  std::string q;         // substring of the name, or prefix of the code
  std::string category;  // exact category name
  std::optional<ProjectStatus> status;
  PageRequest page;
};

// What a city administrator supplies to create or edit a project.
struct ProjectDraft {
  std::string code;
  std::string name;
  std::string category;  // may be empty: derived from the code
  std::string catalog_version;
};

// Validates and normalises a draft: trims the name, fills the category from
// the code, refuses a category that disagrees with the code. InvalidArgument
// with a Chinese message naming the field.
Result<ProjectDraft> NormalizeProjectDraft(ProjectDraft draft);

// FailedPrecondition("catalog.already_retired") unless ACTIVE.
Status CheckCanRetire(const CatalogProject& p);
// FailedPrecondition("catalog.not_retired") unless RETIRED.
Status CheckCanReinstate(const CatalogProject& p);
// R-CAT-2: FailedPrecondition("catalog.project_retired") unless ACTIVE.
Status RequireActiveProject(const CatalogProject& p);

}  // namespace zxkh::domain
