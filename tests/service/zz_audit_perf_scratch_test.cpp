#include <gtest/gtest.h>
#include <chrono>
#include "service/audit_service.hpp"
#include "store/migrate.hpp"
#include "support/test_db.hpp"
namespace zxkh::service {
TEST(AuditPerfScratch, Big) {
  test::TestDatabase tdb; ASSERT_TRUE(store::Migrate(tdb.db()).ok());
  FakeClock clock(1'764'205'200'000);
  SigningKey key = SigningKey::FromSeed(std::string(32, 'k'));
  AuditService s(tdb.db(), clock, key);
  auto t0 = std::chrono::steady_clock::now();
  for (int b = 0; b < 50; ++b) {
    ASSERT_TRUE(tdb.db().Transact(store::Database::Mode::kWrite, [&](store::Connection& c) {
      for (int i = 0; i < 1000; ++i) {
        ZXKH_RETURN_IF_ERROR(AuditService::Record(c, domain::Caller{domain::Role::kCity, 1}, clock.NowUnixMillis(), "catalog.retire", "catalog_project", "ZX01001", "状态 active → retired"));
      }
      return Status::Ok();
    }).ok());
    auto ta = std::chrono::steady_clock::now();
    auto cp = s.MaybeCheckpoint();
    ASSERT_TRUE(cp.ok() && cp->has_value());
    auto tb = std::chrono::steady_clock::now();
    if (b % 10 == 0) printf("batch %d: checkpoint %ld ms\n", b, (long)std::chrono::duration_cast<std::chrono::milliseconds>(tb-ta).count());
  }
  auto t1 = std::chrono::steady_clock::now();
  auto r = s.Verify({key.public_key()});
  auto t2 = std::chrono::steady_clock::now();
  ASSERT_TRUE(r.ok() && r->ok) << r->message;
  auto p = s.Proof(domain::Caller{domain::Role::kCity, 1}, 12345);
  auto t3 = std::chrono::steady_clock::now();
  ASSERT_TRUE(p.ok());
  AuditService fresh(tdb.db(), clock, key);
  auto p2 = fresh.Proof(domain::Caller{domain::Role::kCity, 1}, 12345);
  auto t4 = std::chrono::steady_clock::now();
  ASSERT_TRUE(p2.ok());
  using ms = std::chrono::milliseconds;
  printf("append+50 checkpoints %ld ms, verify 50k %ld ms, proof warm %ld ms, proof cold %ld ms\n",
    (long)std::chrono::duration_cast<ms>(t1-t0).count(), (long)std::chrono::duration_cast<ms>(t2-t1).count(),
    (long)std::chrono::duration_cast<ms>(t3-t2).count(), (long)std::chrono::duration_cast<ms>(t4-t3).count());
}
}
