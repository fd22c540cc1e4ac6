#include "service/certificate_service.hpp"

#include <map>
#include <set>

#include "common/codes.hpp"
#include "common/crypto.hpp"
#include "common/status_list.hpp"
#include "common/text.hpp"
#include "docs/certificate_pdf.hpp"
#include "docs/pdf.hpp"
#include "docs/xlsx_writer.hpp"
#include "domain/certificate_verification.hpp"
#include "service/audit_service.hpp"
#include "service/permissions.hpp"
#include "service/scoring_service.hpp"
#include "store/batch_repository.hpp"
#include "store/catalog_repository.hpp"
#include "store/institution_repository.hpp"

namespace zxkh::service {
namespace {

constexpr int64_t kStatusRebuildMs = 3600LL * 1000;

std::string NameKey(std::string_view name) {
  // Names are compared as typed, apart from surrounding and inner spaces
  // ("张 三" and "张三" are one name on paper).
  std::string out;
  for (char ch : TrimSpace(name)) {
    if (ch != ' ') out += ch;
  }
  return out;
}

using domain::Role;

Status NotFoundCert() {
  return Status::NotFound("certificate.not_found", "证书不存在");
}

// Whether `caller` (not a candidate) may see the certificates of
// `institution_id`, whose district is `district`.
bool InstitutionInScope(const domain::Caller& caller, int64_t institution_id,
                        const std::string& district) {
  switch (caller.role) {
    case Role::kCity:
    case Role::kProvince:
      return true;
    case Role::kDistrict:
      return caller.district_code && *caller.district_code == district;
    case Role::kInstitutionAdmin:
    case Role::kInstitutionOperator:
      return caller.institution_id && *caller.institution_id == institution_id;
    default:
      return false;
  }
}

Status BatchNotFound() {
  return Status::NotFound("certificate.batch_not_found", "考核批次不存在");
}

// `s` with `prefix` before its message (same code and kind).
Status Prefixed(const Status& s, const std::string& prefix) {
  std::string m = prefix + s.message();
  switch (s.status_code()) {
    case StatusCode::kInvalidArgument:
      return Status::InvalidArgument(s.code(), m, s.field());
    case StatusCode::kNotFound:
      return Status::NotFound(s.code(), m);
    case StatusCode::kAlreadyExists:
      return Status::AlreadyExists(s.code(), m, s.field());
    case StatusCode::kFailedPrecondition:
      return Status::FailedPrecondition(s.code(), m);
    case StatusCode::kUnavailable:
      return Status::Unavailable(s.code(), m);  // retried as a whole
    default:
      return Status::Internal(s.code(), m);
  }
}

// The batch `batch_id` when `caller` (not a candidate) may read it.
Result<store::BatchRow> BatchInScope(store::Connection& c,
                                     const domain::Caller& caller,
                                     int64_t batch_id) {
  auto b = store::BatchRepository(c).Get(batch_id);
  if (!b.ok()) {
    return b.status().status_code() == StatusCode::kNotFound ? BatchNotFound()
                                                             : b.status();
  }
  if (!InstitutionInScope(caller, b->institution_id, b->district_code)) {
    return BatchNotFound();  // outside the scope looks like absent
  }
  return std::move(b).value();
}

// The final scores of the batch's passing registrations of approved
// results, by registration.
Result<std::map<int64_t, int>> PassingScores(store::Connection& c,
                                             int64_t batch_id) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<PassingRegistration> passing,
      ScoringService::ApprovedPassingRegistrationsIn(c, batch_id));
  std::map<int64_t, int> out;
  for (const PassingRegistration& p : passing) {
    out[p.registration_id] = p.final_tenths;
  }
  return out;
}

}  // namespace

CertificateService::CertificateService(store::Database& db, const Clock& clock,
                                       const Keyring& keys,
                                       const PiiCipher& pii)
    : db_(db), clock_(clock), keys_(keys), pii_(pii) {}

