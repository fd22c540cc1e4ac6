// Writing Excel (.xlsx) exports: rosters, score sheets, import templates.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"

namespace zxkh::docs {

// One worksheet: a bold, frozen header row with autofilter, then the rows.
struct Sheet {
  // At most 31 characters, none of []:*?/\ (Excel's rules); empty for
  // "Sheet1", "Sheet2"….
  std::string name;
  // Row 1; when empty, row 1 stays blank and there is no filter or freeze.
  std::vector<std::string> header;
  // UTF-8 cell values; rows may be shorter than the header. "" leaves the
  // cell empty.
  std::vector<std::vector<std::string>> rows;
  // Optional widths in Excel units (about one digit, two for a CJK
  // character); missing or <= 0 entries are computed from the content.
  std::vector<double> column_widths;
  // Optional: true marks a column whose plain decimal values ("85", "-3",
  // "92.5", at most 15 significant digits, no leading zeros) are written as
  // numbers so Excel can sum them ("92.50" reads back as "92.5"). Every
  // other cell is text in a text-formatted column, so an ID number like
  // 370211200001011234 or a code like 007 stays exactly as given, also when
  // an officer types into the column.
  std::vector<bool> numeric_columns;
};

// Builds an .xlsx workbook with one worksheet per Sheet and returns its
// bytes. Text cells starting with = + - @ get a leading apostrophe (see
// GuardFormula in docs/csv.hpp). Fails with InvalidArgument "xlsx.no_sheet",
// "xlsx.sheet_name" (invalid or duplicate name), "xlsx.too_many_rows" /
// "xlsx.too_many_columns" (beyond 1,048,576 rows / 16,384 columns),
// "xlsx.cell_too_long" (over 32,767 characters) or "file.encoding" (a value
// that is not valid UTF-8 or contains NUL); Internal "xlsx.write_failed"
// when the temporary file under $TMPDIR cannot be written. Large sheets are
// written in libxlsxwriter's constant-memory mode. Thread-safe.
Result<std::string> WriteXlsx(const std::vector<Sheet>& sheets);

// Display width of UTF-8 text in Excel column units: 2 per East Asian wide
// character, 1 otherwise; the longest line counts.
double DisplayWidth(std::string_view utf8);

}  // namespace zxkh::docs
