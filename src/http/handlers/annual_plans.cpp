// Annual plans (R-EXA-5): the institution's plan and items, the district's
// review and aggregate, the city's publication under /api/plans/…, and the
// public announcement under /api/public/announcements/….
#include <boost/json.hpp>

#include "common/clock.hpp"
#include "http/download.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/json_out.hpp"
#include "http/query.hpp"
#include "service/annual_plan_service.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;
using domain::Role;
using service::AnnualPlanService;

constexpr int kMaxId = 2000000000;

const std::vector<Role> kInstitutionRoles = {Role::kInstitutionAdmin,
                                             Role::kInstitutionOperator};
const std::vector<Role> kReaders = {Role::kProvince, Role::kCity,
                                    Role::kDistrict, Role::kInstitutionAdmin,
                                    Role::kInstitutionOperator};
const std::vector<Role> kAggregateReaders = {Role::kProvince, Role::kCity,
                                             Role::kDistrict};

json::value OptInt(const std::optional<int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::value OptTime(const std::optional<int64_t>& ms) {
  return ms ? json::value(Clock::FormatIso(*ms)) : json::value(nullptr);
}

json::value MonthsJson(const std::vector<int>& months) {
  json::array out;
  for (int m : months) out.push_back(m);
  return out;
}

json::value PlanJson(const store::PlanRow& p) {
  return json::object{
      {"id", p.id},
      {"year", p.year},
      {"state", std::string(domain::PlanStateName(p.state))},
      {"state_title", std::string(domain::PlanStateTitle(p.state))},
      {"return_reason", p.return_reason},
      {"submitted_at", OptTime(p.submitted_at)},
      {"decided_at", OptTime(p.decided_at)},
      {"announcement_id", OptInt(p.announcement_id)},
      {"created_at", Clock::FormatIso(p.created_at)},
      {"updated_at", Clock::FormatIso(p.updated_at)},
      {"institution", json::object{{"id", p.institution_id},
                                   {"name", p.institution_name},
                                   {"code", OptionalJson(p.institution_code)},
                                   {"district_code", p.district_code},
                                   {"district_name", p.district_name}}},
      {"item_count", p.item_count},
      {"expected_total", p.expected_total},
  };
}

json::object ItemJson(const store::PlanItemRow& t) {
  const domain::PlanItem& i = t.item;
  return json::object{
      {"id", t.id},
      {"position", t.position},
      {"project_code", i.project_code},
      {"project_name", t.project_name},
      {"project_status", t.project_status},
      {"catalog_version", t.catalog_version},
      {"spec_file_name", OptionalJson(t.spec_file_name)},
      {"months", MonthsJson(i.months)},
      {"months_text", domain::FormatMonths(i.months)},
      {"months_title", domain::MonthsTitle(i.months)},
      {"exam_date", i.exam_date.ToString()},
      {"expected_count", i.expected_count},
      {"venue", i.venue},
      {"requirements", i.requirements},
      {"fee_fen", OptInt(i.fee_fen)},
      {"contact_name", i.contact_name},
      {"contact_phone", i.contact_phone},
  };
}

json::value DetailJson(const service::PlanDetail& d) {
  json::object out = PlanJson(d.plan).as_object();
  json::array items;
  for (const auto& t : d.items) items.push_back(ItemJson(t));
  out["items"] = std::move(items);
  json::array events;
  for (const auto& e : d.events) {
    events.push_back(json::object{{"at", Clock::FormatIso(e.at)},
                                  {"user_id", OptInt(e.user_id)},
                                  {"action", e.action},
                                  {"from_state", e.from_state},
                                  {"to_state", e.to_state},
                                  {"reason", e.reason}});
  }
  out["events"] = std::move(events);
  json::array plannable;
  for (const auto& p : d.plannable) {
    plannable.push_back(json::object{{"code", p.code}, {"name", p.name}});
  }
  out["plannable_projects"] = std::move(plannable);
  return out;
}

json::value TotalsJson(const std::vector<store::PlanTotal>& totals,
                       bool institutions) {
  json::array out;
  for (const auto& t : totals) {
    json::object o{
        {"name", t.name}, {"items", t.items}, {"expected", t.expected}};
    if (institutions) {
      o["institution_id"] = std::stoll(t.key);
      o["code"] = t.extra;
    } else {
      o["code"] = t.key;
      o["institutions"] = t.plans;
    }
    out.push_back(std::move(o));
  }
  return out;
}

json::value AnnouncementRowJson(const store::AnnouncementRow& a) {
  return json::object{
      {"year", a.year},
      {"title", a.title},
      {"published_at", Clock::FormatIso(a.published_at)},
      {"updated_at", Clock::FormatIso(a.updated_at)},
      {"revision", a.revision},
      {"plan_count", a.plan_count},
      {"item_count", a.item_count},
      {"has_pdf", a.pdf_sha256.has_value()},
      {"pdf_url",
       "/api/public/announcements/" + std::to_string(a.year) + "/pdf"},
  };
}

json::value AnnouncementJson(const service::AnnouncementView& v) {
  json::object out = AnnouncementRowJson(v.announcement).as_object();
  json::array items;
  for (const auto& a : v.items) {
    json::object o = ItemJson(a.item);
    // The public sees what the announcement prints: no internal ids.
    o.erase("position");
    o["plan_id"] = a.plan_id;
    o["institution"] = json::object{{"name", a.institution_name},
                                    {"code", a.institution_code},
                                    {"district_name", a.district_name}};
    items.push_back(std::move(o));
  }
  out["items"] = std::move(items);
  return out;
}

Response DetailResponse(const Result<service::PlanDetail>& r,
                        unsigned ok_status = 200) {
  if (!r.ok()) return Response::Problem(r.status());
  return Response::Json(DetailJson(*r), ok_status);
}

Response FileResponse(const Result<service::FileDownload>& f, bool cacheable) {
  if (!f.ok()) return Response::Problem(f.status());
  Response r = Response::Text(f->bytes, f->media_type);
  r.headers.emplace_back("Content-Disposition",
                         AttachmentDisposition(f->file_name));
  r.headers.emplace_back(
      "Cache-Control", cacheable ? "public, max-age=300" : "private, no-store");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

template <typename Fn>
Response WithId(const Request& req, const char* name, Fn&& fn) {
  auto id = IntPathParam(req, name, 1, kMaxId);
  if (!id.ok()) return Response::Problem(id.status());
  return fn(static_cast<int64_t>(*id));
}

template <typename Fn>
Response WithYear(const Request& req, Fn&& fn) {
  auto year = IntPathParam(req, "year", 2000, 9999);
  if (!year.ok()) return Response::Problem(year.status());
  return fn(*year);
}

service::PlanItemInput ItemInput(const json::object& o) {
  service::PlanItemInput in;
  in.project_code = StringField(o, "project_code");
  in.months = StringField(o, "months");
  in.exam_date = StringField(o, "exam_date");
  in.expected_count = static_cast<int>(o.at("expected_count").as_int64());
  in.venue = StringField(o, "venue");
  in.requirements = StringField(o, "requirements");
  if (auto it = o.find("fee_fen"); it != o.end() && !it->value().is_null()) {
    in.fee_fen = it->value().as_int64();
  }
  in.contact_name = StringField(o, "contact_name");
  in.contact_phone = StringField(o, "contact_phone");
  return in;
}

const json::value kCreateSchema = json::parse(R"({
  "type": "object", "additionalProperties": false, "required": ["year"],
  "properties": {"year": {"type": "integer", "minimum": 2000, "maximum": 9999}}
})");

const json::value kItemSchema = json::parse(R"({
  "type": "object", "additionalProperties": false,
  "required": ["project_code", "months", "exam_date", "expected_count", "venue",
               "contact_name", "contact_phone"],
  "properties": {
    "project_code": {"type": "string", "minLength": 1, "maxLength": 10},
    "months": {"type": "string", "minLength": 1, "maxLength": 60},
    "exam_date": {"type": "string", "minLength": 1, "maxLength": 10},
    "expected_count": {"type": "integer", "minimum": -1000000, "maximum": 1000000},
    "venue": {"type": "string", "maxLength": 100},
    "requirements": {"type": "string", "maxLength": 500},
    "fee_fen": {"type": ["integer", "null"], "minimum": -100000000, "maximum": 100000000},
    "contact_name": {"type": "string", "maxLength": 30},
    "contact_phone": {"type": "string", "maxLength": 30}
  }})");

