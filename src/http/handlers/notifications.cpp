// /api/notifications: the logged-in user's in-app messages.
#include <boost/json.hpp>

#include "common/clock.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/json_out.hpp"
#include "http/query.hpp"
#include "service/notification_service.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;

json::value NotificationJson(const store::Notification& n) {
  return json::object{
      {"id", n.id},
      {"at", Clock::FormatIso(n.at)},
      {"title", n.title},
      {"body", n.body},
      {"link", n.link},
      {"read", n.read_at.has_value()},
      {"read_at", n.read_at ? json::value(Clock::FormatIso(*n.read_at))
                            : json::value(nullptr)},
  };
}

}  // namespace

std::vector<Route> NotificationRoutes(service::NotificationService& notes) {
  std::vector<Route> routes;
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/notifications",
      .policy = Policy::AnyAccount(),
      .tag = "notifications",
      .summary = "本人的站内消息（最新在前）与未读数",
      .query_params = {{"unread", "boolean", "true 时只列未读消息"},
                       {"page", "integer", "页码，从 1 开始"},
                       {"page_size", "integer", "每页条数，1–200，默认 20"}},
      .handler =
          [&notes](const Request& req) {
            auto page = PageQuery(req);
            if (!page.ok()) return Response::Problem(page.status());
            const auto unread = req.Query("unread");
            if (unread && *unread != "true" && *unread != "false") {
              return Response::Problem(Status::InvalidArgument(
                  "request.invalid_query", "参数 unread 应为 true 或 false",
                  "unread"));
            }
            auto list =
                notes.List(req.caller, unread && *unread == "true", *page);
            if (!list.ok()) return Response::Problem(list.status());
            json::object out =
                PageJson(list->page, NotificationJson).as_object();
            out["unread"] = list->unread;
            Response r = Response::Json(out);
            r.headers.emplace_back("Cache-Control", "no-store");
            return r;
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/notifications/{id}/read",
      .policy = Policy::AnyAccount(),
      .tag = "notifications",
      .summary = "将本人的一条消息标为已读",
      .handler =
          [&notes](const Request& req) {
            auto id = IntPathParam(req, "id", 1, 2000000000);
            if (!id.ok()) return Response::Problem(id.status());
            auto n = notes.MarkRead(req.caller, *id);
            if (!n.ok()) return Response::Problem(n.status());
            return Response::Json(NotificationJson(*n));
          },
  });
  return routes;
}

}  // namespace zxkh::http
