// Certificates (issue 7): public verification, the signed status list, and
// revocation by the city.
#include <boost/json.hpp>

#include "common/clock.hpp"
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

}  // namespace

std::vector<Route> CertificateRoutes(service::CertificateService& certs) {
  std::vector<Route> routes;
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
