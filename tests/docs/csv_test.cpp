#include "docs/csv.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace zxkh::docs {
namespace {

using Rows = std::vector<std::vector<std::string>>;

Rows ParseOrDie(std::string_view text) {
  auto rows = ParseCsv(text);
  EXPECT_TRUE(rows.ok()) << rows.status().ToString();
  return rows.ok() ? *rows : Rows{};
}

TEST(CsvTest, LfCrlfAndTrailingNewline) {
  EXPECT_EQ(ParseOrDie("a,b\nc,d\n"), (Rows{{"a", "b"}, {"c", "d"}}));
  EXPECT_EQ(ParseOrDie("a,b\r\nc,d\r\n"), (Rows{{"a", "b"}, {"c", "d"}}));
  EXPECT_EQ(ParseOrDie("a,b\r\nc,d"), (Rows{{"a", "b"}, {"c", "d"}}));
  EXPECT_EQ(ParseOrDie("a\rb\r"), (Rows{{"a"}, {"b"}}));  // Old Mac CR.
  EXPECT_EQ(ParseOrDie(""), Rows{});
}

TEST(CsvTest, QuotedCommasDoubledQuotesAndLineBreaks) {
  EXPECT_EQ(ParseOrDie("\"青岛市,黄岛区\",\"他说\"\"好\"\"\"\n"),
            (Rows{{"青岛市,黄岛区", "他说\"好\""}}));
  EXPECT_EQ(ParseOrDie("\"第一行\r\n第二行\",x\r\ny,z\r\n"),
            (Rows{{"第一行\r\n第二行", "x"}, {"y", "z"}}));
  EXPECT_EQ(ParseOrDie("\"\",\"\"\"\"\n"), (Rows{{"", "\""}}));
}

TEST(CsvTest, EmptyFieldsKeepTheirPositions) {
  EXPECT_EQ(ParseOrDie("a,,c\n,\n,x,\n"),
            (Rows{{"a", "", "c"}, {"", ""}, {"", "x", ""}}));
  EXPECT_EQ(ParseOrDie("a,"), (Rows{{"a", ""}}));
}

TEST(CsvTest, BlankLinesAreSkippedButCounted) {
  CsvReader reader("h1,h2\n\n\r\nv1,v2\n\n");
  std::vector<std::string> row;
  Status error;
  ASSERT_TRUE(reader.Next(row, error));
  EXPECT_EQ(reader.line(), 1);
  ASSERT_TRUE(reader.Next(row, error));
  EXPECT_EQ(row, (std::vector<std::string>{"v1", "v2"}));
  EXPECT_EQ(reader.line(), 4);
  EXPECT_FALSE(reader.Next(row, error));
  EXPECT_TRUE(error.ok());
  EXPECT_FALSE(reader.Next(row, error));  // Stays at the end.
}

TEST(CsvTest, LineNumbersFollowQuotedLineBreaks) {
  CsvReader reader("a\n\"x\ny\nz\",b\nlast\n");
  std::vector<std::string> row;
  Status error;
  ASSERT_TRUE(reader.Next(row, error));
  ASSERT_TRUE(reader.Next(row, error));
  EXPECT_EQ(reader.line(), 2);
  EXPECT_EQ(row, (std::vector<std::string>{"x\ny\nz", "b"}));
  ASSERT_TRUE(reader.Next(row, error));
  EXPECT_EQ(reader.line(), 5);
  EXPECT_EQ(row, (std::vector<std::string>{"last"}));
}

TEST(CsvTest, UnterminatedQuoteNamesTheLineItOpenedOn) {
  auto rows = ParseCsv("姓名,备注\n张三,ok\n李四,\"没有闭合\n的引号\n");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().code(), "csv.unterminated_quote");
  EXPECT_EQ(rows.status().status_code(), StatusCode::kInvalidArgument);
  EXPECT_NE(rows.status().message().find("第 3 行"), std::string::npos)
      << rows.status().message();

  CsvReader reader("ok\n\"open");
  std::vector<std::string> row;
  Status error;
  ASSERT_TRUE(reader.Next(row, error));
  EXPECT_FALSE(reader.Next(row, error));
  EXPECT_EQ(error.code(), "csv.unterminated_quote");
  EXPECT_FALSE(reader.Next(row, error));  // Stays failed, no crash.
}

