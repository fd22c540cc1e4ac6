// Institution recruitment (R-INS-1 … R-INS-6): the applicant's, district's,
// city's and province's steps under /api/recruitment/…, and the public
// registration, publicity, objections and directory under /api/public/….
#include <boost/json.hpp>

#include "common/clock.hpp"
#include "http/download.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/json_out.hpp"
#include "http/query.hpp"
#include "service/recruitment_service.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;
using domain::Role;
using service::RecruitmentService;

constexpr int kMaxId = 2000000000;
constexpr std::size_t kUploadLimit = 50u * 1024 * 1024;

const std::vector<Role> kInstitutionRoles = {Role::kInstitutionAdmin,
                                             Role::kInstitutionOperator};
const std::vector<Role> kReaders = {Role::kProvince, Role::kCity,
                                    Role::kDistrict, Role::kInstitutionAdmin,
                                    Role::kInstitutionOperator};

json::value OptInt(const std::optional<int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::value Time(int64_t ms) { return json::value(Clock::FormatIso(ms)); }

json::value ProjectsJson(const std::vector<store::ProjectRef>& projects) {
  json::array out;
  for (const auto& p : projects) {
    out.push_back(json::object{{"code", p.code}, {"name", p.name}});
  }
  return out;
}

json::value InstitutionJson(const store::InstitutionRow& i) {
  return json::object{
      {"id", i.id},
      {"code", OptionalJson(i.code)},
      {"name", i.name},
      {"credit_code", i.credit_code},
      {"type", std::string(domain::InstitutionTypeName(i.type))},
      {"type_title", std::string(domain::InstitutionTypeTitle(i.type))},
      {"district_code", i.district_code},
      {"district_name", i.district_name},
      {"status", i.status},
      {"credit_status", i.credit_status},
      {"legal_representative", i.legal_representative},
      {"contact_name", i.contact_name},
      {"contact_phone", i.contact_phone},
      {"address", i.address},
      {"listed", i.listed_at.has_value()},
      {"created_at", Time(i.created_at)},
  };
}

json::value ScopeJson(const std::vector<store::ScopeProject>& scope) {
  json::array out;
  for (const auto& s : scope) {
    out.push_back(json::object{{"code", s.code},
                               {"name", s.name},
                               {"approved_at", Time(s.approved_at)},
                               {"application_id", OptInt(s.application_id)}});
  }
  return out;
}

json::value ApplicationJson(const store::ApplicationRow& a) {
  json::value publicity = nullptr;
  if (a.publicity_round_id) {
    publicity = json::object{{"round_id", *a.publicity_round_id},
                             {"start_date", OptionalJson(a.publicity_start)},
                             {"end_date", OptionalJson(a.publicity_end)}};
  }
  return json::object{
      {"id", a.id},
      {"state", std::string(domain::ApplicationStateName(a.state))},
      {"state_title", std::string(domain::ApplicationStateTitle(a.state))},
      {"submission_count", a.submission_count},
      {"institution",
       json::object{
           {"id", a.institution_id},
           {"name", a.institution_name},
           {"code", OptionalJson(a.institution_code)},
           {"credit_code", a.credit_code},
           {"type",
            std::string(domain::InstitutionTypeName(a.institution_type))},
           {"type_title",
            std::string(domain::InstitutionTypeTitle(a.institution_type))},
           {"district_code", a.district_code},
           {"district_name", a.district_name},
           {"status", a.institution_status},
           {"credit_status", a.credit_status},
       }},
      {"evaluation_mean",
       a.evaluation_mean ? json::value(*a.evaluation_mean) : json::value()},
      {"evaluation_selected", a.evaluation_selected
                                  ? json::value(*a.evaluation_selected)
                                  : json::value()},
      {"publicity", std::move(publicity)},
      {"report_id", OptInt(a.report_id)},
      {"approved_on", OptionalJson(a.approved_on)},
      {"has_receipt", a.receipt_sha256.has_value()},
      {"created_at", Time(a.created_at)},
      {"updated_at", Time(a.updated_at)},
  };
}

json::value MaterialJson(const store::MaterialRow& m) {
  return json::object{
      {"id", m.id},
      {"type", std::string(domain::MaterialTypeName(m.material.type))},
      {"type_title", std::string(domain::MaterialTypeTitle(m.material.type))},
      {"project_code", m.material.project_code},
      {"file_name", m.material.file_name},
      {"media_type", m.material.media_type},
      {"size_bytes", m.material.size_bytes},
      {"sha256", m.material.file_sha256},
      {"uploaded_at", Time(m.uploaded_at)},
      {"uploaded_by", m.uploaded_by},
      {"superseded", m.superseded},
  };
}

json::value ObjectionJson(const store::ObjectionRow& o) {
  return json::object{
      {"id", o.id},
      {"application_id", o.application_id},
      {"round_id", o.round_id},
      {"filed_at", Time(o.filed_at)},
      {"name", o.name},
      {"contact", o.contact},
      {"content", o.content},
      {"status", o.status},
      {"decision_note", o.decision_note},
      {"decided_at", o.decided_at ? Time(*o.decided_at) : json::value()},
  };
}

json::value DetailJson(const service::ApplicationDetail& d) {
  json::object out = ApplicationJson(d.application).as_object();
  out["projects"] = ProjectsJson(d.projects);
  json::array completeness;
  int missing = 0;
  for (const auto& item : d.completeness) {
    missing += !item.current;
    completeness.push_back(json::object{
        {"type", std::string(domain::MaterialTypeName(item.type))},
        {"type_title", std::string(domain::MaterialTypeTitle(item.type))},
        {"project_code", item.project_code},
        {"present", item.current.has_value()},
        {"material",
         item.current ? MaterialJson(*item.current) : json::value()},
    });
  }
  out["completeness"] = std::move(completeness);
  out["missing_materials"] = missing;
  json::array history;
  for (const auto& m : d.history) history.push_back(MaterialJson(m));
  out["materials"] = std::move(history);
  json::array findings;
  for (const auto& f : d.findings) {
    findings.push_back(json::object{
        {"submission", f.submission},
        {"type", std::string(domain::MaterialTypeName(f.finding.type))},
        {"type_title", std::string(domain::MaterialTypeTitle(f.finding.type))},
        {"project_code", f.finding.project_code},
        {"result", std::string(domain::FindingResultName(f.finding.result))},
        {"note", f.finding.note},
        {"decided_at", Time(f.decided_at)},
    });
  }
  out["findings"] = std::move(findings);
  json::array events;
  for (const auto& e : d.events) {
    events.push_back(json::object{{"at", Time(e.at)},
                                  {"user_id", OptInt(e.user_id)},
                                  {"role", e.role},
                                  {"action", e.action},
                                  {"from_state", e.from_state},
                                  {"to_state", e.to_state},
                                  {"reason", e.reason}});
  }
  out["events"] = std::move(events);
  json::array forms;
  for (const auto& f : d.forms) {
    json::array scores;
    for (const auto& s : f.scores) {
      scores.push_back(
          json::object{{"key", s.key}, {"points", s.points}, {"met", s.met}});
    }
    forms.push_back(json::object{{"id", f.id},
                                 {"evaluator_name", f.evaluator_name},
                                 {"total", f.total},
                                 {"comment", f.comment},
                                 {"submitted_at", Time(f.submitted_at)},
                                 {"scores", std::move(scores)}});
  }
  out["evaluation_forms"] = std::move(forms);
  json::array objections;
  for (const auto& o : d.objections) objections.push_back(ObjectionJson(o));
  out["objections"] = std::move(objections);
  out["open_objections"] = d.open_objections;
  return out;
}

json::value CriteriaJson(const std::vector<domain::Criterion>& criteria) {
  json::array items;
  for (const auto& c : criteria) {
    items.push_back(json::object{{"key", c.key},
                                 {"title", c.title},
                                 {"max_points", c.max_points},
                                 {"required", c.required}});
  }
  return json::object{{"items", std::move(items)}};
}

json::value RoundJson(const store::PublicityRoundRow& r) {
  return json::object{{"id", r.id},
                      {"title", r.title},
                      {"start_date", r.start_date},
                      {"end_date", r.end_date},
                      {"opened_at", Time(r.opened_at)},
                      {"application_count", r.application_count}};
}

json::value ReportJson(const service::ReportView& v) {
  json::array apps;
  for (const auto& a : v.applications) apps.push_back(ApplicationJson(a));
  return json::object{
      {"id", v.report.id},
      {"reported_at", Time(v.report.reported_at)},
      {"note", v.report.note},
      {"published", v.report.published_at.has_value()},
      {"published_at",
       v.report.published_at ? Time(*v.report.published_at) : json::value()},
      {"applications", std::move(apps)},
  };
}

json::value DirectoryJson(const store::DirectoryEntry& e) {
  const store::InstitutionRow& i = e.institution;
  json::array projects;
  for (const auto& p : e.projects) {
    projects.push_back(json::object{{"code", p.code}, {"name", p.name}});
  }
  return json::object{
      {"code", OptionalJson(i.code)},
      {"name", i.name},
      {"credit_code", i.credit_code},
      {"type", std::string(domain::InstitutionTypeName(i.type))},
      {"type_title", std::string(domain::InstitutionTypeTitle(i.type))},
      {"district_code", i.district_code},
      {"district_name", i.district_name},
      {"address", i.address},
      {"status", i.status},
      {"projects", std::move(projects)},
  };
}

Response DetailResponse(const Result<service::ApplicationDetail>& r,
                        unsigned ok_status = 200) {
  if (!r.ok()) return Response::Problem(r.status());
  return Response::Json(DetailJson(*r), ok_status);
}

Response FileResponse(const Result<service::FileDownload>& f) {
  if (!f.ok()) return Response::Problem(f.status());
  Response r = Response::Text(f->bytes, f->media_type);
  r.headers.emplace_back("Content-Disposition",
                         AttachmentDisposition(f->file_name));
  r.headers.emplace_back("Cache-Control", "private, no-store");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

std::vector<std::string> StringArray(const json::object& o,
                                     std::string_view key) {
  std::vector<std::string> out;
  if (auto it = o.find(key); it != o.end()) {
    for (const auto& v : it->value().as_array()) {
      out.emplace_back(v.as_string());
    }
  }
  return out;
}

std::vector<int64_t> IdArray(const json::object& o, std::string_view key) {
  std::vector<int64_t> out;
  if (auto it = o.find(key); it != o.end()) {
    for (const auto& v : it->value().as_array()) out.push_back(v.as_int64());
  }
  return out;
}

// The {id} of the path, or the problem to answer.
template <typename Fn>
Response WithId(const Request& req, const char* name, Fn&& fn) {
  auto id = IntPathParam(req, name, 1, kMaxId);
  if (!id.ok()) return Response::Problem(id.status());
  return fn(static_cast<int64_t>(*id));
}

const json::value kProjectsSchema = json::parse(R"({
  "type": "object", "additionalProperties": false, "required": ["project_codes"],
  "properties": {
    "project_codes": {"type": "array", "minItems": 1, "maxItems": 20,
      "items": {"type": "string", "pattern": "ZX0[1-4][0-9]{3}"}}
  }})");

const json::value kReasonSchema = json::parse(R"({
  "type": "object", "additionalProperties": false, "required": ["reason"],
  "properties": {"reason": {"type": "string", "minLength": 1, "maxLength": 1000}}
})");

