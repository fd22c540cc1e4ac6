#include "docs/pdf.hpp"

#include <gtest/gtest.h>
#include <pango/pangocairo.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "docs/qr.hpp"
#include "support/test_db.hpp"

namespace zxkh::docs {
namespace {

constexpr int kProjectRows = 80;

const char* const kProjects[] = {
    "胶东花饽饽制作", "青岛剪纸",   "西式面点制作",   "家政服务",
    "茶艺",           "中式烹调",   "养老护理",       "电子商务运营",
    "手工编织",       "贝雕制作",   "海草房修缮技艺", "崂山绿茶加工",
    "民宿管理服务",   "婴幼儿照护", "网络直播营销",   "汽车美容"};

std::string ProjectCode(int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "ZX3702%04d", i);
  return buf;
}

// The document the receipt use case will print: header form, an 80-row
// table of approved projects, QR code, seal block.
PdfDocument ReceiptDocument(int rows = kProjectRows) {
  PageOptions options;
  options.creation_date = "2024-05-20T09:30:00+08:00";
  PdfDocument doc(options);
  doc.Title("考核机构遴选结果回执");
  doc.Subtitle("青人社专考〔2024〕17 号");
  doc.KeyValues({{"机构代码", "Z370211P001"},
                 {"机构名称", "青岛西海岸新区职业技能培训学校"},
                 {"统一社会信用代码", "52370211MJD123456X"},
                 {"所在区（市）", "黄岛区"},
                 {"通讯地址",
                  "山东省青岛市黄岛区长江中路 216 号"
                  "西海岸新区职业教育实训基地综合楼三层 301 室"}});
  doc.Spacer(3);
  TextStyle body;
  body.first_line_indent_em = 2;
  doc.Paragraph(
      "经申报、资格审核、专家评审和公示，贵单位被确定为青岛市专项职业能力考核"
      "机构，承担下列专项职业能力考核项目（共 " +
          std::to_string(rows) +
          " 项）。请按照《青岛市专项职业能力考核管理办法》组织考核，"
          "确保考核质量。",
      body);
  std::vector<std::vector<std::string>> table;
  for (int i = 1; i <= rows; ++i) {
    table.push_back(
        {std::to_string(i), ProjectCode(i),
         std::string(kProjects[(i - 1) % 16]) +
             (i % 7 == 0 ? "（含理论知识与实际操作两部分考核）" : ""),
         i % 3 == 0 ? "黄岛区" : "市南区", "2024-05-20"});
  }
  doc.Table({"序号", "项目代码", "项目名称", "考核地点", "批准日期"}, table,
            {0.7, 1.6, 4, 1.3, 1.6});
  auto qr = EncodeQr(
      "https://zxkh.qingdao.gov.cn/verify/receipt/Z370211P001?h=9f2c41d0");
  EXPECT_TRUE(qr.ok());
  if (qr.ok()) doc.Qr(*qr, 25, "扫码核验回执真伪");
  doc.SignatureBlock("青岛市人力资源和社会保障局", "2024年5月20日");
  doc.SetFooter("回执编号 HZ-2024-000173");
  return doc;
}

bool HaveTool(const char* name) {
  return std::system(("command -v " + std::string(name) + " >/dev/null 2>&1")
                         .c_str()) == 0;
}

// Runs `command` and returns its standard output.
std::string RunCommand(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  pclose(pipe);
  return out;
}

// pdftotext drops the narrow spaces between Chinese and digits
// ("第 1 页" comes out as "第1页"), so page labels are compared without
// spaces.
std::string WithoutSpaces(std::string text) {
  std::erase(text, ' ');
  return text;
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary);
  f << bytes;
}

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

class PdfTest : public ::testing::Test {
 protected:
  // Writes `pdf` and returns `pdftotext -layout` of pages [first, last]
  // (0 = all).
  std::string Text(const std::string& pdf, int first = 0, int last = 0) {
    const std::string path = dir_.path() + "/doc.pdf";
    WriteFile(path, pdf);
    std::string range;
    if (first > 0) {
      range = " -f " + std::to_string(first) + " -l " + std::to_string(last);
    }
    return RunCommand("pdftotext -layout" + range + " '" + path + "' -");
  }

  std::string Info(const std::string& pdf) {
    const std::string path = dir_.path() + "/info.pdf";
    WriteFile(path, pdf);
    return RunCommand("pdfinfo '" + path + "'");
  }

