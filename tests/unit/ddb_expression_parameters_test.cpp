// Expression members against legacy members, and placeholders without expressions.
#include "ddb_expression_test_support.hpp"
#include "services/dynamodb/expressions/expression_parameters.hpp"

using namespace ddb_expression_test;
using eddy::services::dynamodb::check_expression_parameters;

namespace {

std::string update_item_parameters_error(const std::string& request) {
  return validation_message([&] {
    check_expression_parameters(parse_json(request), {"UpdateExpression", "ConditionExpression"},
                                {"AttributeUpdates", "Expected"});
  });
}

std::string query_parameters_error(const std::string& request) {
  return validation_message([&] {
    check_expression_parameters(
        parse_json(request), {"ProjectionExpression", "FilterExpression", "KeyConditionExpression"},
        {"AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"});
  });
}

}  // namespace

TEST(DdbExpressionParameters, ExpressionsAndLegacyMembersDoNotMix) {
  EXPECT_EQ(update_item_parameters_error(
                R"({"UpdateExpression":"SET a = :v","Expected":{},"AttributeUpdates":{}})"),
            "Can not use both expression and non-expression parameters in the same request: "
            "Non-expression parameters: {AttributeUpdates, Expected} Expression parameters: "
            "{UpdateExpression}");
  EXPECT_EQ(query_parameters_error(R"({"ProjectionExpression":"a","QueryFilter":{}})"),
            "Can not use both expression and non-expression parameters in the same request: "
            "Non-expression parameters: {QueryFilter} Expression parameters: "
            "{ProjectionExpression}");
  // A query may keep legacy KeyConditions beside a FilterExpression...
  EXPECT_EQ(query_parameters_error(R"({"FilterExpression":"a = :v","KeyConditions":{}})"), "");
  // ...but not beside a KeyConditionExpression.
  EXPECT_EQ(query_parameters_error(R"({"KeyConditionExpression":"a = :v","KeyConditions":{}})"),
            "Can not use both expression and non-expression parameters in the same request: "
            "Non-expression parameters: {KeyConditions} Expression parameters: "
            "{KeyConditionExpression}");
}

TEST(DdbExpressionParameters, PlaceholdersNeedExpressions) {
  EXPECT_EQ(update_item_parameters_error(R"({"ExpressionAttributeNames":{"#a":"a"}})"),
            "ExpressionAttributeNames can only be specified when using expressions");
  EXPECT_EQ(update_item_parameters_error(R"({"ExpressionAttributeValues":{":a":{"S":"a"}}})"),
            "ExpressionAttributeValues can only be specified when using expressions: "
            "UpdateExpression and ConditionExpression are null");
  EXPECT_EQ(query_parameters_error(
                R"({"ProjectionExpression":"a","ExpressionAttributeValues":{":a":{"S":"a"}}})"),
            "ExpressionAttributeValues can only be specified when using expressions: "
            "FilterExpression and KeyConditionExpression are null");
  EXPECT_EQ(update_item_parameters_error(
                R"({"ConditionExpression":"a = :a","ExpressionAttributeValues":{":a":{"S":"a"}}})"),
            "");
}