Result<store::CertificateRow> CertificateService::IssueIn(
    store::Connection& c, const SigningKey& key, const domain::Caller& caller,
    int64_t now_ms, const IssueInput& in) {
  ZXKH_RETURN_IF_ERROR(domain::CheckCanIssue(in.basis));
  store::CertificateRepository repo(c);
  const Date today = Clock::DateOf(now_ms);
  ZXKH_ASSIGN_OR_RETURN(int serial,
                        repo.NextSerial(in.institution_id, today.year()));
  ZXKH_ASSIGN_OR_RETURN(
      std::string number,
      FormatCertificateNumber(in.institution_code, today.year(), serial));
  ZXKH_ASSIGN_OR_RETURN(int64_t index, repo.NextStatusIndex());

  store::CertificateRow row;
  row.institution_id = in.institution_id;
  row.serial = serial;
  row.registration_id = in.registration_id;
  row.person_id = in.person_id;
  row.issued_at = now_ms;
  domain::CertificateRecord& rec = row.record;
  rec.number = number;
  rec.holder_name = std::string(TrimSpace(in.holder_name));
  rec.id_type = std::string(domain::IdTypeName(in.id_type));
  rec.id_masked = MaskIdNumber(AsciiUpper(TrimSpace(in.id_number)));
  rec.id_salt = Base64UrlEncode(RandomBytes(16));
  rec.id_hash = domain::IdNumberHash(rec.id_salt, in.id_number);
  rec.project_code = in.project_code;
  rec.project_name = in.project_name;
  rec.institution_code = in.institution_code;
  rec.institution_name = in.institution_name;
  rec.result = "合格";
  rec.issue_date = today;
  rec.key_id = key.key_id();
  rec.status_index = index;
  row.signature = Base64UrlEncode(key.Sign(domain::CanonicalJson(rec)));

  auto id = repo.Insert(
      row, caller.user_id ? std::optional(caller.user_id) : std::nullopt);
  if (!id.ok()) {
    if (id.status().code() == "store.unique_violation") {
      return Status::AlreadyExists("certificate.already_issued",
                                   "该报名已发放证书，同一报名只能发一张证书");
    }
    return id.status();
  }
  row.id = *id;
  ZXKH_RETURN_IF_ERROR(AuditService::Record(
      c, caller, now_ms, "certificate.issue", "certificate", number,
      "发证 状态序号 " + std::to_string(index), std::nullopt,
      in.institution_id));
  return row;
}

Result<store::CertificateRow> CertificateService::Issue(
    const domain::Caller& caller, const IssueInput& input) {
  const SigningKey* key = keys_.current();
  if (!key) {
    return Status::FailedPrecondition("certificate.no_signing_key",
                                      "服务器没有签名密钥，无法发证");
  }
  return db_.InTransaction(
      store::Database::Mode::kWrite, [&](store::Connection& c) {
        return IssueIn(c, *key, caller, clock_.NowUnixMillis(), input);
      });
}

Result<BatchIssuance> CertificateService::IssueForBatch(
    const domain::Caller& caller, int64_t batch_id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {Role::kCity}));
  const SigningKey* key = keys_.current();
  if (!key) {
    return Status::FailedPrecondition("certificate.no_signing_key",
                                      "服务器没有签名密钥，无法发证");
  }
  return db_.InTransaction(
      store::Database::Mode::kWrite, [&](store::Connection& c) {
        return IssueForBatchIn(c, *key, pii_, caller, clock_.NowUnixMillis(),
                               batch_id);
      });
}

