#include "common/crypto.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <stdexcept>

namespace zxkh {
namespace {

// Every libsodium entry point below goes through here first; sodium_init is
// idempotent but not free, hence call_once.
void EnsureSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) {
      // Without a CSPRNG nothing here is safe; this is a startup failure.
      std::abort();
    }
  });
}

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

unsigned char* MutableBytes(std::string& s) {
  return reinterpret_cast<unsigned char*>(s.data());
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string EncodeBase64(std::string_view bytes, int variant) {
  EnsureSodium();
  std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), Bytes(bytes), bytes.size(),
                    variant);
  out.resize(std::strlen(out.c_str()));
  return out;
}

Result<std::string> DecodeBase64(std::string_view text, int variant) {
  EnsureSodium();
  std::string out(text.size() / 4 * 3 + 3, '\0');
  size_t len = 0;
  // b64_end = nullptr: the whole input must be valid, no trailing garbage.
  if (sodium_base642bin(MutableBytes(out), out.size(), text.data(), text.size(),
                        nullptr, &len, nullptr, variant) != 0) {
    return Status::InvalidArgument("crypto.base64", "Base64 编码无效");
  }
  out.resize(len);
  return out;
}

// Reads at most `limit` bytes of an open file.
Result<std::string> ReadAll(int fd, std::size_t limit) {
  std::string out;
  char buf[512];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::Unavailable("crypto.key_io", "无法读取签名密钥文件");
    }
    if (n == 0) return out;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > limit) {
      return Status::FailedPrecondition("crypto.key_invalid",
                                        "签名密钥文件内容无效");
    }
  }
}

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::string_view TrimAsciiSpace(std::string_view s) {
  while (!s.empty() && std::strchr(" \t\r\n", s.front())) s.remove_prefix(1);
  while (!s.empty() && std::strchr(" \t\r\n", s.back())) s.remove_suffix(1);
  return s;
}

// Makes a freshly linked file durable: its directory entry lives in the
// parent directory.
void SyncParentDirectory(const std::string& path) {
  const auto slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "."
                          : slash == 0               ? "/"
                                                     : path.substr(0, slash);
  const int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    (void)fsync(fd);
    close(fd);
  }
}

}  // namespace

std::array<uint8_t, 32> Sha256(std::string_view data) {
  EnsureSodium();
  std::array<uint8_t, 32> out;
  crypto_hash_sha256(out.data(), Bytes(data), data.size());
  return out;
}

std::string Sha256Hex(std::string_view data) {
  const auto h = Sha256(data);
  return HexEncode(
      std::string_view(reinterpret_cast<const char*>(h.data()), h.size()));
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

Result<std::string> HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0) {
    return Status::InvalidArgument("crypto.hex", "十六进制字符串长度应为偶数");
  }
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = HexValue(hex[i]);
    const int lo = HexValue(hex[i + 1]);
    if (hi < 0 || lo < 0) {
      return Status::InvalidArgument("crypto.hex", "十六进制字符串含非法字符");
    }
    out += static_cast<char>(hi << 4 | lo);
  }
  return out;
}

