#include "store/file_store.hpp"

#include <sodium.h>

#include <filesystem>
#include <fstream>

namespace zxkh::store {
namespace {

namespace fs = std::filesystem;

std::string Hex(const unsigned char* bytes, std::size_t n) {
  std::string out(n * 2, '\0');
  sodium_bin2hex(out.data(), out.size() + 1, bytes, n);
  return out;
}

Status Io(const std::string& what) {
  return Status::Unavailable("file.io", "文件存储读写失败：" + what);
}

}  // namespace

FileStore::FileStore(std::string root) : root_(std::move(root)) {
  std::error_code ec;
  fs::create_directories(root_, ec);
}

std::string FileStore::PathOf(std::string_view sha256) const {
  const std::string h(sha256);
  return root_ + "/" + h.substr(0, 2) + "/" + h.substr(2, 2) + "/" + h;
}

Result<StoredFile> FileStore::PutFile(const std::string& temp_path,
                                      std::string media_type, int64_t max_bytes,
                                      std::string_view expect_sha256) {
  std::error_code ec;
  const auto size = fs::file_size(temp_path, ec);
  if (ec) return Io("无法读取临时文件");
  if (static_cast<int64_t>(size) > max_bytes) {
    fs::remove(temp_path, ec);
    return Status::PayloadTooLarge(
        "file.too_large", "文件过大，单个文件不得超过 " +
                              std::to_string(max_bytes / (1024 * 1024)) +
                              " MB");
  }
  // Hash while streaming: 64 KiB at a time, whatever the file's size.
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  {
    std::ifstream in(temp_path, std::ios::binary);
    if (!in) return Io("无法读取临时文件");
    std::string buf(64 * 1024, '\0');
    while (in) {
      in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
      const auto got = in.gcount();
      if (got > 0) {
        crypto_hash_sha256_update(
            &state, reinterpret_cast<const unsigned char*>(buf.data()),
            static_cast<unsigned long long>(got));
      }
    }
  }
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  StoredFile f{Hex(digest, sizeof digest), std::move(media_type),
               static_cast<int64_t>(size)};
  if (!expect_sha256.empty() && f.sha256 != expect_sha256) {
    fs::remove(temp_path, ec);
    return Status::InvalidArgument("file.hash_mismatch",
                                   "文件内容的 SHA-256 与预期不一致", "file");
  }
  const std::string dest = PathOf(f.sha256);
  if (fs::exists(dest, ec)) {
    fs::remove(temp_path, ec);  // deduplicated: the same content is there
    return f;
  }
  fs::create_directories(fs::path(dest).parent_path(), ec);
  if (ec) return Io("无法创建目录");
  fs::rename(temp_path, dest, ec);
  if (ec) {
    // Another file system: copy, then remove.
    fs::copy_file(temp_path, dest, fs::copy_options::overwrite_existing, ec);
    if (ec) return Io("无法保存文件");
    fs::remove(temp_path, ec);
  }
  fs::permissions(dest, fs::perms::owner_read | fs::perms::group_read,
                  fs::perm_options::replace, ec);
  return f;
}

Result<StoredFile> FileStore::PutBytes(std::string_view bytes,
                                       std::string media_type) {
  const std::string temp = root_ + "/.tmp-" +
                           std::to_string(randombytes_random()) +
                           std::to_string(randombytes_random());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return Io("无法写入临时文件");
  }
  return PutFile(temp, std::move(media_type),
                 static_cast<int64_t>(bytes.size()));
}

Result<std::string> FileStore::Read(std::string_view sha256) const {
  std::ifstream in(PathOf(sha256), std::ios::binary);
  if (!in) return Status::NotFound("file.not_found", "文件不存在");
  return std::string(std::istreambuf_iterator<char>(in), {});
}

Status FileStore::Register(Connection& c, const StoredFile& f, int64_t now_ms) {
  return c
      .Exec(
          "INSERT INTO files (sha256, size_bytes, media_type, created_at) "
          "VALUES (?, ?, ?, ?) "
          "ON CONFLICT (sha256) DO NOTHING",
          {f.sha256, f.size_bytes, f.media_type, now_ms})
      .status();
}

}  // namespace zxkh::store
