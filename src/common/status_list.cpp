#include "common/status_list.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstdlib>

#include "common/crypto.hpp"

namespace zxkh {
namespace {

constexpr std::size_t kMaxDecodedBytes = 64u << 20;

Status Invalid(std::string_view why) {
  return Status::InvalidArgument("status_list.invalid",
                                 "证书状态列表格式不正确：" + std::string(why));
}

}  // namespace

StatusList::StatusList(std::size_t bits)
    : bytes_((std::max(bits, kMinStatusListBits) + 7) / 8, 0) {}

void StatusList::Set(std::size_t index, bool revoked) {
  if (index / 8 >= bytes_.size()) bytes_.resize(index / 8 + 1, 0);
  const uint8_t mask = static_cast<uint8_t>(0x80u >> (index % 8));
  if (revoked) {
    bytes_[index / 8] |= mask;
  } else {
    bytes_[index / 8] &= static_cast<uint8_t>(~mask);
  }
}

bool StatusList::Get(std::size_t index) const {
  if (index / 8 >= bytes_.size()) return false;
  return (bytes_[index / 8] & (0x80u >> (index % 8))) != 0;
}

std::string StatusList::Encode() const {
  z_stream z{};
  // windowBits 15 + 16 = a gzip wrapper; deflateInit2 writes mtime 0 and
  // no file name, so equal lists encode to equal bytes.
  deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9,
               Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, bytes_.size()) + 32, '\0');
  z.next_in = const_cast<Bytef*>(bytes_.data());
  z.avail_in = static_cast<uInt>(bytes_.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) {
    // deflateBound guarantees room; anything else is a bug in zlib's use.
    std::abort();
  }
  return Base64UrlEncode(out);
}

Result<StatusList> StatusList::Decode(std::string_view encoded) {
  Result<std::string> gz = Base64UrlDecode(encoded);
  if (!gz.ok()) return Invalid("不是 base64url");
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return Invalid("无法解压");
  z.next_in = reinterpret_cast<Bytef*>(gz->data());
  z.avail_in = static_cast<uInt>(gz->size());
  std::vector<uint8_t> bytes;
  uint8_t chunk[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = chunk;
    z.avail_out = sizeof chunk;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    bytes.insert(bytes.end(), chunk, chunk + (sizeof chunk - z.avail_out));
    if (bytes.size() > kMaxDecodedBytes) {
      rc = Z_MEM_ERROR;
      break;
    }
  }
  const bool trailing = z.avail_in != 0;
  inflateEnd(&z);
  if (rc != Z_STREAM_END || trailing) return Invalid("不是完整的 gzip 数据");
  if (bytes.size() * 8 < kMinStatusListBits) return Invalid("条目数不足");
  StatusList list(0);
  list.bytes_ = std::move(bytes);
  return list;
}

}  // namespace zxkh
