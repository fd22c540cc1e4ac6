#include "docs/xlsx_reader.hpp"

#include <zip.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <pugixml.hpp>
#include <utility>

namespace zxkh::docs {
namespace {

constexpr size_t npos = std::string_view::npos;

// Limits against zip bombs and hostile XML. Real workbooks from offices are
// far below them: 100,000 rows x 8 columns inflate to 28-44 MB of sheet XML
// (measured, bench/xlsx_read_bench.cpp), a row to a few hundred bytes.
// Workbook, relationships and styles parts, parsed whole by pugixml:
constexpr size_t kMaxSmallPartBytes = size_t{16} << 20;
// One <row> or <si>, the unit the streaming scanner holds in memory:
constexpr size_t kMaxElementBytes = size_t{16} << 20;
constexpr uint64_t kMaxPartXmlBytes = uint64_t{1} << 30;
constexpr size_t kMaxSharedStringBytes = size_t{256} << 20;
// Bounds the offset table too: "<si/>" repeated compresses ~1000:1.
constexpr size_t kMaxSharedStrings = 5'000'000;
constexpr size_t kChunkBytes = size_t{64} << 10;
constexpr int kMaxColumns = 16384;  // A..XFD

Status Invalid(std::string_view detail = {}) {
  std::string message = "不是有效的 Excel（.xlsx）文件";
  if (!detail.empty()) message += "：" + std::string(detail);
  return Status::InvalidArgument("xlsx.invalid", std::move(message));
}

Status TooLarge(std::string_view what) {
  return Status::PayloadTooLarge("xlsx.too_large",
                                 "Excel 文件的" + std::string(what) +
                                     "超出处理上限，请拆分成多个文件后上传");
}

// ---------------------------------------------------------------------------
// A forward scanner for machine-written XML. It understands tags, quoted
// attribute values, comments, processing instructions, the five predefined
// entities and character references; it ignores namespaces beyond stripping
// prefixes (some generators write <x:row>). That is all SpreadsheetML parts
// need, and it never holds more than one element in memory.

bool IsXmlSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// "x:row" -> "row".
std::string_view LocalName(std::string_view qname) {
  size_t colon = qname.find(':');
  return colon == npos ? qname : qname.substr(colon + 1);
}

// Index of the '>' closing the tag whose '<' is at `lt`, skipping quoted
// attribute values (which may contain '>'); npos when `s` ends first.
size_t FindTagEnd(std::string_view s, size_t lt) {
  char quote = 0;
  for (size_t i = lt + 1; i < s.size(); ++i) {
    char c = s[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return i;
    }
  }
  return npos;
}

// The qualified name in "<x:c r=...>" or "</x:c>".
std::string_view TagName(std::string_view tag) {
  size_t i = 1;
  if (i < tag.size() && tag[i] == '/') ++i;
  size_t start = i;
  while (i < tag.size() && !IsXmlSpace(tag[i]) && tag[i] != '/' &&
         tag[i] != '>') {
    ++i;
  }
  return tag.substr(start, i - start);
}

bool IsStartTag(std::string_view tag) {
  return tag.size() >= 3 && tag[1] != '/' && tag[1] != '?' && tag[1] != '!';
}

bool IsSelfClosing(std::string_view tag) {
  return tag.size() >= 3 && tag[tag.size() - 2] == '/';
}

// Finds the end tag with local name `local` at or after `from`. Returns the
// index of its '<' and sets `*after` past its '>'; npos when not in `s`.
// Correct for SpreadsheetML because <row>, <c>, <si>, <t> never nest.
size_t FindEndTag(std::string_view s, size_t from, std::string_view local,
                  size_t* after) {
  while (true) {
    size_t lt = s.find("</", from);
    if (lt == npos) return npos;
    size_t gt = s.find('>', lt);
    if (gt == npos) return npos;
    if (LocalName(TagName(s.substr(lt, gt - lt + 1))) == local) {
      *after = gt + 1;
      return lt;
    }
    from = gt + 1;
  }
}

// Calls f(name, raw_value) for each attribute of a start tag. Values are
// returned undecoded: the attributes read this way (r, t, s) never hold
// entities.
template <typename F>
void ForEachAttribute(std::string_view tag, F f) {
  size_t i = 1;
  while (i < tag.size() && !IsXmlSpace(tag[i]) && tag[i] != '/' &&
         tag[i] != '>') {
    ++i;
  }
  while (i < tag.size()) {
    while (i < tag.size() && IsXmlSpace(tag[i])) ++i;
    if (i >= tag.size() || tag[i] == '/' || tag[i] == '>') return;
    size_t name_start = i;
    while (i < tag.size() && tag[i] != '=' && !IsXmlSpace(tag[i]) &&
           tag[i] != '>' && tag[i] != '/') {
      ++i;
    }
    std::string_view name = tag.substr(name_start, i - name_start);
    while (i < tag.size() && IsXmlSpace(tag[i])) ++i;
    if (i >= tag.size() || tag[i] != '=') return;
    ++i;
    while (i < tag.size() && IsXmlSpace(tag[i])) ++i;
    if (i >= tag.size() || (tag[i] != '"' && tag[i] != '\'')) return;
    char quote = tag[i++];
    size_t end = tag.find(quote, i);
    if (end == npos) return;
    f(name, tag.substr(i, end - i));
    i = end + 1;
  }
}

void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsUnicodeScalar(uint32_t cp) {
  return cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
}

std::optional<uint32_t> ParseCodePoint(std::string_view digits, int base) {
  if (digits.empty()) return std::nullopt;
  uint32_t cp = 0;
  auto [end, ec] =
      std::from_chars(digits.data(), digits.data() + digits.size(), cp, base);
  if (ec != std::errc() || end != digits.data() + digits.size() ||
      !IsUnicodeScalar(cp)) {
    return std::nullopt;
  }
  return cp;
}

// Appends XML character data decoded: entities and character references,
// line ends normalized to LF as an XML parser would, and the OOXML escape
// _xHHHH_ with which Excel stores control characters ("_x000D_" for CR).
// A malformed entity is kept literally rather than failing the whole file.
void AppendXmlText(std::string_view raw, std::string& out) {
  for (size_t i = 0; i < raw.size();) {
    char c = raw[i];
    if (c == '&') {
      size_t semi = raw.find(';', i);
      if (semi != npos && semi - i <= 10) {
        std::string_view ent = raw.substr(i + 1, semi - i - 1);
        std::optional<uint32_t> cp;
        if (ent == "amp") {
          cp = '&';
        } else if (ent == "lt") {
          cp = '<';
        } else if (ent == "gt") {
          cp = '>';
        } else if (ent == "quot") {
          cp = '"';
        } else if (ent == "apos") {
          cp = '\'';
        } else if (ent.size() > 2 && ent[0] == '#' &&
                   (ent[1] == 'x' || ent[1] == 'X')) {
          cp = ParseCodePoint(ent.substr(2), 16);
        } else if (ent.size() > 1 && ent[0] == '#') {
          cp = ParseCodePoint(ent.substr(1), 10);
        }
        if (cp) {
          AppendUtf8(*cp, out);
          i = semi + 1;
          continue;
        }
      }
      out.push_back('&');
      ++i;
      continue;
    }
    if (c == '\r') {
      out.push_back('\n');
      i += (i + 1 < raw.size() && raw[i + 1] == '\n') ? 2 : 1;
      continue;
    }
    if (c == '_' && i + 6 < raw.size() && raw[i + 1] == 'x' &&
        raw[i + 6] == '_') {
      if (auto cp = ParseCodePoint(raw.substr(i + 2, 4), 16)) {
        AppendUtf8(*cp, out);
        i += 7;
        continue;
      }
    }
    out.push_back(c);
    ++i;
  }
}

// Appends the text of a rich-text body (<si> or <is> content): <t> directly
// or inside <r> runs; phonetic guides (<rPh>) are not part of the value.
Status AppendRichText(std::string_view body, std::string& out) {
  size_t i = 0;
  while (true) {
    size_t lt = body.find('<', i);
    if (lt == npos) return Status::Ok();
    size_t gt = FindTagEnd(body, lt);
    if (gt == npos) return Invalid("文本单元格的 XML 不完整");
    std::string_view tag = body.substr(lt, gt - lt + 1);
    i = gt + 1;
    if (!IsStartTag(tag) || IsSelfClosing(tag)) continue;
    std::string_view local = LocalName(TagName(tag));
    if (local != "t" && local != "rPh") continue;  // <r>, <rPr>: descend.
    size_t after = 0;
    size_t end = FindEndTag(body, i, local, &after);
    if (end == npos) return Invalid("文本单元格的 XML 不完整");
    if (local == "t") AppendXmlText(body.substr(i, end - i), out);
    i = after;
  }
}

// Yields successive elements of one name out of a zip entry, inflating it
// in chunks, so memory is bounded by the largest element, not the part.
class XmlElementStream {
 public:
  explicit XmlElementStream(zip_file_t* file) : file_(file) {}
  ~XmlElementStream() { zip_fclose(file_); }
  XmlElementStream(const XmlElementStream&) = delete;
  XmlElementStream& operator=(const XmlElementStream&) = delete;

