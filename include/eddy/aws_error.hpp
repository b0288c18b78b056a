#pragma once
// An error as AWS reports it: a code, a message, an HTTP status and who is at fault.
#include <stdexcept>
#include <string>

#include "eddy/json.hpp"

namespace eddy {

class AwsError : public std::runtime_error {
 public:
  AwsError(std::string code, std::string message, int http_status = 400, bool sender_fault = true)
      : std::runtime_error(message),
        code_(std::move(code)),
        message_(std::move(message)),
        http_status_(http_status),
        sender_fault_(sender_fault) {}

  // The code JSON protocols put in `__type` (for SQS: the modelled shape name).
  const std::string& code() const { return code_; }
  const std::string& message() const { return message_; }
  int http_status() const { return http_status_; }
  bool sender_fault() const { return sender_fault_; }

  // SQS kept its query-protocol codes (AWS.SimpleQueueService.NonExistentQueue ...) when it moved
  // to JSON; the query protocol and the x-amzn-query-error header carry this one.
  const std::string& query_code() const { return query_code_.empty() ? code_ : query_code_; }
  AwsError& with_query_code(std::string code) {
    query_code_ = std::move(code);
    return *this;
  }
  // ...and a few kept their older wording there too.
  const std::string& query_message() const {
    return query_message_.empty() ? message_ : query_message_;
  }
  AwsError& with_query_message(std::string message) {
    query_message_ = std::move(message);
    return *this;
  }
  // Members a JSON error body carries beside __type and message (DynamoDB's Item on a failed
  // condition, CancellationReasons on a cancelled transaction).
  const json& details() const { return details_; }
  AwsError& with_details(json details) {
    details_ = std::move(details);
    return *this;
  }

 private:
  std::string code_;
  std::string message_;
  int http_status_;
  bool sender_fault_;
  std::string query_code_;
  std::string query_message_;
  json details_ = json::object();
};

}  // namespace eddy
