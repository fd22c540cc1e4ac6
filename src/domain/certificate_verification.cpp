#include "domain/certificate_verification.hpp"

#include <boost/json.hpp>

#include "common/crypto.hpp"
#include "domain/audit.hpp"
#include "domain/merkle.hpp"

namespace zxkh::domain {
namespace {

namespace json = boost::json;

Status KeysInvalid(std::string_view why) {
  return Status::InvalidArgument("certificate.keys_invalid",
                                 "公钥列表格式不正确：" + std::string(why));
}

Status ListInvalid(std::string_view why) {
  return Status::InvalidArgument("certificate.status_list_invalid",
                                 "证书状态列表格式不正确：" + std::string(why));
}

json::object StatementObject(const StatusListStatement& s) {
  // Sorted keys: boost::json keeps insertion order.
  json::object o;
  o["encoded_list"] = s.encoded_list;
  o["expires_at_ms"] = s.expires_at_ms;
  o["issued_at_ms"] = s.issued_at_ms;
  o["key_id"] = s.key_id;
  o["v"] = 1;
  return o;
}

}  // namespace

Result<KeySet> ParseKeySet(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return KeysInvalid("不是 JSON 对象");
  const json::value* keys = v.as_object().if_contains("keys");
  if (!keys || !keys->is_array()) return KeysInvalid("缺少 keys 数组");
  KeySet set;
  for (const json::value& k : keys->as_array()) {
    const json::object* o = k.if_object();
    const json::value* id = o ? o->if_contains("key_id") : nullptr;
    const json::value* pk = o ? o->if_contains("public_key") : nullptr;
    if (!id || !id->is_string() || !pk || !pk->is_string()) {
      return KeysInvalid("每个公钥须有 key_id 与 public_key");
    }
    Result<std::string> raw = Base64Decode(pk->as_string());
    if (!raw.ok() || raw->size() != 32) return KeysInvalid("公钥不是 32 字节");
    if (KeyIdOf(*raw) != id->as_string()) {
      return KeysInvalid("key_id 与公钥不符：" + std::string(id->as_string()));
    }
    set.emplace(std::string(id->as_string()), std::move(raw).value());
  }
  return set;
}

std::string StatusListSigningInput(const StatusListStatement& statement) {
  return json::serialize(StatementObject(statement));
}

std::string SignedStatusListJson(const StatusListStatement& statement,
                                 std::string_view signature) {
  json::object o = StatementObject(statement);
  o["signature"] = Base64UrlEncode(signature);
  return json::serialize(o);
}

Result<SignedStatusList> ParseSignedStatusList(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return ListInvalid("不是 JSON 对象");
  const json::object& o = v.as_object();
  auto str = [&](const char* key) -> const json::string* {
    const json::value* f = o.if_contains(key);
    return f && f->is_string() ? &f->as_string() : nullptr;
  };
  auto num = [&](const char* key) -> std::optional<int64_t> {
    const json::value* f = o.if_contains(key);
    if (!f || !f->is_int64()) return std::nullopt;
    return f->as_int64();
  };
  const json::string* list = str("encoded_list");
  const json::string* key_id = str("key_id");
  const json::string* signature = str("signature");
  const auto issued = num("issued_at_ms");
  const auto expires = num("expires_at_ms");
  const auto version = num("v");
  if (!list || !key_id || !signature || !issued || !expires || version != 1) {
    return ListInvalid("字段缺失或类型不符");
  }
  Result<std::string> sig = Base64UrlDecode(*signature);
  if (!sig.ok() || sig->size() != 64) return ListInvalid("签名格式错误");
  SignedStatusList out;
  out.statement = {*issued, *expires, std::string(*list), std::string(*key_id)};
  out.signature = std::move(sig).value();
  return out;
}

std::string_view SignatureVerdictTitle(SignatureVerdict v) {
  switch (v) {
    case SignatureVerdict::kValid:
      return "签名有效";
    case SignatureVerdict::kInvalid:
      return "签名无效（内容被改动或伪造）";
    case SignatureVerdict::kUnknownKey:
      return "签名密钥不在已发布的公钥列表中";
    case SignatureVerdict::kMalformed:
      return "不是有效的电子证书";
  }
  return "?";
}

std::string_view StatusVerdictTitle(StatusVerdict v) {
  switch (v) {
    case StatusVerdict::kValid:
      return "有效";
    case StatusVerdict::kRevoked:
      return "已撤销";
    case StatusVerdict::kUnknown:
      return "无法确定";
  }
  return "?";
}

OfflineVerification VerifyOffline(std::string_view token, const KeySet& keys,
                                  const std::optional<std::string>& status_list,
                                  int64_t now_ms) {
  OfflineVerification out;
  Result<DecodedToken> decoded = DecodeToken(token);
  if (!decoded.ok()) {
    out.status_reason = "证书内容无法识别";
    return out;
  }
  out.record = decoded->record;
  auto key = keys.find(decoded->record.key_id);
  if (key == keys.end()) {
    out.signature = SignatureVerdict::kUnknownKey;
  } else {
    out.signature = VerifySignature(key->second, decoded->canonical_json,
                                    decoded->signature)
                        ? SignatureVerdict::kValid
                        : SignatureVerdict::kInvalid;
  }

  // The status, failing closed at every step.
  if (!status_list) {
    out.status_reason = "未提供证书状态列表";
    return out;
  }
  Result<SignedStatusList> list = ParseSignedStatusList(*status_list);
  if (!list.ok()) {
    out.status_reason = list.status().message();
    return out;
  }
  auto list_key = keys.find(list->statement.key_id);
  if (list_key == keys.end() ||
      !VerifySignature(list_key->second,
                       StatusListSigningInput(list->statement),
                       list->signature)) {
    out.status_reason = "证书状态列表签名无效";
    return out;
  }
  if (now_ms >= list->statement.expires_at_ms) {
    out.status_reason = "证书状态列表已过期，请重新下载";
    return out;
  }
  Result<StatusList> bits = StatusList::Decode(list->statement.encoded_list);
  if (!bits.ok()) {
    out.status_reason = bits.status().message();
    return out;
  }
  const auto index = static_cast<std::size_t>(decoded->record.status_index);
  if (index >= bits->size()) {
    out.status_reason = "证书不在状态列表范围内（列表可能早于证书发布）";
    return out;
  }
  out.status =
      bits->Get(index) ? StatusVerdict::kRevoked : StatusVerdict::kValid;
  out.status_reason.clear();
  return out;
}

}  // namespace zxkh::domain

