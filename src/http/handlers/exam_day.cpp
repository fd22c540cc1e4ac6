// Exam day (R-EXA-9): candidates assigned to a batch's sessions under
// /api/batches/{id}/assignment, and the day itself under
// /api/exam-day/sessions/{id} — sign-in sheet, electronic sign-in,
// closing (absentees), incidents, recordings and the coverage check.
#include "domain/exam_day.hpp"

#include <boost/json.hpp>

#include "common/clock.hpp"
#include "http/download.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/json_out.hpp"
#include "http/query.hpp"
#include "service/exam_day_service.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;
using domain::Role;
using service::ExamDayService;

constexpr int kMaxId = 2000000000;

const std::vector<Role> kInstitutionRoles = {Role::kInstitutionAdmin,
                                             Role::kInstitutionOperator};
const std::vector<Role> kReaders = {Role::kProvince, Role::kCity,
                                    Role::kDistrict, Role::kInstitutionAdmin,
                                    Role::kInstitutionOperator};
const std::vector<Role> kStaff = {Role::kProctor, Role::kExaminer,
                                  Role::kSupervisor};
const std::vector<Role> kEveryone = {Role::kProvince,
                                     Role::kCity,
                                     Role::kDistrict,
                                     Role::kInstitutionAdmin,
                                     Role::kInstitutionOperator,
                                     Role::kProctor,
                                     Role::kExaminer,
                                     Role::kSupervisor};

json::value OptTime(const std::optional<int64_t>& ms) {
  return ms ? json::value(Clock::FormatIso(*ms)) : json::value(nullptr);
}

json::object SessionJson(const store::BatchSessionRow& s) {
  return json::object{{"id", s.id},
                      {"batch_id", s.batch_id},
                      {"position", s.position},
                      {"date", s.exam_date},
                      {"start", s.start_time},
                      {"end", s.end_time},
                      {"start_ms", s.start_ms},
                      {"end_ms", s.end_ms},
                      {"room", s.room},
                      {"capacity", s.capacity},
                      {"candidates", s.candidates}};
}

json::object CandidateJson(const service::SessionCandidate& k) {
  return json::object{{"registration_id", k.registration_id},
                      {"session_id", k.session_id},
                      {"seat", k.seat},
                      {"name", k.name},
                      {"id_masked", k.id_masked},
                      {"attendance", k.attendance},
                      {"signed_in_at", OptTime(k.signed_in_at)},
                      {"registration_state", k.registration_state}};
}

json::object ViewJson(const service::ExamSessionView& v) {
  json::array list;
  for (const auto& k : v.candidates) list.push_back(CandidateJson(k));
  json::object out = SessionJson(v.session);
  out["batch_title"] = v.batch_title;
  out["institution_name"] = v.institution_name;
  out["closed_at"] = OptTime(v.closed_at);
  out["candidate_list"] = std::move(list);
  return out;
}

Response AssignmentResponse(const Result<service::AssignmentView>& r) {
  if (!r.ok()) return Response::Problem(r.status());
  json::array sessions;
  for (const auto& s : r->sessions) sessions.push_back(ViewJson(s));
  json::array free;
  for (const auto& k : r->unassigned) free.push_back(CandidateJson(k));
  return Response::Json(json::object{
      {"batch_id", r->batch.id},
      {"title", r->batch.title},
      {"state", std::string(domain::BatchStateName(r->batch.state))},
      {"coverage_flagged", r->coverage_flagged},
      {"sessions", std::move(sessions)},
      {"unassigned", std::move(free)}});
}

json::object IncidentJson(const service::IncidentRow& i) {
  return json::object{
      {"id", i.id},
      {"batch_id", i.batch_id},
      {"session_id", i.session_id},
      {"registration_id", i.registration_id ? json::value(*i.registration_id)
                                            : json::value(nullptr)},
      {"kind", i.kind},
      {"kind_title", i.kind_title},
      {"description", i.description},
      {"action_taken", i.action_taken},
      {"occurred_at", Clock::FormatIso(i.occurred_at)},
      {"created_at", Clock::FormatIso(i.created_at)}};
}

json::object RecordingJson(const service::RecordingRow& r) {
  return json::object{{"id", r.id},
                      {"session_id", r.session_id},
                      {"camera", r.camera},
                      {"start_ms", r.start_ms},
                      {"end_ms", r.end_ms},
                      {"start", Clock::FormatIso(r.start_ms)},
                      {"end", Clock::FormatIso(r.end_ms)},
                      {"sha256", r.sha256},
                      {"file_name", r.file_name},
                      {"has_file", !r.file_name.empty()}};
}