Result<BatchIssuance> CertificateService::IssueForBatchIn(
    store::Connection& c, const SigningKey& key, const PiiCipher& pii,
    const domain::Caller& caller, int64_t now_ms, int64_t batch_id) {
  if (caller.role != Role::kCity) {
    return Status::PermissionDenied("certificate.forbidden",
                                    "只有市人社局可以颁发证书");
  }
  ZXKH_ASSIGN_OR_RETURN(store::BatchRow batch,
                        BatchInScope(c, caller, batch_id));
  store::CertificateRepository repo(c);
  // Locked until commit: a second issuer of this batch waits, then sees the
  // first one's certificates and skips them.
  ZXKH_ASSIGN_OR_RETURN(std::string state,
                        repo.ResultsState(batch_id, /*lock=*/true));
  const bool approved =
      state == domain::ResultsStateName(domain::ResultsState::kApproved);
  if (!approved) {
    return domain::CheckCanIssue({.results_city_approved = false});
  }
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<PassingRegistration> passing,
      ScoringService::ApprovedPassingRegistrationsIn(c, batch_id));
  ZXKH_ASSIGN_OR_RETURN(std::vector<store::CertificateRow> existing,
                        repo.ListByBatch(batch_id));
  std::set<int64_t> issued_before;
  for (const store::CertificateRow& r : existing) {
    if (r.registration_id) issued_before.insert(*r.registration_id);
  }
  ZXKH_ASSIGN_OR_RETURN(
      store::InstitutionRow inst,
      store::InstitutionRepository(c).Get(batch.institution_id));
  ZXKH_ASSIGN_OR_RETURN(domain::CatalogProject project,
                        store::CatalogRepository(c).Get(batch.project_code));

  BatchIssuance out;
  out.batch_id = batch_id;
  for (const PassingRegistration& p : passing) {
    if (issued_before.count(p.registration_id)) {
      ++out.already_issued;
      continue;
    }
    // The holder and whether they sat this batch's exam.
    ZXKH_ASSIGN_OR_RETURN(store::CertificateRepository::Holder h,
                          repo.HolderOf(batch_id, p.registration_id));
    const std::string who =
        "报名 " + std::to_string(p.registration_id) + "（" + h.name + "）：";
    auto id_number = pii.Decrypt(h.id_cipher);
    if (!id_number.ok()) {
      return Status::FailedPrecondition("certificate.holder_id_unreadable",
                                        who + "无法读取持证人的证件号码");
    }
    IssueInput in;
    in.institution_id = batch.institution_id;
    in.institution_code = inst.code.value_or("");
    in.institution_name = inst.name;
    in.registration_id = p.registration_id;
    in.person_id = p.person_id;
    in.holder_name = h.name;
    in.id_type = h.id_type == domain::IdTypeName(domain::IdType::kResidentId)
                     ? domain::IdType::kResidentId
                     : domain::IdType::kOther;
    in.id_number = std::move(id_number).value();
    in.project_code = batch.project_code;
    in.project_name = project.name;
    in.basis.results_city_approved = approved;
    in.basis.sat = h.attendance == "present";
    in.basis.score_tenths = p.final_tenths;
    auto row = IssueIn(c, key, caller, now_ms, in);
    if (!row.ok()) return Prefixed(row.status(), who);
    out.issued.push_back({std::move(row).value(), p.final_tenths});
  }
  if (!out.issued.empty()) {
    ZXKH_RETURN_IF_ERROR(AuditService::Record(
        c, caller, now_ms, "certificate.issue_batch", "batch",
        std::to_string(batch_id),
        "批次发证 " + std::to_string(out.issued.size()) + " 本（此前已发 " +
            std::to_string(out.already_issued) + " 本）",
        batch.district_code, batch.institution_id));
  }
  return out;
}

