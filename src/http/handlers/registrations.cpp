// Registration (报名, R-EXA-1, R-EXA-6): the public list of open plan items
// with the consent text, candidate self-registration, institution entry by
// form and by bulk import (202 + job, then polling), scoped lists, cancel,
// XLSX export and the import template.
#include <boost/json.hpp>

#include "common/clock.hpp"
#include "http/download.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/json_out.hpp"
#include "http/query.hpp"
#include "service/registration_service.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;
using domain::Role;
using service::RegistrationService;

constexpr int kMaxId = 2000000000;

const std::vector<Role> kInstitutionRoles = {Role::kInstitutionAdmin,
                                             Role::kInstitutionOperator};
const std::vector<Role> kReaders = {Role::kProvince,
                                    Role::kCity,
                                    Role::kDistrict,
                                    Role::kInstitutionAdmin,
                                    Role::kInstitutionOperator,
                                    Role::kCandidate};

json::value ItemJson(const store::RegistrableItemRow& it) {
  return json::object{
      {"id", it.id},
      {"year", it.year},
      {"institution", json::object{{"id", it.institution_id},
                                   {"code", it.institution_code},
                                   {"name", it.institution_name},
                                   {"district_code", it.district_code},
                                   {"district_name", it.district_name}}},
      {"project_code", it.project_code},
      {"project_name", it.project_name},
      {"months", it.months},
      {"exam_date", it.exam_date},
      {"expected_count", it.expected_count},
      {"registered_count", it.registered_count},
      {"venue", it.venue},
      {"requirements", it.requirements},
      {"fee_fen", it.fee_fen ? json::value(*it.fee_fen) : json::value()},
      {"contact_name", it.contact_name},
      {"contact_phone", it.contact_phone},
  };
}

json::value RegistrationJson(const store::RegistrationRow& g) {
  return json::object{
      {"id", g.id},
      {"plan_item_id", g.plan_item_id},
      {"project_code", g.project_code},
      {"project_name", g.project_name},
      {"institution_id", g.institution_id},
      {"institution_name", g.institution_name},
      {"district_code", g.district_code},
      {"exam_date", g.exam_date},
      {"state", std::string(domain::RegistrationStateName(g.state))},
      {"state_title", std::string(domain::RegistrationStateTitle(g.state))},
      {"source", std::string(domain::RegistrationSourceName(g.source))},
      {"source_title", std::string(domain::RegistrationSourceTitle(g.source))},
      {"name", g.person_name},
      {"id_type", g.id_type},
      {"id_masked", g.id_masked},
      {"birth_date", g.birth_date},
      {"phone", g.phone},
      {"employer", g.employer},
      {"consent_version", OptionalJson(g.consent_version)},
      {"consented_at", g.consented_at
                           ? json::value(Clock::FormatIso(*g.consented_at))
                           : json::value()},
      {"created_at", Clock::FormatIso(g.created_at)},
      {"cancelled_at", g.cancelled_at
                           ? json::value(Clock::FormatIso(*g.cancelled_at))
                           : json::value()},
  };
}

json::value ReportJson(const service::RegistrationImportReport& r) {
  json::array errors;
  for (const auto& e : r.errors) {
    errors.push_back(json::object{
        {"row", e.row}, {"column", e.column}, {"message", e.message}});
  }
  return json::object{{"rows", r.rows},
                      {"imported", r.imported},
                      {"persons_created", r.persons_created},
                      {"error_count", r.errors.size()},
                      {"errors", std::move(errors)}};
}

Response One(const Result<store::RegistrationRow>& g, unsigned status = 200) {
  if (!g.ok()) return Response::Problem(g.status());
  return Response::Json(RegistrationJson(*g), status);
}

Result<int64_t> ItemIdQuery(const Request& req, bool required) {
  ZXKH_ASSIGN_OR_RETURN(int id, IntQuery(req, "item_id", 0, 0, kMaxId));
  if (required && id == 0) {
    return Status::InvalidArgument("request.invalid_query",
                                   "请指定考核计划项目（item_id）", "item_id");
  }
  return int64_t{id};
}

