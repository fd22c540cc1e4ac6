#include "docs/pdf.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <variant>

#include "docs/text_encoding.hpp"

namespace zxkh::docs {
namespace {

// cairo's PDF surface works in points; documents are specified in mm.
constexpr double kPtPerMm = 72.0 / 25.4;
constexpr double kA4ShortMm = 210;
constexpr double kA4LongMm = 297;
// Comparisons of accumulated float heights against the page bottom.
constexpr double kEps = 0.01;

double Pt(double mm) { return mm * kPtPerMm; }
double FromPango(int units) { return static_cast<double>(units) / PANGO_SCALE; }
int ToPango(double pt) {
  return static_cast<int>(std::lround(pt * PANGO_SCALE));
}
bool Finite(double v) { return std::isfinite(v); }

// ---- Recorded blocks --------------------------------------------------------

struct TextBlock {
  std::string text;
  TextStyle style;
  bool heading = false;  // Kept with what follows; Title/Subtitle.
  bool title = false;    // Supplies the PDF metadata title.
};

struct GridBlock {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<double> weights;
  bool form = false;  // KeyValues: shaded key column, no header.
};

struct QrBlock {
  QrCode qr;
  double size_mm = 0;
  std::string caption;
  Align align = Align::kRight;
};

struct SpacerBlock {
  double mm = 0;
};

struct SignatureData {
  std::string org;
  std::string date;
};

struct PageBreakBlock {};

struct TextAtBlock {
  double x_mm = 0;
  double y_mm = 0;
  std::string text;
  TextStyle style;
  double width_mm = 0;
};

}  // namespace

struct PdfDocument::Block {
  std::variant<TextBlock, GridBlock, QrBlock, SpacerBlock, SignatureData,
               PageBreakBlock, TextAtBlock>
      v;
};

namespace {

// ---- Pango helpers ----------------------------------------------------------

struct GObjectUnref {
  void operator()(void* p) const {
    if (p != nullptr) g_object_unref(p);
  }
};
using ContextPtr = std::unique_ptr<PangoContext, GObjectUnref>;
// Shared: a layout is measured once and then referenced by the drawing
// operations of every page a split block reaches.
using LayoutPtr = std::shared_ptr<PangoLayout>;

LayoutPtr Adopt(PangoLayout* layout) {
  return LayoutPtr(layout, [](PangoLayout* l) { g_object_unref(l); });
}

// "U+4E00 “一”" for messages about one character.
std::string DescribeChar(gunichar c) {
  char code[16];
  std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(c));
  std::string out = code;
  if (c >= 0x20 && c != 0x7F) {
    char utf8[8] = {};
    g_unichar_to_utf8(c, utf8);
    out += std::string(" “") + utf8 + "”";
  }
  return out;
}

Status CheckUtf8(std::string_view text) {
  size_t offset = 0;
  if (IsValidUtf8(text, &offset)) return Status::Ok();
  return Status::InvalidArgument(
      "file.encoding",
      "文字不是有效的 UTF-8 编码（第 " + std::to_string(offset) + " 字节）");
}

Status FontMissing(std::string_view family) {
  return Status::Internal(
      "pdf.font_missing",
      "服务器未安装字体“" + std::string(family) + "”，无法生成含中文的 PDF");
}

// The per-thread cairo font map (pango keeps one per thread, so concurrent
// renders never share its caches). Not owned.
PangoFontMap* FontMap() { return pango_cairo_font_map_get_default(); }

// Fontconfig would silently substitute another family (DejaVu, which has no
// Chinese) for a missing one; asking for the family by name does not.
Status CheckFamilyInstalled(std::string_view family) {
  const std::string name(family);
  if (pango_font_map_get_family(FontMap(), name.c_str()) == nullptr) {
    return FontMissing(family);
  }
  return Status::Ok();
}

ContextPtr NewContext() {
  ContextPtr ctx(pango_font_map_create_context(FontMap()));
  // Unhinted metrics and unrounded positions: PDF is device-independent,
  // so text measured here must have the same width at any zoom or printer.
  cairo_font_options_t* fo = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(ctx.get(), fo);
  cairo_font_options_destroy(fo);
  pango_context_set_round_glyph_positions(ctx.get(), FALSE);
  // Chinese line-breaking and, for fallback, Simplified glyph forms.
  pango_context_set_language(ctx.get(), pango_language_from_string("zh-cn"));
  return ctx;
}

// One line of a measured layout, in points from the layout's top.
struct LineBox {
  double top;
  double bottom;
};

struct Measured {
  LayoutPtr layout;
  std::vector<LineBox> lines;  // Never empty: "" is one empty line.

  double Height(size_t from, size_t to) const {
    return to > from ? lines[to - 1].bottom - lines[from].top : 0;
  }
  double Height() const { return Height(0, lines.size()); }
  double NaturalWidth() const {
    int w = 0;
    int h = 0;
    pango_layout_get_size(layout.get(), &w, &h);
    return FromPango(w);
  }
};

// Shapes text with one font family on one pango context.
class Typesetter {
 public:
  Typesetter(PangoContext* ctx, std::string family)
      : ctx_(ctx), family_(std::move(family)) {}

