// The legacy forms: Expected (with ConditionalOperator), QueryFilter / ScanFilter and
// AttributeUpdates.
#include "ddb_expression_test_support.hpp"

using namespace ddb_expression_test;
using namespace eddy::services::dynamodb;

namespace {

const char* kLegacyItem = R"({"id":{"S":"abc"}, "n":{"N":"5"}, "tags":{"SS":["a","b"]},
                        "seq":{"L":[{"S":"x"}]}})";

bool legacy_matches(const std::string& conditions, const std::string& op = "",
                    const std::string& parameter = "Expected") {
  return Condition::from_legacy(parse_json(conditions), op, parameter)
      .matches(parse_json(kLegacyItem));
}

std::string legacy_error(const std::string& conditions, const std::string& parameter = "Expected") {
  return validation_message([&] { Condition::from_legacy(parse_json(conditions), "", parameter); });
}

json legacy_update(const std::string& updates, const std::string& item = kLegacyItem) {
  return Update::from_attribute_updates(parse_json(updates)).apply(parse_json(item));
}

std::string legacy_update_error(const std::string& updates) {
  return validation_message([&] { legacy_update(updates); });
}

}  // namespace

TEST(DdbExpressionLegacy, ExpectedValueAndExists) {
  EXPECT_TRUE(legacy_matches(R"({"id":{"Value":{"S":"abc"}}})"));
  EXPECT_TRUE(legacy_matches(R"({"id":{"Value":{"S":"abc"},"Exists":true}})"));
  EXPECT_FALSE(legacy_matches(R"({"id":{"Value":{"S":"x"}}})"));
  EXPECT_TRUE(legacy_matches(R"({"zz":{"Exists":false}})"));
  EXPECT_FALSE(legacy_matches(R"({"id":{"Exists":false}})"));
  EXPECT_TRUE(legacy_matches("{}"));
}

TEST(DdbExpressionLegacy, EveryComparisonOperator) {
  const auto check = [](const std::string& attribute, const std::string& op,
                        const std::string& values) {
    return legacy_matches(R"({")" + attribute + R"(":{"ComparisonOperator":")" + op +
                              R"(","AttributeValueList":)" + values + "}}",
                          "", "ScanFilter");
  };
  EXPECT_TRUE(check("n", "EQ", R"([{"N":"5.0"}])"));
  EXPECT_TRUE(check("n", "NE", R"([{"N":"4"}])"));
  EXPECT_TRUE(check("zz", "NE", R"([{"N":"4"}])"));
  EXPECT_TRUE(check("n", "LE", R"([{"N":"5"}])"));
  EXPECT_FALSE(check("n", "LT", R"([{"N":"5"}])"));
  EXPECT_TRUE(check("n", "GE", R"([{"N":"5"}])"));
  EXPECT_FALSE(check("n", "GT", R"([{"N":"5"}])"));
  EXPECT_TRUE(check("n", "NOT_NULL", "[]"));
  EXPECT_TRUE(check("zz", "NULL", "[]"));
  EXPECT_TRUE(check("tags", "CONTAINS", R"([{"S":"a"}])"));
  EXPECT_TRUE(check("id", "CONTAINS", R"([{"S":"bc"}])"));
  EXPECT_TRUE(check("tags", "NOT_CONTAINS", R"([{"S":"z"}])"));
  EXPECT_FALSE(check("tags", "NOT_CONTAINS", R"([{"S":"a"}])"));
  EXPECT_FALSE(check("zz", "NOT_CONTAINS", R"([{"S":"z"}])"));  // unlike NE, false when missing
  EXPECT_TRUE(check("id", "BEGINS_WITH", R"([{"S":"ab"}])"));
  EXPECT_TRUE(check("n", "IN", R"([{"N":"1"},{"N":"5"}])"));
  EXPECT_TRUE(check("n", "BETWEEN", R"([{"N":"1"},{"N":"5"}])"));
  EXPECT_FALSE(check("id", "BETWEEN", R"([{"N":"1"},{"N":"5"}])"));
}

TEST(DdbExpressionLegacy, ConditionalOperator) {
  const char* conditions = R"({"id":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"no"}]},
                               "n":{"ComparisonOperator":"EQ","AttributeValueList":[{"N":"5"}]}})";
  EXPECT_FALSE(legacy_matches(conditions, "AND", "QueryFilter"));
  EXPECT_FALSE(legacy_matches(conditions, "", "QueryFilter"));
  EXPECT_TRUE(legacy_matches(conditions, "OR", "QueryFilter"));
}

