#include "docs/qr.hpp"

#include <qrencode.h>

#include <cerrno>
#include <memory>
#include <string>

namespace zxkh::docs {
namespace {

QRecLevel ToQrencode(QrErrorLevel level) {
  switch (level) {
    case QrErrorLevel::kLow:
      return QR_ECLEVEL_L;
    case QrErrorLevel::kMedium:
      return QR_ECLEVEL_M;
    case QrErrorLevel::kQuartile:
      return QR_ECLEVEL_Q;
    case QrErrorLevel::kHigh:
      return QR_ECLEVEL_H;
  }
  return QR_ECLEVEL_M;
}

struct QrcodeFree {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

Result<QrCode> EncodeQr(std::string_view data, QrErrorLevel level) {
  if (data.empty()) {
    return Status::InvalidArgument("qr.empty", "二维码内容不能为空");
  }
  // QRcode_encodeData (not QRcode_encodeString) so that the bytes are taken
  // verbatim in 8-bit mode: no Kanji-mode guess that would mangle UTF-8, and
  // NUL bytes are allowed. Version 0 lets libqrencode pick the smallest.
  // Thread-safe: Debian builds libqrencode with its Reed-Solomon table cache
  // behind a mutex.
  errno = 0;
  std::unique_ptr<QRcode, QrcodeFree> code(
      QRcode_encodeData(static_cast<int>(data.size()),
                        reinterpret_cast<const unsigned char*>(data.data()), 0,
                        ToQrencode(level)));
  if (code == nullptr) {
    if (errno == ERANGE) {  // No version up to 40 holds the data.
      return Status::InvalidArgument(
          "qr.too_long", "二维码内容过长（" + std::to_string(data.size()) +
                             " 字节），超出二维码容量");
    }
    return Status::Internal("qr.encode_failed", "二维码生成失败");
  }
  QrCode out;
  out.size = code->width;
  const size_t n =
      static_cast<size_t>(out.size) * static_cast<size_t>(out.size);
  out.modules.resize(n);
  // Bit 0 of each byte is the module colour; the other bits describe what
  // the module is (finder, timing, data), which printing does not need.
  for (size_t i = 0; i < n; ++i) out.modules[i] = (code->data[i] & 1) != 0;
  return out;
}

}  // namespace zxkh::docs
