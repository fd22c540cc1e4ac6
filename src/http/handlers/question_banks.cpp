// Question banks (题库), paper rotation and sealed papers (R-EXA-3) under
// /api/question-banks/… and /api/papers/….
#include <boost/json.hpp>

#include "common/clock.hpp"
#include "common/date.hpp"
#include "http/download.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/json_out.hpp"
#include "http/query.hpp"
#include "service/question_bank_service.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;
using domain::Role;
using service::QuestionBankService;

constexpr int kMaxId = 2000000000;
constexpr std::size_t kAttachmentLimit = 20u * 1024 * 1024;
constexpr std::size_t kImportLimit = 5u * 1024 * 1024;

const std::vector<Role> kInstitutionRoles = {Role::kInstitutionAdmin,
                                             Role::kInstitutionOperator};
const std::vector<Role> kReaders = {Role::kProvince, Role::kCity,
                                    Role::kDistrict, Role::kInstitutionAdmin,
                                    Role::kInstitutionOperator};
const std::vector<Role> kContentReaders = {Role::kCity, Role::kInstitutionAdmin,
                                           Role::kInstitutionOperator};

json::value Time(int64_t ms) { return json::value(Clock::FormatIso(ms)); }
json::value OptTime(const std::optional<int64_t>& ms) {
  return ms ? Time(*ms) : json::value(nullptr);
}
json::value OptInt(const std::optional<int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::value BankJson(const store::BankRow& b) {
  return json::object{
      {"id", b.id},
      {"institution", json::object{{"id", b.institution_id},
                                   {"name", b.institution_name},
                                   {"code", OptionalJson(b.institution_code)},
                                   {"district_code", b.district_code}}},
      {"project",
       json::object{{"code", b.project_code}, {"name", b.project_name}}},
      {"approved_version",
       b.approved_version_id
           ? json::value(json::object{{"id", *b.approved_version_id},
                                      {"number", *b.approved_number}})
           : json::value(nullptr)},
      {"open_version",
       b.open_version_id
           ? json::value(json::object{
                 {"id", *b.open_version_id},
                 {"number", *b.open_number},
                 {"state",
                  std::string(domain::VersionStateName(
                      b.open_state.value_or(domain::VersionState::kDraft)))},
                 {"state_title",
                  std::string(domain::VersionStateTitle(
                      b.open_state.value_or(domain::VersionState::kDraft)))}})
           : json::value(nullptr)},
      {"created_at", Time(b.created_at)},
      {"updated_at", Time(b.updated_at)},
  };
}

json::value VersionJson(const store::VersionRow& v) {
  return json::object{
      {"id", v.id},
      {"bank_id", v.bank_id},
      {"number", v.number},
      {"state", std::string(domain::VersionStateName(v.state))},
      {"state_title", std::string(domain::VersionStateTitle(v.state))},
      {"return_reason", v.return_reason},
      {"set_count", v.set_count},
      {"submitted_at", OptTime(v.submitted_at)},
      {"decided_at", OptTime(v.decided_at)},
      {"created_at", Time(v.created_at)},
      {"updated_at", Time(v.updated_at)},
  };
}

json::value AttachmentJson(const store::AttachmentRow& a) {
  return json::object{{"id", a.id},
                      {"set_id", a.set_id},
                      {"task", a.task_position},
                      {"file_name", a.file_name},
                      {"media_type", a.media_type},
                      {"size_bytes", a.size_bytes},
                      {"sha256", a.file_sha256},
                      {"uploaded_at", Time(a.uploaded_at)}};
}

json::object ContentJson(const domain::QuestionSet& s,
                         const std::vector<store::AttachmentRow>& files) {
  json::array tasks;
  for (std::size_t i = 0; i < s.tasks.size(); ++i) {
    const auto& t = s.tasks[i];
    json::array attachments;
    for (const auto& a : files) {
      if (a.task_position == static_cast<int>(i)) {
        attachments.push_back(AttachmentJson(a));
      }
    }
    tasks.push_back(json::object{{"title", t.title},
                                 {"instructions", t.instructions},
                                 {"duration_minutes", t.duration_minutes},
                                 {"materials", t.materials},
                                 {"attachments", std::move(attachments)}});
  }
  json::array rubric;
  for (const auto& r : s.rubric) {
    rubric.push_back(json::object{{"description", r.description},
                                  {"max_points", r.max_points},
                                  {"standard", r.standard}});
  }
  return json::object{{"tasks", std::move(tasks)},
                      {"rubric", std::move(rubric)}};
}

json::value SetJson(const service::SetView& v) {
  json::object o{{"id", v.set.id},
                 {"position", v.set.position},
                 {"title", v.set.title},
                 {"sealed", v.set.sealed},
                 {"carried", v.carried},
                 {"task_count", v.set.task_count},
                 {"rubric_count", v.set.rubric_count},
                 {"total_points", v.set.total_points},
                 {"updated_at", Time(v.set.updated_at)}};
  if (v.content) {
    json::object c = ContentJson(*v.content, v.attachments);
    o["tasks"] = std::move(c["tasks"]);
    o["rubric"] = std::move(c["rubric"]);
  }
  return o;
}

json::value DetailJson(const service::VersionDetail& d) {
  json::array sets;
  for (const auto& s : d.sets) sets.push_back(SetJson(s));
  return json::object{{"bank", BankJson(d.bank)},
                      {"version", VersionJson(d.version)},
                      {"sets", std::move(sets)},
                      {"editable", d.editable},
                      {"content_visible", d.content_visible}};
}

json::value BankDetailJson(const service::BankDetail& d) {
  json::array versions;
  for (const auto& v : d.versions) versions.push_back(VersionJson(v));
  json::array events;
  for (const auto& e : d.events) {
    events.push_back(json::object{{"version_id", e.version_id},
                                  {"version_number", e.version_number},
                                  {"at", Time(e.at)},
                                  {"role", e.role},
                                  {"action", e.action},
                                  {"from_state", e.from_state},
                                  {"to_state", e.to_state},
                                  {"reason", e.reason}});
  }
  return json::object{{"bank", BankJson(d.bank)},
                      {"versions", std::move(versions)},
                      {"events", std::move(events)}};
}

json::value PaperJson(const store::PaperRow& p) {
  return json::object{
      {"id", p.id},
      {"session_ref", p.session_ref},
      {"institution", json::object{{"id", p.institution_id},
                                   {"name", p.institution_name},
                                   {"district_code", p.district_code}}},
      {"project",
       json::object{{"code", p.project_code}, {"name", p.project_name}}},
      {"bank_id", p.bank_id},
      {"version",
       json::object{{"id", p.version_id}, {"number", p.version_number}}},
      {"set", json::object{{"id", p.set_id}, {"title", p.set_title}}},
      {"session_start", Time(p.session_start)},
      {"assigned_at", Time(p.assigned_at)},
      {"assigned_by", OptInt(p.assigned_by)},
  };
}

Response DetailResponse(const Result<service::VersionDetail>& r,
                        unsigned ok_status = 200) {
  if (!r.ok()) return Response::Problem(r.status());
  return Response::Json(DetailJson(*r), ok_status);
}

Response FileResponse(const Result<service::BankFile>& f) {
  if (!f.ok()) return Response::Problem(f.status());
  Response r = Response::Text(f->bytes, f->media_type);
  r.headers.emplace_back("Content-Disposition",
                         AttachmentDisposition(f->file_name));
  r.headers.emplace_back("Cache-Control", "private, no-store");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

template <typename Fn>
Response WithId(const Request& req, const char* name, Fn&& fn) {
  auto id = IntPathParam(req, name, 1, kMaxId);
  if (!id.ok()) return Response::Problem(id.status());
  return fn(static_cast<int64_t>(*id));
}

service::SetInput SetFromJson(const json::object& o) {
  service::SetInput in;
  in.title = StringField(o, "title");
  for (const auto& t : o.at("tasks").as_array()) {
    const json::object& task = t.as_object();
    in.tasks.push_back(
        {StringField(task, "title"), StringField(task, "instructions"),
         static_cast<int>(task.at("duration_minutes").as_int64()),
         StringField(task, "materials")});
  }
  for (const auto& r : o.at("rubric").as_array()) {
    const json::object& item = r.as_object();
    in.rubric.push_back({StringField(item, "description"),
                         static_cast<int>(item.at("max_points").as_int64()),
                         StringField(item, "standard")});
  }
  return in;
}

// "2026-12-01T09:00" or "2026-12-01T09:00:00", China Standard Time.
Result<int64_t> ParseLocalTime(const std::string& s) {
  auto bad = [] {
    return Status::InvalidArgument("paper.start_invalid",
                                   "考核开始时间应为 YYYY-MM-DDTHH:MM",
                                   "session_start");
  };
  if (s.size() < 16) return bad();
  auto date = Date::Parse(s.substr(0, 10));
  if (!date.ok()) return bad();
  const int h = std::stoi(s.substr(11, 2));
  const int m = std::stoi(s.substr(14, 2));
  const int sec = s.size() >= 19 ? std::stoi(s.substr(17, 2)) : 0;
  if (h > 23 || m > 59 || sec > 59) return bad();
  return Clock::UnixMillisAt(*date, 0) + (h * 3600 + m * 60 + sec) * 1000LL;
}

const json::value kCreateSchema = json::parse(R"({
  "type": "object", "additionalProperties": false, "required": ["project_code"],
  "properties": {"project_code": {"type": "string", "pattern": "ZX0[1-4][0-9]{3}"}}
})");

const json::value kSetSchema = json::parse(R"({
  "type": "object", "additionalProperties": false,
  "required": ["title", "tasks", "rubric"],
  "properties": {
    "title": {"type": "string", "minLength": 1, "maxLength": 100},
    "tasks": {"type": "array", "maxItems": 20, "items": {
      "type": "object", "additionalProperties": false,
      "required": ["title", "duration_minutes"],
      "properties": {
        "title": {"type": "string", "maxLength": 100},
        "instructions": {"type": "string", "maxLength": 5000},
        "duration_minutes": {"type": "integer", "minimum": 0, "maximum": 1440},
        "materials": {"type": "string", "maxLength": 2000}}}},
    "rubric": {"type": "array", "maxItems": 50, "items": {
      "type": "object", "additionalProperties": false,
      "required": ["description", "max_points"],
      "properties": {
        "description": {"type": "string", "maxLength": 200},
        "max_points": {"type": "integer", "minimum": 0, "maximum": 100},
        "standard": {"type": "string", "maxLength": 2000}}}}
  }})");

