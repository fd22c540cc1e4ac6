#include "docs/xlsx_reader.hpp"

#include <gtest/gtest.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace zxkh::docs {
namespace {

using Files = std::vector<std::pair<std::string, std::string>>;
using Cells = std::vector<std::string>;

// Builds a zip archive in memory with libzip.
std::string MakeZip(const Files& files) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* zip = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  EXPECT_NE(zip, nullptr);
  zip_source_keep(buffer);
  for (const auto& [name, data] : files) {
    zip_source_t* file =
        zip_source_buffer_create(data.data(), data.size(), 0, &error);
    EXPECT_GE(zip_file_add(zip, name.c_str(), file, ZIP_FL_OVERWRITE), 0);
  }
  EXPECT_EQ(zip_close(zip), 0);
  std::string out;
  EXPECT_EQ(zip_source_open(buffer), 0);
  char chunk[4096];
  zip_int64_t n;
  while ((n = zip_source_read(buffer, chunk, sizeof chunk)) > 0) {
    out.append(chunk, static_cast<size_t>(n));
  }
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&error);
  return out;
}

constexpr char kRootRels[] =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)";

std::string Workbook(const std::string& sheets, bool date1904 = false) {
  return std::string(
             R"(<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)") +
         (date1904 ? R"(<workbookPr date1904="1"/>)" : "") + "<sheets>" +
         sheets + "</sheets></workbook>";
}

std::string WorkbookRels(const std::string& rels) {
  return R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)" +
         rels + "</Relationships>";
}

std::string Rel(const std::string& id, const std::string& type,
                const std::string& target) {
  return "<Relationship Id=\"" + id +
         "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
         "relationships/" +
         type + "\" Target=\"" + target + "\"/>";
}

std::string SheetXml(const std::string& rows) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:D9"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetData>)" +
         rows + "</sheetData></worksheet>";
}

// A workbook with one sheet "数据" holding `rows`, plus optional shared
// strings and styles parts.
std::string OneSheetXlsx(const std::string& rows,
                         const std::string& shared_strings = {},
                         const std::string& styles = {},
                         bool date1904 = false) {
  std::string rels = Rel("rId1", "worksheet", "worksheets/sheet1.xml");
  Files files = {
      {"_rels/.rels", kRootRels},
      {"xl/workbook.xml",
       Workbook(R"(<sheet name="数据" sheetId="1" r:id="rId1"/>)", date1904)},
      {"xl/worksheets/sheet1.xml", SheetXml(rows)}};
  if (!shared_strings.empty()) {
    rels += Rel("rId2", "sharedStrings", "sharedStrings.xml");
    files.push_back({"xl/sharedStrings.xml", shared_strings});
  }
  if (!styles.empty()) {
    rels += Rel("rId3", "styles", "styles.xml");
    files.push_back({"xl/styles.xml", styles});
  }
  files.push_back({"xl/_rels/workbook.xml.rels", WorkbookRels(rels)});
  return MakeZip(files);
}

struct Row {
  int number;
  Cells cells;
  bool operator==(const Row&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Row& row) {
  os << row.number << ":[";
  for (const auto& c : row.cells) os << '"' << c << "\",";
  return os << "]";
}

std::vector<Row> ReadAll(XlsxReader& reader) {
  std::vector<Row> rows;
  Cells cells;
  int number = 0;
  while (reader.NextRow(cells, number)) rows.push_back({number, cells});
  EXPECT_TRUE(reader.status().ok()) << reader.status().ToString();
  return rows;
}

std::vector<Row> ReadAllOrDie(const std::string& bytes) {
  auto reader = XlsxReader::Open(bytes);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  if (!reader.ok()) return {};
  return ReadAll(*reader);
}

TEST(XlsxReaderTest, SharedStringsRichTextEntitiesAndEscapes) {
  std::string sst =
      R"(<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5">)"
      R"(<si><t>姓名</t></si>)"
      R"(<si><r><rPr><b/></rPr><t>张</t></r><r><t xml:space="preserve"> 三 </t></r><rPh sb="0" eb="1"><t>ZHANG</t></rPh><phoneticPr fontId="1"/></si>)"
      R"(<si><t>A&amp;B &lt;c&gt; &quot;d&quot; &apos;e&apos; &#20013;&#x56FD;</t></si>)"
      R"(<si><t>第一行_x000D_
第二行 _x005F_x0041_</t></si>)"
      R"(<si/>)"
      "</sst>";
  std::string rows =
      R"(<row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>)"
      R"(<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c></row>)";
  EXPECT_EQ(ReadAllOrDie(OneSheetXlsx(rows, sst)),
            (std::vector<Row>{
                {1, {"姓名", "张 三 ", "A&B <c> \"d\" 'e' 中国"}},
                {2, {"第一行\r\n第二行 _x0041_"}},
            }));
}

