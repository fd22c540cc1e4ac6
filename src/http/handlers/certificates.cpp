// Certificates (issue 7): public verification, the signed status list,
// revocation by the city, and issuance of a batch from its city-approved
// results.
#include <boost/json.hpp>

#include "common/clock.hpp"
#include "domain/scoring.hpp"
#include "http/download.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/json_out.hpp"
#include "http/query.hpp"
#include "service/certificate_service.hpp"

namespace zxkh::http {
namespace {

namespace json = boost::json;

const json::value kRevokeSchema = json::parse(R"({
  "type": "object", "additionalProperties": false, "required": ["reason"],
  "properties": {"reason": {"type": "string", "minLength": 1, "maxLength": 500}}
})");

json::object VerificationJson(const service::PublicVerification& v) {
  json::object o{{"status", v.status}};
  if (!v.certificate) return o;
  const store::CertificateRow& c = *v.certificate;
  const domain::CertificateRecord& r = c.record;
  o["number"] = r.number;
  o["holder_name"] = r.holder_name;
  o["id_masked"] = r.id_masked;
  o["project"] =
      json::object{{"code", r.project_code}, {"name", r.project_name}};
  o["institution"] =
      json::object{{"code", r.institution_code}, {"name", r.institution_name}};
  o["result"] = r.result;
  o["issue_date"] = r.issue_date.ToString();
  if (c.state == domain::CertificateState::kRevoked) {
    o["revoked_on"] = c.revoked_at
                          ? json::value(Clock::DateOf(*c.revoked_at).ToString())
                          : json::value(nullptr);
    o["revoke_reason"] = c.revoke_reason;
  }
  return o;
}

json::object MineJson(const store::CertificateRow& c) {
  const domain::CertificateRecord& r = c.record;
  json::object o{
      {"number", r.number},
      {"holder_name", r.holder_name},
      {"id_masked", r.id_masked},
      {"project",
       json::object{{"code", r.project_code}, {"name", r.project_name}}},
      {"institution", json::object{{"code", r.institution_code},
                                   {"name", r.institution_name}}},
      {"result", r.result},
      {"issue_date", r.issue_date.ToString()},
      {"state", domain::CertificateStateName(c.state)},
  };
  if (c.state == domain::CertificateState::kRevoked) {
    o["revoked_on"] = c.revoked_at
                          ? json::value(Clock::DateOf(*c.revoked_at).ToString())
                          : json::value(nullptr);
    o["revoke_reason"] = c.revoke_reason;
  }
  return o;
}

// A certificate of a batch: MineJson plus the final score it rests on.
json::object BatchCertificateJson(const service::BatchCertificate& b) {
  json::object o = MineJson(b.certificate);
  o["final_score"] = b.final_tenths
                         ? json::value(domain::FormatTenths(*b.final_tenths))
                         : json::value(nullptr);
  return o;
}

json::array BatchCertificatesJson(
    const std::vector<service::BatchCertificate>& list) {
  json::array items;
  for (const auto& b : list) items.push_back(BatchCertificateJson(b));
  return items;
}

// Every field the entry hash covers, so a verifier recomputes it.
json::object EntryJson(const domain::AuditEntry& e) {
  return json::object{
      {"seq", e.seq},
      {"at", e.at},
      {"user_id", e.user_id},
      {"role", e.role},
      {"action", e.action},
      {"target_type", e.target_type},
      {"target_id", e.target_id},
      {"summary", e.summary},
      {"request_id", e.request_id},
      {"district_code",
       e.district_code ? json::value(*e.district_code) : json::value(nullptr)},
      {"institution_id", e.institution_id ? json::value(*e.institution_id)
                                          : json::value(nullptr)},
      {"prev_hash", e.prev_hash},
      {"entry_hash", e.entry_hash},
  };
}

Response FileAnswer(std::string bytes, std::string_view type,
                    const std::string& file_name) {
  Response r = Response::Text(std::move(bytes), std::string(type));
  r.headers.emplace_back("Content-Disposition",
                         AttachmentDisposition(file_name));
  r.headers.emplace_back("Cache-Control", "private, no-store");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

// An optional date query parameter: nullopt when absent.
Result<std::optional<Date>> OptDate(const Request& req, std::string_view name) {
  auto text = TextQuery(req, name);
  if (!text.ok()) return text.status();
  if (text->empty()) return std::optional<Date>();
  auto d = DateQuery(req, name);
  if (!d.ok()) return d.status();
  return std::optional<Date>(*d);
}

}  // namespace

std::vector<Route> CertificateRoutes(service::CertificateService& certs,
                                     service::AuditService& audit,
                                     std::string public_base_url) {
  std::vector<Route> routes;
  const std::string verify_url = public_base_url + "/verify";
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/certificates/{number}/pdf",
      .policy = Policy::Roles({domain::Role::kCandidate, domain::Role::kCity,
                               domain::Role::kProvince, domain::Role::kDistrict,
                               domain::Role::kInstitutionAdmin,
                               domain::Role::kInstitutionOperator}),
      .tag = "certificates",
      .summary = "下载电子证书 PDF（持证人本人、发证机构、所在区、市）",
      .handler =
          [&certs, verify_url](const Request& req) {
            const std::string& number = req.path_params.at("number");
            auto pdf = certs.Pdf(req.caller, number, verify_url);
            if (!pdf.ok()) return Response::Problem(pdf.status());
            return FileAnswer(std::move(pdf).value(), kPdfType,
                              "专项职业能力证书-" + number + ".pdf");
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/my/certificates",
      .policy = Policy::Roles({domain::Role::kCandidate}),
      .tag = "certificates",
      .summary = "我的证书（考生本人，最新的在前）",
      .handler =
          [&certs](const Request& req) {
            auto list = certs.Mine(req.caller);
            if (!list.ok()) return Response::Problem(list.status());
            json::array items;
            for (const auto& c : *list) items.push_back(MineJson(c));
            return Response::Json(json::object{{"items", std::move(items)}});
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/certificates/roster",
      .policy = Policy::Roles({domain::Role::kCity, domain::Role::kProvince,
                               domain::Role::kDistrict,
                               domain::Role::kInstitutionAdmin,
                               domain::Role::kInstitutionOperator}),
      .tag = "certificates",
      .summary = "发证名册（按机构与年度，可限发证日期；xlsx 或 pdf）",
      .query_params = {{"institution_id", "integer",
                        "考核机构（机构账号可省略，为本机构）"},
                       {"institution", "string",
                        "考核机构代码（代替 institution_id）"},
                       {"year", "integer", "发证年度"},
                       {"from", "string", "发证日期起（YYYY-MM-DD，可选）"},
                       {"to", "string", "发证日期止（YYYY-MM-DD，可选）"},
                       {"format", "string", "xlsx（默认）或 pdf"}},
      .handler =
          [&certs](const Request& req) {
            service::RosterQuery q;
            const int own = req.caller.institution_id
                                ? static_cast<int>(*req.caller.institution_id)
                                : 0;
            auto inst = IntQuery(req, "institution_id", own, 1, 2000000000);
            if (!inst.ok()) return Response::Problem(inst.status());
            q.institution_id = *inst;
            auto code = TextQuery(req, "institution");
            if (!code.ok()) return Response::Problem(code.status());
            if (!code->empty()) {
              q.institution_id = 0;
              q.institution_code = *code;
            }
            auto year = IntQuery(req, "year", 0, 2000, 2100);
            if (!year.ok()) return Response::Problem(year.status());
            q.year = *year;
            auto from = OptDate(req, "from");
            if (!from.ok()) return Response::Problem(from.status());
            auto to = OptDate(req, "to");
            if (!to.ok()) return Response::Problem(to.status());
            q.from = *from;
            q.to = *to;
            auto format = TextQuery(req, "format");
            if (!format.ok()) return Response::Problem(format.status());
            if (!format->empty() && *format != "xlsx" && *format != "pdf") {
              return Response::Problem(Status::InvalidArgument(
                  "request.invalid_query", "format 只能是 xlsx 或 pdf",
                  "format"));
            }
            const bool xlsx = *format != "pdf";
            auto file = certs.Roster(req.caller, q, xlsx);
            if (!file.ok()) return Response::Problem(file.status());
            return FileAnswer(std::move(file->bytes),
                              xlsx ? kXlsxType : kPdfType, file->file_name);
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/batches/{id}/certificates",
      .policy = Policy::Roles({domain::Role::kCity}),
      .tag = "certificates",
      .summary = "按市级审核通过的考核结果颁发本批次证书（一个事务；"
                 "已发证的报名跳过，可重复执行）",
      .handler =
          [&certs](const Request& req) {
            auto id = IntPathParam(req, "id", 1, 2000000000);
            if (!id.ok()) return Response::Problem(id.status());
            auto done = certs.IssueForBatch(req.caller, *id);
            if (!done.ok()) return Response::Problem(done.status());
            return Response::Json(
                json::object{{"batch_id", done->batch_id},
                             {"issued", done->issued.size()},
                             {"already_issued", done->already_issued},
                             {"items", BatchCertificatesJson(done->issued)}});
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/batches/{id}/certificates",
      .policy = Policy::Roles({domain::Role::kCity, domain::Role::kProvince,
                               domain::Role::kDistrict,
                               domain::Role::kInstitutionAdmin,
                               domain::Role::kInstitutionOperator}),
      .tag = "certificates",
      .summary = "本批次已颁发的证书（本机构、所在区、市、省）",
      .handler =
          [&certs](const Request& req) {
            auto id = IntPathParam(req, "id", 1, 2000000000);
            if (!id.ok()) return Response::Problem(id.status());
            auto list = certs.ForBatch(req.caller, *id);
            if (!list.ok()) return Response::Problem(list.status());
            return Response::Json(json::object{
                {"batch_id", list->batch_id},
                {"results_approved", list->results_approved},
                {"passing", list->passing},
                {"pending", list->pending},
                {"items", BatchCertificatesJson(list->certificates)}});
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/public/certificates/{number}/proof",
      .policy = Policy::Public(),
      .tag = "certificates",
      .summary = "证书发放记录的透明性证明：操作日志包含证明与签名检查点（编号"
                 "与姓名须相符；"
                 "尚未纳入检查点时答 404 audit.not_yet_signed）",
      .query_params = {{"name", "string", "持证人姓名（必填）"}},
      .rate_limit = {.per_minute = 60, .burst = 20},
      .handler =
          [&certs, &audit](const Request& req) {
            auto name = TextQuery(req, "name");
            if (!name.ok()) return Response::Problem(name.status());
            auto p =
                certs.PublicProof(audit, req.path_params.at("number"), *name);
            if (!p.ok()) return Response::Problem(p.status());
            const service::InclusionProofAnswer& proof = p->proof;
            json::array path;
            for (const auto& h : proof.audit_path)
              path.push_back(json::string(h));
            const domain::Checkpoint& cp = proof.checkpoint;
            Response r = Response::Json(json::object{
                {"number", p->number},
                {"action", p->action},
                {"target_type", p->target_type},
                {"seq", proof.seq},
                {"leaf_index", proof.leaf_index},
                {"entry_hash", proof.entry_hash},
                {"leaf_hash", proof.leaf_hash},
                {"audit_path", std::move(path)},
                {"entry", EntryJson(proof.entry)},
                {"checkpoint",
                 json::object{{"tree_size", cp.tree_size},
                              {"root_hash", cp.root_hash},
                              {"signed_at", Clock::FormatIso(cp.signed_at)},
                              {"signed_at_ms", cp.signed_at},
                              {"key_id", cp.key_id},
                              {"signature", cp.signature}}},
            });
            r.headers.emplace_back("Cache-Control", "no-store");
            return r;
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/public/certificates/{number}",
      .policy = Policy::Public(),
      .tag = "certificates",
      .summary =
          "证书核验：证书编号与持证人姓名须同时相符（不支持仅凭编号查询）",
      .query_params = {{"name", "string", "持证人姓名（必填）"}},
      // Enumerating numbers for a name is slowed per address.
      .rate_limit = {.per_minute = 60, .burst = 20},
      .handler =
          [&certs](const Request& req) {
            auto name = TextQuery(req, "name");
            if (!name.ok()) return Response::Problem(name.status());
            auto v = certs.Verify(req.path_params.at("number"), *name);
            if (!v.ok()) return Response::Problem(v.status());
            Response r = Response::Json(VerificationJson(*v));
            r.headers.emplace_back("Cache-Control", "no-store");
            return r;
          },
  });
  routes.push_back(Route{
      .method = Verb::get,
      .pattern = "/api/public/certificate-status",
      .policy = Policy::Public(),
      .tag = "certificates",
      .summary = "证书状态列表（已签名，gzip+base64url 位串，供离线核验）",
      .handler =
          [&certs](const Request&) {
            auto list = certs.StatusListJson();
            if (!list.ok()) return Response::Problem(list.status());
            return Response::Text(*list, "application/json; charset=utf-8");
          },
  });
  routes.push_back(Route{
      .method = Verb::post,
      .pattern = "/api/certificates/{number}/revoke",
      .policy = Policy::Roles({domain::Role::kCity}),
      .tag = "certificates",
      .summary = "撤销证书（须填写原因）",
      .request_schema = kRevokeSchema,
      .handler =
          [&certs](const Request& req) {
            const std::string reason(
                req.json->as_object().at("reason").as_string());
            Status st =
                certs.Revoke(req.caller, req.path_params.at("number"), reason);
            if (!st.ok()) return Response::Problem(st);
            return Response::Json(json::object{{"status", "revoked"}});
          },
  });
  return routes;
}

}  // namespace zxkh::http