  // Finds the next element whose local name is `local` and views all of it,
  // start to end tag, in `element` (valid until the next call). Returns
  // false at the end of the part (status OK) or on an error (status set).
  bool Next(std::string_view local, std::string_view& element, Status& status) {
    while (true) {
      size_t lt = buf_.find('<', pos_);
      if (lt == npos) {
        pos_ = buf_.size();
        if (!Fill(status)) return false;
        continue;
      }
      pos_ = lt;
      std::string_view view(buf_);
      if (view.size() - lt < 4) {
        if (!FillOrTruncated(status)) return false;
        continue;
      }
      if (view.substr(lt, 4) == "<!--") {
        size_t end = view.find("-->", lt + 4);
        if (end == npos) {
          if (!FillOrTruncated(status)) return false;
          continue;
        }
        pos_ = end + 3;
        continue;
      }
      size_t gt = FindTagEnd(view, lt);
      if (gt == npos) {
        if (!FillOrTruncated(status)) return false;
        continue;
      }
      std::string_view tag = view.substr(lt, gt - lt + 1);
      if (!IsStartTag(tag) || LocalName(TagName(tag)) != local) {
        pos_ = gt + 1;
        continue;
      }
      size_t after = gt + 1;
      if (!IsSelfClosing(tag) &&
          FindEndTag(view, gt + 1, local, &after) == npos) {
        if (!FillOrTruncated(status)) return false;
        continue;
      }
      element = view.substr(lt, after - lt);
      pos_ = after;
      return true;
    }
  }

