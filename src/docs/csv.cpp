#include "docs/csv.hpp"

#include <string>

namespace zxkh::docs {
namespace {

bool IsLineEnd(char c) { return c == '\n' || c == '\r'; }

// [+-]?digits[.digits]: what Excel turns into a number, never a formula.
bool IsPlainNumber(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  size_t digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  if (digits == 0) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t fraction = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++fraction;
    if (fraction == 0) return false;
  }
  return i == s.size();
}

}  // namespace

CsvReader::CsvReader(std::string_view utf8) : text_(utf8) {
  if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
}

bool CsvReader::Next(std::vector<std::string>& row, Status& error) {
  error = Status::Ok();
  if (done_) return false;
  const size_t n = text_.size();
  // Consumes one line end at pos_ (CRLF counts once).
  auto consume_line_end = [&] {
    if (text_[pos_] == '\r' && pos_ + 1 < n && text_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++current_line_;
  };
  while (pos_ < n && IsLineEnd(text_[pos_])) consume_line_end();
  if (pos_ >= n) {
    done_ = true;
    return false;
  }
  record_line_ = current_line_;
  row.clear();
  while (true) {
    std::string field;
    if (text_[pos_] == '"') {
      const int open_line = current_line_;
      ++pos_;
      while (true) {
        size_t quote = text_.find('"', pos_);
        if (quote == std::string_view::npos) {
          done_ = true;
          error = Status::InvalidArgument(
              "csv.unterminated_quote",
              "CSV 第 " + std::to_string(open_line) +
                  " 行的引号没有闭合：以引号开头的内容必须以引号结束");
          return false;
        }
        for (size_t i = pos_; i < quote; ++i) {
          if (text_[i] == '\n' ||
              (text_[i] == '\r' && (i + 1 >= n || text_[i + 1] != '\n'))) {
            ++current_line_;
          }
        }
        field.append(text_.substr(pos_, quote - pos_));
        pos_ = quote + 1;
        if (pos_ < n && text_[pos_] == '"') {  // "" is one literal quote.
          field.push_back('"');
          ++pos_;
          continue;
        }
        break;
      }
      // Lenient: text between the closing quote and the delimiter is kept.
      size_t end = pos_;
      while (end < n && text_[end] != ',' && !IsLineEnd(text_[end])) ++end;
      field.append(text_.substr(pos_, end - pos_));
      pos_ = end;
    } else {
      size_t end = pos_;
      while (end < n && text_[end] != ',' && !IsLineEnd(text_[end])) ++end;
      field.assign(text_.substr(pos_, end - pos_));
      pos_ = end;
    }
    row.push_back(std::move(field));
    if (pos_ >= n) return true;  // The next call reports the end.
    if (text_[pos_] == ',') {
      ++pos_;
      if (pos_ >= n) {  // "a," at the very end: a last, empty field.
        row.emplace_back();
        return true;
      }
      continue;
    }
    consume_line_end();
    return true;
  }
}

Result<std::vector<std::vector<std::string>>> ParseCsv(std::string_view utf8) {
  CsvReader reader(utf8);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  Status error;
  while (reader.Next(row, error)) rows.push_back(std::move(row));
  if (!error.ok()) return error;
  return rows;
}

bool NeedsFormulaGuard(std::string_view value) {
  if (value.empty()) return false;
  switch (value[0]) {
    case '=':
    case '@':
    case '\t':
    case '\r':
      return true;
    case '+':
    case '-':
      return !IsPlainNumber(value);
    default:
      return false;
  }
}

std::string GuardFormula(std::string_view value) {
  if (!NeedsFormulaGuard(value)) return std::string(value);
  std::string out;
  out.reserve(value.size() + 1);
  out.push_back('\'');
  out.append(value);
  return out;
}

std::string WriteCsvRow(const std::vector<std::string>& fields,
                        bool guard_formulas) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out.push_back(',');
    std::string value =
        guard_formulas ? GuardFormula(fields[i]) : std::string(fields[i]);
    bool quote =
        value.find_first_of(",\"\r\n") != std::string::npos ||
        (!value.empty() && (value.front() == ' ' || value.back() == ' '));
    if (!quote) {
      out.append(value);
      continue;
    }
    out.push_back('"');
    for (char c : value) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    out.push_back('"');
  }
  out.append("\r\n");
  return out;
}

Result<std::string> WriteCsv(const std::vector<std::vector<std::string>>& rows,
                             TextEncoding encoding) {
  std::string utf8;
  for (const auto& row : rows) utf8.append(WriteCsvRow(row));
  if (encoding == TextEncoding::kGbk) return Utf8ToGbk(utf8);
  size_t offset = 0;
  if (!IsValidUtf8(utf8, &offset)) {
    return Status::InvalidArgument("file.encoding",
                                   "导出内容在第 " + std::to_string(offset) +
                                       " 字节处不是有效的 UTF-8 文本");
  }
  return "\xEF\xBB\xBF" + utf8;
}

}  // namespace zxkh::docs
