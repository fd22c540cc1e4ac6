// Demo question banks (zxkh serve --demo), see SeedDemoQuestionBanks.
#include "service/question_bank_service.hpp"

namespace zxkh::service {

Status SeedDemoQuestionBanks(store::Connection&, const Clock&) {
  return Status::Ok();
}

}  // namespace zxkh::service