  void SetUp() override {
    if (!HaveTool("pdftotext") || !HaveTool("pdftoppm") ||
        !HaveTool("pdfinfo")) {
      GTEST_SKIP() << "poppler-utils (pdftotext, pdftoppm, pdfinfo) is not "
                      "installed; install it to check the PDF text";
    }
  }

  test::TempDir dir_;
};

TEST(PdfFontTest, WenQuanYiCoversTheProjectNames) {
  // Through the API: the family's own glyphs, no fallback font.
  Status status = CheckFontCoverage(
      "胶东花饽饽 青岛西海岸新区职业技能培训学校 （盖章）第 1 页 "
      "Z370211P001 ①〔〕");
  EXPECT_TRUE(status.ok()) << status.ToString();

  // Independently, with pango: a layout in the family shapes every
  // character with a real glyph (an unknown glyph prints as a box).
  PangoFontMap* map = pango_cairo_font_map_get_default();
  ASSERT_NE(pango_font_map_get_family(map, kDefaultFontFamily), nullptr);
  PangoContext* ctx = pango_font_map_create_context(map);
  PangoLayout* layout = pango_layout_new(ctx);
  PangoFontDescription* desc =
      pango_font_description_from_string("WenQuanYi Zen Hei 12");
  pango_layout_set_font_description(layout, desc);
  pango_layout_set_text(layout, "胶东花饽饽", -1);
  EXPECT_EQ(pango_layout_get_unknown_glyphs_count(layout), 0);
  PangoFont* font = pango_font_map_load_font(map, ctx, desc);
  ASSERT_NE(font, nullptr);
  for (const char* p = "胶东花饽饽"; *p != '\0'; p = g_utf8_next_char(p)) {
    EXPECT_TRUE(pango_font_has_char(font, g_utf8_get_char(p)));
  }
  g_object_unref(font);
  pango_font_description_free(desc);
  g_object_unref(layout);
  g_object_unref(ctx);
}

TEST(PdfFontTest, MissingFamilyIsAnErrorNotBoxes) {
  PageOptions options;
  options.font_family = "No Such Family ZXKH";
  PdfDocument doc(options);
  doc.Title("考核机构遴选结果回执");
  auto pdf = doc.Render();
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.status().code(), "pdf.font_missing");
  EXPECT_EQ(pdf.status().status_code(), StatusCode::kInternal);
  EXPECT_EQ(CheckFontCoverage("青岛", "No Such Family ZXKH").code(),
            "pdf.font_missing");
}

TEST(PdfFontTest, CoverageNamesTheMissingCharacter) {
  // U+0378 is unassigned: no font has it.
  Status status = CheckFontCoverage("青岛\xCD\xB8");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), "pdf.glyph_missing");
  EXPECT_NE(status.message().find("U+0378"), std::string::npos)
      << status.message();
  EXPECT_EQ(CheckFontCoverage("\xFF").code(), "file.encoding");
}

