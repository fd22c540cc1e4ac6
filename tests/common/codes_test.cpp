#include "common/codes.hpp"

#include <gtest/gtest.h>

#include <string>

namespace zxkh {
namespace {

// ISO/IEC 7064 MOD 37,36 written from the standard's definition as a fold,
// independently of codes.cpp: a number is valid when the running value
// before its last character plus that character is ≡ 1 (mod 36).
int Value(char c) { return c <= '9' ? c - '0' : c - 'A' + 10; }
int Fold(const std::string& s, std::size_t i, int p) {
  if (i == s.size()) return p;
  int t = (p + Value(s[i])) % 36;
  if (t == 0) t = 36;
  return Fold(s, i + 1, t * 2 % 37);
}
bool ReferenceValid(const std::string& full) {
  const int before = Fold(full.substr(0, full.size() - 1), 0, 36);
  return (before + Value(full.back())) % 36 == 1;
}

TEST(Mod37_36Test, ReproducesCodesMdExamples) {
  EXPECT_EQ(Mod37_36CheckChar("Z370202Q00125000042"), '3');
  EXPECT_EQ(Mod37_36CheckChar("Z370211P00126000123"), 'C');
  EXPECT_TRUE(HasValidMod37_36Check("Z370202Q001250000423"));
  EXPECT_TRUE(HasValidMod37_36Check("Z370211P00126000123C"));
  EXPECT_TRUE(ReferenceValid("Z370202Q001250000423"));
}

TEST(Mod37_36Test, AgreesWithReferenceAndCatchesSingleErrors) {
  const std::string base = "Z370211P00126000123";
  const std::string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const std::string full = base + Mod37_36CheckChar(base);
  ASSERT_TRUE(ReferenceValid(full));
  // MOD 37,36 guarantees that every single substitution is caught. Adjacent
  // transpositions are caught for this number (checked offline), though the
  // hybrid system lets about 0.15% of them through in general.
  for (std::size_t i = 0; i < full.size(); ++i) {
    for (char c : alphabet) {
      if (c == full[i]) continue;
      std::string typo = full;
      typo[i] = c;
      EXPECT_FALSE(HasValidMod37_36Check(typo)) << typo;
    }
    if (i + 1 < full.size() && full[i] != full[i + 1]) {
      std::string swapped = full;
      std::swap(swapped[i], swapped[i + 1]);
      EXPECT_FALSE(HasValidMod37_36Check(swapped)) << swapped;
    }
  }
}

TEST(Mod37_36Test, RejectsOtherCharacters) {
  EXPECT_EQ(Mod37_36CheckChar(""), '\0');
  EXPECT_EQ(Mod37_36CheckChar("z370202"), '\0');
  EXPECT_EQ(Mod37_36CheckChar("Z3702-02"), '\0');
  EXPECT_FALSE(HasValidMod37_36Check("3"));
  EXPECT_FALSE(HasValidMod37_36Check(""));
  EXPECT_FALSE(HasValidMod37_36Check("z370202q001250000423"));
}

void ExpectError(const Status& s, const std::string& code,
                 const std::string& field, const std::string& message) {
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status_code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.code(), code);
  EXPECT_EQ(s.field(), field);
  EXPECT_EQ(s.message(), message);
}

TEST(ProjectCodeTest, Valid) {
  EXPECT_TRUE(ValidateProjectCode("ZX01001").ok());
  EXPECT_TRUE(ValidateProjectCode("ZX04999").ok());
}

TEST(ProjectCodeTest, Invalid) {
  const std::string format =
      "项目代码应为 ZX + 2 位类别(01-04) + 3 位序号，例如 ZX01001；实际为 ";
  for (const char* bad : {"ZX0100", "ZX010011", "zx01001", "ZY01001", "ZX0A001",
                          "ZX01 01", "ＺＸ01001"}) {
    ExpectError(ValidateProjectCode(bad), "catalog.code_invalid", "code",
                format + bad);
  }
  ExpectError(ValidateProjectCode(""), "catalog.code_invalid", "code",
              format + "（空）");
  ExpectError(ValidateProjectCode("ZX05001"), "catalog.code_invalid", "code",
              "项目代码的类别应为 01-04（01 食品制作、02 种植、03 手工制作、04 "
              "其它），实际为 05");
  ExpectError(ValidateProjectCode("ZX00001"), "catalog.code_invalid", "code",
              "项目代码的类别应为 01-04（01 食品制作、02 种植、03 手工制作、04 "
              "其它），实际为 00");
  ExpectError(ValidateProjectCode("ZX01000"), "catalog.code_invalid", "code",
              "项目代码的序号应为 001-999，实际为 000");
}

TEST(CategoryTest, NamesBothWays) {
  EXPECT_EQ(CategoryName(1), "食品制作");
  EXPECT_EQ(CategoryName(2), "种植");
  EXPECT_EQ(CategoryName(3), "手工制作");
  EXPECT_EQ(CategoryName(4), "其它");
  EXPECT_FALSE(CategoryName(0));
  EXPECT_FALSE(CategoryName(5));
  for (int c = 1; c <= 4; ++c) EXPECT_EQ(CategoryByName(*CategoryName(c)), c);
  EXPECT_FALSE(CategoryByName("其他"));  // 它, not 他: exact names only
  EXPECT_FALSE(CategoryByName(""));
}

TEST(InstitutionCodeTest, ValidAndFormatted) {
  EXPECT_TRUE(ValidateInstitutionCode("Z370211P001").ok());
  EXPECT_TRUE(ValidateInstitutionCode("Z370285Q999").ok());
  EXPECT_EQ(FormatInstitutionCode("370211", 'P', 1), "Z370211P001");
  EXPECT_EQ(FormatInstitutionCode("370202", 'Y', 42), "Z370202Y042");
  EXPECT_EQ(FormatInstitutionCode("370281", 'T', 999), "Z370281T999");
  EXPECT_TRUE(
      ValidateInstitutionCode(FormatInstitutionCode("370283", 'Q', 7)).ok());
}

TEST(InstitutionCodeTest, Invalid) {
  const std::string prefix =
      "机构代码应为 Z + 6 位行政区划代码 + 类型字母(Q 企业、Y 院校、T "
      "社会团体、P 职业技能培训机构) + 3 位序号(001-999)，例如 "
      "Z370211P001；实际为 ";
  for (const char* bad :
       {"Z370211X001", "Z370211P000", "Z37021P001", "Z370211P0011",
        "Y370211P001", "Z370211p001", "Z3702A1P001"}) {
    ExpectError(ValidateInstitutionCode(bad), "institution.code_invalid",
                "institution_code", prefix + bad);
  }
  ExpectError(ValidateInstitutionCode(std::string(100, 'Z')),
              "institution.code_invalid", "institution_code",
              prefix + "（无法显示）");
}

TEST(CertificateNumberTest, Format) {
  Result<std::string> n = FormatCertificateNumber("Z370202Q001", 2025, 42);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, "Z370202Q001250000423");
  EXPECT_EQ(*FormatCertificateNumber("Z370211P001", 2026, 123),
            "Z370211P00126000123C");
  Result<std::string> last =
      FormatCertificateNumber("Z370211P001", 2099, 999999);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->size(), 20u);
  EXPECT_EQ(last->substr(0, 19), "Z370211P00199999999");
  EXPECT_TRUE(ValidateCertificateNumber(*last).ok());
}

