// Certificates (migration 0010): numbers, the stored electronic record and
// revocation. All methods run on the caller's connection, inside the
// caller's transaction; the rules live in domain/certificate.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.hpp"
#include "domain/certificate.hpp"
#include "store/db.hpp"

namespace zxkh::store {

struct CertificateRow {
  int64_t id = 0;
  int64_t institution_id = 0;
  int serial = 0;  // the number's serial (per institution and year)
  std::optional<int64_t> registration_id;
  std::optional<int64_t> person_id;
  domain::CertificateRecord record;
  std::string signature;  // base64url
  domain::CertificateState state = domain::CertificateState::kValid;
  int64_t issued_at = 0;
  std::optional<int64_t> revoked_at;
  std::string revoke_reason;
};

class CertificateRepository {
 public:
  explicit CertificateRepository(Connection& c) : c_(c) {}

  // The next serial of `institution_id` in `year` (1, 2, …): the counter row
  // stays locked until the transaction ends, so concurrent issuers wait and
  // a rolled-back issuance gives its serial back.
  Result<int> NextSerial(int64_t institution_id, int year);
  // The next status-list index (0, 1, …), allocated the same way.
  Result<int64_t> NextStatusIndex();

  // Inserts an issued certificate; returns its id. AlreadyExists
  // ("store.unique_violation") for a second certificate of a registration.
  Result<int64_t> Insert(const CertificateRow& row, std::optional<int64_t> by);

  // NotFound("certificate.not_found").
  Result<CertificateRow> FindByNumber(std::string_view number);
  // The holder's certificates, newest first.
  Result<std::vector<CertificateRow>> ListByPerson(int64_t person_id);

  // An institution's certificates of `year` (issue dates within
  // [from, to] when given), by serial: the paper-certificate roster.
  Result<std::vector<CertificateRow>> ListByInstitutionYear(
      int64_t institution_id, int year, std::optional<Date> from,
      std::optional<Date> to);
  // The certificates of the registrations batch `batch_id` scored
  // (final_scores), in issue order.
  Result<std::vector<CertificateRow>> ListByBatch(int64_t batch_id);
  // The state of batch `batch_id`'s results ("" when it has none). With
  // `lock`, the results row stays locked until commit (a no-op update), so
  // two issuers of one batch run one after the other.
  Result<std::string> ResultsState(int64_t batch_id, bool lock);
  // What a certificate for registration `registration_id` prints of its
  // holder, and the attendance in batch `batch_id` ("" when not seated
  // there); NotFound("certificate.registration_not_found").
  struct Holder {
    std::string name;
    std::string id_type;
    std::string id_cipher;   // the encrypted ID number
    std::string attendance;  // pending | present | absent | ""
  };
  Result<Holder> HolderOf(int64_t batch_id, int64_t registration_id);
  // The district of an institution; NotFound("certificate.not_found").
  Result<std::string> DistrictOfInstitution(int64_t institution_id);
  // The person a user account stands for (users.person_id), if any.
  Result<std::optional<int64_t>> PersonOfUser(int64_t user_id);
  // The operation-log sequence number of the certificate's issuance
  // (action certificate.issue); NotFound("certificate.no_log_entry").
  Result<int64_t> IssueEntrySeq(std::string_view number);

  // Marks a certificate revoked; NotFound when absent.
  Status Revoke(int64_t id, int64_t at, std::optional<int64_t> by,
                std::string_view reason);
  // The status-list indexes of every revoked certificate, and the highest
  // index handed out (-1 when none).
  Result<std::vector<int64_t>> RevokedIndexes();
  Result<int64_t> LastStatusIndex();

 private:
  Connection& c_;
};

}  // namespace zxkh::store
