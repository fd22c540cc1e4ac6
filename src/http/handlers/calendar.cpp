#include <boost/json.hpp>

#include "common/clock.hpp"
#include "http/handlers/handlers.hpp"
#include "http/query.hpp"
#include "service/calendar_service.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;

const json::value kYearSchema = json::parse(R"({
  "type": "object",
  "additionalProperties": false,
  "required": ["source", "days"],
  "properties": {
    "source": {"type": "string", "minLength": 2, "maxLength": 200},
    "days": {
      "type": "array",
      "maxItems": 200,
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": ["date", "kind", "name"],
        "properties": {
          "date": {"type": "string", "format": "date"},
          "kind": {"type": "string", "enum": ["off", "work"]},
          "name": {"type": "string", "minLength": 1, "maxLength": 40}
        }
      }
    }
  }
})");

// Answers a calendar computation: {"<key>": "YYYY-MM-DD"} or its problem.
Response DateResponse(std::string_view key, const Result<Date>& d) {
  if (!d.ok()) return Response::Problem(d.status());
  return Response::Json(json::object{{key, d->ToString()}});
}

struct CalendarQuery {
  std::shared_ptr<const WorkdayCalendar> calendar;
  Date date;
  int n = 0;
};

// Loads the calendar and parses ?date=&n= (n in 1..366).
Result<CalendarQuery> ParseCalendarQuery(service::CalendarService& cal,
                                         const Request& req) {
  CalendarQuery q;
  ZXKH_ASSIGN_OR_RETURN(q.date, DateQuery(req, "date"));
  ZXKH_ASSIGN_OR_RETURN(q.n, IntQuery(req, "n", 0, 1, 366));
  ZXKH_ASSIGN_OR_RETURN(q.calendar, cal.Current());
  return q;
}

const std::vector<QueryParam> kComputeParams = {
    {"date", "string", "起算日期 YYYY-MM-DD"},
    {"n", "integer", "工作日数，1–366"},
};

}  // namespace

std::vector<Route> CalendarRoutes(service::CalendarService& cal) {
  std::vector<Route> routes;
  routes.push_back(
      Route{.method = Verb::get,
            .pattern = "/api/public/calendar/years",
            .policy = Policy::Public(),
            .tag = "calendar",
            .summary = "工作日历已覆盖的年份",
            .handler = [&cal](const Request&) {
              auto years = cal.Years();
              if (!years.ok()) return Response::Problem(years.status());
              json::array items;
              for (const auto& y : *years) {
                items.push_back(json::object{
                    {"year", y.year},
                    {"source", y.source},
                    {"off_days", y.off_days},
                    {"work_days", y.work_days},
                    {"updated_at", Clock::FormatIso(y.updated_at)}});
              }
              return Response::Json(json::object{{"items", std::move(items)}});
            }});
  routes.push_back(
      Route{.method = Verb::get,
            .pattern = "/api/public/calendar/years/{year}",
            .policy = Policy::Public(),
            .tag = "calendar",
            .summary = "某年的法定节假日与调休上班日",
            .handler = [&cal](const Request& req) {
              auto year = IntPathParam(req, "year", 2000, 2100);
              if (!year.ok()) return Response::Problem(year.status());
              auto calendar = cal.Current();
              if (!calendar.ok()) return Response::Problem(calendar.status());
              if (!(*calendar)->Covers(*year)) {
                return Response::Problem(Status::NotFound(
                    "calendar.year_not_covered",
                    "工作日历未包含 " + std::to_string(*year) + " 年的数据"));
              }
              json::array days;
              for (const auto& e : (*calendar)->entries()) {
                if (e.date.year() != *year) continue;
                days.push_back(json::object{
                    {"date", e.date.ToString()},
                    {"kind", e.kind == DayKind::kOff ? "off" : "work"},
                    {"name", e.name}});
              }
              return Response::Json(
                  json::object{{"year", *year}, {"days", std::move(days)}});
            }});
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/public/calendar/add-working-days",
      .policy = Policy::Public(),
      .tag = "calendar",
      .summary = "从某日起算的第 n 个工作日（起算日为工作日时计入）",
      .query_params = kComputeParams,
      .handler = [&cal](const Request& req) {
        auto q = ParseCalendarQuery(cal, req);
        if (!q.ok()) return Response::Problem(q.status());
        return DateResponse("date", q->calendar->AddWorkingDays(q->date, q->n));
      }});
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/public/calendar/working-days-before",
      .policy = Policy::Public(),
      .tag = "calendar",
      .summary = "某日之前第 n 个工作日（“至少提前 n 个工作日”的最晚日期）",
      .query_params = kComputeParams,
      .handler = [&cal](const Request& req) {
        auto q = ParseCalendarQuery(cal, req);
        if (!q.ok()) return Response::Problem(q.status());
        return DateResponse("date",
                            q->calendar->WorkingDaysBefore(q->date, q->n));
      }});
  routes.push_back(Route{
      .method = Verb::put,
      .pattern = "/api/calendar/years/{year}",
      .policy = Policy::Roles({domain::Role::kCity}),
      .tag = "calendar",
      .summary = "新增或更正某年的工作日历（市级）",
      .request_schema = kYearSchema,
      .handler = [&cal](const Request& req) {
        auto year = IntPathParam(req, "year", 2000, 2100);
        if (!year.ok()) return Response::Problem(year.status());
        const json::object& o = req.json->as_object();
        std::vector<CalendarEntry> entries;
        for (const json::value& d : o.at("days").as_array()) {
          const json::object& day = d.as_object();
          // The schema checked the date format, so Parse succeeds.
          auto date = Date::Parse(day.at("date").as_string());
          if (!date.ok()) return Response::Problem(date.status());
          entries.push_back(CalendarEntry{
              *date,
              day.at("kind").as_string() == "off" ? DayKind::kOff
                                                  : DayKind::kWork,
              std::string(day.at("name").as_string())});
        }
        Status st = cal.ReplaceYear(req.caller, *year,
                                    std::string(o.at("source").as_string()),
                                    std::move(entries));
        if (!st.ok()) return Response::Problem(st);
        return Response::Json(json::object{{"year", *year}, {"saved", true}});
      }});
  return routes;
}

}  // namespace zxkh::http
