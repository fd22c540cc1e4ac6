#include "docs/xlsx_writer.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <string>

#include "docs/csv.hpp"
#include "docs/text_encoding.hpp"

namespace zxkh::docs {
namespace {

constexpr size_t kMaxRows = LXW_ROW_MAX;  // Header included.
constexpr size_t kMaxColumns = LXW_COL_MAX;
// Above this many cells per workbook, libxlsxwriter's constant-memory mode
// streams each row to a temporary file instead of holding the whole sheet
// (it then writes inline strings rather than a shared string table, which
// Excel and XlsxReader both read).
constexpr size_t kConstantMemoryCells = 50000;
constexpr double kMinWidth = 6;
constexpr double kMaxWidth = 60;

// Removes the temporary file on every path out of WriteXlsx.
class TempFile {
 public:
  TempFile() {
    const char* dir = std::getenv("TMPDIR");
    dir_ = dir != nullptr && *dir != '\0' ? dir : "/tmp";
    path_ = dir_ + "/zxkh-xlsx-XXXXXX";
    // mkstemp creates the file 0600 with a unique name, so no other user
    // can read the export or plant a file under the name.
    fd_ = mkstemp(path_.data());
  }
  ~TempFile() {
    if (fd_ >= 0) {
      close(fd_);
      unlink(path_.c_str());
    }
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  bool ok() const { return fd_ >= 0; }
  const std::string& path() const { return path_; }
  std::string& dir() { return dir_; }

  // Reads the whole file through the descriptor we created, which refers to
  // the same inode libxlsxwriter reopened and truncated by name.
  bool ReadAll(std::string& out) const {
    out.clear();
    if (lseek(fd_, 0, SEEK_SET) != 0) return false;
    char chunk[65536];
    while (true) {
      ssize_t n = read(fd_, chunk, sizeof chunk);
      if (n < 0) return false;
      if (n == 0) return true;
      out.append(chunk, static_cast<size_t>(n));
    }
  }

 private:
  std::string dir_;
  std::string path_;
  int fd_ = -1;
};

// Owns the workbook until workbook_close hands over; frees it on error paths
// (workbook_close is also the only way to free a workbook).
class WorkbookHandle {
 public:
  explicit WorkbookHandle(lxw_workbook* wb) : wb_(wb) {}
  ~WorkbookHandle() {
    if (wb_ != nullptr) workbook_close(wb_);
  }
  WorkbookHandle(const WorkbookHandle&) = delete;
  WorkbookHandle& operator=(const WorkbookHandle&) = delete;

  lxw_workbook* get() const { return wb_; }
  lxw_error Close() {
    lxw_error err = workbook_close(wb_);
    wb_ = nullptr;
    return err;
  }