 private:
  // Appends the next chunk, dropping what was consumed. Reads at least as
  // much as is already buffered so an element spanning many chunks is
  // rescanned O(log n) times, not O(n). Returns false at the end (status
  // untouched) or on an error (status set).
  bool Fill(Status& status) {
    if (eof_) return false;
    if (pos_ > 0) {
      buf_.erase(0, pos_);
      pos_ = 0;
    }
    size_t want = std::max(kChunkBytes, buf_.size());
    size_t old = buf_.size();
    buf_.resize(old + want);
    zip_int64_t n = zip_fread(file_, buf_.data() + old, want);
    if (n < 0) {
      buf_.resize(old);
      eof_ = true;
      status = Invalid("压缩数据已损坏");
      return false;
    }
    buf_.resize(old + static_cast<size_t>(n));
    total_ += static_cast<uint64_t>(n);
    if (total_ > kMaxPartXmlBytes) {
      eof_ = true;
      status = TooLarge("解压后内容");
      return false;
    }
    if (n == 0) {
      eof_ = true;
      return false;
    }
    return true;
  }

  // Fill() for when a tag, comment or element starting at pos_ is open: the
  // end of the part is an error, and so is an open unit that keeps growing
  // (an unclosed quote or comment must not buffer the whole part).
  bool FillOrTruncated(Status& status) {
    if (buf_.size() - pos_ > kMaxElementBytes) {
      status = TooLarge("单行数据");
      return false;
    }
    if (Fill(status)) return true;
    if (status.ok()) status = Invalid("XML 内容不完整");
    return false;
  }

  zip_file_t* file_;  // Owned.
  std::string buf_;
  size_t pos_ = 0;
  uint64_t total_ = 0;
  bool eof_ = false;
};

// ---------------------------------------------------------------------------
// Zip access.

std::optional<zip_uint64_t> FindEntry(zip_t* zip, const std::string& name) {
  // OPC part names are case-insensitive.
  zip_int64_t index = zip_name_locate(zip, name.c_str(), ZIP_FL_NOCASE);
  if (index < 0) return std::nullopt;
  return static_cast<zip_uint64_t>(index);
}

Result<std::unique_ptr<XmlElementStream>> OpenStream(zip_t* zip,
                                                     const std::string& name) {
  auto index = FindEntry(zip, name);
  if (!index) return Invalid("缺少 " + name);
  zip_file_t* file = zip_fopen_index(zip, *index, 0);
  if (file == nullptr) return Invalid("无法解压 " + name);
  return std::make_unique<XmlElementStream>(file);
}

// Reads a small part whole, for pugixml.
Result<std::string> ReadSmallPart(zip_t* zip, const std::string& name) {
  auto index = FindEntry(zip, name);
  if (!index) return Invalid("缺少 " + name);
  zip_file_t* file = zip_fopen_index(zip, *index, 0);
  if (file == nullptr) return Invalid("无法解压 " + name);
  std::string data;
  char chunk[16384];
  zip_int64_t n;
  while ((n = zip_fread(file, chunk, sizeof chunk)) > 0) {
    data.append(chunk, static_cast<size_t>(n));
    if (data.size() > kMaxSmallPartBytes) {
      zip_fclose(file);
      return TooLarge(name);
    }
  }
  zip_fclose(file);
  if (n < 0) return Invalid("压缩数据已损坏");
  return data;
}

Result<std::unique_ptr<pugi::xml_document>> ParseSmallPart(
    zip_t* zip, const std::string& name) {
  ZXKH_ASSIGN_OR_RETURN(std::string data, ReadSmallPart(zip, name));
  auto doc = std::make_unique<pugi::xml_document>();
  // Default flags do not expand DTD entities, so no billion-laughs.
  if (!doc->load_buffer(data.data(), data.size())) {
    return Invalid(name + " 不是有效的 XML");
  }
  return doc;
}

// Children of `node` whose local name is `local`, in document order.
std::vector<pugi::xml_node> Children(pugi::xml_node node,
                                     std::string_view local) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element &&
        LocalName(child.name()) == local) {
      out.push_back(child);
    }
  }
  return out;
}

