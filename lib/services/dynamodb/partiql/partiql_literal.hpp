#pragma once
// PartiQL literals and ? parameters as DynamoDB AttributeValues: 'text' is S, numbers are N,
// TRUE/FALSE are BOOL, NULL is NULL, [..] is L, {'k': ..} is M and a bag <<..>> is SS, NS or BS.
// Every value leaves here normalised (normalize_attribute_value), so sets are checked too.
#include <string>
#include <utility>
#include <vector>

#include "eddy/json.hpp"

namespace eddy::services::dynamodb::partiql {

class LiteralBuilder {
 public:
  // `parameters`: the request's Parameters, a JSON array of AttributeValues, or null.
  explicit LiteralBuilder(const json& parameters);

  json string(const std::string& text) const;
  json number(const std::string& text) const;
  json list(std::vector<json> elements) const;
  json bag(const std::vector<json>& elements) const;
  json structure(const std::vector<std::pair<std::string, json>>& members) const;
  // The next parameter, in order.
  json parameter();

  // Throws unless the statement used every parameter given.
  void check_all_parameters_used() const;

 private:
  json parameters_ = json::array();
  std::size_t used_ = 0;
};

}  // namespace eddy::services::dynamodb::partiql
