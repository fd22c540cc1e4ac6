#include "service/notification_service.hpp"

#include "service/permissions.hpp"

namespace zxkh::service {

using store::Connection;
using store::Database;
using store::NotificationRepository;

NotificationService::NotificationService(Database& db, const Clock& clock)
    : db_(db), clock_(clock) {}

Result<NotificationPage> NotificationService::List(const domain::Caller& caller,
                                                   bool unread_only,
                                                   PageRequest page) {
  if (caller.role == domain::Role::kPublic || caller.user_id <= 0) {
    return Status::Unauthenticated("auth.required", "请先登录");
  }
  return db_.InTransaction(
      Database::Mode::kRead, [&](Connection& c) -> Result<NotificationPage> {
        NotificationRepository repo(c);
        NotificationPage out;
        ZXKH_ASSIGN_OR_RETURN(out.page,
                              repo.List(caller.user_id, unread_only, page));
        ZXKH_ASSIGN_OR_RETURN(out.unread, repo.CountUnread(caller.user_id));
        return out;
      });
}

Result<store::Notification> NotificationService::MarkRead(
    const domain::Caller& caller, int64_t id) {
  if (caller.role == domain::Role::kPublic || caller.user_id <= 0) {
    return Status::Unauthenticated("auth.required", "请先登录");
  }
  const int64_t now = clock_.NowUnixMillis();
  // Reading a message is not an operation on the business records: it is
  // not written to the operation log.
  return db_.InTransaction(Database::Mode::kWrite, [&](Connection& c) {
    return NotificationRepository(c).MarkRead(caller.user_id, id, now);
  });
}

}  // namespace zxkh::service
