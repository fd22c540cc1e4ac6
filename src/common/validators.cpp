#include "common/validators.hpp"

#include <array>
#include <string>
#include <utility>

#include "common/text.hpp"

namespace zxkh {
namespace {

constexpr std::string_view kCreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Decodes one UTF-8 sequence at s[i]; returns its length, or 0 when the
// bytes there are not a well-formed sequence.
std::size_t Utf8SequenceLength(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) {
    return static_cast<unsigned char>(s[i + k]);
  };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  std::size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;  // no overlong forms
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (b(1) < lo || b(1) > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
  }
  return len;
}

// The 1-based position and text of the first character of `s` (code points)
// failing `ok`, or position 0 when all pass. Lets messages say "第 5 位「Ｏ」".
template <typename Pred>
std::pair<std::size_t, std::string> FirstBadChar(std::string_view s,
                                                 std::size_t limit, Pred ok) {
  std::size_t pos = 0;
  for (std::size_t i = 0; i < s.size() && pos < limit;) {
    const std::size_t len = Utf8SequenceLength(s, i);
    ++pos;
    if (len != 1 || !ok(s[i], pos)) {
      return {pos, len == 0 ? std::string("\xEF\xBF\xBD")
                            : std::string(s.substr(i, len))};
    }
    i += len;
  }
  return {0, {}};
}

// Length as a person counts it; malformed UTF-8 falls back to bytes, which
// is what such input will be rejected for anyway.
std::size_t VisibleLength(std::string_view s) {
  return IsValidUtf8(s) ? Utf8Length(s) : s.size();
}

Status IdError(const char* code, std::string message) {
  return Status::InvalidArgument(code, std::move(message), "id_number");
}

Status CreditError(const char* code, std::string message) {
  return Status::InvalidArgument(code, std::move(message), "credit_code");
}

Status CheckIdShape(std::string_view id) {
  const std::size_t len = VisibleLength(id);
  if (len != 18) {
    return IdError("id.length", "身份证号码应为 18 位，实际为 " +
                                    std::to_string(len) + " 位");
  }
  // 18 characters that all pass the check below are 18 bytes, so callers
  // may index the string afterwards.
  const auto [pos, ch] = FirstBadChar(id, 18, [](char c, std::size_t p) {
    return p <= 17 ? IsDigit(c) : IsDigit(c) || c == 'X';
  });
  if (pos == 0) return Status::Ok();
  if (pos == 18 && ch == "x") {
    return IdError("id.chars", "身份证号码末位校验码请使用大写字母 X");
  }
  return IdError(
      "id.chars",
      "身份证号码第 " + std::to_string(pos) + " 位「" + ch + "」无效：" +
          (pos <= 17 ? "前 17 位应为数字" : "末位应为数字或大写字母 X"));
}

}  // namespace

char ResidentIdCheckChar(std::string_view first17) {
  static constexpr std::array<int, 17> kWeights = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                                   3, 7, 9,  10, 5, 8, 4, 2};
  if (first17.size() != 17) return '\0';
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    if (!IsDigit(first17[i])) return '\0';
    sum += (first17[i] - '0') * kWeights[i];
  }
  // ISO 7064 MOD 11-2: the check value c satisfies (sum + c) % 11 == 1.
  static constexpr std::string_view kCheck = "10X98765432";
  return kCheck[sum % 11];
}

Result<Date> ResidentIdBirthDate(std::string_view id) {
  ZXKH_RETURN_IF_ERROR(CheckIdShape(id));
  const std::string_view digits = id.substr(6, 8);
  const auto num = [&](std::size_t pos, std::size_t len) {
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) v = v * 10 + digits[i] - '0';
    return v;
  };
  const std::optional<Date> birth =
      Date::FromYmd(num(0, 4), num(4, 2), num(6, 2));
  const std::string shown = std::string(digits.substr(0, 4)) + "-" +
                            std::string(digits.substr(4, 2)) + "-" +
                            std::string(digits.substr(6, 2));
  if (!birth) {
    return IdError("id.birth_date",
                   "身份证号码第 7–14 位的出生日期不存在：" + shown);
  }
  static const Date kEarliest = *Date::FromYmd(1900, 1, 1);
  if (*birth < kEarliest) {
    return IdError("id.birth_date", "身份证号码中的出生日期 " + shown +
                                        " 早于 1900-01-01，请核对");
  }
  return *birth;
}

Status ValidateResidentId(std::string_view id, Date today) {
  ZXKH_ASSIGN_OR_RETURN(const Date birth, ResidentIdBirthDate(id));
  if (birth > today) {
    return IdError("id.birth_future", "身份证号码中的出生日期 " +
                                          birth.ToString() + " 晚于今天（" +
                                          today.ToString() + "）");
  }
  const char expected = ResidentIdCheckChar(id.substr(0, 17));
  if (id[17] != expected) {
    return IdError("id.check_digit",
                   std::string("身份证号码校验位错误：应为 ") + expected +
                       "，实际为 " + id[17]);
  }
  return Status::Ok();
}

int AgeOn(Date birth, Date on) {
  int age = on.year() - birth.year();
  // Comparing (month, day) pairs makes a Feb 29 birthday fall after Feb 28
  // and before Mar 1, which is the civil rule.
  const int on_md = on.month() * 100 + on.day();
  const int birth_md = birth.month() * 100 + birth.day();
  if (on_md < birth_md) --age;
  return age;
}

char CreditCodeCheckChar(std::string_view first17) {
  static constexpr std::array<int, 17> kWeights = {
      1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  if (first17.size() != 17) return '\0';
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    const std::size_t v = kCreditAlphabet.find(first17[i]);
    if (v == std::string_view::npos) return '\0';
    sum += static_cast<int>(v) * kWeights[i];
  }
  return kCreditAlphabet[(31 - sum % 31) % 31];
}

Status ValidateCreditCode(std::string_view code) {
  const std::size_t len = VisibleLength(code);
  if (len != 18) {
    return CreditError(
        "credit_code.length",
        "统一社会信用代码应为 18 位，实际为 " + std::to_string(len) + " 位");
  }
  const auto [pos, ch] = FirstBadChar(code, 18, [](char c, std::size_t) {
    return kCreditAlphabet.find(c) != std::string_view::npos;
  });
  if (pos != 0) {
    return CreditError(
        "credit_code.chars",
        "统一社会信用代码第 " + std::to_string(pos) + " 位「" + ch +
            "」无效：只能使用数字和大写字母（不含 I、O、S、V、Z）");
  }
  const char expected = CreditCodeCheckChar(code.substr(0, 17));
  if (code[17] != expected) {
    return CreditError("credit_code.check",
                       std::string("统一社会信用代码校验位错误：应为 ") +
                           expected + "，实际为 " + code[17]);
  }
  return Status::Ok();
}

}  // namespace zxkh
