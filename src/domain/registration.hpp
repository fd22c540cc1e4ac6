// Registration (报名) of candidates against published plan items, R-EXA-1
// and R-EXA-6: who may register (age ≥ 16 on the planned exam date, a valid
// identity document, a name and a mainland mobile number), when (the item's
// plan is published and its exam date has not come), and the life of one
// registration, designed with the exam day and results (issue 6) in mind:
//
//                 sign in (exam day)          score ≥ 60
//   REGISTERED ─────────────────────► SAT ───────────────► PASSED
//     │    │                            │
//     │    │ not signed in              │ score < 60
//     │    └──────────────► ABSENT      └──────────────► FAILED
//     │ cancel (candidate or institution, before the exam)
//     └──────────────► CANCELLED
//
// REGISTERED and SAT are "open": a person has at most one open registration
// per project (the partial unique index registrations_one_open enforces it
// in the database too). PASSED also blocks a new registration for that
// project (the certificate exists). ABSENT, FAILED and CANCELLED end a
// registration: the person may register again (R-EXA-6 "someone who failed
// may register again").
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/date.hpp"
#include "common/status.hpp"
#include "domain/id_document.hpp"

namespace zxkh::domain {

enum class RegistrationState {
  kRegistered,
  kSat,
  kAbsent,
  kPassed,
  kFailed,
  kCancelled,
};

std::string_view RegistrationStateName(RegistrationState s);   // "registered"
std::string_view RegistrationStateTitle(RegistrationState s);  // "已报名"
std::optional<RegistrationState> ParseRegistrationState(std::string_view s);

// REGISTERED or SAT.
bool IsOpen(RegistrationState s);
// Open, or PASSED: a new registration for the same project is refused.
bool BlocksNewRegistration(RegistrationState s);
// Whether the diagram above has the edge from → to.
bool CanTransition(RegistrationState from, RegistrationState to);
// FailedPrecondition("registration.state") naming both states, or OK.
Status CheckTransition(RegistrationState from, RegistrationState to);

// How a registration came in.
enum class RegistrationSource { kSelf, kInstitution, kImport };
std::string_view RegistrationSourceName(RegistrationSource s);  // "self"
std::string_view RegistrationSourceTitle(RegistrationSource s);  // "本人报名"

// The minimum age on the planned exam date (R-EXA-1, legal working age).
inline constexpr int kMinimumAge = 16;

// A candidate as typed into the form or a spreadsheet row.
struct RegistrantInput {
  std::string name;
  std::string id_type;     // see ParseIdType
  std::string id_number;   // resident ID or another document's number
  std::string birth_date;  // YYYY-MM-DD; required for other documents only
  std::string phone;       // mainland mobile 1[3-9]xxxxxxxxx
  std::string employer;    // 工作单位, optional
};

// The same, checked and normalized.
struct Registrant {
  std::string name;  // trimmed
  IdType id_type = IdType::kResidentId;
  std::string id_number;  // trimmed, upper case
  Date birth_date;        // from the resident ID, or as given
  std::string phone;
  std::string employer;  // trimmed
};

// Checks one candidate against R-EXA-1 for an exam on `exam_date`, seen on
// `today`. The first problem wins, in column order; InvalidArgument with the
// field (name, id_type, id_number, birth_date, phone, employer) and one of
// "registration.name_invalid", "registration.id_type_invalid",
// "id.length" | "id.chars" | "id.birth_date" | "id.birth_future" |
// "id.check_digit" (GB 11643, see common/validators.hpp),
// "registration.other_id_invalid", "registration.birth_date_required",
// "registration.birth_date_invalid", "registration.phone_invalid",
// "registration.employer_invalid", "registration.underage" (field
// birth_date for other documents, id_number for resident IDs).
Result<Registrant> ValidateRegistrant(const RegistrantInput& in, Date today,
                                      Date exam_date);

// The lookup key of a person's document (what PiiCipher::LookupHash is fed):
// the resident ID as is, another document as "other:<number>", so that the
// two kinds never collide.
std::string IdentityKey(IdType type, std::string_view id_number);

// Whether registration against an item is possible on `today`: its plan is
// published and `today` is before the exam date (registration closes the day
// before the exam). FailedPrecondition "registration.item_not_published" |
// "registration.closed".
Status CheckItemOpen(bool plan_published, Date exam_date, Date today);

// The consent a candidate gives when registering themselves (个人自愿,
// R-EXA-1). Its version and SHA-256 are stored with the registration; a new
// wording gets a new version.
inline constexpr std::string_view kConsentVersion = "consent-2026-11";
std::string_view ConsentText();

}  // namespace zxkh::domain
