// Certificates (R-EXA-12, issue 7): issuance inside the caller's
// transaction — and of a whole batch from its city-approved results in one
// (IssueForBatch) — public verification by number and holder name,
// revocation by the city, and the signed status list.
//
// Verification answers only what the holder's name and number together
// identify: a wrong name and an unknown number look the same ("not_found"),
// there is no lookup by number alone and no listing; the number's check
// character is tested before any database access.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/keyring.hpp"
#include "common/pii_cipher.hpp"
#include "domain/certificate.hpp"
#include "domain/id_document.hpp"
#include "domain/role.hpp"
#include "service/audit_service.hpp"
#include "store/certificate_repository.hpp"
#include "store/db.hpp"

namespace zxkh::service {

// What one certificate is issued for; read by the caller in its transaction.
struct IssueInput {
  int64_t institution_id = 0;
  std::string institution_code;
  std::string institution_name;
  std::optional<int64_t> registration_id;
  std::optional<int64_t> person_id;
  std::string holder_name;
  domain::IdType id_type = domain::IdType::kResidentId;
  std::string id_number;  // in clear, only to mask and hash it
  std::string project_code;
  std::string project_name;
  domain::IssueBasis basis;
};

// The public answer: "valid" | "revoked" | "not_found".
struct PublicVerification {
  std::string status;
  std::optional<store::CertificateRow> certificate;  // unless not_found
};

// The paper-certificate roster (发证名册) of one institution and year.
struct RosterQuery {
  int64_t institution_id = 0;
  std::string institution_code;  // used when institution_id is 0
  int year = 0;
  std::optional<Date> from;  // issue dates within [from, to] when given
  std::optional<Date> to;
};
struct RosterFile {
  std::string bytes;
  std::string file_name;  // e.g. 发证名册-Z370211P001-2026.xlsx
};

// The public transparency answer for a certificate: the inclusion proof of
// its issuance entry in the operation log under a signed checkpoint.
struct CertificateProof {
  std::string number;
  std::string target_type;  // "certificate"
  std::string action;       // "certificate.issue"
  InclusionProofAnswer proof;
};

// One certificate of a batch with the final score it was issued on.
struct BatchCertificate {
  store::CertificateRow certificate;
  std::optional<int> final_tenths;
};

// What batch issuance did: the certificates it issued now (in issue
// order) and how many passing registrations already had one (skipped).
struct BatchIssuance {
  int64_t batch_id = 0;
  std::vector<BatchCertificate> issued;
  int already_issued = 0;
};

// The certificates of one batch, for its readers.
struct BatchCertificates {
  int64_t batch_id = 0;
  bool results_approved = false;  // by the city
  int passing = 0;                // passing registrations (approved only)
  int pending = 0;                // of them, those without a certificate
  std::vector<BatchCertificate> certificates;  // in issue order
};

class CertificateService {
 public:
  // `keys` signs certificates and status lists; `pii` opens the holders' ID
  // numbers for batch issuance. All must outlive this.
  CertificateService(store::Database& db, const Clock& clock,
                     const Keyring& keys, const PiiCipher& pii);

  // Issues one certificate in `c` (the caller's transaction): checks the
  // basis (domain::CheckCanIssue), takes the next serial of the institution
  // and issue year and the next status index, signs the canonical record
  // with the current key, stores it and records it in the operation log.
  // Errors of CheckCanIssue pass through; AlreadyExists
  // ("certificate.already_issued") when the registration has one.
  static Result<store::CertificateRow> IssueIn(store::Connection& c,
                                               const SigningKey& key,
                                               const domain::Caller& caller,
                                               int64_t now_ms,
                                               const IssueInput& input);

  // Issues as IssueIn in a transaction of its own (tests, tools).
  Result<store::CertificateRow> Issue(const domain::Caller& caller,
                                      const IssueInput& input);