TEST(XlsxReaderTest, NumbersBooleansErrorsAndInlineStrings) {
  std::string rows =
      R"(<row r="1"><c r="A1"><v>12</v></c><c r="B1" t="n"><v>12.0</v></c><c r="C1"><v>0.30000000000000004</v></c><c r="D1"><v>-7.25</v></c><c r="E1"><v>3.7021120000101101E+17</v></c><c r="F1"><v>1E-3</v></c><c r="G1"><v>123456789012345</v></c></row>)"
      R"(<row r="2"><c r="A2" t="b"><v>1</v></c><c r="B2" t="b"><v>0</v></c><c r="C2" t="e"><v>#N/A</v></c><c r="D2" t="str"><f>A1&amp;"x"</f><v>12x</v></c><c r="E2" t="inlineStr"><is><t>内联 &amp; 文本</t></is></c><c r="F2"><f>SUM(A1:B1)</f><v>24</v></c></row>)";
  EXPECT_EQ(ReadAllOrDie(OneSheetXlsx(rows)),
            (std::vector<Row>{
                {1,
                 {"12", "12", "0.3", "-7.25", "3.70211200001011E+17", "0.001",
                  "123456789012345"}},
                {2, {"TRUE", "FALSE", "#N/A", "12x", "内联 & 文本", "24"}},
            }));
}

TEST(XlsxReaderTest, MissingCellsKeepPositionsAndEmptyRowsAreSkipped) {
  std::string rows =
      R"(<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="D1" t="inlineStr"><is><t>d</t></is></c><c r="F1" s="1"/></row>)"
      R"(<row r="2" ht="20" customHeight="1"/>)"
      R"(<row r="3"><c r="B3" s="1"/><c r="C3" t="inlineStr"><is><t></t></is></c></row>)"
      R"(<row r="7"><c r="AA7"><v>5</v></c></row>)";
  std::vector<Row> got = ReadAllOrDie(OneSheetXlsx(rows));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], (Row{1, {"a", "", "", "d"}}));
  EXPECT_EQ(got[1].number, 7);
  ASSERT_EQ(got[1].cells.size(), 27u);
  EXPECT_EQ(got[1].cells[26], "5");
  EXPECT_EQ(got[1].cells[0], "");
}

TEST(XlsxReaderTest, NamespacePrefixesAndMissingReferences) {
  // Some .NET generators prefix every element and omit r attributes.
  std::string sheet =
      R"(<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>)"
      R"(<x:row><x:c t="inlineStr"><x:is><x:t>甲</x:t></x:is></x:c><x:c><x:v>2</x:v></x:c></x:row>)"
      R"(<!-- a comment with <row> inside -->)"
      R"(<x:row><x:c r="C2" t="inlineStr"><x:is><x:t>丙</x:t></x:is></x:c><x:c><x:v>4</x:v></x:c></x:row>)"
      "</x:sheetData></x:worksheet>";
  std::string bytes = MakeZip(
      {{"_rels/.rels", kRootRels},
       {"xl/workbook.xml",
        R"(<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets><x:sheet name="S" sheetId="1" rel:id="R1"/></x:sheets></x:workbook>)"},
       {"xl/_rels/workbook.xml.rels",
        WorkbookRels(Rel("R1", "worksheet", "/xl/worksheets/data.xml"))},
       {"xl/worksheets/data.xml", sheet}});
  EXPECT_EQ(ReadAllOrDie(bytes),
            (std::vector<Row>{{1, {"甲", "2"}}, {2, {"", "", "丙", "4"}}}));
}

