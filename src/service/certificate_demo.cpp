// Demo certificates (issue 7): a few certificates of Z370211P001 and
// Z370212Q001 for the demo candidates, so "我的证书", the verification page
// and the paper-certificate roster show something; one is revoked with a
// reason.
//
// The basis flags are set as an approved passing result would set them.
// Real issuance reads them from issue 6's city-approved results (scoring),
// in the same transaction; this demo only stands in for that step.
#include <string>

#include "common/validators.hpp"
#include "service/certificate_service.hpp"
#include "service/demo_data.hpp"

namespace zxkh::service {
namespace {

using store::Connection;

struct DemoCertificate {
  const char* username;  // the holder's candidate account
  const char* id17;      // first 17 digits of the holder's ID number
  const char* institution_code;
  const char* project_code;
  int score_tenths;
};

constexpr DemoCertificate kDemoCertificates[] = {
    {"13800000001", "37021119980315002", "Z370211P001", "ZX01001", 856},
    {"13800000002", "37028319850722003", "Z370212Q001", "ZX01004", 723},
    {"13800000003", "37020219700101004", "Z370211P001", "ZX01001", 641},
};

}  // namespace

Status SeedDemoCertificates(Connection& c, const Clock& clock,
                            const SigningKey& key) {
  domain::Caller city;
  city.role = domain::Role::kCity;
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<store::Row> city_rows,
      c.Rows("SELECT id FROM users WHERE username = 'city'", {}));
  if (city_rows.empty()) return Status::Ok();  // no demo accounts
  city.user_id = city_rows.front().Int(0);
  const int64_t now = clock.NowUnixMillis();
  std::string revoke_number;
  for (const DemoCertificate& d : kDemoCertificates) {
    ZXKH_ASSIGN_OR_RETURN(
        std::vector<store::Row> holder,
        c.Rows("SELECT u.person_id, p.name FROM users u JOIN persons p ON "
               "p.id = u.person_id WHERE u.username = ?",
               {std::string(d.username)}));
    ZXKH_ASSIGN_OR_RETURN(
        std::vector<store::Row> inst,
        c.Rows("SELECT id, name FROM institutions WHERE code = ?",
               {std::string(d.institution_code)}));
    ZXKH_ASSIGN_OR_RETURN(
        std::vector<store::Row> project,
        c.Rows("SELECT name FROM catalog_projects WHERE code = ?",
               {std::string(d.project_code)}));
    if (holder.empty() || inst.empty() || project.empty()) continue;
    IssueInput in;
    in.institution_id = inst.front().Int(0);
    in.institution_code = d.institution_code;
    in.institution_name = inst.front().Text(1);
    in.person_id = holder.front().Int(0);
    in.holder_name = holder.front().Text(1);
    in.id_number = std::string(d.id17) + ResidentIdCheckChar(d.id17);
    in.project_code = d.project_code;
    in.project_name = project.front().Text(0);
    // As a city-approved passing result (issue 6) would set them.
    in.basis.results_city_approved = true;
    in.basis.sat = true;
    in.basis.score_tenths = d.score_tenths;
    ZXKH_ASSIGN_OR_RETURN(store::CertificateRow row,
                          CertificateService::IssueIn(c, key, city, now, in));
    revoke_number = row.record.number;
  }
  if (revoke_number.empty()) return Status::Ok();
  // The last one is revoked, to show the revoked answer.
  store::CertificateRepository repo(c);
  ZXKH_ASSIGN_OR_RETURN(store::CertificateRow last,
                        repo.FindByNumber(revoke_number));
  const std::string reason = "考核过程违规，经查实依法撤销（演示）";
  ZXKH_RETURN_IF_ERROR(repo.Revoke(last.id, now, city.user_id, reason));
  return AuditService::Record(c, city, now, "certificate.revoke", "certificate",
                              revoke_number, "valid → revoked", std::nullopt,
                              last.institution_id);
}

}  // namespace zxkh::service
