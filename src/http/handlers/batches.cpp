// Batch plans (批次考核计划, R-EXA-7, 7a, 8) under /api/batches: the
// institution's batches with sessions and staff, its submission, the
// district's review and the city's approval, with the changes since the last
// approved revision.
#include <boost/json.hpp>

#include "common/clock.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/json_out.hpp"
#include "http/query.hpp"
#include "service/batch_service.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;
using domain::Role;
using service::BatchService;

constexpr int kMaxId = 2000000000;

const std::vector<Role> kInstitutionRoles = {Role::kInstitutionAdmin,
                                             Role::kInstitutionOperator};
const std::vector<Role> kReaders = {Role::kProvince, Role::kCity,
                                    Role::kDistrict, Role::kInstitutionAdmin,
                                    Role::kInstitutionOperator};
const std::vector<Role> kReviewers = {Role::kDistrict, Role::kCity};

json::value OptInt(const std::optional<int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::value OptTime(const std::optional<int64_t>& ms) {
  return ms ? json::value(Clock::FormatIso(*ms)) : json::value(nullptr);
}

json::object BatchJson(const store::BatchRow& b) {
  return json::object{
      {"id", b.id},
      {"project_code", b.project_code},
      {"project_name", b.project_name},
      {"title", b.title},
      {"state", std::string(domain::BatchStateName(b.state))},
      {"state_title", std::string(domain::BatchStateTitle(b.state))},
      {"revision", b.revision},
      {"venue_kind", b.venue_kind},
      {"venue_address", b.venue_address},
      {"safety_statement", b.safety_statement},
      {"process", b.process},
      {"room_preparation", b.room_preparation},
      {"rules_text", b.rules_text},
      {"discipline_text", b.discipline_text},
      {"safety_notes", b.safety_notes},
      {"expected_count", b.expected_count},
      {"first_date", OptionalJson(b.first_date)},
      {"last_date", OptionalJson(b.last_date)},
      {"return_reason", b.return_reason},
      {"submitted_at", OptTime(b.submitted_at)},
      {"district_decided_at", OptTime(b.district_decided_at)},
      {"approved_at", OptTime(b.approved_at)},
      {"created_at", Clock::FormatIso(b.created_at)},
      {"updated_at", Clock::FormatIso(b.updated_at)},
      {"session_count", b.session_count},
      {"coverage_flagged", b.coverage_flagged},
      {"institution", json::object{{"id", b.institution_id},
                                   {"name", b.institution_name},
                                   {"code", OptionalJson(b.institution_code)},
                                   {"district_code", b.district_code},
                                   {"district_name", b.district_name}}},
  };
}

json::value DetailJson(const service::BatchDetail& d) {
  json::object out = BatchJson(d.batch);
  auto staff_of = [&](std::optional<int64_t> session) {
    json::array list;
    for (const auto& s : d.staff) {
      if (s.session_id != session) continue;
      list.push_back(json::object{
          {"staff_id", s.staff_id},
          {"person_id", s.person_id},
          {"name", s.name},
          {"role", s.role},
          {"group_leader", s.group_leader},
          {"external", s.external},
          {"employer", s.employer},
      });
    }
    return list;
  };
  json::array sessions;
  for (const auto& s : d.sessions) {
    sessions.push_back(json::object{
        {"id", s.id},
        {"position", s.position},
        {"date", s.exam_date},
        {"start", s.start_time},
        {"end", s.end_time},
        {"room", s.room},
        {"capacity", s.capacity},
        {"candidates", s.candidates},
        {"paper_id", OptInt(s.paper_id)},
        {"staff", staff_of(s.id)},
    });
  }
  out["sessions"] = std::move(sessions);
  out["supervisors"] = staff_of(std::nullopt);
  json::array events;
  for (const auto& e : d.events) {
    events.push_back(json::object{{"at", Clock::FormatIso(e.at)},
                                  {"user_id", OptInt(e.user_id)},
                                  {"action", e.action},
                                  {"from_state", e.from_state},
                                  {"to_state", e.to_state},
                                  {"revision", e.revision},
                                  {"reason", e.reason}});
  }
  out["events"] = std::move(events);
  out["last_submission_date"] = OptionalJson(d.last_submission_date);
  out["deadline_note"] = d.deadline_note;
  out["approved_revision"] = d.approved_revision
                                 ? json::value(*d.approved_revision)
                                 : json::value(nullptr);
  json::array changes;
  for (const auto& c : d.changes) {
    changes.push_back(json::object{
        {"field", c.field}, {"before", c.before}, {"after", c.after}});
  }
  out["changes"] = std::move(changes);
  return out;
}

Response DetailResponse(const Result<service::BatchDetail>& r,
                        unsigned ok_status = 200) {
  if (!r.ok()) return Response::Problem(r.status());
  return Response::Json(DetailJson(*r), ok_status);
}

template <typename Fn>
Response WithId(const Request& req, Fn&& fn) {
  auto id = IntPathParam(req, "id", 1, kMaxId);
  if (!id.ok()) return Response::Problem(id.status());
  return fn(static_cast<int64_t>(*id));
}

service::BatchInput Input(const json::object& o) {
  service::BatchInput in;
  in.project_code = StringField(o, "project_code");
  in.title = StringField(o, "title");
  in.venue_kind = StringField(o, "venue_kind");
  in.venue_address = StringField(o, "venue_address");
  in.safety_statement = StringField(o, "safety_statement");
  in.process = StringField(o, "process");
  in.room_preparation = StringField(o, "room_preparation");
  in.rules_text = StringField(o, "rules_text");
  in.discipline_text = StringField(o, "discipline_text");
  in.safety_notes = StringField(o, "safety_notes");
  if (auto it = o.find("expected_count"); it != o.end()) {
    in.expected_count = static_cast<int>(it->value().as_int64());
  }
  if (auto it = o.find("sessions"); it != o.end()) {
    for (const auto& v : it->value().as_array()) {
      const auto& s = v.as_object();
      service::BatchSessionInput si;
      if (auto id = s.find("id"); id != s.end() && !id->value().is_null()) {
        si.id = id->value().as_int64();
      }
      si.date = StringField(s, "date");
      si.start = StringField(s, "start");
      si.end = StringField(s, "end");
      si.room = StringField(s, "room");
      si.capacity = static_cast<int>(s.at("capacity").as_int64());
      if (auto e = s.find("examiners"); e != s.end()) {
        for (const auto& x : e->value().as_array()) {
          const auto& xo = x.as_object();
          bool leader = false;
          if (auto l = xo.find("group_leader"); l != xo.end()) {
            leader = l->value().as_bool();
          }
          si.examiners.push_back({xo.at("staff_id").as_int64(), leader});
        }
      }
      if (auto p = s.find("proctors"); p != s.end()) {
        for (const auto& x : p->value().as_array()) {
          si.proctors.push_back(x.as_int64());
        }
      }
      in.sessions.push_back(std::move(si));
    }
  }
  if (auto it = o.find("supervisors"); it != o.end()) {
    for (const auto& x : it->value().as_array()) {
      in.supervisors.push_back(x.as_int64());
    }
  }
  return in;
}

const json::value kBatchSchema = json::parse(R"({
  "type": "object", "additionalProperties": false,
  "required": ["project_code", "title"],
  "properties": {
    "project_code": {"type": "string", "minLength": 1, "maxLength": 10},
    "title": {"type": "string", "maxLength": 100},
    "venue_kind": {"type": "string", "enum": ["fixed_site", "production_site"]},
    "venue_address": {"type": "string", "maxLength": 200},
    "safety_statement": {"type": "string", "maxLength": 2000},
    "process": {"type": "string", "maxLength": 2000},
    "room_preparation": {"type": "string", "maxLength": 2000},
    "rules_text": {"type": "string", "maxLength": 5000},
    "discipline_text": {"type": "string", "maxLength": 5000},
    "safety_notes": {"type": "string", "maxLength": 5000},
    "expected_count": {"type": "integer", "minimum": 0, "maximum": 100000},
    "sessions": {"type": "array", "maxItems": 200, "items": {
      "type": "object", "additionalProperties": false,
      "required": ["date", "start", "end", "room", "capacity"],
      "properties": {
        "id": {"type": ["integer", "null"], "minimum": 1, "maximum": 2000000000},
        "date": {"type": "string", "format": "date"},
        "start": {"type": "string", "pattern": "[0-2][0-9]:[0-5][0-9]"},
        "end": {"type": "string", "pattern": "[0-2][0-9]:[0-5][0-9]"},
        "room": {"type": "string", "maxLength": 50},
        "capacity": {"type": "integer", "minimum": 1, "maximum": 1000},
        "examiners": {"type": "array", "maxItems": 50, "items": {
          "type": "object", "additionalProperties": false,
          "required": ["staff_id"],
          "properties": {
            "staff_id": {"type": "integer", "minimum": 1, "maximum": 2000000000},
            "group_leader": {"type": "boolean"}}}},
        "proctors": {"type": "array", "maxItems": 50, "items":
          {"type": "integer", "minimum": 1, "maximum": 2000000000}}
      }}},
    "supervisors": {"type": "array", "maxItems": 20, "items":
      {"type": "integer", "minimum": 1, "maximum": 2000000000}}
  }})");

