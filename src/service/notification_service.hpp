// In-app messages (issue 4 point 7): each user reads its own; the services
// write them in the transaction of the step they report
// (store::NotificationRepository).
#pragma once

#include <cstdint>

#include "common/clock.hpp"
#include "common/page.hpp"
#include "domain/role.hpp"
#include "store/db.hpp"
#include "store/notification_repository.hpp"

namespace zxkh::service {

struct NotificationPage {
  Page<store::Notification> page;
  int64_t unread = 0;  // over all pages
};

class NotificationService {
 public:
  // `db` and `clock` must outlive the service. Thread-safe.
  NotificationService(store::Database& db, const Clock& clock);

  // Any account: its own messages, newest first, with the unread count.
  Result<NotificationPage> List(const domain::Caller& caller, bool unread_only,
                                PageRequest page);
  // Any account: marks one of its own messages read (idempotent); another
  // user's message is NotFound("notification.not_found").
  Result<store::Notification> MarkRead(const domain::Caller& caller,
                                       int64_t id);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace zxkh::service