pugi::xml_node Child(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element &&
        LocalName(child.name()) == local) {
      return child;
    }
  }
  return {};
}

// Attribute by local name ("r:id" matches "id").
std::string_view Attr(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_attribute a : node.attributes()) {
    if (LocalName(a.name()) == local) return a.value();
  }
  return {};
}

std::string Directory(std::string_view part) {
  size_t slash = part.rfind('/');
  return slash == npos ? std::string() : std::string(part.substr(0, slash + 1));
}

// "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels".
std::string RelsPathFor(std::string_view part) {
  size_t slash = part.rfind('/');
  std::string_view file = slash == npos ? part : part.substr(slash + 1);
  return Directory(part) + "_rels/" + std::string(file) + ".rels";
}

// Resolves a relationship target against the directory of its source part,
// normalizing "." and ".." segments.
std::string ResolveTarget(std::string_view base_dir, std::string_view target) {
  std::string joined = target.starts_with('/')
                           ? std::string(target.substr(1))
                           : std::string(base_dir) + std::string(target);
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= joined.size()) {
    size_t slash = joined.find('/', start);
    if (slash == npos) slash = joined.size();
    std::string segment = joined.substr(start, slash - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(std::move(segment));
    }
    start = slash + 1;
  }
  std::string out;
  for (const auto& s : segments) {
    if (!out.empty()) out.push_back('/');
    out += s;
  }
  return out;
}

struct Relationship {
  std::string type;
  std::string part;
};

// Id -> relationship of `source_part`; an absent .rels file means none.
Result<std::vector<std::pair<std::string, Relationship>>> ReadRelationships(
    zip_t* zip, std::string_view source_part) {
  std::vector<std::pair<std::string, Relationship>> rels;
  std::string path = RelsPathFor(source_part);
  if (!FindEntry(zip, path)) return rels;
  ZXKH_ASSIGN_OR_RETURN(auto doc, ParseSmallPart(zip, path));
  std::string base = Directory(source_part);
  for (pugi::xml_node rel :
       Children(Child(*doc, "Relationships"), "Relationship")) {
    if (Attr(rel, "TargetMode") == "External") continue;
    rels.push_back({std::string(Attr(rel, "Id")),
                    {std::string(Attr(rel, "Type")),
                     ResolveTarget(base, Attr(rel, "Target"))}});
  }
  return rels;
}

// The part of the first relationship whose type ends with `/suffix`.
std::string PartOfType(
    const std::vector<std::pair<std::string, Relationship>>& rels,
    std::string_view suffix) {
  for (const auto& [id, rel] : rels) {
    std::string_view type = rel.type;
    if (type.size() > suffix.size() && type.ends_with(suffix) &&
        type[type.size() - suffix.size() - 1] == '/') {
      return rel.part;
    }
  }
  return {};
}

// ---------------------------------------------------------------------------
// Values.

enum class DateKind : uint8_t { kNone, kDate, kTime, kDateTime };

// Built-in number formats that show dates or times. 27-36 and 50-58 are the
// CJK-locale ones ("yyyy年m月d日", "h时mm分"…) Chinese Excel uses.
DateKind BuiltinFormatKind(int id) {
  if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 ||
      (id >= 50 && id <= 54) || id == 57 || id == 58) {
    return DateKind::kDate;
  }
  if ((id >= 18 && id <= 21) || (id >= 32 && id <= 35) ||
      (id >= 45 && id <= 47) || id == 55 || id == 56) {
    return DateKind::kTime;
  }
  if (id == 22) return DateKind::kDateTime;
  return DateKind::kNone;
}