const json::value kForwardSchema = json::parse(R"({
  "type": "object", "additionalProperties": false,
  "properties": {"note": {"type": "string", "maxLength": 1000}}
})");

const json::value kFindingsSchema = json::parse(R"({
  "type": "object", "additionalProperties": false, "required": ["findings"],
  "properties": {
    "findings": {"type": "array", "minItems": 1, "maxItems": 100, "items": {
      "type": "object", "additionalProperties": false, "required": ["type", "result"],
      "properties": {
        "type": {"type": "string", "enum": ["application_form", "work_plan",
          "question_bank", "training_capability", "legal_registration", "credit_report"]},
        "project_code": {"type": "string", "maxLength": 7},
        "result": {"type": "string", "enum": ["ok", "missing", "invalid"]},
        "note": {"type": "string", "maxLength": 500}
      }}}
  }})");

const json::value kCriteriaSchema = json::parse(R"({
  "type": "object", "additionalProperties": false, "required": ["criteria"],
  "properties": {
    "criteria": {"type": "array", "minItems": 1, "maxItems": 30, "items": {
      "type": "object", "additionalProperties": false,
      "required": ["key", "title", "max_points", "required"],
      "properties": {
        "key": {"type": "string", "minLength": 1, "maxLength": 40},
        "title": {"type": "string", "minLength": 2, "maxLength": 60},
        "max_points": {"type": "integer", "minimum": 1, "maximum": 100},
        "required": {"type": "boolean"}
      }}}
  }})");

