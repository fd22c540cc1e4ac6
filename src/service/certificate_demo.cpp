// Demo certificates (issue 7), so "我的证书", the verification page, the
// paper-certificate roster and batch issuance show something:
//
// - two past batches of Z370211P001 (2026 ZX01001) whose results the city
//   approved, written directly (their exam days lie before the demo's
//   clock): 2026年9月批次, whose certificates are issued here through
//   CertificateService::IssueForBatchIn exactly as the city's button does
//   (宋佳怡 passes; 马志强 failed and gets none), and 2026年10月批次 (two
//   passing, one at 59.9, one absent) left for the city to issue;
// - the demo candidates' own certificates (刘小红 and 李春梅 of
//   Z370211P001, 王大伟 of Z370212Q001; 李春梅's revoked with a reason)
//   keep hand-set issuance bases: a passed ZX01001 registration would stop
//   刘小红 registering for ZX01001 again, which the demo and the tests do.
#include <span>
#include <string>

#include "common/calendar.hpp"
#include "common/codes.hpp"
#include "common/validators.hpp"
#include "domain/exam_results.hpp"
#include "domain/scoring.hpp"
#include "service/certificate_service.hpp"
#include "service/demo_data.hpp"
#include "store/calendar_repository.hpp"
#include "store/registration_repository.hpp"

