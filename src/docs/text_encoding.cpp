#include "docs/text_encoding.hpp"

#include <iconv.h>

#include <cerrno>
#include <string>

namespace zxkh::docs {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Owns an iconv descriptor; one per conversion, so conversions never share
// state across threads.
class IconvHandle {
 public:
  IconvHandle(const char* to, const char* from) : cd_(iconv_open(to, from)) {}
  ~IconvHandle() {
    if (ok()) iconv_close(cd_);
  }
  IconvHandle(const IconvHandle&) = delete;
  IconvHandle& operator=(const IconvHandle&) = delete;

  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
  iconv_t get() const { return cd_; }

 private:
  iconv_t cd_;
};

Status EncodingError(std::string_view what, size_t offset) {
  return Status::InvalidArgument(
      "file.encoding",
      "文件在第 " + std::to_string(offset) + " 字节（从 0 起算）处不是有效的 " +
          std::string(what) + " 编码，请确认文件编码后重新保存");
}

// Runs iconv over all of `in`. On an invalid sequence, `on_invalid` may
// consume bytes at that offset and append a replacement (returning how many
// bytes it consumed) or return 0 to fail with the offset.
template <typename OnInvalid>
Result<std::string> Convert(const char* to, const char* from,
                            std::string_view what, std::string_view in,
                            OnInvalid on_invalid) {
  IconvHandle cd(to, from);
  if (!cd.ok()) {
    return Status::Internal("file.encoding_unavailable",
                            "服务器缺少字符编码转换模块");
  }
  std::string out;
  // GBK -> UTF-8 grows by at most 3/2; UTF-8 -> GBK shrinks. Reserve once.
  out.resize(in.size() + in.size() / 2 + 16);
  size_t out_used = 0;
  // iconv's interface is not const-correct; it never writes through inbuf.
  char* in_ptr = const_cast<char*>(in.data());
  size_t in_left = in.size();
  while (in_left > 0) {
    char* out_ptr = out.data() + out_used;
    size_t out_left = out.size() - out_used;
    size_t rc = iconv(cd.get(), &in_ptr, &in_left, &out_ptr, &out_left);
    out_used = static_cast<size_t>(out_ptr - out.data());
    if (rc != static_cast<size_t>(-1)) break;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    // EILSEQ (invalid) or EINVAL (truncated at the end of the input).
    size_t offset = static_cast<size_t>(in_ptr - in.data());
    std::string replacement;
    size_t consumed =
        errno == EILSEQ ? on_invalid(in.substr(offset), replacement) : 0;
    if (consumed == 0) return EncodingError(what, offset);
    if (out.size() - out_used < replacement.size()) {
      out.resize(out.size() * 2 + replacement.size());
    }
    out.replace(out_used, replacement.size(), replacement);
    out_used += replacement.size();
    in_ptr += consumed;
    in_left -= consumed;
  }
  out.resize(out_used);
  return out;
}

}  // namespace

bool IsValidUtf8(std::string_view bytes, size_t* error_offset) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t n = bytes.size();
  size_t i = 0;
  auto fail = [&](size_t at) {
    if (error_offset != nullptr) *error_offset = at;
    return false;
  };
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // Allowed range of the 2nd byte.
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // Overlong.
      if (c == 0xED) hi = 0x9F;  // UTF-16 surrogates.
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // Overlong.
      if (c == 0xF4) hi = 0x8F;  // Above U+10FFFF.
    } else {
      return fail(i);
    }
    if (i + len > n) return fail(i);
    if (s[i + 1] < lo || s[i + 1] > hi) return fail(i);
    for (size_t k = 2; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return fail(i);
    }
    i += len;
  }
  return true;
}

TextEncoding DetectEncoding(std::string_view bytes) {
  if (bytes.starts_with(kUtf8Bom)) return TextEncoding::kUtf8;
  return IsValidUtf8(bytes) ? TextEncoding::kUtf8 : TextEncoding::kGbk;
}

Result<std::string> ToUtf8(std::string_view bytes, TextEncoding encoding) {
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    return Status::InvalidArgument(
        "file.encoding",
        "文件是 UTF-16（Unicode 文本）编码，请在 Excel 中另存为“CSV UTF-8”"
        "或“CSV（逗号分隔）”后重新上传");
  }
  if (encoding == TextEncoding::kUtf8) {
    size_t bom = bytes.starts_with(kUtf8Bom) ? kUtf8Bom.size() : 0;
    bytes.remove_prefix(bom);
    size_t offset = 0;
    // The offset is reported in the file as uploaded, BOM included.
    if (!IsValidUtf8(bytes, &offset))
      return EncodingError("UTF-8", bom + offset);
    return std::string(bytes);
  }
  // Windows code page 936 maps the single byte 0x80 to the euro sign, which
  // GB18030 lacks; accept it so files from Excel convert completely.
  return Convert("UTF-8", "GB18030", "GBK", bytes,
                 [](std::string_view rest, std::string& replacement) {
                   if (!rest.empty() && rest[0] == '\x80') {
                     replacement = "\xE2\x82\xAC";  // U+20AC
                     return size_t{1};
                   }
                   return size_t{0};
                 });
}

Result<std::string> Utf8ToGbk(std::string_view utf8) {
  // A BOM would become garbage in GBK; Windows GBK files have none.
  size_t bom = utf8.starts_with(kUtf8Bom) ? kUtf8Bom.size() : 0;
  utf8.remove_prefix(bom);
  size_t offset = 0;
  if (!IsValidUtf8(utf8, &offset)) return EncodingError("UTF-8", bom + offset);
  return Convert("GB18030", "UTF-8", "UTF-8", utf8,
                 [](std::string_view, std::string&) { return size_t{0}; });
}

}  // namespace zxkh::docs
