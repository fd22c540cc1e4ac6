#include "domain/certificate.hpp"

#include <boost/json.hpp>
#include <cstdio>

#include "common/crypto.hpp"
#include "common/text.hpp"

namespace zxkh::domain {
namespace {

namespace json = boost::json;

constexpr int kMaxReasonChars = 500;

// The record's fields in canonical (lexicographic) order, as pointers to
// members so that serializing and parsing walk one list.
struct Field {
  const char* key;
  std::string CertificateRecord::*member;
};
constexpr Field kFields[] = {
    {"holder_name", &CertificateRecord::holder_name},
    {"id_hash", &CertificateRecord::id_hash},
    {"id_masked", &CertificateRecord::id_masked},
    {"id_salt", &CertificateRecord::id_salt},
    {"id_type", &CertificateRecord::id_type},
    {"institution_code", &CertificateRecord::institution_code},
    {"institution_name", &CertificateRecord::institution_name},
    // "issue_date" sorts here; it is a Date, handled on its own.
    {"key_id", &CertificateRecord::key_id},
    {"number", &CertificateRecord::number},
    {"project_code", &CertificateRecord::project_code},
    {"project_name", &CertificateRecord::project_name},
    {"result", &CertificateRecord::result},
    // "status_index" (a number) and "v" (format version) sort last.
};
constexpr std::string_view kIssueDateKey = "issue_date";
constexpr std::string_view kIssueDateAfter = "institution_name";

Status InvalidRecord(std::string detail) {
  return Status::InvalidArgument("certificate.record_invalid",
                                 "电子证书内容格式不正确：" + detail);
}

}  // namespace

std::string_view CertificateStateName(CertificateState s) {
  return s == CertificateState::kValid ? "valid" : "revoked";
}

Status CheckCanIssue(const IssueBasis& basis) {
  if (!basis.results_city_approved) {
    return Status::FailedPrecondition("certificate.results_not_approved",
                                      "考核结果尚未经市级审核通过，不能发证");
  }
  if (!basis.sat) {
    return Status::FailedPrecondition("certificate.absent",
                                      "考生未参加考核（缺考），不能发证");
  }
  if (!basis.score_tenths) {
    return Status::FailedPrecondition("certificate.not_scored",
                                      "考生尚无最终成绩，不能发证");
  }
  if (*basis.score_tenths < kPassScoreTenths) {
    char score[16];
    std::snprintf(score, sizeof score, "%d.%d", *basis.score_tenths / 10,
                  *basis.score_tenths % 10);
    return Status::FailedPrecondition(
        "certificate.failed",
        std::string("成绩 ") + score + " 分，低于 60 分合格线，不能发证");
  }
  if (basis.already_issued) {
    return Status::AlreadyExists("certificate.already_issued",
                                 "该报名已发放证书，同一报名只能发一张证书");
  }
  return Status::Ok();
}

Status CheckCanRevoke(CertificateState state, std::string_view reason) {
  if (state == CertificateState::kRevoked) {
    return Status::FailedPrecondition("certificate.already_revoked",
                                      "证书已被撤销");
  }
  const std::string trimmed(TrimSpace(reason));
  if (trimmed.empty()) {
    return Status::InvalidArgument("certificate.reason_required",
                                   "请填写撤销原因", "reason");
  }
  if (Utf8Length(trimmed) > kMaxReasonChars) {
    return Status::InvalidArgument("certificate.reason_long",
                                   "撤销原因不能超过 500 字", "reason");
  }
  return Status::Ok();
}

std::string CanonicalJson(const CertificateRecord& record) {
  // Keys are appended in sorted order; boost::json keeps insertion order
  // and writes UTF-8 unescaped, so the bytes are canonical.
  json::object o;
  for (const Field& f : kFields) {
    o[f.key] = record.*f.member;
    if (std::string_view(f.key) == kIssueDateAfter) {
      o[kIssueDateKey] = record.issue_date.ToString();
    }
  }
  o["status_index"] = record.status_index;
  o["v"] = 1;
  return json::serialize(o);
}

Result<CertificateRecord> ParseCanonicalJson(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return InvalidRecord("不是 JSON 对象");
  const json::object& o = v.as_object();
  // + issue_date, status_index, v
  constexpr std::size_t kKeys = std::size(kFields) + 3;
  if (o.size() != kKeys) return InvalidRecord("字段数量不符");
  CertificateRecord record;
  for (const Field& f : kFields) {
    const json::value* field = o.if_contains(f.key);
    if (!field || !field->is_string()) {
      return InvalidRecord(std::string("缺少字段 ") + f.key);
    }
    record.*f.member = std::string(field->as_string());
  }
  const json::value* date = o.if_contains(kIssueDateKey);
  if (!date || !date->is_string()) return InvalidRecord("缺少发证日期");
  Result<Date> issue = Date::Parse(std::string(date->as_string()));
  if (!issue.ok()) return InvalidRecord("发证日期无效");
  record.issue_date = *issue;
  const json::value* index = o.if_contains("status_index");
  if (!index || !index->is_int64() || index->as_int64() < 0) {
    return InvalidRecord("缺少状态序号");
  }
  record.status_index = index->as_int64();
  const json::value* version = o.if_contains("v");
  if (!version || !version->is_int64() || version->as_int64() != 1) {
    return InvalidRecord("版本不受支持");
  }
  if (CanonicalJson(record) != text) return InvalidRecord("不是规范格式");
  return record;
}

std::string IdNumberHash(std::string_view salt_b64url, std::string_view id) {
  Result<std::string> salt = Base64UrlDecode(salt_b64url);
  std::string input = salt.ok() ? *salt : std::string(salt_b64url);
  input += AsciiUpper(TrimSpace(id));
  return Sha256Hex(input);
}

std::string EncodeToken(std::string_view canonical_json,
                        std::string_view signature) {
  std::string token(kTokenPrefix);
  token += Base64UrlEncode(canonical_json);
  token += '.';
  token += Base64UrlEncode(signature);
  return token;
}

Result<DecodedToken> DecodeToken(std::string_view token) {
  auto invalid = [](std::string_view why) {
    return Status::InvalidArgument("certificate.token_invalid",
                                   "证书二维码内容无效：" + std::string(why));
  };
  token = TrimSpace(token);
  if (!token.starts_with(kTokenPrefix)) return invalid("不是本系统的证书");
  token.remove_prefix(kTokenPrefix.size());
  const std::size_t dot = token.find('.');
  if (dot == std::string_view::npos) return invalid("缺少签名");
  Result<std::string> json = Base64UrlDecode(token.substr(0, dot));
  Result<std::string> sig = Base64UrlDecode(token.substr(dot + 1));
  if (!json.ok() || !sig.ok()) return invalid("编码错误");
  if (sig->size() != 64) return invalid("签名长度错误");
  Result<CertificateRecord> record = ParseCanonicalJson(*json);
  if (!record.ok()) return invalid("证书内容格式错误");
  return DecodedToken{std::move(*json), std::move(*sig), std::move(*record)};
}

}  // namespace zxkh::domain
