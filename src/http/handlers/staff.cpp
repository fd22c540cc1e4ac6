// /api/staff…: the staff pool (考评人员库, issue 6 point 1).
#include <boost/json.hpp>

#include "common/clock.hpp"
#include "http/download.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/json_out.hpp"
#include "http/query.hpp"
#include "service/staff_service.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;
using domain::Role;

const std::vector<Role> kManagers = {Role::kCity, Role::kDistrict};
const std::vector<Role> kReaders = {Role::kProvince, Role::kCity,
                                    Role::kDistrict};

// Shape and size only: the domain gives each field its Chinese message.
constexpr std::string_view kQualificationsSchema = R"({
    "type": "array", "maxItems": 50,
    "items": {
      "type": "object", "additionalProperties": false,
      "required": ["project_code"],
      "properties": {
        "project_code": {"type": "string", "maxLength": 20},
        "certificate": {"type": "string", "maxLength": 200},
        "valid_until": {"type": ["string", "null"], "format": "date"}
      }}})";

const json::value kNewStaffSchema = json::parse(std::string(R"({
  "type": "object", "additionalProperties": false,
  "required": ["name", "id_number", "phone", "role", "employer", "username",
               "password"],
  "properties": {
    "name": {"type": "string", "maxLength": 60},
    "id_type": {"type": "string", "enum": ["resident_id", "other"]},
    "id_number": {"type": "string", "maxLength": 40},
    "birth_date": {"type": ["string", "null"], "format": "date"},
    "phone": {"type": "string", "maxLength": 20},
    "role": {"type": "string", "enum": ["examiner", "proctor", "supervisor"]},
    "employer": {"type": "string", "maxLength": 120},
    "employer_institution_id": {"type": ["integer", "null"], "minimum": 1},
    "external": {"type": "boolean"},
    "qualifications": )") + std::string(kQualificationsSchema) +
                                                R"(,
    "note": {"type": "string", "maxLength": 1000},
    "pool_district": {"type": ["string", "null"], "maxLength": 6},
    "username": {"type": "string", "maxLength": 64},
    "password": {"type": "string", "maxLength": 128}
  }})");

const json::value kChangeSchema = json::parse(std::string(R"({
  "type": "object", "additionalProperties": false,
  "required": ["name", "phone", "employer"],
  "properties": {
    "name": {"type": "string", "maxLength": 60},
    "phone": {"type": "string", "maxLength": 20},
    "employer": {"type": "string", "maxLength": 120},
    "employer_institution_id": {"type": ["integer", "null"], "minimum": 1},
    "external": {"type": "boolean"},
    "qualifications": )") + std::string(kQualificationsSchema) +
                                              R"(,
    "note": {"type": "string", "maxLength": 1000}
  }})");

std::optional<int64_t> OptionalId(const json::object& o, std::string_view k) {
  auto it = o.find(k);
  if (it == o.end() || it->value().is_null()) return std::nullopt;
  return it->value().as_int64();
}

bool BoolField(const json::object& o, std::string_view k) {
  auto it = o.find(k);
  return it != o.end() && it->value().as_bool();
}

std::optional<Date> OptionalDate(const json::object& o, std::string_view k) {
  auto it = o.find(k);
  if (it == o.end() || it->value().is_null()) return std::nullopt;
  auto d = Date::Parse(std::string(it->value().as_string()));
  if (!d.ok()) return std::nullopt;  // the schema checked the format
  return *d;
}

std::vector<domain::StaffQualification> Qualifications(const json::object& o) {
  std::vector<domain::StaffQualification> out;
  auto it = o.find("qualifications");
  if (it == o.end()) return out;
  for (const json::value& v : it->value().as_array()) {
    const json::object& q = v.as_object();
    out.push_back({StringField(q, "project_code"),
                   StringField(q, "certificate"),
                   OptionalDate(q, "valid_until")});
  }
  return out;
}

json::array QualificationsJson(
    const std::vector<store::QualificationRow>& quals) {
  json::array out;
  for (const auto& q : quals) {
    const auto& qual = q.qualification;
    out.push_back(json::object{
        {"project_code", qual.project_code},
        {"project_name", q.project_name},
        {"certificate", qual.certificate},
        {"valid_until", qual.valid_until
                            ? json::value(qual.valid_until->ToString())
                            : json::value()}});
  }
  return out;
}