const json::value kEvaluationSchema = json::parse(R"({
  "type": "object", "additionalProperties": false,
  "required": ["evaluator_name", "scores"],
  "properties": {
    "evaluator_name": {"type": "string", "minLength": 2, "maxLength": 30},
    "comment": {"type": "string", "maxLength": 1000},
    "scores": {"type": "array", "minItems": 1, "maxItems": 30, "items": {
      "type": "object", "additionalProperties": false, "required": ["key", "points"],
      "properties": {
        "key": {"type": "string", "minLength": 1, "maxLength": 40},
        "points": {"type": "integer", "minimum": 0, "maximum": 100},
        "met": {"type": "boolean"}
      }}}
  }})");

const json::value kPublicitySchema = json::parse(R"({
  "type": "object", "additionalProperties": false,
  "required": ["title", "start_date", "application_ids"],
  "properties": {
    "title": {"type": "string", "minLength": 2, "maxLength": 100},
    "start_date": {"type": "string", "format": "date"},
    "end_date": {"type": "string", "format": "date"},
    "application_ids": {"type": "array", "minItems": 1, "maxItems": 200,
      "items": {"type": "integer", "minimum": 1}}
  }})");

const json::value kDecideSchema = json::parse(R"({
  "type": "object", "additionalProperties": false, "required": ["decision", "note"],
  "properties": {
    "decision": {"type": "string", "enum": ["upheld", "dismissed"]},
    "note": {"type": "string", "minLength": 1, "maxLength": 1000}
  }})");

