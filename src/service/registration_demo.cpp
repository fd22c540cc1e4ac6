// Demo registrations (R-EXA-6) for `zxkh serve --demo`, against the
// published 2027 plan items of SeedDemoPlans: two candidates registered
// themselves (with consent), Z370211P001 entered three people (one of them
// cancelled since), and one person who failed the 2026 assessment of 中式面点
// has registered again for 2027.
#include <string>

#include "common/codes.hpp"
#include "common/crypto.hpp"
#include "common/validators.hpp"
#include "service/demo_data.hpp"
#include "store/registration_repository.hpp"

namespace zxkh::service {
namespace {

using domain::RegistrationSource;
using domain::RegistrationState;
using store::Connection;
using store::RegistrationRepository;
using store::RegistrationRow;
constexpr int64_t kDay = 24LL * 3600 * 1000;

std::string ResidentId(std::string_view first17) {
  return std::string(first17) + ResidentIdCheckChar(first17);
}

Result<std::optional<int64_t>> ItemId(Connection& c, std::string_view inst,
                                      int year, std::string_view project) {
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<store::Row> rows,
      c.Rows("SELECT it.id FROM annual_plan_items it JOIN annual_plans p ON "
             "p.id = it.plan_id JOIN institutions i ON i.id = "
             "p.institution_id WHERE i.code = ? AND p.year = ? AND "
             "it.project_code = ? ORDER BY it.id",
             {std::string(inst), int64_t{year}, std::string(project)}));
  if (rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows.front().Int(0));
}

}  // namespace

