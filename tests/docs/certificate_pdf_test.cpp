#include "docs/certificate_pdf.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "common/crypto.hpp"
#include "docs/pdf_reader.hpp"

namespace zxkh::docs {
namespace {

domain::CertificateRecord Record() {
  domain::CertificateRecord r;
  r.number = "Z370211P00126000123C";
  r.holder_name = "刘小红";
  r.id_type = "resident_id";
  r.id_masked = "3702**********0021";
  r.id_salt = "c2FsdA";
  r.id_hash = domain::IdNumberHash(r.id_salt, "370211199803150021");
  r.project_code = "ZX01001";
  r.project_name = "胶东花饽饽制作";
  r.institution_code = "Z370211P001";
  r.institution_name = "青岛西海岸新区职业技能培训学校";
  r.result = "合格";
  r.issue_date = *Date::Parse("2026-12-08");
  r.key_id = "0123456789abcdef";
  r.status_index = 5;
  return r;
}

std::string Token(const domain::CertificateRecord& r) {
  const SigningKey key = SigningKey::FromSeed(std::string(32, 'k'));
  const std::string canonical = domain::CanonicalJson(r);
  return domain::EncodeToken(canonical, key.Sign(canonical));
}

TEST(CertificatePdfTest, CarriesTheTokenAndPrintsEveryLine) {
  const domain::CertificateRecord r = Record();
  const std::string token = Token(r);
  Result<std::string> pdf =
      RenderCertificatePdf(r, token, "https://zxkh.qingdao.example/verify");
  ASSERT_TRUE(pdf.ok()) << pdf.status().message();
  if (const char* keep = std::getenv("ZXKH_KEEP_PDF")) {
    std::ofstream(keep, std::ios::binary) << *pdf;
  }
  Result<PdfContents> contents = ReadPdf(*pdf);
  ASSERT_TRUE(contents.ok()) << contents.status().message();
  EXPECT_EQ(contents->pages, 1);
  Result<CertificateKeywords> keywords =
      ParseCertificateKeywords(contents->keywords);
  ASSERT_TRUE(keywords.ok()) << contents->keywords;
  EXPECT_EQ(keywords->token, token);
  EXPECT_EQ(keywords->verify_url, "https://zxkh.qingdao.example/verify");
  // The printed text is exactly the signed record's.
  EXPECT_TRUE(
      CheckCertificateText(r, keywords->verify_url, contents->text).ok())
      << CheckCertificateText(r, keywords->verify_url, contents->text).message()
      << contents->text;
  for (const auto& [label, value] : CertificateLines(r)) {
    EXPECT_NE(contents->text.find(value), std::string::npos) << label;
  }
}

TEST(CertificatePdfTest, APdfWhoseTextWasEditedFailsTheTextCheck) {
  const domain::CertificateRecord genuine = Record();
  const std::string token = Token(genuine);
  const std::string url = "https://zxkh.qingdao.example/verify";
  // The same page printed for another holder, carrying the genuine token:
  // what editing the name in a PDF editor produces.
  domain::CertificateRecord edited = genuine;
  edited.holder_name = "刘小明";
  Result<std::string> pdf = RenderCertificatePdf(edited, token, url);
  ASSERT_TRUE(pdf.ok());
  Result<PdfContents> contents = ReadPdf(*pdf);
  ASSERT_TRUE(contents.ok());
  Status s = CheckCertificateText(genuine, url, contents->text);
  EXPECT_EQ(s.code(), "certificate.text_mismatch");
  EXPECT_NE(s.message().find("姓名"), std::string::npos) << s.message();
  // An edited date.
  edited = genuine;
  edited.issue_date = *Date::Parse("2025-12-08");
  contents = ReadPdf(*RenderCertificatePdf(edited, token, url));
  ASSERT_TRUE(contents.ok());
  s = CheckCertificateText(genuine, url, contents->text);
  EXPECT_EQ(s.code(), "certificate.text_mismatch");
  EXPECT_NE(s.message().find("发证日期"), std::string::npos) << s.message();
  // Text added on top of a genuine page.
  contents = ReadPdf(*RenderCertificatePdf(genuine, token, url));
  ASSERT_TRUE(contents.ok());
  EXPECT_EQ(CheckCertificateText(genuine, url, contents->text + "另：高级技师")
                .code(),
            "certificate.text_extra");
}

TEST(CertificatePdfTest, RefusesFilesWithoutACertificate) {
  EXPECT_EQ(ReadPdf("not a pdf").status().code(), "pdf.unreadable");
  EXPECT_EQ(ParseCertificateKeywords("").status().code(),
            "certificate.pdf_no_token");
  EXPECT_EQ(ParseCertificateKeywords("ZXC1.abc").status().code(),
            "certificate.pdf_no_token");
}

}  // namespace
}  // namespace zxkh::docs
