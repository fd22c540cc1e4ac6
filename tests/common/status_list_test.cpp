#include "common/status_list.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include "common/crypto.hpp"

namespace zxkh {
namespace {

// gzip + base64url of `bytes`, written independently of StatusList.
std::string Gzip(const std::string& bytes) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY),
            Z_OK);
  std::string out(deflateBound(&z, bytes.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return Base64UrlEncode(out);
}

TEST(StatusListTest, HoldsAtLeastTheMinimumAndStartsClear) {
  StatusList list(10);
  EXPECT_EQ(list.size(), kMinStatusListBits);
  for (std::size_t i : {0u, 7u, 8u, 131071u}) EXPECT_FALSE(list.Get(i)) << i;
  EXPECT_FALSE(list.Get(10'000'000));  // beyond the end: not revoked
}

TEST(StatusListTest, SetAndClearSingleBits) {
  StatusList list;
  list.Set(0);
  list.Set(9);
  list.Set(131071);
  EXPECT_TRUE(list.Get(0));
  EXPECT_FALSE(list.Get(1));
  EXPECT_FALSE(list.Get(8));
  EXPECT_TRUE(list.Get(9));
  EXPECT_TRUE(list.Get(131071));
  list.Set(9, false);
  EXPECT_FALSE(list.Get(9));
  list.Set(200000);  // grows
  EXPECT_TRUE(list.Get(200000));
  EXPECT_GE(list.size(), 200001u);
}

TEST(StatusListTest, RoundTripsThroughGzipBase64url) {
  StatusList list;
  for (std::size_t i = 3; i < 131072; i += 977) list.Set(i);
  const std::string encoded = list.Encode();
  EXPECT_EQ(encoded.find_first_of("+/="), std::string::npos);
  Result<StatusList> back = StatusList::Decode(encoded);
  ASSERT_TRUE(back.ok()) << back.status().message();
  ASSERT_EQ(back->size(), list.size());
  for (std::size_t i = 0; i < list.size(); ++i) {
    ASSERT_EQ(back->Get(i), list.Get(i)) << i;
  }
  // Deterministic: equal lists, equal bytes.
  EXPECT_EQ(back->Encode(), encoded);
  // An empty 131,072-bit list compresses to a few dozen bytes.
  EXPECT_LT(StatusList().Encode().size(), 200u);
}

TEST(StatusListTest, RefusesWhatIsNotAStatusList) {
  EXPECT_EQ(StatusList::Decode("not base64 !").status().code(),
            "status_list.invalid");
  EXPECT_EQ(StatusList::Decode(Base64UrlEncode("plain bytes")).status().code(),
            "status_list.invalid");
  // Truncated gzip stream.
  std::string gz = *Base64UrlDecode(StatusList().Encode());
  gz.resize(gz.size() - 5);
  EXPECT_EQ(StatusList::Decode(Base64UrlEncode(gz)).status().code(),
            "status_list.invalid");
  // A valid gzip stream of too few bits: a short list would reveal the
  // population.
  EXPECT_EQ(StatusList::Decode(Gzip(std::string(1000, '\0'))).status().code(),
            "status_list.invalid");
  EXPECT_TRUE(StatusList::Decode(Gzip(std::string(16384, '\0'))).ok());
  StatusList big;
  std::string full = *Base64UrlDecode(big.Encode());
  // Flip one byte of the compressed body: the CRC or the stream breaks.
  full[full.size() / 2] ^= 0x5a;
  EXPECT_FALSE(StatusList::Decode(Base64UrlEncode(full)).ok());
}

}  // namespace
}  // namespace zxkh
