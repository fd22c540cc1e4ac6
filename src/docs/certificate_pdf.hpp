// The printable electronic certificate (专项职业能力证书, issue 7 point 2):
// one A4 page in Chinese with the holder, masked ID, project, institution,
// issue date and number, and a QR code carrying the signed token, which is
// also stored in the PDF's keywords so `zxkh verify-cert FILE.pdf` can read
// it and compare it with the printed text.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.hpp"
#include "domain/certificate.hpp"

namespace zxkh::docs {

// The printed lines of `record`, label and value, in page order.
std::vector<std::pair<std::string, std::string>> CertificateLines(
    const domain::CertificateRecord& record);

// The PDF bytes (deterministic for equal inputs). `token` is EncodeToken's
// output for `record`; `verify_url` (no whitespace) is printed under the
// QR code. Both go into the keywords as "<token> <verify_url>". Errors as
// PdfDocument::Render, e.g. "pdf.glyph_missing" for a name the font lacks.
Result<std::string> RenderCertificatePdf(
    const domain::CertificateRecord& record, std::string_view token,
    std::string_view verify_url);

// The token and the verification URL of a certificate PDF's keywords.
// InvalidArgument("certificate.pdf_no_token") when they are not there.
struct CertificateKeywords {
  std::string token;
  std::string verify_url;
};
Result<CertificateKeywords> ParseCertificateKeywords(std::string_view keywords);

// OK when `pdf_text` (ReadPdf) is exactly what RenderCertificatePdf prints
// for `record` and `verify_url`, whitespace aside and in any order. An
// edited PDF fails with InvalidArgument "certificate.text_mismatch" naming
// the first printed line that differs from the signed record, or
// "certificate.text_extra" when it holds text the record does not explain.
Status CheckCertificateText(const domain::CertificateRecord& record,
                            std::string_view verify_url,
                            std::string_view pdf_text);

}  // namespace zxkh::docs