  // CITY: issues, in one transaction, a certificate to every passing
  // registration (sat, final score ≥ 60.0) of the batch's city-approved
  // results that has none yet; the others are skipped and counted, so a
  // repeat is safe. PermissionDenied("certificate.forbidden") for other
  // roles; NotFound("certificate.batch_not_found");
  // FailedPrecondition("certificate.results_not_approved"). When one
  // registration fails, nothing is issued and the error names it.
  Result<BatchIssuance> IssueForBatch(const domain::Caller& caller,
                                      int64_t batch_id);
  // The same inside the caller's transaction `c` (demo seeding).
  static Result<BatchIssuance> IssueForBatchIn(
      store::Connection& c, const SigningKey& key, const PiiCipher& pii,
      const domain::Caller& caller, int64_t now_ms, int64_t batch_id);
  // The batch's certificates with their final scores, for the institution
  // of the batch, its district, the city and the province (others in
  // scope NotFound("certificate.batch_not_found"); other roles
  // PermissionDenied("certificate.forbidden")).
  Result<BatchCertificates> ForBatch(const domain::Caller& caller,
                                     int64_t batch_id);

  // Public verification. InvalidArgument "certificate.length" |
  // "certificate.chars" | "certificate.check_char" (no lookup made) or
  // "certificate.name_required"; otherwise the answer.
  Result<PublicVerification> Verify(std::string_view number,
                                    std::string_view holder_name);

  // The city revokes (or a violation ruling does). PermissionDenied for
  // other roles; NotFound("certificate.not_found"); errors of
  // domain::CheckCanRevoke.
  Status Revoke(const domain::Caller& caller, std::string_view number,
                std::string_view reason);

  // The signed status list document (domain::SignedStatusListJson), cached:
  // rebuilt after a revocation by this process or an hour after the last
  // build; each build is valid for domain::kStatusListLifetimeMs.
  Result<std::string> StatusListJson();

  // A certificate within the caller's scope: its holder (a candidate
  // account whose person is the certificate's), the issuing institution's
  // accounts, its district, the city and the province. Anything else, and
  // an unknown number, is NotFound("certificate.not_found").
  Result<store::CertificateRow> Get(const domain::Caller& caller,
                                    std::string_view number);
  // The printable PDF of Get's certificate; `verify_url` is printed under
  // the QR code (the public verification page).
  Result<std::string> Pdf(const domain::Caller& caller, std::string_view number,
                          std::string_view verify_url);
  // The calling candidate's certificates, newest first (empty for an
  // account without a person). PermissionDenied for other roles.
  Result<std::vector<store::CertificateRow>> Mine(const domain::Caller& caller);

  // The roster as .xlsx (xlsx = true) or .pdf: number, name, masked ID,
  // project, issue date, state, by serial. The institution's own accounts,
  // its district, the city and the province; other institutions or
  // districts NotFound("certificate.institution_not_found"); other roles
  // PermissionDenied("certificate.forbidden"). InvalidArgument
  // "certificate.roster_range" for a year outside 2000–2100 or from > to.
  Result<RosterFile> Roster(const domain::Caller& caller,
                            const RosterQuery& query, bool xlsx);

  // Public: the inclusion proof of the certificate's issuance entry, when
  // number and name match as in Verify (otherwise NotFound
  // "certificate.not_found", the same for a wrong name and an unknown
  // number). NotFound("audit.not_yet_signed") while no signed checkpoint
  // covers the entry yet. Never signs a checkpoint itself.
  Result<CertificateProof> PublicProof(AuditService& audit,
                                       std::string_view number,
                                       std::string_view holder_name);

  // The QR token of a stored certificate.
  static std::string TokenOf(const store::CertificateRow& row);

 private:
  store::Database& db_;
  const Clock& clock_;
  const Keyring& keys_;
  const PiiCipher& pii_;
  std::mutex status_mu_;
  std::string status_json_;
  int64_t status_built_at_ = 0;
  bool status_stale_ = true;
};

}  // namespace zxkh::service
