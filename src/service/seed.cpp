#include "service/seed.hpp"

#include "common/embedded_data.hpp"
#include "domain/region.hpp"
#include "service/calendar_service.hpp"
#include "service/catalog_service.hpp"
#include "service/demo_data.hpp"
#include "service/exam_day_service.hpp"
#include "service/question_bank_service.hpp"
#include "service/recruitment_service.hpp"
#include "store/region_repository.hpp"

namespace zxkh::service {

using store::Connection;
using store::Database;

Status SeedProductData(Database& db, const Clock& clock) {
  ZXKH_RETURN_IF_ERROR(
      db.Transact(Database::Mode::kWrite, [](Connection& c) -> Status {
        store::RegionRepository regions(c);
        for (const domain::Region& r : domain::QingdaoRegions()) {
          ZXKH_RETURN_IF_ERROR(regions.Upsert(r));
        }
        return Status::Ok();
      }));
  return CalendarService(db, clock).SeedOfficialCalendar();
}

Result<bool> SeedDemoData(Database& db, const Clock& clock,
                          const PiiCipher& pii, store::FileStore& files,
                          const SigningKey* certificate_key) {
  ZXKH_ASSIGN_OR_RETURN(
      store::Row count,
      db.InTransaction(Database::Mode::kRead, [](Connection& c) {
        return c.One(
            "SELECT (SELECT COUNT(*) FROM catalog_projects) + (SELECT COUNT(*) "
            "FROM users)",
            {});
      }));
  if (count.Int(0) > 0) return false;

  CatalogService catalog(db, clock, files);
  auto csv = EmbeddedDataFile("demo/catalog-examples.csv");
  if (!csv)
    return Status::Internal("seed.missing", "embedded demo catalog missing");
  ZXKH_RETURN_IF_ERROR(catalog.SeedFromCsv(*csv, "2023版"));
  // A retired project shows that retiring keeps history: 枣庄辣子鸡 belongs
  // to Zaozhuang's catalog, not Qingdao's.
  domain::Caller city;
  city.role = domain::Role::kCity;
  ZXKH_RETURN_IF_ERROR(catalog.Retire(city, "ZX01002").status());
  ZXKH_RETURN_IF_ERROR(
      db.Transact(Database::Mode::kWrite, [&](Connection& c) -> Status {
        ZXKH_RETURN_IF_ERROR(SeedDemoIdentities(c, clock, pii));
        ZXKH_RETURN_IF_ERROR(SeedDemoStaffPool(c, clock));
        ZXKH_RETURN_IF_ERROR(SeedDemoInstitutionScope(c, clock));
        ZXKH_RETURN_IF_ERROR(SeedDemoRecruitment(c, clock, files));
        ZXKH_RETURN_IF_ERROR(SeedDemoQuestionBanks(c, clock));
        ZXKH_RETURN_IF_ERROR(SeedDemoPlans(c, clock, files));
        ZXKH_RETURN_IF_ERROR(SeedDemoRegistrations(c, clock, pii));
        ZXKH_RETURN_IF_ERROR(SeedDemoBatches(c, clock));
        ZXKH_RETURN_IF_ERROR(SeedDemoExamDay(c, clock, pii, files));
        ZXKH_RETURN_IF_ERROR(SeedDemoScoring(c, clock, pii));
        if (!certificate_key) return Status::Ok();
        return SeedDemoCertificates(c, clock, *certificate_key, pii);
      }));
  return true;
}

}  // namespace zxkh::service
