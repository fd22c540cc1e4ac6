// QR codes for printed documents: the verification link on receipts and
// certificates, so anyone can check a paper against the platform.
#pragma once

#include <string_view>
#include <vector>

#include "common/status.hpp"

namespace zxkh::docs {

// How much of the symbol may be damaged (a stamp, a fold) and still read:
// about 7 %, 15 %, 25 % and 30 %. Higher levels make a larger symbol.
enum class QrErrorLevel { kLow, kMedium, kQuartile, kHigh };

// A QR symbol without its quiet zone: `size` x `size` modules, row-major.
struct QrCode {
  // Modules per side: 21 + 4 * (version - 1), so 21 to 177.
  int size = 0;
  // size * size entries, row-major from the top-left; true = dark.
  std::vector<bool> modules;

  // True when the module at column x, row y is dark. Outside the symbol
  // (the quiet zone printers must leave blank) it is light, so callers can
  // draw a margin without bounds checks.
  bool at(int x, int y) const {
    if (x < 0 || y < 0 || x >= size || y >= size) return false;
    return modules[static_cast<size_t>(y) * static_cast<size_t>(size) +
                   static_cast<size_t>(x)];
  }
};

// Encodes `data` (UTF-8 text or arbitrary bytes, taken verbatim) in 8-bit
// byte mode with the smallest version that fits, via libqrencode. Fails with
// InvalidArgument "qr.empty" for no data and "qr.too_long" when the data
// exceeds version 40 at `level` (2,953 bytes at kLow, 2,331 at kMedium);
// Internal "qr.encode_failed" otherwise (out of memory). Thread-safe.
Result<QrCode> EncodeQr(std::string_view data,
                        QrErrorLevel level = QrErrorLevel::kMedium);

}  // namespace zxkh::docs