template <typename Fn>
Response WithId(const Request& req, Fn&& fn) {
  auto id = IntPathParam(req, "id", 1, kMaxId);
  if (!id.ok()) return Response::Problem(id.status());
  return fn(static_cast<int64_t>(*id));
}

const json::value kMoveSchema = json::parse(R"({
  "type": "object", "additionalProperties": false,
  "required": ["registration_id", "session_id"],
  "properties": {
    "registration_id": {"type": "integer", "minimum": 1, "maximum": 2000000000},
    "session_id": {"type": "integer", "minimum": 1, "maximum": 2000000000}
  }})");

const json::value kSignInSchema = json::parse(R"({
  "type": "object", "additionalProperties": false,
  "required": ["name", "id_number"],
  "properties": {
    "name": {"type": "string", "maxLength": 50},
    "id_number": {"type": "string", "maxLength": 40}
  }})");

const json::value kIncidentSchema = json::parse(R"({
  "type": "object", "additionalProperties": false,
  "required": ["kind", "description"],
  "properties": {
    "kind": {"type": "string", "maxLength": 20},
    "registration_id": {"type": ["integer", "null"], "minimum": 1,
                        "maximum": 2000000000},
    "description": {"type": "string", "maxLength": 1000},
    "action_taken": {"type": "string", "maxLength": 500},
    "occurred_at_ms": {"type": "integer", "minimum": 0}
  }})");

const json::value kRecordingSchema = json::parse(R"({
  "type": "object", "additionalProperties": false,
  "required": ["camera", "start_ms", "end_ms", "sha256"],
  "properties": {
    "camera": {"type": "string", "maxLength": 50},
    "start_ms": {"type": "integer", "minimum": 0},
    "end_ms": {"type": "integer", "minimum": 0},
    "sha256": {"type": "string", "maxLength": 64}
  }})");

}  // namespace

