// PDF documents for printing: receipts (回执), sign-in and score sheets,
// announcements (公告) and, built on TextAt, certificates.
//
// A PdfDocument records blocks — titles, paragraphs, form and grid tables,
// QR codes, signature blocks — and lays them out only in Render(). Text is
// shaped by pango in a CJK font (WenQuanYi Zen Hei by default) and drawn on
// cairo's PDF surface as real text with embedded font subsets, so it can be
// selected, searched and checked with pdftotext. Flow blocks fill each A4
// page top to bottom and break across pages; the header (platform name over
// a thin rule) and the footer (footer text, "第 N 页 共 M 页") live in the
// margins, so they never move the flow and one layout pass gives the page
// count that the footer prints.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.hpp"
#include "docs/qr.hpp"

namespace zxkh::docs {

// The font every document uses unless PageOptions says otherwise: Debian's
// fonts-wqy-zenhei, which covers GB 18030's common characters and Latin.
inline constexpr char kDefaultFontFamily[] = "WenQuanYi Zen Hei";
// The small line at the top left of every page.
inline constexpr char kDefaultHeaderText[] = "青岛市专项职业能力考核管理平台";

enum class Orientation { kPortrait, kLandscape };

// Horizontal alignment. kJustify stretches every line of a paragraph but its
// last; where a block cannot justify (titles, TextAt) it means kLeft.
enum class Align { kLeft, kCenter, kRight, kJustify };

// Page geometry and the text that repeats on every page. Lengths in mm.
struct PageOptions {
  Orientation orientation = Orientation::kPortrait;  // A4 either way.
  double margin_top_mm = 20;
  double margin_bottom_mm = 20;
  double margin_left_mm = 20;
  double margin_right_mm = 20;
  // Drawn small at the top left over a thin rule, inside the top margin;
  // empty for neither (certificates).
  std::string header_text = kDefaultHeaderText;
  // "第 N 页 共 M 页" at the bottom right, inside the bottom margin.
  bool page_numbers = true;
  // A fontconfig family name. Render fails if it is not installed rather
  // than print boxes in a fallback font.
  std::string font_family = kDefaultFontFamily;
  // PDF metadata title; empty means the text of the first Title().
  std::string title;
  // PDF metadata keywords; certificates carry their signed token here, so
  // a verifier reads it without scanning the QR code. Empty leaves it out.
  std::string keywords;
  // PDF metadata creation date, ISO 8601 ("2024-05-20T09:30:00+08:00");
  // empty leaves it out, so the same blocks always give the same bytes.
  std::string creation_date;
};

// How a run of text looks. Sizes in points, lengths in mm.
struct TextStyle {
  double size_pt = 11;
  bool bold = false;  // Synthesized: the CJK fonts we use have no bold face.
  Align align = Align::kJustify;
  // Line pitch as a multiple of the font's own line height.
  double line_spacing = 1.4;
  // Indent of each paragraph's first line in characters; 2 is the Chinese
  // convention for running text.
  double first_line_indent_em = 0;
  // Flow space below the block (Paragraph only).
  double space_after_mm = 2;
  // 0 = black … 1 = white.
  double gray = 0;
};

// Builds one PDF document. Block methods only record; Render() validates and
// lays out, so a mistake in any block (invalid UTF-8, a table row wider than
// its header, a character no installed font has) surfaces there as a
// Status. Not thread-safe while being built; once built, Render() and
// PageCount() may run concurrently from several threads.
class PdfDocument {
 public:
  explicit PdfDocument(PageOptions options = {});
  ~PdfDocument();
  PdfDocument(PdfDocument&&) noexcept;
  PdfDocument& operator=(PdfDocument&&) noexcept;

  // Centred 18 pt bold heading; moved to the next page rather than left
  // alone at the bottom of one.
  void Title(std::string_view text);
  // Centred 12 pt line(s) under a title: the document number, the date.
  void Subtitle(std::string_view text);
  // Running text wrapped to the content width: between any two Chinese
  // characters, at spaces, or inside an over-long Latin word; lines are
  // never started with closing punctuation (，。）). Splits across pages.
  void Paragraph(std::string_view text, TextStyle style = {});
  // A bordered two-column form (机构名称 | 青岛…): shaded key column sized
  // to the longest key (at most 35 % of the width), values wrap. Rows may
  // split across pages.
  void KeyValues(const std::vector<std::pair<std::string, std::string>>& rows);
  // A bordered grid with a shaded header row that repeats at the top of
  // every page the table reaches; cell text wraps and a row taller than the
  // rest of a page is split line by line. `column_weights` (positive, one
  // per column) share the content width; empty sizes columns to content.
  // Rows shorter than the header are padded; with no header, the widest row
  // sets the column count.
  void Table(const std::vector<std::string>& header,
             const std::vector<std::vector<std::string>>& rows,
             const std::vector<double>& column_weights = {});
  // `qr` drawn as vector squares, `size_mm` wide without the 4-module quiet
  // zone (kept clear around it), with an optional caption centred beneath.
  // kLeft/kJustify align left, kCenter centres, kRight aligns right.
  void Qr(const QrCode& qr, double size_mm, std::string_view caption = {},
          Align align = Align::kRight);
  // Vertical space; at the end of a page it ends the page instead.
  void Spacer(double mm);
  // The closing block, kept whole on one page: room for the seal, then
  // "<org>（盖章）" — or "单位（盖章）：" when `org` is empty — and `date`
  // (or a blank "年 月 日" to fill in by hand) centred under it, the pair
  // aligned near the right margin.
  void SignatureBlock(std::string_view org, std::string_view date);
  // Starts a new page, unless nothing has been put on the current one yet
  // (so an automatic break followed by this one leaves no blank page).
  void PageBreak();
  // Text at the bottom left of every page (the whole document, wherever
  // this is called); replaces an earlier footer.
  void SetFooter(std::string footer_text);
  // Absolutely placed text on the current page, for certificates and forms
  // printed on pre-designed paper; does not move the flow. (x_mm, y_mm) is
  // measured from the page's top-left corner to the top of the text. With
  // width_mm > 0 the text wraps in [x, x + width] and style.align applies
  // within it; otherwise x is the left edge, centre or right edge of each
  // line for kLeft, kCenter and kRight.
  void TextAt(double x_mm, double y_mm, std::string_view text,
              TextStyle style = {}, double width_mm = 0);

  // The PDF bytes. Fails with Internal "pdf.font_missing" when the font
  // family is not installed; InvalidArgument "pdf.glyph_missing" naming a
  // character no installed font can draw (it would print as a box),
  // "file.encoding" for invalid UTF-8, "pdf.page_options" for margins that
  // leave no room, "pdf.table_columns" / "pdf.bad_size" for inconsistent
  // blocks; Internal "pdf.render_failed" if cairo fails.
  Result<std::string> Render() const;
  // The number of pages Render() produces, without drawing; same errors.
  Result<int> PageCount() const;

 private:
  struct Block;
  PageOptions options_;
  std::string footer_;
  std::vector<Block> blocks_;
};

// OK when `family` is installed and its own glyphs (not a fallback font's)
// cover every character of `utf8`, e.g. the characters of a candidate's
// name before printing a certificate. Internal "pdf.font_missing" when the
// family is not installed; InvalidArgument "pdf.glyph_missing" naming the
// first character it lacks; "file.encoding" for invalid UTF-8. Thread-safe.
Status CheckFontCoverage(std::string_view utf8,
                         std::string_view family = kDefaultFontFamily);

}  // namespace zxkh::docs