Result<BatchCertificates> CertificateService::ForBatch(
    const domain::Caller& caller, int64_t batch_id) {
  ZXKH_RETURN_IF_ERROR(RequireRole(
      caller, {Role::kCity, Role::kProvince, Role::kDistrict,
               Role::kInstitutionAdmin, Role::kInstitutionOperator}));
  return db_.InTransaction(
      store::Database::Mode::kRead,
      [&](store::Connection& c) -> Result<BatchCertificates> {
        ZXKH_RETURN_IF_ERROR(BatchInScope(c, caller, batch_id).status());
        ZXKH_ASSIGN_OR_RETURN(std::string state,
                              store::CertificateRepository(c).ResultsState(
                                  batch_id, /*lock=*/false));
        BatchCertificates out;
        out.batch_id = batch_id;
        out.results_approved =
            state == domain::ResultsStateName(domain::ResultsState::kApproved);
        ZXKH_ASSIGN_OR_RETURN(auto scores, PassingScores(c, batch_id));
        out.passing = static_cast<int>(scores.size());
        ZXKH_ASSIGN_OR_RETURN(
            std::vector<store::CertificateRow> rows,
            store::CertificateRepository(c).ListByBatch(batch_id));
        out.pending = out.passing;
        for (store::CertificateRow& r : rows) {
          std::optional<int> score;
          if (r.registration_id && scores.count(*r.registration_id)) {
            score = scores.at(*r.registration_id);
            --out.pending;
          }
          out.certificates.push_back({std::move(r), score});
        }
        return out;
      });
}

Result<PublicVerification> CertificateService::Verify(
    std::string_view number, std::string_view holder_name) {
  // Typing errors are caught before any lookup.
  const std::string normalized = AsciiUpper(TrimSpace(number));
  ZXKH_RETURN_IF_ERROR(ValidateCertificateNumber(normalized));
  const std::string name = NameKey(holder_name);
  if (name.empty()) {
    return Status::InvalidArgument("certificate.name_required",
                                   "请输入持证人姓名", "name");
  }
  ZXKH_ASSIGN_OR_RETURN(
      std::optional<store::CertificateRow> found,
      db_.InTransaction(
          store::Database::Mode::kOneStatementRead,
          [&](store::Connection& c)
              -> Result<std::optional<store::CertificateRow>> {
            auto row = store::CertificateRepository(c).FindByNumber(normalized);
            if (!row.ok()) {
              if (row.status().status_code() == StatusCode::kNotFound) {
                return std::optional<store::CertificateRow>();
              }
              return row.status();
            }
            return std::optional(std::move(row).value());
          }));
  PublicVerification out;
  // A wrong name answers exactly like an unknown number.
  if (!found || !ConstantTimeEquals(NameKey(found->record.holder_name), name)) {
    out.status = "not_found";
    return out;
  }
  out.status = std::string(domain::CertificateStateName(found->state));
  out.certificate = std::move(found);
  return out;
}

Status CertificateService::Revoke(const domain::Caller& caller,
                                  std::string_view number,
                                  std::string_view reason) {
  if (caller.role != domain::Role::kCity) {
    return Status::PermissionDenied("certificate.forbidden",
                                    "只有市人社局可以撤销证书");
  }
  const int64_t now = clock_.NowUnixMillis();
  ZXKH_RETURN_IF_ERROR(db_.Transact(
      store::Database::Mode::kWrite, [&](store::Connection& c) -> Status {
        store::CertificateRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(store::CertificateRow row,
                              repo.FindByNumber(AsciiUpper(TrimSpace(number))));
        ZXKH_RETURN_IF_ERROR(domain::CheckCanRevoke(row.state, reason));
        ZXKH_RETURN_IF_ERROR(repo.Revoke(row.id, now, caller.user_id,
                                         std::string(TrimSpace(reason))));
        return AuditService::Record(c, caller, now, "certificate.revoke",
                                    "certificate", row.record.number,
                                    "valid → revoked", std::nullopt,
                                    row.institution_id);
      }));
  std::lock_guard lock(status_mu_);
  status_stale_ = true;
  return Status::Ok();
}

Result<std::string> CertificateService::StatusListJson() {
  const int64_t now = clock_.NowUnixMillis();
  std::lock_guard lock(status_mu_);
  if (!status_stale_ && now - status_built_at_ < kStatusRebuildMs) {
    return status_json_;
  }
  const SigningKey* key = keys_.current();
  if (!key) {
    return Status::FailedPrecondition("certificate.no_signing_key",
                                      "服务器没有签名密钥");
  }
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<int64_t> revoked,
      db_.InTransaction(store::Database::Mode::kRead, [](store::Connection& c) {
        return store::CertificateRepository(c).RevokedIndexes();
      }));
  StatusList bits;
  for (int64_t i : revoked) bits.Set(static_cast<std::size_t>(i));
  domain::StatusListStatement s{now, now + domain::kStatusListLifetimeMs,
                                bits.Encode(), key->key_id()};
  status_json_ = domain::SignedStatusListJson(
      s, key->Sign(domain::StatusListSigningInput(s)));
  status_built_at_ = now;
  status_stale_ = false;
  return status_json_;
}

