#include "common/pii_cipher.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

namespace zxkh {
namespace {

constexpr std::size_t kKeyBytes = 32;

void EnsureSodium() {
  static const int ok = sodium_init();
  (void)ok;
}

}  // namespace

Result<PiiCipher> PiiCipher::LoadOrCreate(const std::string& path) {
  EnsureSodium();
  std::string key(2 * kKeyBytes, '\0');
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    randombytes_buf(key.data(), key.size());
    fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 ||
        write(fd, key.data(), key.size()) != static_cast<ssize_t>(key.size())) {
      if (fd >= 0) close(fd);
      return Status::Unavailable("pii.key_file",
                                 "无法创建个人信息加密密钥文件 " + path);
    }
    close(fd);
  } else {
    const ssize_t n = read(fd, key.data(), key.size());
    close(fd);
    if (n != static_cast<ssize_t>(key.size())) {
      return Status::Unavailable("pii.key_file",
                                 "个人信息加密密钥文件已损坏：" + path);
    }
  }
  return PiiCipher(key.substr(0, kKeyBytes), key.substr(kKeyBytes));
}

PiiCipher PiiCipher::ForTesting(std::string_view seed) {
  EnsureSodium();
  std::string key(2 * kKeyBytes, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(key.data()), key.size(),
                     reinterpret_cast<const unsigned char*>(seed.data()),
                     seed.size(), nullptr, 0);
  return PiiCipher(key.substr(0, kKeyBytes), key.substr(kKeyBytes));
}

std::string PiiCipher::Encrypt(std::string_view plaintext) const {
  std::string out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES +
                      plaintext.size(),
                  '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(
      nonce + crypto_secretbox_NONCEBYTES,
      reinterpret_cast<const unsigned char*>(plaintext.data()),
      plaintext.size(), nonce,
      reinterpret_cast<const unsigned char*>(enc_key_.data()));
  return out;
}

Result<std::string> PiiCipher::Decrypt(std::string_view sealed) const {
  if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return Status::InvalidArgument("pii.decrypt", "加密数据不完整");
  }
  std::string out(
      sealed.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES,
      '\0');
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data());
  if (crypto_secretbox_open_easy(
          reinterpret_cast<unsigned char*>(out.data()),
          nonce + crypto_secretbox_NONCEBYTES,
          sealed.size() - crypto_secretbox_NONCEBYTES, nonce,
          reinterpret_cast<const unsigned char*>(enc_key_.data())) != 0) {
    return Status::InvalidArgument("pii.decrypt", "加密数据无法解密");
  }
  return out;
}

std::string PiiCipher::LookupHash(std::string_view plaintext) const {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest,
                     reinterpret_cast<const unsigned char*>(plaintext.data()),
                     plaintext.size(),
                     reinterpret_cast<const unsigned char*>(mac_key_.data()),
                     mac_key_.size());
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

}  // namespace zxkh
