#pragma once
// DynamoDB's errors, worded as AWS words them.
#include <string>
#include <string_view>
#include <vector>

#include "eddy/aws_error.hpp"
#include "eddy/json.hpp"

namespace eddy::services::dynamodb::errors {

AwsError validation(std::string message);
// "One or more parameter values were invalid: <detail>"
AwsError invalid_parameter(std::string_view detail);
// The data plane's "Requested resource not found".
AwsError resource_not_found();
// The control plane's "Requested resource not found: Table: <name> not found".
AwsError table_not_found(std::string_view name);
AwsError resource_in_use(std::string message);
// "The conditional request failed", carrying the item when the caller asked for it.
AwsError conditional_check_failed(const json* item = nullptr);
AwsError key_schema_mismatch();
// A request member of the wrong JSON type (a number where a string belongs ...), as AWS's
// deserializer reports it.
AwsError serialization();

// Collects constraint violations the way AWS's request validation reports them:
// "1 validation error detected: Value 'x' at 'tableName' failed to satisfy constraint: ...".
class ConstraintErrors {
 public:
  void add(std::string_view shown_value, std::string_view member, std::string_view constraint);
  // Table and index names: 3 to 255 characters of [a-zA-Z0-9_.-].
  void check_name(const json* name, std::string_view member);
  // Throws the ValidationException when anything was added.
  void throw_if_any() const;

 private:
  std::vector<std::string> errors_;
};

}  // namespace eddy::services::dynamodb::errors
