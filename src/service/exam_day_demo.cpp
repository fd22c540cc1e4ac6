// Demo exam day (zxkh serve --demo) for the approved December batch of
// ZX01001 at Z370211P001 (see batch_demo.cpp): its 2026 registrations are
// assigned to the two sessions (five candidates are entered when the demo
// has none for 2026), two candidates of the first session signed in, one
// incident, and recordings — the first session fully covered, the second
// with a one-minute gap, so the batch is flagged; the first recording has
// its (generated, tiny) video file in the file store. The batch lies ahead of
// the demo clock, so the data is written directly where the service's time
// checks would refuse.
#include <string>

#include "common/codes.hpp"
#include "common/validators.hpp"
#include "service/exam_day_service.hpp"
#include "store/batch_repository.hpp"
#include "store/notification_repository.hpp"
#include "store/registration_repository.hpp"

namespace zxkh::service {
namespace {
constexpr int64_t kMinute = 60LL * 1000;
constexpr int64_t kDay = 24LL * 3600 * 1000;
}  // namespace

Status SeedDemoExamDay(store::Connection& c, const Clock& clock,
                       const PiiCipher& pii, store::FileStore& files) {
  const int64_t now = clock.NowUnixMillis();
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<store::Row> batch,
      c.Rows(
          "SELECT b.id FROM batch_plans b JOIN institutions i ON i.id = "
          "b.institution_id WHERE i.code = 'Z370211P001' AND b.state = "
          "'approved' AND b.project_code = 'ZX01001' ORDER BY b.id LIMIT 1"));
  if (batch.empty()) return Status::Ok();
  const int64_t batch_id = batch[0].Int(0);
  ZXKH_ASSIGN_OR_RETURN(auto sessions,
                        store::BatchRepository(c).Sessions(batch_id));
  if (sessions.size() < 2) return Status::Ok();
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<store::Row> item,
      c.Rows("SELECT it.id FROM annual_plan_items it JOIN annual_plans p ON "
             "p.id = it.plan_id JOIN institutions i ON i.id = "
             "p.institution_id WHERE i.code = 'Z370211P001' AND p.year = 2026 "
             "AND it.project_code = 'ZX01001' ORDER BY it.id DESC LIMIT 1"));
  if (item.empty()) return Status::Ok();
  const int64_t item_id = item[0].Int(0);

  auto registered = [&]() {
    return c.Rows(
        "SELECT id FROM registrations WHERE plan_item_id = ? AND state = "
        "'registered' ORDER BY created_at, id",
        {item_id});
  };
  ZXKH_ASSIGN_OR_RETURN(std::vector<store::Row> regs, registered());
  if (regs.empty()) {
    store::RegistrationRepository repo(c);
    ZXKH_ASSIGN_OR_RETURN(store::RegistrableItemRow it, repo.GetItem(item_id));
    struct Demo {
      const char* name;
      const char* first17;
      const char* phone;
    };
    const Demo people[] = {{"郑美玲", "37021119900312402", "13953201101"},
                           {"韩志刚", "37021119851107301", "13953201102"},
                           {"冯雪", "37028419960521202", "13953201103"},
                           {"曹文博", "37021120000830101", "13953201104"},
                           {"许娟", "37021119780214602", "13953201105"}};
    for (const auto& p : people) {
      const std::string id =
          std::string(p.first17) + ResidentIdCheckChar(p.first17);
      ZXKH_ASSIGN_OR_RETURN(Date birth, ResidentIdBirthDate(id));
      ZXKH_ASSIGN_OR_RETURN(
          int64_t person,
          repo.InsertPerson(p.name, "resident_id", pii.LookupHash(id),
                            pii.Encrypt(id), MaskIdNumber(id), birth.ToString(),
                            p.phone, "", now - 15 * kDay));
      store::RegistrationRow g;
      g.plan_item_id = it.id;
      g.person_id = person;
      g.project_code = it.project_code;
      g.institution_id = it.institution_id;
      g.district_code = it.district_code;
      g.source = domain::RegistrationSource::kInstitution;
      g.phone = p.phone;
      g.created_at = g.updated_at = now - 15 * kDay;
      ZXKH_RETURN_IF_ERROR(repo.Insert(g).status());
    }
    ZXKH_ASSIGN_OR_RETURN(regs, registered());
  }

  // Three in the first session, the rest in the second.
  const auto& s1 = sessions[0];
  const auto& s2 = sessions[1];
  ZXKH_ASSIGN_OR_RETURN(
      std::vector<store::Row> proctor,
      c.Rows("SELECT m.user_id FROM batch_staff bs JOIN staff_members m ON "
             "m.id = bs.staff_id WHERE bs.session_id = ? AND bs.role = "
             "'proctor' ORDER BY bs.id LIMIT 1",
             {s1.id}));
  const store::Value by =
      proctor.empty() ? store::Value{} : store::Value{proctor[0].Int(0)};
  int seat1 = 0, seat2 = 0;
  for (std::size_t i = 0; i < regs.size(); ++i) {
    const bool first = i < 3;
    const auto& s = first ? s1 : s2;
    int& seat = first ? seat1 : seat2;
    if (seat >= s.capacity) continue;
    ++seat;
    const int64_t reg = regs[i].Int(0);
    std::string seat_label = (seat < 10 ? "0" : "") + std::to_string(seat);
    ZXKH_RETURN_IF_ERROR(
        c.Exec("INSERT INTO batch_session_candidates (session_id, "
               "registration_id, seat) VALUES (?, ?, ?)",
               {s.id, reg, seat_label})
            .status());
    if (first && i < 2) {  // signed in 20 and 15 minutes before the start
      ZXKH_RETURN_IF_ERROR(
          c.Exec("UPDATE batch_session_candidates SET attendance = "
                 "'present', signed_in_at = ?, signed_in_by = ? WHERE "
                 "session_id = ? AND registration_id = ?",
                 {s.start_ms - (20 - 5 * static_cast<int64_t>(i)) * kMinute, by,
                  s.id, reg})
              .status());
      ZXKH_RETURN_IF_ERROR(
          c.Exec("UPDATE registrations SET state = 'sat', updated_at = ? "
                 "WHERE id = ?",
                 {now, reg})
              .status());
    }
  }

  ZXKH_RETURN_IF_ERROR(
      c.Exec("INSERT INTO exam_incidents (batch_id, session_id, kind, "
             "description, action_taken, occurred_at, recorded_by, "
             "created_at) VALUES (?, ?, 'equipment', ?, ?, ?, ?, ?)",
             {batch_id, s1.id,
              std::string("3 号操作台电烤箱温控失灵，考生无法按时烘烤。"),
              std::string("更换备用烤箱，为该考生顺延 10 分钟。"),
              s1.start_ms + 40 * kMinute, by, now})
          .status());

  auto recording = [&](int64_t session_id, const char* camera, int64_t start,
                       int64_t end, std::string sha,
                       std::string file_name = "") -> Status {
    return c
        .Exec(
            "INSERT INTO exam_recordings (batch_id, session_id, camera, "
            "start_ms, end_ms, sha256, file_name, created_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {batch_id, session_id, std::string(camera), start, end,
             std::move(sha), std::move(file_name), by, now})
        .status();
  };
  // A stand-in for the video: an MP4 file-type box and a line of text.
  std::string video(
      "\0\0\0\x18"
      "ftypmp42\0\0\0\0mp42isom",
      24);
  video += "ZXKH demo recording: Z370211P001 session 1, front door camera\n";
  ZXKH_ASSIGN_OR_RETURN(store::StoredFile stored,
                        files.PutBytes(video, "application/octet-stream"));
  ZXKH_RETURN_IF_ERROR(store::FileStore::Register(c, stored, now));
  const int64_t mid1 = s1.start_ms + (s1.end_ms - s1.start_ms) / 2;
  ZXKH_RETURN_IF_ERROR(recording(s1.id, "考场前门", s1.start_ms - 5 * kMinute,
                                 mid1, stored.sha256, "考场前门-上半场.mp4"));
  ZXKH_RETURN_IF_ERROR(recording(
      s1.id, "考场前门", mid1, s1.end_ms + 5 * kMinute,
      "a0c5b8e1d4f7a2c9b6e3d0f5a8c1b4e7d2f9a6c3b0e5d8f1a4c7b2e9d6f3a0c5"));
  const int64_t gap = s2.start_ms + 60 * kMinute;
  ZXKH_RETURN_IF_ERROR(recording(
      s2.id, "考场后门", s2.start_ms, gap,
      "5e2b8d1a4c7f0e3b6d9a2c5f8e1b4d7a0c3f6e9b2d5a8c1f4e7b0d3a6c9f2e5b"));
  ZXKH_RETURN_IF_ERROR(recording(
      s2.id, "考场后门", gap + kMinute, s2.end_ms,
      "c7f4a1d8b5e2c9f6a3d0b7e4c1f8a5d2b9e6c3f0a7d4b1e8c5f2a9d6b3e0c7f4"));
  ZXKH_RETURN_IF_ERROR(c.Exec("UPDATE batch_plans SET coverage_flagged = 1, "
                              "coverage_flagged_at = ? WHERE id = ?",
                              {now, batch_id})
                           .status());
  ZXKH_ASSIGN_OR_RETURN(store::BatchRow b,
                        store::BatchRepository(c).Get(batch_id));
  const store::Message m{"考核录像不完整",
                         b.institution_name + "「" + b.title + "」第 " +
                             std::to_string(s2.position) +
                             " 场录像有 1 处未覆盖，请核查。",
                         "/admin/batches/" + std::to_string(batch_id)};
  store::NotificationRepository notes(c);
  ZXKH_RETURN_IF_ERROR(notes.ToDistrict(b.district_code, m, now));
  return notes.ToRole("CITY", m, now);
}

}  // namespace zxkh::service
