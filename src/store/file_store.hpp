// Content-addressed file storage (DESIGN.md "Files"): each distinct content
// is kept once under <root>/ab/cd/<sha256>, whatever its name; metadata rows
// live in table `files`. Uploads arrive as temporary files (the server
// spools large bodies to disk) and are hashed while streaming, never held in
// memory whole.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.hpp"
#include "store/db.hpp"

namespace zxkh::store {

struct StoredFile {
  std::string sha256;  // lowercase hex
  std::string media_type;
  int64_t size_bytes = 0;
};

class FileStore {
 public:
  // `root` is created when absent. Thread-safe.
  explicit FileStore(std::string root);

  // Moves the temporary file `temp_path` into the store (or drops it when
  // that content is there already) and returns its address.
  // PayloadTooLarge("file.too_large") beyond `max_bytes`; Unavailable
  // ("file.io") on a disk error; with `expect_sha256` (lowercase hex) a
  // different content is InvalidArgument("file.hash_mismatch") and nothing
  // is stored. The temporary file is gone afterwards.
  Result<StoredFile> PutFile(const std::string& temp_path,
                             std::string media_type, int64_t max_bytes,
                             std::string_view expect_sha256 = {});
  // As PutFile for bytes in memory (generated documents).
  Result<StoredFile> PutBytes(std::string_view bytes, std::string media_type);

  // The content; NotFound("file.not_found").
  Result<std::string> Read(std::string_view sha256) const;
  // Where the content lives on disk.
  std::string PathOf(std::string_view sha256) const;

  // Records the metadata row in the caller's transaction (idempotent).
  static Status Register(Connection& c, const StoredFile& f, int64_t now_ms);

 private:
  std::string root_;
};

}  // namespace zxkh::store
