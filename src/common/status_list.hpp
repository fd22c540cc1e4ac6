// The certificate status list: one bit per certificate (1 = revoked),
// published gzip-compressed and base64url-encoded so verifiers can learn
// every status at once without revealing which certificate they check
// (the shape of the W3C Bitstring Status List).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"

namespace zxkh {

// The least a list holds, so a short list does not reveal how few
// certificates exist (herd privacy).
inline constexpr std::size_t kMinStatusListBits = 131072;

class StatusList {
 public:
  // A list of max(bits, kMinStatusListBits) bits rounded up to whole
  // bytes, all clear.
  explicit StatusList(std::size_t bits = kMinStatusListBits);

  std::size_t size() const { return bytes_.size() * 8; }
  // Sets or clears bit `index`; grows the list when it lies beyond.
  void Set(std::size_t index, bool revoked = true);
  // The bit at `index`; false beyond the end.
  bool Get(std::size_t index) const;

  // gzip (RFC 1952, deterministic: no name, mtime 0) then base64url
  // without padding.
  std::string Encode() const;
  // The inverse of Encode. InvalidArgument("status_list.invalid") when the
  // text is not base64url of a gzip stream, or decompresses to fewer than
  // kMinStatusListBits bits or more than 64 MiB.
  static Result<StatusList> Decode(std::string_view encoded);

 private:
  std::vector<uint8_t> bytes_;  // bit i = bytes_[i / 8] & (0x80 >> i % 8)
};

}  // namespace zxkh
