#include "service/demo_data.hpp"

#include "common/codes.hpp"
#include "common/password.hpp"
#include "common/validators.hpp"
#include "domain/account.hpp"
#include "domain/region.hpp"
#include "store/account_repository.hpp"
#include "store/person_repository.hpp"

namespace zxkh::service {
namespace {

using domain::Role;

struct DemoInstitution {
  const char* code;  // already approved: they carry their institution code
  const char* name;
  const char* credit17;  // first 17 characters; the check character is computed
  const char* type;
  const char* district;
  const char* legal_representative;
  const char* contact_name;
  const char* contact_phone;
  const char* address;
};

// Four approved institutions, one of each type, in four districts.
constexpr DemoInstitution kInstitutions[] = {
    {"Z370211P001", "青岛西海岸新区职业技能培训学校", "52370211MJD12345",
     "training", "370211", "王建国", "李娜", "13953200001",
     "青岛市黄岛区长江中路 216 号"},
    {"Z370212Q001", "青岛崂山茶业有限公司", "91370212MA3C5PJE", "enterprise",
     "370212", "孙海涛", "赵敏", "13953200002",
     "青岛市崂山区王哥庄街道茶园路 8 号"},
    {"Z370213Y001", "青岛酒店管理职业技术学院", "12370200MB1234567", "college",
     "370213", "刘志强", "周婷", "13953200003", "青岛市李沧区九水东路 599 号"},
    {"Z370202T001", "青岛市胶东面塑技艺协会", "51370202MJD67890", "social_org",
     "370202", "陈秀兰", "吴磊", "13953200004", "青岛市市南区香港中路 30 号"},
};

struct DemoStaff {
  const char* username;
  const char* name;
  Role role;
  const char* district;  // "" = the city's pool
  const char* employer;
};

constexpr DemoStaff kStaff[] = {
    {"examiner-01", "张立华", Role::kExaminer, "",
     "青岛市职业技能鉴定指导中心"},
    {"examiner-02", "高明", Role::kExaminer, "", "青岛市餐饮行业协会"},
    {"examiner-03", "许丽", Role::kExaminer, "", "青岛大学"},
    {"examiner-04", "马俊", Role::kExaminer, "370211", "黄岛区职业教育中心"},
    {"examiner-05", "杨帆", Role::kExaminer, "370211", "青岛港湾职业技术学院"},
    {"examiner-06", "郑洁", Role::kExaminer, "370211", "黄岛区总工会"},
    {"proctor-01", "何静", Role::kProctor, "", "青岛市人力资源和社会保障局"},
    {"proctor-02", "罗斌", Role::kProctor, "", "青岛市人力资源和社会保障局"},
    {"proctor-03", "梁爽", Role::kProctor, "370211",
     "黄岛区人力资源和社会保障局"},
    {"proctor-04", "宋涛", Role::kProctor, "370211",
     "黄岛区人力资源和社会保障局"},
    {"supervisor-01", "韩雪", Role::kSupervisor, "",
     "青岛市人社局（外部督导）"},
    {"supervisor-02", "唐伟", Role::kSupervisor, "370211",
     "黄岛区人社局（内部督导）"},
};

struct DemoCandidate {
  const char* phone;  // the user name, as in self-registration
  const char* name;
  const char* id17;  // first 17 digits; the check digit is computed
};

constexpr DemoCandidate kCandidates[] = {
    {"13800000001", "刘小红", "37021119980315002"},
    {"13800000002", "王大伟", "37028319850722003"},
    {"13800000003", "李春梅", "37020219700101004"},
};

std::string WithCreditCheck(std::string_view first17) {
  std::string s(first17);
  // Pad illustrative registration numbers to 17 characters.
  while (s.size() < 17) s += '0';
  s.resize(17);
  return s + CreditCodeCheckChar(s);
}

}  // namespace

std::vector<DemoAccount> DemoAccounts() {
  std::vector<DemoAccount> out = {
      {"province", "省人社厅",
       "山东省人力资源和社会保障厅（只读，发布机构目录）"},
      {"city", "市人社局", "青岛市人力资源和社会保障局"},
  };
  for (const auto& r : domain::QingdaoRegions()) {
    if (r.level == domain::RegionLevel::kDistrict) {
      out.push_back({"district-" + r.code, "区(市)人社局",
                     r.name + "人力资源和社会保障局"});
    }
  }
  for (const auto& i : kInstitutions) {
    out.push_back({std::string("inst-") + i.code, "考核机构管理员", i.name});
  }
  out.push_back({"inst-Z370211P001-op", "考核机构经办人",
                 "青岛西海岸新区职业技能培训学校 经办人"});
  // Applicants of the recruitment demo (service/recruitment_demo.cpp).
  out.push_back({"inst-applicant-370214", "考核机构管理员",
                 "青岛城阳巧手职业技能培训学校（申报草稿）"});
  out.push_back({"inst-applicant-370215", "考核机构管理员",
                 "青岛市即墨区鲁绣技艺传承协会（已报市局，评估中）"});
  out.push_back({"inst-applicant-370281", "考核机构管理员",
                 "胶州市现代农业职业技能培训学校（公示中，有异议）"});
  out.push_back({"inst-applicant-370283", "考核机构管理员",
                 "平度市百花手工艺职业培训学校（公示期满，待市局确定）"});
  for (const auto& s : kStaff) {
    out.push_back({s.username, std::string(domain::RoleTitle(s.role)),
                   std::string(s.name) + "，" + s.employer});
  }
  for (const auto& c : kCandidates) {
    out.push_back({c.phone, "考生", c.name});
  }
  return out;
}

Status SeedDemoIdentities(store::Connection& c, const Clock& clock,
                          const PiiCipher& pii) {
  const int64_t now = clock.NowUnixMillis();
  // One argon2id hash serves every demo account: they share the password.
  ZXKH_ASSIGN_OR_RETURN(std::string hash, HashPassword(kDemoPassword));
  store::AccountRepository accounts(c);
  auto add = [&](std::string username, std::string display, Role role,
                 std::optional<std::string> district,
                 std::optional<int64_t> institution,
                 std::optional<int64_t> person = std::nullopt,
                 std::optional<std::string> phone = std::nullopt) -> Status {
    domain::Account a;
    a.username = std::move(username);
    a.display_name = std::move(display);
    a.password_hash = hash;
    a.role = role;
    a.district_code = std::move(district);
    a.institution_id = institution;
    a.person_id = person;
    a.phone = std::move(phone);
    a.created_at = a.updated_at = now;
    return accounts.Insert(a).status();
  };

  ZXKH_RETURN_IF_ERROR(
      add("province", "山东省人社厅", Role::kProvince, {}, {}));
  ZXKH_RETURN_IF_ERROR(add("city", "青岛市人社局", Role::kCity, {}, {}));
  for (const auto& r : domain::QingdaoRegions()) {
    if (r.level != domain::RegionLevel::kDistrict) continue;
    ZXKH_RETURN_IF_ERROR(add("district-" + r.code, r.name + "人社局",
                             Role::kDistrict, r.code, {}));
  }
  for (const auto& i : kInstitutions) {
    ZXKH_ASSIGN_OR_RETURN(
        store::Row row,
        c.One("INSERT INTO institutions (code, name, credit_code, type, "
              "district_code, "
              "status, legal_representative, contact_name, contact_phone, "
              "address, "
              "created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'active', ?, ?, "
              "?, ?, ?, ?) "
              "RETURNING id",
              {std::string(i.code), std::string(i.name),
               WithCreditCheck(i.credit17), std::string(i.type),
               std::string(i.district), std::string(i.legal_representative),
               std::string(i.contact_name), std::string(i.contact_phone),
               std::string(i.address), now, now}));
    const int64_t id = row.Int(0);
    ZXKH_RETURN_IF_ERROR(add(std::string("inst-") + i.code, i.name,
                             Role::kInstitutionAdmin, {}, id));
    if (std::string_view(i.code) == "Z370211P001") {
      ZXKH_RETURN_IF_ERROR(add("inst-Z370211P001-op",
                               std::string(i.name) + " 经办人",
                               Role::kInstitutionOperator, {}, id));
    }
  }
  store::PersonRepository persons(c);
  int serial = 0;
  for (const auto& s : kStaff) {
    // Staff IDs are illustrative: born 1975–1986 in Qingdao districts.
    std::string id17 =
        "3702111975010" + std::to_string(1000 + (++serial) * 7).substr(0, 4);
    id17.resize(17, '0');
    const std::string id = id17 + ResidentIdCheckChar(id17);
    store::PersonRow p{0,
                       s.name,
                       "resident_id",
                       pii.LookupHash(id),
                       pii.Encrypt(id),
                       MaskIdNumber(id),
                       std::nullopt,
                       "",
                       s.employer,
                       now};
    ZXKH_ASSIGN_OR_RETURN(int64_t person_id, persons.Insert(p));
    std::optional<std::string> district;
    if (*s.district) district = s.district;
    ZXKH_RETURN_IF_ERROR(
        add(s.username, s.name, s.role, district, {}, person_id));
  }
  for (const auto& cand : kCandidates) {
    const std::string id =
        std::string(cand.id17) + ResidentIdCheckChar(cand.id17);
    ZXKH_ASSIGN_OR_RETURN(Date birth, ResidentIdBirthDate(id));
    store::PersonRow p{0,
                       cand.name,
                       "resident_id",
                       pii.LookupHash(id),
                       pii.Encrypt(id),
                       MaskIdNumber(id),
                       birth.ToString(),
                       cand.phone,
                       "",
                       now};
    ZXKH_ASSIGN_OR_RETURN(int64_t person_id, persons.Insert(p));
    ZXKH_RETURN_IF_ERROR(add(cand.phone, cand.name, Role::kCandidate, {}, {},
                             person_id, std::string(cand.phone)));
  }
  return Status::Ok();
}

}  // namespace zxkh::service
