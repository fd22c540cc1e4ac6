#include "domain/audit.hpp"

#include "common/crypto.hpp"
#include "common/text.hpp"

namespace zxkh::domain {
namespace {

void Field(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += ':';
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += '\n';
}

void Field(std::string& out, std::string_view name, int64_t value) {
  Field(out, name, std::to_string(value));
}

template <typename T>
void OptionalField(std::string& out, std::string_view name,
                   const std::optional<T>& value) {
  if (value) {
    Field(out, name, *value);
  } else {
    out += name;
    out += ":-\n";
  }
}

// Reduces UTF-8 text to one ASCII symbol per character for the personal
// data scan: '0'–'9' for ASCII and full-width digits, 'X' for x/X/ｘ/Ｘ,
// '-' for a space or hyphen (people write 138 1234 5678), '#' otherwise.
std::string ScanSymbols(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c >= '0' && c <= '9') {
        out += static_cast<char>(c);
      } else if (c == 'x' || c == 'X') {
        out += 'X';
      } else if (c == ' ' || c == '-') {
        out += '-';
      } else {
        out += '#';
      }
      ++i;
      continue;
    }
    // Full-width forms: U+FF10–FF19 (digits) = EF BC 90–99; Ｘ U+FF38 =
    // EF BC B8; ｘ U+FF58 = EF BD 98; the ideographic space U+3000 = E3 80 80.
    if (c == 0xEF && i + 2 < s.size()) {
      const unsigned char b1 = static_cast<unsigned char>(s[i + 1]);
      const unsigned char b2 = static_cast<unsigned char>(s[i + 2]);
      if (b1 == 0xBC && b2 >= 0x90 && b2 <= 0x99) {
        out += static_cast<char>('0' + (b2 - 0x90));
        i += 3;
        continue;
      }
      if ((b1 == 0xBC && b2 == 0xB8) || (b1 == 0xBD && b2 == 0x98)) {
        out += 'X';
        i += 3;
        continue;
      }
      if (b1 == 0xBC && b2 == 0x8D) {  // full-width hyphen U+FF0D
        out += '-';
        i += 3;
        continue;
      }
    }
    if (c == 0xE3 && i + 2 < s.size() && s[i + 1] == '\x80' &&
        s[i + 2] == '\x80') {
      out += '-';
      i += 3;
      continue;
    }
    out += '#';
    // Skip the continuation bytes of this character.
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80)
      ++i;
  }
  return out;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool LooksLikeMobile(std::string_view digits) {
  return digits.size() == 11 && digits[0] == '1' && digits[1] >= '3' &&
         digits[1] <= '9';
}

// The maximal digit runs, as (start, length), that follow each other
// separated by single '-' symbols, starting with the run at `i`.
std::vector<std::pair<std::size_t, std::size_t>> Groups(const std::string& s,
                                                        std::size_t i) {
  std::vector<std::pair<std::size_t, std::size_t>> groups;  // (start, len)
  for (;;) {
    std::size_t j = i;
    while (j < s.size() && IsDigit(s[j])) ++j;
    groups.emplace_back(i, j - i);
    if (j + 1 < s.size() && s[j] == '-' && IsDigit(s[j + 1])) {
      i = j + 1;
      continue;
    }
    return groups;
  }
}

bool IsAsciiLowerIdent(std::string_view s, bool dots_allowed) {
  if (s.empty()) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || IsDigit(c) || c == '_' ||
                    (dots_allowed && c == '.');
    if (!ok) return false;
  }
  return true;
}

// Valid UTF-8 of at most `max_chars` code points: invalid sequences become
// U+FFFD, C0 controls and DEL become spaces.
std::string CleanText(std::string_view s, std::size_t max_chars) {
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size() && chars < max_chars; ++chars) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out += (c < 0x20 || c == 0x7F) ? ' ' : static_cast<char>(c);
      ++i;
      continue;
    }
    const std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (len != 0 && i + len <= s.size() && IsValidUtf8(s.substr(i, len))) {
      out += s.substr(i, len);
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

}  // namespace

std::string CanonicalBytes(const AuditEntry& e) {
  std::string out = "zxkh-audit-entry/v1\n";
  Field(out, "seq", e.seq);
  Field(out, "at", e.at);
  Field(out, "user_id", e.user_id);
  Field(out, "role", e.role);
  Field(out, "action", e.action);
  Field(out, "target_type", e.target_type);
  Field(out, "target_id", e.target_id);
  Field(out, "summary", e.summary);
  Field(out, "request_id", e.request_id);
  OptionalField(out, "district_code", e.district_code);
  OptionalField(out, "institution_id", e.institution_id);
  Field(out, "prev_hash", e.prev_hash);
  return out;
}

