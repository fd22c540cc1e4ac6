// Roles and the caller identity every service method receives (DOMAIN.md,
// "Actors and what they may see").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zxkh::domain {

enum class Role {
  kPublic,    // anyone, no login
  kProvince,  // 省人社厅: read-only everywhere, publishes the directory
  kCity,      // 市人社局 (370200)
  kDistrict,  // 区(市)人社局, bound to one district
  kInstitutionAdmin,     // 考核机构管理员, bound to one institution
  kInstitutionOperator,  // 考核机构经办人, bound to one institution
  kExaminer,             // 考评员, bound to assignments
  kProctor,              // 监考员
  kSupervisor,           // 督导员
  kCandidate,            // 考生, bound to self
};

// Upper-case API spelling, e.g. "CITY".
std::string_view RoleName(Role r);
std::optional<Role> ParseRole(std::string_view s);
// Chinese title for screens, e.g. "市人社局".
std::string_view RoleTitle(Role r);

// Who is calling. Scope fields are set according to the role.
struct Caller {
  Role role = Role::kPublic;
  int64_t user_id = 0;
  std::optional<std::string> district_code;  // kDistrict
  std::optional<int64_t> institution_id;     // kInstitution*
  std::string request_id;                    // for the operation log

  static Caller Public() { return Caller{}; }
};

}  // namespace zxkh::domain