const json::value kReportSchema = json::parse(R"({
  "type": "object", "additionalProperties": false,
  "properties": {
    "application_ids": {"type": "array", "maxItems": 200,
      "items": {"type": "integer", "minimum": 1}},
    "note": {"type": "string", "maxLength": 500}
  }})");

const json::value kCreditSchema = json::parse(R"({
  "type": "object", "additionalProperties": false, "required": ["credit_status"],
  "properties": {"credit_status": {"type": "string", "enum": ["good", "bad_record"]}}
})");

const json::value kRegistrationSchema = json::parse(R"({
  "type": "object", "additionalProperties": false,
  "required": ["name", "credit_code", "type", "district_code", "legal_representative",
               "contact_name", "contact_phone", "address", "username", "password"],
  "properties": {
    "name": {"type": "string", "minLength": 2, "maxLength": 60},
    "credit_code": {"type": "string", "minLength": 18, "maxLength": 18},
    "type": {"type": "string", "enum": ["enterprise", "college", "social_org", "training"]},
    "district_code": {"type": "string", "minLength": 6, "maxLength": 6},
    "legal_representative": {"type": "string", "minLength": 2, "maxLength": 30},
    "contact_name": {"type": "string", "minLength": 2, "maxLength": 30},
    "contact_phone": {"type": "string", "minLength": 7, "maxLength": 20},
    "address": {"type": "string", "minLength": 5, "maxLength": 100},
    "username": {"type": "string", "minLength": 3, "maxLength": 32},
    "password": {"type": "string", "minLength": 1, "maxLength": 128}
  }})");

const json::value kObjectionSchema = json::parse(R"({
  "type": "object", "additionalProperties": false,
  "required": ["name", "contact", "content"],
  "properties": {
    "name": {"type": "string", "minLength": 1, "maxLength": 30},
    "contact": {"type": "string", "minLength": 1, "maxLength": 50},
    "content": {"type": "string", "minLength": 1, "maxLength": 1000}
  }})");

}  // namespace

