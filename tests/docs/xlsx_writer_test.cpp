#include "docs/xlsx_writer.hpp"

#include <gtest/gtest.h>
#include <zip.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "docs/xlsx_reader.hpp"

namespace zxkh::docs {
namespace {

using Cells = std::vector<std::string>;

// The inflated text of one part of an .xlsx, for asserting on the XML.
std::string PartText(const std::string& xlsx, const char* name) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src =
      zip_source_buffer_create(xlsx.data(), xlsx.size(), 0, &error);
  zip_t* zip = zip_open_from_source(src, ZIP_RDONLY, &error);
  zip_error_fini(&error);
  if (zip == nullptr) {
    zip_source_free(src);
    ADD_FAILURE() << "not a zip";
    return {};
  }
  std::string out;
  if (zip_file_t* f = zip_fopen(zip, name, 0)) {
    char chunk[8192];
    zip_int64_t n;
    while ((n = zip_fread(f, chunk, sizeof chunk)) > 0) {
      out.append(chunk, static_cast<size_t>(n));
    }
    zip_fclose(f);
  } else {
    ADD_FAILURE() << "no part " << name;
  }
  zip_discard(zip);
  return out;
}

struct ReadBack {
  std::vector<std::string> sheet_names;
  std::vector<int> row_numbers;
  std::vector<Cells> rows;
};

ReadBack ReadSheet(const std::string& xlsx, int sheet = 0) {
  ReadBack out;
  auto reader = XlsxReader::Open(xlsx);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  if (!reader.ok()) return out;
  out.sheet_names = reader->SheetNames();
  EXPECT_TRUE(reader->OpenSheet(sheet).ok());
  Cells cells;
  int number = 0;
  while (reader->NextRow(cells, number)) {
    out.row_numbers.push_back(number);
    out.rows.push_back(cells);
  }
  EXPECT_TRUE(reader->status().ok()) << reader->status().ToString();
  return out;
}

Sheet Roster(int rows) {
  Sheet sheet;
  sheet.name = "报名名单";
  sheet.header = {"序号", "姓名", "身份证号", "备注", "成绩"};
  sheet.numeric_columns = {false, false, false, false, true};
  for (int i = 1; i <= rows; ++i) {
    std::string n = std::to_string(i);
    sheet.rows.push_back({n, "学员" + n, "370211200001011234",
                          i % 3 == 0 ? "" : "备注，含逗号 " + n,
                          i % 2 == 0 ? "85.5" : ""});
  }
  return sheet;
}

TEST(XlsxWriterTest, RoundTripKeepsChineseIdsAndEmptyCells) {
  Sheet sheet = Roster(1000);
  auto xlsx = WriteXlsx({sheet});
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().ToString();
  EXPECT_EQ(xlsx->substr(0, 2), "PK");

  ReadBack back = ReadSheet(*xlsx);
  EXPECT_EQ(back.sheet_names, (Cells{"报名名单"}));
  ASSERT_EQ(back.rows.size(), 1001u);
  EXPECT_EQ(back.rows[0], sheet.header);
  EXPECT_EQ(back.row_numbers[0], 1);
  EXPECT_EQ(back.row_numbers[1000], 1001);
  // Row 1: odd, so no score: the trailing empty cell is dropped.
  EXPECT_EQ(back.rows[1],
            (Cells{"1", "学员1", "370211200001011234", "备注，含逗号 1"}));
  // Row 3: empty remark in the middle keeps the score in column E.
  EXPECT_EQ(back.rows[6],
            (Cells{"6", "学员6", "370211200001011234", "", "85.5"}));
  for (size_t i = 1; i < back.rows.size(); ++i) {
    ASSERT_EQ(back.rows[i][2], "370211200001011234") << "row " << i;
    ASSERT_EQ(back.rows[i][1], "学员" + std::to_string(i));
  }
}

TEST(XlsxWriterTest, IdNumbersAreTextCellsAndScoresAreNumbers) {
  Sheet sheet;
  sheet.header = {"身份证号", "成绩", "编号"};
  sheet.numeric_columns = {false, true, true};
  sheet.rows = {{"370211200001011234", "92.5", "007"},
                {"37021120000101123X", "-3", "1234567890123456"}};
  auto xlsx = WriteXlsx({sheet});
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().ToString();
  std::string xml = PartText(*xlsx, "xl/worksheets/sheet1.xml");
  // A2 is a shared-string cell; B2 a plain number; C2 ("007") and C3
  // (16 digits would be rounded) fall back to text.
  EXPECT_NE(xml.find(R"(<c r="A2" s="1" t="s">)"), std::string::npos) << xml;
  EXPECT_NE(xml.find(R"(<c r="B2"><v>92.5</v></c>)"), std::string::npos) << xml;
  EXPECT_NE(xml.find(R"(<c r="C2" s="1" t="s">)"), std::string::npos) << xml;
  EXPECT_NE(xml.find(R"(<c r="C3" s="1" t="s">)"), std::string::npos) << xml;
  EXPECT_EQ(xml.find("E+17"), std::string::npos);

  ReadBack back = ReadSheet(*xlsx);
  ASSERT_EQ(back.rows.size(), 3u);
  EXPECT_EQ(back.rows[1], (Cells{"370211200001011234", "92.5", "007"}));
  EXPECT_EQ(back.rows[2],
            (Cells{"37021120000101123X", "-3", "1234567890123456"}));
}

TEST(XlsxWriterTest, HeaderIsBoldFrozenAndFilteredColumnsTextFormatted) {
  auto xlsx = WriteXlsx({Roster(10)});
  ASSERT_TRUE(xlsx.ok());
  std::string sheet = PartText(*xlsx, "xl/worksheets/sheet1.xml");
  EXPECT_NE(
      sheet.find(
          R"(<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>)"),
      std::string::npos)
      << sheet;
  EXPECT_NE(sheet.find(R"(<autoFilter ref="A1:E11"/>)"), std::string::npos);
  std::string styles = PartText(*xlsx, "xl/styles.xml");
  EXPECT_NE(styles.find("<b/>"), std::string::npos);
  EXPECT_NE(styles.find(R"(formatCode="@")"), std::string::npos);
  std::string workbook = PartText(*xlsx, "xl/workbook.xml");
  EXPECT_NE(workbook.find("_xlnm._FilterDatabase"), std::string::npos);
}

TEST(XlsxWriterTest, ColumnWidthsCountCjkDouble) {
  EXPECT_EQ(DisplayWidth("abcd"), 4);
  EXPECT_EQ(DisplayWidth("张三"), 4);
  EXPECT_EQ(DisplayWidth("张三，李四"), 10);  // Full-width comma too.
  EXPECT_EQ(DisplayWidth("ab\n张三丰"), 6);
  EXPECT_EQ(DisplayWidth(""), 0);

  Sheet sheet;
  sheet.header = {"a", "b", "c"};
  sheet.rows = {{"12345678901234567890", "青岛市黄岛区职业技能培训学校", "x"}};
  sheet.column_widths = {0, 0, 33.5};
  auto xlsx = WriteXlsx({sheet});
  ASSERT_TRUE(xlsx.ok());
  std::string xml = PartText(*xlsx, "xl/worksheets/sheet1.xml");
  // 20 ASCII characters + 2 of padding; 14 CJK characters = 28 + 2.
  EXPECT_NE(xml.find(R"(<col min="1" max="1" width="22.7109375")"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find(R"(<col min="2" max="2" width="30.7109375")"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find(R"(<col min="3" max="3" width="34.28515625")"),
            std::string::npos)
      << xml;
}

TEST(XlsxWriterTest, FormulaInjectionIsNeutralized) {
  Sheet sheet;
  sheet.header = {"姓名", "分数"};
  sheet.numeric_columns = {false, true};
  sheet.rows = {{"=HYPERLINK(\"http://evil\",\"点我\")", "-5"},
                {"@SUM(A1)", "=1+1"},
                {"-", "+3"}};
  auto xlsx = WriteXlsx({sheet});
  ASSERT_TRUE(xlsx.ok());
  std::string xml = PartText(*xlsx, "xl/worksheets/sheet1.xml");
  EXPECT_EQ(xml.find("<f>"), std::string::npos);  // No formula cells at all.
  ReadBack back = ReadSheet(*xlsx);
  ASSERT_EQ(back.rows.size(), 4u);
  EXPECT_EQ(back.rows[1],
            (Cells{"'=HYPERLINK(\"http://evil\",\"点我\")", "-5"}));
  EXPECT_EQ(back.rows[2], (Cells{"'@SUM(A1)", "'=1+1"}));
  EXPECT_EQ(back.rows[3], (Cells{"'-", "+3"}));
}

TEST(XlsxWriterTest, SeveralSheetsAndSpecialText) {
  Sheet a;
  a.name = "考核批次";
  a.header = {"批次"};
  a.rows = {{"2024 第一批 <A&B> \"引号\" 'x'"},
            {"多行\n文本"},
            {"tab\tand _x0041_ \x01\r"}};
  Sheet b;
  b.header = {"空表"};
  auto xlsx = WriteXlsx({a, b});
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().ToString();
  ReadBack first = ReadSheet(*xlsx, 0);
  EXPECT_EQ(first.sheet_names, (Cells{"考核批次", "Sheet2"}));
  ASSERT_EQ(first.rows.size(), 4u);
  EXPECT_EQ(first.rows[1], Cells{"2024 第一批 <A&B> \"引号\" 'x'"});
  EXPECT_EQ(first.rows[2], Cells{"多行\n文本"});
  EXPECT_EQ(first.rows[3], Cells{"tab\tand _x0041_ \x01\r"});
  ReadBack second = ReadSheet(*xlsx, 1);
  EXPECT_EQ(second.rows, (std::vector<Cells>{{"空表"}}));
}

TEST(XlsxWriterTest, LargeSheetUsesConstantMemoryAndInlineStrings) {
  Sheet sheet = Roster(20000);  // 100,005 cells: above the threshold.
  auto xlsx = WriteXlsx({sheet});
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().ToString();
  std::string xml = PartText(*xlsx, "xl/worksheets/sheet1.xml");
  EXPECT_NE(xml.find(R"(t="inlineStr")"), std::string::npos);
  ReadBack back = ReadSheet(*xlsx);
  ASSERT_EQ(back.rows.size(), 20001u);
  EXPECT_EQ(back.rows[0], sheet.header);
  EXPECT_EQ(back.rows[20000], (Cells{"20000", "学员20000", "370211200001011234",
                                     "备注，含逗号 20000", "85.5"}));
  EXPECT_EQ(back.rows[19999], (Cells{"19999", "学员19999", "370211200001011234",
                                     "备注，含逗号 19999"}));
  EXPECT_EQ(back.rows[19998],
            (Cells{"19998", "学员19998", "370211200001011234", "", "85.5"}));
}

TEST(XlsxWriterTest, RowsLargerThanTheReadChunkAreRead) {
  Sheet sheet;
  sheet.header = {"长文本"};
  std::string big;
  while (big.size() < 30000 * 3) big += "长";  // 30,000 characters.
  sheet.rows = {{big, big, big, big}, {"after"}};
  auto xlsx = WriteXlsx({sheet});
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().ToString();
  ReadBack back = ReadSheet(*xlsx);
  ASSERT_EQ(back.rows.size(), 3u);
  EXPECT_EQ(back.rows[1], (Cells{big, big, big, big}));
  EXPECT_EQ(back.rows[2], Cells{"after"});
}

TEST(XlsxWriterTest, UnwritableTmpdirIsAnInternalError) {
  const char* old = std::getenv("TMPDIR");
  std::string saved = old != nullptr ? old : "";
  setenv("TMPDIR", "/nonexistent-zxkh-dir", 1);
  auto xlsx = WriteXlsx({Roster(1)});
  if (old != nullptr) {
    setenv("TMPDIR", saved.c_str(), 1);
  } else {
    unsetenv("TMPDIR");
  }
  ASSERT_FALSE(xlsx.ok());
  EXPECT_EQ(xlsx.status().code(), "xlsx.write_failed");
  EXPECT_EQ(xlsx.status().status_code(), StatusCode::kInternal);
}

TEST(XlsxWriterTest, RejectsWhatExcelCannotHold) {
  EXPECT_EQ(WriteXlsx({}).status().code(), "xlsx.no_sheet");

  Sheet bad_name;
  bad_name.name = "成绩/2024";
  EXPECT_EQ(WriteXlsx({bad_name}).status().code(), "xlsx.sheet_name");
  Sheet long_name;
  long_name.name = std::string(32, 'a');
  EXPECT_EQ(WriteXlsx({long_name}).status().code(), "xlsx.sheet_name");
  Sheet dup;
  dup.name = "名单";
  EXPECT_EQ(WriteXlsx({dup, dup}).status().code(), "xlsx.sheet_name");

  Sheet long_cell;
  long_cell.header = {"x"};
  long_cell.rows = {{std::string(32768, 'a')}};
  auto too_long = WriteXlsx({long_cell});
  EXPECT_EQ(too_long.status().code(), "xlsx.cell_too_long");
  EXPECT_NE(too_long.status().message().find("A2"), std::string::npos);

  Sheet bad_text;
  bad_text.header = {"x", "y"};
  bad_text.rows = {{"ok", "bad\xFF"}};
  auto encoding = WriteXlsx({bad_text});
  EXPECT_EQ(encoding.status().code(), "file.encoding");
  EXPECT_NE(encoding.status().message().find("B2"), std::string::npos);

  Sheet wide;
  wide.header.assign(16385, "h");
  EXPECT_EQ(WriteXlsx({wide}).status().code(), "xlsx.too_many_columns");
}

}  // namespace
}  // namespace zxkh::docs
