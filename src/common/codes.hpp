// The platform's own code formats (CODES.md): catalog project codes,
// institution codes, certificate numbers with an ISO/IEC 7064 MOD 37,36 check
// character, and masking of ID numbers for display (PIPL).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/status.hpp"

namespace zxkh {

// ISO/IEC 7064 MOD 37,36 (hybrid) check character over `s`, with 0–9 worth
// 0–9 and A–Z worth 10–35; returns '0'–'9' or 'A'–'Z', or '\0' when `s` is
// empty or holds any other character (lowercase included).
char Mod37_36CheckChar(std::string_view s);

// True when the last character of `full` is the MOD 37,36 check character of
// the ones before it; false for anything shorter than 2 characters.
bool HasValidMod37_36Check(std::string_view full);

// Checks a catalog project code "ZX" + category 01–04 + serial 001–999, e.g.
// "ZX01001". On failure returns InvalidArgument "catalog.code_invalid",
// field "code".
Status ValidateProjectCode(std::string_view code);

// 1 食品制作, 2 种植, 3 手工制作, 4 其它; nullopt for any other number.
std::optional<std::string> CategoryName(int category);
// The inverse of CategoryName (exact match); nullopt for an unknown name.
std::optional<int> CategoryByName(std::string_view name);

// Checks an institution code "Z" + 6-digit division code + type letter
// (Q 企业, Y 院校, T 社会团体, P 职业技能培训机构) + serial 001–999, e.g.
// "Z370211P001". On failure returns InvalidArgument
// "institution.code_invalid", field "institution_code".
Status ValidateInstitutionCode(std::string_view code);

// "Z" + division + type letter + 3-digit serial. The caller passes parts it
// has validated (a 6-digit division, Q/Y/T/P, 1–999); the result is not
// re-checked.
std::string FormatInstitutionCode(std::string_view division, char type_letter,
                                  int serial);

// The 20-character certificate number: institution code + 2-digit year +
// 6-digit serial + MOD 37,36 check character. `year` is the full issue year
// (2000–2099). On failure returns InvalidArgument "institution.code_invalid",
// "certificate.year_invalid" or "certificate.serial_invalid".
Result<std::string> FormatCertificateNumber(std::string_view institution_code,
                                            int year, int serial);

// Checks what can be checked before any lookup: 20 characters, digits and
// uppercase letters, and the check character. Deliberately not the inner
// structure, which the city may change for future numbers. On failure
// returns InvalidArgument, field "certificate_number", code
// "certificate.length" | "certificate.chars" | "certificate.check_char".
Status ValidateCertificateNumber(std::string_view number);

// An ID number safe to show: IDs of 15 or more characters keep their first 4
// and last 4 characters ("3702**********1234"); shorter ones keep only the
// last 2; 1–2 characters are masked entirely. Counts UTF-8 characters.
std::string MaskIdNumber(std::string_view id);

}  // namespace zxkh