const json::value kReasonSchema = json::parse(R"({
  "type": "object", "additionalProperties": false, "required": ["reason"],
  "properties": {"reason": {"type": "string", "minLength": 1, "maxLength": 1000}}
})");

const json::value kPaperSchema = json::parse(R"({
  "type": "object", "additionalProperties": false,
  "required": ["project_code", "session_ref", "session_start"],
  "properties": {
    "project_code": {"type": "string", "pattern": "ZX0[1-4][0-9]{3}"},
    "session_ref": {"type": "string", "minLength": 1, "maxLength": 64},
    "session_start": {"type": "string",
      "pattern": "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?"}
  }})");

}  // namespace

std::vector<Route> QuestionBankRoutes(QuestionBankService& banks) {
  const std::string tag = "question-banks";
  std::vector<Route> routes;
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/question-banks",
      .policy = Policy::Roles(kReaders),
      .tag = tag,
      .summary = "题库列表（按数据范围；state=submitted 为市局待审队列）",
      .query_params = {{"state", "string",
                        "未审结版本的状态：draft、submitted、returned"}},
      .handler =
          [&banks](const Request& req) {
            auto state = TextQuery(req, "state");
            if (!state.ok()) return Response::Problem(state.status());
            auto list = banks.ListBanks(req.caller, *state);
            if (!list.ok()) return Response::Problem(list.status());
            json::array items;
            for (const auto& b : *list) items.push_back(BankJson(b));
            return Response::Json(json::object{{"items", std::move(items)}});
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/question-banks",
      .policy = Policy::Roles(kInstitutionRoles),
      .tag = tag,
      .summary = "为本机构经批准的项目新建题库（第 1 版草稿）",
      .request_schema = kCreateSchema,
      .handler =
          [&banks](const Request& req) {
            auto d = banks.CreateBank(
                req.caller, StringField(req.json->as_object(), "project_code"));
            if (!d.ok()) return Response::Problem(d.status());
            return Response::Json(BankDetailJson(*d), 201);
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/question-banks/template.xlsx",
      .policy = Policy::Roles(kReaders),
      .tag = tag,
      .summary = "下载题库导入模板（Excel，含填写说明）",
      .handler =
          [&banks](const Request&) { return FileResponse(banks.Template()); },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/question-banks/{id}",
      .policy = Policy::Roles(kReaders),
      .tag = tag,
      .summary = "查看题库：各版本及审核记录",
      .handler =
          [&banks](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              auto d = banks.GetBank(req.caller, id);
              if (!d.ok()) return Response::Problem(d.status());
              return Response::Json(BankDetailJson(*d));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/question-banks/{id}/versions",
      .policy = Policy::Roles(kInstitutionRoles),
      .tag = tag,
      .summary = "修改已通过的题库：新建版本（沿用已封存的试题）",
      .handler =
          [&banks](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              return DetailResponse(banks.OpenVersion(req.caller, id), 201);
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/question-banks/versions/{version_id}",
      .policy = Policy::Roles(kReaders),
      .tag = tag,
      .summary = "查看题库版本：各套试题（已封存的只显示概要）",
      .handler =
          [&banks](const Request& req) {
            return WithId(req, "version_id", [&](int64_t id) {
              return DetailResponse(banks.GetVersion(req.caller, id));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/question-banks/versions/{version_id}/sets",
      .policy = Policy::Roles(kInstitutionRoles),
      .tag = tag,
      .summary = "新增一套试题（实操任务与评分细则，合计 100 分）",
      .request_schema = kSetSchema,
      .handler =
          [&banks](const Request& req) {
            return WithId(req, "version_id", [&](int64_t id) {
              return DetailResponse(
                  banks.AddSet(req.caller, id,
                               SetFromJson(req.json->as_object())),
                  201);
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::put,
      .pattern = "/api/question-banks/versions/{version_id}/sets/{set_id}",
      .policy = Policy::Roles(kInstitutionRoles),
      .tag = tag,
      .summary = "修改本版本新增的一套试题",
      .request_schema = kSetSchema,
      .handler =
          [&banks](const Request& req) {
            return WithId(req, "version_id", [&](int64_t id) {
              return WithId(req, "set_id", [&](int64_t set) {
                return DetailResponse(banks.UpdateSet(
                    req.caller, id, set, SetFromJson(req.json->as_object())));
              });
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::delete_,
      .pattern = "/api/question-banks/versions/{version_id}/sets/{set_id}",
      .policy = Policy::Roles(kInstitutionRoles),
      .tag = tag,
      .summary = "删除本版本新增的试题，或撤出沿用的已封存试题",
      .handler =
          [&banks](const Request& req) {
            return WithId(req, "version_id", [&](int64_t id) {
              return WithId(req, "set_id", [&](int64_t set) {
                return DetailResponse(banks.RemoveSet(req.caller, id, set));
              });
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/question-banks/versions/{version_id}/submit",
      .policy = Policy::Roles(kInstitutionRoles),
      .tag = tag,
      .summary = "提交市局审核（至少 5 套，每套评分细则合计 100 分）",
      .handler =
          [&banks](const Request& req) {
            return WithId(req, "version_id", [&](int64_t id) {
              return DetailResponse(banks.Submit(req.caller, id));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/question-banks/versions/{version_id}/approve",
      .policy = Policy::Roles({Role::kCity}),
      .tag = tag,
      .summary = "市局审核通过题库版本（试题随即封存）",
      .handler =
          [&banks](const Request& req) {
            return WithId(req, "version_id", [&](int64_t id) {
              return DetailResponse(banks.Approve(req.caller, id));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/question-banks/versions/{version_id}/return",
      .policy = Policy::Roles({Role::kCity}),
      .tag = tag,
      .summary = "市局退回题库版本并写明理由",
      .request_schema = kReasonSchema,
      .handler =
          [&banks](const Request& req) {
            return WithId(req, "version_id", [&](int64_t id) {
              return DetailResponse(
                  banks.Return(req.caller, id,
                               StringField(req.json->as_object(), "reason")));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/question-banks/versions/{version_id}/import",
      .policy = Policy::Roles(kInstitutionRoles),
      .tag = tag,
      .summary =
          "从 Excel 导入试题（请求体为按模板填写的 .xlsx；替换本版本新增的"
          "试题；任何一行有误则不写入，并列出行号、列和原因）",
      .upload_limit_bytes = kImportLimit,
      .handler =
          [&banks](const Request& req) {
            return WithId(req, "version_id", [&](int64_t id) {
              if (req.body_file.empty()) {
                return Response::Problem(Status::InvalidArgument(
                    "file.missing", "请上传文件", "file"));
              }
              auto r = banks.Import(req.caller, id, req.body_file);
              if (!r.ok()) return Response::Problem(r.status());
              json::array errors;
              for (const auto& e : r->errors) {
                errors.push_back(json::object{{"row", e.row},
                                              {"column", e.column},
                                              {"message", e.message}});
              }
              return Response::Json(
                  json::object{{"imported_sets", r->imported_sets},
                               {"errors", std::move(errors)},
                               {"version", r->version ? DetailJson(*r->version)
                                                      : json::value(nullptr)}});
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/question-banks/versions/{version_id}/export.xlsx",
      .policy = Policy::Roles(kContentReaders),
      .tag = tag,
      .summary = "导出未封存的题库版本（Excel，与导入模板同格式）",
      .handler =
          [&banks](const Request& req) {
            return WithId(req, "version_id", [&](int64_t id) {
              return FileResponse(banks.Export(req.caller, id));
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/question-banks/sets/{set_id}/attachments",
      .policy = Policy::Roles(kInstitutionRoles),
      .tag = tag,
      .summary =
          "上传实操任务附件（请求体为文件内容；X-File-Name 为百分号编码的文件"
          "名；PDF、图片、DOCX、XLSX，不超过 20 MB）",
      .query_params = {{"task", "integer", "任务序号，从 0 开始"}},
      .upload_limit_bytes = kAttachmentLimit,
      .handler =
          [&banks](const Request& req) {
            return WithId(req, "set_id", [&](int64_t set) {
              auto task = IntQuery(req, "task", 0, 0, 19);
              if (!task.ok()) return Response::Problem(task.status());
              if (req.body_file.empty()) {
                return Response::Problem(Status::InvalidArgument(
                    "file.missing", "请上传文件", "file"));
              }
              auto a = banks.UploadAttachment(
                  req.caller, set, *task, req.body_file, UploadedFileName(req));
              if (!a.ok()) return Response::Problem(a.status());
              return Response::Json(AttachmentJson(*a), 201);
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern =
          "/api/question-banks/sets/{set_id}/attachments/{attachment_id}",
      .policy = Policy::Roles(kContentReaders),
      .tag = tag,
      .summary = "下载未封存试题的任务附件",
      .handler =
          [&banks](const Request& req) {
            return WithId(req, "set_id", [&](int64_t set) {
              return WithId(req, "attachment_id", [&](int64_t a) {
                return FileResponse(
                    banks.DownloadAttachment(req.caller, set, a));
              });
            });
          },
  });

  // --- Papers of sessions ---------------------------------------------------
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/papers",
      .policy = Policy::Roles(kReaders),
      .tag = tag,
      .summary = "场次试卷分配记录（只含概要，不含试题内容）",
      .handler =
          [&banks](const Request& req) {
            auto list = banks.ListPapers(req.caller);
            if (!list.ok()) return Response::Problem(list.status());
            json::array items;
            for (const auto& p : *list) items.push_back(PaperJson(p));
            return Response::Json(json::object{{"items", std::move(items)}});
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/papers",
      .policy = Policy::Roles({Role::kInstitutionAdmin}),
      .tag = tag,
      .summary =
          "为考核场次循环组卷：分配下一套已审核试题（不与上一场次相同）。"
          "考核场次功能上线后由创建场次自动调用",
      .request_schema = kPaperSchema,
      .handler =
          [&banks](const Request& req) {
            const json::object& o = req.json->as_object();
            auto start = ParseLocalTime(StringField(o, "session_start"));
            if (!start.ok()) return Response::Problem(start.status());
            auto p = banks.AssignPaper(req.caller,
                                       {StringField(o, "project_code"),
                                        StringField(o, "session_ref"), *start});
            if (!p.ok()) return Response::Problem(p.status());
            return Response::Json(PaperJson(*p), 201);
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/papers/{id}",
      .policy = Policy::Roles(kContentReaders),
      .tag = tag,
      .summary = "查看场次试卷内容（考核开始前密封；每次查看记入操作日志）",
      .handler =
          [&banks](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              auto p = banks.ReadPaper(req.caller, id);
              if (!p.ok()) return Response::Problem(p.status());
              json::object o = PaperJson(p->assignment).as_object();
              o["content"] = ContentJson(p->content, p->attachments);
              return Response::Json(o);
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/papers/{id}/attachments/{attachment_id}",
      .policy = Policy::Roles(kContentReaders),
      .tag = tag,
      .summary = "下载场次试卷的任务附件（考核开始后；记入操作日志）",
      .handler =
          [&banks](const Request& req) {
            return WithId(req, "id", [&](int64_t id) {
              return WithId(req, "attachment_id", [&](int64_t a) {
                return FileResponse(
                    banks.ReadPaperAttachment(req.caller, id, a));
              });
            });
          },
  });
  return routes;
}

}  // namespace zxkh::http