namespace zxkh::service {
namespace {

using store::Connection;
using store::Row;
using store::Value;
constexpr int64_t kDay = 24LL * 3600 * 1000;

struct DemoCertificate {
  const char* username;  // the holder's candidate account
  const char* id17;      // first 17 digits of the holder's ID number
  const char* institution_code;
  const char* project_code;
  int score_tenths;
};

constexpr DemoCertificate kDemoCertificates[] = {
    {"13800000001", "37021119980315002", "Z370211P001", "ZX01001", 856},
    {"13800000002", "37028319850722003", "Z370212Q001", "ZX01004", 723},
    {"13800000003", "37020219700101004", "Z370211P001", "ZX01001", 641},
};

// A candidate of a past demo batch: an existing candidate account
// (`username`) or a new person (`name`, `id17`, `phone`).
struct PastCandidate {
  const char* username;
  const char* name;
  const char* id17;
  const char* phone;
  int score_tenths;  // 0: absent
};

constexpr PastCandidate kSeptember[] = {
    {nullptr, "宋佳怡", "37021119960611010", "13700000020", 856},
    {nullptr, "马志强", "37021119920518011", "13700000021", 525},
};
constexpr PastCandidate kOctober[] = {
    {nullptr, "何晓峰", "37021119910207012", "13700000022", 785},
    {nullptr, "林雪", "37021119970823013", "13700000023", 660},
    {nullptr, "高明", "37021119840314014", "13700000024", 599},
    {nullptr, "曹丽", "37021120000930015", "13700000025", 0},
};

// A batch of Z370211P001's 2026 ZX01001 item held on `date` (before the
// demo's clock), its candidates scored and locked, its results approved by
// the city `days_ago` days ago. nullopt when the plans' demo has no such
// item.
Result<std::optional<int64_t>> SeedApprovedPastBatch(
    Connection& c, const Clock& clock, const PiiCipher& pii,
    const std::string& title, Date date, int64_t days_ago,
    std::span<const PastCandidate> candidates) {
  const int64_t now = clock.NowUnixMillis();
  const int64_t at = now - days_ago * kDay;
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<Row> items,
      c.Rows("SELECT it.id FROM annual_plan_items it JOIN annual_plans p ON "
             "p.id = it.plan_id JOIN institutions i ON i.id = "
             "p.institution_id WHERE i.code = 'Z370211P001' AND p.year = "
             "2026 AND it.project_code = 'ZX01001' ORDER BY it.id",
             {}));
  if (items.empty()) return std::optional<int64_t>();
  store::RegistrationRepository repo(c);
  ZXKH_ASSIGN_OR_RETURN(store::RegistrableItemRow item,
                        repo.GetItem(items[0].Int(0)));
  ZXKH_ASSIGN_OR_RETURN(
      Row batch,
      c.One("INSERT INTO batch_plans (institution_id, project_code, title, "
            "state, venue_kind, venue_address, process, room_preparation, "
            "rules_text, expected_count, first_date, last_date, submitted_at, "
            "district_decided_at, approved_at, created_at, updated_at) VALUES "
            "(?, ?, ?, 'approved', 'fixed_site', '黄岛区长江中路216号实训楼', "
            "'签到、实操、评分', '操作台 30 套', '凭证入场', ?, ?, ?, ?, ?, ?, "
            "?, ?) RETURNING id",
            {item.institution_id, item.project_code, title,
             static_cast<int64_t>(candidates.size()), date.ToString(),
             date.ToString(), at - 40 * kDay, at - 38 * kDay, at - 35 * kDay,
             at - 45 * kDay, at - 35 * kDay}));
  const int64_t batch_id = batch.Int(0);
  ZXKH_ASSIGN_OR_RETURN(
      Row session,
      c.One("INSERT INTO batch_sessions (batch_id, position, exam_date, "
            "start_time, end_time, start_ms, end_ms, room, capacity) VALUES "
            "(?, 1, ?, '09:00', '11:30', ?, ?, '实训楼301', 30) RETURNING id",
            {batch_id, date.ToString(), Clock::UnixMillisAt(date, 9),
             Clock::UnixMillisAt(date, 11) + 30 * 60000}));
  const int64_t session_id = session.Int(0);
  int seat = 0;
  for (const PastCandidate& p : candidates) {
    int64_t person = 0;
    if (p.username) {
      ZXKH_ASSIGN_OR_RETURN(
          Row u, c.One("SELECT person_id FROM users WHERE username = ?",
                       {std::string(p.username)}));
      person = u.Int(0);
    } else {
      const std::string id = std::string(p.id17) + ResidentIdCheckChar(p.id17);
      ZXKH_ASSIGN_OR_RETURN(Date birth, ResidentIdBirthDate(id));
      ZXKH_ASSIGN_OR_RETURN(
          person,
          repo.InsertPerson(p.name, "resident_id", pii.LookupHash(id),
                            pii.Encrypt(id), MaskIdNumber(id), birth.ToString(),
                            p.phone, "", at - 60 * kDay));
    }
    const bool present = p.score_tenths > 0;
    const bool passed = present && domain::Passes(p.score_tenths);
    store::RegistrationRow g;
    g.plan_item_id = item.id;
    g.person_id = person;
    g.project_code = item.project_code;
    g.institution_id = item.institution_id;
    g.district_code = item.district_code;
    g.state = !present ? domain::RegistrationState::kAbsent
              : passed ? domain::RegistrationState::kPassed
                       : domain::RegistrationState::kFailed;
    g.source = domain::RegistrationSource::kInstitution;
    g.phone = p.phone;
    g.created_at = at - 60 * kDay;
    g.updated_at = at;
    ZXKH_ASSIGN_OR_RETURN(int64_t reg, repo.Insert(g));
    ZXKH_RETURN_IF_ERROR(
        c.Exec("INSERT INTO batch_session_candidates (session_id, "
               "registration_id, seat, attendance, signed_in_at) VALUES (?, "
               "?, ?, ?, ?)",
               {session_id, reg, std::to_string(++seat),
                std::string(present ? "present" : "absent"),
                present ? Value(Clock::UnixMillisAt(date, 9)) : Value()})
            .status());
    if (!present) continue;
    ZXKH_RETURN_IF_ERROR(
        c.Exec("INSERT INTO final_scores (registration_id, session_id, "
               "batch_id, final_tenths, passed, computed_at) VALUES (?, ?, ?, "
               "?, ?, ?)",
               {reg, session_id, batch_id, int64_t{p.score_tenths},
                int64_t{passed ? 1 : 0}, Clock::UnixMillisAt(date, 12)})
            .status());
  }
  ZXKH_RETURN_IF_ERROR(
      c.Exec("INSERT INTO score_sheets (session_id, batch_id, locked_at) "
             "VALUES (?, ?, ?)",
             {session_id, batch_id, Clock::UnixMillisAt(date, 12)})
          .status());
  // Publicity of 5 working days (R-EXA-11) from 20 days before approval.
  ZXKH_ASSIGN_OR_RETURN(WorkdayCalendar calendar,
                        store::CalendarRepository(c).Load());
  const Date start = Clock::DateOf(at - 20 * kDay);
  auto publicity_end = domain::ResultsPublicityEnd(calendar, start);
  const Date end =
      publicity_end.ok() ? *publicity_end : Clock::DateOf(at - 12 * kDay);
  ZXKH_RETURN_IF_ERROR(
      c.Exec("INSERT INTO batch_results (batch_id, state, publicity_start, "
             "publicity_end, opened_at, closed_at, submitted_at, "
             "district_decided_at, approved_at, updated_at) VALUES (?, "
             "'approved', ?, ?, ?, ?, ?, ?, ?, ?)",
             {batch_id, start.ToString(), end.ToString(), at - 20 * kDay,
              at - 11 * kDay, at - 10 * kDay, at - 5 * kDay, at, at})
          .status());
  return std::optional<int64_t>(batch_id);
}

}  // namespace

