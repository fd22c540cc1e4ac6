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
  CsvReader reader(utf8);
  Status error;
  std::vector<std::string> row;
  if (!reader.Next(row, error)) {
    ZXKH_RETURN_IF_ERROR(error);
    return NoHeader();
  }
  Table t;
  TrimAll(row);
  t.header = row;
  t.first_data_row = reader.line() + 1;
  while (reader.Next(row, error)) {
    TrimAll(row);
    t.rows.push_back(row);
    // The physical line the record starts on: what a person sees in an
    // editor, also after blank lines or quoted line breaks.
    t.row_numbers.push_back(reader.line());
  }
  ZXKH_RETURN_IF_ERROR(error);
  return t;
}

}  // namespace

Result<Table> ReadTable(std::string_view bytes) {
  if (bytes.starts_with(kZipMagic)) return ReadXlsx(bytes);
  return ReadCsv(bytes);
}

}  // namespace zxkh::docs
