#include "services/dynamodb/partiql/partiql_literal.hpp"

#include <set>

#include "eddy/aws_error.hpp"
#include "services/dynamodb/values/attribute_value.hpp"
#include "services/dynamodb/values/decimal.hpp"

namespace eddy::services::dynamodb::partiql {
namespace {

[[noreturn]] void throw_parameter_count_mismatch() {
  throw AwsError("ValidationException",
                 "Number of parameters in request and statement don't match.");
}

}  // namespace

LiteralBuilder::LiteralBuilder(const json& parameters) {
  if (parameters.is_array()) parameters_ = parameters;
}

json LiteralBuilder::string(const std::string& text) const {
  return {{"S", text}};
}

json LiteralBuilder::number(const std::string& text) const {
  return {{"N", Decimal::parse(text).to_string()}};
}

json LiteralBuilder::list(std::vector<json> elements) const {
  return {{"L", json(std::move(elements))}};
}

json LiteralBuilder::bag(const std::vector<json>& elements) const {
  if (elements.empty()) throw AwsError("ValidationException", "Empty bags are not supported");
  const std::string_view member_type = elements.front().begin().key();
  json members = json::array();
  for (const json& element : elements) {
    const std::string_view type = element.begin().key();
    if (type != member_type || (type != "S" && type != "N" && type != "B"))
      throw AwsError("ValidationException",
                     "Unsupported data type in Bag. DynamoDB only supports either numbers or "
                     "strings in bags");
    members.push_back(element.begin().value());
  }
  return normalize_attribute_value({{std::string(member_type) + "S", members}});
}

json LiteralBuilder::structure(const std::vector<std::pair<std::string, json>>& members) const {
  json map = json::object();
  for (const auto& [key, value] : members) {
    if (map.contains(key))
      throw AwsError("ValidationException", "Duplicate keys in tuple. Key: " + key + " under root");
    map[key] = value;
  }
  return {{"M", std::move(map)}};
}

json LiteralBuilder::parameter() {
  if (used_ >= parameters_.size()) throw_parameter_count_mismatch();
  return normalize_attribute_value(parameters_[used_++]);
}

void LiteralBuilder::check_all_parameters_used() const {
  if (used_ != parameters_.size()) throw_parameter_count_mismatch();
}

}  // namespace eddy::services::dynamodb::partiql
