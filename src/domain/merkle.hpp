// Merkle tree hashing of RFC 6962 §2.1 (Certificate Transparency), used by
// the audit log's signed checkpoints: a checkpoint commits to the first n
// entries with one 32-byte root, and an inclusion proof of O(log n) hashes
// shows that one entry is among them without revealing the others.
//
// Leaves and interior nodes are hashed with different prefixes (0x00 and
// 0x01), so a leaf can never be passed off as an interior node.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zxkh::domain {

using Hash = std::array<uint8_t, 32>;

// SHA-256(0x00 ‖ data): the hash of one leaf.
Hash LeafHash(std::string_view data);
// SHA-256(0x01 ‖ l ‖ r): the hash of an interior node.
Hash NodeHash(const Hash& l, const Hash& r);

// MTH(D[n]) over the given leaf hashes; the empty tree is SHA-256("").
Hash MerkleRoot(std::span<const Hash> leaf_hashes);

// PATH(m, D[n]): the audit path of leaf `index` (0-based), from the leaf's
// sibling up to the root's child. Empty when index >= leaf_hashes.size() or
// the tree has one leaf.
std::vector<Hash> InclusionProof(std::span<const Hash> leaf_hashes,
                                 std::size_t index);

// Whether `proof` shows that `leaf_hash` is leaf `index` of the tree of
// `tree_size` leaves with root `root` (RFC 9162 §2.1.3.2). False for an
// index outside the tree or a proof of the wrong length.
bool VerifyInclusion(const Hash& leaf_hash, std::size_t index,
                     std::size_t tree_size, std::span<const Hash> proof,
                     const Hash& root);

// Roots of a growing tree without keeping its leaves: holds the roots of
// the perfect subtrees that make up the tree (one per set bit of its size),
// so Append and Root cost O(log n). Lets a verifier check checkpoints of a
// million-entry log in one pass. Not thread-safe.
class MerkleAccumulator {
 public:
  // Adds the next leaf (its leaf hash).
  void Append(const Hash& leaf_hash);
  // MTH of the leaves appended so far (SHA-256("") when none).
  Hash Root() const;
  // Number of leaves appended.
  uint64_t size() const { return size_; }

 private:
  // Perfect subtree roots, largest (leftmost) first.
  std::vector<Hash> peaks_;
  uint64_t size_ = 0;
};

// Lowercase hex of a hash, and back; HashFromHex is false on anything but 64
// hex characters.
std::string HashHex(const Hash& h);
bool HashFromHex(std::string_view hex, Hash* out);

}  // namespace zxkh::domain