// Classifies a custom format code by the date/time letters of its first
// section, ignoring quoted text, escaped and fill characters, and bracketed
// colors/locales; [h] [mm] [ss] (elapsed time) count as time.
DateKind FormatCodeKind(std::string_view code) {
  bool date = false, time = false, month_or_minute = false;
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == ';') break;
    if (c == '"') {
      size_t close = code.find('"', i + 1);
      if (close == npos) break;
      i = close;
      continue;
    }
    if (c == '\\' || c == '_' || c == '*') {
      ++i;
      continue;
    }
    if (c == '[') {
      size_t close = code.find(']', i + 1);
      if (close == npos) break;
      std::string_view inner = code.substr(i + 1, close - i - 1);
      if (!inner.empty() && inner.find_first_not_of("hHmMsS") == npos) {
        time = true;
      }
      i = close;
      continue;
    }
    switch (c) {
      case 'y':
      case 'Y':
      case 'd':
      case 'D':
        date = true;
        break;
      case 'h':
      case 'H':
      case 's':
      case 'S':
        time = true;
        break;
      case 'm':
      case 'M':
        month_or_minute = true;
        break;
      default:
        break;
    }
  }
  if (month_or_minute && !time) date = true;  // m alone is a month.
  if (date && time) return DateKind::kDateTime;
  if (date) return DateKind::kDate;
  if (time) return DateKind::kTime;
  return DateKind::kNone;
}

std::optional<std::string> SerialDayToIso(int64_t day, bool date1904) {
  using namespace std::chrono;
  sys_days date;
  if (date1904) {
    if (day < 0 || day > 2957003) return std::nullopt;
    date = sys_days{year{1904} / January / 1} + days{day};
  } else {
    // Excel treats 1900 as a leap year (a Lotus 1-2-3 bug it kept), so
    // serial 60 is 1900-02-29, which never existed, and serials from 61 on
    // are one day ahead of a plain count from 1899-12-31.
    if (day < 1 || day > 2958465 || day == 60) return std::nullopt;
    date =
        sys_days{year{1899} / December / 31} + days{day < 60 ? day : day - 1};
  }
  year_month_day ymd{date};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return std::string(buf);
}

std::optional<double> ParseDouble(std::string_view s) {
  while (!s.empty() && IsXmlSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsXmlSpace(s.back())) s.remove_suffix(1);
  double x = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(x)) {
    return std::nullopt;
  }
  return x;
}

// What Excel shows for a number in the General format: integers in full up
// to 15 digits, otherwise 15 significant digits (so 0.1+0.2 reads "0.3",
// and an ID typed as a number shows up as "3.70211200001011E+17", which the
// ID validator then rejects instead of accepting rounded digits).
std::string FormatNumber(double x) {
  if (x == std::trunc(x) && std::fabs(x) < 1e15) {
    return std::to_string(static_cast<long long>(x));
  }
  char buf[40];
  // to_chars, unlike printf, never uses the locale's decimal comma.
  auto [end, ec] =
      std::to_chars(buf, buf + sizeof buf, x, std::chars_format::general, 15);
  if (ec != std::errc()) return std::to_string(x);
  std::string out(buf, end);
  for (char& c : out) {
    if (c == 'e') c = 'E';
  }
  return out;
}

std::optional<std::string> FormatDateCell(double x, DateKind kind,
                                          bool date1904) {
  if (x < 0 || x > 1e7) return std::nullopt;
  double day = std::floor(x);
  int64_t seconds = std::llround((x - day) * 86400.0);
  int64_t whole_day = static_cast<int64_t>(day);
  if (seconds >= 86400) {
    seconds -= 86400;
    ++whole_day;
  }
  char time[16];
  std::snprintf(
      time, sizeof time, "%02d:%02d:%02d", static_cast<int>(seconds / 3600),
      static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
  switch (kind) {
    case DateKind::kDate:
      return SerialDayToIso(static_cast<int64_t>(day), date1904);
    case DateKind::kTime:
      if (whole_day != 0) return std::nullopt;  // e.g. [h]:mm over 24 h.
      return std::string(time);
    case DateKind::kDateTime: {
      auto date = SerialDayToIso(whole_day, date1904);
      if (!date) return std::nullopt;
      return *date + " " + time;
    }
    case DateKind::kNone:
      break;
  }
  return std::nullopt;
}

// Parses "A1"-style references: column letters, then digits.
std::optional<int> ColumnOfReference(std::string_view ref) {
  size_t letters = 0;
  while (letters < ref.size() && ref[letters] >= 'A' && ref[letters] <= 'Z') {
    ++letters;
  }
  return ColumnIndex(ref.substr(0, letters));
}

int ParseInt(std::string_view s, int fallback) {
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && end == s.data() + s.size() ? v : fallback;
}

}  // namespace

// ---------------------------------------------------------------------------

struct XlsxReader::Impl {
  struct SheetInfo {
    std::string name;
    std::string part;
  };

  ~Impl() {
    stream.reset();  // Entry handles before the archive.
    if (zip != nullptr) zip_discard(zip);
  }

  std::string_view SharedString(size_t i) const {
    return std::string_view(sst_pool).substr(
        sst_offsets[i], sst_offsets[i + 1] - sst_offsets[i]);
  }
  size_t SharedStringCount() const { return sst_offsets.size() - 1; }

