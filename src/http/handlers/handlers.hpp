// The API's routes, one function per area, each returning its part of the
// route table. Handlers are thin: parse → one service call → serialize.
#pragma once

#include <string>
#include <vector>

#include "http/route.hpp"

namespace zxkh::service {
class CatalogService;
class CalendarService;
class RegionService;
class AuthService;
class AccountService;
class AuditService;
class CertificateService;
class RecruitmentService;
class NotificationService;
class AnnualPlanService;
class QuestionBankService;
class StaffService;
class RegistrationService;
class BatchService;
class ExamDayService;
class ScoringService;
}  // namespace zxkh::service

namespace zxkh {
class Keyring;
}

namespace zxkh::http {

// /api/public/catalog…, /api/catalog/… (R-CAT-1/2).
std::vector<Route> CatalogRoutes(service::CatalogService& catalog);
// /api/public/calendar/…, /api/calendar/… (R-CAT).
std::vector<Route> CalendarRoutes(service::CalendarService& calendar);
// /api/public/regions.
std::vector<Route> RegionRoutes(service::RegionService& regions);

// /api/auth/… : login, logout, me, password change, candidate registration.
std::vector<Route> AuthRoutes(service::AuthService& auth);
// /api/accounts/… : account administration within the caller's scope.
std::vector<Route> AccountRoutes(service::AccountService& accounts);
// /api/logs/…, /api/audit/{seq}/proof, /api/public/keys (every published
// key, current and retired). `keys` must outlive the routes.
std::vector<Route> AuditRoutes(service::AuditService& audit,
                               const Keyring& keys);

// /api/recruitment/… and the public /api/public/institution-registrations,
// /api/public/publicity…, /api/public/institutions… (R-INS-1 … R-INS-6).
std::vector<Route> RecruitmentRoutes(service::RecruitmentService& recruitment);
// /api/notifications…: the logged-in user's in-app messages.
std::vector<Route> NotificationRoutes(service::NotificationService& notes);

// /api/plans/… and the public /api/public/announcements… (R-EXA-5).
std::vector<Route> AnnualPlanRoutes(service::AnnualPlanService& plans);
// /api/question-banks/…, /api/papers/…: question banks, rotation and
// sealed papers (R-EXA-3).
std::vector<Route> QuestionBankRoutes(service::QuestionBankService& banks);
// /api/staff…: the staff pool (issue 6 point 1), its export, and who is
// eligible for an institution's batch.
std::vector<Route> StaffRoutes(service::StaffService& staff);
// /api/public/registration-items, /api/registrations/… (R-EXA-1, R-EXA-6):
// self-registration, institution entry and bulk import jobs, lists, export.
std::vector<Route> RegistrationRoutes(service::RegistrationService& reg);
// /api/batches…: batch plans with sessions and staff, district review and
// city approval (issue 6 point 2).
std::vector<Route> BatchRoutes(service::BatchService& batches);
// /api/batches/{id}/assignment…, /api/exam-day/…: candidates assigned to
// sessions, sign-in, absentees, incidents, recordings (R-EXA-9).
std::vector<Route> ExamDayRoutes(service::ExamDayService& exam);
// Scoring and results (handlers/scoring.cpp).
std::vector<Route> ScoringRoutes(service::ScoringService& scoring);

// /api/public/certificates/{number}?name=…, /api/public/certificate-status,
// /api/certificates/{number}/revoke (issue 7); /api/certificates/{number}/pdf
// (its QR caption is `public_base_url` + "/verify"), /api/my/certificates,
// /api/certificates/roster and the public
// /api/public/certificates/{number}/proof (needs `audit`).
std::vector<Route> CertificateRoutes(
    service::CertificateService& certs, service::AuditService& audit,
    std::string public_base_url = "http://localhost:8080");

}  // namespace zxkh::http
