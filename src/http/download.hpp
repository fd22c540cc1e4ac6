// Answers that are files to save (Excel exports, PDFs).
#pragma once

#include <string>
#include <string_view>

namespace zxkh::http {

inline constexpr std::string_view kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
inline constexpr std::string_view kPdfType = "application/pdf";

// A Content-Disposition value that saves as `filename` (UTF-8, e.g.
// "考核项目目录.xlsx"): RFC 6266 with an ASCII fallback and the RFC 5987
// filename* form, which every current browser honours.
std::string AttachmentDisposition(std::string_view filename);

}  // namespace zxkh::http
