// Scoring (评分, R-EXA-10, R-EXA-4) under /api/scoring and results
// publicity and review (考核结果, R-EXA-11) under /api/results, with the
// public results publicity under /api/public/results.
#include "domain/scoring.hpp"

#include <boost/json.hpp>

#include "common/clock.hpp"
#include "http/download.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/json_out.hpp"
#include "http/query.hpp"
#include "service/scoring_service.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;
using domain::Role;
using service::ScoringService;

constexpr int kMaxId = 2000000000;

const std::vector<Role> kExaminer = {Role::kExaminer};
const std::vector<Role> kSheetReaders = {
    Role::kExaminer, Role::kProvince,         Role::kCity,
    Role::kDistrict, Role::kInstitutionAdmin, Role::kInstitutionOperator};
const std::vector<Role> kOfficers = {Role::kProvince, Role::kCity,
                                     Role::kDistrict, Role::kInstitutionAdmin,
                                     Role::kInstitutionOperator};
const std::vector<Role> kInstitution = {Role::kInstitutionAdmin,
                                        Role::kInstitutionOperator};
const std::vector<Role> kReviewers = {Role::kDistrict, Role::kCity};

template <typename Fn>
Response WithId(const Request& req, const char* name, Fn&& fn) {
  auto id = IntPathParam(req, name, 1, kMaxId);
  if (!id.ok()) return Response::Problem(id.status());
  return fn(static_cast<int64_t>(*id));
}

json::value Tenths(const std::optional<int>& t) {
  return t ? json::value(domain::FormatTenths(*t)) : json::value(nullptr);
}

json::object SessionJson(const service::SessionSummary& s) {
  return json::object{
      {"session_id", s.session_id},
      {"batch_id", s.batch_id},
      {"batch_title", s.batch_title},
      {"project_code", s.project_code},
      {"project_name", s.project_name},
      {"institution_name", s.institution_name},
      {"date", s.date},
      {"start", s.start},
      {"end", s.end},
      {"room", s.room},
      {"group_leader", s.group_leader},
      {"locked", s.locked},
      {"present", s.present},
  };
}

json::value SheetJson(const service::ScoreSheet& sh) {
  json::object out = SessionJson(sh.session);
  json::array rubric;
  for (const auto& r : sh.rubric) {
    rubric.push_back(json::object{{"position", r.position},
                                  {"description", r.description},
                                  {"standard", r.standard},
                                  {"max_tenths", r.max_tenths}});
  }
  out["rubric"] = std::move(rubric);
  json::array examiners;
  for (const auto& e : sh.examiners) {
    examiners.push_back(json::object{{"person_id", e.person_id},
                                     {"name", e.name},
                                     {"group_leader", e.group_leader}});
  }
  out["examiners"] = std::move(examiners);
  json::array candidates;
  for (const auto& c : sh.candidates) {
    json::object totals;
    for (const auto& [pid, t] : c.totals) {
      totals[std::to_string(pid)] = t;
    }
    json::array mine;
    for (int v : c.my_items) mine.push_back(v);
    candidates.push_back(json::object{
        {"registration_id", c.registration_id},
        {"name", c.name},
        {"id_masked", c.id_masked},
        {"seat", c.seat},
        {"attendance", c.attendance},
        {"totals_tenths", std::move(totals)},
        {"my_items_tenths", std::move(mine)},
        {"final", Tenths(c.final_tenths)},
        {"final_tenths",
         c.final_tenths ? json::value(*c.final_tenths) : json::value(nullptr)},
        {"passed", c.passed ? json::value(*c.passed) : json::value(nullptr)},
    });
  }
  out["candidates"] = std::move(candidates);
  out["caller_is_examiner"] = sh.caller_is_examiner;
  out["caller_person_id"] = sh.caller_person_id
                                ? json::value(*sh.caller_person_id)
                                : json::value(nullptr);
  out["locked_at"] = sh.locked_at ? json::value(Clock::FormatIso(*sh.locked_at))
                                  : json::value(nullptr);
  out["missing_scores"] = sh.missing_scores;
  json::array corrections;
  for (const auto& c : sh.corrections) {
    corrections.push_back(
        json::object{{"id", c.id},
                     {"registration_id", c.registration_id},
                     {"examiner_person_id", c.examiner_person_id},
                     {"before", domain::FormatTenths(c.before_tenths)},
                     {"after", domain::FormatTenths(c.after_tenths)},
                     {"reason", c.reason},
                     {"at", Clock::FormatIso(c.corrected_at)}});
  }
  out["corrections"] = std::move(corrections);
  return out;
}

