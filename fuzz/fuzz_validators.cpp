// Validators and code checks take strings straight from forms and files:
// they must never crash, and must agree with themselves (a number the
// formatter produces validates; a validated ID has a birth date).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/codes.hpp"
#include "common/date.hpp"
#include "common/validators.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  const zxkh::Date today = *zxkh::Date::FromYmd(2026, 11, 27);
  if (zxkh::ValidateResidentId(s, today).ok()) {
    if (!zxkh::ResidentIdBirthDate(s).ok()) __builtin_trap();
  }
  (void)zxkh::ValidateCreditCode(s);
  (void)zxkh::ValidateProjectCode(s);
  (void)zxkh::ValidateCertificateNumber(s);
  (void)zxkh::MaskIdNumber(s);
  (void)zxkh::Date::Parse(s);
  if (zxkh::ValidateInstitutionCode(s).ok()) {
    auto number = zxkh::FormatCertificateNumber(s, 2026, 1 + size % 999999);
    if (!number.ok() || !zxkh::ValidateCertificateNumber(*number).ok())
      __builtin_trap();
  }
  return 0;
}