TEST_F(PdfTest, ReceiptHasRealTextOnEveryPage) {
  PdfDocument doc = ReceiptDocument();
  auto pages = doc.PageCount();
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  auto pdf = doc.Render();
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  ASSERT_EQ(pdf->rfind("%PDF-", 0), 0u);
  EXPECT_GE(*pages, 2);

  const std::string text = Text(*pdf);
  EXPECT_NE(text.find("考核机构遴选结果回执"), std::string::npos) << text;
  EXPECT_NE(text.find("Z370211P001"), std::string::npos);
  EXPECT_NE(text.find("青岛西海岸新区职业技能培训学校"), std::string::npos);
  EXPECT_NE(text.find("青岛市专项职业能力考核管理平台"), std::string::npos);
  EXPECT_NE(text.find("回执编号 HZ-2024-000173"), std::string::npos);
  EXPECT_NE(text.find("青岛市人力资源和社会保障局（盖章）"), std::string::npos);
  EXPECT_NE(text.find("扫码核验回执真伪"), std::string::npos);
  // Every row made it, the last one included.
  EXPECT_NE(text.find(ProjectCode(kProjectRows)), std::string::npos);
  const std::string m = std::to_string(*pages);
  const std::string squeezed = WithoutSpaces(text);
  EXPECT_NE(squeezed.find("第1页共" + m + "页"), std::string::npos);
  EXPECT_NE(squeezed.find("第2页共" + m + "页"), std::string::npos);
  EXPECT_NE(squeezed.find("第" + m + "页共" + m + "页"), std::string::npos);

  // Page 2 on its own: a row from the middle of the table under a repeated
  // header, and not page 1's form.
  const std::string page2 = Text(*pdf, 2, 2);
  EXPECT_NE(page2.find(ProjectCode(50)), std::string::npos) << page2;
  EXPECT_NE(page2.find("项目代码"), std::string::npos);
  EXPECT_NE(WithoutSpaces(page2).find("第2页共" + m + "页"), std::string::npos);
  EXPECT_EQ(page2.find("Z370211P001"), std::string::npos);
  EXPECT_EQ(page2.find(ProjectCode(1)), std::string::npos);

  const std::string info = Info(*pdf);
  EXPECT_NE(info.find("Title:           考核机构遴选结果回执"),
            std::string::npos)
      << info;
  EXPECT_NE(info.find("Creator:         ZXKH"), std::string::npos);
  EXPECT_NE(info.find("Pages:           " + m), std::string::npos);
  EXPECT_NE(info.find("595.276 x 841.89 pts (A4)"), std::string::npos);
}

TEST_F(PdfTest, ReceiptRastersToAPicture) {
  auto pdf = ReceiptDocument().Render();
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  const std::string path = dir_.path() + "/receipt.pdf";
  WriteFile(path, *pdf);
  RunCommand("pdftoppm -r 60 -png -f 1 -l 1 '" + path + "' '" + dir_.path() +
             "/page'");
  // pdftoppm numbers pages with as many digits as the page count needs.
  std::string png = ReadFile(dir_.path() + "/page-1.png");
  if (png.empty()) png = ReadFile(dir_.path() + "/page-01.png");
  ASSERT_FALSE(png.empty()) << "pdftoppm wrote no page-1.png";
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  // A blank A4 page at 60 dpi compresses to about 1 KB; text, a table and a
  // QR code make it many times larger.
  EXPECT_GT(png.size(), 15000u);
}

TEST_F(PdfTest, QrModulesArePrintedWhereTheCodeSaysTheyAre) {
  // No decoder is installed, so compare the raster with the symbol: the
  // centre of every module must be dark exactly when the module is.
  auto qr = EncodeQr("https://zxkh.qingdao.gov.cn/verify/receipt/Z370211P001");
  ASSERT_TRUE(qr.ok());
  PageOptions options;
  options.header_text.clear();
  options.page_numbers = false;
  PdfDocument doc(options);
  constexpr double kSideMm = 50;
  doc.Qr(*qr, kSideMm, "", Align::kLeft);
  auto pdf = doc.Render();
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  const std::string path = dir_.path() + "/qr.pdf";
  WriteFile(path, *pdf);
  constexpr int kDpi = 200;
  RunCommand("pdftoppm -r " + std::to_string(kDpi) + " -gray -f 1 -l 1 '" +
             path + "' '" + dir_.path() + "/qr'");
  const std::string pgm = ReadFile(dir_.path() + "/qr-1.pgm");
  int width = 0;
  int height = 0;
  int consumed = 0;
  ASSERT_EQ(
      std::sscanf(pgm.c_str(), "P5 %d %d 255%n", &width, &height, &consumed),
      2);
  const size_t data = static_cast<size_t>(consumed) + 1;
  ASSERT_EQ(pgm.size(), data + static_cast<size_t>(width) * height);
  auto px = [&](double mm) { return static_cast<int>(mm / 25.4 * kDpi); };
  const double module = kSideMm / qr->size;
  // Default margins: 20 mm; the quiet zone (4 modules) above the symbol.
  const double left = 20;
  const double top = 20 + 4 * module;
  int mismatches = 0;
  for (int y = 0; y < qr->size; ++y) {
    for (int x = 0; x < qr->size; ++x) {
      const int col = px(left + (x + 0.5) * module);
      const int row = px(top + (y + 0.5) * module);
      const auto v = static_cast<unsigned char>(
          pgm[data + static_cast<size_t>(row) * width + col]);
      if ((v < 128) != qr->at(x, y)) ++mismatches;
    }
  }
  EXPECT_EQ(mismatches, 0);
}