json::value StaffJson(const store::StaffRow& s) {
  return json::object{
      {"id", s.id},
      {"person_id", s.person_id},
      {"name", s.name},
      {"id_type", s.id_type},
      {"id_masked", s.id_masked},
      {"birth_date", OptionalJson(s.birth_date)},
      {"phone", s.phone},
      {"role", std::string(domain::StaffRoleName(s.role))},
      {"role_title", std::string(domain::StaffRoleTitle(s.role))},
      {"pool_district", OptionalJson(s.pool_district)},
      {"pool_name", s.pool_name},
      {"employer", s.employer},
      {"employer_institution_id", s.employer_institution_id
                                      ? json::value(*s.employer_institution_id)
                                      : json::value()},
      {"employer_institution_name", OptionalJson(s.employer_institution_name)},
      {"employer_institution_code", OptionalJson(s.employer_institution_code)},
      {"external", s.external},
      {"active", s.active},
      {"qualifications", QualificationsJson(s.qualifications)},
      {"note", s.note},
      {"user_id", s.user_id},
      {"username", s.username},
      {"created_at", Clock::FormatIso(s.created_at)},
      {"updated_at", Clock::FormatIso(s.updated_at)},
  };
}

// No ID number at all, masked or not: institutions see this.
json::value CandidateJson(const service::StaffCandidate& c) {
  return json::object{
      {"staff_id", c.staff_id},
      {"person_id", c.person_id},
      {"name", c.name},
      {"role", std::string(domain::StaffRoleName(c.role))},
      {"role_title", std::string(domain::StaffRoleTitle(c.role))},
      {"employer", c.employer},
      {"employer_institution_id", c.employer_institution_id
                                      ? json::value(*c.employer_institution_id)
                                      : json::value()},
      {"external", c.external},
      {"pool_district", OptionalJson(c.pool_district)},
      {"pool_name", c.pool_name},
      {"qualifications", QualificationsJson(c.qualifications)},
  };
}

const std::vector<QueryParam> kListParams = {
    {"q", "string", "姓名、工作单位或登录账号关键字"},
    {"role", "string", "类别：examiner | proctor | supervisor"},
    {"pool", "string", "人员库：city 或区(市)代码"},
    {"project", "string", "具备该考核项目资格（项目代码）"},
    {"active", "boolean", "true 在库 / false 停用"},
    {"page", "integer", "页码"},
    {"page_size", "integer", "每页条数"}};

Result<service::StaffQuery> ParseQuery(const Request& req) {
  service::StaffQuery q;
  ZXKH_ASSIGN_OR_RETURN(q.q, TextQuery(req, "q"));
  ZXKH_ASSIGN_OR_RETURN(q.role, TextQuery(req, "role"));
  ZXKH_ASSIGN_OR_RETURN(q.pool, TextQuery(req, "pool"));
  ZXKH_ASSIGN_OR_RETURN(q.project_code, TextQuery(req, "project"));
  ZXKH_ASSIGN_OR_RETURN(std::string active, TextQuery(req, "active"));
  if (active == "true") {
    q.active = true;
  } else if (active == "false") {
    q.active = false;
  } else if (!active.empty()) {
    return Status::InvalidArgument("request.invalid_query",
                                   "参数 active 应为 true 或 false", "active");
  }
  ZXKH_ASSIGN_OR_RETURN(q.page, PageQuery(req));
  return q;
}

Response Done(const Status& st) {
  if (!st.ok()) return Response::Problem(st);
  return Response::Json(json::object{{"ok", true}});
}

}  // namespace

