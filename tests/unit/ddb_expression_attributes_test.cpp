// ExpressionAttributeNames and ExpressionAttributeValues: format, definition and use.
#include "ddb_expression_test_support.hpp"
#include "services/dynamodb/expressions/projection.hpp"

using namespace ddb_expression_test;
using namespace eddy::services::dynamodb;

namespace {

std::string attributes_error(const std::string& request) {
  return validation_message([&] { ExpressionAttributes attributes(parse_json(request)); });
}

}  // namespace

TEST(DdbExpressionAttributes, EmptyMapsAreRejected) {
  EXPECT_EQ(attributes_error(R"({"ExpressionAttributeNames":{}})"),
            "ExpressionAttributeNames must not be empty");
  EXPECT_EQ(attributes_error(R"({"ExpressionAttributeValues":{}})"),
            "ExpressionAttributeValues must not be empty");
}

TEST(DdbExpressionAttributes, KeysMustBePlaceholders) {
  EXPECT_EQ(attributes_error(R"({"ExpressionAttributeNames":{"a":"b"}})"),
            "ExpressionAttributeNames contains invalid key: Syntax error; key: \"a\"");
  EXPECT_EQ(attributes_error(R"({"ExpressionAttributeNames":{"#a-b":"b"}})"),
            "ExpressionAttributeNames contains invalid key: Syntax error; key: \"#a-b\"");
  EXPECT_EQ(attributes_error(R"({"ExpressionAttributeValues":{"v":{"S":"x"}}})"),
            "ExpressionAttributeValues contains invalid key: Syntax error; key: \"v\"");
  EXPECT_EQ(attributes_error(R"({"ExpressionAttributeValues":{":":{"S":"x"}}})"),
            "ExpressionAttributeValues contains invalid key: Syntax error; key: \":\"");
  EXPECT_EQ(attributes_error(R"({"ExpressionAttributeNames":{"#a_1":"b"},
                                 "ExpressionAttributeValues":{":V_2":{"S":"x"}}})"),
            "");
}

TEST(DdbExpressionAttributes, ValuesAreValidatedAndNormalised) {
  EXPECT_EQ(attributes_error(R"({"ExpressionAttributeValues":{":v":{"SS":[]}}})"),
            "ExpressionAttributeValues contains invalid value: One or more parameter values were "
            "invalid: An string set  may not be empty for key :v");
  ExpressionAttributes attributes(
      parse_json(R"({"ExpressionAttributeValues":{":v":{"N":"1.50"}}})"));
  EXPECT_EQ(attributes.value(":v"), parse_json(R"({"N":"1.5"})"));
}

TEST(DdbExpressionAttributes, UnusedEntriesAreRejectedOnceEveryExpressionIsParsed) {
  ExpressionAttributes attributes(parse_json(R"({
    "ExpressionAttributeNames":{"#a":"a","#b":"b","#c":"c"},
    "ExpressionAttributeValues":{":x":{"S":"x"},":y":{"S":"y"}}})"));
  Condition::parse("#a = :x", attributes, "FilterExpression");
  EXPECT_EQ(validation_message([&] { attributes.check_all_used(); }),
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b, #c}");
  Projection::parse("#b, #c", attributes);
  EXPECT_EQ(validation_message([&] { attributes.check_all_used(); }),
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:y}");
  Condition::parse("#a = :y", attributes, "ConditionExpression");
  EXPECT_EQ(validation_message([&] { attributes.check_all_used(); }), "");
}

TEST(DdbExpressionAttributes, UndefinedPlaceholdersFromTheAccessors) {
  ExpressionAttributes attributes(parse_json("{}"));
  EXPECT_EQ(validation_message([&] { attributes.name("#n"); }),
            "An expression attribute name used in the document path is not defined; attribute "
            "name: #n");
  EXPECT_EQ(validation_message([&] { attributes.value(":v"); }),
            "An expression attribute value used in expression is not defined; attribute value: :v");
}

TEST(DdbExpressionAttributes, NamesMayHoldAnyText) {
  EXPECT_TRUE(condition_matches("#d = :v", R"({"ExpressionAttributeNames":{"#d":"a.b-c d"},
                     "ExpressionAttributeValues":{":v":{"N":"1"}}})",
                                R"({"a.b-c d":{"N":"1"}})"));
}
