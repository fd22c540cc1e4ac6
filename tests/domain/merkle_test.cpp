// RFC 6962 Merkle trees: the published Certificate Transparency vectors, an
// independent naive implementation, and every proof of every leaf.
#include "domain/merkle.hpp"

#include <gtest/gtest.h>

#include "common/crypto.hpp"

namespace zxkh::domain {
namespace {

std::string Unhex(std::string_view hex) { return *HexDecode(hex); }

Hash H(std::string_view hex) {
  Hash h{};
  EXPECT_TRUE(HashFromHex(hex, &h)) << hex;
  return h;
}

// MTH written straight from RFC 6962 §2.1 over the raw entries, sharing
// nothing with the code under test but SHA-256.
std::string NaiveMth(const std::vector<std::string>& d) {
  auto sha = [](const std::string& s) {
    const auto h = Sha256(s);
    return std::string(reinterpret_cast<const char*>(h.data()), h.size());
  };
  if (d.empty()) return sha("");
  if (d.size() == 1) return sha(std::string(1, '\0') + d[0]);
  std::size_t k = 1;
  while (k * 2 < d.size()) k *= 2;
  const std::vector<std::string> left(d.begin(), d.begin() + k);
  const std::vector<std::string> right(d.begin() + k, d.end());
  return sha(std::string(1, '\1') + NaiveMth(left) + NaiveMth(right));
}

std::vector<std::string> Entries(std::size_t n) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i)
    out.push_back("entry-" + std::to_string(i));
  return out;
}

std::vector<Hash> Leaves(const std::vector<std::string>& entries) {
  std::vector<Hash> out;
  for (const auto& e : entries) out.push_back(LeafHash(e));
  return out;
}

// The reference inputs and tree heads of the Certificate Transparency test
// suite; a tree no other implementation agrees with proves nothing.
const char* const kCtEntries[] = {"",
                                  "00",
                                  "10",
                                  "2021",
                                  "3031",
                                  "40414243",
                                  "5051525354555657",
                                  "606162636465666768696a6b6c6d6e6f"};
const char* const kCtRoots[] = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

std::vector<Hash> CtLeaves() {
  std::vector<Hash> out;
  for (const char* e : kCtEntries) out.push_back(LeafHash(Unhex(e)));
  return out;
}

TEST(Merkle, CertificateTransparencyRoots) {
  const auto leaves = CtLeaves();
  for (std::size_t n = 0; n <= leaves.size(); ++n) {
    EXPECT_EQ(HashHex(MerkleRoot(std::span<const Hash>(leaves).first(n))),
              kCtRoots[n])
        << "size " << n;
  }
}

TEST(Merkle, CertificateTransparencyInclusionProofs) {
  const auto leaves = CtLeaves();
  EXPECT_EQ(InclusionProof(leaves, 0),
            (std::vector<Hash>{
                H("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09"
                  "cfc7"),
                H("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3"
                  "031e"),
                H("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39b"
                  "f6e4")}));
  EXPECT_EQ(InclusionProof(leaves, 5),
            (std::vector<Hash>{
                H("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d8859"
                  "9e6b"),
                H("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a"
                  "0ae0"),
                H("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd952096"
                  "14b7")}));
}

TEST(Merkle, LeafAndNodeHashesUseDistinctPrefixes) {
  const Hash a = LeafHash("a");
  EXPECT_EQ(a, Sha256(std::string("\0a", 2)));
  const Hash b = LeafHash("b");
  std::string node("\x01", 1);
  node.append(reinterpret_cast<const char*>(a.data()), 32);
  node.append(reinterpret_cast<const char*>(b.data()), 32);
  EXPECT_EQ(NodeHash(a, b), Sha256(node));
  EXPECT_NE(NodeHash(a, b), NodeHash(b, a));
}

TEST(Merkle, RootsAgreeWithANaiveImplementation) {
  for (std::size_t n = 0; n <= 9; ++n) {
    const auto entries = Entries(n);
    const Hash root = MerkleRoot(Leaves(entries));
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(root.data()), 32),
              NaiveMth(entries))
        << "size " << n;
  }
}