  // A layout of `text` in `style`, wrapped at `width_pt` when positive.
  // Fails on invalid UTF-8 or a character no installed font has.
  Result<Measured> Make(std::string_view text, const TextStyle& style,
                        double width_pt) const {
    ZXKH_RETURN_IF_ERROR(CheckUtf8(text));
    if (!Finite(style.size_pt) || style.size_pt <= 0 || style.size_pt > 500 ||
        !Finite(style.line_spacing) || style.line_spacing < 0 ||
        !Finite(style.first_line_indent_em)) {
      return Status::InvalidArgument("pdf.bad_size",
                                     "文字样式的字号或行距无效");
    }
    Measured m;
    m.layout = Adopt(pango_layout_new(ctx_));
    PangoLayout* l = m.layout.get();
    PangoFontDescription* desc = pango_font_description_new();
    pango_font_description_set_family(desc, family_.c_str());
    // Absolute size: device units are points on the PDF surface, so no
    // screen resolution (pango assumes 96 dpi) enters the measurement.
    pango_font_description_set_absolute_size(desc, style.size_pt * PANGO_SCALE);
    pango_font_description_set_weight(
        desc, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l, desc);
    pango_font_description_free(desc);
    pango_layout_set_text(l, text.data(), static_cast<int>(text.size()));
    switch (style.align) {
      case Align::kLeft:
      case Align::kJustify:
        pango_layout_set_alignment(l, PANGO_ALIGN_LEFT);
        break;
      case Align::kCenter:
        pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
        break;
      case Align::kRight:
        pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
        break;
    }
    pango_layout_set_justify(l, style.align == Align::kJustify);
    if (style.first_line_indent_em != 0) {
      pango_layout_set_indent(
          l, ToPango(style.first_line_indent_em * style.size_pt));
    }
    if (style.line_spacing > 0) {
      pango_layout_set_line_spacing(l, static_cast<float>(style.line_spacing));
    }
    if (pango_layout_get_unknown_glyphs_count(l) > 0) {
      return Status::InvalidArgument("pdf.glyph_missing",
                                     "文字中有服务器字体无法显示的字符 " +
                                         DescribeChar(FirstUnknown(l)) +
                                         "，打印出来会是方框");
    }
    if (width_pt > 0) Wrap(m, width_pt);
    ReadLines(m);
    return m;
  }

  // Re-wraps `m` at `width_pt` (after its natural width was measured).
  static void Wrap(Measured& m, double width_pt) {
    pango_layout_set_width(m.layout.get(),
                           std::max(1, ToPango(std::max(width_pt, 1.0))));
    // WORD_CHAR: Chinese breaks between characters anyway; this also breaks
    // a code or URL longer than the cell instead of overflowing it.
    pango_layout_set_wrap(m.layout.get(), PANGO_WRAP_WORD_CHAR);
    ReadLines(m);
  }

