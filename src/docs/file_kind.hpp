// What an uploaded file really is, decided from its content (R-INS-2: "type
// sniffed from content, not the name"): PDF, PNG, JPEG, DOCX or XLSX.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "common/status.hpp"

namespace zxkh::docs {

enum class FileKind { kPdf, kPng, kJpeg, kDocx, kXlsx };

// "application/pdf", "image/png", … .
std::string_view MediaTypeOf(FileKind kind);
// "PDF", "PNG 图片", … for messages.
std::string_view FileKindTitle(FileKind kind);

// The kind of the file at `path` (reads its first bytes; opens a zip to tell
// DOCX from XLSX). InvalidArgument("file.type_not_allowed") naming the
// allowed kinds when it is none of `allowed`; ("file.unreadable") when the
// file cannot be read.
Result<FileKind> SniffFile(const std::string& path,
                           std::span<const FileKind> allowed);

// As SniffFile for bytes in memory.
Result<FileKind> SniffBytes(std::string_view bytes,
                            std::span<const FileKind> allowed);

}  // namespace zxkh::docs