  Status LoadWorkbook();
  Status LoadStyles(const std::string& part);
  Status LoadSharedStrings(const std::string& part);
  Status CellValue(std::string_view body, std::string_view type, int style,
                   std::string& out) const;
  Status ParseRow(std::string_view row, int& row_number,
                  std::vector<std::string>& cells) const;

  std::string bytes;  // The zip; libzip reads it in place.
  zip_t* zip = nullptr;
  std::vector<SheetInfo> sheets;
  bool date1904 = false;
  // All shared strings back to back; string i is
  // [sst_offsets[i], sst_offsets[i+1]). One allocation instead of one per
  // string keeps a 500,000-string table at its text size.
  std::string sst_pool;
  std::vector<size_t> sst_offsets{0};
  std::vector<DateKind> xf_kinds;  // By cell style (xf) index.

  bool sheet_opened = false;
  std::unique_ptr<XmlElementStream> stream;  // Null when ended or failed.
  int last_row = 0;
  Status status;
};

Status XlsxReader::Impl::LoadWorkbook() {
  ZXKH_ASSIGN_OR_RETURN(auto root_rels, ReadRelationships(zip, ""));
  std::string workbook = PartOfType(root_rels, "officeDocument");
  if (workbook.empty()) workbook = "xl/workbook.xml";
  if (!FindEntry(zip, workbook)) return Invalid("缺少工作簿（workbook）");
  ZXKH_ASSIGN_OR_RETURN(auto doc, ParseSmallPart(zip, workbook));
  pugi::xml_node wb = Child(*doc, "workbook");
  if (!wb) return Invalid("缺少工作簿（workbook）");
  std::string_view d1904 = Attr(Child(wb, "workbookPr"), "date1904");
  date1904 = d1904 == "1" || d1904 == "true";

  ZXKH_ASSIGN_OR_RETURN(auto rels, ReadRelationships(zip, workbook));
  for (pugi::xml_node sheet : Children(Child(wb, "sheets"), "sheet")) {
    std::string_view id = Attr(sheet, "id");
    for (const auto& [rel_id, rel] : rels) {
      if (rel_id != id) continue;
      // Chart sheets and dialog sheets hold no cells.
      if (!std::string_view(rel.type).ends_with("/worksheet")) break;
      if (!FindEntry(zip, rel.part)) {
        return Invalid("缺少工作表 " + std::string(Attr(sheet, "name")));
      }
      sheets.push_back({std::string(Attr(sheet, "name")), rel.part});
      break;
    }
  }
  if (sheets.empty()) {
    return Status::InvalidArgument("xlsx.no_worksheet",
                                   "Excel 文件中没有工作表");
  }
  std::string styles = PartOfType(rels, "styles");
  if (!styles.empty() && FindEntry(zip, styles)) {
    ZXKH_RETURN_IF_ERROR(LoadStyles(styles));
  }
  std::string shared = PartOfType(rels, "sharedStrings");
  if (!shared.empty() && FindEntry(zip, shared)) {
    ZXKH_RETURN_IF_ERROR(LoadSharedStrings(shared));
  }
  return Status::Ok();
}

Status XlsxReader::Impl::LoadStyles(const std::string& part) {
  ZXKH_ASSIGN_OR_RETURN(auto doc, ParseSmallPart(zip, part));
  pugi::xml_node sheet = Child(*doc, "styleSheet");
  std::vector<std::pair<int, DateKind>> custom;
  for (pugi::xml_node fmt : Children(Child(sheet, "numFmts"), "numFmt")) {
    custom.emplace_back(ParseInt(Attr(fmt, "numFmtId"), -1),
                        FormatCodeKind(Attr(fmt, "formatCode")));
  }
  for (pugi::xml_node xf : Children(Child(sheet, "cellXfs"), "xf")) {
    int id = ParseInt(Attr(xf, "numFmtId"), 0);
    DateKind kind = BuiltinFormatKind(id);
    for (const auto& [custom_id, custom_kind] : custom) {
      if (custom_id == id) kind = custom_kind;
    }
    xf_kinds.push_back(kind);
  }
  return Status::Ok();
}

Status XlsxReader::Impl::LoadSharedStrings(const std::string& part) {
  ZXKH_ASSIGN_OR_RETURN(auto si_stream, OpenStream(zip, part));
  std::string_view element;
  Status status;
  while (si_stream->Next("si", element, status)) {
    size_t gt = FindTagEnd(element, 0);
    if (!IsSelfClosing(element.substr(0, gt + 1))) {
      size_t after = 0;
      size_t end = FindEndTag(element, gt + 1, "si", &after);
      if (end == npos) return Invalid("共享字符串 XML 不完整");
      ZXKH_RETURN_IF_ERROR(
          AppendRichText(element.substr(gt + 1, end - gt - 1), sst_pool));
    }
    if (sst_pool.size() > kMaxSharedStringBytes ||
        sst_offsets.size() > kMaxSharedStrings) {
      return TooLarge("共享字符串表");
    }
    sst_offsets.push_back(sst_pool.size());
  }
  return status;
}