 private:
  static void ReadLines(Measured& m) {
    m.lines.clear();
    PangoLayoutIter* it = pango_layout_get_iter(m.layout.get());
    do {
      int y0 = 0;
      int y1 = 0;
      pango_layout_iter_get_line_yrange(it, &y0, &y1);
      m.lines.push_back({FromPango(y0), FromPango(y1)});
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
  }

  // The first character shaped with pango's "unknown glyph" (a hex box).
  static gunichar FirstUnknown(PangoLayout* l) {
    const char* text = pango_layout_get_text(l);
    gunichar found = 0;
    PangoLayoutIter* it = pango_layout_get_iter(l);
    do {
      PangoLayoutRun* run = pango_layout_iter_get_run_readonly(it);
      if (run == nullptr) continue;
      for (int i = 0; i < run->glyphs->num_glyphs && found == 0; ++i) {
        if ((run->glyphs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG) != 0) {
          found = g_utf8_get_char(text + run->item->offset +
                                  run->glyphs->log_clusters[i]);
        }
      }
    } while (found == 0 && pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
    return found;
  }

  PangoContext* ctx_;
  std::string family_;
};

// ---- Page content -----------------------------------------------------------

// One drawing operation, positioned in points from the page's top-left.
struct Op {
  enum class Kind { kText, kRect, kRules, kQr };
  Kind kind = Kind::kText;
  double x = 0;
  double y = 0;
  // kText: the layout drawn with its top-left at (x, y), in `gray`; when
  // `clipped`, only the band [clip_top, clip_bottom) shows — how a block
  // split across pages shows a subset of its lines.
  LayoutPtr layout;
  double gray = 0;
  bool clipped = false;
  double clip_top = 0;
  double clip_bottom = 0;
  // kRect: w x h filled with `fill_gray`; a background, drawn before
  // everything else on the page.
  double w = 0;
  double h = 0;
  double fill_gray = 0;
  // kRules: black segments (x1, y1, x2, y2 quadruples) `line_width` thick,
  // stroked as one path so that no line is drawn twice: a doubled
  // anti-aliased edge prints darker than its neighbours.
  std::vector<double> segments;
  double line_width = 0;
  // kQr: the symbol with its top-left module at (x, y), `module` pt each.
  const QrCode* qr = nullptr;
  double module = 0;
};

using Page = std::vector<Op>;

struct Geometry {
  double page_w;
  double page_h;
  double left;
  double right;
  double top;
  double bottom;
};

// Table appearance. Sizes in points.
constexpr double kCellPadH = 2.0 * kPtPerMm;
constexpr double kCellPadV = 1.4 * kPtPerMm;
constexpr double kBorder = 0.5;
constexpr double kHeaderFill = 0.86;
constexpr double kKeyFill = 0.94;

TextStyle CellStyle(double size, bool bold, Align align) {
  TextStyle s;
  s.size_pt = size;
  s.bold = bold;
  s.align = align;
  s.line_spacing = 1.2;
  return s;
}

struct Cell {
  Measured m;
  double fill = -1;
};
using Row = std::vector<Cell>;

// Lays blocks out onto pages: the cursor y_ moves down the content box of
// the current page and blocks that do not fit continue on a new one.
class Layouter {
 public:
  Layouter(const Geometry& g, const Typesetter& ts) : g_(g), ts_(ts) {
    NewPage();
  }

  std::vector<Page>& pages() { return pages_; }

  Status Add(const TextBlock& b) {
    ZXKH_ASSIGN_OR_RETURN(Measured m, ts_.Make(b.text, b.style, Width()));
    // A heading alone at the bottom of a page reads as belonging to the
    // previous one; move it when less than a few lines would follow.
    if (b.heading && !fresh_ && y_ + m.Height() + Pt(25) > g_.bottom + kEps &&
        m.Height() + Pt(25) <= g_.bottom - g_.top) {
      NewPage();
    }
    PlaceLines(m, g_.left, b.style.gray);
    y_ = std::min(y_ + Pt(std::max(0.0, b.style.space_after_mm)), g_.bottom);
    return Status::Ok();
  }

  Status Add(const GridBlock& b) {
    size_t columns = b.header.size();
    if (columns == 0) {
      for (const auto& r : b.rows) columns = std::max(columns, r.size());
    }
    if (columns == 0) return Status::Ok();
    for (const auto& r : b.rows) {
      if (r.size() > columns) {
        return Status::InvalidArgument(
            "pdf.table_columns", "表格某行有 " + std::to_string(r.size()) +
                                     " 列，多于表头的 " +
                                     std::to_string(columns) + " 列");
      }
    }
    if (!b.weights.empty()) {
      bool bad = b.weights.size() != columns;
      for (double w : b.weights) bad = bad || !Finite(w) || w <= 0;
      if (bad) {
        return Status::InvalidArgument("pdf.table_columns",
                                       "表格列宽比例须为每列一个正数");
      }
    }

    // Measure unwrapped first: natural widths size the columns.
    const TextStyle header_style = CellStyle(10, true, Align::kCenter);
    const TextStyle body_style =
        CellStyle(b.form ? 11 : 10, false, Align::kLeft);
    const TextStyle key_style = CellStyle(11, false, Align::kCenter);
    Row header;
    for (const auto& text : b.header) {
      ZXKH_ASSIGN_OR_RETURN(Measured m, ts_.Make(text, header_style, 0));
      header.push_back({std::move(m), kHeaderFill});
    }
    std::vector<Row> rows;
    rows.reserve(b.rows.size());
    for (const auto& r : b.rows) {
      Row row;
      for (size_t c = 0; c < columns; ++c) {
        const bool key = b.form && c == 0;
        const std::string empty;
        const std::string& text = c < r.size() ? r[c] : empty;
        ZXKH_ASSIGN_OR_RETURN(Measured m,
                              ts_.Make(text, key ? key_style : body_style, 0));
        row.push_back({std::move(m), key ? kKeyFill : -1});
      }
      rows.push_back(std::move(row));
    }

    const std::vector<double> widths = ColumnWidths(b, header, rows, columns);
    std::vector<double> xs(columns);
    double x = g_.left;
    for (size_t c = 0; c < columns; ++c) {
      xs[c] = x;
      x += widths[c];
    }
    auto wrap = [&](Row& row) {
      for (size_t c = 0; c < row.size(); ++c) {
        Typesetter::Wrap(row[c].m, widths[c] - 2 * kCellPadH);
      }
    };
    wrap(header);
    for (Row& row : rows) wrap(row);
    PlaceGrid(header, rows, xs, widths);
    y_ = std::min(y_ + Pt(3), g_.bottom);
    return Status::Ok();
  }

  Status Add(const QrBlock& b) {
    const double side = Pt(b.size_mm);
    if (b.qr.size <= 0 ||
        b.qr.modules.size() != static_cast<size_t>(b.qr.size * b.qr.size) ||
        !Finite(side) || side <= 0 || side > Width() ||
        side > g_.bottom - g_.top) {
      return Status::InvalidArgument("pdf.bad_size",
                                     "二维码为空或尺寸超出页面");
    }
    const double module = side / b.qr.size;
    const double quiet = 4 * module;  // ISO/IEC 18004 quiet zone.
    Measured caption;
    double caption_w = 0;
    double caption_h = 0;
    if (!b.caption.empty()) {
      TextStyle s;
      s.size_pt = 9;
      s.align = Align::kCenter;
      s.line_spacing = 1.2;
      ZXKH_ASSIGN_OR_RETURN(caption, ts_.Make(b.caption, s, 0));
      // As wide as the code or the caption, whichever is wider, so that the
      // caption is centred under the code; wrapped if the page is narrower.
      caption_w = std::min(Width(), std::max(side, caption.NaturalWidth()));
      Typesetter::Wrap(caption, caption_w);
      caption_h = caption.Height();
    }
    const double h = quiet + side + quiet + caption_h;
    if (!fresh_ && y_ + h > g_.bottom + kEps) NewPage();
    double x = g_.left;
    if (b.align == Align::kCenter) x = (g_.left + g_.right - side) / 2;
    if (b.align == Align::kRight) x = g_.right - side;
    Op op;
    op.kind = Op::Kind::kQr;
    op.x = x;
    op.y = y_ + quiet;
    op.qr = &b.qr;
    op.module = module;
    pages_.back().push_back(op);
    if (caption_h > 0) {
      const double cx = std::clamp(x + side / 2 - caption_w / 2, g_.left,
                                   g_.right - caption_w);
      AddText(caption.layout, cx, y_ + quiet + side + quiet, 0.2);
    }
    y_ = std::min(y_ + h, g_.bottom);
    fresh_ = false;
    return Status::Ok();
  }

  Status Add(const SpacerBlock& b) {
    if (!Finite(b.mm) || b.mm < 0) {
      return Status::InvalidArgument("pdf.bad_size", "间距不能为负数");
    }
    if (y_ + Pt(b.mm) > g_.bottom + kEps) {
      NewPage();
    } else {
      y_ += Pt(b.mm);
    }
    return Status::Ok();
  }

  Status Add(const SignatureData& b) {
    const std::string org =
        b.org.empty() ? "单位（盖章）：" : b.org + "（盖章）";
    // Ideographic spaces leave room to write the date by hand.
    const std::string date = b.date.empty() ? "　　　　年　　月　　日" : b.date;
    TextStyle s;
    s.size_pt = 12;
    s.align = Align::kCenter;
    s.line_spacing = 1.8;
    ZXKH_ASSIGN_OR_RETURN(Measured m, ts_.Make(org + "\n" + date, s, 0));
    // Two characters in from the right margin, as Chinese documents sign.
    const double inset = 2 * s.size_pt;
    const double max_w = Width() - inset;
    double w = m.NaturalWidth();
    if (w > max_w) {
      // Centred within the wrap width, so that width is the block's.
      Typesetter::Wrap(m, max_w);
      w = max_w;
    }
    const double space = Pt(12);  // Room for the seal above the name.
    const double h = space + m.Height();
    if (!fresh_ && y_ + h > g_.bottom + kEps) NewPage();
    AddText(m.layout, g_.right - inset - w, y_ + space - m.lines[0].top, 0);
    y_ = std::min(y_ + h, g_.bottom);
    fresh_ = false;
    return Status::Ok();
  }

  Status Add(const PageBreakBlock&) {
    if (!pages_.back().empty()) NewPage();
    return Status::Ok();
  }

  Status Add(const TextAtBlock& b) {
    if (!Finite(b.x_mm) || !Finite(b.y_mm) || !Finite(b.width_mm) ||
        b.width_mm < 0) {
      return Status::InvalidArgument("pdf.bad_size", "文字位置或宽度无效");
    }
    ZXKH_ASSIGN_OR_RETURN(Measured m,
                          ts_.Make(b.text, b.style, Pt(b.width_mm)));
    double x = Pt(b.x_mm);
    if (b.width_mm <= 0) {
      if (b.style.align == Align::kCenter) x -= m.NaturalWidth() / 2;
      if (b.style.align == Align::kRight) x -= m.NaturalWidth();
    }
    AddText(m.layout, x, Pt(b.y_mm) - m.lines[0].top, b.style.gray);
    return Status::Ok();
  }

 private:
  double Width() const { return g_.right - g_.left; }

  void NewPage() {
    pages_.emplace_back();
    y_ = g_.top;
    grid_bottom_ = -1;
    fresh_ = true;
  }

  void AddText(const LayoutPtr& layout, double x, double y, double gray) {
    Op op;
    op.kind = Op::Kind::kText;
    op.layout = layout;
    op.x = x;
    op.y = y;
    op.gray = gray;
    pages_.back().push_back(std::move(op));
  }

  // Flows the lines of `m` from the cursor, continuing on new pages.
  void PlaceLines(const Measured& m, double x, double gray) {
    const size_t n = m.lines.size();
    size_t i = 0;
    while (i < n) {
      const double avail = g_.bottom - y_;
      size_t j = i;
      while (j < n && m.Height(i, j + 1) <= avail + kEps) ++j;
      if (j == i) {
        if (!fresh_) {
          NewPage();
          continue;
        }
        j = i + 1;  // A line taller than a page: place it and clip.
      }
      Op op;
      op.kind = Op::Kind::kText;
      op.layout = m.layout;
      op.x = x;
      op.y = y_ - m.lines[i].top;
      op.gray = gray;
      op.clipped = i > 0 || j < n;
      op.clip_top = i > 0 ? y_ : 0;
      op.clip_bottom = j < n ? y_ + m.Height(i, j) : g_.page_h;
      pages_.back().push_back(std::move(op));
      y_ += m.Height(i, j);
      fresh_ = false;
      i = j;
      if (i < n) NewPage();
    }
  }

  // Column widths in points summing to the content width.
  std::vector<double> ColumnWidths(const GridBlock& b, const Row& header,
                                   const std::vector<Row>& rows,
                                   size_t columns) const {
    const double total = Width();
    std::vector<double> widths(columns);
    if (!b.weights.empty()) {
      double sum = 0;
      for (double w : b.weights) sum += w;
      for (size_t c = 0; c < columns; ++c) {
        widths[c] = total * b.weights[c] / sum;
      }
      return widths;
    }
    // Natural width of each column: its widest unwrapped cell, padded; at
    // least two characters so a narrow column stays legible.
    std::vector<double> natural(columns, 2 * 10 + 2 * kCellPadH);
    auto widen = [&](const Row& row) {
      for (size_t c = 0; c < row.size(); ++c) {
        natural[c] =
            std::max(natural[c], row[c].m.NaturalWidth() + 2 * kCellPadH + 1);
      }
    };
    widen(header);
    for (const Row& row : rows) widen(row);
    if (b.form) {
      widths[0] = std::min(natural[0], 0.35 * total);
      widths[1] = total - widths[0];
      return widths;
    }
    double sum = 0;
    for (double w : natural) sum += w;
    if (sum <= total) {
      // Everything fits on one line: share the slack in proportion.
      for (size_t c = 0; c < columns; ++c) {
        widths[c] = natural[c] * total / sum;
      }
      return widths;
    }
    // Water-filling: columns narrower than an equal share of what is left
    // keep their natural width; the wide ones share the rest in proportion
    // to their natural widths and wrap.
    std::vector<bool> fixed(columns, false);
    double remaining = total;
    size_t open = columns;
    bool changed = true;
    while (changed && open > 0) {
      changed = false;
      const double share = remaining / static_cast<double>(open);
      for (size_t c = 0; c < columns; ++c) {
        if (!fixed[c] && natural[c] <= share) {
          fixed[c] = true;
          widths[c] = natural[c];
          remaining -= natural[c];
          --open;
          changed = true;
        }
      }
    }
    double open_sum = 0;
    for (size_t c = 0; c < columns; ++c) {
      if (!fixed[c]) open_sum += natural[c];
    }
    for (size_t c = 0; c < columns; ++c) {
      if (!fixed[c]) widths[c] = remaining * natural[c] / open_sum;
    }
    return widths;
  }

  // Height of the slice of `row` showing lines [from[c], to[c]) of each cell.
  static double SliceHeight(const Row& row, const std::vector<size_t>& from,
                            const std::vector<size_t>& to) {
    double h = 0;
    for (size_t c = 0; c < row.size(); ++c) {
      h = std::max(h, row[c].m.Height(from[c], to[c]));
    }
    return h + 2 * kCellPadV;
  }

  static std::vector<size_t> Ends(const Row& row) {
    std::vector<size_t> ends(row.size());
    for (size_t c = 0; c < row.size(); ++c) ends[c] = row[c].m.lines.size();
    return ends;
  }

  // Draws one slice of a row at the cursor and moves the cursor below it.
  // A whole row is centred vertically; pieces of a split row hang from the
  // top so the text continues where the previous page stopped.
  void EmitSlice(const Row& row, const std::vector<double>& xs,
                 const std::vector<double>& widths,
                 const std::vector<size_t>& from,
                 const std::vector<size_t>& to) {
    const double h = SliceHeight(row, from, to);
    bool whole = true;
    for (size_t c = 0; c < row.size(); ++c) {
      whole = whole && from[c] == 0 && to[c] == row[c].m.lines.size();
    }
    Page& page = pages_.back();
    for (size_t c = 0; c < row.size(); ++c) {
      if (row[c].fill < 0) continue;
      Op rect;
      rect.kind = Op::Kind::kRect;
      rect.x = xs[c];
      rect.y = y_;
      rect.w = widths[c];
      rect.h = h;
      rect.fill_gray = row[c].fill;
      page.push_back(rect);
    }
    // The bottom rule and the column rules; the top rule only when no slice
    // of this table ends right here (the previous one drew it as its bottom).
    Op rules;
    rules.kind = Op::Kind::kRules;
    rules.line_width = kBorder;
    const double x0 = xs.front();
    const double x1 = xs.back() + widths.back();
    if (std::abs(grid_bottom_ - y_) > kEps) {
      rules.segments.insert(rules.segments.end(), {x0, y_, x1, y_});
    }
    rules.segments.insert(rules.segments.end(), {x0, y_ + h, x1, y_ + h});
    for (size_t c = 0; c <= row.size(); ++c) {
      const double x = c < row.size() ? xs[c] : x1;
      rules.segments.insert(rules.segments.end(), {x, y_, x, y_ + h});
    }
    page.push_back(std::move(rules));
    for (size_t c = 0; c < row.size(); ++c) {
      const Measured& m = row[c].m;
      if (from[c] >= to[c]) continue;
      const double content = m.Height(from[c], to[c]);
      const double top =
          y_ + kCellPadV + (whole ? (h - 2 * kCellPadV - content) / 2 : 0);
      Op op;
      op.kind = Op::Kind::kText;
      op.layout = m.layout;
      op.x = xs[c] + kCellPadH;
      op.y = top - m.lines[from[c]].top;
      op.clipped = from[c] > 0 || to[c] < m.lines.size();
      op.clip_top = top;
      op.clip_bottom = top + content;
      page.push_back(std::move(op));
    }
    y_ += h;
    grid_bottom_ = y_;
    fresh_ = false;
  }

  void PlaceGrid(const Row& header, const std::vector<Row>& rows,
                 const std::vector<double>& xs,
                 const std::vector<double>& widths) {
    const std::vector<size_t> header_from(header.size(), 0);
    const std::vector<size_t> header_to = Ends(header);
    const double header_h =
        header.empty() ? 0 : SliceHeight(header, header_from, header_to);
    const double body_h = g_.bottom - g_.top;
    bool header_here = false;  // The header row heads the current page.
    bool rows_here = false;    // Some body row is on the current page.
    bool fresh_at_header = false;

    auto place_header = [&](double min_below) {
      if (!fresh_ && y_ + header_h + min_below > g_.bottom + kEps) NewPage();
      fresh_at_header = fresh_;
      if (!header.empty())
        EmitSlice(header, xs, widths, header_from, header_to);
      header_here = true;
      rows_here = false;
    };
    auto new_page = [&]() {
      NewPage();
      header_here = false;
    };

    for (const Row& row : rows) {
      std::vector<size_t> from(row.size(), 0);
      const std::vector<size_t> ends = Ends(row);
      while (true) {
        if (!header_here) {
          std::vector<size_t> first(row.size());
          for (size_t c = 0; c < row.size(); ++c) {
            first[c] = std::min(from[c] + 1, ends[c]);
          }
          place_header(SliceHeight(row, from, first));
        }
        const double rest = SliceHeight(row, from, ends);
        const double avail = g_.bottom - y_;
        if (rest <= avail + kEps) {
          EmitSlice(row, xs, widths, from, ends);
          rows_here = true;
          break;
        }
        const bool can_break = rows_here || !fresh_at_header;
        if (can_break && rest <= body_h - header_h + kEps) {
          new_page();  // Keep the row whole on the next page.
          continue;
        }
        // Taller than what a page holds: split it line by line.
        std::vector<size_t> to(from);
        bool any = false;
        for (size_t c = 0; c < row.size(); ++c) {
          const Measured& m = row[c].m;
          while (to[c] < ends[c] &&
                 m.Height(from[c], to[c] + 1) <= avail - 2 * kCellPadV + kEps) {
            ++to[c];
          }
          any = any || to[c] > from[c];
        }
        if (!any) {
          if (can_break) {
            new_page();
            continue;
          }
          // A single line taller than a page: force it (clipped).
          for (size_t c = 0; c < row.size(); ++c) {
            to[c] = std::min(from[c] + 1, ends[c]);
          }
        }
        EmitSlice(row, xs, widths, from, to);
        rows_here = true;
        from = to;
        if (from == ends) break;
        new_page();
      }
    }
    if (rows.empty() && !header.empty()) place_header(0);
  }

  Geometry g_;
  const Typesetter& ts_;
  std::vector<Page> pages_;
  double y_ = 0;
  // No flow content on the current page yet: a block that does not fit is
  // split here rather than moved to a next page that would be no roomier.
  bool fresh_ = true;
  // Where the last table slice on this page ended; -1 for none.
  double grid_bottom_ = -1;
};

// ---- Drawing ----------------------------------------------------------------

void DrawOp(cairo_t* cr, const Op& op) {
  switch (op.kind) {
    case Op::Kind::kText:
      cairo_save(cr);
      if (op.clipped) {
        cairo_rectangle(cr, 0, op.clip_top, 1e5, op.clip_bottom - op.clip_top);
        cairo_clip(cr);
      }
      cairo_set_source_rgb(cr, op.gray, op.gray, op.gray);
      cairo_move_to(cr, op.x, op.y);
      pango_cairo_show_layout(cr, op.layout.get());
      cairo_restore(cr);
      break;
    case Op::Kind::kRect:
      cairo_rectangle(cr, op.x, op.y, op.w, op.h);
      cairo_set_source_rgb(cr, op.fill_gray, op.fill_gray, op.fill_gray);
      cairo_fill(cr);
      break;
    case Op::Kind::kRules:
      for (size_t i = 0; i + 3 < op.segments.size(); i += 4) {
        cairo_move_to(cr, op.segments[i], op.segments[i + 1]);
        cairo_line_to(cr, op.segments[i + 2], op.segments[i + 3]);
      }
      cairo_set_source_rgb(cr, 0, 0, 0);
      cairo_set_line_width(cr, op.line_width);
      // Square caps close the corners where rules meet.
      cairo_set_line_cap(cr, CAIRO_LINE_CAP_SQUARE);
      cairo_stroke(cr);
      cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
      break;
    case Op::Kind::kQr: {
      // One path of horizontal runs filled at once: no hairline seams
      // between neighbouring modules, and a small content stream.
      const QrCode& qr = *op.qr;
      for (int y = 0; y < qr.size; ++y) {
        int x = 0;
        while (x < qr.size) {
          if (!qr.at(x, y)) {
            ++x;
            continue;
          }
          int end = x;
          while (end < qr.size && qr.at(end, y)) ++end;
          cairo_rectangle(cr, op.x + x * op.module, op.y + y * op.module,
                          (end - x) * op.module, op.module);
          x = end;
        }
      }
      cairo_set_source_rgb(cr, 0, 0, 0);
      cairo_fill(cr);
      break;
    }
  }
}

cairo_status_t AppendToString(void* closure, const unsigned char* data,
                              unsigned int length) {
  static_cast<std::string*>(closure)->append(
      reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct SurfaceDestroy {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDestroy {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};

}  // namespace

// ---- PdfDocument ------------------------------------------------------------

PdfDocument::PdfDocument(PageOptions options) : options_(std::move(options)) {}
PdfDocument::~PdfDocument() = default;
PdfDocument::PdfDocument(PdfDocument&&) noexcept = default;
PdfDocument& PdfDocument::operator=(PdfDocument&&) noexcept = default;

void PdfDocument::Title(std::string_view text) {
  TextStyle s;
  s.size_pt = 18;
  s.bold = true;
  s.align = Align::kCenter;
  s.line_spacing = 1.3;
  s.space_after_mm = 3;
  blocks_.push_back({TextBlock{std::string(text), s, true, true}});
}

void PdfDocument::Subtitle(std::string_view text) {
  TextStyle s;
  s.size_pt = 12;
  s.align = Align::kCenter;
  s.line_spacing = 1.3;
  s.space_after_mm = 4;
  s.gray = 0.2;
  blocks_.push_back({TextBlock{std::string(text), s, true, false}});
}

void PdfDocument::Paragraph(std::string_view text, TextStyle style) {
  blocks_.push_back({TextBlock{std::string(text), style, false, false}});
}

void PdfDocument::KeyValues(
    const std::vector<std::pair<std::string, std::string>>& rows) {
  GridBlock b;
  b.form = true;
  for (const auto& [key, value] : rows) b.rows.push_back({key, value});
  blocks_.push_back({std::move(b)});
}

void PdfDocument::Table(const std::vector<std::string>& header,
                        const std::vector<std::vector<std::string>>& rows,
                        const std::vector<double>& column_weights) {
  blocks_.push_back({GridBlock{header, rows, column_weights, false}});
}

void PdfDocument::Qr(const QrCode& qr, double size_mm, std::string_view caption,
                     Align align) {
  blocks_.push_back({QrBlock{qr, size_mm, std::string(caption), align}});
}

void PdfDocument::Spacer(double mm) { blocks_.push_back({SpacerBlock{mm}}); }

void PdfDocument::SignatureBlock(std::string_view org, std::string_view date) {
  blocks_.push_back({SignatureData{std::string(org), std::string(date)}});
}

void PdfDocument::PageBreak() { blocks_.push_back({PageBreakBlock{}}); }

void PdfDocument::SetFooter(std::string footer_text) {
  footer_ = std::move(footer_text);
}

void PdfDocument::TextAt(double x_mm, double y_mm, std::string_view text,
                         TextStyle style, double width_mm) {
  blocks_.push_back(
      {TextAtBlock{x_mm, y_mm, std::string(text), style, width_mm}});
}

namespace {

// The pages of a document, laid out; keeps the pango context they use.
struct LaidOut {
  ContextPtr ctx;
  Geometry geometry{};
  std::vector<Page> pages;
};

Result<Geometry> PageGeometry(const PageOptions& o, bool has_footer) {
  const bool landscape = o.orientation == Orientation::kLandscape;
  Geometry g{};
  g.page_w = Pt(landscape ? kA4LongMm : kA4ShortMm);
  g.page_h = Pt(landscape ? kA4ShortMm : kA4LongMm);
  const double margins[] = {o.margin_top_mm, o.margin_bottom_mm,
                            o.margin_left_mm, o.margin_right_mm};
  bool bad = false;
  for (double m : margins) bad = bad || !Finite(m) || m < 0;
  g.left = Pt(o.margin_left_mm);
  g.right = g.page_w - Pt(o.margin_right_mm);
  g.top = Pt(o.margin_top_mm);
  g.bottom = g.page_h - Pt(o.margin_bottom_mm);
  // The header and footer are drawn inside the margins.
  bad = bad || g.right - g.left < Pt(50) || g.bottom - g.top < Pt(50) ||
        (!o.header_text.empty() && o.margin_top_mm < 12) ||
        (has_footer && o.margin_bottom_mm < 12);
  if (bad) {
    return Status::InvalidArgument(
        "pdf.page_options",
        "页边距无效：须非负、版心至少 50 毫米，有页眉/页脚时该侧至少 12 毫米");
  }
  return g;
}

template <typename Blocks>
Result<LaidOut> Lay(const PageOptions& o, bool has_footer,
                    const Blocks& blocks) {
  LaidOut out;
  ZXKH_ASSIGN_OR_RETURN(out.geometry, PageGeometry(o, has_footer));
  ZXKH_RETURN_IF_ERROR(CheckFamilyInstalled(o.font_family));
  out.ctx = NewContext();
  Typesetter ts(out.ctx.get(), o.font_family);
  Layouter layouter(out.geometry, ts);
  for (const auto& block : blocks) {
    ZXKH_RETURN_IF_ERROR(std::visit(
        [&](const auto& b) -> Status { return layouter.Add(b); }, block.v));
  }
  out.pages = std::move(layouter.pages());
  return out;
}

}  // namespace

Result<int> PdfDocument::PageCount() const {
  const bool has_footer = options_.page_numbers || !footer_.empty();
  ZXKH_ASSIGN_OR_RETURN(LaidOut laid, Lay(options_, has_footer, blocks_));
  return static_cast<int>(laid.pages.size());
}

Result<std::string> PdfDocument::Render() const {
  const bool has_footer = options_.page_numbers || !footer_.empty();
  ZXKH_ASSIGN_OR_RETURN(LaidOut laid, Lay(options_, has_footer, blocks_));
  const Geometry& g = laid.geometry;
  Typesetter ts(laid.ctx.get(), options_.font_family);
  const int total = static_cast<int>(laid.pages.size());

  // Header and footer: small grey text in the margins.
  TextStyle small;
  small.size_pt = 8;
  small.align = Align::kLeft;
  small.line_spacing = 0;
  small.gray = 0.35;
  Measured header;
  if (!options_.header_text.empty()) {
    ZXKH_ASSIGN_OR_RETURN(
        header, ts.Make(options_.header_text, small, (g.right - g.left) * 0.7));
  }
  Measured footer;
  if (!footer_.empty()) {
    ZXKH_ASSIGN_OR_RETURN(footer,
                          ts.Make(footer_, small, (g.right - g.left) * 0.7));
  }
  const double rule_y = g.top - Pt(5);
  const double footer_y = g.bottom + Pt(5);

  std::string title = options_.title;
  for (const auto& block : blocks_) {
    if (!title.empty()) break;
    if (const auto* t = std::get_if<TextBlock>(&block.v); t && t->title) {
      title = t->text;
    }
  }
  ZXKH_RETURN_IF_ERROR(CheckUtf8(title));
  ZXKH_RETURN_IF_ERROR(CheckUtf8(options_.creation_date));
  ZXKH_RETURN_IF_ERROR(CheckUtf8(options_.keywords));

  std::string bytes;
  std::unique_ptr<cairo_surface_t, SurfaceDestroy> surface(
      cairo_pdf_surface_create_for_stream(AppendToString, &bytes, g.page_w,
                                          g.page_h));
  if (!title.empty()) {
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE,
                                   title.c_str());
  }
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR,
                                 "ZXKH");
  if (!options_.keywords.empty()) {
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_KEYWORDS,
                                   options_.keywords.c_str());
  }
  if (!options_.creation_date.empty()) {
    cairo_pdf_surface_set_metadata(surface.get(),
                                   CAIRO_PDF_METADATA_CREATE_DATE,
                                   options_.creation_date.c_str());
  }
  {
    std::unique_ptr<cairo_t, CairoDestroy> cr(cairo_create(surface.get()));
    for (int i = 0; i < total; ++i) {
      if (header.layout) {
        Op text;
        text.layout = header.layout;
        text.x = g.left;
        text.y = rule_y - Pt(1.2) - header.Height();
        text.gray = small.gray;
        DrawOp(cr.get(), text);
        cairo_set_source_rgb(cr.get(), 0.45, 0.45, 0.45);
        cairo_set_line_width(cr.get(), 0.4);
        cairo_move_to(cr.get(), g.left, rule_y);
        cairo_line_to(cr.get(), g.right, rule_y);
        cairo_stroke(cr.get());
      }
      if (footer.layout) {
        Op text;
        text.layout = footer.layout;
        text.x = g.left;
        text.y = footer_y;
        text.gray = small.gray;
        DrawOp(cr.get(), text);
      }
      if (options_.page_numbers) {
        TextStyle right = small;
        right.align = Align::kRight;
        ZXKH_ASSIGN_OR_RETURN(
            Measured number, ts.Make("第 " + std::to_string(i + 1) + " 页 共 " +
                                         std::to_string(total) + " 页",
                                     right, 0));
        Op text;
        text.layout = number.layout;
        text.x = g.right - number.NaturalWidth();
        text.y = footer_y;
        text.gray = small.gray;
        DrawOp(cr.get(), text);
      }
      // Cell backgrounds first: a row's fill must not paint over half of
      // the rule above it, which the previous row drew.
      const Page& page = laid.pages[static_cast<size_t>(i)];
      for (const Op& op : page) {
        if (op.kind == Op::Kind::kRect) DrawOp(cr.get(), op);
      }
      for (const Op& op : page) {
        if (op.kind != Op::Kind::kRect) DrawOp(cr.get(), op);
      }
      cairo_show_page(cr.get());
    }
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) {
      return Status::Internal(
          "pdf.render_failed",
          std::string("PDF 绘制失败：") +
              cairo_status_to_string(cairo_status(cr.get())));
    }
  }
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return Status::Internal(
        "pdf.render_failed",
        std::string("PDF 生成失败：") +
            cairo_status_to_string(cairo_surface_status(surface.get())));
  }
  return bytes;
}