TEST(CsvTest, StrayQuotesAreKeptLikeExcelDoes) {
  EXPECT_EQ(ParseOrDie("5\"3,x\n"), (Rows{{"5\"3", "x"}}));
  EXPECT_EQ(ParseOrDie("\"ab\"cd,x\n"), (Rows{{"abcd", "x"}}));
}

TEST(CsvTest, LeadingBomIsDropped) {
  EXPECT_EQ(ParseOrDie("\xEF\xBB\xBF姓名,年龄\n"), (Rows{{"姓名", "年龄"}}));
}

TEST(CsvTest, StreamsManyRows) {
  std::string text = "序号,姓名\n";
  for (int i = 0; i < 10000; ++i) {
    text += std::to_string(i) + ",\"学员," + std::to_string(i) + "\"\r\n";
  }
  CsvReader reader(text);
  std::vector<std::string> row;
  Status error;
  int count = 0;
  while (reader.Next(row, error)) ++count;
  EXPECT_TRUE(error.ok());
  EXPECT_EQ(count, 10001);
  EXPECT_EQ(reader.line(), 10001);
  EXPECT_EQ(row, (std::vector<std::string>{"9999", "学员,9999"}));
}

TEST(CsvTest, WriteRowQuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(WriteCsvRow({"张三", "a,b", "say \"hi\"", "x\ny", "", " pad"}),
            "张三,\"a,b\",\"say \"\"hi\"\"\",\"x\ny\",,\" pad\"\r\n");
  EXPECT_EQ(WriteCsvRow({}), "\r\n");
}

TEST(CsvTest, WriteThenParseRoundTrips) {
  Rows rows = {{"姓名", "备注"},
               {"李\"四\"", "第一行\n第二行"},
               {"", "a,b,c"},
               {"370211200001011234", "  "}};
  std::string text;
  for (const auto& row : rows) text += WriteCsvRow(row, false);
  EXPECT_EQ(ParseOrDie(text), rows);
}

TEST(CsvTest, FormulaInjectionIsNeutralized) {
  EXPECT_EQ(GuardFormula("=HYPERLINK(\"http://x\",\"点击\")"),
            "'=HYPERLINK(\"http://x\",\"点击\")");
  EXPECT_EQ(GuardFormula("+1+cmd|' /C calc'!A0"), "'+1+cmd|' /C calc'!A0");
  EXPECT_EQ(GuardFormula("-2+3"), "'-2+3");
  EXPECT_EQ(GuardFormula("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(GuardFormula("\t=1"), "'\t=1");
  EXPECT_EQ(GuardFormula("-"), "'-");
  // Numbers are not formulas and stay as they are.
  EXPECT_EQ(GuardFormula("-5"), "-5");
  EXPECT_EQ(GuardFormula("+86"), "+86");
  EXPECT_EQ(GuardFormula("-12.5"), "-12.5");
  EXPECT_EQ(GuardFormula("张=三"), "张=三");
  EXPECT_EQ(GuardFormula(""), "");

  EXPECT_EQ(WriteCsvRow({"=1+1", "-5", "a"}), "'=1+1,-5,a\r\n");
  EXPECT_EQ(WriteCsvRow({"=1+1"}, false), "=1+1\r\n");
  EXPECT_EQ(WriteCsvRow({"=A1,B1"}), "\"'=A1,B1\"\r\n");
}

TEST(CsvTest, WriteCsvUtf8HasBomAndGbkIsWindowsBytes) {
  Rows rows = {{"姓名", "身份证号"}, {"张三", "370211200001011234"}};
  auto utf8 = WriteCsv(rows, TextEncoding::kUtf8);
  ASSERT_TRUE(utf8.ok());
  EXPECT_EQ(*utf8, "\xEF\xBB\xBF姓名,身份证号\r\n张三,370211200001011234\r\n");

  auto gbk = WriteCsv(rows, TextEncoding::kGbk);
  ASSERT_TRUE(gbk.ok());
  EXPECT_EQ(gbk->substr(0, 5), "\xD0\xD5\xC3\xFB,");  // 姓名,
  EXPECT_EQ(DetectEncoding(*gbk), TextEncoding::kGbk);
  EXPECT_EQ(ParseOrDie(*ToUtf8(*gbk, TextEncoding::kGbk)), rows);

  auto bad = WriteCsv({{"ok\xFF"}}, TextEncoding::kUtf8);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), "file.encoding");
}

}  // namespace
}  // namespace zxkh::docs
