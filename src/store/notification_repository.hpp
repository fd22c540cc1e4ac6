// In-app messages (table notifications): one row per recipient, written in
// the transaction of the step it reports. All methods run on the caller's
// connection, inside the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/page.hpp"
#include "store/db.hpp"

namespace zxkh::store {

struct Notification {
  int64_t id = 0;
  int64_t user_id = 0;
  int64_t at = 0;
  std::string title;
  std::string body;
  std::string link;  // a path of the web UI, e.g. /recruitment/applications/7
  std::optional<int64_t> read_at;
};

// What a message says; the recipients are chosen by the method called.
struct Message {
  std::string title;
  std::string body;
  std::string link;
};

class NotificationRepository {
 public:
  explicit NotificationRepository(Connection& c) : c_(c) {}

  // To every enabled account of an institution.
  Status ToInstitution(int64_t institution_id, const Message& m, int64_t at);
  // To every enabled DISTRICT account of a district.
  Status ToDistrict(std::string_view district_code, const Message& m,
                    int64_t at);
  // To every enabled account of a role (API spelling, e.g. "CITY").
  Status ToRole(std::string_view role_name, const Message& m, int64_t at);

  // The user's messages, newest first; only unread ones when `unread_only`.
  Result<Page<Notification>> List(int64_t user_id, bool unread_only,
                                  const PageRequest& page);
  Result<int64_t> CountUnread(int64_t user_id);
  // Marks one of the user's messages read (idempotent);
  // NotFound("notification.not_found") for another user's message.
  Result<Notification> MarkRead(int64_t user_id, int64_t id, int64_t at);

 private:
  Status ToUsers(std::string_view where, std::vector<Value> params,
                 const Message& m, int64_t at);
  Connection& c_;
};

}  // namespace zxkh::store
