#include <boost/json.hpp>

#include "common/clock.hpp"
#include "http/download.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/json_out.hpp"
#include "http/query.hpp"
#include "service/catalog_service.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;
using domain::CatalogProject;

json::value ProjectJson(const CatalogProject& p) {
  return json::object{
      {"code", p.code},
      {"name", p.name},
      {"category", p.category},
      {"status", std::string(domain::ProjectStatusName(p.status))},
      {"catalog_version", p.catalog_version},
      {"spec_file_sha256", OptionalJson(p.spec_file_sha256)},
      {"spec_file_name", OptionalJson(p.spec_file_name)},
      {"created_at", Clock::FormatIso(p.created_at)},
      {"updated_at", Clock::FormatIso(p.updated_at)},
      {"retired_at", p.retired_at ? json::value(Clock::FormatIso(*p.retired_at))
                                  : json::value(nullptr)},
  };
}

Response ProjectResponse(const Result<CatalogProject>& r,
                         unsigned ok_status = 200) {
  if (!r.ok()) return Response::Problem(r.status());
  return Response::Json(ProjectJson(*r), ok_status);
}

Result<domain::CatalogFilter> ParseFilter(const Request& req) {
  domain::CatalogFilter f;
  ZXKH_ASSIGN_OR_RETURN(f.q, TextQuery(req, "q"));
  ZXKH_ASSIGN_OR_RETURN(f.category, TextQuery(req, "category"));
  ZXKH_ASSIGN_OR_RETURN(std::string status, TextQuery(req, "status"));
  if (!status.empty()) {
    ZXKH_ASSIGN_OR_RETURN(f.status, domain::ParseProjectStatus(status));
  }
  ZXKH_ASSIGN_OR_RETURN(f.page, PageQuery(req));
  return f;
}

const json::value kDraftSchema = json::parse(R"({
  "type": "object",
  "additionalProperties": false,
  "required": ["code", "name", "catalog_version"],
  "properties": {
    "code": {"type": "string", "minLength": 7, "maxLength": 7},
    "name": {"type": "string", "minLength": 2, "maxLength": 40},
    "category": {"type": "string", "enum": ["食品制作", "种植", "手工制作", "其它"]},
    "catalog_version": {"type": "string", "minLength": 1, "maxLength": 20}
  }
})");

const json::value kPatchSchema = json::parse(R"({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "name": {"type": "string", "minLength": 2, "maxLength": 40},
    "category": {"type": "string", "enum": ["食品制作", "种植", "手工制作", "其它"]},
    "catalog_version": {"type": "string", "minLength": 1, "maxLength": 20}
  }
})");

const std::vector<QueryParam> kListParams = {
    {"q", "string", "项目名称关键字或项目代码前缀"},
    {"category", "string", "类别：食品制作、种植、手工制作、其它"},
    {"status", "string", "active（有效）或 retired（已停用）"},
    {"page", "integer", "页码，从 1 开始"},
    {"page_size", "integer", "每页条数，1–200，默认 20"},
};

}  // namespace

