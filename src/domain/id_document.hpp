// Identity documents of natural persons (candidates, staff): a resident ID
// (居民身份证, GB 11643) or another document (passport, permit …).
#pragma once

#include <optional>
#include <string_view>

namespace zxkh::domain {

enum class IdType { kResidentId, kOther };
std::string_view IdTypeName(IdType t);   // "resident_id" | "other"
std::string_view IdTypeTitle(IdType t);  // "居民身份证" | "其他证件"
// Accepts the API names and the Chinese titles ("居民身份证", "身份证",
// "其他证件", "其他"); empty means a resident ID; nullopt otherwise.
std::optional<IdType> ParseIdType(std::string_view s);

}  // namespace zxkh::domain
