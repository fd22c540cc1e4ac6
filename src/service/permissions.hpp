// Permission checks shared by the services. Data-scope checks live with
// each aggregate's service; these only answer "may this role act at all".
#pragma once

#include <initializer_list>

#include "common/status.hpp"
#include "domain/role.hpp"

namespace zxkh::service {

// OK when caller.role is one of `roles`; Unauthenticated for PUBLIC callers,
// PermissionDenied("auth.forbidden") otherwise.
Status RequireRole(const domain::Caller& caller,
                   std::initializer_list<domain::Role> roles);

}  // namespace zxkh::service
