#include "common/keyring.hpp"

#include <filesystem>
#include <fstream>

#include "common/text.hpp"

namespace zxkh {
namespace {

std::string PathIn(const std::string& dir, std::string_view file) {
  return dir + "/" + std::string(file);
}

// The retired public keys listed in trusted-keys (absent file: none).
Result<std::vector<std::string>> ReadTrustedKeys(const std::string& path) {
  std::vector<std::string> keys;
  std::ifstream list(path);
  std::string line;
  for (int number = 1; std::getline(list, line); ++number) {
    const std::string_view text = TrimSpace(line);
    if (text.empty() || text.front() == '#') continue;
    auto pk = Base64Decode(text);
    if (!pk.ok() || pk->size() != 32) {
      return Status::InvalidArgument(
          "keys.trusted_key_invalid",
          path + " 第 " + std::to_string(number) +
              " 行不是有效的公钥（应为 32 字节 Ed25519 公钥的 Base64 编码）");
    }
    keys.push_back(std::move(pk).value());
  }
  return keys;
}

}  // namespace

Keyring::Keyring(SigningKey current) {
  keys_.push_back({current.key_id(), current.public_key(), true});
  current_ = std::move(current);
}

Result<Keyring> Keyring::Load(const std::string& data_dir, bool create) {
  Keyring ring;
  const std::string key_path = PathIn(data_dir, kSigningKeyFile);
  Result<SigningKey> key =
      create ? SigningKey::LoadOrCreate(key_path) : SigningKey::Load(key_path);
  if (key.ok()) {
    ring.keys_.push_back({key->key_id(), key->public_key(), true});
    ring.current_ = std::move(key).value();
  } else if (create || key.status().status_code() != StatusCode::kNotFound) {
    return key.status();
  }
  ZXKH_ASSIGN_OR_RETURN(std::vector<std::string> retired,
                        ReadTrustedKeys(PathIn(data_dir, kTrustedKeysFile)));
  for (std::string& pk : retired) {
    std::string id = KeyIdOf(pk);
    if (ring.PublicKey(id)) continue;  // listed twice, or the current key
    ring.keys_.push_back({std::move(id), std::move(pk), false});
  }
  return ring;
}

Result<Keyring> Keyring::LoadOrCreate(const std::string& data_dir) {
  return Load(data_dir, /*create=*/true);
}

Result<Keyring> Keyring::LoadForVerification(const std::string& data_dir) {
  return Load(data_dir, /*create=*/false);
}

std::optional<std::string> Keyring::PublicKey(std::string_view key_id) const {
  for (const PublishedKey& k : keys_) {
    if (k.key_id == key_id) return k.public_key;
  }
  return std::nullopt;
}

Result<std::string> Keyring::Rotate(const std::string& data_dir,
                                    std::string_view retired_on) {
  const std::string key_path = PathIn(data_dir, kSigningKeyFile);
  ZXKH_ASSIGN_OR_RETURN(SigningKey old, SigningKey::Load(key_path));
  {
    std::ofstream list(PathIn(data_dir, kTrustedKeysFile), std::ios::app);
    list << "# " << old.key_id() << " retired " << retired_on << "\n"
         << Base64Encode(old.public_key()) << "\n";
    list.flush();
    if (!list) {
      return Status::Unavailable(
          "crypto.key_io", "无法写入 " + PathIn(data_dir, kTrustedKeysFile));
    }
  }
  // The old public key is safely listed; now the new key may replace it.
  const std::string staged = key_path + ".new";
  std::error_code ec;
  std::filesystem::remove(staged, ec);
  ZXKH_ASSIGN_OR_RETURN(SigningKey fresh, SigningKey::LoadOrCreate(staged));
  std::filesystem::rename(staged, key_path, ec);
  if (ec) {
    return Status::Unavailable("crypto.key_io",
                               "无法替换签名密钥文件：" + ec.message());
  }
  return fresh.key_id();
}

}  // namespace zxkh
