#include "domain/role.hpp"

#include <array>
#include <utility>

namespace zxkh::domain {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 10> kNames = {{
    {Role::kPublic, "PUBLIC"},
    {Role::kProvince, "PROVINCE"},
    {Role::kCity, "CITY"},
    {Role::kDistrict, "DISTRICT"},
    {Role::kInstitutionAdmin, "INSTITUTION_ADMIN"},
    {Role::kInstitutionOperator, "INSTITUTION_OPERATOR"},
    {Role::kExaminer, "EXAMINER"},
    {Role::kProctor, "PROCTOR"},
    {Role::kSupervisor, "SUPERVISOR"},
    {Role::kCandidate, "CANDIDATE"},
}};

}  // namespace

std::string_view RoleName(Role r) {
  for (const auto& [role, name] : kNames) {
    if (role == r) return name;
  }
  return "PUBLIC";
}

std::string_view RoleTitle(Role r) {
  switch (r) {
    case Role::kPublic:
      return "公众";
    case Role::kProvince:
      return "省人社厅";
    case Role::kCity:
      return "市人社局";
    case Role::kDistrict:
      return "区(市)人社局";
    case Role::kInstitutionAdmin:
      return "考核机构管理员";
    case Role::kInstitutionOperator:
      return "考核机构经办人";
    case Role::kExaminer:
      return "考评员";
    case Role::kProctor:
      return "监考员";
    case Role::kSupervisor:
      return "督导员";
    case Role::kCandidate:
      return "考生";
  }
  return "公众";
}

std::optional<Role> ParseRole(std::string_view s) {
  for (const auto& [role, name] : kNames) {
    if (name == s) return role;
  }
  return std::nullopt;
}

}  // namespace zxkh::domain
