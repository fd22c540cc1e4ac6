// Reading a PDF back (poppler-cpp): its text and metadata, for verifying a
// certificate PDF offline against the signed token it carries.
#pragma once

#include <string>
#include <string_view>

#include "common/status.hpp"

namespace zxkh::docs {

struct PdfContents {
  int pages = 0;
  std::string keywords;  // the Keywords metadata, UTF-8
  std::string text;      // every page's text in reading order, UTF-8
};

// The contents of the PDF in `bytes`. InvalidArgument("pdf.unreadable")
// when poppler cannot open it (not a PDF, damaged, encrypted). Thread-safe.
Result<PdfContents> ReadPdf(std::string_view bytes);

}  // namespace zxkh::docs
