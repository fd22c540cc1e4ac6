// Status and Result<T>: expected failures as values.
//
// A Status carries a StatusCode (chosen by what the caller should do: fix the
// input, fix the state, authenticate, retry), a stable machine `code` such as
// "calendar.year_not_covered" that clients may switch on, a Chinese message for
// people, and optionally the input field it concerns. The HTTP layer maps it to
// application/problem+json in exactly one place (http/problem.cpp).
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace zxkh {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // fix the input (HTTP 400 / 422)
  kNotFound,            // no such record, or outside the caller's scope (404)
  kAlreadyExists,       // unique key taken (409)
  kFailedPrecondition,  // the record's state forbids this now (409)
  kUnauthenticated,     // log in (401)
  kPermissionDenied,    // the role may never do this (403)
  kPayloadTooLarge,     // send less (413)
  kResourceExhausted,   // rate limited: retry later (429)
  kUnavailable,         // transient (busy database, shutting down): retry (503)
  kInternal,            // a bug or a broken invariant (500)
};

class [[nodiscard]] Status {
 public:
  // An OK status.
  Status() = default;

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string code, std::string message,
                                std::string field = {}) {
    return Status(StatusCode::kInvalidArgument, std::move(code),
                  std::move(message), std::move(field));
  }
  static Status NotFound(std::string code, std::string message) {
    return Status(StatusCode::kNotFound, std::move(code), std::move(message));
  }
  static Status AlreadyExists(std::string code, std::string message,
                              std::string field = {}) {
    return Status(StatusCode::kAlreadyExists, std::move(code),
                  std::move(message), std::move(field));
  }
  static Status FailedPrecondition(std::string code, std::string message) {
    return Status(StatusCode::kFailedPrecondition, std::move(code),
                  std::move(message));
  }
  static Status Unauthenticated(std::string code, std::string message) {
    return Status(StatusCode::kUnauthenticated, std::move(code),
                  std::move(message));
  }
  static Status PermissionDenied(std::string code, std::string message) {
    return Status(StatusCode::kPermissionDenied, std::move(code),
                  std::move(message));
  }
  static Status PayloadTooLarge(std::string code, std::string message) {
    return Status(StatusCode::kPayloadTooLarge, std::move(code),
                  std::move(message));
  }
  static Status ResourceExhausted(std::string code, std::string message) {
    return Status(StatusCode::kResourceExhausted, std::move(code),
                  std::move(message));
  }
  static Status Unavailable(std::string code, std::string message) {
    return Status(StatusCode::kUnavailable, std::move(code),
                  std::move(message));
  }
  static Status Internal(std::string code, std::string message) {
    return Status(StatusCode::kInternal, std::move(code), std::move(message));
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode status_code() const { return code_; }
  // Stable machine code, e.g. "catalog.code_invalid"; empty when ok().
  const std::string& code() const { return machine_code_; }
  // Chinese, for people; empty when ok().
  const std::string& message() const { return message_; }
  // The request field this concerns, e.g. "name"; may be empty.
  const std::string& field() const { return field_; }

  // "code: message" for logs and test failure output.
  std::string ToString() const {
    if (ok()) return "OK";
    return machine_code_ + ": " + message_ +
           (field_.empty() ? "" : " [" + field_ + "]");
  }

 private:
  Status(StatusCode code, std::string machine_code, std::string message,
         std::string field = {})
      : code_(code),
        machine_code_(std::move(machine_code)),
        message_(std::move(message)),
        field_(std::move(field)) {
    assert(code != StatusCode::kOk);
  }

  StatusCode code_ = StatusCode::kOk;
  std::string machine_code_;
  std::string message_;
  std::string field_;
};

// Either a T or a non-OK Status. Accessing value() of an error is a bug
// (asserts); check ok() first, or use ZXKH_ASSIGN_OR_RETURN.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(v_).ok());
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  // OK status when a value is held.
  Status status() const { return ok() ? Status() : std::get<Status>(v_); }

  T& value() & {
    assert(ok());
    return std::get<T>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace zxkh

#define ZXKH_CONCAT_INNER(a, b) a##b
#define ZXKH_CONCAT(a, b) ZXKH_CONCAT_INNER(a, b)

// Returns the Status from the enclosing function when `expr` is not OK.
#define ZXKH_RETURN_IF_ERROR(expr)               \
  do {                                           \
    ::zxkh::Status zxkh_status_ = (expr);        \
    if (!zxkh_status_.ok()) return zxkh_status_; \
  } while (0)

// `lhs = value of rexpr`, or returns its Status from the enclosing function.
#define ZXKH_ASSIGN_OR_RETURN(lhs, rexpr) \
  ZXKH_ASSIGN_OR_RETURN_IMPL(ZXKH_CONCAT(zxkh_result_, __LINE__), lhs, rexpr)
#define ZXKH_ASSIGN_OR_RETURN_IMPL(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                               \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()
