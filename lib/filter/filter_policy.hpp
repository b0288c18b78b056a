#pragma once
// SNS filter policies (and, later, Lambda event-source FilterCriteria, which share the pattern
// language): compiled once when set, then matched against each message without re-parsing.
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "eddy/json.hpp"

namespace eddy::filter {

// Lambda's FilterCriteria patterns match a whole event record (its body, data or dynamodb member
// parsed), like a MessageBody policy, without SNS's limits on keys and combinations.
enum class Scope { message_attributes, message_body, event_pattern };

// A policy AWS would reject; what() is the message SNS puts in its InvalidParameter error
// ("Invalid parameter: FilterPolicy: ..."). Syntax and rule errors carry Jackson's location
// ("...\n at [Source: ...; line: 1, column: 10]") as AWS's messages do.
class InvalidFilterPolicy : public std::runtime_error {
 public:
  explicit InvalidFilterPolicy(const std::string& message, bool names_filter_policy = true)
      : std::runtime_error(message), names_filter_policy_(names_filter_policy) {}

  // False for the few errors SNS does not label "FilterPolicy: ", such as a nested policy in
  // the MessageAttributes scope ("Invalid parameter: Filter policy scope MessageAttributes does
  // not support nested filter policy").
  bool names_filter_policy() const { return names_filter_policy_; }
  // What follows "Invalid parameter: " (SetSubscriptionAttributes) or "Invalid parameter:
  // Attributes Reason: " (Subscribe): "FilterPolicy: <what()>", or what() alone.
  std::string parameter_message() const {
    return names_filter_policy_ ? "FilterPolicy: " + std::string(what()) : std::string(what());
  }

 private:
  bool names_filter_policy_;
};

// A message's attributes decoded once (String.Array values parsed, Number values read as
// numbers, Binary values dropped) so that every subscription's policy can match them without
// decoding them again.
class DecodedAttributes {
 public:
  explicit DecodedAttributes(const json& sns_attributes);
  const json& values() const { return values_; }

 private:
  json values_;
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
  bool matches_attributes(const DecodedAttributes& attributes) const;
  bool matches_body(std::string_view body) const;
  // The same for a body parsed once and matched against many subscriptions' policies.
  bool matches_body(const json& body) const;
  // Text arguments are message text, not JSON strings (json converts from both).
  bool matches_body(const std::string& body) const { return matches_body(std::string_view(body)); }
  bool matches_body(const char* body) const { return matches_body(std::string_view(body)); }

 private:
  struct Compiled;
  explicit FilterPolicy(std::unique_ptr<Compiled> compiled);
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace eddy::filter
