#include "store/notification_repository.hpp"

namespace zxkh::store {
namespace {

constexpr std::string_view kSelect =
    "SELECT id, user_id, at, title, body, link, read_at FROM notifications ";

Notification FromRow(const Row& r) {
  return Notification{r.Int(0),  r.Int(1),  r.Int(2),   r.Text(3),
                      r.Text(4), r.Text(5), r.OptInt(6)};
}

}  // namespace

Status NotificationRepository::ToUsers(std::string_view where,
                                       std::vector<Value> params,
                                       const Message& m, int64_t at) {
  // One statement per step, whatever the number of recipients.
  std::vector<Value> all = {at, m.title, m.body, m.link};
  all.insert(all.end(), params.begin(), params.end());
  return c_
      .Query(
          "INSERT INTO notifications (user_id, at, title, body, link) "
          "SELECT id, ?, ?, ?, ? FROM users WHERE disabled = 0 AND " +
              std::string(where),
          all)
      .status();
}

Status NotificationRepository::ToInstitution(int64_t institution_id,
                                             const Message& m, int64_t at) {
  return ToUsers("institution_id = ?", {institution_id}, m, at);
}

Status NotificationRepository::ToDistrict(std::string_view district_code,
                                          const Message& m, int64_t at) {
  return ToUsers("role = 'DISTRICT' AND district_code = ?",
                 {std::string(district_code)}, m, at);
}

Status NotificationRepository::ToRole(std::string_view role_name,
                                      const Message& m, int64_t at) {
  return ToUsers("role = ?", {std::string(role_name)}, m, at);
}

Result<Page<Notification>> NotificationRepository::List(
    int64_t user_id, bool unread_only, const PageRequest& req) {
  const int64_t unread = unread_only ? 1 : 0;
  Page<Notification> page;
  page.page = req.page;
  page.page_size = req.page_size;
  ZXKH_ASSIGN_OR_RETURN(
      Row count,
      c_.One("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND (? = 0 "
             "OR read_at IS NULL)",
             {user_id, unread}));
  page.total = count.Int(0);
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(std::string(kSelect) +
                  "WHERE user_id = ? AND (? = 0 OR read_at IS NULL) ORDER BY "
                  "at DESC, id DESC LIMIT ? OFFSET ?",
              {user_id, unread, int64_t{req.page_size}, req.offset()}));
  for (const Row& r : rows) page.items.push_back(FromRow(r));
  return page;
}

Result<int64_t> NotificationRepository::CountUnread(int64_t user_id) {
  ZXKH_ASSIGN_OR_RETURN(
      Row r, c_.One("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND "
                    "read_at IS NULL",
                    {user_id}));
  return r.Int(0);
}

Result<Notification> NotificationRepository::MarkRead(int64_t user_id,
                                                      int64_t id, int64_t at) {
  ZXKH_RETURN_IF_ERROR(
      c_.Exec("UPDATE notifications SET read_at = ? WHERE id = ? AND user_id "
              "= ? AND read_at IS NULL",
              {at, id, user_id})
          .status());
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(std::string(kSelect) + "WHERE id = ? AND user_id = ?",
              {id, user_id}));
  if (rows.empty()) {
    return Status::NotFound("notification.not_found", "消息不存在");
  }
  return FromRow(rows.front());
}

}  // namespace zxkh::store