std::vector<Route> StaffRoutes(service::StaffService& staff) {
  std::vector<Route> routes;
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/staff",
      .policy = Policy::Roles(kReaders),
      .tag = "staff",
      .summary = "考评人员库列表（区(市)可见本区与市级人员库）",
      .query_params = kListParams,
      .handler =
          [&staff](const Request& req) {
            auto q = ParseQuery(req);
            if (!q.ok()) return Response::Problem(q.status());
            auto list = staff.List(req.caller, *q);
            if (!list.ok()) return Response::Problem(list.status());
            return Response::Json(PageJson(*list, StaffJson));
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/staff/export.xlsx",
      .policy = Policy::Roles(kReaders),
      .tag = "staff",
      .summary = "导出考评人员库（Excel，证件号码脱敏）",
      .query_params = kListParams,
      .handler =
          [&staff](const Request& req) {
            auto q = ParseQuery(req);
            if (!q.ok()) return Response::Problem(q.status());
            auto xlsx = staff.ExportXlsx(req.caller, *q);
            if (!xlsx.ok()) return Response::Problem(xlsx.status());
            Response r =
                Response::Text(std::move(xlsx).value(), std::string(kXlsxType));
            r.headers.emplace_back("Content-Disposition",
                                   AttachmentDisposition("考评人员库.xlsx"));
            return r;
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/staff/eligible",
      .policy =
          Policy::Roles({Role::kProvince, Role::kCity, Role::kDistrict,
                         Role::kInstitutionAdmin, Role::kInstitutionOperator}),
      .tag = "staff",
      .summary =
          "可安排到某考核机构某项目批次的人员（在库、具备资格、回避本机构）",
      .query_params = {{"project", "string", "考核项目代码（必填）"},
                       {"role", "string", "examiner | proctor | supervisor"},
                       {"institution_id", "integer",
                        "考核机构（机构账号可省略，即本机构）"},
                       {"date", "string", "考核日期 YYYY-MM-DD，默认今天"}},
      .handler =
          [&staff](const Request& req) {
            auto project = TextQuery(req, "project");
            auto role_text = TextQuery(req, "role");
            auto inst = IntQuery(req, "institution_id", 0, 0, 2000000000);
            for (const Status& st :
                 {project.status(), role_text.status(), inst.status()}) {
              if (!st.ok()) return Response::Problem(st);
            }
            auto role = domain::ParseStaffRole(*role_text);
            if (!role) {
              return Response::Problem(Status::InvalidArgument(
                  "request.invalid_query",
                  "参数 role 应为 examiner、proctor 或 supervisor", "role"));
            }
            if (project->empty()) {
              return Response::Problem(Status::InvalidArgument(
                  "request.invalid_query", "请指定考核项目", "project"));
            }
            int64_t institution_id = *inst;
            if (institution_id == 0 && req.caller.institution_id) {
              institution_id = *req.caller.institution_id;
            }
            if (institution_id == 0) {
              return Response::Problem(Status::InvalidArgument(
                  "request.invalid_query", "请指定考核机构", "institution_id"));
            }
            std::optional<Date> date;
            if (req.Query("date")) {
              auto d = DateQuery(req, "date");
              if (!d.ok()) return Response::Problem(d.status());
              date = *d;
            }
            auto list = staff.EligibleStaff(req.caller, *project, *role,
                                            institution_id, date);
            if (!list.ok()) return Response::Problem(list.status());
            json::array items;
            for (const auto& c : *list) items.push_back(CandidateJson(c));
            return Response::Json(json::object{{"items", std::move(items)}});
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/staff/institutions",
      .policy = Policy::Roles(kReaders),
      .tag = "staff",
      .summary = "可选的工作单位考核机构（已确定机构代码的考核机构）",
      .handler =
          [&staff](const Request& req) {
            auto list = staff.EmployerInstitutions(req.caller);
            if (!list.ok()) return Response::Problem(list.status());
            json::array items;
            for (const auto& i : *list) {
              items.push_back(json::object{{"id", i.id},
                                           {"code", i.code},
                                           {"name", i.name},
                                           {"district_code", i.district_code}});
            }
            return Response::Json(json::object{{"items", std::move(items)}});
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/staff/{id}",
      .policy = Policy::Roles(kReaders),
      .tag = "staff",
      .summary = "查看一名考评人员（证件号码脱敏）",
      .handler =
          [&staff](const Request& req) {
            auto id = IntPathParam(req, "id", 1, 2000000000);
            if (!id.ok()) return Response::Problem(id.status());
            auto row = staff.Get(req.caller, *id);
            if (!row.ok()) return Response::Problem(row.status());
            return Response::Json(StaffJson(*row));
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/staff",
      .policy = Policy::Roles(kManagers),
      .tag = "staff",
      .summary = "登记考评人员并创建其登录账号（首次登录须修改密码）",
      .request_schema = kNewStaffSchema,
      .handler =
          [&staff](const Request& req) {
            const json::object& o = req.json->as_object();
            service::NewStaff n;
            n.draft.name = StringField(o, "name");
            n.draft.id_type = domain::ParseIdType(StringField(o, "id_type"))
                                  .value_or(domain::IdType::kResidentId);
            n.draft.id_number = StringField(o, "id_number");
            n.draft.birth_date = OptionalDate(o, "birth_date");
            n.draft.phone = StringField(o, "phone");
            n.draft.role = domain::ParseStaffRole(StringField(o, "role"))
                               .value_or(domain::StaffRole::kExaminer);
            n.draft.employer = StringField(o, "employer");
            n.draft.employer_institution_id =
                OptionalId(o, "employer_institution_id");
            n.draft.external = BoolField(o, "external");
            n.draft.qualifications = Qualifications(o);
            n.draft.note = StringField(o, "note");
            if (auto it = o.find("pool_district");
                it != o.end() && !it->value().is_null()) {
              n.pool_district = std::string(it->value().as_string());
            }
            n.username = StringField(o, "username");
            n.initial_password = StringField(o, "password");
            auto id = staff.Create(req.caller, std::move(n));
            if (!id.ok()) return Response::Problem(id.status());
            return Response::Json(json::object{{"id", *id}}, 201);
          },
  });
  routes.push_back(Route{
      .method = Verb::put,
      .pattern = "/api/staff/{id}",
      .policy = Policy::Roles(kManagers),
      .tag = "staff",
      .summary = "修改考评人员信息与资格（证件号码、类别不可改）",
      .request_schema = kChangeSchema,
      .handler =
          [&staff](const Request& req) {
            auto id = IntPathParam(req, "id", 1, 2000000000);
            if (!id.ok()) return Response::Problem(id.status());
            const json::object& o = req.json->as_object();
            service::StaffChange ch;
            ch.name = StringField(o, "name");
            ch.phone = StringField(o, "phone");
            ch.employer = StringField(o, "employer");
            ch.employer_institution_id =
                OptionalId(o, "employer_institution_id");
            ch.external = BoolField(o, "external");
            ch.qualifications = Qualifications(o);
            ch.note = StringField(o, "note");
            return Done(staff.Update(req.caller, *id, std::move(ch)));
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/staff/import",
      .policy = Policy::Roles(kManagers),
      .tag = "staff",
      .summary =
          "从 Excel 或 CSV 文件批量登记本级人员库人员（逐行校验，错误行跳过）",
      .handler =
          [&staff](const Request& req) {
            auto report = staff.Import(req.caller, req.body);
            if (!report.ok()) return Response::Problem(report.status());
            json::array errors;
            for (const auto& e : report->errors) {
              errors.push_back(json::object{{"row", e.row},
                                            {"column", e.column},
                                            {"message", e.message}});
            }
            return Response::Json(json::object{{"rows", report->rows},
                                               {"created", report->created},
                                               {"unchanged", report->unchanged},
                                               {"errors", std::move(errors)}});
          },
  });
  for (const bool active : {false, true}) {
    routes.push_back(Route{
        .method = Verb::post,
        .pattern = active ? "/api/staff/{id}/reactivate"
                          : "/api/staff/{id}/deactivate",
        .policy = Policy::Roles(kManagers),
        .tag = "staff",
        .summary = active ? "恢复考评人员（并启用其账号）"
                          : "停用考评人员（并停用其账号）",
        .handler =
            [&staff, active](const Request& req) {
              auto id = IntPathParam(req, "id", 1, 2000000000);
              if (!id.ok()) return Response::Problem(id.status());
              return Done(staff.SetActive(req.caller, *id, active));
            },
    });
  }
  return routes;
}

}  // namespace zxkh::http