TEST(DdbExpressionLegacy, ExpectedMessages) {
  const std::string prefix = "One or more parameter values were invalid: ";
  EXPECT_EQ(legacy_error(R"({"a":{"Value":{"S":"x"},"AttributeValueList":[{"S":"x"}]}})"),
            prefix + "Value and AttributeValueList cannot be used together for Attribute: a");
  EXPECT_EQ(legacy_error(R"({"a":{"ComparisonOperator":"NULL","Exists":false}})"),
            prefix + "Exists and ComparisonOperator cannot be used together for Attribute: a");
  EXPECT_EQ(legacy_error(R"({"a":{"ComparisonOperator":"EQ"}})"),
            prefix +
                "Value or AttributeValueList must be used with ComparisonOperator: EQ for "
                "Attribute: a");
  EXPECT_EQ(
      legacy_error(R"({"a":{"AttributeValueList":[{"S":"x"}]}})"),
      prefix + "AttributeValueList can only be used with a ComparisonOperator for Attribute: a");
  EXPECT_EQ(legacy_error(R"({"a":{"Exists":true}})"),
            prefix + "Value must be provided when Exists is true for Attribute: a");
  EXPECT_EQ(legacy_error(R"({"a":{}})"),
            prefix + "Value must be provided when Exists is null for Attribute: a");
  EXPECT_EQ(legacy_error(R"({"a":{"Exists":false,"Value":{"S":"x"}}})"),
            prefix + "Value cannot be used when Exists is false for Attribute: a");
  EXPECT_TRUE(legacy_matches(R"({"n":{"ComparisonOperator":"GT","Value":{"N":"1"}}})"));
}

TEST(DdbExpressionLegacy, ComparisonOperatorMessages) {
  const std::string prefix = "One or more parameter values were invalid: ";
  EXPECT_EQ(
      legacy_error(R"({"a":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"1"}]}})",
                   "ScanFilter"),
      prefix + "Invalid number of argument(s) for the BETWEEN ComparisonOperator");
  EXPECT_EQ(legacy_error(R"({"a":{"ComparisonOperator":"NULL","AttributeValueList":[{"N":"1"}]}})",
                         "ScanFilter"),
            prefix + "Invalid number of argument(s) for the NULL ComparisonOperator");
  EXPECT_EQ(legacy_error(
                R"({"a":{"ComparisonOperator":"IN","AttributeValueList":[{"N":"1"},{"S":"x"}]}})",
                "ScanFilter"),
            prefix + "AttributeValues inside AttributeValueList must be of same type");
  EXPECT_EQ(legacy_error(R"({"a":{"ComparisonOperator":"LT","AttributeValueList":[{"SS":["x"]}]}})",
                         "ScanFilter"),
            prefix + "ComparisonOperator LT is not valid for SS AttributeValue type");
  EXPECT_EQ(
      legacy_error(R"({"a":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"N":"1"}]}})",
                   "ScanFilter"),
      prefix + "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type");
  EXPECT_EQ(
      legacy_error(
          R"({"a":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"9"},{"N":"1"}]}})",
          "ScanFilter"),
      "The BETWEEN condition was provided a range where the lower bound is greater than the "
      "upper bound");
}

TEST(DdbExpressionLegacy, AttributeUpdatesPutAddDelete) {
  const auto item = legacy_update(R"({
    "id2":{"Value":{"S":"v"}}, "n":{"Action":"ADD","Value":{"N":"1.5"}},
    "tags":{"Action":"DELETE","Value":{"SS":["a"]}}, "seq":{"Action":"ADD","Value":{"L":[{"S":"y"}]}},
    "fresh":{"Action":"ADD","Value":{"NS":["1"]}}})");
  EXPECT_EQ(item, parse_json(R"({"id":{"S":"abc"}, "id2":{"S":"v"}, "n":{"N":"6.5"},
      "tags":{"SS":["b"]}, "seq":{"L":[{"S":"x"},{"S":"y"}]}, "fresh":{"NS":["1"]}})"));
  EXPECT_FALSE(legacy_update(R"({"tags":{"Action":"DELETE"}})").contains("tags"));
  EXPECT_EQ(legacy_update(R"({"id":{"Action":"PUT","Value":{"N":"1"}}})")["id"],
            parse_json(R"({"N":"1"})"));
}

TEST(DdbExpressionLegacy, AttributeUpdatesMessages) {
  const std::string prefix = "One or more parameter values were invalid: ";
  EXPECT_EQ(legacy_update_error(R"({"a":{"Action":"PUT"}})"),
            prefix + "Only DELETE action is allowed when no attribute value is specified");
  EXPECT_EQ(legacy_update_error(R"({"a":{"Action":"DELETE","Value":{"S":"x"}}})"),
            prefix + "DELETE action with value is not supported for the type S");
  EXPECT_EQ(legacy_update_error(R"({"a":{"Action":"ADD","Value":{"S":"x"}}})"),
            prefix + "ADD action is not supported for the type S");
  EXPECT_EQ(legacy_update_error(R"({"id":{"Action":"ADD","Value":{"N":"1"}}})"),
            "Type mismatch for attribute to update");
  EXPECT_EQ(legacy_update_error(R"({"tags":{"Action":"DELETE","Value":{"NS":["1"]}}})"),
            "Type mismatch for attribute to update");
}