TEST(CertificateNumberTest, FormatRejectsBadParts) {
  EXPECT_EQ(FormatCertificateNumber("Z370211X001", 2026, 1).status().code(),
            "institution.code_invalid");
  ExpectError(FormatCertificateNumber("Z370211P001", 1999, 1).status(),
              "certificate.year_invalid", "",
              "证书发证年份应在 2000–2099 之间，实际为 1999");
  ExpectError(FormatCertificateNumber("Z370211P001", 2026, 0).status(),
              "certificate.serial_invalid", "",
              "证书序号应在 1–999999 之间，实际为 0");
  ExpectError(FormatCertificateNumber("Z370211P001", 2026, 1000000).status(),
              "certificate.serial_invalid", "",
              "证书序号应在 1–999999 之间，实际为 1000000");
}

TEST(CertificateNumberTest, Validate) {
  EXPECT_TRUE(ValidateCertificateNumber("Z370202Q001250000423").ok());
  ExpectError(ValidateCertificateNumber("Z370202Q001250000424"),
              "certificate.check_char", "certificate_number",
              "证书编号校验位错误，请核对后重新输入");
  // Two digits swapped in the serial.
  ExpectError(ValidateCertificateNumber("Z370202Q001250000243"),
              "certificate.check_char", "certificate_number",
              "证书编号校验位错误，请核对后重新输入");
  ExpectError(ValidateCertificateNumber("Z370202Q00125000042"),
              "certificate.length", "certificate_number",
              "证书编号应为 20 位，实际为 19 位");
  ExpectError(ValidateCertificateNumber("z370202Q001250000423"),
              "certificate.chars", "certificate_number",
              "证书编号只能包含数字和大写字母，第 1 位不符合");
  ExpectError(ValidateCertificateNumber("Z370202Q00125００00423"),
              "certificate.chars", "certificate_number",
              "证书编号只能包含数字和大写字母，第 14 位不符合");
}

TEST(MaskIdNumberTest, Masks) {
  EXPECT_EQ(MaskIdNumber("370211200001011234"), "3702**********1234");
  EXPECT_EQ(MaskIdNumber("11010519491231002X"), "1101**********002X");
  EXPECT_EQ(MaskIdNumber("370211000101123"), "3702*******1123");
  EXPECT_EQ(MaskIdNumber("E12345678"), "*******78");
  EXPECT_EQ(MaskIdNumber("ABC"), "*BC");
  EXPECT_EQ(MaskIdNumber("AB"), "**");
  EXPECT_EQ(MaskIdNumber("A"), "*");
  EXPECT_EQ(MaskIdNumber(""), "");
  EXPECT_EQ(MaskIdNumber("护照号甲乙丙12"), "******12");
}

}  // namespace
}  // namespace zxkh