 private:
  lxw_workbook* wb_;
};

bool IsWide(uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

// Plain decimal that survives the trip through a double exactly as written
// (leading zeros would be lost, more than 15 digits rounded).
bool IsExactNumber(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  size_t int_start = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  size_t int_digits = i - int_start;
  if (int_digits == 0) return false;
  if (int_digits > 1 && s[int_start] == '0') return false;
  size_t significant = s[int_start] == '0' ? 0 : int_digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t frac_start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == frac_start) return false;
    if (significant == 0) {
      // "0.00123": leading fraction zeros are not significant.
      size_t first = frac_start;
      while (first < i && s[first] == '0') ++first;
      significant = i - first;
    } else {
      significant += i - frac_start;
    }
  }
  return i == s.size() && significant <= 15;
}

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
         (c >= 'A' && c <= 'F');
}

// Text for a string cell. Excel reads "_xHHHH_" in cell text as an escaped
// character (libxlsxwriter writes control characters that way), so a
// literal "_x0041_" typed by a user must have its "_" escaped as "_x005F_"
// or it would come back as "A"; libxlsxwriter 1.1 does not do that itself.
// Also applies the formula guard.
std::string CellText(std::string_view value) {
  std::string guarded = GuardFormula(value);
  if (guarded.find("_x") == std::string::npos) return guarded;
  std::string out;
  out.reserve(guarded.size() + 12);
  for (size_t i = 0; i < guarded.size(); ++i) {
    if (guarded[i] == '_' && i + 6 < guarded.size() && guarded[i + 1] == 'x' &&
        IsHex(guarded[i + 2]) && IsHex(guarded[i + 3]) &&
        IsHex(guarded[i + 4]) && IsHex(guarded[i + 5]) &&
        guarded[i + 6] == '_') {
      out += "_x005F";
    }
    out.push_back(guarded[i]);
  }
  return out;
}

std::string CellName(size_t row, size_t col) {
  std::string letters;
  for (size_t c = col + 1; c > 0; c = (c - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
  }
  return letters + std::to_string(row + 1);
}

Status CheckText(std::string_view value, size_t row, size_t col) {
  if (!IsValidUtf8(value) || value.find('\0') != std::string_view::npos) {
    return Status::InvalidArgument(
        "file.encoding",
        "单元格 " + CellName(row, col) + " 含有无效字符，无法导出");
  }
  return Status::Ok();
}

Status SheetNameError(std::string_view name) {
  return Status::InvalidArgument(
      "xlsx.sheet_name", "工作表名称“" + std::string(name) +
                             "”无效或重复：最多 31 个字符，不能含 []:*?/\\，"
                             "不能以单引号开头或结尾");
}

Status WriteSheet(lxw_workbook* wb, const Sheet& sheet, lxw_format* header_fmt,
                  lxw_format* text_fmt) {
  size_t columns = sheet.header.size();
  for (const auto& row : sheet.rows) columns = std::max(columns, row.size());
  if (columns > kMaxColumns) {
    return Status::InvalidArgument("xlsx.too_many_columns",
                                   "导出的列数超过 Excel 上限 16384 列");
  }
  if (sheet.rows.size() + 1 > kMaxRows) {
    return Status::InvalidArgument(
        "xlsx.too_many_rows",
        "导出的行数超过 Excel 上限 1048576 行，请分批导出");
  }
  const char* name = sheet.name.empty() ? nullptr : sheet.name.c_str();
  if (name != nullptr &&
      workbook_validate_sheet_name(wb, name) != LXW_NO_ERROR) {
    return SheetNameError(sheet.name);
  }
  lxw_worksheet* ws = workbook_add_worksheet(wb, name);
  if (ws == nullptr) return SheetNameError(sheet.name);

  auto numeric = [&](size_t col) {
    return col < sheet.numeric_columns.size() && sheet.numeric_columns[col];
  };

  // Column widths and default formats come first: constant-memory mode
  // requires them before any row is written.
  for (size_t c = 0; c < columns; ++c) {
    double width = c < sheet.column_widths.size() ? sheet.column_widths[c] : 0;
    if (width <= 0) {
      // +3 leaves room for the autofilter button next to the bold header.
      double header =
          c < sheet.header.size() ? DisplayWidth(sheet.header[c]) * 1.1 + 3 : 0;
      double content = 0;
      for (const auto& row : sheet.rows) {
        if (c < row.size()) content = std::max(content, DisplayWidth(row[c]));
      }
      width = std::clamp(std::max(header, content + 2), kMinWidth, kMaxWidth);
    }
    // A text-formatted column keeps what officers type into it as text too
    // (Excel would turn a typed ID number into 3.70211E+17).
    lxw_error err = worksheet_set_column(ws, static_cast<lxw_col_t>(c),
                                         static_cast<lxw_col_t>(c), width,
                                         numeric(c) ? nullptr : text_fmt);
    if (err != LXW_NO_ERROR) {
      return Status::Internal("xlsx.write_failed", "生成 Excel 文件失败");
    }
  }

  auto write_cell = [&](size_t r, size_t c, const std::string& value,
                        lxw_format* fmt, bool allow_number) -> Status {
    if (value.empty()) return Status::Ok();
    ZXKH_RETURN_IF_ERROR(CheckText(value, r, c));
    lxw_error err;
    if (allow_number && IsExactNumber(value)) {
      double number = 0;  // from_chars: no locale decimal comma.
      std::from_chars(value.data(), value.data() + value.size(), number);
      err = worksheet_write_number(ws, static_cast<lxw_row_t>(r),
                                   static_cast<lxw_col_t>(c), number, nullptr);
    } else {
      err = worksheet_write_string(ws, static_cast<lxw_row_t>(r),
                                   static_cast<lxw_col_t>(c),
                                   CellText(value).c_str(), fmt);
    }
    if (err == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED) {
      return Status::InvalidArgument(
          "xlsx.cell_too_long",
          "单元格 " + CellName(r, c) + " 超过 Excel 单元格上限 32767 个字符");
    }
    if (err != LXW_NO_ERROR) {
      return Status::Internal("xlsx.write_failed", "生成 Excel 文件失败");
    }
    return Status::Ok();
  };

  for (size_t c = 0; c < sheet.header.size(); ++c) {
    ZXKH_RETURN_IF_ERROR(write_cell(0, c, sheet.header[c], header_fmt, false));
  }
  for (size_t r = 0; r < sheet.rows.size(); ++r) {
    const auto& row = sheet.rows[r];
    for (size_t c = 0; c < row.size(); ++c) {
      ZXKH_RETURN_IF_ERROR(write_cell(r + 1, c, row[c], text_fmt, numeric(c)));
    }
  }
  if (!sheet.header.empty()) {
    worksheet_freeze_panes(ws, 1, 0);
    lxw_error err = worksheet_autofilter(
        ws, 0, 0, static_cast<lxw_row_t>(sheet.rows.size()),
        static_cast<lxw_col_t>(columns - 1));
    if (err != LXW_NO_ERROR) {
      return Status::Internal("xlsx.write_failed", "生成 Excel 文件失败");
    }
  }
  return Status::Ok();
}

}  // namespace

double DisplayWidth(std::string_view utf8) {
  double widest = 0, line = 0;
  const auto* s = reinterpret_cast<const unsigned char*>(utf8.data());
  for (size_t i = 0; i < utf8.size();) {
    unsigned char c = s[i];
    uint32_t cp = c;
    size_t len = 1;
    if (c >= 0xF0 && i + 3 < utf8.size()) {
      cp = (c & 0x07u) << 18 | (s[i + 1] & 0x3Fu) << 12 |
           (s[i + 2] & 0x3Fu) << 6 | (s[i + 3] & 0x3Fu);
      len = 4;
    } else if (c >= 0xE0 && i + 2 < utf8.size()) {
      cp = (c & 0x0Fu) << 12 | (s[i + 1] & 0x3Fu) << 6 | (s[i + 2] & 0x3Fu);
      len = 3;
    } else if (c >= 0xC0 && i + 1 < utf8.size()) {
      cp = (c & 0x1Fu) << 6 | (s[i + 1] & 0x3Fu);
      len = 2;
    }
    i += len;
    if (cp == '\n') {
      widest = std::max(widest, line);
      line = 0;
      continue;
    }
    line += IsWide(cp) ? 2 : 1;
  }
  return std::max(widest, line);
}

Result<std::string> WriteXlsx(const std::vector<Sheet>& sheets) {
  if (sheets.empty()) {
    return Status::InvalidArgument("xlsx.no_sheet", "没有要导出的工作表");
  }
  size_t cells = 0;
  for (const auto& sheet : sheets) {
    cells += sheet.header.size();
    for (const auto& row : sheet.rows) cells += row.size();
  }
  TempFile file;
  if (!file.ok()) {
    return Status::Internal("xlsx.write_failed",
                            "无法创建临时文件，生成 Excel 文件失败");
  }
  lxw_workbook_options options = {};
  options.constant_memory = cells > kConstantMemoryCells ? LXW_TRUE : LXW_FALSE;
  options.tmpdir = file.dir().data();  // Its own temp files go there too.
  WorkbookHandle wb(workbook_new_opt(file.path().c_str(), &options));
  if (wb.get() == nullptr) {
    return Status::Internal("xlsx.write_failed", "生成 Excel 文件失败");
  }
  lxw_format* text_fmt = workbook_add_format(wb.get());
  format_set_num_format(text_fmt, "@");
  lxw_format* header_fmt = workbook_add_format(wb.get());
  format_set_num_format(header_fmt, "@");
  format_set_bold(header_fmt);
  format_set_bg_color(header_fmt, 0xD9E1F2);
  format_set_border(header_fmt, LXW_BORDER_THIN);

  for (const auto& sheet : sheets) {
    ZXKH_RETURN_IF_ERROR(WriteSheet(wb.get(), sheet, header_fmt, text_fmt));
  }
  if (wb.Close() != LXW_NO_ERROR) {
    return Status::Internal("xlsx.write_failed",
                            "写入临时文件失败，生成 Excel 文件失败");
  }
  std::string bytes;
  if (!file.ReadAll(bytes)) {
    return Status::Internal("xlsx.write_failed",
                            "读取临时文件失败，生成 Excel 文件失败");
  }
  return bytes;
}

}  // namespace zxkh::docs
