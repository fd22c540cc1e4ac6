// One entry point for uploaded tables: a .xlsx workbook or a CSV file in
// UTF-8 or GBK, told apart by content (never by the file name).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"

namespace zxkh::docs {

struct Table {
  std::vector<std::string> header;             // trimmed cells of the first row
  std::vector<std::vector<std::string>> rows;  // the rows after it, trimmed
  int first_data_row = 2;                      // file row number of rows[0]
  // File row number of each entry of rows (blank rows are skipped in XLSX).
  std::vector<int> row_numbers;
};

// Reads the first worksheet of an XLSX file, or a CSV file. InvalidArgument
// ("xlsx.invalid", "file.encoding", "csv.*", "import.empty") with a Chinese
// message when the bytes are neither, or hold no header row.
Result<Table> ReadTable(std::string_view bytes);

}  // namespace zxkh::docs