std::string Base64UrlEncode(std::string_view bytes) {
  return EncodeBase64(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

Result<std::string> Base64UrlDecode(std::string_view text) {
  return DecodeBase64(text, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::string Base64Encode(std::string_view bytes) {
  return EncodeBase64(bytes, sodium_base64_VARIANT_ORIGINAL);
}

Result<std::string> Base64Decode(std::string_view text) {
  return DecodeBase64(text, sodium_base64_VARIANT_ORIGINAL);
}

std::string RandomBytes(std::size_t n) {
  EnsureSodium();
  std::string out(n, '\0');
  randombytes_buf(out.data(), n);
  return out;
}

std::string RandomToken(std::size_t bytes) {
  return Base64UrlEncode(RandomBytes(bytes));
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  EnsureSodium();
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<SigningKey> SigningKey::Load(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) {
      return Status::NotFound("crypto.key_missing",
                              "签名密钥文件 " + path + " 不存在");
    }
    if (errno == ELOOP) {
      return Status::FailedPrecondition(
          "crypto.key_permissions",
          "签名密钥文件 " + path + " 是符号链接，拒绝使用");
    }
    return Status::Unavailable(
        "crypto.key_io",
        "无法打开签名密钥文件 " + path + "：" + std::strerror(errno));
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
      (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    close(fd);
    return Status::FailedPrecondition(
        "crypto.key_permissions",
        "签名密钥文件 " + path +
            " 的权限过宽或不是普通文件：只允许属主读写（chmod 600）");
  }
  auto content = ReadAll(fd, 4096);
  close(fd);
  if (!content.ok()) return content.status();
  auto seed = Base64Decode(TrimAsciiSpace(*content));
  sodium_memzero(content->data(), content->size());
  if (!seed.ok() || seed->size() != crypto_sign_SEEDBYTES) {
    return Status::FailedPrecondition(
        "crypto.key_invalid",
        "签名密钥文件 " + path + " 内容无效：应为 32 字节种子的 Base64 编码");
  }
  SigningKey key = FromSeed(*seed);
  sodium_memzero(seed->data(), seed->size());
  return key;
}

Result<SigningKey> SigningKey::LoadOrCreate(const std::string& path) {
  auto loaded = Load(path);
  if (loaded.ok() || loaded.status().status_code() != StatusCode::kNotFound) {
    return loaded;
  }
  std::string seed = RandomBytes(crypto_sign_SEEDBYTES);
  std::string content = Base64Encode(seed) + "\n";
  // mkstemp opens with O_CREAT|O_EXCL and mode 0600. The complete file is
  // then linked into place: link() fails with EEXIST instead of replacing,
  // so two servers starting at once never see a half-written key and both
  // end up using the one that won.
  std::string tmp = path + ".tmp-XXXXXX";
  const int fd = mkstemp(tmp.data());
  if (fd < 0) {
    return Status::Unavailable(
        "crypto.key_io",
        "无法创建签名密钥文件 " + path + "：" + std::strerror(errno));
  }
  const bool written = fchmod(fd, S_IRUSR | S_IWUSR) == 0 &&
                       WriteAll(fd, content) && fsync(fd) == 0;
  close(fd);
  sodium_memzero(content.data(), content.size());
  if (!written) {
    unlink(tmp.c_str());
    return Status::Unavailable("crypto.key_io", "无法写入签名密钥文件 " + path);
  }
  const int linked = link(tmp.c_str(), path.c_str());
  const int link_errno = errno;
  unlink(tmp.c_str());
  if (linked != 0) {
    if (link_errno == EEXIST) return Load(path);  // another process won
    return Status::Unavailable(
        "crypto.key_io",
        "无法创建签名密钥文件 " + path + "：" + std::strerror(link_errno));
  }
  SyncParentDirectory(path);
  SigningKey key = FromSeed(seed);
  sodium_memzero(seed.data(), seed.size());
  return key;
}

SigningKey SigningKey::FromSeed(std::string_view seed32) {
  if (seed32.size() != crypto_sign_SEEDBYTES) {
    throw std::invalid_argument("SigningKey::FromSeed needs 32 bytes");
  }
  EnsureSodium();
  std::string pk(crypto_sign_PUBLICKEYBYTES, '\0');
  std::string sk(crypto_sign_SECRETKEYBYTES, '\0');
  crypto_sign_seed_keypair(MutableBytes(pk), MutableBytes(sk), Bytes(seed32));
  return SigningKey(std::move(sk), std::move(pk));
}

SigningKey::~SigningKey() {
  if (!secret_key_.empty()) {
    sodium_memzero(secret_key_.data(), secret_key_.size());
  }
}

std::string SigningKey::Sign(std::string_view msg) const {
  EnsureSodium();
  std::string sig(crypto_sign_BYTES, '\0');
  crypto_sign_detached(MutableBytes(sig), nullptr, Bytes(msg), msg.size(),
                       Bytes(secret_key_));
  return sig;
}

std::string SigningKey::key_id() const { return KeyIdOf(public_key_); }

std::string KeyIdOf(std::string_view public_key32) {
  return Sha256Hex(public_key32).substr(0, 16);
}

bool VerifySignature(std::string_view public_key32, std::string_view msg,
                     std::string_view sig64) {
  if (public_key32.size() != crypto_sign_PUBLICKEYBYTES ||
      sig64.size() != crypto_sign_BYTES) {
    return false;
  }
  EnsureSodium();
  return crypto_sign_verify_detached(Bytes(sig64), Bytes(msg), msg.size(),
                                     Bytes(public_key32)) == 0;
}

}  // namespace zxkh