Result<store::RegistrationFilter> ParseFilter(const Request& req) {
  store::RegistrationFilter f;
  ZXKH_ASSIGN_OR_RETURN(int64_t item, ItemIdQuery(req, false));
  if (item != 0) f.plan_item_id = item;
  ZXKH_ASSIGN_OR_RETURN(f.project_code, TextQuery(req, "project"));
  ZXKH_ASSIGN_OR_RETURN(std::string state, TextQuery(req, "state"));
  if (!state.empty()) {
    f.state = domain::ParseRegistrationState(state);
    if (!f.state) {
      return Status::InvalidArgument("request.invalid_query", "报名状态无效",
                                     "state");
    }
  }
  ZXKH_ASSIGN_OR_RETURN(f.name, TextQuery(req, "q"));
  ZXKH_ASSIGN_OR_RETURN(f.page, PageQuery(req));
  return f;
}

const std::vector<QueryParam> kListParams = {
    {"item_id", "integer", "考核计划项目"},
    {"project", "string", "项目代码"},
    {"state", "string",
     "状态：registered, sat, absent, passed, failed, cancelled"},
    {"q", "string", "姓名包含"},
    {"page", "integer", "页码"},
    {"page_size", "integer", "每页条数（≤ 200）"},
};

const json::value kSelfSchema = json::parse(R"({
  "type": "object", "additionalProperties": false,
  "required": ["item_id", "consent_version"],
  "properties": {
    "item_id": {"type": "integer", "minimum": 1},
    "consent_version": {"type": "string", "minLength": 1, "maxLength": 40}
  }})");

const json::value kEntrySchema = json::parse(R"({
  "type": "object", "additionalProperties": false,
  "required": ["item_id", "name", "id_number", "phone"],
  "properties": {
    "item_id": {"type": "integer", "minimum": 1},
    "name": {"type": "string", "maxLength": 60},
    "id_type": {"type": "string", "enum": ["resident_id", "other"]},
    "id_number": {"type": "string", "maxLength": 40},
    "birth_date": {"type": "string", "maxLength": 10},
    "phone": {"type": "string", "maxLength": 20},
    "employer": {"type": "string", "maxLength": 200}
  }})");

Response Xlsx(Result<std::string> bytes, std::string_view file_name) {
  if (!bytes.ok()) return Response::Problem(bytes.status());
  Response r = Response::Text(std::move(bytes).value(), std::string(kXlsxType));
  r.headers.emplace_back("Content-Disposition",
                         AttachmentDisposition(file_name));
  return r;
}

}  // namespace

