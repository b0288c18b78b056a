#pragma once
// A request's ExpressionAttributeNames and ExpressionAttributeValues, shared by every expression
// of that request (a Query's key condition, filter and projection together). Parsing an
// expression resolves #names and :values here and records their use; once all of the request's
// expressions are parsed, check_all_used() rejects entries no expression used, as AWS does.
#include <set>
#include <string>
#include <string_view>

#include "eddy/json.hpp"

namespace eddy::services::dynamodb {

class ExpressionAttributes {
 public:
  // Reads the request's members, checking their format; values are normalised
  // (normalize_attribute_value). Throws ValidationException as AWS does (for example
  // "ExpressionAttributeValues must not be empty", "ExpressionAttributeNames contains invalid
  // key").
  explicit ExpressionAttributes(const json& request);

  // "#n" -> the attribute name. Throws ValidationException ("Value provided in
  // ExpressionAttributeNames unused..." is check_all_used's; this one is "An expression attribute
  // name used in the document path is not defined; attribute name: #n").
  const std::string& name(std::string_view placeholder);
  // ":v" -> the value ("An expression attribute value used in expression is not defined; attribute
  // value: :v").
  const json& value(std::string_view placeholder);

  // Throws "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}" or
  // the same for ExpressionAttributeValues.
  void check_all_used() const;

 private:
  // Null until the request gives them (most give neither or one): an empty object allocates.
  json names_;
  json values_;
  std::set<std::string, std::less<>> used_names_;
  std::set<std::string, std::less<>> used_values_;
};

}  // namespace eddy::services::dynamodb
