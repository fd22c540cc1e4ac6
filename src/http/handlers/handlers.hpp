// The API's routes, one function per area, each returning its part of the
// route table. Handlers are thin: parse → one service call → serialize.
#pragma once

#include <vector>

#include "http/route.hpp"

namespace zxkh::service {
class CatalogService;
class CalendarService;
class RegionService;
}  // namespace zxkh::service

namespace zxkh::http {

// /api/public/catalog…, /api/catalog/… (R-CAT-1/2).
std::vector<Route> CatalogRoutes(service::CatalogService& catalog);
// /api/public/calendar/…, /api/calendar/… (R-CAT).
std::vector<Route> CalendarRoutes(service::CalendarService& calendar);
// /api/public/regions.
std::vector<Route> RegionRoutes(service::RegionService& regions);

}  // namespace zxkh::http
