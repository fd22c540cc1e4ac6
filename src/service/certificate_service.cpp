#include "service/certificate_service.hpp"

#include "common/codes.hpp"
#include "common/crypto.hpp"
#include "common/status_list.hpp"
#include "common/text.hpp"
#include "domain/certificate_verification.hpp"
#include "service/audit_service.hpp"

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

}  // namespace

CertificateService::CertificateService(store::Database& db, const Clock& clock,
                                       const Keyring& keys)
    : db_(db), clock_(clock), keys_(keys) {}

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
          store::Database::Mode::kRead,
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

std::string CertificateService::TokenOf(const store::CertificateRow& row) {
  Result<std::string> sig = Base64UrlDecode(row.signature);
  return domain::EncodeToken(domain::CanonicalJson(row.record),
                             sig.ok() ? *sig : std::string());
}

}  // namespace zxkh::service
