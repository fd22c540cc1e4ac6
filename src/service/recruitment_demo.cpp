// Demo records of institution recruitment (zxkh serve --demo): the approved
// scope of the demo institutions and one application in each state that a
// demo user has something to do with.
#include <cstdio>

#include "common/calendar.hpp"
#include "common/validators.hpp"
#include "domain/account.hpp"
#include "service/recruitment_service.hpp"
#include "store/account_repository.hpp"
#include "store/calendar_repository.hpp"

namespace zxkh::service {
namespace {

using domain::ApplicationState;
using domain::MaterialType;
using domain::Role;
using store::Connection;

constexpr int64_t kDay = 24LL * 3600 * 1000;

// A small valid PDF (one page, one line of Latin text) for demo materials;
// generated rather than rendered so that loading the demo stays fast.
std::string DemoPdf(const std::string& text) {
  std::string escaped;
  for (char c : text) {
    if (c == '(' || c == ')' || c == '\\') escaped += '\\';
    escaped += c;
  }
  const std::string stream = "BT /F1 14 Tf 72 760 Td (" + escaped + ") Tj ET";
  const std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << "
      "/Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
      "<< /Length " + std::to_string(stream.size()) + " >>\nstream\n" + stream +
          "\nendstream",
  };
  std::string pdf = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) +
         "\n0000000000 65535 f \n";
  for (std::size_t off : offsets) {
    char line[24];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

std::string CreditCode(std::string first17) {
  first17.resize(17, '0');
  return first17 + CreditCodeCheckChar(first17);
}

class DemoWriter {
 public:
  DemoWriter(Connection& c, const Clock& clock, store::FileStore& files)
      : c_(c),
        files_(files),
        now_(clock.NowUnixMillis()),
        today_(clock.Today()) {}

  Result<int64_t> UserId(const std::string& username) {
    ZXKH_ASSIGN_OR_RETURN(store::Row r,
                          c_.One("SELECT id FROM users WHERE username = ?",
                                 {username}, "seed.missing_user"));
    return r.Int(0);
  }

  Result<int64_t> InstitutionId(const std::string& code) {
    ZXKH_ASSIGN_OR_RETURN(store::Row r,
                          c_.One("SELECT id FROM institutions WHERE code = ?",
                                 {code}, "seed.missing_institution"));
    return r.Int(0);
  }

  // A registered applicant with its administrator account (the demo
  // password, whose hash the demo accounts already share).
  Result<int64_t> Applicant(store::InstitutionRow row,
                            const std::string& username) {
    row.created_at = row.updated_at = now_ - 40 * kDay;
    ZXKH_ASSIGN_OR_RETURN(int64_t id,
                          store::InstitutionRepository(c_).Insert(row));
    ZXKH_ASSIGN_OR_RETURN(
        store::Row hash,
        c_.One("SELECT password_hash FROM users WHERE username = 'city'", {},
               "seed.missing_user"));
    domain::Account a;
    a.username = username;
    a.display_name = row.name;
    a.password_hash = hash.Text(0);
    a.role = Role::kInstitutionAdmin;
    a.institution_id = id;
    a.created_at = a.updated_at = row.created_at;
    ZXKH_RETURN_IF_ERROR(store::AccountRepository(c_).Insert(a).status());
    return id;
  }

  Result<int64_t> Application(int64_t institution_id,
                              const std::vector<std::string>& projects,
                              int64_t created_at, int64_t by) {
    store::RecruitmentRepository repo(c_);
    ZXKH_ASSIGN_OR_RETURN(int64_t id,
                          repo.InsertApplication(institution_id, created_at));
    ZXKH_RETURN_IF_ERROR(repo.SetProjects(id, projects));
    ZXKH_RETURN_IF_ERROR(Event(id, created_at, by, Role::kInstitutionAdmin,
                               "create", "", "draft", ""));
    return id;
  }

  Status Event(int64_t app, int64_t at, int64_t by, Role role,
               std::string action, std::string from, std::string to,
               std::string reason) {
    return store::RecruitmentRepository(c_).InsertEvent(store::EventRow{
        0, app, at, by, std::string(domain::RoleName(role)), std::move(action),
        std::move(from), std::move(to), std::move(reason)});
  }

  // Uploads a generated PDF for each material type (a question bank per
  // project) unless `only` names fewer types.
  Status Materials(int64_t app, const std::vector<std::string>& projects,
                   int64_t at, int64_t by,
                   std::vector<MaterialType> only = {}) {
    if (only.empty()) {
      only.assign(std::begin(domain::kAllMaterialTypes),
                  std::end(domain::kAllMaterialTypes));
    }
    store::RecruitmentRepository repo(c_);
    for (MaterialType t : only) {
      std::vector<std::string> keys = {""};
      if (t == MaterialType::kQuestionBank) keys = projects;
      for (const std::string& p : keys) {
        const std::string type(domain::MaterialTypeName(t));
        ZXKH_ASSIGN_OR_RETURN(
            store::StoredFile f,
            files_.PutBytes(
                DemoPdf("ZXKH demo material: " + type + " " + p +
                        " (application " + std::to_string(app) + ")"),
                "application/pdf"));
        ZXKH_RETURN_IF_ERROR(store::FileStore::Register(c_, f, at));
        store::MaterialRow m;
        m.application_id = app;
        m.material =
            domain::Material{t,
                             p,
                             f.sha256,
                             std::string(domain::MaterialTypeTitle(t)) +
                                 (p.empty() ? "" : "-" + p) + ".pdf",
                             f.media_type,
                             f.size_bytes};
        m.uploaded_at = at;
        m.uploaded_by = by;
        ZXKH_RETURN_IF_ERROR(repo.InsertMaterial(m).status());
      }
    }
    return Status::Ok();
  }

  Status AllFindingsOk(int64_t app, const std::vector<std::string>& projects,
                       int64_t at, int64_t by) {
    store::RecruitmentRepository repo(c_);
    for (MaterialType t : domain::kAllMaterialTypes) {
      std::vector<std::string> keys = {""};
      if (t == MaterialType::kQuestionBank) keys = projects;
      for (const std::string& p : keys) {
        ZXKH_RETURN_IF_ERROR(repo.UpsertFinding(
            app, store::FindingRow{
                     1, {t, p, domain::FindingResult::kOk, ""}, by, at}));
      }
    }
    return Status::Ok();
  }

  Status Form(int64_t app, int64_t by, std::string evaluator,
              const std::vector<int>& points, int64_t at) {
    auto criteria = domain::DefaultCriteria();
    store::EvaluationFormRow f;
    f.application_id = app;
    f.evaluator_id = by;
    f.evaluator_name = std::move(evaluator);
    f.submitted_at = at;
    f.comment = "材料齐全，场地设备符合要求。";
    for (std::size_t i = 0; i < criteria.size(); ++i) {
      f.scores.push_back({criteria[i].key, points[i], true});
      f.total += points[i];
    }
    return store::RecruitmentRepository(c_).UpsertForm(f).status();
  }

  Status SetState(int64_t app, ApplicationState state, int submissions,
                  int64_t at) {
    store::RecruitmentRepository repo(c_);
    ZXKH_ASSIGN_OR_RETURN(store::ApplicationRow a, repo.Get(app));
    const ApplicationState from = a.state;
    a.state = state;
    a.submission_count = submissions;
    a.updated_at = at;
    return repo.Save(a, from);
  }

  Connection& c() { return c_; }
  store::FileStore& files() { return files_; }
  int64_t now() const { return now_; }
  Date today() const { return today_; }

 private:
  Connection& c_;
  store::FileStore& files_;
  int64_t now_;
  Date today_;
};

}  // namespace

Status SeedDemoInstitutionScope(Connection& c, const Clock& clock) {
  const int64_t now = clock.NowUnixMillis();
  struct Scope {
    const char* code;
    std::vector<std::string> projects;
  };
  const Scope scopes[] = {
      {"Z370211P001", {"ZX01001", "ZX04001"}},
      {"Z370212Q001", {"ZX01004"}},
      {"Z370213Y001", {"ZX01005", "ZX01003"}},
      {"Z370202T001", {"ZX03005", "ZX01001"}},
  };
  store::InstitutionRepository repo(c);
  for (const Scope& s : scopes) {
    ZXKH_ASSIGN_OR_RETURN(std::vector<store::Row> rows,
                          c.Rows("SELECT id FROM institutions WHERE code = ?",
                                 {std::string(s.code)}));
    if (rows.empty()) continue;
    const int64_t id = rows.front().Int(0);
    // Approved before the platform: no application behind the scope.
    ZXKH_RETURN_IF_ERROR(
        repo.AddScope(id, s.projects, std::nullopt, now - 400 * kDay));
    ZXKH_RETURN_IF_ERROR(repo.MarkListed(id, now));
  }
  // The code counters continue after the codes the demo institutions hold.
  return repo.SyncCodeCounters();
}

Status SeedDemoRecruitment(Connection& c, const Clock& clock,
                           store::FileStore& files) {
  DemoWriter w(c, clock, files);
  const int64_t now = w.now();
  ZXKH_ASSIGN_OR_RETURN(int64_t city, w.UserId("city"));

  // 1. A new 城阳区 applicant saving a draft: two of six materials so far.
  {
    store::InstitutionRow i;
    i.name = "青岛城阳巧手职业技能培训学校";
    i.credit_code = CreditCode("52370214MJE2026A");
    i.type = domain::InstitutionType::kTraining;
    i.district_code = "370214";
    i.legal_representative = "邵红梅";
    i.contact_name = "邵红梅";
    i.contact_phone = "0532-87861234";
    i.address = "青岛市城阳区正阳路 168 号";
    ZXKH_ASSIGN_OR_RETURN(int64_t inst,
                          w.Applicant(i, "inst-applicant-370214"));
    ZXKH_ASSIGN_OR_RETURN(int64_t user, w.UserId("inst-applicant-370214"));
    const std::vector<std::string> projects = {"ZX04003"};
    ZXKH_ASSIGN_OR_RETURN(int64_t app,
                          w.Application(inst, projects, now - 3 * kDay, user));
    ZXKH_RETURN_IF_ERROR(
        w.Materials(app, projects, now - 2 * kDay, user,
                    {MaterialType::kApplicationForm, MaterialType::kWorkPlan}));
  }

  // 2. 黄岛区: the approved training school applies for one more project and
  //    waits for the district's preliminary check.
  {
    ZXKH_ASSIGN_OR_RETURN(int64_t inst, w.InstitutionId("Z370211P001"));
    ZXKH_ASSIGN_OR_RETURN(int64_t user, w.UserId("inst-Z370211P001"));
    const std::vector<std::string> projects = {"ZX01005"};
    ZXKH_ASSIGN_OR_RETURN(int64_t app,
                          w.Application(inst, projects, now - 6 * kDay, user));
    ZXKH_RETURN_IF_ERROR(w.Materials(app, projects, now - 5 * kDay, user));
    ZXKH_RETURN_IF_ERROR(
        w.SetState(app, ApplicationState::kSubmitted, 1, now - kDay));
    ZXKH_RETURN_IF_ERROR(w.Event(app, now - kDay, user, Role::kInstitutionAdmin,
                                 "submit", "draft", "submitted", ""));
    ZXKH_RETURN_IF_ERROR(store::NotificationRepository(c).ToDistrict(
        "370211",
        store::Message{"新的考核机构申请待初审",
                       "青岛西海岸新区职业技能培训学校提交了考核机构申请（第 1 "
                       "次提交），请进行初审。",
                       "/recruitment/applications/" + std::to_string(app)},
        now - kDay));
  }

  // 3. 即墨区: forwarded to the city, one expert's form recorded so far.
  {
    store::InstitutionRow i;
    i.name = "青岛市即墨区鲁绣技艺传承协会";
    i.credit_code = CreditCode("51370215MJF3018B");
    i.type = domain::InstitutionType::kSocialOrg;
    i.district_code = "370215";
    i.legal_representative = "孔繁英";
    i.contact_name = "刘晓燕";
    i.contact_phone = "0532-88551234";
    i.address = "青岛市即墨区鹤山路 299 号";
    ZXKH_ASSIGN_OR_RETURN(int64_t inst,
                          w.Applicant(i, "inst-applicant-370215"));
    ZXKH_ASSIGN_OR_RETURN(int64_t user, w.UserId("inst-applicant-370215"));
    ZXKH_ASSIGN_OR_RETURN(int64_t district, w.UserId("district-370215"));
    const std::vector<std::string> projects = {"ZX03002"};
    ZXKH_ASSIGN_OR_RETURN(int64_t app,
                          w.Application(inst, projects, now - 20 * kDay, user));
    ZXKH_RETURN_IF_ERROR(w.Materials(app, projects, now - 19 * kDay, user));
    ZXKH_RETURN_IF_ERROR(w.Event(app, now - 18 * kDay, user,
                                 Role::kInstitutionAdmin, "submit", "draft",
                                 "submitted", ""));
    ZXKH_RETURN_IF_ERROR(
        w.AllFindingsOk(app, projects, now - 15 * kDay, district));
    ZXKH_RETURN_IF_ERROR(w.Event(app, now - 15 * kDay, district,
                                 Role::kDistrict, "forward", "submitted",
                                 "forwarded", "材料齐全、真实，同意报送"));
    ZXKH_RETURN_IF_ERROR(
        w.SetState(app, ApplicationState::kForwarded, 1, now - 15 * kDay));
    ZXKH_RETURN_IF_ERROR(w.Form(
        app, city, "王海燕", {10, 10, 12, 11, 13, 8, 12, 7}, now - 2 * kDay));
  }

  // 4. 胶州市: evaluated, publicized now, one open objection from the public.
  {
    store::InstitutionRow i;
    i.name = "胶州市现代农业职业技能培训学校";
    i.credit_code = CreditCode("52370281MJG4021C");
    i.type = domain::InstitutionType::kTraining;
    i.district_code = "370281";
    i.legal_representative = "姜永刚";
    i.contact_name = "姜永刚";
    i.contact_phone = "0532-82201234";
    i.address = "青岛市胶州市福州南路 88 号";
    ZXKH_ASSIGN_OR_RETURN(int64_t inst,
                          w.Applicant(i, "inst-applicant-370281"));
    ZXKH_ASSIGN_OR_RETURN(int64_t user, w.UserId("inst-applicant-370281"));
    ZXKH_ASSIGN_OR_RETURN(int64_t district, w.UserId("district-370281"));
    const std::vector<std::string> projects = {"ZX02001", "ZX02004"};
    ZXKH_ASSIGN_OR_RETURN(int64_t app,
                          w.Application(inst, projects, now - 35 * kDay, user));
    ZXKH_RETURN_IF_ERROR(w.Materials(app, projects, now - 34 * kDay, user));
    ZXKH_RETURN_IF_ERROR(w.Event(app, now - 33 * kDay, user,
                                 Role::kInstitutionAdmin, "submit", "draft",
                                 "submitted", ""));
    ZXKH_RETURN_IF_ERROR(
        w.AllFindingsOk(app, projects, now - 30 * kDay, district));
    ZXKH_RETURN_IF_ERROR(w.Event(app, now - 30 * kDay, district,
                                 Role::kDistrict, "forward", "submitted",
                                 "forwarded", ""));
    ZXKH_RETURN_IF_ERROR(w.Form(
        app, city, "王海燕", {10, 10, 13, 12, 13, 8, 13, 8}, now - 10 * kDay));
    ZXKH_RETURN_IF_ERROR(w.Form(
        app, city, "周立新", {10, 9, 12, 12, 14, 9, 12, 7}, now - 10 * kDay));
    ZXKH_RETURN_IF_ERROR(w.Event(app, now - 9 * kDay, city, Role::kCity,
                                 "conclude", "forwarded", "evaluated",
                                 "2 位专家评估，平均 86.0 分"));

    // The round began two days ago and runs its R-CAL length.
    const Date start = w.today().AddDays(-2);
    Date end = start.AddDays(9);
    ZXKH_ASSIGN_OR_RETURN(WorkdayCalendar calendar,
                          store::CalendarRepository(c).Load());
    if (auto e = domain::PublicityEndDate(calendar, start, std::nullopt);
        e.ok()) {
      end = *e;
    }
    store::RecruitmentRepository repo(c);
    store::PublicityRoundRow round;
    round.title = std::to_string(start.year()) +
                  "年第一批专项职业能力考核机构遴选结果公示";
    round.start_date = start.ToString();
    round.end_date = end.ToString();
    round.opened_by = city;
    round.opened_at = now - 2 * kDay;
    ZXKH_ASSIGN_OR_RETURN(int64_t round_id, repo.InsertRound(round));
    ZXKH_ASSIGN_OR_RETURN(store::ApplicationRow a, repo.Get(app));
    a.state = ApplicationState::kPublicizing;
    a.submission_count = 1;
    a.evaluation_mean = 86.0;
    a.evaluation_selected = true;
    a.publicity_round_id = round_id;
    a.updated_at = now - 2 * kDay;
    ZXKH_RETURN_IF_ERROR(repo.Save(a, ApplicationState::kDraft));
    ZXKH_RETURN_IF_ERROR(w.Event(
        app, now - 2 * kDay, city, Role::kCity, "publicize", "evaluated",
        "publicizing", "公示期 " + round.start_date + " 至 " + round.end_date));
    store::ObjectionRow o;
    o.application_id = app;
    o.round_id = round_id;
    o.filed_at = now - kDay;
    o.name = "张先生";
    o.contact = "0532-85551234";
    o.content =
        "该校培训场地位于居民楼内，是否具备果树修剪实操考核所需的果园场地？请核"
        "实。";
    o.ip = "203.0.113.7";
    ZXKH_RETURN_IF_ERROR(repo.InsertObjection(o).status());
    ZXKH_RETURN_IF_ERROR(store::NotificationRepository(c).ToRole(
        "CITY",
        store::Message{"收到公示异议",
                       "公示中的申请（胶州市现代农业职业技能培训学校）收到一件"
                       "异议，请处理。",
                       "/recruitment/applications/" + std::to_string(app)},
        now - kDay));
  }

  // 5. 平度市: its publicity ended without objection — the city can approve it
  //    today, then report it to the province, which publishes it.
  {
    store::InstitutionRow i;
    i.name = "平度市百花手工艺职业培训学校";
    i.credit_code = CreditCode("52370283MJH5033D");
    i.type = domain::InstitutionType::kTraining;
    i.district_code = "370283";
    i.legal_representative = "于秀芝";
    i.contact_name = "于秀芝";
    i.contact_phone = "0532-83361234";
    i.address = "青岛市平度市红旗路 56 号";
    ZXKH_ASSIGN_OR_RETURN(int64_t inst,
                          w.Applicant(i, "inst-applicant-370283"));
    ZXKH_ASSIGN_OR_RETURN(int64_t user, w.UserId("inst-applicant-370283"));
    ZXKH_ASSIGN_OR_RETURN(int64_t district, w.UserId("district-370283"));
    const std::vector<std::string> projects = {"ZX03005"};
    ZXKH_ASSIGN_OR_RETURN(int64_t app,
                          w.Application(inst, projects, now - 50 * kDay, user));
    ZXKH_RETURN_IF_ERROR(w.Materials(app, projects, now - 49 * kDay, user));
    ZXKH_RETURN_IF_ERROR(w.Event(app, now - 48 * kDay, user,
                                 Role::kInstitutionAdmin, "submit", "draft",
                                 "submitted", ""));
    ZXKH_RETURN_IF_ERROR(
        w.AllFindingsOk(app, projects, now - 45 * kDay, district));
    ZXKH_RETURN_IF_ERROR(w.Event(app, now - 45 * kDay, district,
                                 Role::kDistrict, "forward", "submitted",
                                 "forwarded", ""));
    ZXKH_RETURN_IF_ERROR(w.Form(
        app, city, "王海燕", {10, 10, 12, 13, 14, 9, 13, 9}, now - 30 * kDay));
    ZXKH_RETURN_IF_ERROR(w.Form(
        app, city, "周立新", {10, 10, 13, 12, 13, 8, 14, 8}, now - 30 * kDay));
    ZXKH_RETURN_IF_ERROR(w.Event(app, now - 29 * kDay, city, Role::kCity,
                                 "conclude", "forwarded", "evaluated",
                                 "2 位专家评估，平均 89.0 分"));
    // A round that began 20 days ago: its 5 working days are over.
    const Date start = w.today().AddDays(-20);
    ZXKH_ASSIGN_OR_RETURN(WorkdayCalendar calendar,
                          store::CalendarRepository(c).Load());
    ZXKH_ASSIGN_OR_RETURN(
        Date end, domain::PublicityEndDate(calendar, start, std::nullopt));
    store::RecruitmentRepository repo(c);
    store::PublicityRoundRow round;
    round.title = std::to_string(start.year()) +
                  "年第一批专项职业能力考核机构遴选结果公示（平度市）";
    round.start_date = start.ToString();
    round.end_date = end.ToString();
    round.opened_by = city;
    round.opened_at = now - 20 * kDay;
    ZXKH_ASSIGN_OR_RETURN(int64_t round_id, repo.InsertRound(round));
    ZXKH_ASSIGN_OR_RETURN(store::ApplicationRow a, repo.Get(app));
    a.state = ApplicationState::kPublicizing;
    a.submission_count = 1;
    a.evaluation_mean = 89.0;
    a.evaluation_selected = true;
    a.publicity_round_id = round_id;
    a.updated_at = now - 20 * kDay;
    ZXKH_RETURN_IF_ERROR(repo.Save(a, ApplicationState::kDraft));
    ZXKH_RETURN_IF_ERROR(w.Event(
        app, now - 20 * kDay, city, Role::kCity, "publicize", "evaluated",
        "publicizing", "公示期 " + round.start_date + " 至 " + round.end_date));
  }
  return Status::Ok();
}

}  // namespace zxkh::service
