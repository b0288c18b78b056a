#pragma once
// SNS filter policies (and, later, Lambda event-source FilterCriteria, which share the pattern
// language): compiled once when set, then matched against each message without re-parsing.
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "eddy/json.hpp"

namespace eddy::filter {

enum class Scope { message_attributes, message_body };

// A policy AWS would reject; what() is the message SNS puts in its InvalidParameter error
// ("Invalid parameter: FilterPolicy: ...").
class InvalidFilterPolicy : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class FilterPolicy {
 public:
  // Parses and validates `policy_json` against AWS's rules and limits. Throws InvalidFilterPolicy.
  static FilterPolicy compile(std::string_view policy_json, Scope scope);
  ~FilterPolicy();
  FilterPolicy(FilterPolicy&&) noexcept;
  FilterPolicy& operator=(FilterPolicy&&) noexcept;

  Scope scope() const;
  // MessageAttributes scope: `attributes` in SNS's shape,
  //   {"name": {"DataType": "String" | "String.Array" | "Number" | "Binary", "StringValue": ...}}.
  // MessageBody scope: `body` is the message text; a body that is not a JSON object matches
  // nothing.
  bool matches_attributes(const json& attributes) const;
  bool matches_body(std::string_view body) const;

 private:
  struct Compiled;
  explicit FilterPolicy(std::unique_ptr<Compiled> compiled);
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace eddy::filter
