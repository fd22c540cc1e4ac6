#include "docs/certificate_pdf.hpp"

#include <cstdio>

#include "docs/pdf.hpp"
#include "docs/qr.hpp"
#include "domain/id_document.hpp"

namespace zxkh::docs {
namespace {

constexpr char kTitle[] = "专项职业能力证书";
constexpr char kSubtitle[] = "Certificate of Special Vocational Ability";
constexpr char kQrCaption[] = "扫码或登录平台核验";
constexpr char kUrlLabel[] = "核验网址：";
constexpr char kNotice[] =
    "本证书为电子证书，经平台数字签名（Ed25519），可离线核验。";

std::string ChineseDate(const Date& d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%d年%02d月%02d日", d.year(), d.month(),
                d.day());
  return buf;
}

std::string Statement(const domain::CertificateRecord& r) {
  return r.holder_name + " 参加" + r.project_name +
         "专项职业能力考核，成绩合格，特发此证。";
}

std::string WithoutSpace(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '\f') out += c;
  }
  return out;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> CertificateLines(
    const domain::CertificateRecord& r) {
  return {
      {"姓名", r.holder_name},
      {"证件类型",
       std::string(domain::IdTypeTitle(
           domain::ParseIdType(r.id_type).value_or(domain::IdType::kOther)))},
      {"证件号码", r.id_masked},
      {"考核项目", r.project_name + "（" + r.project_code + "）"},
      {"考核结果", r.result},
      {"考核机构", r.institution_name},
      {"机构代码", r.institution_code},
      {"发证日期", ChineseDate(r.issue_date)},
      {"证书编号", r.number},
  };
}

Result<std::string> RenderCertificatePdf(const domain::CertificateRecord& r,
                                         std::string_view token,
                                         std::string_view verify_url) {
  PageOptions page;
  page.header_text.clear();
  page.page_numbers = false;
  page.title = std::string(kTitle) + " " + r.number;
  page.keywords = std::string(token) + " " + std::string(verify_url);
  PdfDocument pdf(page);

  TextStyle title;
  title.size_pt = 30;
  title.bold = true;
  title.align = Align::kCenter;
  pdf.TextAt(105, 38, kTitle, title);
  TextStyle subtitle;
  subtitle.size_pt = 11;
  subtitle.align = Align::kCenter;
  subtitle.gray = 0.35;
  pdf.TextAt(105, 56, kSubtitle, subtitle);

  TextStyle body;
  body.size_pt = 14;
  body.align = Align::kLeft;
  body.first_line_indent_em = 2;
  pdf.TextAt(30, 78, Statement(r), body, 150);

  TextStyle label;
  label.size_pt = 12;
  label.align = Align::kLeft;
  label.gray = 0.3;
  TextStyle value = label;
  value.gray = 0;
  value.size_pt = 13;
  double y = 102;
  for (const auto& [k, v] : CertificateLines(r)) {
    pdf.TextAt(40, y, k + "：", label);
    pdf.TextAt(72, y, v, value, 110);
    y += 11;
  }

  ZXKH_ASSIGN_OR_RETURN(QrCode qr, EncodeQr(token, QrErrorLevel::kLow));
  // The flow is otherwise empty: a spacer puts the QR code at the bottom.
  pdf.Spacer(190);
  pdf.Qr(qr, 48, kQrCaption, Align::kRight);
  TextStyle small;
  small.size_pt = 9;
  small.align = Align::kLeft;
  small.gray = 0.35;
  pdf.TextAt(25, 262, kUrlLabel + std::string(verify_url), small, 110);
  pdf.TextAt(25, 268, kNotice, small, 110);
  return pdf.Render();
}

Result<CertificateKeywords> ParseCertificateKeywords(
    std::string_view keywords) {
  const std::size_t space = keywords.find(' ');
  if (!keywords.starts_with(domain::kTokenPrefix) ||
      space == std::string_view::npos) {
    return Status::InvalidArgument("certificate.pdf_no_token",
                                   "该 PDF 不含电子证书签名信息");
  }
  return CertificateKeywords{std::string(keywords.substr(0, space)),
                             std::string(keywords.substr(space + 1))};
}

Status CheckCertificateText(const domain::CertificateRecord& record,
                            std::string_view verify_url,
                            std::string_view pdf_text) {
  std::string rest = WithoutSpace(pdf_text);
  // Takes one occurrence of `piece` out of the rest; false when absent.
  auto take = [&rest](std::string_view piece) {
    const std::string needle = WithoutSpace(piece);
    const std::size_t at = rest.find(needle);
    if (at == std::string::npos) return false;
    rest.erase(at, needle.size());
    return true;
  };
  auto mismatch = [](std::string_view what) {
    return Status::InvalidArgument("certificate.text_mismatch",
                                   "PDF 上的文字与签名内容不符（" +
                                       std::string(what) +
                                       "），证书可能被篡改");
  };
  // Labelled lines first: each is unique by its label, so no piece can be
  // taken from inside another.
  for (const auto& [label, value] : CertificateLines(record)) {
    if (!take(label + "：" + value)) return mismatch(label);
  }
  if (!take(Statement(record))) return mismatch("证书正文");
  for (std::string_view fixed : {kNotice, kTitle, kSubtitle, kQrCaption}) {
    if (!take(fixed)) return mismatch(fixed);
  }
  if (!take(kUrlLabel + std::string(verify_url))) return mismatch("核验网址");
  if (!rest.empty()) {
    return Status::InvalidArgument(
        "certificate.text_extra", "PDF 含有签名内容以外的文字，证书可能被篡改");
  }
  return Status::Ok();
}

}  // namespace zxkh::docs
