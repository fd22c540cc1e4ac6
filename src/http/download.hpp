// Files in and out: uploads' names, answers that are files to save.
#pragma once

#include <string>
#include <string_view>

#include "http/request.hpp"

namespace zxkh::http {

inline constexpr std::string_view kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
inline constexpr std::string_view kPdfType = "application/pdf";

// A Content-Disposition value that saves as `filename` (UTF-8, e.g.
// "考核项目目录.xlsx"): RFC 6266 with an ASCII fallback and the RFC 5987
// filename* form, which every current browser honours.
std::string AttachmentDisposition(std::string_view filename);

// The original name of an uploaded file, from the `X-File-Name` header
// (percent-encoded UTF-8, as browsers' encodeURIComponent writes it); "" when
// absent or not valid UTF-8. Only for display: content decides the type.
std::string UploadedFileName(const Request& req);

}  // namespace zxkh::http
