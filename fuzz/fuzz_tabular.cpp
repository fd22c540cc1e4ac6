// Uploaded spreadsheets (catalog import now, candidate lists later) are
// hostile input: CSV in any encoding, zip files of any shape.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "docs/tabular.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)zxkh::docs::ReadTable(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
