#include "docs/pdf_reader.hpp"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <memory>
#include <mutex>

namespace zxkh::docs {
namespace {

std::string Utf8(const poppler::ustring& s) {
  poppler::byte_array bytes = s.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

void Silence(const std::string&, void*) {}

}  // namespace

Result<PdfContents> ReadPdf(std::string_view bytes) {
  // poppler prints parse errors of damaged files to stderr; the caller gets
  // a Status instead.
  static std::once_flag quiet;
  std::call_once(quiet,
                 [] { poppler::set_debug_error_function(Silence, nullptr); });
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_raw_data(
      bytes.data(), static_cast<int>(bytes.size())));
  if (!doc || doc->is_locked()) {
    return Status::InvalidArgument("pdf.unreadable",
                                   "无法读取该 PDF 文件（不是 PDF 或已损坏）");
  }
  PdfContents out;
  out.pages = doc->pages();
  out.keywords = Utf8(doc->info_key("Keywords"));
  for (int i = 0; i < out.pages; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) continue;
    out.text +=
        Utf8(page->text(poppler::rectf(), poppler::page::physical_layout));
    out.text += '\n';
  }
  return out;
}

}  // namespace zxkh::docs
