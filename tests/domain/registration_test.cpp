// R-EXA-1 / R-EXA-6 rules: who may register for an exam on which date, the
// registration states, and when an item is open.
#include "domain/registration.hpp"

#include <gtest/gtest.h>

#include "common/validators.hpp"

namespace zxkh::domain {
namespace {

using S = RegistrationState;

Date D(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

std::string Rid(std::string first17) {
  return first17 + ResidentIdCheckChar(first17);
}

RegistrantInput Input(std::string id) {
  return {"刘小红", "", std::move(id), "", "13800000001", "青岛某公司"};
}

const Date kToday = D(2026, 11, 27);
const Date kExam = D(2027, 3, 20);

TEST(RegistrantTest, ExactlySixteenOnTheExamDateIsAccepted) {
  auto r = ValidateRegistrant(Input(Rid("37021120110320001")), kToday, kExam);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->birth_date, D(2011, 3, 20));
  EXPECT_EQ(r->id_type, IdType::kResidentId);
}

TEST(RegistrantTest, FifteenYears364DaysIsRefused) {
  // Born 2011-03-21: one day short of 16 on 2027-03-20.
  auto r = ValidateRegistrant(Input(Rid("37021120110321001")), kToday, kExam);
  EXPECT_EQ(r.status().code(), "registration.underage");
  EXPECT_EQ(r.status().field(), "id_number");
  EXPECT_NE(r.status().message().find("16"), std::string::npos);
}

TEST(RegistrantTest, LeapDayBirthdayBecomesSixteenOnMarchFirst) {
  // Born 2008-02-29, exam 2024-02-28 → 15; 2024-02-29 → 16.
  auto young = ValidateRegistrant(Input(Rid("37021120080229001")),
                                  D(2024, 1, 1), D(2024, 2, 28));
  EXPECT_EQ(young.status().code(), "registration.underage");
  auto ok = ValidateRegistrant(Input(Rid("37021120080229001")), D(2024, 1, 1),
                               D(2024, 2, 29));
  EXPECT_TRUE(ok.ok()) << ok.status().ToString();
}

TEST(RegistrantTest, BadCheckCharacterIsRefused) {
  std::string id = Rid("37021119980315002");
  id.back() = id.back() == '1' ? '2' : '1';
  auto r = ValidateRegistrant(Input(id), kToday, kExam);
  EXPECT_EQ(r.status().code(), "id.check_digit");
  EXPECT_EQ(r.status().field(), "id_number");
}

TEST(RegistrantTest, ImpossibleBirthDateInTheIdIsRefused) {
  auto r = ValidateRegistrant(Input(Rid("37021119980230002")), kToday, kExam);
  EXPECT_EQ(r.status().code(), "id.birth_date");
}

TEST(RegistrantTest, LowerCaseXIsNormalized) {
  // Find a number whose check character is X.
  std::string id;
  for (int serial = 10; serial < 100; ++serial) {
    const std::string first17 = "370211199001010" + std::to_string(serial);
    if (ResidentIdCheckChar(first17) == 'X') {
      id = first17 + "x";
      break;
    }
  }
  ASSERT_FALSE(id.empty());
  auto r = ValidateRegistrant(Input(id), kToday, kExam);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->id_number.back(), 'X');
}

TEST(RegistrantTest, OtherDocumentNeedsABirthDate) {
  RegistrantInput in = Input("H12345678");
  in.id_type = "其他证件";
  auto r = ValidateRegistrant(in, kToday, kExam);
  EXPECT_EQ(r.status().code(), "registration.birth_date_required");
  EXPECT_EQ(r.status().field(), "birth_date");
  in.birth_date = "2011-03-21";
  r = ValidateRegistrant(in, kToday, kExam);
  EXPECT_EQ(r.status().code(), "registration.underage");
  EXPECT_EQ(r.status().field(), "birth_date");
  in.birth_date = "2011-03-20";
  r = ValidateRegistrant(in, kToday, kExam);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->id_type, IdType::kOther);
  in.birth_date = "2011/03/20";
  EXPECT_EQ(ValidateRegistrant(in, kToday, kExam).status().code(),
            "registration.birth_date_invalid");
  in.birth_date = "2027-01-01";  // in the future
  EXPECT_EQ(ValidateRegistrant(in, kToday, kExam).status().code(),
            "registration.birth_date_invalid");
  in.birth_date = "2000-01-01";
  in.id_number = "H1";
  EXPECT_EQ(ValidateRegistrant(in, kToday, kExam).status().code(),
            "registration.other_id_invalid");
}