namespace zxkh::domain {
namespace {

Status ProofInvalid(std::string_view why) {
  return Status::InvalidArgument("certificate.proof_invalid",
                                 "透明性证明格式不正确：" + std::string(why));
}

}  // namespace

Status VerifyIssuanceProof(std::string_view proof_json, std::string_view number,
                           const KeySet& keys) {
  boost::system::error_code ec;
  json::value v = json::parse(proof_json, ec);
  if (ec || !v.is_object()) return ProofInvalid("不是 JSON 对象");
  const json::object& o = v.as_object();
  const json::object* e =
      o.if_contains("entry") ? o.at("entry").if_object() : nullptr;
  const json::object* cp =
      o.if_contains("checkpoint") ? o.at("checkpoint").if_object() : nullptr;
  const json::array* path =
      o.if_contains("audit_path") ? o.at("audit_path").if_array() : nullptr;
  if (!e || !cp || !path)
    return ProofInvalid("缺少 entry、checkpoint 或 audit_path");
  auto str = [](const json::object& obj, std::string_view k, std::string* out) {
    const json::value* x = obj.if_contains(k);
    if (!x || !x->is_string()) return false;
    *out = std::string(x->as_string());
    return true;
  };
  auto num = [](const json::object& obj, std::string_view k, int64_t* out) {
    const json::value* x = obj.if_contains(k);
    if (!x || !x->is_int64()) return false;
    *out = x->as_int64();
    return true;
  };
  AuditEntry entry;
  int64_t tree_size = 0;
  int64_t signed_at = 0;
  std::string root_hex, key_id, signature;
  if (!num(*e, "seq", &entry.seq) || !num(*e, "at", &entry.at) ||
      !num(*e, "user_id", &entry.user_id) || !str(*e, "role", &entry.role) ||
      !str(*e, "action", &entry.action) ||
      !str(*e, "target_type", &entry.target_type) ||
      !str(*e, "target_id", &entry.target_id) ||
      !str(*e, "summary", &entry.summary) ||
      !str(*e, "request_id", &entry.request_id) ||
      !str(*e, "prev_hash", &entry.prev_hash) ||
      !str(*e, "entry_hash", &entry.entry_hash) ||
      !num(*cp, "tree_size", &tree_size) ||
      !num(*cp, "signed_at_ms", &signed_at) ||
      !str(*cp, "root_hash", &root_hex) || !str(*cp, "key_id", &key_id) ||
      !str(*cp, "signature", &signature)) {
    return ProofInvalid("字段缺失或类型不对");
  }
  if (const json::value* d = e->if_contains("district_code");
      d && d->is_string()) {
    entry.district_code = std::string(d->as_string());
  }
  if (const json::value* i = e->if_contains("institution_id");
      i && i->is_int64()) {
    entry.institution_id = i->as_int64();
  }
  if (entry.action != "certificate.issue" ||
      entry.target_type != "certificate" || entry.target_id != number) {
    return Status::InvalidArgument(
        "certificate.proof_other_entry",
        "该证明不是证书 " + std::string(number) + " 的发证记录");
  }
  if (ComputeEntryHash(entry) != entry.entry_hash) {
    return Status::InvalidArgument("certificate.proof_entry_hash",
                                   "发证记录的内容与其哈希不符");
  }
  Hash raw{}, root{};
  std::vector<Hash> hashes;
  bool hex_ok =
      HashFromHex(entry.entry_hash, &raw) && HashFromHex(root_hex, &root);
  for (const json::value& h : *path) {
    Hash x{};
    if (!h.is_string() || !HashFromHex(h.as_string(), &x)) hex_ok = false;
    hashes.push_back(x);
  }
  if (!hex_ok) return ProofInvalid("哈希不是 64 位十六进制");
  const Hash leaf = LeafHash(
      std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size()));
  if (entry.seq < 1 || tree_size < entry.seq ||
      !VerifyInclusion(leaf, static_cast<std::size_t>(entry.seq - 1),
                       static_cast<std::size_t>(tree_size), hashes, root)) {
    return Status::InvalidArgument(
        "certificate.proof_inclusion",
        "发证记录不在该签名检查点的默克尔树中（路径或根哈希不符）");
  }
  auto key = keys.find(key_id);
  auto sig = Base64Decode(signature);
  if (key == keys.end() || !sig.ok() ||
      !VerifySignature(
          key->second,
          CheckpointMessage(tree_size, root_hex, signed_at, key_id), *sig)) {
    return Status::InvalidArgument(
        "certificate.proof_signature",
        "检查点签名无效或签名公钥不在公布的公钥列表中");
  }
  return Status::Ok();
}

}  // namespace zxkh::domain