Result<store::CertificateRow> CertificateService::Get(
    const domain::Caller& caller, std::string_view number) {
  if (caller.role == Role::kPublic) {
    return Status::Unauthenticated("auth.unauthenticated", "请先登录");
  }
  const std::string normalized = AsciiUpper(TrimSpace(number));
  if (!ValidateCertificateNumber(normalized).ok()) return NotFoundCert();
  return db_.InTransaction(
      store::Database::Mode::kRead,
      [&](store::Connection& c) -> Result<store::CertificateRow> {
        store::CertificateRepository repo(c);
        auto row = repo.FindByNumber(normalized);
        if (!row.ok()) {
          if (row.status().status_code() == StatusCode::kNotFound) {
            return NotFoundCert();
          }
          return row.status();
        }
        if (caller.role == Role::kCandidate) {
          ZXKH_ASSIGN_OR_RETURN(std::optional<int64_t> person,
                                repo.PersonOfUser(caller.user_id));
          if (!person || !row->person_id || *person != *row->person_id) {
            return NotFoundCert();
          }
          return std::move(row).value();
        }
        ZXKH_ASSIGN_OR_RETURN(std::string district,
                              repo.DistrictOfInstitution(row->institution_id));
        if (!InstitutionInScope(caller, row->institution_id, district)) {
          return NotFoundCert();  // outside the scope looks like absent
        }
        return std::move(row).value();
      });
}

Result<std::string> CertificateService::Pdf(const domain::Caller& caller,
                                            std::string_view number,
                                            std::string_view verify_url) {
  ZXKH_ASSIGN_OR_RETURN(store::CertificateRow row, Get(caller, number));
  return docs::RenderCertificatePdf(row.record, TokenOf(row), verify_url);
}

Result<std::vector<store::CertificateRow>> CertificateService::Mine(
    const domain::Caller& caller) {
  ZXKH_RETURN_IF_ERROR(RequireRole(caller, {Role::kCandidate}));
  return db_.InTransaction(
      store::Database::Mode::kRead,
      [&](store::Connection& c) -> Result<std::vector<store::CertificateRow>> {
        store::CertificateRepository repo(c);
        ZXKH_ASSIGN_OR_RETURN(std::optional<int64_t> person,
                              repo.PersonOfUser(caller.user_id));
        if (!person) return std::vector<store::CertificateRow>();
        return repo.ListByPerson(*person);
      });
}