TEST(Merkle, AccumulatorMatchesTheRootAtEverySize) {
  const auto leaves = Leaves(Entries(130));
  MerkleAccumulator acc;
  EXPECT_EQ(acc.Root(), MerkleRoot({}));
  for (std::size_t n = 1; n <= leaves.size(); ++n) {
    acc.Append(leaves[n - 1]);
    ASSERT_EQ(acc.size(), n);
    ASSERT_EQ(acc.Root(), MerkleRoot(std::span<const Hash>(leaves).first(n)))
        << "size " << n;
  }
}

TEST(Merkle, EveryProofOfEveryLeafVerifies) {
  for (std::size_t n = 1; n <= 33; ++n) {
    const auto leaves = Leaves(Entries(n));
    const Hash root = MerkleRoot(leaves);
    for (std::size_t i = 0; i < n; ++i) {
      const auto proof = InclusionProof(leaves, i);
      EXPECT_TRUE(VerifyInclusion(leaves[i], i, n, proof, root))
          << "leaf " << i << " of " << n;
    }
  }
}

TEST(Merkle, TamperedProofsFail) {
  for (std::size_t n = 2; n <= 33; ++n) {
    const auto leaves = Leaves(Entries(n));
    const Hash root = MerkleRoot(leaves);
    for (std::size_t i = 0; i < n; ++i) {
      const auto proof = InclusionProof(leaves, i);
      ASSERT_FALSE(proof.empty());
      // A flipped byte anywhere in the path.
      for (std::size_t p = 0; p < proof.size(); ++p) {
        auto bad = proof;
        bad[p][p % 32] ^= 0x01;
        EXPECT_FALSE(VerifyInclusion(leaves[i], i, n, bad, root));
      }
      // The wrong leaf, index, size, root; a path too short or too long.
      EXPECT_FALSE(VerifyInclusion(leaves[(i + 1) % n], i, n, proof, root));
      EXPECT_FALSE(VerifyInclusion(leaves[i], (i + 1) % n, n, proof, root));
      // The size decides which root the path must reach. (Against the same
      // root a path may fit several sizes — RFC 9162's check binds the size
      // only through the root — which is why a checkpoint signs size and
      // root together.)
      for (std::size_t m = i + 1; m <= n + 3; ++m) {
        if (m == n) continue;
        const auto prefix = Leaves(Entries(m));
        if (InclusionProof(prefix, i) == proof) continue;  // same path: valid
        EXPECT_FALSE(
            VerifyInclusion(leaves[i], i, m, proof, MerkleRoot(prefix)))
            << "leaf " << i << " of " << n << " checked as size " << m;
      }
      EXPECT_FALSE(VerifyInclusion(leaves[i], n, n, proof, root));
      Hash bad_root = root;
      bad_root[0] ^= 0x80;
      EXPECT_FALSE(VerifyInclusion(leaves[i], i, n, proof, bad_root));
      EXPECT_FALSE(VerifyInclusion(
          leaves[i], i, n, std::span<const Hash>(proof).first(proof.size() - 1),
          root));
      auto longer = proof;
      longer.push_back(root);
      EXPECT_FALSE(VerifyInclusion(leaves[i], i, n, longer, root));
    }
  }
}

TEST(Merkle, EdgeCases) {
  const auto one = Leaves(Entries(1));
  EXPECT_TRUE(InclusionProof(one, 0).empty());
  EXPECT_TRUE(VerifyInclusion(one[0], 0, 1, {}, one[0]));
  EXPECT_FALSE(VerifyInclusion(one[0], 1, 1, {}, one[0]));
  EXPECT_FALSE(VerifyInclusion(one[0], 0, 0, {}, one[0]));
  EXPECT_TRUE(InclusionProof(one, 1).empty());
  Hash h;
  EXPECT_FALSE(HashFromHex("abc", &h));
  EXPECT_FALSE(HashFromHex(std::string(64, 'g'), &h));
  EXPECT_TRUE(HashFromHex(kCtRoots[1], &h));
  EXPECT_EQ(HashHex(h), kCtRoots[1]);
}

}  // namespace
}  // namespace zxkh::domain