constexpr char kStyles[] =
    R"(<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
    R"(<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>)"
    R"x(<numFmt numFmtId="165" formatCode="[Red]#,##0.00_);\(#,##0.00\)"/><numFmt numFmtId="166" formatCode="0.0 &quot;分 days&quot;"/></numFmts>)x"
    R"(<cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="20"/><xf numFmtId="22"/><xf numFmtId="166"/></cellXfs></styleSheet>)";

TEST(XlsxReaderTest, DateFormattedNumbersComeBackAsIsoDates) {
  std::string rows =
      R"(<row r="1"><c r="A1" s="1"><v>45292</v></c><c r="B1" s="2"><v>36526</v></c><c r="C1" s="3"><v>1234.5</v></c><c r="D1" s="4"><v>0.5</v></c><c r="E1" s="5"><v>45292.75</v></c><c r="F1" s="6"><v>3</v></c><c r="G1"><v>45292</v></c></row>)";
  EXPECT_EQ(
      ReadAllOrDie(OneSheetXlsx(rows, {}, kStyles)),
      (std::vector<Row>{{1,
                         {"2024-01-01", "2000-01-01", "1234.5", "12:00:00",
                          "2024-01-01 18:00:00", "3", "45292"}}}));
}

TEST(XlsxReaderTest, Date1904WorkbooksAreHonored) {
  std::string rows = R"(<row r="1"><c r="A1" s="1"><v>0</v></c></row>)";
  auto reader = XlsxReader::Open(OneSheetXlsx(rows, {}, kStyles, true));
  ASSERT_TRUE(reader.ok());
  EXPECT_TRUE(reader->date1904());
  EXPECT_EQ(ReadAll(*reader), (std::vector<Row>{{1, {"1904-01-01"}}}));
}

TEST(XlsxReaderTest, LibxlsxwriterDatesAreRead) {
  // A date cell as Excel and libxlsxwriter store it: a number with a date
  // style in styles.xml.
  char path[] = "/tmp/zxkh-xlsx-test-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  lxw_workbook* wb = workbook_new(path);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "报名");
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd");
  lxw_datetime birthday = {2000, 1, 1, 0, 0, 0};
  worksheet_write_string(ws, 0, 0, "出生日期", nullptr);
  worksheet_write_datetime(ws, 1, 0, &birthday, date);
  worksheet_write_number(ws, 1, 1, 36526, nullptr);
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  std::remove(path);

  auto reader = XlsxReader::Open(bytes.str());
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(reader->SheetNames(), (Cells{"报名"}));
  EXPECT_EQ(ReadAll(*reader), (std::vector<Row>{{1, {"出生日期"}},
                                                {2, {"2000-01-01", "36526"}}}));
}