Status SeedDemoRegistrations(Connection& c, const Clock& clock,
                             const PiiCipher& pii) {
  const int64_t now = clock.NowUnixMillis();
  RegistrationRepository repo(c);
  auto add = [&](int64_t item_id, int64_t person_id, RegistrationSource source,
                 std::optional<int64_t> by, int64_t at,
                 const std::string& phone,
                 const std::string& employer) -> Result<int64_t> {
    ZXKH_ASSIGN_OR_RETURN(store::RegistrableItemRow item,
                          repo.GetItem(item_id));
    RegistrationRow g;
    g.plan_item_id = item.id;
    g.person_id = person_id;
    g.project_code = item.project_code;
    g.institution_id = item.institution_id;
    g.district_code = item.district_code;
    g.source = source;
    g.phone = phone;
    g.employer = employer;
    if (source == RegistrationSource::kSelf) {
      g.consent_version = std::string(domain::kConsentVersion);
      g.consent_sha256 = Sha256Hex(domain::ConsentText());
      g.consented_at = at;
    }
    g.created_by = by;
    g.created_at = g.updated_at = at;
    return repo.Insert(g);
  };
  auto person = [&](const std::string& name, std::string_view first17,
                    const std::string& phone,
                    const std::string& employer) -> Result<int64_t> {
    const std::string id = ResidentId(first17);
    ZXKH_ASSIGN_OR_RETURN(Date birth, ResidentIdBirthDate(id));
    return repo.InsertPerson(
        name, "resident_id", pii.LookupHash(id), pii.Encrypt(id),
        MaskIdNumber(id), birth.ToString(), phone, employer, now - 20 * kDay);
  };
  auto user = [&](const char* username) -> Result<store::Row> {
    return c.One("SELECT id, person_id FROM users WHERE username = ?",
                 {std::string(username)});
  };

  ZXKH_ASSIGN_OR_RETURN(auto mianshi,
                        ItemId(c, "Z370211P001", 2027, "ZX01001"));
  ZXKH_ASSIGN_OR_RETURN(auto zhibo, ItemId(c, "Z370211P001", 2027, "ZX04001"));
  ZXKH_ASSIGN_OR_RETURN(auto chayi, ItemId(c, "Z370212Q001", 2027, "ZX01004"));
  if (!mianshi || !zhibo || !chayi) return Status::Ok();  // no plans seeded

  // Self-registrations of the demo candidates (their accounts carry the
  // person).
  ZXKH_ASSIGN_OR_RETURN(store::Row liu, user("13800000001"));
  ZXKH_RETURN_IF_ERROR(add(*mianshi, liu.Int(1), RegistrationSource::kSelf,
                           liu.Int(0), now - 6 * kDay, "13800000001", "")
                           .status());
  ZXKH_ASSIGN_OR_RETURN(store::Row wang, user("13800000002"));
  ZXKH_RETURN_IF_ERROR(add(*chayi, wang.Int(1), RegistrationSource::kSelf,
                           wang.Int(0), now - 5 * kDay, "13800000002",
                           "青岛崂山茶业有限公司")
                           .status());

  // Entered by the institution's operator.
  ZXKH_ASSIGN_OR_RETURN(store::Row op, user("inst-Z370211P001-op"));
  struct Entered {
    const char* name;
    const char* id17;
    const char* phone;
    const char* employer;
    bool cancelled;
  };
  const Entered entered[] = {
      {"张伟", "37021119900612001", "13905321001", "青岛西海岸电商产业园",
       false},
      {"陈静", "37021120010203002", "13905321002", "", true},
      {"孙丽", "37028419951128003", "13905321003", "黄岛区融媒体中心", false},
  };
  for (const Entered& e : entered) {
    ZXKH_ASSIGN_OR_RETURN(int64_t pid,
                          person(e.name, e.id17, e.phone, e.employer));
    ZXKH_ASSIGN_OR_RETURN(int64_t id,
                          add(*zhibo, pid, RegistrationSource::kInstitution,
                              op.Int(0), now - 4 * kDay, e.phone, e.employer));
    if (e.cancelled) {
      ZXKH_RETURN_IF_ERROR(repo.UpdateState(id, RegistrationState::kCancelled,
                                            op.Int(0), now - 2 * kDay));
    }
  }

  // 赵强 failed 中式面点 in 2026 (a past plan of Z370211P001, added here
  // only when the plans' demo has none for 2026) and registered again.
  ZXKH_ASSIGN_OR_RETURN(int64_t zhao,
                        person("赵强", "37021119880909005", "13905321005",
                               "青岛港湾餐饮管理有限公司"));
  ZXKH_ASSIGN_OR_RETURN(auto past, ItemId(c, "Z370211P001", 2026, "ZX01001"));
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<store::Row> plan2026,
      c.Rows("SELECT p.id FROM annual_plans p JOIN institutions i ON i.id = "
             "p.institution_id WHERE i.code = 'Z370211P001' AND p.year = 2026",
             {}));
  if (!past && plan2026.empty()) {
    ZXKH_ASSIGN_OR_RETURN(
        store::Row plan,
        c.One("INSERT INTO annual_plans (institution_id, year, state, "
              "created_at, updated_at) SELECT id, 2026, 'published', ?, ? FROM "
              "institutions WHERE code = 'Z370211P001' RETURNING id",
              {now - 300 * kDay, now - 300 * kDay}));
    ZXKH_ASSIGN_OR_RETURN(
        store::Row item,
        c.One("INSERT INTO annual_plan_items (plan_id, project_code, months, "
              "exam_date, expected_count, venue, requirements, contact_name, "
              "contact_phone) VALUES (?, 'ZX01001', '9', '2026-09-19', 80, "
              "'黄岛区长江中路216号实训楼三层', '年满16周岁', '王老师', "
              "'0532-86981234') RETURNING id",
              {plan.Int(0)}));
    past = item.Int(0);
  }
  if (past) {
    ZXKH_ASSIGN_OR_RETURN(
        int64_t failed,
        add(*past, zhao, RegistrationSource::kInstitution, op.Int(0),
            now - 100 * kDay, "13905321005", "青岛港湾餐饮管理有限公司"));
    ZXKH_RETURN_IF_ERROR(repo.UpdateState(failed, RegistrationState::kSat,
                                          op.Int(0), now - 70 * kDay));
    ZXKH_RETURN_IF_ERROR(repo.UpdateState(failed, RegistrationState::kFailed,
                                          op.Int(0), now - 60 * kDay));
  }
  return add(*mianshi, zhao, RegistrationSource::kInstitution, op.Int(0),
             now - 3 * kDay, "13905321005", "青岛港湾餐饮管理有限公司")
      .status();
}

}  // namespace zxkh::service
