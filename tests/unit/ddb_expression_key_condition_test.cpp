// KeyConditionExpression and KeyConditions against a key schema.
#include "ddb_expression_test_support.hpp"
#include "services/dynamodb/expressions/key_condition.hpp"

using namespace ddb_expression_test;
using namespace eddy::services::dynamodb;

namespace {

const char* kKeyConditionValues = R"({"ExpressionAttributeValues":{
  ":h":{"S":"user"}, ":lo":{"N":"1"}, ":hi":{"N":"9"}, ":p":{"S":"ab"}, ":n":{"N":"5"}}})";

const KeySchemaNames kKeyConditionHashRange{"pk", "sk"};
const KeySchemaNames kKeyConditionHashOnly{"pk", std::nullopt};

KeyCondition parse_key(const std::string& expression,
                       const KeySchemaNames& schema = kKeyConditionHashRange) {
  ExpressionAttributes attributes(parse_json(kKeyConditionValues));
  return KeyCondition::parse(expression, attributes, schema);
}

std::string key_error(const std::string& expression,
                      const KeySchemaNames& schema = kKeyConditionHashRange) {
  return validation_message([&] { parse_key(expression, schema); });
}

std::string legacy_key_error(const std::string& conditions,
                             const KeySchemaNames& schema = kKeyConditionHashRange) {
  return validation_message([&] { KeyCondition::from_legacy(parse_json(conditions), schema); });
}

}  // namespace

TEST(DdbExpressionKeyCondition, HashEqualityAlone) {
  const auto condition = parse_key("pk = :h");
  EXPECT_EQ(condition.hash_value, parse_json(R"({"S":"user"})"));
  EXPECT_FALSE(condition.sort.has_value());
  EXPECT_FALSE(parse_key("pk = :h", kKeyConditionHashOnly).sort.has_value());
}

TEST(DdbExpressionKeyCondition, EverySortKeyOperator) {
  const std::vector<std::pair<std::string, SortKeyOperator>> cases{
      {"sk = :n", SortKeyOperator::eq},
      {"sk < :n", SortKeyOperator::lt},
      {"sk <= :n", SortKeyOperator::le},
      {"sk > :n", SortKeyOperator::gt},
      {"sk >= :n", SortKeyOperator::ge},
      {":n > sk", SortKeyOperator::lt},
      {":n <= sk", SortKeyOperator::ge},
      {"sk BETWEEN :lo AND :hi", SortKeyOperator::between},
      {"begins_with(sk, :p)", SortKeyOperator::begins_with},
  };
  for (const auto& [text, op] : cases) {
    const auto condition = parse_key("pk = :h AND " + text);
    ASSERT_TRUE(condition.sort.has_value()) << text;
    EXPECT_EQ(condition.sort->op, op) << text;
  }
  const auto between = parse_key("sk BETWEEN :lo AND :hi AND pk = :h");
  EXPECT_EQ(between.sort->value, parse_json(R"({"N":"1"})"));
  EXPECT_EQ(between.sort->upper, parse_json(R"({"N":"9"})"));
}

TEST(DdbExpressionKeyCondition, OperatorsAQueryCannotUse) {
  EXPECT_EQ(key_error("pk = :h OR sk = :n"), "Invalid operator used in KeyConditionExpression: OR");
  EXPECT_EQ(key_error("pk = :h AND NOT sk = :n"),
            "Invalid operator used in KeyConditionExpression: NOT");
  EXPECT_EQ(key_error("pk = :h AND sk IN (:n)"),
            "Invalid operator used in KeyConditionExpression: IN");
  EXPECT_EQ(key_error("pk = :h AND sk <> :n"),
            "Invalid operator used in KeyConditionExpression: <>");
  EXPECT_EQ(key_error("pk = :h AND attribute_exists(sk)"),
            "Invalid operator used in KeyConditionExpression: attribute_exists");
  EXPECT_EQ(key_error("pk = :h AND contains(sk, :p)"),
            "Invalid operator used in KeyConditionExpression: contains");
  EXPECT_EQ(key_error("pk = :h AND size(sk) > :n"),
            "KeyConditionExpressions cannot contain nested operations");
}