Response SheetResponse(const Result<service::ScoreSheet>& r) {
  if (!r.ok()) return Response::Problem(r.status());
  return Response::Json(SheetJson(*r));
}

json::object LineJson(const service::ResultLine& l, bool with_score) {
  json::object o{{"registration_id", l.registration_id},
                 {"name", l.name},
                 {"id_masked", l.id_masked},
                 {"result", l.passed ? "合格" : "不合格"},
                 {"passed", l.passed}};
  if (with_score) {
    o["final"] = Tenths(l.final_tenths);
    o["registration_state"] = l.registration_state;
  }
  return o;
}

json::value ResultsJson(const service::BatchResults& r) {
  json::array lines;
  for (const auto& l : r.lines) lines.push_back(LineJson(l, true));
  json::array objections;
  for (const auto& o : r.objections) {
    objections.push_back(json::object{
        {"id", o.id},
        {"registration_id", o.registration_id},
        {"candidate_name", o.candidate_name},
        {"filed_at", Clock::FormatIso(o.filed_at)},
        {"name", o.name},
        {"contact", o.contact},
        {"content", o.content},
        {"status", o.status},
        {"decision_note", o.decision_note},
        {"decided_at", o.decided_at
                           ? json::value(Clock::FormatIso(*o.decided_at))
                           : json::value(nullptr)}});
  }
  return json::object{
      {"batch_id", r.batch_id},
      {"batch_title", r.batch_title},
      {"project_code", r.project_code},
      {"project_name", r.project_name},
      {"institution_id", r.institution_id},
      {"institution_name", r.institution_name},
      {"district_code", r.district_code},
      {"sessions", r.sessions},
      {"locked_sessions", r.locked_sessions},
      {"state",
       r.state ? json::value(std::string(domain::ResultsStateName(*r.state)))
               : json::value(nullptr)},
      {"state_title", r.state ? std::string(domain::ResultsStateTitle(*r.state))
                              : std::string("未公示")},
      {"publicity_start", r.publicity_start},
      {"publicity_end", r.publicity_end},
      {"return_reason", r.return_reason},
      {"lines", std::move(lines)},
      {"objections", std::move(objections)},
  };
}

Response ResultsResponse(const Result<service::BatchResults>& r) {
  if (!r.ok()) return Response::Problem(r.status());
  return Response::Json(ResultsJson(*r));
}

Response Download(const Result<std::string>& bytes, std::string media_type,
                  std::string file_name) {
  if (!bytes.ok()) return Response::Problem(bytes.status());
  Response r = Response::Text(*bytes, std::move(media_type));
  r.headers.emplace_back("Content-Disposition",
                         AttachmentDisposition(file_name));
  r.headers.emplace_back("Cache-Control", "private, no-store");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

std::vector<int> TenthsArray(const json::object& o, std::string_view key) {
  std::vector<int> out;
  for (const auto& v : o.at(key).as_array()) {
    out.push_back(static_cast<int>(v.as_int64()));
  }
  return out;
}

const json::value kScoreSchema = json::parse(R"({
  "type": "object", "additionalProperties": false,
  "required": ["points_tenths"],
  "properties": {"points_tenths": {"type": "array", "maxItems": 100,
    "items": {"type": "integer", "minimum": -10000, "maximum": 10000}}}
})");

const json::value kCorrectionSchema = json::parse(R"({
  "type": "object", "additionalProperties": false,
  "required": ["registration_id", "examiner_person_id", "points_tenths", "reason"],
  "properties": {
    "registration_id": {"type": "integer", "minimum": 1, "maximum": 2000000000},
    "examiner_person_id": {"type": "integer", "minimum": 1, "maximum": 2000000000},
    "points_tenths": {"type": "array", "maxItems": 100,
      "items": {"type": "integer", "minimum": -10000, "maximum": 10000}},
    "reason": {"type": "string", "maxLength": 1000}}
})");

const json::value kReasonSchema = json::parse(R"({
  "type": "object", "additionalProperties": false, "required": ["reason"],
  "properties": {"reason": {"type": "string", "maxLength": 1000}}
})");