std::vector<Route> CatalogRoutes(service::CatalogService& catalog) {
  std::vector<Route> routes;
  routes.push_back(Route{.method = Verb::get,
                         .pattern = "/api/public/catalog",
                         .policy = Policy::Public(),
                         .tag = "catalog",
                         .summary = "查询考核项目目录（公开）",
                         .query_params = kListParams,
                         .handler = [&catalog](const Request& req) {
                           auto filter = ParseFilter(req);
                           if (!filter.ok())
                             return Response::Problem(filter.status());
                           auto page = catalog.List(*filter);
                           if (!page.ok())
                             return Response::Problem(page.status());
                           return Response::Json(PageJson(*page, ProjectJson));
                         }});
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/public/catalog/export.xlsx",
      .policy = Policy::Public(),
      .tag = "catalog",
      .summary = "导出考核项目目录（Excel，可修改后再导入）",
      .query_params = kListParams,
      .handler =
          [&catalog](const Request& req) {
            auto filter = ParseFilter(req);
            if (!filter.ok()) return Response::Problem(filter.status());
            auto xlsx = catalog.ExportXlsx(*filter);
            if (!xlsx.ok()) return Response::Problem(xlsx.status());
            Response r =
                Response::Text(std::move(xlsx).value(), std::string(kXlsxType));
            r.headers.emplace_back("Content-Disposition",
                                   AttachmentDisposition("考核项目目录.xlsx"));
            return r;
          },
  });
  routes.push_back(Route{.method = Verb::get,
                         .pattern = "/api/public/catalog/{code}",
                         .policy = Policy::Public(),
                         .tag = "catalog",
                         .summary = "查看一个考核项目（公开）",
                         .handler = [&catalog](const Request& req) {
                           return ProjectResponse(
                               catalog.Get(req.path_params.at("code")));
                         }});
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/catalog/projects",
      .policy = Policy::Roles({domain::Role::kCity}),
      .tag = "catalog",
      .summary = "新增考核项目（市级）",
      .request_schema = kDraftSchema,
      .handler = [&catalog](const Request& req) {
        const json::object& o = req.json->as_object();
        domain::ProjectDraft d{StringField(o, "code"), StringField(o, "name"),
                               StringField(o, "category"),
                               StringField(o, "catalog_version")};
        return ProjectResponse(catalog.Create(req.caller, std::move(d)), 201);
      }});
  routes.push_back(Route{
      .method = Verb::patch,
      .pattern = "/api/catalog/projects/{code}",
      .policy = Policy::Roles({domain::Role::kCity}),
      .tag = "catalog",
      .summary = "修改考核项目名称、类别或目录版本（市级；代码不可改）",
      .request_schema = kPatchSchema,
      .handler = [&catalog](const Request& req) {
        const json::object& o = req.json->as_object();
        service::ProjectPatch patch{OptionalStringField(o, "name"),
                                    OptionalStringField(o, "category"),
                                    OptionalStringField(o, "catalog_version")};
        return ProjectResponse(catalog.Update(
            req.caller, req.path_params.at("code"), std::move(patch)));
      }});
  routes.push_back(Route{.method = Verb::post,
                         .pattern = "/api/catalog/projects/{code}/retire",
                         .policy = Policy::Roles({domain::Role::kCity}),
                         .tag = "catalog",
                         .summary = "停用考核项目（市级；历史记录保留）",
                         .handler = [&catalog](const Request& req) {
                           return ProjectResponse(catalog.Retire(
                               req.caller, req.path_params.at("code")));
                         }});
  routes.push_back(Route{.method = Verb::post,
                         .pattern = "/api/catalog/projects/{code}/reinstate",
                         .policy = Policy::Roles({domain::Role::kCity}),
                         .tag = "catalog",
                         .summary = "恢复已停用的考核项目（市级）",
                         .handler = [&catalog](const Request& req) {
                           return ProjectResponse(catalog.Reinstate(
                               req.caller, req.path_params.at("code")));
                         }});
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/catalog/import",
      .policy = Policy::Roles({domain::Role::kCity}),
      .tag = "catalog",
      .summary = "从 CSV（UTF-8 或 GBK）或 Excel 文件导入考核项目（市级）",
      .query_params = {{"catalog_version", "string",
                        "文件未给出目录版本时使用，默认 2023版"}},
      .handler = [&catalog](const Request& req) {
        auto version = TextQuery(req, "catalog_version");
        if (!version.ok()) return Response::Problem(version.status());
        auto report = catalog.Import(req.caller, req.body,
                                     version->empty() ? "2023版" : *version);
        if (!report.ok()) return Response::Problem(report.status());
        json::array errors;
        for (const auto& e : report->errors) {
          errors.push_back(json::object{
              {"row", e.row}, {"column", e.column}, {"message", e.message}});
        }
        return Response::Json(json::object{{"rows", report->rows},
                                           {"created", report->created},
                                           {"updated", report->updated},
                                           {"unchanged", report->unchanged},
                                           {"errors", std::move(errors)}});
      }});
  routes.push_back(Route{
      .method = Verb::put,
      .pattern = "/api/catalog/projects/{code}/specification",
      .policy = Policy::Roles({domain::Role::kCity}),
      .tag = "catalog",
      .summary = "上传项目考核规范（PDF 或 Word，≤ 20 MB；按内容识别类型）",
      .upload_limit_bytes = service::CatalogService::kMaxSpecificationBytes,
      .handler =
          [&catalog](const Request& req) {
            return ProjectResponse(catalog.AttachSpecification(
                req.caller, req.path_params.at("code"), req.body_file,
                UploadedFileName(req)));
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/public/catalog/{code}/specification",
      .policy = Policy::Public(),
      .tag = "catalog",
      .summary = "下载项目考核规范",
      .handler =
          [&catalog](const Request& req) {
            auto doc = catalog.Specification(req.path_params.at("code"));
            if (!doc.ok()) return Response::Problem(doc.status());
            Response r = Response::Text(std::move(doc->bytes), doc->media_type);
            r.headers.emplace_back("Content-Disposition",
                                   AttachmentDisposition(doc->file_name));
            return r;
          },
  });
  return routes;
}

}  // namespace zxkh::http
