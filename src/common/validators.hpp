// Validators for identity numbers people type in: the resident ID (居民身份证,
// GB 11643-1999) and the unified social credit code (统一社会信用代码,
// GB 32100-2015). Each reports the first problem found, in the order a person
// would fix them: length, characters, embedded birth date, check character.
#pragma once

#include <string_view>

#include "common/date.hpp"
#include "common/status.hpp"

namespace zxkh {

// Checks an 18-character resident ID: 17 digits + check digit (0–9 or
// uppercase X, ISO 7064 MOD 11-2), birth date (positions 7–14) a real date
// within [1900-01-01, today]. On failure returns InvalidArgument, field
// "id_number", code "id.length" | "id.chars" | "id.birth_date" |
// "id.birth_future" | "id.check_digit".
Status ValidateResidentId(std::string_view id, Date today);

// The birth date in positions 7–14, or InvalidArgument ("id.length",
// "id.chars", "id.birth_date"). Checks the number's shape but neither the
// check digit nor "not in the future": use ValidateResidentId for that.
Result<Date> ResidentIdBirthDate(std::string_view id);

// The MOD 11-2 check character ('0'–'9' or 'X') for 17 digits, or '\0' when
// `first17` is not exactly 17 ASCII digits.
char ResidentIdCheckChar(std::string_view first17);

// Age in full years on `on` (negative when `on` precedes `birth`). Someone
// born on February 29 becomes a year older on March 1 in common years.
int AgeOn(Date birth, Date on);

// Checks an 18-character unified social credit code: characters from
// "0123456789ABCDEFGHJKLMNPQRTUWXY" and the GB 32100 check character. On
// failure returns InvalidArgument, field "credit_code", code
// "credit_code.length" | "credit_code.chars" | "credit_code.check".
Status ValidateCreditCode(std::string_view code);

// The GB 32100 check character for the first 17 characters, or '\0' when
// `first17` is not 17 characters of the code alphabet.
char CreditCodeCheckChar(std::string_view first17);

}  // namespace zxkh
