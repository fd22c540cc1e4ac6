#include "docs/tabular.hpp"

#include "common/text.hpp"
#include "docs/csv.hpp"
#include "docs/text_encoding.hpp"
#include "docs/xlsx_reader.hpp"

namespace zxkh::docs {
namespace {

constexpr std::string_view kZipMagic = "PK\x03\x04";

void TrimAll(std::vector<std::string>& cells) {
  for (auto& c : cells) c = std::string(TrimSpace(c));
}

Status NoHeader() {
  return Status::InvalidArgument("import.empty", "文件为空或缺少表头行",
                                 "file");
}

Result<Table> ReadXlsx(std::string_view bytes) {
  ZXKH_ASSIGN_OR_RETURN(XlsxReader reader, XlsxReader::Open(bytes));
  Table t;
  std::vector<std::string> cells;
  int row_number = 0;
  if (!reader.NextRow(cells, row_number)) {
    ZXKH_RETURN_IF_ERROR(reader.status());
    return NoHeader();
  }
  TrimAll(cells);
  t.header = std::move(cells);
  t.first_data_row = row_number + 1;
  while (reader.NextRow(cells, row_number)) {
    TrimAll(cells);
    t.rows.push_back(cells);
    t.row_numbers.push_back(row_number);
  }
  ZXKH_RETURN_IF_ERROR(reader.status());
  return t;
}

Result<Table> ReadCsv(std::string_view bytes) {
  ZXKH_ASSIGN_OR_RETURN(std::string utf8, ToUtf8(bytes, DetectEncoding(bytes)));
  ZXKH_ASSIGN_OR_RETURN(auto rows, ParseCsv(utf8));
  if (rows.empty()) return NoHeader();
  Table t;
  t.header = std::move(rows.front());
  TrimAll(t.header);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    TrimAll(rows[i]);
    t.rows.push_back(std::move(rows[i]));
    // CSV rows are counted as records; a quoted newline inside a field
    // makes the record longer than a line, which spreadsheet users accept.
    t.row_numbers.push_back(static_cast<int>(i) + 1);
  }
  return t;
}

}  // namespace

Result<Table> ReadTable(std::string_view bytes) {
  if (bytes.starts_with(kZipMagic)) return ReadXlsx(bytes);
  return ReadCsv(bytes);
}

}  // namespace zxkh::docs