TEST(XlsxReaderTest, SheetsByIndexAndNameChartSheetsExcluded) {
  std::string bytes = MakeZip(
      {{"_rels/.rels", kRootRels},
       {"xl/workbook.xml",
        Workbook(R"(<sheet name="一" sheetId="1" r:id="rId1"/>)"
                 R"(<sheet name="图表" sheetId="2" r:id="rId2"/>)"
                 R"(<sheet name="二" sheetId="3" r:id="rId3"/>)")},
       {"xl/_rels/workbook.xml.rels",
        WorkbookRels(
            Rel("rId1", "worksheet", "worksheets/sheet1.xml") +
            Rel("rId2", "chartsheet", "chartsheets/sheet1.xml") +
            Rel("rId3", "worksheet", "./worksheets/../worksheets/sheet2.xml"))},
       {"xl/worksheets/sheet1.xml",
        SheetXml(R"(<row r="1"><c r="A1"><v>1</v></c></row>)")},
       {"xl/chartsheets/sheet1.xml", "<chartsheet/>"},
       {"xl/worksheets/sheet2.xml",
        SheetXml(R"(<row r="3"><c r="B3"><v>2</v></c></row>)")}});
  auto reader = XlsxReader::Open(bytes);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(reader->SheetNames(), (Cells{"一", "二"}));

  // Without OpenSheet, the first sheet is read.
  EXPECT_EQ(ReadAll(*reader), (std::vector<Row>{{1, {"1"}}}));
  ASSERT_TRUE(reader->OpenSheetByName("二").ok());
  EXPECT_EQ(ReadAll(*reader), (std::vector<Row>{{3, {"", "2"}}}));
  ASSERT_TRUE(reader->OpenSheet(0).ok());  // Reopening starts over.
  EXPECT_EQ(ReadAll(*reader), (std::vector<Row>{{1, {"1"}}}));

  Status missing = reader->OpenSheet(2);
  EXPECT_EQ(missing.code(), "xlsx.no_sheet");
  EXPECT_EQ(missing.status_code(), StatusCode::kNotFound);
  EXPECT_EQ(reader->OpenSheetByName("三").code(), "xlsx.no_sheet");
  Cells cells;
  int row = 0;
  EXPECT_FALSE(reader->NextRow(cells, row));
  EXPECT_EQ(reader->status().code(), "xlsx.no_sheet");
}

void ExpectInvalid(const std::string& bytes, std::string_view code) {
  auto reader = XlsxReader::Open(bytes);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), code);
  EXPECT_EQ(reader.status().status_code(), StatusCode::kInvalidArgument);
}

TEST(XlsxReaderTest, GarbageEmptyAndTruncatedFilesAreInvalid) {
  ExpectInvalid("", "xlsx.invalid");
  ExpectInvalid("姓名,身份证号\n张三,370211200001011234\n", "xlsx.invalid");
  auto reader = XlsxReader::Open("not a zip at all");
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().message(), "不是有效的 Excel（.xlsx）文件");

  std::string good = OneSheetXlsx(R"(<row r="1"><c r="A1"><v>1</v></c></row>)");
  ASSERT_TRUE(XlsxReader::Open(good).ok());
  ExpectInvalid(good.substr(0, good.size() / 2), "xlsx.invalid");
  ExpectInvalid(good.substr(0, good.size() - 10), "xlsx.invalid");
}

TEST(XlsxReaderTest, LegacyXlsAndEncryptedFilesGetAHint) {
  std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  ole += std::string(512, '\0');
  auto reader = XlsxReader::Open(ole);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), "xlsx.invalid");
  EXPECT_NE(reader.status().message().find(".xls"), std::string::npos);
}

TEST(XlsxReaderTest, ZipWithoutWorksheetIsRejected) {
  ExpectInvalid(MakeZip({{"hello.txt", "你好"}}), "xlsx.invalid");
  ExpectInvalid(MakeZip({{"_rels/.rels", kRootRels},
                         {"xl/workbook.xml", Workbook("")},
                         {"xl/_rels/workbook.xml.rels", WorkbookRels("")}}),
                "xlsx.no_worksheet");
  // The workbook lists a sheet whose part is not in the zip.
  ExpectInvalid(
      MakeZip(
          {{"_rels/.rels", kRootRels},
           {"xl/workbook.xml",
            Workbook(R"(<sheet name="A" sheetId="1" r:id="rId1"/>)")},
           {"xl/_rels/workbook.xml.rels",
            WorkbookRels(Rel("rId1", "worksheet", "worksheets/sheet1.xml"))}}),
      "xlsx.invalid");
  ExpectInvalid(MakeZip({{"_rels/.rels", kRootRels},
                         {"xl/workbook.xml", "<workbook><sheets>"}}),
                "xlsx.invalid");
}

