#include <boost/json.hpp>

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "common/keyring.hpp"
#include "http/download.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/json_out.hpp"
#include "http/query.hpp"
#include "service/audit_service.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;
using domain::Role;

const std::vector<Role> kLogReaders = {
    Role::kProvince, Role::kCity, Role::kDistrict, Role::kInstitutionAdmin};

json::value EntryJson(const domain::AuditEntry& e) {
  return json::object{
      {"seq", e.seq},
      {"at", Clock::FormatIso(e.at)},
      {"user_id", e.user_id},
      {"role", e.role},
      {"action", e.action},
      {"target_type", e.target_type},
      {"target_id", e.target_id},
      {"summary", e.summary},
      {"request_id", e.request_id},
      {"entry_hash", e.entry_hash},
  };
}

json::value LoginJson(const domain::LoginRecord& r) {
  return json::object{
      {"id", r.id},
      {"at", Clock::FormatIso(r.at)},
      {"username", r.username},
      {"user_id", r.user_id ? json::value(*r.user_id) : json::value()},
      {"success", r.success},
      {"reason", r.reason},
      {"ip", r.ip},
      {"user_agent", r.user_agent},
  };
}

// from/to as dates (China time): [from 00:00, to + 1 day 00:00).
Status ParseDateRange(const Request& req, std::optional<int64_t>& from,
                      std::optional<int64_t>& to) {
  if (req.Query("from")) {
    ZXKH_ASSIGN_OR_RETURN(Date d, DateQuery(req, "from"));
    from = Clock::UnixMillisAt(d, 0);
  }
  if (req.Query("to")) {
    ZXKH_ASSIGN_OR_RETURN(Date d, DateQuery(req, "to"));
    to = Clock::UnixMillisAt(d.AddDays(1), 0);
  }
  return Status::Ok();
}

Result<domain::AuditFilter> OperationFilter(const Request& req) {
  domain::AuditFilter f;
  ZXKH_RETURN_IF_ERROR(ParseDateRange(req, f.from, f.to));
  ZXKH_ASSIGN_OR_RETURN(f.action_prefix, TextQuery(req, "action"));
  ZXKH_ASSIGN_OR_RETURN(f.target_type, TextQuery(req, "target_type"));
  ZXKH_ASSIGN_OR_RETURN(f.target_id, TextQuery(req, "target_id"));
  ZXKH_ASSIGN_OR_RETURN(f.page, PageQuery(req));
  return f;
}

Result<domain::LoginFilter> LoginLogFilter(const Request& req) {
  domain::LoginFilter f;
  ZXKH_RETURN_IF_ERROR(ParseDateRange(req, f.from, f.to));
  ZXKH_ASSIGN_OR_RETURN(f.username, TextQuery(req, "username"));
  ZXKH_ASSIGN_OR_RETURN(std::string success, TextQuery(req, "success"));
  if (success == "true") f.success = true;
  if (success == "false") f.success = false;
  if (!success.empty() && !f.success) {
    return Status::InvalidArgument(
        "request.invalid_query", "参数 success 应为 true 或 false", "success");
  }
  ZXKH_ASSIGN_OR_RETURN(f.page, PageQuery(req));
  return f;
}

Response Xlsx(Result<std::string> bytes, std::string_view filename) {
  if (!bytes.ok()) return Response::Problem(bytes.status());
  Response r = Response::Text(std::move(bytes).value(), std::string(kXlsxType));
  r.headers.emplace_back("Content-Disposition",
                         AttachmentDisposition(filename));
  return r;
}

const std::vector<QueryParam> kOperationParams = {
    {"from", "string", "起始日期 YYYY-MM-DD"},
    {"to", "string", "截止日期 YYYY-MM-DD（含）"},
    {"action", "string", "操作类型前缀，如 catalog."},
    {"target_type", "string", "对象类型"},
    {"target_id", "string", "对象标识"},
    {"page", "integer", "页码"},
    {"page_size", "integer", "每页条数"}};
const std::vector<QueryParam> kLoginParams = {
    {"from", "string", "起始日期 YYYY-MM-DD"},
    {"to", "string", "截止日期 YYYY-MM-DD（含）"},
    {"success", "string", "true 成功 / false 失败"},
    {"username", "string", "用户名关键字"},
    {"page", "integer", "页码"},
    {"page_size", "integer", "每页条数"}};

}  // namespace

