#include "domain/registration.hpp"

#include "common/text.hpp"
#include "common/validators.hpp"

namespace zxkh::domain {
namespace {

using S = RegistrationState;

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlnum(char c) {
  return IsAsciiDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

}  // namespace

std::string_view RegistrationStateName(RegistrationState s) {
  switch (s) {
    case S::kRegistered:
      return "registered";
    case S::kSat:
      return "sat";
    case S::kAbsent:
      return "absent";
    case S::kPassed:
      return "passed";
    case S::kFailed:
      return "failed";
    case S::kCancelled:
      return "cancelled";
  }
  return "?";
}

std::string_view RegistrationStateTitle(RegistrationState s) {
  switch (s) {
    case S::kRegistered:
      return "已报名";
    case S::kSat:
      return "已参考";
    case S::kAbsent:
      return "缺考";
    case S::kPassed:
      return "合格";
    case S::kFailed:
      return "不合格";
    case S::kCancelled:
      return "已取消";
  }
  return "?";
}

std::optional<RegistrationState> ParseRegistrationState(std::string_view s) {
  for (S st : {S::kRegistered, S::kSat, S::kAbsent, S::kPassed, S::kFailed,
               S::kCancelled}) {
    if (RegistrationStateName(st) == s) return st;
  }
  return std::nullopt;
}

bool IsOpen(RegistrationState s) { return s == S::kRegistered || s == S::kSat; }

bool BlocksNewRegistration(RegistrationState s) {
  return IsOpen(s) || s == S::kPassed;
}

bool CanTransition(RegistrationState from, RegistrationState to) {
  switch (from) {
    case S::kRegistered:
      return to == S::kSat || to == S::kAbsent || to == S::kCancelled;
    case S::kSat:
      return to == S::kPassed || to == S::kFailed;
    default:
      return false;
  }
}

Status CheckTransition(RegistrationState from, RegistrationState to) {
  if (CanTransition(from, to)) return Status::Ok();
  return Status::FailedPrecondition(
      "registration.state",
      "报名状态为「" + std::string(RegistrationStateTitle(from)) +
          "」，不能改为「" + std::string(RegistrationStateTitle(to)) + "」");
}

std::string_view RegistrationSourceName(RegistrationSource s) {
  switch (s) {
    case RegistrationSource::kSelf:
      return "self";
    case RegistrationSource::kInstitution:
      return "institution";
    case RegistrationSource::kImport:
      return "import";
  }
  return "?";
}

std::string_view RegistrationSourceTitle(RegistrationSource s) {
  switch (s) {
    case RegistrationSource::kSelf:
      return "本人报名";
    case RegistrationSource::kInstitution:
      return "机构录入";
    case RegistrationSource::kImport:
      return "批量导入";
  }
  return "?";
}

Result<Registrant> ValidateRegistrant(const RegistrantInput& in, Date today,
                                      Date exam_date) {
  Registrant r;
  r.name = std::string(TrimSpace(in.name));
  const std::size_t name_len = Utf8Length(r.name);
  bool name_ok = name_len >= 2 && name_len <= 30;
  for (char c : r.name) {
    // No control characters and no digits: a name column holding an ID
    // number or a phone is a shifted row.
    if (static_cast<unsigned char>(c) < 0x20 || IsAsciiDigit(c))
      name_ok = false;
  }
  if (!name_ok) {
    return Status::InvalidArgument("registration.name_invalid",
                                   "姓名应为 2 至 30 个字符，不含数字", "name");
  }
  auto type = ParseIdType(in.id_type);
  if (!type) {
    return Status::InvalidArgument("registration.id_type_invalid",
                                   "证件类型应为「居民身份证」或「其他证件」",
                                   "id_type");
  }
  r.id_type = *type;
  r.id_number = AsciiUpper(TrimSpace(in.id_number));
  const std::string birth_text(TrimSpace(in.birth_date));
  if (r.id_type == IdType::kResidentId) {
    ZXKH_RETURN_IF_ERROR(ValidateResidentId(r.id_number, today));
    ZXKH_ASSIGN_OR_RETURN(r.birth_date, ResidentIdBirthDate(r.id_number));
  } else {
    bool ok = r.id_number.size() >= 5 && r.id_number.size() <= 30;
    for (char c : r.id_number) ok = ok && (IsAsciiAlnum(c) || c == '-');
    if (!ok) {
      return Status::InvalidArgument(
          "registration.other_id_invalid",
          "其他证件号码应为 5 至 30 位字母、数字或连字符", "id_number");
    }
    if (birth_text.empty()) {
      return Status::InvalidArgument(
          "registration.birth_date_required",
          "证件类型为其他证件时须填写出生日期（YYYY-MM-DD）", "birth_date");
    }
    auto birth = Date::Parse(birth_text);
    if (!birth.ok() || *birth > today || birth->year() < 1900) {
      return Status::InvalidArgument("registration.birth_date_invalid",
                                     "出生日期应为 YYYY-MM-DD 格式的过去日期",
                                     "birth_date");
    }
    r.birth_date = *birth;
  }
  r.phone = std::string(TrimSpace(in.phone));
  bool phone_ok = r.phone.size() == 11 && r.phone[0] == '1' &&
                  r.phone[1] >= '3' && r.phone[1] <= '9';
  for (char c : r.phone) phone_ok = phone_ok && IsAsciiDigit(c);
  if (!phone_ok) {
    return Status::InvalidArgument("registration.phone_invalid",
                                   "手机号应为 11 位大陆手机号码", "phone");
  }
  r.employer = std::string(TrimSpace(in.employer));
  if (Utf8Length(r.employer) > 100) {
    return Status::InvalidArgument("registration.employer_invalid",
                                   "工作单位不能超过 100 个字符", "employer");
  }
  if (AgeOn(r.birth_date, exam_date) < kMinimumAge) {
    return Status::InvalidArgument(
        "registration.underage",
        "考核日期 " + exam_date.ToString() + " 时未满 16 周岁",
        r.id_type == IdType::kResidentId ? "id_number" : "birth_date");
  }
  return r;
}

std::string IdentityKey(IdType type, std::string_view id_number) {
  if (type == IdType::kResidentId) return std::string(id_number);
  return "other:" + std::string(id_number);
}

Status CheckItemOpen(bool plan_published, Date exam_date, Date today) {
  if (!plan_published) {
    return Status::FailedPrecondition("registration.item_not_published",
                                      "该考核计划尚未发布，不能报名");
  }
  if (!(today < exam_date)) {
    return Status::FailedPrecondition(
        "registration.closed",
        "报名已截止（考核日期 " + exam_date.ToString() + "）");
  }
  return Status::Ok();
}

std::string_view ConsentText() {
  return "本人自愿参加专项职业能力考核，承诺所填报的身份信息真实有效；"
         "同意考核机构和人力资源社会保障部门为组织考核、发放证书和查询验证"
         "之目的处理本人的姓名、证件号码和手机号码。";
}

}  // namespace zxkh::domain