TEST(RegistrantTest, NamePhoneTypeAndEmployerAreChecked) {
  const std::string id = Rid("37021119980315002");
  RegistrantInput in = Input(id);
  in.name = " ";
  EXPECT_EQ(ValidateRegistrant(in, kToday, kExam).status().field(), "name");
  in.name = "张";
  EXPECT_EQ(ValidateRegistrant(in, kToday, kExam).status().code(),
            "registration.name_invalid");
  in.name = "张三1";
  EXPECT_EQ(ValidateRegistrant(in, kToday, kExam).status().code(),
            "registration.name_invalid");
  in.name = std::string(31 * 3, 'a');
  EXPECT_EQ(ValidateRegistrant(in, kToday, kExam).status().code(),
            "registration.name_invalid");
  in = Input(id);
  in.id_type = "护照本";
  EXPECT_EQ(ValidateRegistrant(in, kToday, kExam).status().code(),
            "registration.id_type_invalid");
  for (const char* phone : {"1380000000", "12800000001", "0532-88880000",
                            "138000000012", "1380000000a", ""}) {
    in = Input(id);
    in.phone = phone;
    EXPECT_EQ(ValidateRegistrant(in, kToday, kExam).status().code(),
              "registration.phone_invalid")
        << phone;
  }
  in = Input(id);
  in.employer = std::string(101, 'a');
  EXPECT_EQ(ValidateRegistrant(in, kToday, kExam).status().code(),
            "registration.employer_invalid");
  in.employer = "  青岛某公司  ";
  auto ok = ValidateRegistrant(in, kToday, kExam);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->employer, "青岛某公司");
}

TEST(RegistrationStateTest, OnlyTheDiagramsEdges) {
  const S all[] = {S::kRegistered, S::kSat,    S::kAbsent,
                   S::kPassed,     S::kFailed, S::kCancelled};
  int edges = 0;
  for (S from : all) {
    for (S to : all) edges += CanTransition(from, to);
  }
  EXPECT_EQ(edges, 5);
  EXPECT_TRUE(CanTransition(S::kRegistered, S::kCancelled));
  EXPECT_TRUE(CanTransition(S::kSat, S::kFailed));
  EXPECT_FALSE(CanTransition(S::kSat, S::kCancelled));
  EXPECT_FALSE(CanTransition(S::kFailed, S::kRegistered));
  EXPECT_EQ(CheckTransition(S::kCancelled, S::kCancelled).code(),
            "registration.state");
  for (S s : all) {
    EXPECT_EQ(ParseRegistrationState(RegistrationStateName(s)), s);
  }
}

TEST(RegistrationStateTest, FailedAbsentCancelledAllowANewRegistration) {
  EXPECT_TRUE(BlocksNewRegistration(S::kRegistered));
  EXPECT_TRUE(BlocksNewRegistration(S::kSat));
  EXPECT_TRUE(BlocksNewRegistration(S::kPassed));
  EXPECT_FALSE(BlocksNewRegistration(S::kFailed));
  EXPECT_FALSE(BlocksNewRegistration(S::kAbsent));
  EXPECT_FALSE(BlocksNewRegistration(S::kCancelled));
}

TEST(ItemOpenTest, PublishedAndBeforeTheExamDate) {
  EXPECT_TRUE(CheckItemOpen(true, kExam, kToday).ok());
  EXPECT_EQ(CheckItemOpen(false, kExam, kToday).code(),
            "registration.item_not_published");
  EXPECT_EQ(CheckItemOpen(true, kExam, kExam).code(), "registration.closed");
  EXPECT_EQ(CheckItemOpen(true, kExam, kExam.AddDays(1)).code(),
            "registration.closed");
  EXPECT_TRUE(CheckItemOpen(true, kExam, kExam.AddDays(-1)).ok());
}

TEST(IdentityKeyTest, OtherDocumentsNeverCollideWithResidentIds) {
  EXPECT_NE(IdentityKey(IdType::kResidentId, "H12345678"),
            IdentityKey(IdType::kOther, "H12345678"));
  EXPECT_FALSE(ConsentText().empty());
}

}  // namespace
}  // namespace zxkh::domain
