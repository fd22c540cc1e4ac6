#include <boost/json.hpp>

#include "http/handlers/handlers.hpp"
#include "http/handlers/json_out.hpp"
#include "service/region_service.hpp"

namespace zxkh::http {

std::vector<Route> RegionRoutes(service::RegionService& regions) {
  std::vector<Route> routes;
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/public/regions",
      .policy = Policy::Public(),
      .tag = "regions",
      .summary = "行政区划：山东省、青岛市及其 10 个区(市)",
      .handler = [&regions](const Request&) {
        auto list = regions.List();
        if (!list.ok()) return Response::Problem(list.status());
        boost::json::array items;
        for (const auto& r : *list) {
          items.push_back(boost::json::object{
              {"code", r.code},
              {"name", r.name},
              {"level", std::string(domain::RegionLevelName(r.level))},
              {"parent_code", OptionalJson(r.parent_code)}});
        }
        return Response::Json(boost::json::object{{"items", std::move(items)}});
      }});
  return routes;
}

}  // namespace zxkh::http
