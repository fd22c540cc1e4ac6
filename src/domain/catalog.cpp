#include "domain/catalog.hpp"

#include "common/codes.hpp"
#include "common/text.hpp"

namespace zxkh::domain {

std::string_view ProjectStatusName(ProjectStatus s) {
  return s == ProjectStatus::kActive ? "active" : "retired";
}

Result<ProjectStatus> ParseProjectStatus(std::string_view s) {
  if (s == "active") return ProjectStatus::kActive;
  if (s == "retired") return ProjectStatus::kRetired;
  return Status::InvalidArgument(
      "catalog.status_invalid",
      "项目状态应为 active（有效）或 retired（已停用）", "status");
}

Result<ProjectDraft> NormalizeProjectDraft(ProjectDraft d) {
  d.code = std::string(TrimSpace(d.code));
  ZXKH_RETURN_IF_ERROR(ValidateProjectCode(d.code));
  d.name = std::string(TrimSpace(d.name));
  const std::size_t name_len = Utf8Length(d.name);
  if (name_len < 2 || name_len > 40) {
    return Status::InvalidArgument("catalog.name_invalid",
                                   "项目名称应为 2 至 40 个字符", "name");
  }
  const int category = (d.code[2] - '0') * 10 + (d.code[3] - '0');
  const std::string expected = CategoryName(category).value_or("");
  d.category = std::string(TrimSpace(d.category));
  if (d.category.empty()) {
    d.category = expected;
  } else if (d.category != expected) {
    return Status::InvalidArgument("catalog.category_mismatch",
                                   "项目类别「" + d.category + "」与项目代码 " +
                                       d.code + " 的类别「" + expected +
                                       "」不一致",
                                   "category");
  }
  d.catalog_version = std::string(TrimSpace(d.catalog_version));
  const std::size_t version_len = Utf8Length(d.catalog_version);
  if (version_len < 1 || version_len > 20) {
    return Status::InvalidArgument("catalog.version_invalid",
                                   "目录版本不能为空，且不超过 20 个字符",
                                   "catalog_version");
  }
  return d;
}

Status CheckCanRetire(const CatalogProject& p) {
  if (p.status != ProjectStatus::kActive) {
    return Status::FailedPrecondition("catalog.already_retired",
                                      "项目「" + p.name + "」已停用");
  }
  return Status::Ok();
}

Status CheckCanReinstate(const CatalogProject& p) {
  if (p.status != ProjectStatus::kRetired) {
    return Status::FailedPrecondition("catalog.not_retired",
                                      "项目「" + p.name + "」未停用，无需恢复");
  }
  return Status::Ok();
}

Status RequireActiveProject(const CatalogProject& p) {
  if (p.status != ProjectStatus::kActive) {
    return Status::FailedPrecondition(
        "catalog.project_retired",
        "项目「" + p.name + "」（" + p.code + "）已停用，不能申报、计划或考核");
  }
  return Status::Ok();
}

}  // namespace zxkh::domain
