#include "docs/text_encoding.hpp"

#include <gtest/gtest.h>
#include <iconv.h>

#include <cerrno>
#include <string>

#include "docs/csv.hpp"

namespace zxkh::docs {
namespace {

// Converts with glibc iconv directly, independently of the code under test,
// to produce the bytes Chinese Windows would write.
std::string IconvOrDie(const char* to, const char* from, std::string_view in) {
  iconv_t cd = iconv_open(to, from);
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
  std::string out(in.size() * 4 + 16, '\0');
  char* in_ptr = const_cast<char*>(in.data());
  size_t in_left = in.size();
  char* out_ptr = out.data();
  size_t out_left = out.size();
  size_t rc = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
  EXPECT_NE(rc, static_cast<size_t>(-1)) << "errno " << errno;
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

constexpr std::string_view kRoster = "姓名,身份证号\n张三,370211200001011234\n";

TEST(TextEncodingTest, RealGbkBytesAreDetectedAndDecoded) {
  std::string gbk = IconvOrDie("GBK", "UTF-8", kRoster);
  // 8 Chinese characters: 3 bytes each in UTF-8, 2 in GBK.
  ASSERT_EQ(gbk.size(), kRoster.size() - 8);
  EXPECT_EQ(gbk.substr(0, 4), "\xD0\xD5\xC3\xFB");  // 姓名 in GBK.

  EXPECT_EQ(DetectEncoding(gbk), TextEncoding::kGbk);
  Result<std::string> utf8 = ToUtf8(gbk, TextEncoding::kGbk);
  ASSERT_TRUE(utf8.ok()) << utf8.status().ToString();
  EXPECT_EQ(*utf8, kRoster);

  auto rows = ParseCsv(*utf8);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[1][0], "张三");
  EXPECT_EQ((*rows)[1][1], "370211200001011234");
}

TEST(TextEncodingTest, GbkReadAsUtf8IsRejectedNotGarbled) {
  std::string gbk = IconvOrDie("GBK", "UTF-8", kRoster);
  Result<std::string> wrong = ToUtf8(gbk, TextEncoding::kUtf8);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().code(), "file.encoding");
  EXPECT_EQ(wrong.status().status_code(), StatusCode::kInvalidArgument);
  // 姓 = D0 D5: D0 starts a 2-byte UTF-8 sequence, D5 is no continuation.
  EXPECT_NE(wrong.status().message().find("第 0 字节"), std::string::npos)
      << wrong.status().message();
}

TEST(TextEncodingTest, ShortGbkThatFooledNotepadIsStillGbk) {
  // 联通 in GBK (C1 AA CD A8) looks like two 2-byte UTF-8 sequences, which
  // made old Notepad show garbage; C1 only starts overlong forms, which
  // strict UTF-8 rejects.
  std::string gbk = IconvOrDie("GBK", "UTF-8", "联通");
  ASSERT_EQ(gbk, "\xC1\xAA\xCD\xA8");
  EXPECT_EQ(DetectEncoding(gbk), TextEncoding::kGbk);
  EXPECT_EQ(*ToUtf8(gbk, TextEncoding::kGbk), "联通");
}

TEST(TextEncodingTest, Utf8WithAndWithoutBomAndAsciiAreUtf8) {
  std::string utf8(kRoster);
  EXPECT_EQ(DetectEncoding(utf8), TextEncoding::kUtf8);
  EXPECT_EQ(DetectEncoding("\xEF\xBB\xBF" + utf8), TextEncoding::kUtf8);
  EXPECT_EQ(DetectEncoding("name,id\r\n"), TextEncoding::kUtf8);
  EXPECT_EQ(DetectEncoding(""), TextEncoding::kUtf8);
}

TEST(TextEncodingTest, ToUtf8StripsBom) {
  Result<std::string> out = ToUtf8("\xEF\xBB\xBF姓名", TextEncoding::kUtf8);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, "姓名");
}

TEST(TextEncodingTest, InvalidUtf8NamesTheOffsetCountingTheBom) {
  Result<std::string> out = ToUtf8(
      "\xEF\xBB\xBF"
      "ab\xC3(",
      TextEncoding::kUtf8);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), "file.encoding");
  EXPECT_NE(out.status().message().find("第 5 字节"), std::string::npos)
      << out.status().message();
}

TEST(TextEncodingTest, TruncatedGbkNamesTheOffsetOfTheCutCharacter) {
  std::string gbk = IconvOrDie("GBK", "UTF-8", "张三");
  ASSERT_EQ(gbk.size(), 4u);
  Result<std::string> out = ToUtf8(gbk.substr(0, 3), TextEncoding::kGbk);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), "file.encoding");
  EXPECT_NE(out.status().message().find("第 2 字节"), std::string::npos)
      << out.status().message();
  EXPECT_NE(out.status().message().find("GBK"), std::string::npos);
}

TEST(TextEncodingTest, StrictUtf8RejectsOverlongSurrogatesAndOutOfRange) {
  size_t offset = 99;
  EXPECT_FALSE(IsValidUtf8("a\xC0\xAF", &offset));  // Overlong "/".
  EXPECT_EQ(offset, 1u);
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));       // Overlong 3-byte.
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));       // U+D800 surrogate.
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));   // Above U+10FFFF.
  EXPECT_FALSE(IsValidUtf8("\xE5\xBC"));           // Truncated 张.
  EXPECT_TRUE(IsValidUtf8("张\xF0\xA0\xAE\xB7"));  // 张𠮷
}

TEST(TextEncodingTest, Utf8ToGbkMatchesWindowsBytes) {
  Result<std::string> gbk = Utf8ToGbk(std::string(kRoster));
  ASSERT_TRUE(gbk.ok()) << gbk.status().ToString();
  EXPECT_EQ(*gbk, IconvOrDie("GBK", "UTF-8", kRoster));
  EXPECT_EQ(*Utf8ToGbk("张三"), "\xD5\xC5\xC8\xFD");
}

TEST(TextEncodingTest, CharactersOutsideGbkSurviveAsGb18030) {
  // 𠮷 (U+20BB7) appears in personal names but not in GBK.
  Result<std::string> bytes = Utf8ToGbk("吉\xF0\xA0\xAE\xB7");
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  EXPECT_EQ(*bytes, "\xBC\xAA\x95\x34\xB2\x35");
  EXPECT_EQ(DetectEncoding(*bytes), TextEncoding::kGbk);
  EXPECT_EQ(*ToUtf8(*bytes, TextEncoding::kGbk), "吉\xF0\xA0\xAE\xB7");
}

TEST(TextEncodingTest, Utf8ToGbkRejectsInvalidUtf8) {
  Result<std::string> bytes = Utf8ToGbk("ok\xFF");
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.status().code(), "file.encoding");
  EXPECT_NE(bytes.status().message().find("第 2 字节"), std::string::npos);
}

TEST(TextEncodingTest, WindowsEuroSignInGbkDecodes) {
  Result<std::string> out = ToUtf8("100\x80", TextEncoding::kGbk);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(*out, "100€");
}

TEST(TextEncodingTest, Utf16FileGetsAHint) {
  std::string utf16 = IconvOrDie("UTF-16LE", "UTF-8", "姓名");
  Result<std::string> out = ToUtf8("\xFF\xFE" + utf16, DetectEncoding(utf16));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), "file.encoding");
  EXPECT_NE(out.status().message().find("UTF-16"), std::string::npos);
}

}  // namespace
}  // namespace zxkh::docs
