#include "docs/qr.hpp"

#include <gtest/gtest.h>

#include <string>

namespace zxkh::docs {
namespace {

// The 7x7 finder pattern with its top-left module at (x0, y0): a dark ring,
// a light ring, a dark 3x3 centre.
bool FinderAt(const QrCode& qr, int x0, int y0) {
  for (int y = 0; y < 7; ++y) {
    for (int x = 0; x < 7; ++x) {
      const bool ring = x == 0 || y == 0 || x == 6 || y == 6;
      const bool centre = x >= 2 && x <= 4 && y >= 2 && y <= 4;
      if (qr.at(x0 + x, y0 + y) != (ring || centre)) return false;
    }
  }
  return true;
}

TEST(QrTest, EncodesUrlWithFinderPatternsInThreeCorners) {
  auto qr = EncodeQr(
      "https://zxkh.qingdao.gov.cn/verify/receipt/Z370211P001?h=9f2c41d0");
  ASSERT_TRUE(qr.ok()) << qr.status().ToString();
  ASSERT_GE(qr->size, 21);
  EXPECT_EQ((qr->size - 21) % 4, 0) << qr->size;
  ASSERT_EQ(qr->modules.size(), static_cast<size_t>(qr->size * qr->size));

  const int far = qr->size - 7;
  EXPECT_TRUE(FinderAt(*qr, 0, 0));
  EXPECT_TRUE(FinderAt(*qr, far, 0));
  EXPECT_TRUE(FinderAt(*qr, 0, far));
  EXPECT_FALSE(FinderAt(*qr, far, far));  // The fourth corner carries data.

  // The light separator around each finder.
  for (int i = 0; i < 8; ++i) {
    EXPECT_FALSE(qr->at(7, i)) << i;
    EXPECT_FALSE(qr->at(i, 7)) << i;
    EXPECT_FALSE(qr->at(far - 1, i)) << i;
    EXPECT_FALSE(qr->at(i, far - 1)) << i;
  }
  // Timing pattern on row 6 between the top finders alternates.
  for (int x = 8; x < far - 1; ++x) EXPECT_EQ(qr->at(x, 6), x % 2 == 0) << x;
  // The quiet zone reads light.
  EXPECT_FALSE(qr->at(-1, 0));
  EXPECT_FALSE(qr->at(0, qr->size));
}

TEST(QrTest, HigherErrorLevelNeverShrinksTheSymbol) {
  const std::string url = "https://zxkh.qingdao.gov.cn/v/ZS3702112024000123";
  auto low = EncodeQr(url, QrErrorLevel::kLow);
  auto high = EncodeQr(url, QrErrorLevel::kHigh);
  ASSERT_TRUE(low.ok());
  ASSERT_TRUE(high.ok());
  EXPECT_GT(high->size, low->size);
}

TEST(QrTest, TakesUtf8AndBinaryVerbatim) {
  auto chinese = EncodeQr("青岛西海岸新区职业技能培训学校");
  ASSERT_TRUE(chinese.ok()) << chinese.status().ToString();
  // 45 bytes: version 3 holds 42 at M, so version 4 (33 modules).
  EXPECT_EQ(chinese->size, 33);
  std::string binary("\0\x01\xff\xfe", 4);
  EXPECT_TRUE(EncodeQr(binary).ok());
}

TEST(QrTest, CapacityLimitIsAnError) {
  // Version 40 holds 2,953 bytes at L and 2,331 at M in 8-bit mode.
  EXPECT_TRUE(EncodeQr(std::string(2953, 'a'), QrErrorLevel::kLow).ok());
  auto over_low = EncodeQr(std::string(2954, 'a'), QrErrorLevel::kLow);
  ASSERT_FALSE(over_low.ok());
  EXPECT_EQ(over_low.status().code(), "qr.too_long");
  EXPECT_EQ(over_low.status().status_code(), StatusCode::kInvalidArgument);

  auto max_m = EncodeQr(std::string(2331, 'a'));
  ASSERT_TRUE(max_m.ok());
  EXPECT_EQ(max_m->size, 177);
  EXPECT_EQ(EncodeQr(std::string(2332, 'a')).status().code(), "qr.too_long");
  EXPECT_EQ(EncodeQr(std::string(100000, 'a')).status().code(), "qr.too_long");
}

TEST(QrTest, EmptyDataIsRefused) {
  auto empty = EncodeQr("");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), "qr.empty");
}

}  // namespace
}  // namespace zxkh::docs
