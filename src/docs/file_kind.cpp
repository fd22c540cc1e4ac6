#include "docs/file_kind.hpp"

#include <zip.h>

#include <algorithm>
#include <fstream>
#include <optional>

namespace zxkh::docs {
namespace {

// Office files are zip archives; the part names tell Word from Excel.
std::optional<FileKind> OfficeKind(zip_t* archive) {
  if (archive == nullptr) return std::nullopt;
  const bool word = zip_name_locate(archive, "word/document.xml", 0) >= 0;
  const bool excel = zip_name_locate(archive, "xl/workbook.xml", 0) >= 0;
  const bool types = zip_name_locate(archive, "[Content_Types].xml", 0) >= 0;
  zip_close(archive);
  if (!types) return std::nullopt;
  if (word) return FileKind::kDocx;
  if (excel) return FileKind::kXlsx;
  return std::nullopt;
}

std::optional<FileKind> ByMagic(std::string_view head) {
  if (head.starts_with("%PDF-")) return FileKind::kPdf;
  if (head.starts_with("\x89PNG\r\n\x1a\n")) return FileKind::kPng;
  if (head.starts_with("\xFF\xD8\xFF")) return FileKind::kJpeg;
  return std::nullopt;
}

Result<FileKind> Allow(std::optional<FileKind> kind,
                       std::span<const FileKind> allowed) {
  if (kind && std::find(allowed.begin(), allowed.end(), *kind) != allowed.end())
    return *kind;
  std::string list;
  for (FileKind k : allowed) {
    if (!list.empty()) list += "、";
    list += FileKindTitle(k);
  }
  return Status::InvalidArgument(
      "file.type_not_allowed",
      "文件类型不符合要求（按文件内容识别），仅接受：" + list, "file");
}

}  // namespace

std::string_view MediaTypeOf(FileKind kind) {
  switch (kind) {
    case FileKind::kPdf:
      return "application/pdf";
    case FileKind::kPng:
      return "image/png";
    case FileKind::kJpeg:
      return "image/jpeg";
    case FileKind::kDocx:
      return "application/"
             "vnd.openxmlformats-officedocument.wordprocessingml.document";
    case FileKind::kXlsx:
      return "application/"
             "vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  }
  return "application/octet-stream";
}

std::string_view FileKindTitle(FileKind kind) {
  switch (kind) {
    case FileKind::kPdf:
      return "PDF";
    case FileKind::kPng:
      return "PNG 图片";
    case FileKind::kJpeg:
      return "JPEG 图片";
    case FileKind::kDocx:
      return "Word（.docx）";
    case FileKind::kXlsx:
      return "Excel（.xlsx）";
  }
  return "未知";
}

Result<FileKind> SniffFile(const std::string& path,
                           std::span<const FileKind> allowed) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Status::InvalidArgument("file.unreadable", "无法读取上传的文件",
                                   "file");
  char buf[16] = {};
  in.read(buf, sizeof buf);
  const std::string_view head(buf, static_cast<std::size_t>(in.gcount()));
  if (auto kind = ByMagic(head)) return Allow(kind, allowed);
  if (head.starts_with("PK\x03\x04")) {
    int error = 0;
    return Allow(OfficeKind(zip_open(path.c_str(), ZIP_RDONLY, &error)),
                 allowed);
  }
  return Allow(std::nullopt, allowed);
}

Result<FileKind> SniffBytes(std::string_view bytes,
                            std::span<const FileKind> allowed) {
  if (auto kind = ByMagic(bytes.substr(0, 16))) return Allow(kind, allowed);
  if (bytes.starts_with("PK\x03\x04")) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* src =
        zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    zip_t* archive =
        src ? zip_open_from_source(src, ZIP_RDONLY, &error) : nullptr;
    if (archive == nullptr && src != nullptr) zip_source_free(src);
    zip_error_fini(&error);
    return Allow(OfficeKind(archive), allowed);
  }
  return Allow(std::nullopt, allowed);
}

}  // namespace zxkh::docs
