// Reading uploaded Excel (.xlsx) workbooks: bulk registration, score sheets.
//
// Worksheets are streamed: the sheet XML is inflated in chunks and scanned
// row by row by a small forward scanner, so memory stays flat whatever the
// number of rows (pugixml, which is DOM-only, is used for the small workbook,
// relationship and style parts). The shared string table is held in one
// compact pool because any row may refer to any string.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"

namespace zxkh::docs {

class XlsxReader {
 public:
  // Opens a workbook held in memory; the bytes are copied, so the caller's
  // buffer may go away. Fails with InvalidArgument "xlsx.invalid" (not a zip,
  // truncated, no workbook part, a listed sheet part missing, .xls or
  // password-protected files) or "xlsx.no_worksheet" (a workbook without any
  // worksheet), or PayloadTooLarge "xlsx.too_large" (limits against zip
  // bombs). Not thread-safe: one reader per thread.
  static Result<XlsxReader> Open(std::string_view bytes);

  XlsxReader(XlsxReader&&) noexcept;
  XlsxReader& operator=(XlsxReader&&) noexcept;
  ~XlsxReader();

  // Names of the worksheets in workbook order (chart sheets excluded); the
  // index into this list is what OpenSheet takes.
  std::vector<std::string> SheetNames() const;

  // True when the workbook counts dates from 1904 (old Mac Excel); pass it to
  // ExcelSerialToIsoDate for serials read from this workbook.
  bool date1904() const;

  // Positions the reader before the first row of a worksheet (0-based index
  // into SheetNames(), or by exact name). Fails with NotFound "xlsx.no_sheet"
  // for an unknown sheet, "xlsx.invalid" when its part cannot be inflated.
  Status OpenSheet(int index = 0);
  Status OpenSheetByName(std::string_view name);

  // Reads the next row that has at least one non-empty cell. `cells` gets
  // UTF-8 strings indexed by column (A=0 … XFD=16383); cells missing within
  // the row are "", trailing empty cells are dropped. Shared and inline
  // strings come as text, numbers as Excel shows them in the General format
  // (15 significant digits, "12" not "12.0"), booleans TRUE/FALSE, error
  // values like "#N/A" as written, and numbers formatted as dates as
  // "YYYY-MM-DD", times "HH:MM:SS", both "YYYY-MM-DD HH:MM:SS". Rows without
  // values are skipped; `row_number_1based` says which row this is.
  // Opens sheet 0 on first use when OpenSheet was not called. Returns false
  // at the end or on an error; status() tells which.
  bool NextRow(std::vector<std::string>& cells, int& row_number_1based);

  // OK, or why the last NextRow returned false on a damaged sheet
  // ("xlsx.invalid", "xlsx.too_large").
  Status status() const;

 private:
  struct Impl;
  explicit XlsxReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// "A" → 0, "Z" → 25, "AA" → 26, "XFD" → 16383; std::nullopt for anything
// else (lower case, digits, beyond XFD).
std::optional<int> ColumnIndex(std::string_view letters);

// An Excel date serial ("45292", "45292.75"; the time part is ignored) as
// "YYYY-MM-DD", for cells returned as numbers. Follows Excel's 1900 system,
// including its fictitious 1900-02-29 (serial 60, for which std::nullopt is
// returned), or the 1904 system. std::nullopt for non-numbers and serials
// outside 1900-01-01 … 9999-12-31.
std::optional<std::string> ExcelSerialToIsoDate(std::string_view serial,
                                                bool date1904 = false);

}  // namespace zxkh::docs