Status XlsxReader::Impl::CellValue(std::string_view body, std::string_view type,
                                   int style, std::string& out) const {
  std::string_view v, inline_body;
  bool has_v = false, has_is = false;
  size_t i = 0;
  while (true) {
    size_t lt = body.find('<', i);
    if (lt == npos) break;
    size_t gt = FindTagEnd(body, lt);
    if (gt == npos) return Invalid("单元格 XML 不完整");
    std::string_view tag = body.substr(lt, gt - lt + 1);
    i = gt + 1;
    if (!IsStartTag(tag) || IsSelfClosing(tag)) continue;
    std::string_view local = LocalName(TagName(tag));
    size_t after = 0;
    size_t end = FindEndTag(body, i, local, &after);
    if (end == npos) return Invalid("单元格 XML 不完整");
    if (local == "v") {
      v = body.substr(i, end - i);
      has_v = true;
    } else if (local == "is") {
      inline_body = body.substr(i, end - i);
      has_is = true;
    }
    i = after;  // Skips <f> formulas and anything else whole.
  }

  if (type == "s") {
    if (!has_v) return Status::Ok();
    int index = ParseInt(v, -1);
    if (index < 0 || static_cast<size_t>(index) >= SharedStringCount()) {
      return Invalid("共享字符串编号超出范围");
    }
    out.append(SharedString(static_cast<size_t>(index)));
    return Status::Ok();
  }
  if (type == "inlineStr") {
    if (has_is) return AppendRichText(inline_body, out);
    if (has_v) AppendXmlText(v, out);
    return Status::Ok();
  }
  if (!has_v) return Status::Ok();
  if (type == "b") {
    out = ParseInt(v, 0) != 0 ? "TRUE" : "FALSE";
    return Status::Ok();
  }
  if (type == "str" || type == "e" || type == "d") {
    AppendXmlText(v, out);
    return Status::Ok();
  }
  // A number (t="n" or no t).
  std::optional<double> x = ParseDouble(v);
  if (!x) {
    AppendXmlText(v, out);
    return Status::Ok();
  }
  if (style >= 0 && static_cast<size_t>(style) < xf_kinds.size() &&
      xf_kinds[static_cast<size_t>(style)] != DateKind::kNone) {
    if (auto date = FormatDateCell(*x, xf_kinds[static_cast<size_t>(style)],
                                   date1904)) {
      out = std::move(*date);
      return Status::Ok();
    }
  }
  out = FormatNumber(*x);
  return Status::Ok();
}

Status XlsxReader::Impl::ParseRow(std::string_view row, int& row_number,
                                  std::vector<std::string>& cells) const {
  cells.clear();
  size_t gt = FindTagEnd(row, 0);
  std::string_view start_tag = row.substr(0, gt + 1);
  // r is optional in the schema: a row without it follows the previous one.
  row_number = last_row + 1;
  ForEachAttribute(start_tag, [&](std::string_view name, std::string_view v) {
    if (name == "r") row_number = ParseInt(v, row_number);
  });
  if (IsSelfClosing(start_tag)) return Status::Ok();
  int column = -1;
  std::string value;
  size_t i = gt + 1;
  while (true) {
    size_t lt = row.find('<', i);
    if (lt == npos) return Status::Ok();
    size_t tag_end = FindTagEnd(row, lt);
    if (tag_end == npos) return Invalid("行 XML 不完整");
    std::string_view tag = row.substr(lt, tag_end - lt + 1);
    i = tag_end + 1;
    if (!IsStartTag(tag) || LocalName(TagName(tag)) != "c") continue;
    std::string_view ref, type;
    int style = 0;
    ForEachAttribute(tag, [&](std::string_view name, std::string_view v) {
      if (name == "r") {
        ref = v;
      } else if (name == "t") {
        type = v;
      } else if (name == "s") {
        style = ParseInt(v, 0);
      }
    });
    // r is optional too: a cell without it follows the previous one.
    std::optional<int> col =
        ref.empty() ? std::optional<int>(column + 1) : ColumnOfReference(ref);
    if (!col || *col >= kMaxColumns) {
      return Invalid("单元格位置 " + std::string(ref) + " 无效");
    }
    column = *col;
    if (IsSelfClosing(tag)) continue;
    size_t after = 0;
    size_t end = FindEndTag(row, i, "c", &after);
    if (end == npos) return Invalid("单元格 XML 不完整");
    value.clear();
    ZXKH_RETURN_IF_ERROR(CellValue(row.substr(i, end - i), type, style, value));
    i = after;
    if (value.empty()) continue;  // Keeps trailing empty cells out.
    if (cells.size() <= static_cast<size_t>(column)) cells.resize(column + 1);
    cells[column].swap(value);
  }
}