std::vector<Route> ExamDayRoutes(ExamDayService& exam) {
  std::vector<Route> routes;
  const std::string tag = "exam-day";
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/batches/{id}/assignment",
      .policy = Policy::Roles(kReaders),
      .tag = tag,
      .summary = "批次考生安排：各场次考生与座号、尚未安排的已报名考生",
      .handler =
          [&exam](const Request& req) {
            return WithId(req, [&](int64_t id) {
              return AssignmentResponse(exam.Assignment(req.caller, id));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/batches/{id}/assignment/auto",
      .policy = Policy::Roles(kInstitutionRoles),
      .tag = tag,
      .summary = "自动安排考生：按时间顺序依次排满各场次并编座号",
      .handler =
          [&exam](const Request& req) {
            return WithId(req, [&](int64_t id) {
              return AssignmentResponse(exam.AutoAssign(req.caller, id));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/batches/{id}/assignment/move",
      .policy = Policy::Roles(kInstitutionRoles),
      .tag = tag,
      .summary = "安排或调整一名考生的场次（不超过容量）",
      .request_schema = kMoveSchema,
      .handler =
          [&exam](const Request& req) {
            return WithId(req, [&](int64_t id) {
              const auto& o = req.json->as_object();
              return AssignmentResponse(
                  exam.Move(req.caller, id, o.at("registration_id").as_int64(),
                            o.at("session_id").as_int64()));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/batches/{id}/incidents",
      .policy = Policy::Roles(kEveryone),
      .tag = tag,
      .summary = "批次考场事件记录（可按场次筛选）",
      .query_params = {{"session_id", "integer", "场次"}},
      .handler =
          [&exam](const Request& req) {
            return WithId(req, [&](int64_t id) {
              auto sid = IntQuery(req, "session_id", 0, 0, kMaxId);
              if (!sid.ok()) return Response::Problem(sid.status());
              auto list = exam.Incidents(
                  req.caller, id,
                  *sid > 0 ? std::optional<int64_t>(*sid) : std::nullopt);
              if (!list.ok()) return Response::Problem(list.status());
              json::array items;
              for (const auto& i : *list) items.push_back(IncidentJson(i));
              return Response::Json(json::object{{"items", std::move(items)}});
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/exam-day/my-sessions",
      .policy = Policy::Roles(kStaff),
      .tag = tag,
      .summary = "我的场次（监考、考评、督导）",
      .handler =
          [&exam](const Request& req) {
            auto list = exam.MySessions(req.caller);
            if (!list.ok()) return Response::Problem(list.status());
            json::array items;
            for (const auto& m : *list) {
              json::object o = SessionJson(m.session);
              o["batch_title"] = m.batch_title;
              o["institution_name"] = m.institution_name;
              o["role"] = m.role;
              o["closed_at"] = OptTime(m.closed_at);
              items.push_back(std::move(o));
            }
            return Response::Json(json::object{{"items", std::move(items)}});
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/exam-day/sessions/{id}",
      .policy = Policy::Roles(kEveryone),
      .tag = tag,
      .summary = "场次考务：考生名单与签到情况",
      .handler =
          [&exam](const Request& req) {
            return WithId(req, [&](int64_t id) {
              auto v = exam.Session(req.caller, id);
              if (!v.ok()) return Response::Problem(v.status());
              return Response::Json(ViewJson(*v));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/exam-day/sessions/{id}/sign-in-sheet.pdf",
      .policy = Policy::Roles(kEveryone),
      .tag = tag,
      .summary = "打印场次签到表（PDF：座号、姓名、证件号码（脱敏）、签名）",
      .handler =
          [&exam](const Request& req) {
            return WithId(req, [&](int64_t id) {
              auto pdf = exam.SignInSheet(req.caller, id);
              if (!pdf.ok()) return Response::Problem(pdf.status());
              Response r =
                  Response::Text(std::move(*pdf), std::string(kPdfType));
              r.headers.emplace_back(
                  "Content-Disposition",
                  AttachmentDisposition("签到表-场次" + std::to_string(id) +
                                        ".pdf"));
              return r;
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/exam-day/sessions/{id}/sign-in",
      .policy = Policy::Roles({Role::kProctor}),
      .tag = tag,
      .summary = "考生电子签到：姓名与证件号码须与报名信息一致"
                 "（开考前 1 小时至场次结束）",
      .request_schema = kSignInSchema,
      .handler =
          [&exam](const Request& req) {
            return WithId(req, [&](int64_t id) {
              const auto& o = req.json->as_object();
              auto k = exam.SignIn(req.caller, id, StringField(o, "name"),
                                   StringField(o, "id_number"));
              if (!k.ok()) return Response::Problem(k.status());
              return Response::Json(CandidateJson(*k));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/exam-day/sessions/{id}/close",
      .policy = Policy::Roles({Role::kProctor, Role::kInstitutionAdmin,
                               Role::kInstitutionOperator}),
      .tag = tag,
      .summary = "结束场次：未签到考生记为缺考",
      .handler =
          [&exam](const Request& req) {
            return WithId(req, [&](int64_t id) {
              auto v = exam.Close(req.caller, id);
              if (!v.ok()) return Response::Problem(v.status());
              return Response::Json(ViewJson(*v));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/exam-day/sessions/{id}/incidents",
      .policy = Policy::Roles({Role::kProctor, Role::kSupervisor}),
      .tag = tag,
      .summary = "记录考场事件（违纪、作弊、设备故障、安全、其他）",
      .request_schema = kIncidentSchema,
      .handler =
          [&exam](const Request& req) {
            return WithId(req, [&](int64_t id) {
              const auto& o = req.json->as_object();
              service::IncidentInput in;
              in.session_id = id;
              if (auto r = o.find("registration_id");
                  r != o.end() && !r->value().is_null()) {
                in.registration_id = r->value().as_int64();
              }
              in.kind = StringField(o, "kind");
              in.description = StringField(o, "description");
              in.action_taken = StringField(o, "action_taken");
              if (auto t = o.find("occurred_at_ms"); t != o.end()) {
                in.occurred_at = t->value().as_int64();
              }
              auto i = exam.RecordIncident(req.caller, std::move(in));
              if (!i.ok()) return Response::Problem(i.status());
              return Response::Json(IncidentJson(*i), 201);
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/exam-day/sessions/{id}/paper",
      .policy = Policy::Roles({Role::kProctor, Role::kExaminer}),
      .tag = tag,
      .summary = "场次试卷（开考后方可查看，查看记入操作日志）",
      .handler =
          [&exam](const Request& req) {
            return WithId(req, [&](int64_t id) {
              auto p = exam.ReadSessionPaper(req.caller, id);
              if (!p.ok()) return Response::Problem(p.status());
              json::array tasks;
              for (const auto& t : p->content.tasks) {
                tasks.push_back(
                    json::object{{"title", t.title},
                                 {"instructions", t.instructions},
                                 {"duration_minutes", t.duration_minutes},
                                 {"materials", t.materials}});
              }
              json::array rubric;
              for (const auto& r : p->content.rubric) {
                rubric.push_back(json::object{{"description", r.description},
                                              {"max_points", r.max_points},
                                              {"standard", r.standard}});
              }
              json::array files;
              for (const auto& a : p->attachments) {
                files.push_back(json::object{{"id", a.id},
                                             {"task_position", a.task_position},
                                             {"file_name", a.file_name},
                                             {"media_type", a.media_type},
                                             {"size_bytes", a.size_bytes}});
              }
              return Response::Json(
                  json::object{{"paper_id", p->assignment.id},
                               {"session_id", id},
                               {"project_code", p->assignment.project_code},
                               {"project_name", p->assignment.project_name},
                               {"title", p->content.title},
                               {"tasks", std::move(tasks)},
                               {"rubric", std::move(rubric)},
                               {"attachments", std::move(files)}});
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/exam-day/sessions/{id}/recordings",
      .policy = Policy::Roles({Role::kProctor, Role::kInstitutionAdmin,
                               Role::kInstitutionOperator}),
      .tag = tag,
      .summary = "登记场次录像（摄像机、起止时间、SHA-256）",
      .request_schema = kRecordingSchema,
      .handler =
          [&exam](const Request& req) {
            return WithId(req, [&](int64_t id) {
              const auto& o = req.json->as_object();
              service::RecordingInput in;
              in.session_id = id;
              in.camera = StringField(o, "camera");
              in.start_ms = o.at("start_ms").as_int64();
              in.end_ms = o.at("end_ms").as_int64();
              in.sha256 = StringField(o, "sha256");
              auto r = exam.AddRecording(req.caller, std::move(in));
              if (!r.ok()) return Response::Problem(r.status());
              return Response::Json(RecordingJson(*r), 201);
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/exam-day/recordings/{id}/file",
      .policy = Policy::Roles({Role::kProctor, Role::kInstitutionAdmin,
                               Role::kInstitutionOperator}),
      .tag = tag,
      .summary = "上传已登记录像的视频文件（请求体为文件内容；X-File-Name 为"
                 "百分号编码的文件名；SHA-256 须与登记一致；不超过 512 MB）",
      .upload_limit_bytes =
          static_cast<std::size_t>(service::kMaxRecordingFileBytes),
      .handler =
          [&exam](const Request& req) {
            return WithId(req, [&](int64_t id) {
              if (req.body_file.empty()) {
                return Response::Problem(Status::InvalidArgument(
                    "file.missing", "请上传文件", "file"));
              }
              auto r = exam.AttachRecordingFile(req.caller, id, req.body_file,
                                                UploadedFileName(req));
              if (!r.ok()) return Response::Problem(r.status());
              return Response::Json(RecordingJson(*r));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/exam-day/recordings/{id}/file",
      .policy = Policy::Roles({Role::kProvince, Role::kCity, Role::kDistrict,
                               Role::kInstitutionAdmin,
                               Role::kInstitutionOperator, Role::kSupervisor}),
      .tag = tag,
      .summary = "下载录像视频文件（考核机构、所属区(市)、市、省及批次督导员）",
      .handler =
          [&exam](const Request& req) {
            return WithId(req, [&](int64_t id) {
              auto f = exam.DownloadRecordingFile(req.caller, id);
              if (!f.ok()) return Response::Problem(f.status());
              Response r = Response::Text(std::move(f->bytes), f->media_type);
              r.headers.emplace_back("Content-Disposition",
                                     AttachmentDisposition(f->file_name));
              r.headers.emplace_back("Cache-Control", "private, no-store");
              return r;
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/exam-day/sessions/{id}/coverage-check",
      .policy = Policy::Roles(kEveryone),
      .tag = tag,
      .summary = "录像覆盖检查：列出未覆盖的时段；场次结束后有缺口即标记批次"
                 "并通知区(市)和市人社局",
      .handler =
          [&exam](const Request& req) {
            return WithId(req, [&](int64_t id) {
              auto v = exam.Coverage(req.caller, id);
              if (!v.ok()) return Response::Problem(v.status());
              json::array recs;
              for (const auto& r : v->recordings) {
                recs.push_back(RecordingJson(r));
              }
              json::array gaps;
              for (const auto& g : v->gaps) {
                gaps.push_back(
                    json::object{{"start_ms", g.start_ms},
                                 {"end_ms", g.end_ms},
                                 {"start", Clock::FormatIso(g.start_ms)},
                                 {"end", Clock::FormatIso(g.end_ms)}});
              }
              return Response::Json(
                  json::object{{"session_id", v->session_id},
                               {"scheduled_start_ms", v->scheduled.start_ms},
                               {"scheduled_end_ms", v->scheduled.end_ms},
                               {"recordings", std::move(recs)},
                               {"gaps", std::move(gaps)},
                               {"covered", v->gaps.empty()},
                               {"batch_flagged", v->batch_flagged}});
            });
          },
  });
  return routes;
}

}  // namespace zxkh::http