Status SeedDemoCertificates(Connection& c, const Clock& clock,
                            const SigningKey& key, const PiiCipher& pii) {
  domain::Caller city;
  city.role = domain::Role::kCity;
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<store::Row> city_rows,
      c.Rows("SELECT id FROM users WHERE username = 'city'", {}));
  if (city_rows.empty()) return Status::Ok();  // no demo accounts
  city.user_id = city_rows.front().Int(0);
  const int64_t now = clock.NowUnixMillis();

  ZXKH_ASSIGN_OR_RETURN(
      std::optional<int64_t> september,
      SeedApprovedPastBatch(c, clock, pii, "2026年9月批次（胶东花饽饽制作）",
                            *Date::FromYmd(2026, 9, 19), 30, kSeptember));
  ZXKH_RETURN_IF_ERROR(
      SeedApprovedPastBatch(c, clock, pii, "2026年10月批次（胶东花饽饽制作）",
                            *Date::FromYmd(2026, 10, 24), 2, kOctober)
          .status());
  if (september) {
    ZXKH_RETURN_IF_ERROR(
        CertificateService::IssueForBatchIn(c, key, pii, city, now, *september)
            .status());
  }

  std::string revoke_number;
  for (const DemoCertificate& d : kDemoCertificates) {
    ZXKH_ASSIGN_OR_RETURN(
        std::vector<store::Row> holder,
        c.Rows("SELECT u.person_id, p.name FROM users u JOIN persons p ON "
               "p.id = u.person_id WHERE u.username = ?",
               {std::string(d.username)}));
    ZXKH_ASSIGN_OR_RETURN(
        std::vector<store::Row> inst,
        c.Rows("SELECT id, name FROM institutions WHERE code = ?",
               {std::string(d.institution_code)}));
    ZXKH_ASSIGN_OR_RETURN(
        std::vector<store::Row> project,
        c.Rows("SELECT name FROM catalog_projects WHERE code = ?",
               {std::string(d.project_code)}));
    if (holder.empty() || inst.empty() || project.empty()) continue;
    IssueInput in;
    in.institution_id = inst.front().Int(0);
    in.institution_code = d.institution_code;
    in.institution_name = inst.front().Text(1);
    in.person_id = holder.front().Int(0);
    in.holder_name = holder.front().Text(1);
    in.id_number = std::string(d.id17) + ResidentIdCheckChar(d.id17);
    in.project_code = d.project_code;
    in.project_name = project.front().Text(0);
    // Set by hand as a city-approved passing result would set them (these
    // holders have no past batch in the demo, see the top).
    in.basis.results_city_approved = true;
    in.basis.sat = true;
    in.basis.score_tenths = d.score_tenths;
    ZXKH_ASSIGN_OR_RETURN(store::CertificateRow row,
                          CertificateService::IssueIn(c, key, city, now, in));
    revoke_number = row.record.number;
  }
  if (revoke_number.empty()) return Status::Ok();
  // The last one is revoked, to show the revoked answer.
  store::CertificateRepository repo(c);
  ZXKH_ASSIGN_OR_RETURN(store::CertificateRow last,
                        repo.FindByNumber(revoke_number));
  const std::string reason = "考核过程违规，经查实依法撤销（演示）";
  ZXKH_RETURN_IF_ERROR(repo.Revoke(last.id, now, city.user_id, reason));
  return AuditService::Record(c, city, now, "certificate.revoke", "certificate",
                              revoke_number, "valid → revoked", std::nullopt,
                              last.institution_id);
}

}  // namespace zxkh::service