std::string ComputeEntryHash(const AuditEntry& e) {
  return Sha256Hex(e.prev_hash + CanonicalBytes(e));
}

std::string CheckpointMessage(int64_t tree_size, std::string_view root_hex,
                              int64_t signed_at, std::string_view key_id) {
  std::string out = "zxkh-audit-checkpoint/v1\n";
  out += "tree_size=" + std::to_string(tree_size) + "\n";
  out += "root=" + std::string(root_hex) + "\n";
  out += "signed_at=" + std::to_string(signed_at) + "\n";
  out += "key_id=" + std::string(key_id) + "\n";
  return out;
}

Status CheckSummaryHasNoPersonalData(std::string_view text) {
  const std::string s = ScanSymbols(text);
  const Status refused = Status::InvalidArgument(
      "audit.personal_data", "操作日志不得记录身份证号、手机号等个人信息",
      "summary");
  for (std::size_t i = 0; i < s.size();) {
    if (!IsDigit(s[i]) || (i > 0 && IsDigit(s[i - 1]))) {
      ++i;
      continue;
    }
    const auto groups = Groups(s, i);
    // Written in groups: 138-1234-5678 / 138 1234 5678, or an ID number as
    // 370202 19900101 123X. Only these shapes are joined, so a list of dates
    // (2026-11-27 2026-12-01 …) is not mistaken for one long number.
    for (std::size_t g = 0; g + 3 <= groups.size(); ++g) {
      const auto& [a_start, a_len] = groups[g];
      const std::size_t b_len = groups[g + 1].second;
      const auto& [c_start, c_len] = groups[g + 2];
      const std::size_t c_end = c_start + c_len;
      const bool c_x = c_end < s.size() && s[c_end] == 'X';
      if (a_len == 3 && b_len == 4 && c_len == 4 && s[a_start] == '1' &&
          s[a_start + 1] >= '3' && s[a_start + 1] <= '9') {
        return refused;
      }
      if (a_len == 6 && b_len == 8 && (c_len == 4 || (c_len == 3 && c_x))) {
        return refused;
      }
    }
    // A resident ID is 18 digits, or 17 and the check character X; longer
    // runs (bank cards) are personal data too.
    for (const auto& [g_start, g_len] : groups) {
      const std::size_t g_end = g_start + g_len;
      const bool g_x = g_end < s.size() && s[g_end] == 'X';
      if (g_len >= 18 || (g_len == 17 && g_x) ||
          LooksLikeMobile(std::string_view(s).substr(g_start, g_len))) {
        return refused;
      }
    }
    i = groups.back().first + groups.back().second;
  }
  return Status::Ok();
}

LoginRecord CleanLoginRecord(LoginRecord r) {
  r.username = CleanText(r.username, 64);
  r.reason = CleanText(r.reason, 64);
  r.ip = CleanText(r.ip, 64);
  r.user_agent = CleanText(r.user_agent, 300);
  return r;
}

Status ValidateEntryFields(const AuditEntry& e) {
  if (e.action.size() > 64 || !IsAsciiLowerIdent(e.action, true) ||
      e.action.find('.') == std::string::npos || e.action.front() == '.' ||
      e.action.back() == '.') {
    return Status::InvalidArgument(
        "audit.action", "操作代码应为「领域.动作」形式的小写英文", "action");
  }
  if (e.target_type.size() > 64 || !IsAsciiLowerIdent(e.target_type, false)) {
    return Status::InvalidArgument("audit.target", "对象类型应为小写英文",
                                   "target_type");
  }
  if (e.target_id.size() > 128 || !IsValidUtf8(e.target_id)) {
    return Status::InvalidArgument("audit.target", "对象标识过长或编码无效",
                                   "target_id");
  }
  if (!IsValidUtf8(e.summary) || Utf8Length(e.summary) > 500 ||
      !IsValidUtf8(e.request_id) || e.request_id.size() > 128) {
    return Status::InvalidArgument(
        "audit.summary", "操作摘要过长（至多 500 字）或编码无效", "summary");
  }
  ZXKH_RETURN_IF_ERROR(CheckSummaryHasNoPersonalData(e.summary));
  Status target = CheckSummaryHasNoPersonalData(e.target_id);
  if (!target.ok()) {
    return Status::InvalidArgument("audit.personal_data", target.message(),
                                   "target_id");
  }
  return Status::Ok();
}

}  // namespace zxkh::domain