TEST_F(PdfTest, RenderingIsStable) {
  const PdfDocument doc = ReceiptDocument();
  auto first = doc.Render();
  auto second = doc.Render();
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  auto pages = doc.PageCount();
  ASSERT_TRUE(pages.ok());
  const std::string m = "Pages:           " + std::to_string(*pages);
  EXPECT_NE(Info(*first).find(m), std::string::npos);
  EXPECT_NE(Info(*second).find(m), std::string::npos);
  // With a fixed creation date the bytes are identical, so a stored PDF's
  // SHA-256 identifies its content.
  EXPECT_EQ(*first, *second);
  // And a copy built the same way renders the same.
  EXPECT_EQ(*ReceiptDocument().Render(), *first);
}

TEST_F(PdfTest, OnePageReceiptHasOnePage) {
  PdfDocument doc = ReceiptDocument(5);
  auto pages = doc.PageCount();
  ASSERT_TRUE(pages.ok());
  EXPECT_EQ(*pages, 1);
  auto pdf = doc.Render();
  ASSERT_TRUE(pdf.ok());
  EXPECT_NE(WithoutSpaces(Text(*pdf)).find("第1页共1页"), std::string::npos);
}

TEST_F(PdfTest, LongParagraphContinuesOnTheNextPage) {
  PdfDocument doc;
  std::string text;
  for (int i = 1; i <= 120; ++i) {
    text += "第" + std::to_string(i) +
            "条考核机构应当按照考核规范组织考核，如实记录考核过程。";
  }
  text += "本办法自发布之日起施行。";
  doc.Paragraph(text);
  auto pdf = doc.Render();
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  auto pages = doc.PageCount();
  ASSERT_TRUE(pages.ok());
  EXPECT_GE(*pages, 2);
  const std::string all = Text(*pdf);
  // pdftotext joins nothing across lines, so check for short pieces.
  EXPECT_NE(all.find("第120条"), std::string::npos);
  EXPECT_NE(all.find("本办法自发布之日起施行。"), std::string::npos);
  // Each line appears once: a split must not repeat or drop lines.
  size_t count = 0;
  for (size_t p = all.find("第60条"); p != std::string::npos;
       p = all.find("第60条", p + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 1u);
}

TEST_F(PdfTest, RowTallerThanAPageIsSplit) {
  PdfDocument doc;
  std::string huge;
  for (int i = 1; i <= 400; ++i) huge += "材料" + std::to_string(i) + "；";
  doc.Table({"序号", "说明"}, {{"1", "短"}, {"2", huge}, {"3", "末行"}});
  auto pdf = doc.Render();
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  auto pages = doc.PageCount();
  ASSERT_TRUE(pages.ok());
  EXPECT_GE(*pages, 2);
  const std::string text = Text(*pdf);
  EXPECT_NE(text.find("材料400；"), std::string::npos);
  EXPECT_NE(text.find("末行"), std::string::npos);
}

TEST_F(PdfTest, LandscapeAndTextAt) {
  PageOptions options;
  options.orientation = Orientation::kLandscape;
  options.header_text.clear();
  options.page_numbers = false;
  options.title = "专项职业能力证书";
  PdfDocument doc(options);
  TextStyle big;
  big.size_pt = 28;
  big.bold = true;
  big.align = Align::kCenter;
  doc.TextAt(148.5, 40, "专项职业能力证书", big);
  TextStyle name;
  name.align = Align::kLeft;
  doc.TextAt(60, 90, "姓名：张三", name, 120);
  TextStyle right;
  right.align = Align::kRight;
  doc.TextAt(277, 180, "证书编号：ZS3702112024000123", right);
  auto pdf = doc.Render();
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  const std::string info = Info(*pdf);
  EXPECT_NE(info.find("841.89 x 595.276 pts (A4)"), std::string::npos) << info;
  EXPECT_NE(info.find("Title:           专项职业能力证书"), std::string::npos);
  const std::string text = Text(*pdf);
  EXPECT_NE(text.find("证书编号：ZS3702112024000123"), std::string::npos);
  EXPECT_NE(text.find("姓名：张三"), std::string::npos);
  EXPECT_EQ(WithoutSpaces(text).find("第1页"), std::string::npos);
  EXPECT_EQ(text.find("青岛市专项职业能力考核管理平台"), std::string::npos);
}

TEST(PdfLayoutTest, PageBreaksNeverLeaveBlankPages) {
  PdfDocument empty;
  EXPECT_EQ(*empty.PageCount(), 1);  // An empty document is one blank page.

  PdfDocument doc;
  doc.PageBreak();  // Nothing on page 1 yet: ignored.
  doc.Paragraph("第一页");
  doc.PageBreak();
  doc.PageBreak();  // Page 2 is still empty: ignored.
  doc.Paragraph("第二页");
  auto pages = doc.PageCount();
  ASSERT_TRUE(pages.ok());
  EXPECT_EQ(*pages, 2);
}

TEST(PdfLayoutTest, RendersConcurrently) {
  // Pango keeps one font map per thread; renders on the HTTP worker pool
  // must neither crash nor differ.
  const PdfDocument doc = ReceiptDocument(10);
  auto expected = doc.Render();
  ASSERT_TRUE(expected.ok()) << expected.status().ToString();
  std::vector<std::string> out(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < out.size(); ++i) {
    threads.emplace_back([&doc, &out, i] {
      for (int round = 0; round < 3; ++round) {
        auto pdf = doc.Render();
        out[i] = pdf.ok() ? *pdf : pdf.status().ToString();
      }
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& pdf : out) EXPECT_TRUE(pdf == *expected);
}

TEST(PdfLayoutTest, BadBlocksFailRender) {
  {
    PdfDocument doc;
    doc.Table({"序号", "姓名"}, {{"1", "张三", "多余"}});
    EXPECT_EQ(doc.Render().status().code(), "pdf.table_columns");
  }
  {
    PdfDocument doc;
    doc.Table({"序号", "姓名"}, {{"1", "张三"}}, {1, 0});
    EXPECT_EQ(doc.Render().status().code(), "pdf.table_columns");
  }
  {
    PdfDocument doc;
    doc.Paragraph("青岛\xE9\x9D");  // Truncated UTF-8.
    auto pdf = doc.Render();
    EXPECT_EQ(pdf.status().code(), "file.encoding");
    EXPECT_EQ(pdf.status().status_code(), StatusCode::kInvalidArgument);
  }
  {
    PdfDocument doc;
    doc.KeyValues({{"姓名", "张\xCD\xB8三"}});  // Unassigned U+0378.
    auto pdf = doc.Render();
    EXPECT_EQ(pdf.status().code(), "pdf.glyph_missing");
    EXPECT_NE(pdf.status().message().find("U+0378"), std::string::npos)
        << pdf.status().message();
  }
  {
    PdfDocument doc;
    doc.Qr(QrCode{}, 20);
    EXPECT_EQ(doc.Render().status().code(), "pdf.bad_size");
  }
  {
    auto qr = EncodeQr("https://zxkh.qingdao.gov.cn/");
    ASSERT_TRUE(qr.ok());
    PdfDocument doc;
    doc.Qr(*qr, 500);  // Wider than the page.
    EXPECT_EQ(doc.Render().status().code(), "pdf.bad_size");
  }
  {
    PageOptions options;
    options.margin_top_mm = 5;  // No room for the header.
    EXPECT_EQ(PdfDocument(options).Render().status().code(),
              "pdf.page_options");
    options.header_text.clear();
    EXPECT_TRUE(PdfDocument(options).Render().ok());
    options.margin_left_mm = -1;
    EXPECT_EQ(PdfDocument(options).Render().status().code(),
              "pdf.page_options");
  }
}

// Writes the receipt to $ZXKH_PDF_SAMPLE when set, for looking at it:
//   ZXKH_PDF_SAMPLE=/tmp/zxkh-pdf-sample.pdf docs_test --gtest_filter=Pdf*
//   pdftoppm -r 80 -png /tmp/zxkh-pdf-sample.pdf /tmp/zxkh-pdf-sample
TEST(PdfSample, WriteForInspection) {
  const char* path = std::getenv("ZXKH_PDF_SAMPLE");
  if (path == nullptr || *path == '\0') {
    GTEST_SKIP() << "set ZXKH_PDF_SAMPLE=<file.pdf> to write the sample";
  }
  auto pdf = ReceiptDocument().Render();
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  WriteFile(path, *pdf);
}

}  // namespace
}  // namespace zxkh::docs
