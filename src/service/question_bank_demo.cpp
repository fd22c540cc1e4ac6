// Demo question banks (zxkh serve --demo):
//  - Z370211P001 (青岛西海岸新区职业技能培训学校), ZX01001 胶东花饽饽制作:
//    version 1 approved by the city 30 days ago, 5 sealed sets, three
//    recorded session papers (two past sessions, one next month);
//  - the same institution, ZX04001 电商直播: version 1 submitted, awaiting
//    the city's review;
//  - Z370202T001 (青岛市胶东面塑技艺协会), ZX03005 剪纸: version 1 returned by
//    the city with reasons.
#include "common/date.hpp"
#include "service/question_bank_service.hpp"

namespace zxkh::service {
namespace {

using domain::PracticalTask;
using domain::QuestionSet;
using domain::RubricItem;
using domain::VersionState;
using store::Connection;
using store::QuestionBankRepository;

constexpr int64_t kDay = 24LL * 3600 * 1000;

std::vector<QuestionSet> HuaBoboSets() {
  struct Shape {
    const char* name;
    const char* detail;
  };
  const Shape shapes[] = {
      {"寿桃", "桃身饱满、桃尖自然上翘，配两片桃叶"},
      {"鱼形", "鱼身弯曲有动感，鳞片层次清晰，鱼尾舒展"},
      {"刺猬", "刺猬身形圆润，背刺用剪刀剪出，排列均匀"},
      {"石榴", "石榴开口露籽，籽粒饱满，配枝叶"},
      {"元宝", "元宝两端翘起对称，表面光洁，可配花边装饰"},
  };
  std::vector<QuestionSet> out;
  int n = 0;
  for (const Shape& s : shapes) {
    QuestionSet q;
    q.title = "胶东花饽饽制作 第" +
              std::string(n == 0   ? "一"
                          : n == 1 ? "二"
                          : n == 2 ? "三"
                          : n == 3 ? "四"
                                   : "五") +
              "套（" + s.name + "）";
    q.tasks = {
        {std::string(s.name) + "造型花饽饽制作",
         std::string("按给定图样完成一件") + s.name +
             "造型花饽饽：和面、发酵、造型、蒸制、点色。要求：" + s.detail +
             "；成品直径不小于 12 厘米。",
         150,
         "中筋面粉 1.5 kg、酵母、白糖、红枣、食用色素（红、绿、黄）、案板、"
         "擀面杖、剪刀、木梳、蒸笼、燃气灶"},
        {"面团发酵程度判定",
         "现场判断考评员提供的三块面团的发酵程度（不足、适中、过度），口述判定"
         "依据及补救办法。",
         15, "已发酵面团三块（编号 A、B、C）"},
    };
    q.rubric = {
        {"和面与发酵", 15,
         "面团光滑、软硬适中，发酵充分无酸味；每项不符合扣 5 分"},
        {"造型", 35, "形态逼真、比例协调、细节清晰；每处明显缺陷扣 5 分"},
        {"蒸制", 20, "表面光亮无塌陷、无开裂、无死面；出现塌陷或开裂扣 10 分"},
        {"点色与装饰", 15, "色彩自然协调、不流色；流色或色彩杂乱扣 5–15 分"},
        {"发酵程度判定", 5,
         "三块面团判定正确且理由充分；每错一块扣 2 分，扣完为止"},
        {"安全与卫生", 10, "着装规范、台面整洁、安全用火用电；违规一次扣 5 分"},
    };
    out.push_back(std::move(q));
    ++n;
  }
  return out;
}

std::vector<QuestionSet> LiveStreamSets() {
  const char* products[] = {"崂山绿茶", "即墨老酒", "胶州大白菜", "平度葡萄",
                            "青岛啤酒文创礼盒"};
  std::vector<QuestionSet> out;
  int n = 0;
  for (const char* p : products) {
    QuestionSet q;
    q.title = "电商直播 第" + std::to_string(++n) + "套（" + p + "）";
    q.tasks = {
        {std::string("「") + p + "」直播脚本撰写",
         std::string("根据提供的产品资料，为「") + p +
             "」撰写一场 30 分钟直播的脚本：开场、卖点讲解、互动、促单、收尾。",
         40, "计算机、产品资料包"},
        {"模拟直播带货",
         std::string("按所写脚本进行 10 分钟模拟直播，展示「") + p +
             "」，回答考评员扮演的观众提问，遵守广告法用语规范。",
         20, "手机直播支架、补光灯、样品、提词卡"},
    };
    q.rubric = {
        {"脚本结构", 20, "环节完整、时间分配合理；缺一个环节扣 5 分"},
        {"卖点提炼", 20, "卖点准确、有依据；虚假或夸大宣传本项不得分"},
        {"镜头表现", 25, "表达流畅、仪态自然、展示清楚；每处明显失误扣 5 分"},
        {"互动与促单", 20, "及时回应提问、促单话术恰当；违规承诺扣 10 分"},
        {"合规用语", 15, "无绝对化用语等违规表述；出现一次扣 5 分"},
    };
    out.push_back(std::move(q));
  }
  return out;
}

std::vector<QuestionSet> PaperCutSets() {
  const char* motifs[] = {"团花「福」字", "十二生肖之马", "喜鹊登梅",
                          "渔家风情", "窗花四季"};
  std::vector<QuestionSet> out;
  int n = 0;
  for (const char* m : motifs) {
    QuestionSet q;
    q.title = "剪纸 第" + std::to_string(++n) + "套（" + m + "）";
    q.tasks = {{std::string("剪制「") + m + "」",
                "按图样折剪或刻制作品一幅，规格 30 厘米 × 30 厘米。", 120,
                "红色宣纸、剪刀、刻刀、刻板、铅笔"}};
    q.rubric = {{"构图", 30, "构图完整、主题突出"},
                {"刀工", 40, "线条流畅、无断线毛边"},
                {"整体效果", 30, "作品完整美观"}};
    out.push_back(std::move(q));
  }
  return out;
}

Result<int64_t> IdOf(Connection& c, const char* sql, const std::string& key) {
  ZXKH_ASSIGN_OR_RETURN(std::vector<store::Row> rows, c.Rows(sql, {key}));
  if (rows.empty()) {
    return Status::Internal("seed.missing", "demo record missing: " + key);
  }
  return rows.front().Int(0);
}

struct DemoBank {
  int64_t bank = 0;
  int64_t version = 0;
  std::vector<int64_t> sets;
};

// A bank with version 1 holding `sets`, moved to `state` by the recorded
// events.
Result<DemoBank> MakeBank(Connection& c, int64_t institution,
                          const std::string& project, int64_t author,
                          int64_t city, const std::vector<QuestionSet>& sets,
                          VersionState state, const std::string& reason,
                          int64_t created, int64_t submitted, int64_t decided) {
  QuestionBankRepository repo(c);
  DemoBank d;
  ZXKH_ASSIGN_OR_RETURN(d.bank, repo.InsertBank(institution, project, created));
  ZXKH_ASSIGN_OR_RETURN(
      d.version,
      repo.InsertVersion(d.bank, 1, VersionState::kDraft, author, created));
  for (const QuestionSet& s : sets) {
    ZXKH_ASSIGN_OR_RETURN(int64_t id,
                          repo.InsertSet(d.bank, d.version, s.title, created));
    ZXKH_RETURN_IF_ERROR(repo.ReplaceContent(id, s, created));
    ZXKH_RETURN_IF_ERROR(repo.LinkSet(d.version, id));
    d.sets.push_back(id);
  }
  auto event = [&](int64_t at, int64_t user, const char* role,
                   const char* action, const char* from, const char* to,
                   const std::string& why) {
    return repo.InsertEvent(
        {0, d.version, 1, at, user, role, action, from, to, why});
  };
  ZXKH_RETURN_IF_ERROR(
      event(created, author, "INSTITUTION_ADMIN", "create", "", "draft", ""));
  ZXKH_ASSIGN_OR_RETURN(store::VersionRow v, repo.GetVersion(d.version));
  v.submitted_at = submitted;
  ZXKH_RETURN_IF_ERROR(event(submitted, author, "INSTITUTION_ADMIN", "submit",
                             "draft", "submitted", ""));
  if (state == VersionState::kApproved) {
    v.decided_by = city;
    v.decided_at = decided;
    ZXKH_RETURN_IF_ERROR(
        event(decided, city, "CITY", "approve", "submitted", "approved", ""));
  } else if (state == VersionState::kReturned) {
    v.decided_by = city;
    v.decided_at = decided;
    v.return_reason = reason;
    ZXKH_RETURN_IF_ERROR(event(decided, city, "CITY", "return", "submitted",
                               "returned", reason));
  }
  v.state = state;
  v.updated_at = state == VersionState::kSubmitted ? submitted : decided;
  ZXKH_RETURN_IF_ERROR(repo.SaveVersion(v, VersionState::kDraft));
  if (state == VersionState::kApproved) {
    ZXKH_RETURN_IF_ERROR(repo.SealSets(d.version, decided));
    ZXKH_RETURN_IF_ERROR(repo.SetApprovedVersion(d.bank, d.version, decided));
  }
  return d;
}

}  // namespace

Status SeedDemoQuestionBanks(Connection& c, const Clock& clock) {
  const int64_t now = clock.NowUnixMillis();
  const char* kInst = "SELECT id FROM institutions WHERE code = ?";
  const char* kUser = "SELECT id FROM users WHERE username = ?";
  ZXKH_ASSIGN_OR_RETURN(int64_t p001, IdOf(c, kInst, "Z370211P001"));
  ZXKH_ASSIGN_OR_RETURN(int64_t t001, IdOf(c, kInst, "Z370202T001"));
  ZXKH_ASSIGN_OR_RETURN(int64_t p001_admin, IdOf(c, kUser, "inst-Z370211P001"));
  ZXKH_ASSIGN_OR_RETURN(int64_t t001_admin, IdOf(c, kUser, "inst-Z370202T001"));
  ZXKH_ASSIGN_OR_RETURN(int64_t city, IdOf(c, kUser, "city"));

  ZXKH_ASSIGN_OR_RETURN(
      DemoBank huabobo,
      MakeBank(c, p001, "ZX01001", p001_admin, city, HuaBoboSets(),
               VersionState::kApproved, "", now - 60 * kDay, now - 45 * kDay,
               now - 30 * kDay));
  ZXKH_RETURN_IF_ERROR(MakeBank(c, p001, "ZX04001", p001_admin, city,
                                LiveStreamSets(), VersionState::kSubmitted, "",
                                now - 5 * kDay, now - 2 * kDay, 0)
                           .status());
  ZXKH_RETURN_IF_ERROR(
      MakeBank(c, t001, "ZX03005", t001_admin, city, PaperCutSets(),
               VersionState::kReturned,
               "各套评分细则过于笼统：请写明每个评分项的扣分标准；第 4 "
               "套「渔家风情」图样未随题提供，请补充。",
               now - 20 * kDay, now - 12 * kDay, now - 8 * kDay)
          .status());

  // Papers of three sessions of ZX01001, assigned in rotation.
  QuestionBankRepository repo(c);
  // Sessions start at 09:00 China time; days relative to today, and when
  // their paper was assigned.
  struct Session {
    int start_day;
    int assigned_day;
  };
  const Session sessions[] = {{-40, -50}, {-12, -20}, {14, -1}};
  std::optional<int64_t> previous;
  for (const Session& s : sessions) {
    ZXKH_ASSIGN_OR_RETURN(int64_t set,
                          domain::NextSetInRotation(huabobo.sets, previous));
    store::PaperRow p;
    const Date day = Clock::DateOf(now).AddDays(s.start_day);
    p.session_ref = "ZX01001-" + day.ToString() + "-上午";
    p.institution_id = p001;
    p.project_code = "ZX01001";
    p.bank_id = huabobo.bank;
    p.version_id = huabobo.version;
    p.set_id = set;
    p.session_start = Clock::UnixMillisAt(day, 9);
    p.assigned_at = now + s.assigned_day * kDay;
    p.assigned_by = p001_admin;
    ZXKH_RETURN_IF_ERROR(repo.InsertPaper(p).status());
    previous = set;
  }
  return Status::Ok();
}

}  // namespace zxkh::service