std::vector<Route> RecruitmentRoutes(RecruitmentService& rec) {
  std::vector<Route> routes;
  const std::string tag = "recruitment";

  // --- Public -------------------------------------------------------------
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/public/institution-registrations",
      .policy = Policy::Public(),
      .tag = tag,
      .summary = "考核机构注册（机构信息与管理员账号；统一社会信用代码校验）",
      .request_schema = kRegistrationSchema,
      .rate_limit = {.per_minute = 10, .burst = 5},
      .handler =
          [&rec](const Request& req) {
            const json::object& o = req.json->as_object();
            service::InstitutionRegistration r{
                StringField(o, "name"),
                StringField(o, "credit_code"),
                StringField(o, "type"),
                StringField(o, "district_code"),
                StringField(o, "legal_representative"),
                StringField(o, "contact_name"),
                StringField(o, "contact_phone"),
                StringField(o, "address"),
                StringField(o, "username"),
                StringField(o, "password")};
            auto out = rec.RegisterInstitution(r, req.request_id);
            if (!out.ok()) return Response::Problem(out.status());
            return Response::Json(
                json::object{{"institution_id", out->institution_id},
                             {"user_id", out->user_id}},
                201);
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/public/publicity",
      .policy = Policy::Public(),
      .tag = tag,
      .summary = "考核机构遴选结果公示（正在公示的申请）",
      .handler =
          [&rec](const Request&) {
            auto items = rec.CurrentPublicity();
            if (!items.ok()) return Response::Problem(items.status());
            json::array out;
            for (const auto& item : *items) {
              const auto& a = item.application;
              out.push_back(json::object{
                  {"application_id", a.id},
                  {"institution_name", a.institution_name},
                  {"credit_code", a.credit_code},
                  {"institution_type", std::string(domain::InstitutionTypeTitle(
                                           a.institution_type))},
                  {"district_code", a.district_code},
                  {"district_name", a.district_name},
                  {"projects", ProjectsJson(item.projects)},
                  {"evaluation_mean", a.evaluation_mean
                                          ? json::value(*a.evaluation_mean)
                                          : json::value()},
                  {"start_date", OptionalJson(a.publicity_start)},
                  {"end_date", OptionalJson(a.publicity_end)},
              });
            }
            return Response::Json(json::object{{"items", std::move(out)}});
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/public/publicity/{application_id}/objections",
      .policy = Policy::Public(),
      .tag = tag,
      .summary = "对公示中的申请提出异议（同一地址每小时最多 5 件）",
      .request_schema = kObjectionSchema,
      .handler =
          [&rec](const Request& req) {
            return WithId(req, "application_id", [&](int64_t id) {
              const json::object& o = req.json->as_object();
              auto filed = rec.FileObjection(
                  id,
                  {StringField(o, "name"), StringField(o, "contact"),
                   StringField(o, "content"), req.remote_ip},
                  req.request_id);
              if (!filed.ok()) return Response::Problem(filed.status());
              return Response::Json(json::object{{"id", *filed}}, 201);
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/public/institutions",
      .policy = Policy::Public(),
      .tag = tag,
      .summary = "考核机构目录（公开）",
      .query_params = {{"q", "string", "机构名称或机构代码关键字"},
                       {"district", "string", "区(市)代码，如 370211"},
                       {"project", "string", "考核项目代码，如 ZX01001"},
                       {"status", "string", "active、suspended 或 removed"},
                       {"page", "integer", "页码，从 1 开始"},
                       {"page_size", "integer", "每页条数，1–200，默认 20"}},
      .handler =
          [&rec](const Request& req) {
            service::DirectoryQuery q;
            auto text = TextQuery(req, "q");
            auto district = TextQuery(req, "district");
            auto project = TextQuery(req, "project");
            auto status = TextQuery(req, "status");
            auto page = PageQuery(req);
            for (const Status& st :
                 {text.status(), district.status(), project.status(),
                  status.status(), page.status()}) {
              if (!st.ok()) return Response::Problem(st);
            }
            q.q = *text;
            q.district = *district;
            q.project = *project;
            q.status = *status;
            q.page = *page;
            auto list = rec.Directory(q);
            if (!list.ok()) return Response::Problem(list.status());
            return Response::Json(PageJson(*list, DirectoryJson));
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/public/institutions/{code}",
      .policy = Policy::Public(),
      .tag = tag,
      .summary = "查看一家考核机构的公开信息（按机构代码）",
      .handler =
          [&rec](const Request& req) {
            auto e = rec.PublicInstitution(req.path_params.at("code"));
            if (!e.ok()) return Response::Problem(e.status());
            return Response::Json(DirectoryJson(*e));
          },
  });

  // --- Institutions ---------------------------------------------------------
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/recruitment/institutions/{id}",
      .policy = Policy::Roles(kReaders),
      .tag = tag,
      .summary = "查看考核机构信息与核准项目（本机构、所在区(市)、市、省）",
      .handler =
          [&rec](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              auto p = rec.GetInstitution(req.caller, id);
              if (!p.ok()) return Response::Problem(p.status());
              json::object out = InstitutionJson(p->institution).as_object();
              out["projects"] = ScopeJson(p->scope);
              return Response::Json(out);
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::put,
      .pattern = "/api/recruitment/institutions/{id}/credit",
      .policy = Policy::Roles({Role::kCity}),
      .tag = tag,
      .summary = "设置考核机构信用状况（市级；有不良记录的不能提交申请）",
      .request_schema = kCreditSchema,
      .handler =
          [&rec](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              auto p = rec.SetCreditStatus(
                  req.caller, id,
                  StringField(req.json->as_object(), "credit_status"));
              if (!p.ok()) return Response::Problem(p.status());
              json::object out = InstitutionJson(p->institution).as_object();
              out["projects"] = ScopeJson(p->scope);
              return Response::Json(out);
            });
          },
  });

  // --- Applications ---------------------------------------------------------
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/recruitment/applications",
      .policy = Policy::Roles(kReaders),
      .tag = tag,
      .summary = "考核机构申请列表（按数据范围）",
      .query_params = {{"state", "string", "申请状态，如 submitted"},
                       {"district", "string", "区(市)代码"},
                       {"q", "string", "机构名称、机构代码或统一社会信用代码"},
                       {"page", "integer", "页码，从 1 开始"},
                       {"page_size", "integer", "每页条数，1–200，默认 20"}},
      .handler =
          [&rec](const Request& req) {
            service::ApplicationQuery q;
            auto state = TextQuery(req, "state");
            auto district = TextQuery(req, "district");
            auto text = TextQuery(req, "q");
            auto page = PageQuery(req);
            for (const Status& st : {state.status(), district.status(),
                                     text.status(), page.status()}) {
              if (!st.ok()) return Response::Problem(st);
            }
            q.state = *state;
            q.district = *district;
            q.q = *text;
            q.page = *page;
            auto list = rec.ListApplications(req.caller, q);
            if (!list.ok()) return Response::Problem(list.status());
            return Response::Json(PageJson(*list, ApplicationJson));
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/recruitment/applications",
      .policy = Policy::Roles(kInstitutionRoles),
      .tag = tag,
      .summary = "新建考核机构申请（草稿，选择有效的目录项目）",
      .request_schema = kProjectsSchema,
      .handler =
          [&rec](const Request& req) {
            return DetailResponse(
                rec.CreateApplication(
                    req.caller,
                    StringArray(req.json->as_object(), "project_codes")),
                201);
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/recruitment/applications/{id}",
      .policy = Policy::Roles(kReaders),
      .tag = tag,
      .summary = "查看申请：项目、材料齐全情况、初审意见、流转记录",
      .handler =
          [&rec](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              return DetailResponse(rec.GetApplication(req.caller, id));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::put,
      .pattern = "/api/recruitment/applications/{id}/projects",
      .policy = Policy::Roles(kInstitutionRoles),
      .tag = tag,
      .summary = "修改申请的考核项目（草稿或退回修改时）",
      .request_schema = kProjectsSchema,
      .handler =
          [&rec](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              return DetailResponse(rec.SetProjects(
                  req.caller, id,
                  StringArray(req.json->as_object(), "project_codes")));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/recruitment/applications/{id}/materials",
      .policy = Policy::Roles(kInstitutionRoles),
      .tag = tag,
      .summary =
          "上传申报材料（请求体为文件内容；X-File-Name 为百分号编码的文件名；"
          "PDF、图片、DOCX、XLSX，不超过 50 MB）",
      .query_params =
          {{"type", "string",
            "材料类型：application_form、work_plan、question_bank、"
            "training_capability、legal_registration、credit_report"},
           {"project", "string", "题库所属项目代码（仅题库）"}},
      .upload_limit_bytes = kUploadLimit,
      .handler =
          [&rec](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              auto type = TextQuery(req, "type");
              auto project = TextQuery(req, "project");
              if (!type.ok()) return Response::Problem(type.status());
              if (!project.ok()) return Response::Problem(project.status());
              if (req.body_file.empty()) {
                return Response::Problem(Status::InvalidArgument(
                    "file.missing", "请上传文件", "file"));
              }
              auto m = rec.UploadMaterial(
                  req.caller, id,
                  {*type, *project, req.body_file, UploadedFileName(req)});
              if (!m.ok()) return Response::Problem(m.status());
              return Response::Json(MaterialJson(*m), 201);
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/recruitment/applications/{id}/materials/{material_id}",
      .policy = Policy::Roles(kReaders),
      .tag = tag,
      .summary = "下载一份申报材料",
      .handler =
          [&rec](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              return WithId(req, "material_id", [&](int64_t material) {
                return FileResponse(
                    rec.DownloadMaterial(req.caller, id, material));
              });
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/recruitment/applications/{id}/submit",
      .policy = Policy::Roles(kInstitutionRoles),
      .tag = tag,
      .summary = "提交申请（退回后为重新提交）至注册地区(市)人社局",
      .handler =
          [&rec](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              return DetailResponse(rec.Submit(req.caller, id));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/recruitment/applications/{id}/recall",
      .policy = Policy::Roles(kInstitutionRoles),
      .tag = tag,
      .summary = "撤回已提交的申请（区(市)开始初审前）",
      .handler =
          [&rec](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              return DetailResponse(rec.Recall(req.caller, id));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::put,
      .pattern = "/api/recruitment/applications/{id}/findings",
      .policy = Policy::Roles({Role::kDistrict}),
      .tag = tag,
      .summary = "填写逐项材料初审意见（区(市)）",
      .request_schema = kFindingsSchema,
      .handler =
          [&rec](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              std::vector<service::FindingInput> findings;
              for (const auto& v :
                   req.json->as_object().at("findings").as_array()) {
                const json::object& f = v.as_object();
                findings.push_back(
                    {StringField(f, "type"), StringField(f, "project_code"),
                     StringField(f, "result"), StringField(f, "note")});
              }
              return DetailResponse(
                  rec.RecordFindings(req.caller, id, std::move(findings)));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/recruitment/applications/{id}/return",
      .policy = Policy::Roles({Role::kDistrict}),
      .tag = tag,
      .summary = "退回修改（区(市)，须写明原因）",
      .request_schema = kReasonSchema,
      .handler =
          [&rec](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              return DetailResponse(
                  rec.Return(req.caller, id,
                             StringField(req.json->as_object(), "reason")));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/recruitment/applications/{id}/reject",
      .policy = Policy::Roles({Role::kDistrict}),
      .tag = tag,
      .summary = "初审不通过（区(市)，须写明原因）",
      .request_schema = kReasonSchema,
      .handler =
          [&rec](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              return DetailResponse(
                  rec.Reject(req.caller, id,
                             StringField(req.json->as_object(), "reason")));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/recruitment/applications/{id}/forward",
      .policy = Policy::Roles({Role::kDistrict}),
      .tag = tag,
      .summary = "初审通过，报送市人社局（区(市)；各项材料均须初审合格）",
      .request_schema = kForwardSchema,
      .handler =
          [&rec](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              return DetailResponse(rec.Forward(
                  req.caller, id, StringField(req.json->as_object(), "note")));
            });
          },
  });

  // --- City evaluation ------------------------------------------------------
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/recruitment/criteria",
      .policy = Policy::Roles(kReaders),
      .tag = tag,
      .summary = "现行遴选评估指标（分值、是否必备）",
      .handler =
          [&rec](const Request& req) {
            auto c = rec.Criteria(req.caller);
            if (!c.ok()) return Response::Problem(c.status());
            return Response::Json(CriteriaJson(*c));
          },
  });
  routes.push_back(Route{
      .method = Verb::put,
      .pattern = "/api/recruitment/criteria",
      .policy = Policy::Roles({Role::kCity}),
      .tag = tag,
      .summary = "调整遴选评估指标（市级；合计 100 分）",
      .request_schema = kCriteriaSchema,
      .handler =
          [&rec](const Request& req) {
            std::vector<domain::Criterion> criteria;
            for (const auto& v :
                 req.json->as_object().at("criteria").as_array()) {
              const json::object& o = v.as_object();
              criteria.push_back(
                  {StringField(o, "key"), StringField(o, "title"),
                   static_cast<int>(o.at("max_points").as_int64()),
                   o.at("required").as_bool()});
            }
            auto c = rec.ReplaceCriteria(req.caller, std::move(criteria));
            if (!c.ok()) return Response::Problem(c.status());
            return Response::Json(CriteriaJson(*c));
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/recruitment/applications/{id}/evaluations",
      .policy = Policy::Roles({Role::kCity}),
      .tag = tag,
      .summary = "录入一位评估专家的评估表（市级；同名专家再次录入即替换）",
      .request_schema = kEvaluationSchema,
      .handler =
          [&rec](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              const json::object& o = req.json->as_object();
              service::EvaluationInput in;
              in.evaluator_name = StringField(o, "evaluator_name");
              in.comment = StringField(o, "comment");
              for (const auto& v : o.at("scores").as_array()) {
                const json::object& s = v.as_object();
                auto met = s.find("met");
                in.scores.push_back(
                    {StringField(s, "key"),
                     static_cast<int>(s.at("points").as_int64()),
                     met == s.end() || met->value().as_bool()});
              }
              return DetailResponse(
                  rec.SubmitEvaluation(req.caller, id, std::move(in)), 201);
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/recruitment/applications/{id}/conclude",
      .policy = Policy::Roles({Role::kCity}),
      .tag = tag,
      .summary = "作出评估结论（平均分 ≥ 60 且必备指标达标为入选）",
      .handler =
          [&rec](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              return DetailResponse(rec.Conclude(req.caller, id));
            });
          },
  });

  // --- Publicity, objections, approval -------------------------------------
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/recruitment/publicity-rounds",
      .policy = Policy::Roles({Role::kCity, Role::kProvince}),
      .tag = tag,
      .summary = "公示批次列表",
      .handler =
          [&rec](const Request& req) {
            auto rounds = rec.ListRounds(req.caller);
            if (!rounds.ok()) return Response::Problem(rounds.status());
            json::array items;
            for (const auto& r : *rounds) items.push_back(RoundJson(r));
            return Response::Json(json::object{{"items", std::move(items)}});
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/recruitment/publicity-rounds",
      .policy = Policy::Roles({Role::kCity}),
      .tag = tag,
      .summary = "开始公示评估入选的申请（不少于 5 个工作日）",
      .request_schema = kPublicitySchema,
      .handler =
          [&rec](const Request& req) {
            const json::object& o = req.json->as_object();
            service::PublicityInput in{StringField(o, "title"),
                                       StringField(o, "start_date"),
                                       OptionalStringField(o, "end_date"),
                                       IdArray(o, "application_ids")};
            auto round = rec.OpenPublicity(req.caller, std::move(in));
            if (!round.ok()) return Response::Problem(round.status());
            return Response::Json(RoundJson(*round), 201);
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/recruitment/objections/{id}/decide",
      .policy = Policy::Roles({Role::kCity}),
      .tag = tag,
      .summary = "处理公示异议（成立则申请未入选；须写处理意见）",
      .request_schema = kDecideSchema,
      .handler =
          [&rec](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              const json::object& o = req.json->as_object();
              auto decided = rec.DecideObjection(req.caller, id,
                                                 StringField(o, "decision"),
                                                 StringField(o, "note"));
              if (!decided.ok()) return Response::Problem(decided.status());
              return Response::Json(ObjectionJson(*decided));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/recruitment/applications/{id}/approve",
      .policy = Policy::Roles({Role::kCity}),
      .tag = tag,
      .summary = "确定为考核机构（公示期满次日起、无未处理异议；分配机构代码、"
                 "生成回执）",
      .handler =
          [&rec](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              return DetailResponse(rec.Approve(req.caller, id));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/recruitment/applications/{id}/receipt.pdf",
      .policy = Policy::Roles(kReaders),
      .tag = tag,
      .summary = "下载考核机构遴选结果回执（PDF）",
      .handler =
          [&rec](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              return FileResponse(rec.Receipt(req.caller, id));
            });
          },
  });

  // --- Province
  // ---------------------------------------------------------------
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/recruitment/reports",
      .policy = Policy::Roles({Role::kCity, Role::kProvince}),
      .tag = tag,
      .summary = "报送省厅批次列表",
      .handler =
          [&rec](const Request& req) {
            auto reports = rec.ListReports(req.caller);
            if (!reports.ok()) return Response::Problem(reports.status());
            json::array items;
            for (const auto& r : *reports) items.push_back(ReportJson(r));
            return Response::Json(json::object{{"items", std::move(items)}});
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/recruitment/reports",
      .policy = Policy::Roles({Role::kCity}),
      .tag = tag,
      .summary = "将已确定的考核机构批量报送省厅（不指定则报送全部）",
      .request_schema = kReportSchema,
      .handler =
          [&rec](const Request& req) {
            const json::object& o = req.json->as_object();
            auto report = rec.Report(req.caller, IdArray(o, "application_ids"),
                                     StringField(o, "note"));
            if (!report.ok()) return Response::Problem(report.status());
            return Response::Json(ReportJson(*report), 201);
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/recruitment/reports/{id}/publish",
      .policy = Policy::Roles({Role::kProvince}),
      .tag = tag,
      .summary = "公布报送批次，列入考核机构目录（省厅）",
      .handler =
          [&rec](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              auto report = rec.Publish(req.caller, id);
              if (!report.ok()) return Response::Problem(report.status());
              return Response::Json(ReportJson(*report));
            });
          },
  });
  return routes;
}

}  // namespace zxkh::http
