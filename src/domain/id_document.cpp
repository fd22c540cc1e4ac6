#include "domain/id_document.hpp"

#include "common/text.hpp"

namespace zxkh::domain {

std::string_view IdTypeName(IdType t) {
  return t == IdType::kResidentId ? "resident_id" : "other";
}

std::string_view IdTypeTitle(IdType t) {
  return t == IdType::kResidentId ? "居民身份证" : "其他证件";
}

std::optional<IdType> ParseIdType(std::string_view s) {
  s = TrimSpace(s);
  if (s.empty() || s == "resident_id" || s == "居民身份证" || s == "身份证") {
    return IdType::kResidentId;
  }
  if (s == "other" || s == "其他证件" || s == "其他") return IdType::kOther;
  return std::nullopt;
}

}  // namespace zxkh::domain
