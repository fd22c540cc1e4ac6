#include "domain/merkle.hpp"

#include <cstring>

#include "common/crypto.hpp"

namespace zxkh::domain {
namespace {

// The largest power of two strictly less than n (n >= 2).
std::size_t SplitPoint(std::size_t n) {
  std::size_t k = 1;
  while (k << 1 < n) k <<= 1;
  return k;
}

void AppendPath(std::span<const Hash> leaves, std::size_t m,
                std::vector<Hash>& out) {
  if (leaves.size() <= 1) return;
  const std::size_t k = SplitPoint(leaves.size());
  if (m < k) {
    AppendPath(leaves.first(k), m, out);
    out.push_back(MerkleRoot(leaves.subspan(k)));
  } else {
    AppendPath(leaves.subspan(k), m - k, out);
    out.push_back(MerkleRoot(leaves.first(k)));
  }
}

}  // namespace

Hash LeafHash(std::string_view data) {
  std::string buf;
  buf.reserve(data.size() + 1);
  buf += '\x00';
  buf += data;
  return Sha256(buf);
}

Hash NodeHash(const Hash& l, const Hash& r) {
  char buf[65];
  buf[0] = '\x01';
  std::memcpy(buf + 1, l.data(), 32);
  std::memcpy(buf + 33, r.data(), 32);
  return Sha256(std::string_view(buf, sizeof buf));
}

Hash MerkleRoot(std::span<const Hash> leaf_hashes) {
  if (leaf_hashes.empty()) return Sha256("");
  if (leaf_hashes.size() == 1) return leaf_hashes.front();
  const std::size_t k = SplitPoint(leaf_hashes.size());
  return NodeHash(MerkleRoot(leaf_hashes.first(k)),
                  MerkleRoot(leaf_hashes.subspan(k)));
}

std::vector<Hash> InclusionProof(std::span<const Hash> leaf_hashes,
                                 std::size_t index) {
  std::vector<Hash> out;
  if (index >= leaf_hashes.size()) return out;
  AppendPath(leaf_hashes, index, out);
  return out;
}

bool VerifyInclusion(const Hash& leaf_hash, std::size_t index,
                     std::size_t tree_size, std::span<const Hash> proof,
                     const Hash& root) {
  if (index >= tree_size) return false;
  std::size_t fn = index;
  std::size_t sn = tree_size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) return false;
    if ((fn & 1) != 0 || fn == sn) {
      r = NodeHash(p, r);
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

void MerkleAccumulator::Append(const Hash& leaf_hash) {
  peaks_.push_back(leaf_hash);
  // Each trailing 1 bit of the old size is a perfect subtree of the same
  // size as the one just completed: merge them, like a binary carry.
  for (uint64_t n = size_; (n & 1) != 0; n >>= 1) {
    Hash right = peaks_.back();
    peaks_.pop_back();
    peaks_.back() = NodeHash(peaks_.back(), right);
  }
  ++size_;
}

Hash MerkleAccumulator::Root() const {
  if (peaks_.empty()) return Sha256("");
  // RFC 6962 splits at the largest power of two, so the tree is the
  // right-leaning fold of the perfect subtrees, largest on the left.
  Hash r = peaks_.back();
  for (std::size_t i = peaks_.size() - 1; i-- > 0;) r = NodeHash(peaks_[i], r);
  return r;
}

std::string HashHex(const Hash& h) {
  return HexEncode(
      std::string_view(reinterpret_cast<const char*>(h.data()), h.size()));
}

bool HashFromHex(std::string_view hex, Hash* out) {
  if (hex.size() != 64) return false;
  auto bytes = HexDecode(hex);
  if (!bytes.ok()) return false;
  std::memcpy(out->data(), bytes->data(), 32);
  return true;
}

}  // namespace zxkh::domain
