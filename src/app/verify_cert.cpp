#include "app/verify_cert.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include "common/clock.hpp"
#include "docs/certificate_pdf.hpp"
#include "docs/pdf_reader.hpp"
#include "domain/certificate_verification.hpp"

namespace zxkh::app {
namespace {

std::optional<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return std::nullopt;
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

int Refuse(std::string_view message) {
  std::cerr << "错误：" << message << "\n";
  return 1;
}

}  // namespace

int RunVerifyCert(const Options& options) {
  if (options.positional.size() != 2 || options.keys_file.empty()) {
    std::cerr << "用法：zxkh verify-cert FILE.pdf|TOKEN --keys KEYS.json "
                 "[--status STATUS.json] [--proof PROOF.json]\n";
    return 2;
  }
  const std::string& subject = options.positional[1];
  auto keys_json = ReadWholeFile(options.keys_file);
  if (!keys_json) return Refuse("无法读取公钥文件 " + options.keys_file);
  auto keys = domain::ParseKeySet(*keys_json);
  if (!keys.ok()) return Refuse(keys.status().message());
  std::optional<std::string> status_list;
  if (!options.status_file.empty()) {
    status_list = ReadWholeFile(options.status_file);
    if (!status_list) return Refuse("无法读取状态列表 " + options.status_file);
  }

  std::optional<std::string> proof;
  if (!options.proof_file.empty()) {
    proof = ReadWholeFile(options.proof_file);
    if (!proof) return Refuse("无法读取透明性证明 " + options.proof_file);
  }

  // A token, or a PDF carrying one.
  std::string token = subject;
  std::optional<docs::PdfContents> pdf;
  std::string verify_url;
  if (!subject.starts_with(domain::kTokenPrefix)) {
    auto bytes = ReadWholeFile(subject);
    if (!bytes) return Refuse("无法读取文件 " + subject);
    auto contents = docs::ReadPdf(*bytes);
    if (!contents.ok()) return Refuse(contents.status().message());
    auto carried = docs::ParseCertificateKeywords(contents->keywords);
    if (!carried.ok()) return Refuse(carried.status().message());
    token = carried->token;
    verify_url = carried->verify_url;
    pdf = std::move(contents).value();
  }

  SystemClock clock;
  const domain::OfflineVerification v =
      domain::VerifyOffline(token, *keys, status_list, clock.NowUnixMillis());
  std::cout << "签名：" << domain::SignatureVerdictTitle(v.signature) << "\n";
  std::cout << "状态：" << domain::StatusVerdictTitle(v.status);
  if (!v.status_reason.empty()) std::cout << "（" << v.status_reason << "）";
  std::cout << "\n";
  bool text_ok = true;
  if (v.record) {
    for (const auto& [label, value] : docs::CertificateLines(*v.record)) {
      std::cout << label << "：" << value << "\n";
    }
    if (pdf) {
      const Status text =
          docs::CheckCertificateText(*v.record, verify_url, pdf->text);
      text_ok = text.ok();
      std::cout << "PDF 文字：" << (text_ok ? "与签名内容一致" : text.message())
                << "\n";
    }
  }
  // Transparency: the issuance is in the signed operation log. Reported on
  // its own line; a failing proof fails the verification.
  bool proof_ok = true;
  if (proof) {
    const Status p =
        v.record ? domain::VerifyIssuanceProof(*proof, v.record->number, *keys)
                 : Status::InvalidArgument("certificate.token_invalid",
                                           "证书内容无法读取");
    proof_ok = p.ok();
    std::cout << "透明性证明："
              << (proof_ok
                      ? "发证记录已纳入签名检查点（包含证明与检查点签名均有效）"
                      : p.message())
              << "\n";
  }
  const bool genuine = v.Genuine() && text_ok && proof_ok;
  std::cout << "结论："
            << (genuine ? "证书真实有效"
                        : "核验未通过，请勿采信，可登录平台或联系发证机构核实")
            << "\n";
  return genuine ? 0 : 1;
}

}  // namespace zxkh::app