const json::value kReasonSchema = json::parse(R"({
  "type": "object", "additionalProperties": false, "required": ["reason"],
  "properties": {"reason": {"type": "string", "maxLength": 1000}}
})");

const json::value kApproveSchema = json::parse(R"({
  "type": "object", "additionalProperties": false,
  "properties": {"note": {"type": "string", "maxLength": 1000}}
})");

}  // namespace

std::vector<Route> AnnualPlanRoutes(AnnualPlanService& plans) {
  std::vector<Route> routes;
  const std::string tag = "plans";

  // --- Public -------------------------------------------------------------
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/public/announcements",
      .policy = Policy::Public(),
      .tag = tag,
      .summary = "已发布的年度考核计划公告（按年度倒序）",
      .handler =
          [&plans](const Request&) {
            auto list = plans.Announcements();
            if (!list.ok()) return Response::Problem(list.status());
            json::array items;
            for (const auto& a : *list) items.push_back(AnnouncementRowJson(a));
            return Response::Json(json::object{{"items", std::move(items)}});
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/public/announcements/{year}",
      .policy = Policy::Public(),
      .tag = tag,
      .summary = "某年度考核计划公告：每个计划条目的机构、机构代码、时间安排、"
                 "项目、考核规范、报名条件、联系方式",
      .handler =
          [&plans](const Request& req) {
            return WithYear(req, [&](int year) {
              auto v = plans.Announcement(year);
              if (!v.ok()) return Response::Problem(v.status());
              return Response::Json(AnnouncementJson(*v));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/public/announcements/{year}/pdf",
      .policy = Policy::Public(),
      .tag = tag,
      .summary = "下载某年度考核计划公告（PDF）",
      .handler =
          [&plans](const Request& req) {
            return WithYear(req, [&](int year) {
              return FileResponse(plans.AnnouncementPdf(year), true);
            });
          },
  });

  // --- Plans ----------------------------------------------------------------
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/plans",
      .policy = Policy::Roles(kReaders),
      .tag = tag,
      .summary = "年度考核计划列表（按数据范围）",
      .query_params = {{"year", "integer", "计划年度"},
                       {"state", "string", "计划状态，如 submitted"},
                       {"district", "string", "区(市)代码"}},
      .handler =
          [&plans](const Request& req) {
            auto year = IntQuery(req, "year", 0, 0, 9999);
            auto state = TextQuery(req, "state");
            auto district = TextQuery(req, "district");
            for (const Status& st :
                 {year.status(), state.status(), district.status()}) {
              if (!st.ok()) return Response::Problem(st);
            }
            auto list = plans.List(req.caller, {*year, *state, *district});
            if (!list.ok()) return Response::Problem(list.status());
            json::array items;
            for (const auto& p : *list) items.push_back(PlanJson(p));
            return Response::Json(json::object{{"items", std::move(items)}});
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/plans",
      .policy = Policy::Roles(kInstitutionRoles),
      .tag = tag,
      .summary = "新建本机构某年度的考核计划（草稿）",
      .request_schema = kCreateSchema,
      .handler =
          [&plans](const Request& req) {
            const int year =
                static_cast<int>(req.json->as_object().at("year").as_int64());
            return DetailResponse(plans.Create(req.caller, year), 201);
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/plans/aggregate",
      .policy = Policy::Roles(kAggregateReaders),
      .tag = tag,
      .summary = "年度考核计划汇总（区(市)为本辖区；按项目、按机构合计）",
      .query_params = {{"year", "integer", "计划年度"},
                       {"district", "string", "区(市)代码（市局、省厅可选）"}},
      .handler =
          [&plans](const Request& req) {
            auto year = IntQuery(req, "year", 0, 2000, 9999);
            auto district = TextQuery(req, "district");
            if (!year.ok()) return Response::Problem(year.status());
            if (!district.ok()) return Response::Problem(district.status());
            if (*year == 0) {
              return Response::Problem(Status::InvalidArgument(
                  "request.invalid_query", "请指定计划年度", "year"));
            }
            auto a = plans.Aggregate(req.caller, *year, *district);
            if (!a.ok()) return Response::Problem(a.status());
            json::array list;
            for (const auto& p : a->plans) list.push_back(PlanJson(p));
            return Response::Json(json::object{
                {"year", a->year},
                {"district", a->district},
                {"plans", std::move(list)},
                {"by_project", TotalsJson(a->by_project, false)},
                {"by_institution", TotalsJson(a->by_institution, true)},
                {"items", a->items},
                {"expected", a->expected},
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/plans/aggregate/export.xlsx",
      .policy = Policy::Roles(kAggregateReaders),
      .tag = tag,
      .summary = "导出年度考核计划汇总（Excel：按项目、按机构、计划明细）",
      .query_params = {{"year", "integer", "计划年度"},
                       {"district", "string", "区(市)代码（市局、省厅可选）"}},
      .handler =
          [&plans](const Request& req) {
            auto year = IntQuery(req, "year", 0, 2000, 9999);
            auto district = TextQuery(req, "district");
            if (!year.ok()) return Response::Problem(year.status());
            if (!district.ok()) return Response::Problem(district.status());
            if (*year == 0) {
              return Response::Problem(Status::InvalidArgument(
                  "request.invalid_query", "请指定计划年度", "year"));
            }
            return FileResponse(
                plans.ExportAggregate(req.caller, *year, *district), false);
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/plans/announcements",
      .policy = Policy::Roles({Role::kCity}),
      .tag = tag,
      .summary =
          "发布年度考核计划公告：该年度已审核通过的计划全部列入（再次发布"
          "时加入新审核通过的计划并重新生成 PDF）",
      .request_schema = kCreateSchema,
      .handler =
          [&plans](const Request& req) {
            const int year =
                static_cast<int>(req.json->as_object().at("year").as_int64());
            auto v = plans.Publish(req.caller, year);
            if (!v.ok()) return Response::Problem(v.status());
            return Response::Json(AnnouncementJson(*v));
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/plans/{id}",
      .policy = Policy::Roles(kReaders),
      .tag = tag,
      .summary = "查看年度考核计划：条目、流转记录（含退回原因）",
      .handler =
          [&plans](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              return DetailResponse(plans.Get(req.caller, id));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/plans/{id}/items",
      .policy = Policy::Roles(kInstitutionRoles),
      .tag = tag,
      .summary = "新增计划条目（草稿或退回修改时；仅限核准的考核项目）",
      .request_schema = kItemSchema,
      .handler =
          [&plans](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              return DetailResponse(
                  plans.AddItem(req.caller, id,
                                ItemInput(req.json->as_object())),
                  201);
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::put,
      .pattern = "/api/plans/{id}/items/{item_id}",
      .policy = Policy::Roles(kInstitutionRoles),
      .tag = tag,
      .summary = "修改计划条目（草稿或退回修改时）",
      .request_schema = kItemSchema,
      .handler =
          [&plans](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              return WithId(req, "item_id", [&](int64_t item) {
                return DetailResponse(plans.UpdateItem(
                    req.caller, id, item, ItemInput(req.json->as_object())));
              });
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::delete_,
      .pattern = "/api/plans/{id}/items/{item_id}",
      .policy = Policy::Roles(kInstitutionRoles),
      .tag = tag,
      .summary = "删除计划条目（草稿或退回修改时）",
      .handler =
          [&plans](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              return WithId(req, "item_id", [&](int64_t item) {
                return DetailResponse(plans.DeleteItem(req.caller, id, item));
              });
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/plans/{id}/submit",
      .policy = Policy::Roles(kInstitutionRoles),
      .tag = tag,
      .summary = "提交年度考核计划（退回后为重新提交）至注册地区(市)人社局",
      .handler =
          [&plans](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              return DetailResponse(plans.Submit(req.caller, id));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/plans/{id}/return",
      .policy = Policy::Roles({Role::kDistrict}),
      .tag = tag,
      .summary = "退回年度考核计划修改（须填写原因）",
      .request_schema = kReasonSchema,
      .handler =
          [&plans](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              return DetailResponse(
                  plans.Return(req.caller, id,
                               StringField(req.json->as_object(), "reason")));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/plans/{id}/approve",
      .policy = Policy::Roles({Role::kDistrict}),
      .tag = tag,
      .summary = "审核通过年度考核计划（待市局发布公告）",
      .request_schema = kApproveSchema,
      .handler =
          [&plans](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              return DetailResponse(plans.Approve(
                  req.caller, id, StringField(req.json->as_object(), "note")));
            });
          },
  });
  return routes;
}

}  // namespace zxkh::http