const json::value kDecisionSchema = json::parse(R"({
  "type": "object", "additionalProperties": false,
  "required": ["decision", "note"],
  "properties": {
    "decision": {"type": "string", "enum": ["upheld", "dismissed"]},
    "note": {"type": "string", "maxLength": 1000}}
})");

const json::value kObjectionSchema = json::parse(R"({
  "type": "object", "additionalProperties": false,
  "required": ["registration_id", "name", "contact", "content"],
  "properties": {
    "registration_id": {"type": "integer", "minimum": 1, "maximum": 2000000000},
    "name": {"type": "string", "maxLength": 100},
    "contact": {"type": "string", "maxLength": 100},
    "content": {"type": "string", "maxLength": 4000}}
})");

}  // namespace

std::vector<Route> ScoringRoutes(ScoringService& scoring) {
  std::vector<Route> routes;
  const std::string tag = "scoring";
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/scoring/sessions",
      .policy = Policy::Roles(kExaminer),
      .tag = tag,
      .summary = "我的评分场次（考评员）",
      .handler =
          [&scoring](const Request& req) {
            auto list = scoring.MySessions(req.caller);
            if (!list.ok()) return Response::Problem(list.status());
            json::array items;
            for (const auto& s : *list) items.push_back(SessionJson(s));
            return Response::Json(json::object{{"items", std::move(items)}});
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/scoring/sessions/{id}",
      .policy = Policy::Roles(kSheetReaders),
      .tag = tag,
      .summary = "场次评分表：评分细则、考生（实到/缺考）、各考评员合计、"
                 "最终成绩",
      .handler =
          [&scoring](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              return SheetResponse(scoring.Sheet(req.caller, id));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::put,
      .pattern = "/api/scoring/sessions/{id}/candidates/{registration_id}",
      .policy = Policy::Roles(kExaminer),
      .tag = tag,
      .summary = "录入（或在锁定前重新录入）本人对实到考生的逐项评分"
                 "（单位 0.1 分）",
      .request_schema = kScoreSchema,
      .handler =
          [&scoring](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              return WithId(req, "registration_id", [&](int64_t reg) {
                return SheetResponse(scoring.Score(
                    req.caller, id, reg,
                    TenthsArray(req.json->as_object(), "points_tenths")));
              });
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/scoring/sessions/{id}/sign-off",
      .policy = Policy::Roles(kExaminer),
      .tag = tag,
      .summary = "考评组长签字确认评分表（全部评完后锁定，计算最终成绩）",
      .handler =
          [&scoring](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              return SheetResponse(scoring.SignOff(req.caller, id));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/scoring/sessions/{id}/corrections",
      .policy = Policy::Roles(kExaminer),
      .tag = tag,
      .summary = "锁定后更正评分（考评组长，须写明原因，留痕）",
      .request_schema = kCorrectionSchema,
      .handler =
          [&scoring](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              const auto& o = req.json->as_object();
              return SheetResponse(scoring.Correct(
                  req.caller, id, o.at("registration_id").as_int64(),
                  o.at("examiner_person_id").as_int64(),
                  TenthsArray(o, "points_tenths"), StringField(o, "reason")));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/scoring/sessions/{id}/sheet.pdf",
      .policy = Policy::Roles(kSheetReaders),
      .tag = tag,
      .summary = "下载场次评分表（PDF，含签字栏）",
      .handler =
          [&scoring](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              return Download(scoring.SheetPdf(req.caller, id),
                              "application/pdf",
                              "评分表-场次" + std::to_string(id) + ".pdf");
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/results",
      .policy = Policy::Roles(kOfficers),
      .tag = tag,
      .summary = "考核结果列表（已批准的批次，按数据范围）",
      .handler =
          [&scoring](const Request& req) {
            auto list = scoring.ListResults(req.caller);
            if (!list.ok()) return Response::Problem(list.status());
            json::array items;
            for (const auto& r : *list) items.push_back(ResultsJson(r));
            return Response::Json(json::object{{"items", std::move(items)}});
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/results/{id}",
      .policy = Policy::Roles(kOfficers),
      .tag = tag,
      .summary = "批次考核结果：成绩、公示、异议、审核状态",
      .handler =
          [&scoring](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              return ResultsResponse(scoring.Results(req.caller, id));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/results/{id}/summary.xlsx",
      .policy = Policy::Roles(kOfficers),
      .tag = tag,
      .summary = "下载批次成绩汇总表（Excel）",
      .handler =
          [&scoring](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              return Download(scoring.SummaryXlsx(req.caller, id),
                              "application/vnd.openxmlformats-officedocument."
                              "spreadsheetml.sheet",
                              "成绩汇总-批次" + std::to_string(id) + ".xlsx");
            });
          },
  });
  auto transition = [&](const char* path, const char* summary,
                        const std::vector<Role>& roles, auto fn) {
    routes.push_back(Route{
        .method = Verb::post,
        .pattern = std::string("/api/results/{id}/") + path,
        .policy = Policy::Roles(roles),
        .tag = tag,
        .summary = summary,
        .handler =
            [&scoring, fn](const Request& req) {
              return WithId(req, "id", [&](int64_t id) {
                return ResultsResponse(fn(scoring, req.caller, id));
              });
            },
    });
  };
  transition(
      "publicity", "发布考核结果公示（评分表须全部锁定；公示 5 个工作日）",
      kInstitution, [](ScoringService& s, const domain::Caller& c, int64_t id) {
        return s.OpenPublicity(c, id);
      });
  transition("close", "结束考核结果公示（公示期满且无未处理异议）",
             kInstitution,
             [](ScoringService& s, const domain::Caller& c, int64_t id) {
               return s.ClosePublicity(c, id);
             });
  transition("submit", "报送考核结果至区(市)审核", kInstitution,
             [](ScoringService& s, const domain::Caller& c, int64_t id) {
               return s.Submit(c, id);
             });
  transition("approve", "审核通过考核结果：区(市)初审，市人社局批准",
             kReviewers,
             [](ScoringService& s, const domain::Caller& c, int64_t id) {
               return s.Approve(c, id);
             });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/results/{id}/return",
      .policy = Policy::Roles(kReviewers),
      .tag = tag,
      .summary = "退回考核结果（须写明原因）",
      .request_schema = kReasonSchema,
      .handler =
          [&scoring](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              return ResultsResponse(
                  scoring.Return(req.caller, id,
                                 StringField(req.json->as_object(), "reason")));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/results/objections/{id}/decide",
      .policy = Policy::Roles(kInstitution),
      .tag = tag,
      .summary = "处理考核结果公示异议（成立/不成立，须写处理意见）",
      .request_schema = kDecisionSchema,
      .handler =
          [&scoring](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              const auto& o = req.json->as_object();
              return ResultsResponse(scoring.DecideObjection(
                  req.caller, id, StringField(o, "decision"),
                  StringField(o, "note")));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/public/results",
      .policy = Policy::Public(),
      .tag = tag,
      .summary = "考核结果公示（公开：姓名、脱敏证件号、项目、合格/不合格）",
      .handler =
          [&scoring](const Request&) {
            auto list = scoring.CurrentPublicity();
            if (!list.ok()) return Response::Problem(list.status());
            json::array items;
            for (const auto& p : *list) {
              json::array lines;
              for (const auto& l : p.lines) lines.push_back(LineJson(l, false));
              items.push_back(
                  json::object{{"batch_id", p.batch_id},
                               {"batch_title", p.batch_title},
                               {"project_name", p.project_name},
                               {"institution_name", p.institution_name},
                               {"start_date", p.publicity_start},
                               {"end_date", p.publicity_end},
                               {"lines", std::move(lines)}});
            }
            return Response::Json(json::object{{"items", std::move(items)}});
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/public/results/{id}/objections",
      .policy = Policy::Public(),
      .tag = tag,
      .summary = "对公示中的考核结果提出异议（同一地址每小时最多 5 件）",
      .request_schema = kObjectionSchema,
      .handler =
          [&scoring](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              const json::object& o = req.json->as_object();
              auto filed = scoring.FileObjection(
                  id,
                  {o.at("registration_id").as_int64(), StringField(o, "name"),
                   StringField(o, "contact"), StringField(o, "content"),
                   req.remote_ip},
                  req.request_id);
              if (!filed.ok()) return Response::Problem(filed.status());
              return Response::Json(json::object{{"id", *filed}}, 201);
            });
          },
  });
  return routes;
}

}  // namespace zxkh::http