XlsxReader::XlsxReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
XlsxReader::XlsxReader(XlsxReader&&) noexcept = default;
XlsxReader& XlsxReader::operator=(XlsxReader&&) noexcept = default;
XlsxReader::~XlsxReader() = default;

Result<XlsxReader> XlsxReader::Open(std::string_view bytes) {
  // OLE2 compound files: Excel 97-2003 .xls, and also any password-protected
  // .xlsx (Excel wraps encrypted packages in OLE2). Say so, since users
  // cannot tell these apart from a real .xlsx by the file name.
  if (bytes.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
    return Invalid(
        "这是旧版 .xls 文件或设置了密码的文件，请在 Excel 中另存为"
        "“Excel 工作簿（*.xlsx）”并取消密码后重新上传");
  }
  auto impl = std::make_unique<Impl>();
  impl->bytes.assign(bytes);
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(
      impl->bytes.data(), impl->bytes.size(), /*freep=*/0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    return Invalid();
  }
  impl->zip = zip_open_from_source(source, ZIP_RDONLY, &error);
  zip_error_fini(&error);
  if (impl->zip == nullptr) {
    zip_source_free(source);  // Not taken over on failure.
    return Invalid();
  }
  ZXKH_RETURN_IF_ERROR(impl->LoadWorkbook());
  return XlsxReader(std::move(impl));
}

std::vector<std::string> XlsxReader::SheetNames() const {
  std::vector<std::string> names;
  for (const auto& sheet : impl_->sheets) names.push_back(sheet.name);
  return names;
}

bool XlsxReader::date1904() const { return impl_->date1904; }

Status XlsxReader::OpenSheet(int index) {
  Impl& s = *impl_;
  s.sheet_opened = true;
  s.stream.reset();
  s.last_row = 0;
  s.status = Status::Ok();
  if (index < 0 || static_cast<size_t>(index) >= s.sheets.size()) {
    s.status = Status::NotFound(
        "xlsx.no_sheet",
        "Excel 文件中没有第 " + std::to_string(index + 1) + " 个工作表");
    return s.status;
  }
  auto stream = OpenStream(s.zip, s.sheets[static_cast<size_t>(index)].part);
  if (!stream.ok()) {
    s.status = stream.status();
    return s.status;
  }
  s.stream = std::move(stream).value();
  return Status::Ok();
}

Status XlsxReader::OpenSheetByName(std::string_view name) {
  for (size_t i = 0; i < impl_->sheets.size(); ++i) {
    if (impl_->sheets[i].name == name) return OpenSheet(static_cast<int>(i));
  }
  impl_->sheet_opened = true;
  impl_->stream.reset();
  impl_->status =
      Status::NotFound("xlsx.no_sheet", "Excel 文件中没有名为“" +
                                            std::string(name) + "”的工作表");
  return impl_->status;
}

bool XlsxReader::NextRow(std::vector<std::string>& cells,
                         int& row_number_1based) {
  Impl& s = *impl_;
  if (!s.sheet_opened && !OpenSheet(0).ok()) return false;
  while (s.stream) {
    std::string_view element;
    Status status;
    if (!s.stream->Next("row", element, status)) {
      s.status = status;
      s.stream.reset();
      return false;
    }
    int row_number = 0;
    status = s.ParseRow(element, row_number, cells);
    if (!status.ok()) {
      s.status = status;
      s.stream.reset();
      return false;
    }
    s.last_row = row_number;
    if (cells.empty()) continue;
    row_number_1based = row_number;
    return true;
  }
  return false;
}

Status XlsxReader::status() const { return impl_->status; }

std::optional<int> ColumnIndex(std::string_view letters) {
  if (letters.empty() || letters.size() > 3) return std::nullopt;
  int index = 0;
  for (char c : letters) {
    if (c < 'A' || c > 'Z') return std::nullopt;
    index = index * 26 + (c - 'A' + 1);
  }
  if (index > kMaxColumns) return std::nullopt;
  return index - 1;
}

std::optional<std::string> ExcelSerialToIsoDate(std::string_view serial,
                                                bool date1904) {
  std::optional<double> x = ParseDouble(serial);
  if (!x || *x < 0 || *x > 1e7) return std::nullopt;
  return SerialDayToIso(static_cast<int64_t>(std::floor(*x)), date1904);
}

}  // namespace zxkh::docs
