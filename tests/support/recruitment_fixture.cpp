#include "support/recruitment_fixture.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>
#include <zip.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "store/catalog_repository.hpp"

namespace zxkh::test {

using domain::ApplicationState;
using domain::MaterialType;

std::string TinyPdf(const std::string& text) {
  const std::string stream = "BT /F1 12 Tf 72 760 Td (" + text + ") Tj ET";
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
  pdf += "xref\n0 6\n0000000000 65535 f \n";
  for (std::size_t off : offsets) {
    char line[24];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    pdf += line;
  }
  pdf += "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

std::string TinyPng() {
  static const unsigned char kPng[] = {
      0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D,
      0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
      0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00,
      0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
      0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49,
      0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};
  return std::string(reinterpret_cast<const char*>(kPng), sizeof kPng);
}

std::string TinyDocx(const std::string& text) {
  char path[] = "/tmp/zxkh-docx-XXXXXX";
  const int fd = mkstemp(path);
  if (fd >= 0) close(fd);
  int error = 0;
  zip_t* z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &error);
  const std::string types =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types "
      "xmlns=\"http://schemas.openxmlformats.org/package/2006/"
      "content-types\"><Default Extension=\"xml\" "
      "ContentType=\"application/xml\"/><Override PartName=\"/word/"
      "document.xml\" "
      "ContentType=\"application/"
      "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/"
      "></Types>";
  const std::string document =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document "
      "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/"
      "main\"><w:body><w:p><w:r><w:t>" +
      text + "</w:t></w:r></w:p></w:body></w:document>";
  for (const auto& [name, content] :
       {std::pair<const char*, const std::string*>{"[Content_Types].xml",
                                                   &types},
        {"word/document.xml", &document}}) {
    zip_source_t* src =
        zip_source_buffer(z, content->data(), content->size(), 0);
    zip_file_add(z, name, src, ZIP_FL_OVERWRITE);
  }
  zip_close(z);
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  std::remove(path);
  return bytes;
}

std::string WriteTemp(const std::string& dir, const std::string& bytes) {
  std::string tmpl = dir + "/upload-XXXXXX";
  const int fd = mkstemp(tmpl.data());
  if (fd >= 0) close(fd);
  std::ofstream(tmpl, std::ios::binary) << bytes;
  return tmpl;
}

RecruitmentFixture::RecruitmentFixture(store::Database& db, const Clock& clock,
                                       std::string files_root)
    : db_(db), clock_(clock), files_(files_root) {
  temp_dir_ = files_root + "/../fixture-tmp";
  std::filesystem::create_directories(temp_dir_);
  calendar_ = std::make_unique<service::CalendarService>(db, clock);
  service_ = std::make_unique<service::RecruitmentService>(db, clock,
                                                           *calendar_, files_);
}

RecruitmentFixture::~RecruitmentFixture() = default;

domain::Caller RecruitmentFixture::CallerOf(const std::string& username) {
  auto row = db_.InTransaction(
      store::Database::Mode::kRead, [&](store::Connection& c) {
        return c.One(
            "SELECT id, role, district_code, institution_id FROM users WHERE "
            "username = ?",
            {username});
      });
  EXPECT_TRUE(row.ok()) << username << ": " << row.status().ToString();
  domain::Caller caller;
  if (!row.ok()) return caller;
  caller.user_id = row->Int(0);
  caller.role = domain::ParseRole(row->Text(1)).value_or(domain::Role::kPublic);
  caller.district_code = row->OptText(2);
  caller.institution_id = row->OptInt(3);
  caller.request_id = "test";
  return caller;
}

std::string RecruitmentFixture::FreshProject() {
  for (;;) {
    const std::string code = "ZX03" + std::to_string(++project_serial_);
    auto inserted = db_.InTransaction(
        store::Database::Mode::kWrite, [&](store::Connection& c) {
          return store::CatalogRepository(c).Insert(
              {code, "测试项目" + code, "手工制作", "2023版"},
              clock_.NowUnixMillis());
        });
    if (inserted.ok()) return code;
    EXPECT_EQ(inserted.status().status_code(), StatusCode::kAlreadyExists)
        << inserted.status().ToString();
    if (project_serial_ > 990) {
      ADD_FAILURE() << "no fresh project code left";
      return code;
    }
  }
}

Status RecruitmentFixture::Upload(const std::string& user, int64_t id,
                                  MaterialType type,
                                  const std::string& project) {
  const std::string path = WriteTemp(
      temp_dir_,
      TinyPdf("material " + std::string(domain::MaterialTypeName(type)) + " " +
              project + " of application " + std::to_string(id) + " at " +
              std::to_string(clock_.NowUnixMillis())));
  return service_
      ->UploadMaterial(
          CallerOf(user), id,
          {std::string(domain::MaterialTypeName(type)), project, path,
           std::string(domain::MaterialTypeTitle(type)) + ".pdf"})
      .status();
}

int64_t RecruitmentFixture::NewApplication(const std::string& institution_user,
                                           std::vector<std::string> projects,
                                           bool materials) {
  if (projects.empty()) projects.push_back(FreshProject());
  auto created =
      service_->CreateApplication(CallerOf(institution_user), projects);
  EXPECT_TRUE(created.ok()) << created.status().ToString();
  if (!created.ok()) return -1;
  const int64_t id = created->application.id;
  if (!materials) return id;
  for (MaterialType t : domain::kAllMaterialTypes) {
    std::vector<std::string> keys = {""};
    if (t == MaterialType::kQuestionBank) keys = projects;
    for (const auto& p : keys) {
      Status st = Upload(institution_user, id, t, p);
      EXPECT_TRUE(st.ok()) << st.ToString();
    }
  }
  return id;
}

std::string RecruitmentFixture::DistrictUserOf(int64_t id) {
  auto a = service_->GetApplication(CallerOf("city"), id);
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  return a.ok() ? "district-" + a->application.district_code : "";
}

ApplicationState RecruitmentFixture::StateOf(int64_t id) {
  auto a = service_->GetApplication(CallerOf("city"), id);
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  return a.ok() ? a->application.state : ApplicationState::kDraft;
}

void RecruitmentFixture::EndPublicity(int64_t id) {
  const Date today = clock_.Today();
  Status st =
      db_.Transact(store::Database::Mode::kWrite, [&](store::Connection& c) {
        return c
            .Exec(
                "UPDATE publicity_rounds SET start_date = ?, end_date = ? "
                "WHERE id = "
                "(SELECT publicity_round_id FROM recruitment_applications "
                "WHERE id = ?)",
                {today.AddDays(-10).ToString(), today.AddDays(-1).ToString(),
                 id})
            .status();
      });
  EXPECT_TRUE(st.ok()) << st.ToString();
}

void RecruitmentFixture::AdvanceTo(int64_t id, ApplicationState target,
                                   bool publicity_over) {
  const auto city = CallerOf("city");
  auto step = [&](const Status& st, const char* what) {
    EXPECT_TRUE(st.ok()) << what << ": " << st.ToString();
    return st.ok();
  };
  auto state = StateOf(id);
  for (int guard = 0; guard < 12 && state != target; ++guard) {
    switch (state) {
      case ApplicationState::kDraft:
      case ApplicationState::kReturned: {
        auto a = service_->GetApplication(city, id);
        if (!a.ok()) return;
        // Any account of the institution may submit.
        auto user = db_.InTransaction(store::Database::Mode::kRead,
                                      [&](store::Connection& c) {
                                        return c.One(
                                            "SELECT username FROM users WHERE "
                                            "institution_id = ? ORDER BY id",
                                            {a->application.institution_id});
                                      });
        if (!user.ok()) return;
        if (!step(service_->Submit(CallerOf(user->Text(0)), id).status(),
                  "submit"))
          return;
        break;
      }
      case ApplicationState::kSubmitted: {
        const auto district = CallerOf(DistrictUserOf(id));
        if (target == ApplicationState::kReturned) {
          if (!step(service_->Return(district, id, "请补充材料").status(),
                    "return"))
            return;
          break;
        }
        if (target == ApplicationState::kRejected) {
          if (!step(service_->Reject(district, id, "不符合条件").status(),
                    "reject"))
            return;
          break;
        }
        auto a = service_->GetApplication(district, id);
        if (!a.ok()) return;
        std::vector<service::FindingInput> findings;
        for (const auto& item : a->completeness) {
          findings.push_back({std::string(domain::MaterialTypeName(item.type)),
                              item.project_code, "ok", ""});
        }
        if (!step(service_->RecordFindings(district, id, findings).status(),
                  "findings"))
          return;
        if (!step(service_->Forward(district, id, "").status(), "forward"))
          return;
        break;
      }
      case ApplicationState::kForwarded: {
        const bool pass = target != ApplicationState::kNotSelected;
        for (const char* evaluator : {"专家甲", "专家乙"}) {
          service::EvaluationInput in;
          in.evaluator_name = evaluator;
          for (const auto& c : domain::DefaultCriteria()) {
            in.scores.push_back({c.key, pass ? c.max_points - 2 : 1, pass});
          }
          if (!step(service_->SubmitEvaluation(city, id, in).status(),
                    "evaluate"))
            return;
        }
        if (!step(service_->Conclude(city, id).status(), "conclude")) return;
        break;
      }
      case ApplicationState::kEvaluated: {
        service::PublicityInput in{
            "测试公示", clock_.Today().ToString(), std::nullopt, {id}};
        if (!step(service_->OpenPublicity(city, in).status(), "publicity"))
          return;
        if (publicity_over) EndPublicity(id);
        break;
      }
      case ApplicationState::kPublicizing:
        if (!step(service_->Approve(city, id).status(), "approve")) return;
        break;
      case ApplicationState::kApproved:
        if (!step(service_->Report(city, {id}, "").status(), "report")) return;
        break;
      case ApplicationState::kReported: {
        auto a = service_->GetApplication(city, id);
        if (!a.ok() || !a->application.report_id) return;
        if (!step(service_
                      ->Publish(CallerOf("province"), *a->application.report_id)
                      .status(),
                  "publish")) {
          return;
        }
        break;
      }
      default:
        ADD_FAILURE() << "cannot advance from "
                      << domain::ApplicationStateName(state);
        return;
    }
    state = StateOf(id);
  }
  EXPECT_EQ(state, target) << "application " << id;
}

int64_t RecruitmentFixture::ApplicationIn(const std::string& institution_user,
                                          ApplicationState target,
                                          bool publicity_over) {
  const int64_t id = NewApplication(institution_user);
  if (id > 0) AdvanceTo(id, target, publicity_over);
  return id;
}

}  // namespace zxkh::test