std::vector<Route> AuditRoutes(service::AuditService& audit,
                               const Keyring& keys) {
  std::vector<Route> routes;
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/logs/operations",
      .policy = Policy::Roles(kLogReaders),
      .tag = "logs",
      .summary = "操作日志（按数据范围：市级全部、区(市)本辖区、机构本机构）",
      .query_params = kOperationParams,
      .handler =
          [&audit](const Request& req) {
            auto f = OperationFilter(req);
            if (!f.ok()) return Response::Problem(f.status());
            auto page = audit.ListOperations(req.caller, *f);
            if (!page.ok()) return Response::Problem(page.status());
            return Response::Json(PageJson(*page, EntryJson));
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/logs/operations/export.xlsx",
      .policy = Policy::Roles(kLogReaders),
      .tag = "logs",
      .summary = "导出操作日志（Excel）",
      .query_params = kOperationParams,
      .handler =
          [&audit](const Request& req) {
            auto f = OperationFilter(req);
            if (!f.ok()) return Response::Problem(f.status());
            return Xlsx(audit.ExportOperationsXlsx(req.caller, *f),
                        "操作日志.xlsx");
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/logs/logins",
      .policy = Policy::Roles(kLogReaders),
      .tag = "logs",
      .summary = "登录日志（成功与失败、IP、浏览器）",
      .query_params = kLoginParams,
      .handler =
          [&audit](const Request& req) {
            auto f = LoginLogFilter(req);
            if (!f.ok()) return Response::Problem(f.status());
            auto page = audit.ListLogins(req.caller, *f);
            if (!page.ok()) return Response::Problem(page.status());
            return Response::Json(PageJson(*page, LoginJson));
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/logs/logins/export.xlsx",
      .policy = Policy::Roles(kLogReaders),
      .tag = "logs",
      .summary = "导出登录日志（Excel）",
      .query_params = kLoginParams,
      .handler =
          [&audit](const Request& req) {
            auto f = LoginLogFilter(req);
            if (!f.ok()) return Response::Problem(f.status());
            return Xlsx(audit.ExportLoginsXlsx(req.caller, *f),
                        "登录日志.xlsx");
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/audit/{seq}/proof",
      .policy = Policy::Roles({Role::kProvince, Role::kCity, Role::kDistrict}),
      .tag = "logs",
      .summary = "操作日志条目的 Merkle 包含证明（对照最新签名检查点）",
      .handler =
          [&audit](const Request& req) {
            auto seq = IntPathParam(req, "seq", 1, 2000000000);
            if (!seq.ok()) return Response::Problem(seq.status());
            auto proof = audit.Proof(req.caller, *seq);
            if (!proof.ok()) return Response::Problem(proof.status());
            json::array path;
            for (const auto& h : proof->audit_path)
              path.push_back(json::string(h));
            const domain::Checkpoint& cp = proof->checkpoint;
            return Response::Json(json::object{
                {"seq", proof->seq},
                {"leaf_index", proof->leaf_index},
                {"entry_hash", proof->entry_hash},
                {"leaf_hash", proof->leaf_hash},
                {"audit_path", std::move(path)},
                {"checkpoint",
                 json::object{{"tree_size", cp.tree_size},
                              {"root_hash", cp.root_hash},
                              {"signed_at", Clock::FormatIso(cp.signed_at)},
                              {"signed_at_ms", cp.signed_at},
                              {"key_id", cp.key_id},
                              {"signature", cp.signature}}},
            });
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/public/keys",
      .policy = Policy::Public(),
      .tag = "logs",
      .summary = "服务器签名公钥（Ed25519，用于核验审计检查点与电子证书）",
      .blocking = false,
      .handler =
          [&keys](const Request&) {
            json::array list;
            for (const PublishedKey& k : keys.keys()) {
              list.push_back(json::object{
                  {"key_id", k.key_id},
                  {"algorithm", "Ed25519"},
                  {"public_key", Base64Encode(k.public_key)},
                  {"status", k.current ? "current" : "retired"},
                  {"use", json::array{"audit-checkpoint", "certificate"}}});
            }
            return Response::Json(json::object{{"keys", std::move(list)}});
          },
  });
  return routes;
}

}  // namespace zxkh::http