std::vector<Route> RegistrationRoutes(RegistrationService& reg) {
  std::vector<Route> routes;
  const std::string tag = "registration";

  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/public/registration-items",
      .policy = Policy::Public(),
      .tag = tag,
      .summary = "可报名的考核计划项目（已发布、考核日期未到）及报名承诺",
      .query_params = {{"project", "string", "项目代码"},
                       {"district", "string", "区(市)代码"},
                       {"institution_id", "integer", "考核机构"}},
      .handler =
          [&reg](const Request& req) {
            store::ItemFilter f;
            auto project = TextQuery(req, "project");
            if (!project.ok()) return Response::Problem(project.status());
            auto district = TextQuery(req, "district");
            if (!district.ok()) return Response::Problem(district.status());
            auto inst = IntQuery(req, "institution_id", 0, 0, kMaxId);
            if (!inst.ok()) return Response::Problem(inst.status());
            f.project_code = *project;
            f.district_code = *district;
            if (*inst != 0) f.institution_id = *inst;
            auto items = reg.OpenItems(f);
            if (!items.ok()) return Response::Problem(items.status());
            json::array out;
            for (const auto& it : *items) out.push_back(ItemJson(it));
            return Response::Json(json::object{
                {"items", std::move(out)},
                {"consent",
                 json::object{{"version", std::string(domain::kConsentVersion)},
                              {"text", std::string(domain::ConsentText())}}}});
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/registrations/self",
      .policy = Policy::Roles({Role::kCandidate}),
      .tag = tag,
      .summary = "考生本人报名（须同意个人自愿报名承诺）",
      .request_schema = kSelfSchema,
      .handler =
          [&reg](const Request& req) {
            const json::object& o = req.json->as_object();
            return One(reg.RegisterSelf(req.caller,
                                        o.at("item_id").to_number<int64_t>(),
                                        StringField(o, "consent_version")),
                       201);
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/registrations",
      .policy = Policy::Roles(kInstitutionRoles),
      .tag = tag,
      .summary = "考核机构录入一名考生的报名",
      .request_schema = kEntrySchema,
      .handler =
          [&reg](const Request& req) {
            const json::object& o = req.json->as_object();
            domain::RegistrantInput in{
                StringField(o, "name"),      StringField(o, "id_type"),
                StringField(o, "id_number"), StringField(o, "birth_date"),
                StringField(o, "phone"),     StringField(o, "employer")};
            return One(
                reg.Enter(req.caller, o.at("item_id").to_number<int64_t>(), in),
                201);
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/registrations",
      .policy = Policy::Roles(kReaders),
      .tag = tag,
      .summary = "报名名单（按数据范围；考生仅本人）",
      .query_params = kListParams,
      .handler =
          [&reg](const Request& req) {
            auto f = ParseFilter(req);
            if (!f.ok()) return Response::Problem(f.status());
            auto page = reg.List(req.caller, *f);
            if (!page.ok()) return Response::Problem(page.status());
            return Response::Json(PageJson(*page, RegistrationJson));
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/registrations/export.xlsx",
      .policy = Policy::Roles(kReaders),
      .tag = tag,
      .summary = "导出报名名单（Excel，按数据范围）",
      .query_params = kListParams,
      .handler =
          [&reg](const Request& req) {
            auto f = ParseFilter(req);
            if (!f.ok()) return Response::Problem(f.status());
            return Xlsx(reg.ExportXlsx(req.caller, *f), "报名名单.xlsx");
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/registrations/template.xlsx",
      .policy = Policy::Roles(kInstitutionRoles),
      .tag = tag,
      .summary = "下载报名批量导入模板（Excel）",
      .handler =
          [](const Request&) {
            return Xlsx(RegistrationService::TemplateXlsx(),
                        "报名导入模板.xlsx");
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/registrations/imports",
      .policy = Policy::Roles(kInstitutionRoles),
      .tag = tag,
      .summary = "批量导入报名（Excel 或 CSV，UTF-8/GBK；后台任务，返回 202 "
                 "与任务编号）",
      .query_params = {{"item_id", "integer", "考核计划项目（必填）"}},
      .upload_limit_bytes =
          static_cast<std::size_t>(RegistrationService::kMaxImportBytes),
      .handler =
          [&reg](const Request& req) {
            auto item = ItemIdQuery(req, true);
            if (!item.ok()) return Response::Problem(item.status());
            auto job = reg.StartImportFile(req.caller, *item, req.body_file);
            if (!job.ok()) return Response::Problem(job.status());
            Response r = Response::Json(
                json::object{{"job_id", *job}, {"phase", "reading"}}, 202);
            r.headers.emplace_back("Location",
                                   "/api/registrations/imports/" + *job);
            return r;
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/registrations/imports/{job_id}",
      .policy = Policy::Roles(kInstitutionRoles),
      .tag = tag,
      .summary = "导入任务进度与结果（阶段、已处理行数、错误行）",
      .handler =
          [&reg](const Request& req) {
            auto v = reg.ImportJob(req.caller, req.path_params.at("job_id"));
            if (!v.ok()) return Response::Problem(v.status());
            json::object out{{"job_id", v->id},
                             {"plan_item_id", v->plan_item_id},
                             {"phase", v->phase},
                             {"rows_done", v->rows_done},
                             {"rows_total", v->rows_total}};
            out["report"] = v->report ? ReportJson(*v->report) : json::value();
            if (v->error) {
              out["error"] = json::object{{"code", v->error->code()},
                                          {"message", v->error->message()},
                                          {"field", v->error->field()}};
            } else {
              out["error"] = nullptr;
            }
            return Response::Json(out);
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/registrations/{id}",
      .policy = Policy::Roles(kReaders),
      .tag = tag,
      .summary = "查看一条报名（按数据范围）",
      .handler =
          [&reg](const Request& req) {
            auto id = IntPathParam(req, "id", 1, kMaxId);
            if (!id.ok()) return Response::Problem(id.status());
            return One(reg.Get(req.caller, *id));
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/registrations/{id}/cancel",
      .policy = Policy::Roles({Role::kCandidate, Role::kInstitutionAdmin,
                               Role::kInstitutionOperator}),
      .tag = tag,
      .summary = "取消报名（考生本人或考核机构，考核日期之前）",
      .handler =
          [&reg](const Request& req) {
            auto id = IntPathParam(req, "id", 1, kMaxId);
            if (!id.ok()) return Response::Problem(id.status());
            return One(reg.Cancel(req.caller, *id));
          },
  });
  return routes;
}

}  // namespace zxkh::http
