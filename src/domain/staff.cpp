#include "domain/staff.hpp"

#include <set>

#include "common/text.hpp"
#include "common/validators.hpp"
#include "domain/account.hpp"

namespace zxkh::domain {
namespace {

Status Invalid(std::string code, std::string message, std::string field) {
  return Status::InvalidArgument(std::move(code), std::move(message),
                                 std::move(field));
}

bool ValidOtherDocument(std::string_view s) {
  if (s.size() < 5 || s.size() > 30) return false;
  for (char c : s) {
    const bool ok =
        (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string_view StaffRoleName(StaffRole r) {
  switch (r) {
    case StaffRole::kExaminer:
      return "examiner";
    case StaffRole::kProctor:
      return "proctor";
    case StaffRole::kSupervisor:
      return "supervisor";
  }
  return "?";
}

std::optional<StaffRole> ParseStaffRole(std::string_view s) {
  for (StaffRole r :
       {StaffRole::kExaminer, StaffRole::kProctor, StaffRole::kSupervisor}) {
    if (s == StaffRoleName(r)) return r;
  }
  return std::nullopt;
}

Role AccountRoleOf(StaffRole r) {
  switch (r) {
    case StaffRole::kExaminer:
      return Role::kExaminer;
    case StaffRole::kProctor:
      return Role::kProctor;
    case StaffRole::kSupervisor:
      return Role::kSupervisor;
  }
  return Role::kPublic;
}

Status ValidateStaffDraft(StaffDraft& d, Date today) {
  if (Status st = ValidateStaffIdentity(d, today); !st.ok()) return st;
  return ValidateStaffDetails(d, today);
}

Status ValidateStaffIdentity(StaffDraft& d, Date today) {
  d.name = std::string(TrimSpace(d.name));
  d.id_number = AsciiUpper(TrimSpace(d.id_number));
  const std::size_t name_len = Utf8Length(d.name);
  if (name_len < 2 || name_len > 30) {
    return Invalid("staff.name_invalid", "姓名应为 2 至 30 个字符", "name");
  }
  if (d.id_type == IdType::kResidentId) {
    Status st = ValidateResidentId(d.id_number, today);
    if (!st.ok()) {
      return Invalid("staff.id_invalid", st.message(), "id_number");
    }
  } else {
    if (!ValidOtherDocument(d.id_number)) {
      return Invalid("staff.id_invalid",
                     "证件号码应为 5 至 30 位字母、数字或连字符", "id_number");
    }
    if (!d.birth_date) {
      return Invalid("staff.birth_date_required",
                     "使用其他证件时须填写出生日期", "birth_date");
    }
    if (*d.birth_date > today || d.birth_date->year() < 1900) {
      return Invalid("staff.birth_date_invalid",
                     "出生日期应在 1900-01-01 至今天之间", "birth_date");
    }
  }
  return Status::Ok();
}

Status ValidateStaffDetails(StaffDraft& d, Date today) {
  d.name = std::string(TrimSpace(d.name));
  d.employer = std::string(TrimSpace(d.employer));
  d.note = std::string(TrimSpace(d.note));
  d.phone = std::string(TrimSpace(d.phone));
  const std::size_t name_len = Utf8Length(d.name);
  if (name_len < 2 || name_len > 30) {
    return Invalid("staff.name_invalid", "姓名应为 2 至 30 个字符", "name");
  }
  if (!ValidatePhone(d.phone).ok()) {
    return Invalid("staff.phone_invalid", "手机号应为 11 位数字，以 13–19 开头",
                   "phone");
  }
  const std::size_t employer_len = Utf8Length(d.employer);
  if (employer_len < 2 || employer_len > 60) {
    return Invalid("staff.employer_invalid", "工作单位应为 2 至 60 个字符",
                   "employer");
  }
  if (d.external && d.role != StaffRole::kSupervisor) {
    return Invalid("staff.external_not_applicable",
                   "只有督导员区分外部督导与内部督导", "external");
  }
  if (d.role == StaffRole::kExaminer && d.qualifications.empty()) {
    return Invalid("staff.qualification_required",
                   "考评员至少须具备一个考核项目的考评资格", "qualifications");
  }
  if (d.role != StaffRole::kExaminer && !d.qualifications.empty()) {
    return Invalid("staff.qualification_not_applicable",
                   "只有考评员登记考核项目资格", "qualifications");
  }
  std::set<std::string> seen;
  for (StaffQualification& q : d.qualifications) {
    q.project_code = AsciiUpper(TrimSpace(q.project_code));
    q.certificate = std::string(TrimSpace(q.certificate));
    if (!seen.insert(q.project_code).second) {
      return Invalid("staff.qualification_duplicate",
                     "考核项目 " + q.project_code + " 重复登记",
                     "qualifications");
    }
    if (q.valid_until && *q.valid_until < today) {
      return Invalid("staff.qualification_expired",
                     "考核项目 " + q.project_code + " 的资格有效期已过（" +
                         q.valid_until->ToString() + "）",
                     "qualifications");
    }
    if (Utf8Length(q.certificate) > 100) {
      return Invalid("staff.certificate_too_long",
                     "资格证书说明不能超过 100 个字符", "qualifications");
    }
  }
  if (Utf8Length(d.note) > 500) {
    return Invalid("staff.note_too_long", "备注不能超过 500 个字符", "note");
  }
  return Status::Ok();
}

std::optional<Date> BirthDateOf(const StaffDraft& d) {
  if (d.id_type == IdType::kOther) return d.birth_date;
  auto birth = ResidentIdBirthDate(d.id_number);
  if (!birth.ok()) return std::nullopt;
  return *birth;
}

Status CheckQualificationProjects(
    const std::vector<StaffQualification>& qualifications,
    const std::map<std::string, bool>& project_active) {
  for (const StaffQualification& q : qualifications) {
    auto it = project_active.find(q.project_code);
    if (it == project_active.end()) {
      return Invalid("staff.project_unknown",
                     "考核项目 " + q.project_code + " 不在目录中",
                     "qualifications");
    }
    if (!it->second) {
      return Invalid("staff.project_retired",
                     "考核项目 " + q.project_code + " 已停用，不能登记资格",
                     "qualifications");
    }
  }
  return Status::Ok();
}

Status CheckCanManagePool(const Caller& caller,
                          const std::optional<std::string>& pool) {
  bool ok = false;
  if (caller.role == Role::kCity) ok = !pool.has_value();
  if (caller.role == Role::kDistrict) {
    ok = pool.has_value() && caller.district_code == pool;
  }
  if (ok) return Status::Ok();
  return Status::NotFound("staff.not_found", "考评人员不存在");
}

bool CanReadPool(const Caller& caller, const std::optional<std::string>& pool) {
  switch (caller.role) {
    case Role::kProvince:
    case Role::kCity:
      return true;
    case Role::kDistrict:
      return !pool.has_value() || caller.district_code == pool;
    default:
      return false;
  }
}

bool PoolServesDistrict(const std::optional<std::string>& pool,
                        std::string_view institution_district) {
  return !pool.has_value() || *pool == institution_district;
}

bool IsEligible(const StaffEligibilityFacts& s, std::string_view project_code,
                int64_t institution_id, Date exam_date) {
  if (!s.active) return false;
  if (s.role != StaffRole::kExaminer) return true;
  if (s.employer_institution_id == institution_id) return false;  // 回避
  for (const StaffQualification& q : s.qualifications) {
    if (q.project_code == project_code &&
        (!q.valid_until || *q.valid_until >= exam_date)) {
      return true;
    }
  }
  return false;
}

Status CheckCanSetActive(bool currently_active, bool active) {
  if (currently_active == active) {
    return Status::FailedPrecondition(
        "staff.state_unchanged",
        active ? "该人员已处于在库状态" : "该人员已处于停用状态");
  }
  return Status::Ok();
}

}  // namespace zxkh::domain