const json::value kReasonSchema = json::parse(R"({
  "type": "object", "additionalProperties": false, "required": ["reason"],
  "properties": {"reason": {"type": "string", "maxLength": 1000}}
})");

const json::value kApproveSchema = json::parse(R"({
  "type": "object", "additionalProperties": false,
  "properties": {"note": {"type": "string", "maxLength": 500}}
})");

}  // namespace

std::vector<Route> BatchRoutes(BatchService& batches) {
  std::vector<Route> routes;
  const std::string tag = "batches";
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/batches",
      .policy = Policy::Roles(kReaders),
      .tag = tag,
      .summary = "考核批次列表（按数据范围；审核方不见草稿）",
      .query_params = {{"state", "string", "批次状态，如 submitted"}},
      .handler =
          [&batches](const Request& req) {
            auto state = TextQuery(req, "state");
            if (!state.ok()) return Response::Problem(state.status());
            auto list = batches.List(req.caller, *state);
            if (!list.ok()) return Response::Problem(list.status());
            json::array items;
            for (const auto& b : *list) items.push_back(BatchJson(b));
            return Response::Json(json::object{{"items", std::move(items)}});
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/batches",
      .policy = Policy::Roles(kInstitutionRoles),
      .tag = tag,
      .summary = "新建考核批次（草稿）：场地、流程、考场准备、场次和考评人员",
      .request_schema = kBatchSchema,
      .handler =
          [&batches](const Request& req) {
            return DetailResponse(
                batches.Create(req.caller, Input(req.json->as_object())), 201);
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/batches/{id}",
      .policy = Policy::Roles(kReaders),
      .tag = tag,
      .summary = "考核批次详情：场次、人员、最晚提交日期、审批记录、"
                 "与已批准版本相比的变更",
      .handler =
          [&batches](const Request& req) {
            return WithId(req, [&](int64_t id) {
              return DetailResponse(batches.Get(req.caller, id));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::put,
      .pattern = "/api/batches/{id}",
      .policy = Policy::Roles(kInstitutionRoles),
      .tag = tag,
      .summary = "修改考核批次（草稿或退回）；已批准的批次修改即为变更，"
                 "重新提交审批（版本 + 1）",
      .request_schema = kBatchSchema,
      .handler =
          [&batches](const Request& req) {
            return WithId(req, [&](int64_t id) {
              return DetailResponse(
                  batches.Update(req.caller, id, Input(req.json->as_object())));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/batches/{id}/submit",
      .policy = Policy::Roles(kInstitutionRoles),
      .tag = tag,
      .summary = "提交考核批次（须在考核开始前至少 10 个工作日）至区(市)审核",
      .handler =
          [&batches](const Request& req) {
            return WithId(req, [&](int64_t id) {
              return DetailResponse(batches.Submit(req.caller, id));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/batches/{id}/approve",
      .policy = Policy::Roles(kReviewers),
      .tag = tag,
      .summary = "审核通过考核批次：区(市)初审，市人社局批准（分配试卷）",
      .request_schema = kApproveSchema,
      .handler =
          [&batches](const Request& req) {
            return WithId(req, [&](int64_t id) {
              const auto& o = req.json->as_object();
              return DetailResponse(
                  batches.Approve(req.caller, id, StringField(o, "note")));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/batches/{id}/return",
      .policy = Policy::Roles(kReviewers),
      .tag = tag,
      .summary = "退回考核批次（须写明原因）",
      .request_schema = kReasonSchema,
      .handler =
          [&batches](const Request& req) {
            return WithId(req, [&](int64_t id) {
              const auto& o = req.json->as_object();
              return DetailResponse(
                  batches.Return(req.caller, id, StringField(o, "reason")));
            });
          },
  });
  return routes;
}

}  // namespace zxkh::http
