// CSV (RFC 4180) reading and writing, UTF-8 in and out.
//
// Decode an upload with docs/text_encoding.hpp first; encode an export for
// Windows users with Utf8ToGbk or WriteCsv(..., TextEncoding::kGbk).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"
#include "docs/text_encoding.hpp"

namespace zxkh::docs {

// Streams records out of CSV text without copying the whole table, for large
// uploads. Accepts what Excel and RFC 4180 produce: quoted fields holding
// commas, doubled quotes and line breaks; CRLF, LF or CR line ends; a final
// line break or none; a leading UTF-8 BOM (dropped). A line with no
// characters at all is skipped (Excel leaves them at the end of files).
// Leniency, as Excel reads it: a quote inside an unquoted field, or text
// after a closing quote, is kept literally.
// Does not own `utf8`, which must outlive the reader. Not thread-safe.
class CsvReader {
 public:
  explicit CsvReader(std::string_view utf8);

  // Fills `row` with the next record and returns true. Returns false at the
  // end (error stays OK) or on malformed input (error is InvalidArgument
  // "csv.unterminated_quote" naming the line); after false, keeps returning
  // false.
  bool Next(std::vector<std::string>& row, Status& error);

  // 1-based physical line on which the record last returned by Next()
  // started (a record with quoted line breaks spans several lines); 0 before
  // the first record.
  int line() const { return record_line_; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  int current_line_ = 1;  // Line of text_[pos_].
  int record_line_ = 0;
  bool done_ = false;
};

// Parses a whole CSV text into records (see CsvReader for what is accepted).
// Fails with "csv.unterminated_quote" naming the line of the open quote.
Result<std::vector<std::vector<std::string>>> ParseCsv(std::string_view utf8);

// Formula-injection guard for exported cells (OWASP "CSV Injection"): a cell
// starting with = + - @ (or tab / carriage return) is evaluated as a formula
// by Excel and WPS, so an applicant's name like =HYPERLINK(...) could run in
// an officer's spreadsheet. Such values get a leading apostrophe, which Excel
// shows as text. Plain numbers such as "-5" or "+86" pass unchanged because
// Excel reads them as numbers, not formulas.
bool NeedsFormulaGuard(std::string_view value);
// `value`, with the apostrophe prefixed when NeedsFormulaGuard(value).
std::string GuardFormula(std::string_view value);

// One CSV record terminated by CRLF (what RFC 4180 and Excel use). Fields
// with comma, quote, CR or LF, or leading/trailing spaces are quoted, quotes
// doubled. With `guard_formulas` (the default, for files people open in
// Excel) each field goes through GuardFormula first.
std::string WriteCsvRow(const std::vector<std::string>& fields,
                        bool guard_formulas = true);

// A whole CSV file ready for download, with formula guard. kUtf8 output
// starts with a BOM, without which Excel on Chinese Windows reads UTF-8 as
// GBK; kGbk output is for older Excel/WPS. Fails only with "file.encoding"
// when a field is not valid UTF-8.
Result<std::string> WriteCsv(const std::vector<std::vector<std::string>>& rows,
                             TextEncoding encoding);

}  // namespace zxkh::docs
