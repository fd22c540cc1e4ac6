#include "common/codes.hpp"

#include <array>
#include <cstdio>
#include <vector>

#include "common/text.hpp"

namespace zxkh {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

int ToInt(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

constexpr std::array<std::string_view, 4> kCategoryNames = {"食品制作", "种植",
                                                            "手工制作", "其它"};

// User input goes back into a message only when it is short, well-formed
// text without control characters: anything else could be huge or garble
// the message. Full-width digits ("ＺＸ０１００１"), a common slip, are shown.
std::string Echo(std::string_view s) {
  bool ok = IsValidUtf8(s) && Utf8Length(s) <= 32;
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) ok = false;
  }
  if (s.empty()) return "（空）";
  return ok ? std::string(s) : "（无法显示）";
}

Status ProjectCodeError(std::string_view code) {
  return Status::InvalidArgument(
      "catalog.code_invalid",
      "项目代码应为 ZX + 2 位类别(01-04) + 3 位序号，例如 ZX01001；实际为 " +
          Echo(code),
      "code");
}

Status InstitutionCodeError(std::string_view code) {
  return Status::InvalidArgument(
      "institution.code_invalid",
      "机构代码应为 Z + 6 位行政区划代码 + 类型字母(Q 企业、Y 院校、T "
      "社会团体、P 职业技能培训机构) + 3 位序号(001-999)，例如 "
      "Z370211P001；实际为 " +
          Echo(code),
      "institution_code");
}

}  // namespace

char Mod37_36CheckChar(std::string_view s) {
  constexpr int kM = 36;
  if (s.empty()) return '\0';
  int p = kM;
  for (char c : s) {
    int v;
    if (IsDigit(c)) {
      v = c - '0';
    } else if (IsUpper(c)) {
      v = c - 'A' + 10;
    } else {
      return '\0';
    }
    int t = (p + v) % kM;
    if (t == 0) t = kM;
    p = (t * 2) % (kM + 1);
  }
  // The check value makes the final (p + check) ≡ 1 (mod 36).
  const int check = (kM + 1 - p) % kM;
  return static_cast<char>(check < 10 ? '0' + check : 'A' + check - 10);
}

bool HasValidMod37_36Check(std::string_view full) {
  if (full.size() < 2) return false;
  const char expected = Mod37_36CheckChar(full.substr(0, full.size() - 1));
  return expected != '\0' && full.back() == expected;
}

Status ValidateProjectCode(std::string_view code) {
  if (code.size() != 7 || !code.starts_with("ZX") ||
      !AllDigits(code.substr(2))) {
    return ProjectCodeError(code);
  }
  const int category = ToInt(code.substr(2, 2));
  if (category < 1 || category > 4) {
    return Status::InvalidArgument(
        "catalog.code_invalid",
        "项目代码的类别应为 01-04（01 食品制作、02 种植、03 手工制作、04 "
        "其它），实际为 " +
            std::string(code.substr(2, 2)),
        "code");
  }
  if (ToInt(code.substr(4, 3)) == 0) {
    return Status::InvalidArgument("catalog.code_invalid",
                                   "项目代码的序号应为 001-999，实际为 000",
                                   "code");
  }
  return Status::Ok();
}

std::optional<std::string> CategoryName(int category) {
  if (category < 1 || category > 4) return std::nullopt;
  return std::string(kCategoryNames[category - 1]);
}

std::optional<int> CategoryByName(std::string_view name) {
  for (std::size_t i = 0; i < kCategoryNames.size(); ++i) {
    if (kCategoryNames[i] == name) return static_cast<int>(i) + 1;
  }
  return std::nullopt;
}

Status ValidateInstitutionCode(std::string_view code) {
  const bool ok =
      code.size() == 11 && code[0] == 'Z' && AllDigits(code.substr(1, 6)) &&
      std::string_view("QYTP").find(code[7]) != std::string_view::npos &&
      AllDigits(code.substr(8, 3)) && ToInt(code.substr(8, 3)) > 0;
  if (!ok) return InstitutionCodeError(code);
  return Status::Ok();
}

std::string FormatInstitutionCode(std::string_view division, char type_letter,
                                  int serial) {
  char tail[8];
  std::snprintf(tail, sizeof tail, "%c%03d", type_letter, serial);
  return "Z" + std::string(division) + tail;
}

Result<std::string> FormatCertificateNumber(std::string_view institution_code,
                                            int year, int serial) {
  ZXKH_RETURN_IF_ERROR(ValidateInstitutionCode(institution_code));
  if (year < 2000 || year > 2099) {
    return Status::InvalidArgument(
        "certificate.year_invalid",
        "证书发证年份应在 2000–2099 之间，实际为 " + std::to_string(year));
  }
  if (serial < 1 || serial > 999999) {
    return Status::InvalidArgument(
        "certificate.serial_invalid",
        "证书序号应在 1–999999 之间，实际为 " + std::to_string(serial));
  }
  char tail[16];
  std::snprintf(tail, sizeof tail, "%02d%06d", year % 100, serial);
  std::string number = std::string(institution_code) + tail;
  number += Mod37_36CheckChar(number);
  return number;
}

Status ValidateCertificateNumber(std::string_view number) {
  const std::size_t len = Utf8Length(number);
  if (len != 20) {
    return Status::InvalidArgument(
        "certificate.length",
        "证书编号应为 20 位，实际为 " + std::to_string(len) + " 位",
        "certificate_number");
  }
  std::size_t position = 0;  // in characters, as the person counts
  for (char c : number) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++position;
    if (!IsDigit(c) && !IsUpper(c)) {
      return Status::InvalidArgument("certificate.chars",
                                     "证书编号只能包含数字和大写字母，第 " +
                                         std::to_string(position) + " 位不符合",
                                     "certificate_number");
    }
  }
  if (!HasValidMod37_36Check(number)) {
    return Status::InvalidArgument("certificate.check_char",
                                   "证书编号校验位错误，请核对后重新输入",
                                   "certificate_number");
  }
  return Status::Ok();
}

std::string MaskIdNumber(std::string_view id) {
  // Split into UTF-8 characters first so a mask never cuts one in half.
  std::vector<std::string_view> chars;
  for (std::size_t i = 0; i < id.size();) {
    std::size_t len = 1;
    while (i + len < id.size() &&
           (static_cast<unsigned char>(id[i + len]) & 0xC0) == 0x80) {
      ++len;
    }
    chars.push_back(id.substr(i, len));
    i += len;
  }
  const std::size_t n = chars.size();
  std::size_t keep_front = 0, keep_back = 0;
  if (n >= 15) {
    keep_front = 4;
    keep_back = 4;
  } else if (n > 2) {
    keep_back = 2;
  }
  std::string out;
  out.reserve(id.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (i < keep_front || i >= n - keep_back) {
      out += chars[i];
    } else {
      out += '*';
    }
  }
  return out;
}

}  // namespace zxkh