TEST(DdbExpressionKeyCondition, ConditionShapes) {
  EXPECT_EQ(key_error("pk = :h AND :lo BETWEEN sk AND :hi"),
            "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key "
            "attribute as its first operand");
  EXPECT_EQ(key_error("pk = :h AND begins_with(:p, sk)"),
            "Invalid condition in KeyConditionExpression: begins_with operator must have the key "
            "attribute as its first operand");
  EXPECT_EQ(key_error("pk = sk"),
            "Invalid condition in KeyConditionExpression: Multiple attribute names used in one "
            "condition");
  EXPECT_EQ(key_error("pk = :h AND :lo = :hi"),
            "Invalid condition in KeyConditionExpression: No key attribute specified");
  EXPECT_EQ(key_error("pk.x = :h"),
            "KeyConditionExpressions cannot have conditions on nested attributes");
  EXPECT_EQ(key_error("pk = :h AND pk = :h"),
            "KeyConditionExpressions must only contain one condition per key");
}

TEST(DdbExpressionKeyCondition, SchemaChecks) {
  EXPECT_EQ(key_error("sk = :n"), "Query condition missed key schema element: pk");
  EXPECT_EQ(key_error("pk = :h AND extra = :n"), "Query condition missed key schema element: sk");
  EXPECT_EQ(key_error("pk = :h AND sk = :n", kKeyConditionHashOnly),
            "Query key condition not supported");
  EXPECT_EQ(key_error("pk < :h"), "Query key condition not supported");
  EXPECT_EQ(key_error("begins_with(pk, :p)"), "Query key condition not supported");
  EXPECT_EQ(key_error("pk = :h AND sk = :n AND c = :n"), "Conditions can be of length 1 or 2 only");
}

TEST(DdbExpressionKeyCondition, ParseTimeErrorsKeepTheirPrefix) {
  EXPECT_EQ(key_error("pk = :h AND sk BETWEEN :hi AND :lo"),
            "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be "
            "greater than or equal to lower bound; lower bound operand: AttributeValue: {N:9}, "
            "upper bound operand: AttributeValue: {N:1}");
  EXPECT_EQ(key_error("pk = :h AND begins_with(sk, :n)"),
            "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: begins_with, operand type: N");
  EXPECT_EQ(key_error("pk = :h AND"),
            "Invalid KeyConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\"");
}

TEST(DdbExpressionKeyCondition, LegacyKeyConditions) {
  const auto condition = KeyCondition::from_legacy(
      parse_json(R"({"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"u"}]},
                     "sk":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"S":"a"}]}})"),
      kKeyConditionHashRange);
  EXPECT_EQ(condition.hash_value, parse_json(R"({"S":"u"})"));
  EXPECT_EQ(condition.sort->op, SortKeyOperator::begins_with);
  EXPECT_EQ(legacy_key_error(R"({"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"u"}]},
                                 "sk":{"ComparisonOperator":"NE","AttributeValueList":[{"N":"1"}]}})"),
            "Attempted conditional constraint is not an indexable operation");
  EXPECT_EQ(
      legacy_key_error(R"({"pk":{"ComparisonOperator":"GT","AttributeValueList":[{"S":"u"}]}})"),
      "Query key condition not supported");
  EXPECT_EQ(legacy_key_error(R"({"pk":{"ComparisonOperator":"EQ","AttributeValueList":[]}})"),
            "One or more parameter values were invalid: Invalid number of argument(s) for the EQ "
            "ComparisonOperator");
  EXPECT_EQ(
      legacy_key_error(R"({"sk":{"ComparisonOperator":"EQ","AttributeValueList":[{"N":"1"}]}})"),
      "Query condition missed key schema element: pk");
}
