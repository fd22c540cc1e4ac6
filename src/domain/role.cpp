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

std::optional<Role> ParseRole(std::string_view s) {
  for (const auto& [role, name] : kNames) {
    if (name == s) return role;
  }
  return std::nullopt;
}

}  // namespace zxkh::domain
