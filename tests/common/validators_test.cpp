#include "common/validators.hpp"

#include <gtest/gtest.h>

#include <string>

namespace zxkh {
namespace {

Date D(int y, int m, int d) { return *Date::FromYmd(y, m, d); }
const Date kToday = D(2026, 11, 27);

// MOD 11-2 computed from its definition (weights are 2^(17−i) mod 11, the
// check value c makes the weighted sum ≡ 1 mod 11), independently of the
// weight table in the code under test.
char ReferenceIdCheck(const std::string& body17) {
  int sum = 0;
  int weight = 1;  // 2^0 for the check position, doubled leftwards
  for (int i = 16; i >= 0; --i) {
    weight = weight * 2 % 11;
    sum += (body17[i] - '0') * weight;
  }
  const int c = (12 - sum % 11) % 11;
  return c == 10 ? 'X' : static_cast<char>('0' + c);
}

std::string MakeId(const std::string& body17) {
  return body17 + ReferenceIdCheck(body17);
}

void ExpectIdError(const std::string& id, const std::string& code,
                   const std::string& message) {
  Status s = ValidateResidentId(id, kToday);
  ASSERT_FALSE(s.ok()) << id;
  EXPECT_EQ(s.status_code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.code(), code) << id;
  EXPECT_EQ(s.field(), "id_number");
  EXPECT_EQ(s.message(), message) << id;
}

TEST(ResidentIdTest, PublishedExampleIsValid) {
  // The example number printed in GB 11643-1999 itself.
  EXPECT_EQ(ReferenceIdCheck("11010519491231002"), 'X');
  EXPECT_EQ(ResidentIdCheckChar("11010519491231002"), 'X');
  EXPECT_TRUE(ValidateResidentId("11010519491231002X", kToday).ok());
}

TEST(ResidentIdTest, ComputedIdsAreValid) {
  for (const char* body :
       {"37021120000101123", "37020219900228001", "37028520100229876",
        "37021220101128456", "37021319000101000"}) {
    const std::string id = MakeId(body);
    EXPECT_EQ(ResidentIdCheckChar(body), id.back());
    if (std::string(body).substr(6, 8) == "20100229") {
      // 2010 is not a leap year: the computed check digit does not help.
      ExpectIdError(id, "id.birth_date",
                    "身份证号码第 7–14 位的出生日期不存在：2010-02-29");
      continue;
    }
    Status s = ValidateResidentId(id, kToday);
    EXPECT_TRUE(s.ok()) << id << " " << s.ToString();
  }
  // Born today is allowed.
  EXPECT_TRUE(ValidateResidentId(MakeId("37021120261127001"), kToday).ok());
}

TEST(ResidentIdTest, EveryCheckValueOccurs) {
  // Walk sequence numbers until each of 0–9 and X has been produced, so the
  // X branch and all digits are exercised against the reference.
  std::string seen;
  for (int seq = 0; seq < 1000 && seen.size() < 11; ++seq) {
    const std::string body =
        "37021119850615" + std::to_string(1000 + seq).substr(1);
    const char c = ResidentIdCheckChar(body);
    ASSERT_EQ(c, ReferenceIdCheck(body)) << body;
    if (seen.find(c) == std::string::npos) seen += c;
    EXPECT_TRUE(ValidateResidentId(body + c, kToday).ok());
  }
  EXPECT_EQ(seen.size(), 11u);
}

TEST(ResidentIdTest, WrongCheckDigit) {
  const std::string good = MakeId("37021120000101123");
  ASSERT_EQ(good.back(), '9');
  ExpectIdError("370211200001011234", "id.check_digit",
                "身份证号码校验位错误：应为 9，实际为 4");
  ExpectIdError("110105194912310025", "id.check_digit",
                "身份证号码校验位错误：应为 X，实际为 5");
}

TEST(ResidentIdTest, Length) {
  ExpectIdError("37021120000101123", "id.length",
                "身份证号码应为 18 位，实际为 17 位");
  ExpectIdError("3702112000010112399", "id.length",
                "身份证号码应为 18 位，实际为 19 位");
  ExpectIdError("", "id.length", "身份证号码应为 18 位，实际为 0 位");
  // 15-digit first-generation numbers are not accepted.
  ExpectIdError("370211000101123", "id.length",
                "身份证号码应为 18 位，实际为 15 位");
}

TEST(ResidentIdTest, Characters) {
  ExpectIdError("11010519491231002x", "id.chars",
                "身份证号码末位校验码请使用大写字母 X");
  ExpectIdError("3702112000O101123X", "id.chars",
                "身份证号码第 11 位「O」无效：前 17 位应为数字");
  ExpectIdError("37021120000101123Y", "id.chars",
                "身份证号码第 18 位「Y」无效：末位应为数字或大写字母 X");
  // Full-width digits count as one character each, not three bytes.
  ExpectIdError("３70211200001011239", "id.chars",
                "身份证号码第 1 位「３」无效：前 17 位应为数字");
  ExpectIdError("X70211200001011239", "id.chars",
                "身份证号码第 1 位「X」无效：前 17 位应为数字");
}

TEST(ResidentIdTest, BirthDate) {
  ExpectIdError(MakeId("37021119900231123"), "id.birth_date",
                "身份证号码第 7–14 位的出生日期不存在：1990-02-31");
  ExpectIdError(MakeId("37021118991231123"), "id.birth_date",
                "身份证号码中的出生日期 1899-12-31 早于 1900-01-01，请核对");
  ExpectIdError(MakeId("37021120261128123"), "id.birth_future",
                "身份证号码中的出生日期 2026-11-28 晚于今天（2026-11-27）");
}

TEST(ResidentIdTest, BirthDateExtraction) {
  Result<Date> b = ResidentIdBirthDate("11010519491231002X");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, D(1949, 12, 31));
  // Extraction does not judge the check digit.
  EXPECT_EQ(*ResidentIdBirthDate("110105194912310021"), D(1949, 12, 31));
  EXPECT_EQ(ResidentIdBirthDate("1101051949").status().code(), "id.length");
  EXPECT_EQ(ResidentIdBirthDate("110105194913310021").status().code(),
            "id.birth_date");
}

TEST(ResidentIdTest, CheckCharRejectsBadInput) {
  EXPECT_EQ(ResidentIdCheckChar("1101051949123100"), '\0');
  EXPECT_EQ(ResidentIdCheckChar("1101051949123100A"), '\0');
}

TEST(AgeTest, FullYears) {
  EXPECT_EQ(AgeOn(D(2010, 11, 28), D(2026, 11, 27)), 15);
  EXPECT_EQ(AgeOn(D(2010, 11, 28), D(2026, 11, 28)), 16);
  EXPECT_EQ(AgeOn(D(2010, 11, 28), D(2026, 12, 31)), 16);
  EXPECT_EQ(AgeOn(D(2010, 11, 28), D(2010, 11, 28)), 0);
  EXPECT_EQ(AgeOn(D(2010, 11, 28), D(2010, 11, 27)), -1);
}

TEST(AgeTest, LeapDayBirthdays) {
  const Date leap = D(2008, 2, 29);
  EXPECT_EQ(AgeOn(leap, D(2024, 2, 28)), 15);
  EXPECT_EQ(AgeOn(leap, D(2024, 2, 29)), 16);
  EXPECT_EQ(AgeOn(leap, D(2025, 2, 28)), 16);
  EXPECT_EQ(AgeOn(leap, D(2025, 3, 1)), 17);
}

void ExpectCreditError(const std::string& code, const std::string& machine,
                       const std::string& message) {
  Status s = ValidateCreditCode(code);
  ASSERT_FALSE(s.ok()) << code;
  EXPECT_EQ(s.status_code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.code(), machine) << code;
  EXPECT_EQ(s.field(), "credit_code");
  EXPECT_EQ(s.message(), message) << code;
}

TEST(CreditCodeTest, ValidCodes) {
  // The example code quoted with GB 32100-2015, checked by hand: the
  // weighted sum of 91350100M000100Y4 is 1640, mod 31 = 28, 31 − 28 = 3.
  EXPECT_EQ(CreditCodeCheckChar("91350100M000100Y4"), '3');
  EXPECT_TRUE(ValidateCreditCode("91350100M000100Y43").ok());
  // A Qingdao-shaped code (9 工商, 1 企业, 370200 青岛, MA3C5PJE5): sum 2553,
  // mod 31 = 11, 31 − 11 = 20 → 'L' (so the often-quoted …5X is mistyped).
  EXPECT_EQ(CreditCodeCheckChar("91370200MA3C5PJE5"), 'L');
  EXPECT_TRUE(ValidateCreditCode("91370200MA3C5PJE5L").ok());
  // A check value of 0 must give '0', not '1'-based drift.
  EXPECT_EQ(CreditCodeCheckChar("00000000000000000"), '0');
  EXPECT_TRUE(ValidateCreditCode("000000000000000000").ok());
}

TEST(CreditCodeTest, WrongCheckCharacter) {
  ExpectCreditError("91370200MA3C5PJE5X", "credit_code.check",
                    "统一社会信用代码校验位错误：应为 L，实际为 X");
  ExpectCreditError("91350100M000100Y44", "credit_code.check",
                    "统一社会信用代码校验位错误：应为 3，实际为 4");
}

TEST(CreditCodeTest, LengthAndCharacters) {
  ExpectCreditError("91370200MA3C5PJE5", "credit_code.length",
                    "统一社会信用代码应为 18 位，实际为 17 位");
  ExpectCreditError("91370200MA3C5PJE5LL", "credit_code.length",
                    "统一社会信用代码应为 18 位，实际为 19 位");
  ExpectCreditError("91370200MA3C5PJE5I", "credit_code.chars",
                    "统一社会信用代码第 18 位「I」无效：只能使用数字和大写字母"
                    "（不含 I、O、S、V、Z）");
  ExpectCreditError("91370200ma3c5pje5L", "credit_code.chars",
                    "统一社会信用代码第 9 位「m」无效：只能使用数字和大写字母"
                    "（不含 I、O、S、V、Z）");
  ExpectCreditError("91370200ＭA3C5PJE5L", "credit_code.chars",
                    "统一社会信用代码第 9 位「Ｍ」无效：只能使用数字和大写字母"
                    "（不含 I、O、S、V、Z）");
  EXPECT_EQ(CreditCodeCheckChar("91370200MA3C5PJEO"), '\0');
  EXPECT_EQ(CreditCodeCheckChar("91370200MA3C5PJE"), '\0');
}

}  // namespace
}  // namespace zxkh