TEST(XlsxReaderTest, DamagedSheetXmlStopsWithAnError) {
  struct Case {
    std::string rows;
    std::string_view code;
  } cases[] = {
      // The second row's </row> never comes.
      {R"(<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v>)",
       "xlsx.invalid"},
      {R"(<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="XFE2"><v>2</v></c></row>)",
       "xlsx.invalid"},
      {R"(<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>0</v></c></row>)",
       "xlsx.invalid"},  // No shared string table.
  };
  for (const auto& c : cases) {
    std::string bytes = OneSheetXlsx(c.rows);
    auto reader = XlsxReader::Open(bytes);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    Cells cells;
    int row = 0;
    ASSERT_TRUE(reader->NextRow(cells, row)) << c.rows;
    EXPECT_EQ(cells, Cells{"1"});
    EXPECT_FALSE(reader->NextRow(cells, row)) << c.rows;
    EXPECT_EQ(reader->status().code(), c.code) << c.rows;
  }
}

TEST(XlsxReaderTest, OversizedRowIsRefusedNotBuffered) {
  // 17 MB of one cell that never closes: a zip bomb in miniature (the zip
  // is a few KB). The scanner gives up at its 16 MB element limit.
  std::string rows = R"(<row r="1"><c r="A1"><v>1</v></c></row><row r="2">)" +
                     std::string(17 << 20, 'a');
  std::string bytes = OneSheetXlsx(rows);
  EXPECT_LT(bytes.size(), 100000u);
  auto reader = XlsxReader::Open(bytes);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  Cells cells;
  int row = 0;
  ASSERT_TRUE(reader->NextRow(cells, row));
  EXPECT_FALSE(reader->NextRow(cells, row));
  EXPECT_EQ(reader->status().code(), "xlsx.too_large");
  EXPECT_EQ(reader->status().status_code(), StatusCode::kPayloadTooLarge);
}

TEST(XlsxReaderTest, ColumnLetters) {
  EXPECT_EQ(ColumnIndex("A"), 0);
  EXPECT_EQ(ColumnIndex("Z"), 25);
  EXPECT_EQ(ColumnIndex("AA"), 26);
  EXPECT_EQ(ColumnIndex("AZ"), 51);
  EXPECT_EQ(ColumnIndex("XFD"), 16383);
  EXPECT_EQ(ColumnIndex("XFE"), std::nullopt);
  EXPECT_EQ(ColumnIndex("AAAA"), std::nullopt);
  EXPECT_EQ(ColumnIndex("a"), std::nullopt);
  EXPECT_EQ(ColumnIndex(""), std::nullopt);
}

TEST(XlsxReaderTest, SerialDates) {
  EXPECT_EQ(ExcelSerialToIsoDate("1"), "1900-01-01");
  EXPECT_EQ(ExcelSerialToIsoDate("59"), "1900-02-28");
  EXPECT_EQ(ExcelSerialToIsoDate("60"), std::nullopt);  // Excel's 1900-02-29.
  EXPECT_EQ(ExcelSerialToIsoDate("61"), "1900-03-01");
  EXPECT_EQ(ExcelSerialToIsoDate("36526"), "2000-01-01");
  EXPECT_EQ(ExcelSerialToIsoDate("45292.75"), "2024-01-01");
  EXPECT_EQ(ExcelSerialToIsoDate("45351"), "2024-02-29");
  EXPECT_EQ(ExcelSerialToIsoDate("2958465"), "9999-12-31");
  EXPECT_EQ(ExcelSerialToIsoDate("2958466"), std::nullopt);
  EXPECT_EQ(ExcelSerialToIsoDate("0"), std::nullopt);
  EXPECT_EQ(ExcelSerialToIsoDate("-1"), std::nullopt);
  EXPECT_EQ(ExcelSerialToIsoDate("2024-01-01"), std::nullopt);
  EXPECT_EQ(ExcelSerialToIsoDate(""), std::nullopt);
  EXPECT_EQ(ExcelSerialToIsoDate("0", true), "1904-01-01");
  EXPECT_EQ(ExcelSerialToIsoDate("43830", true), "2024-01-01");
}

}  // namespace
}  // namespace zxkh::docs
