#include "http/download.hpp"

#include <cctype>
#include <string>

#include "common/text.hpp"

namespace zxkh::http {

std::string AttachmentDisposition(std::string_view filename) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string ascii;
  std::string encoded;
  for (unsigned char c : filename) {
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                       (c >= '0' && c <= '9') || c == '.' || c == '-' ||
                       c == '_';
    ascii += plain ? static_cast<char>(c) : '_';
    if (plain) {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

std::string UploadedFileName(const Request& req) {
  const std::string raw = req.Header("x-file-name");
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '%' && i + 2 < raw.size() &&
        std::isxdigit(static_cast<unsigned char>(raw[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(raw[i + 2]))) {
      out += static_cast<char>(std::stoi(raw.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += raw[i];
    }
  }
  // No path parts and no control characters: it is shown and offered back.
  if (const auto slash = out.find_last_of("/\\"); slash != std::string::npos) {
    out = out.substr(slash + 1);
  }
  for (char c : out) {
    if (static_cast<unsigned char>(c) < 0x20) return {};
  }
  return IsValidUtf8(out) ? out : std::string();
}

}  // namespace zxkh::http
