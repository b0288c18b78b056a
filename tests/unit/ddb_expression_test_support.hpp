#pragma once
// Helpers for the DynamoDB expression tests: requests and items written as JSON text, and the
// ValidationException message an expression raises ("" when it is accepted).
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "eddy/aws_error.hpp"
#include "eddy/json.hpp"
#include "services/dynamodb/expressions/condition.hpp"
#include "services/dynamodb/expressions/expression_attributes.hpp"

namespace ddb_expression_test {

using eddy::json;

inline json parse_json(const std::string& text) {
  return json::parse(text);
}

// Runs `step`; returns the ValidationException's message, or "" when nothing was thrown.
inline std::string validation_message(const std::function<void()>& step) {
  try {
    step();
    return "";
  } catch (const eddy::AwsError& e) {
    EXPECT_EQ(e.code(), "ValidationException");
    EXPECT_EQ(e.http_status(), 400);
    return e.message();
  }
}

// The message a ConditionExpression raises with the request's ExpressionAttributeNames/Values.
inline std::string condition_error(const std::string& expression, const std::string& request = "{}",
                                   const std::string& parameter = "ConditionExpression") {
  return validation_message([&] {
    eddy::services::dynamodb::ExpressionAttributes attributes(parse_json(request));
    eddy::services::dynamodb::Condition::parse(expression, attributes, parameter);
  });
}

inline bool condition_matches(const std::string& expression, const std::string& request,
                              const std::string& item) {
  eddy::services::dynamodb::ExpressionAttributes attributes(parse_json(request));
  const auto condition =
      eddy::services::dynamodb::Condition::parse(expression, attributes, "ConditionExpression");
  return condition.matches(parse_json(item));
}

}  // namespace ddb_expression_test

#include "services/dynamodb/expressions/update.hpp"

namespace ddb_expression_test {

inline std::string update_error(const std::string& expression, const std::string& request = "{}") {
  return validation_message([&] {
    eddy::services::dynamodb::ExpressionAttributes attributes(parse_json(request));
    eddy::services::dynamodb::Update::parse(expression, attributes);
  });
}

// The item after the update expression.
inline json updated(const std::string& expression, const std::string& request,
                    const std::string& item) {
  eddy::services::dynamodb::ExpressionAttributes attributes(parse_json(request));
  const auto update = eddy::services::dynamodb::Update::parse(expression, attributes);
  return update.apply(parse_json(item));
}

// The message applying the update raises, "" when it applies.
inline std::string apply_error(const std::string& expression, const std::string& request,
                               const std::string& item) {
  return validation_message([&] { updated(expression, request, item); });
}

}  // namespace ddb_expression_test
