#include "store/certificate_repository.hpp"

namespace zxkh::store {
namespace {

constexpr char kColumns[] =
    "id, institution_id, registration_id, person_id, number, holder_name, "
    "id_type, id_masked, id_salt, id_hash, project_code, project_name, "
    "institution_code, institution_name, result, issue_date, key_id, "
    "status_index, signature, state, issued_at, revoked_at, revoke_reason";

Result<CertificateRow> FromRow(const Row& r) {
  CertificateRow out;
  out.id = r.Int(0);
  out.institution_id = r.Int(1);
  out.registration_id = r.OptInt(2);
  out.person_id = r.OptInt(3);
  domain::CertificateRecord& rec = out.record;
  rec.number = r.Text(4);
  rec.holder_name = r.Text(5);
  rec.id_type = r.Text(6);
  rec.id_masked = r.Text(7);
  rec.id_salt = r.Text(8);
  rec.id_hash = r.Text(9);
  rec.project_code = r.Text(10);
  rec.project_name = r.Text(11);
  rec.institution_code = r.Text(12);
  rec.institution_name = r.Text(13);
  rec.result = r.Text(14);
  ZXKH_ASSIGN_OR_RETURN(rec.issue_date, Date::Parse(r.Text(15)));
  rec.key_id = r.Text(16);
  rec.status_index = r.Int(17);
  out.signature = r.Text(18);
  out.state = r.Text(19) == "revoked" ? domain::CertificateState::kRevoked
                                      : domain::CertificateState::kValid;
  out.issued_at = r.Int(20);
  out.revoked_at = r.OptInt(21);
  out.revoke_reason = r.Text(22);
  return out;
}

Value Opt(const std::optional<int64_t>& v) { return v ? Value(*v) : Value(); }

}  // namespace

Result<int> CertificateRepository::NextSerial(int64_t institution_id,
                                              int year) {
  ZXKH_ASSIGN_OR_RETURN(
      Row r, c_.One("INSERT INTO certificate_serials (institution_id, year, "
                    "last_serial) VALUES (?, ?, 1) "
                    "ON CONFLICT (institution_id, year) DO UPDATE SET "
                    "last_serial = certificate_serials.last_serial + 1 "
                    "RETURNING last_serial",
                    {institution_id, int64_t{year}}));
  return static_cast<int>(r.Int(0));
}

Result<int64_t> CertificateRepository::NextStatusIndex() {
  ZXKH_ASSIGN_OR_RETURN(
      Row r, c_.One("INSERT INTO certificate_status_counter (id, last_index) "
                    "VALUES (1, 0) ON CONFLICT (id) DO UPDATE SET "
                    "last_index = certificate_status_counter.last_index + 1 "
                    "RETURNING last_index",
                    {}));
  return r.Int(0);
}

Result<int64_t> CertificateRepository::Insert(const CertificateRow& row,
                                              std::optional<int64_t> by) {
  const domain::CertificateRecord& rec = row.record;
  ZXKH_ASSIGN_OR_RETURN(
      Row r,
      c_.One("INSERT INTO certificates (number, institution_id, year, serial, "
             "registration_id, person_id, holder_name, id_type, id_masked, "
             "id_salt, id_hash, project_code, project_name, institution_code, "
             "institution_name, result, issue_date, key_id, status_index, "
             "signature, state, issued_at, issued_by) VALUES (?, ?, ?, ?, ?, "
             "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'valid', ?, ?) "
             "RETURNING id",
             {rec.number,
              row.institution_id,
              int64_t{rec.issue_date.year()},
              int64_t{row.serial},
              Opt(row.registration_id),
              Opt(row.person_id),
              rec.holder_name,
              rec.id_type,
              rec.id_masked,
              rec.id_salt,
              rec.id_hash,
              rec.project_code,
              rec.project_name,
              rec.institution_code,
              rec.institution_name,
              rec.result,
              rec.issue_date.ToString(),
              rec.key_id,
              rec.status_index,
              row.signature,
              row.issued_at,
              Opt(by)}));
  return r.Int(0);
}

Result<CertificateRow> CertificateRepository::FindByNumber(
    std::string_view number) {
  ZXKH_ASSIGN_OR_RETURN(Row r,
                        c_.One(std::string("SELECT ") + kColumns +
                                   " FROM certificates WHERE number = ?",
                               {std::string(number)}, "certificate.not_found"));
  return FromRow(r);
}

Result<std::vector<CertificateRow>> CertificateRepository::ListByPerson(
    int64_t person_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(std::string("SELECT ") + kColumns +
                  " FROM certificates WHERE person_id = ? ORDER BY id DESC",
              {person_id}));
  std::vector<CertificateRow> out;
  for (const Row& r : rows) {
    ZXKH_ASSIGN_OR_RETURN(CertificateRow c, FromRow(r));
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<CertificateRow>>
CertificateRepository::ListByInstitutionYear(int64_t institution_id, int year,
                                             std::optional<Date> from,
                                             std::optional<Date> to) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(std::string("SELECT ") + kColumns +
                  " FROM certificates WHERE institution_id = ? AND year = ? "
                  "AND issue_date >= ? AND issue_date <= ? ORDER BY serial",
              {institution_id, int64_t{year},
               from ? from->ToString() : std::string("0000-00-00"),
               to ? to->ToString() : std::string("9999-99-99")}));
  std::vector<CertificateRow> out;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    ZXKH_ASSIGN_OR_RETURN(CertificateRow c, FromRow(r));
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<CertificateRow>> CertificateRepository::ListByBatch(
    int64_t batch_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows(std::string("SELECT ") + kColumns +
                  " FROM certificates WHERE registration_id IN (SELECT "
                  "registration_id FROM final_scores WHERE batch_id = ?) "
                  "ORDER BY id",
              {batch_id}));
  std::vector<CertificateRow> out;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    ZXKH_ASSIGN_OR_RETURN(CertificateRow c, FromRow(r));
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::string> CertificateRepository::DistrictOfInstitution(
    int64_t institution_id) {
  ZXKH_ASSIGN_OR_RETURN(
      Row r, c_.One("SELECT district_code FROM institutions WHERE id = ?",
                    {institution_id}, "certificate.not_found"));
  return r.Text(0);
}

Result<std::optional<int64_t>> CertificateRepository::PersonOfUser(
    int64_t user_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT person_id FROM users WHERE id = ?", {user_id}));
  if (rows.empty()) return std::optional<int64_t>();
  return rows.front().OptInt(0);
}

Result<std::string> CertificateRepository::ResultsState(int64_t batch_id,
                                                        bool lock) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      lock ? c_.Rows("UPDATE batch_results SET state = state WHERE "
                     "batch_id = ? RETURNING state",
                     {batch_id})
           : c_.Rows("SELECT state FROM batch_results WHERE batch_id = ?",
                     {batch_id}));
  return rows.empty() ? std::string() : rows.front().Text(0);
}