Status CheckFontCoverage(std::string_view utf8, std::string_view family) {
  ZXKH_RETURN_IF_ERROR(CheckUtf8(utf8));
  ZXKH_RETURN_IF_ERROR(CheckFamilyInstalled(family));
  ContextPtr ctx = NewContext();
  PangoFontDescription* desc = pango_font_description_new();
  const std::string name(family);
  pango_font_description_set_family(desc, name.c_str());
  pango_font_description_set_absolute_size(desc, 12 * PANGO_SCALE);
  // The family's own font, not the fallback chain a layout would use.
  PangoFont* font = pango_font_map_load_font(FontMap(), ctx.get(), desc);
  pango_font_description_free(desc);
  if (font == nullptr) return FontMissing(family);
  Status status;
  for (const char* p = utf8.data(); p < utf8.data() + utf8.size();
       p = g_utf8_next_char(p)) {
    const gunichar c = g_utf8_get_char(p);
    if (c < 0x20) continue;  // Line breaks and tabs have no glyph.
    if (!pango_font_has_char(font, c)) {
      status = Status::InvalidArgument(
          "pdf.glyph_missing", "字体“" + name + "”缺少字符 " + DescribeChar(c));
      break;
    }
  }
  g_object_unref(font);
  return status;
}

}  // namespace zxkh::docs
