#include "service/permissions.hpp"

namespace zxkh::service {

Status RequireRole(const domain::Caller& caller,
                   std::initializer_list<domain::Role> roles) {
  for (domain::Role r : roles) {
    if (caller.role == r) return Status::Ok();
  }
  if (caller.role == domain::Role::kPublic) {
    return Status::Unauthenticated("auth.required", "请先登录");
  }
  return Status::PermissionDenied("auth.forbidden", "当前角色无权执行此操作");
}

}  // namespace zxkh::service