Result<CertificateRepository::Holder> CertificateRepository::HolderOf(
    int64_t batch_id, int64_t registration_id) {
  ZXKH_ASSIGN_OR_RETURN(
      Row h,
      c_.One("SELECT p.name, p.id_type, p.id_cipher, COALESCE((SELECT "
             "bsc.attendance FROM batch_session_candidates bsc JOIN "
             "batch_sessions s ON s.id = bsc.session_id WHERE s.batch_id = ? "
             "AND bsc.registration_id = r.id), '') FROM registrations r "
             "JOIN persons p ON p.id = r.person_id WHERE r.id = ?",
             {batch_id, registration_id},
             "certificate.registration_not_found"));
  return Holder{h.Text(0), h.Text(1), h.Text(2), h.Text(3)};
}

Result<int64_t> CertificateRepository::IssueEntrySeq(std::string_view number) {
  ZXKH_ASSIGN_OR_RETURN(
      Row r, c_.One("SELECT seq FROM audit_log WHERE action = "
                    "'certificate.issue' AND target_type = 'certificate' AND "
                    "target_id = ? ORDER BY seq LIMIT 1",
                    {std::string(number)}, "certificate.no_log_entry"));
  return r.Int(0);
}

Status CertificateRepository::Revoke(int64_t id, int64_t at,
                                     std::optional<int64_t> by,
                                     std::string_view reason) {
  ZXKH_ASSIGN_OR_RETURN(
      int64_t n,
      c_.Exec("UPDATE certificates SET state = 'revoked', revoked_at = ?, "
              "revoked_by = ?, revoke_reason = ? WHERE id = ? AND state = "
              "'valid'",
              {at, Opt(by), std::string(reason), id}));
  if (n != 1) {
    return Status::NotFound("certificate.not_found", "证书不存在或已撤销");
  }
  return Status::Ok();
}

Result<std::vector<int64_t>> CertificateRepository::RevokedIndexes() {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT status_index FROM certificates WHERE state = 'revoked'",
              {}));
  std::vector<int64_t> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(r.Int(0));
  return out;
}

Result<int64_t> CertificateRepository::LastStatusIndex() {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      c_.Rows("SELECT last_index FROM certificate_status_counter WHERE id = 1",
              {}));
  return rows.empty() ? int64_t{-1} : rows.front().Int(0);
}

}  // namespace zxkh::store