Result<RosterFile> CertificateService::Roster(const domain::Caller& caller,
                                              const RosterQuery& q, bool xlsx) {
  ZXKH_RETURN_IF_ERROR(RequireRole(
      caller, {Role::kCity, Role::kProvince, Role::kDistrict,
               Role::kInstitutionAdmin, Role::kInstitutionOperator}));
  if (q.year < 2000 || q.year > 2100 || (q.from && q.to && *q.to < *q.from)) {
    return Status::InvalidArgument("certificate.roster_range",
                                   "年份或日期范围不正确");
  }
  struct Data {
    std::vector<store::CertificateRow> rows;
    std::string institution_code;
    std::string institution_name;
  };
  ZXKH_ASSIGN_OR_RETURN(
      Data data,
      db_.InTransaction(
          store::Database::Mode::kRead,
          [&](store::Connection& c) -> Result<Data> {
            const Status absent = Status::NotFound(
                "certificate.institution_not_found", "考核机构不存在");
            ZXKH_ASSIGN_OR_RETURN(
                std::vector<store::Row> inst,
                q.institution_id != 0
                    ? c.Rows("SELECT COALESCE(code, ''), name, district_code, "
                             "id FROM institutions WHERE id = ?",
                             {q.institution_id})
                    : c.Rows("SELECT COALESCE(code, ''), name, district_code, "
                             "id FROM institutions WHERE code = ?",
                             {AsciiUpper(TrimSpace(q.institution_code))}));
            if (inst.empty() || !InstitutionInScope(caller, inst.front().Int(3),
                                                    inst.front().Text(2))) {
              return absent;
            }
            const int64_t institution_id = inst.front().Int(3);
            Data d;
            d.institution_code = inst.front().Text(0);
            d.institution_name = inst.front().Text(1);
            ZXKH_ASSIGN_OR_RETURN(
                d.rows, store::CertificateRepository(c).ListByInstitutionYear(
                            institution_id, q.year, q.from, q.to));
            return d;
          }));
  const std::vector<std::string> header = {"证书编号", "姓名",     "证件号码",
                                           "项目",     "发证日期", "状态"};
  std::vector<std::vector<std::string>> rows;
  rows.reserve(data.rows.size());
  for (const store::CertificateRow& r : data.rows) {
    const domain::CertificateRecord& rec = r.record;
    rows.push_back(
        {rec.number, rec.holder_name, rec.id_masked,
         rec.project_code + " " + rec.project_name, rec.issue_date.ToString(),
         r.state == domain::CertificateState::kRevoked ? "已撤销" : "有效"});
  }
  const std::string base =
      "发证名册-" + data.institution_code + "-" + std::to_string(q.year);
  RosterFile out;
  if (xlsx) {
    docs::Sheet sheet;
    sheet.name = "发证名册";
    sheet.header = header;
    sheet.rows = std::move(rows);
    ZXKH_ASSIGN_OR_RETURN(out.bytes, docs::WriteXlsx({sheet}));
    out.file_name = base + ".xlsx";
    return out;
  }
  docs::PageOptions opts;
  opts.orientation = docs::Orientation::kLandscape;
  docs::PdfDocument pdf(opts);
  pdf.Title(std::to_string(q.year) + " 年专项职业能力证书发证名册");
  std::string sub = data.institution_name + "（" + data.institution_code + "）";
  if (q.from || q.to) {
    sub += "  发证日期 " + (q.from ? q.from->ToString() : std::string("…")) +
           " 至 " + (q.to ? q.to->ToString() : std::string("…"));
  }
  sub += "  共 " + std::to_string(data.rows.size()) + " 本";
  pdf.Subtitle(sub);
  pdf.Table(header, rows, {3, 1.4, 2.2, 3, 1.4, 1});
  ZXKH_ASSIGN_OR_RETURN(out.bytes, pdf.Render());
  out.file_name = base + ".pdf";
  return out;
}

Result<CertificateProof> CertificateService::PublicProof(
    AuditService& audit, std::string_view number,
    std::string_view holder_name) {
  ZXKH_ASSIGN_OR_RETURN(PublicVerification v, Verify(number, holder_name));
  if (!v.certificate) {
    return Status::NotFound("certificate.not_found",
                            "未找到与该编号和姓名相符的证书");
  }
  const std::string& n = v.certificate->record.number;
  ZXKH_ASSIGN_OR_RETURN(
      int64_t seq,
      db_.InTransaction(
          store::Database::Mode::kRead, [&](store::Connection& c) {
            return store::CertificateRepository(c).IssueEntrySeq(n);
          }));
  ZXKH_ASSIGN_OR_RETURN(InclusionProofAnswer p, audit.SignedProof(seq));
  CertificateProof out;
  out.number = n;
  out.target_type = "certificate";
  out.action = "certificate.issue";
  out.proof = std::move(p);
  return out;
}

std::string CertificateService::TokenOf(const store::CertificateRow& row) {
  Result<std::string> sig = Base64UrlDecode(row.signature);
  return domain::EncodeToken(domain::CanonicalJson(row.record),
                             sig.ok() ? *sig : std::string());
}

}  // namespace zxkh::service
