// DynamoDB AttributeValues: validation with AWS's messages, normalisation, item size, equality
// and ordering.
#include <gtest/gtest.h>

#include <string>

#include "ddb_number_forms.hpp"
#include "eddy/aws_error.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

using eddy::AwsError;
using eddy::json;
using namespace eddy::services::dynamodb;

namespace {

struct AttributeValueError {
  std::string code;
  std::string message;
};

AttributeValueError attribute_normalise_error(const json& value, std::string_view where = {},
                                              std::string_view key = {}) {
  try {
    normalize_attribute_value(value, where, key);
  } catch (const AwsError& error) {
    EXPECT_EQ(error.http_status(), 400);
    return {error.code(), error.message()};
  }
  return {};
}

std::string attribute_validation_message(const json& value) {
  AttributeValueError error = attribute_normalise_error(value);
  EXPECT_EQ(error.code, "ValidationException") << value.dump();
  return error.message;
}

std::string attribute_serialization_message(const json& value) {
  AttributeValueError error = attribute_normalise_error(value);
  EXPECT_EQ(error.code, "SerializationException") << value.dump();
  return error.message;
}

// A value nested in `levels` maps ({"M": {"a": {"M": ... {"S": "x"}}}}).
json attribute_nested_maps(int levels) {
  json value = {{"S", "x"}};
  for (int i = 0; i < levels; ++i) value = {{"M", {{"a", value}}}};
  return value;
}

json attribute_nested_lists(int levels) {
  json value = {{"N", "1"}};
  for (int i = 0; i < levels; ++i) value = {{"L", json::array({value})}};
  return value;
}

json av_json(const char* text) {
  return json::parse(text);
}

}  // namespace

TEST(DdbAttributeValue, NormalisesEveryType) {
  EXPECT_EQ(normalize_attribute_value(av_json(R"({"S": "héllo"})")), av_json(R"({"S": "héllo"})"));
  EXPECT_EQ(normalize_attribute_value(av_json(R"({"S": ""})")), av_json(R"({"S": ""})"));
  EXPECT_EQ(normalize_attribute_value(av_json(R"({"N": "-01.50e1"})")), av_json(R"({"N": "-15"})"));
  EXPECT_EQ(normalize_attribute_value(av_json(R"({"B": "AAEC/w=="})")),
            av_json(R"({"B": "AAEC/w=="})"));
  EXPECT_EQ(normalize_attribute_value(av_json(R"({"B": ""})")), av_json(R"({"B": ""})"));
  EXPECT_EQ(normalize_attribute_value(av_json(R"({"BOOL": false})")),
            av_json(R"({"BOOL": false})"));
  EXPECT_EQ(normalize_attribute_value(av_json(R"({"BOOL": "yes"})")), av_json(R"({"BOOL": true})"));
  EXPECT_EQ(normalize_attribute_value(av_json(R"({"NULL": true})")), av_json(R"({"NULL": true})"));
  EXPECT_EQ(normalize_attribute_value(av_json(R"({"SS": ["b", "a"]})")),
            av_json(R"({"SS": ["b", "a"]})"));
  EXPECT_EQ(normalize_attribute_value(av_json(R"({"NS": ["1.0", "2e2", "-0.50"]})")),
            av_json(R"({"NS": ["1", "200", "-0.5"]})"));
  EXPECT_EQ(normalize_attribute_value(av_json(R"({"BS": ["AQ==", "Ag=="]})")),
            av_json(R"({"BS": ["AQ==", "Ag=="]})"));
  EXPECT_EQ(
      normalize_attribute_value(av_json(
          R"({"M": {"n": {"N": "1e3"}, "l": {"L": [{"N": "0.10"}, {"NS": ["5.0"]}, {"M": {}}]}}})")),
      av_json(
          R"({"M": {"n": {"N": "1000"}, "l": {"L": [{"N": "0.1"}, {"NS": ["5"]}, {"M": {}}]}}})"));
  EXPECT_EQ(normalize_attribute_value(av_json(R"({"L": []})")), av_json(R"({"L": []})"));
  // A member given as JSON null counts as absent.
  EXPECT_EQ(normalize_attribute_value(av_json(R"({"S": "x", "N": null})")),
            av_json(R"({"S": "x"})"));
  // Members that are no AttributeValue type are ignored, as AWS's deserialiser does.
  EXPECT_EQ(normalize_attribute_value(av_json(R"({"S": "x", "Q": 1})")), av_json(R"({"S": "x"})"));
}

TEST(DdbAttributeValue, KeepsNumbersInNormalFormAndNormalisesTheRest) {
  // Short numbers already in normal form skip the Decimal round trip; every other form, however
  // close, must still come out normalised (or be refused).
  for (const char* normal : {"0", "7", "-7", "71.5", "-0.5", "0.00001", "120", "10.01",
                             "12345678901234567890123456789012345678"})
    EXPECT_EQ(normalize_attribute_value({{"N", normal}}), json({{"N", normal}})) << normal;
  const std::pair<const char*, const char*> normalised[] = {
      {"-0", "0"},    {"00", "0"},   {"0.0", "0"},      {"-0.0", "0"},
      {"5.", "5"},    {".5", "0.5"}, {"1.50", "1.5"},   {"+1", "1"},
      {"1e2", "100"}, {"010", "10"}, {"-0.50", "-0.5"}, {"0.10", "0.1"}};
  for (const auto& [given, expected] : normalised)
    EXPECT_EQ(normalize_attribute_value({{"N", given}}), json({{"N", expected}})) << given;
  EXPECT_THROW(normalize_attribute_value({{"N", "1.2.3"}}), AwsError);
  EXPECT_THROW(normalize_attribute_value({{"N", "-"}}), AwsError);
  EXPECT_THROW(normalize_attribute_value({{"N", "123456789012345678901234567890123456789"}}),
               AwsError);
}

TEST(DdbAttributeValue, RejectsBadValuesWithAwsMessages) {
  EXPECT_EQ(
      attribute_validation_message(json::object()),
      "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  EXPECT_EQ(
      attribute_validation_message(av_json(R"({"X": "1"})")),
      "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  EXPECT_EQ(
      attribute_validation_message(nullptr),
      "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  EXPECT_EQ(attribute_validation_message(av_json(R"({"S": "a", "N": "1"})")),
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
            "the supported datatypes");
  EXPECT_EQ(attribute_validation_message(av_json(R"({"N": "abc"})")),
            "A value provided cannot be converted into a number");
  EXPECT_EQ(attribute_validation_message(av_json(R"({"N": ""})")),
            "A value provided cannot be converted into a number");
  EXPECT_EQ(attribute_validation_message(av_json(R"({"N": "1e126"})")),
            "Number overflow. Attempting to store a number with magnitude larger than supported "
            "range");
  EXPECT_EQ(attribute_validation_message(av_json(R"({"NS": ["1", "1e-131"]})")),
            "Number underflow. Attempting to store a number with magnitude smaller than supported "
            "range");
  EXPECT_EQ(attribute_validation_message(json{{"N", "1" + std::string(38, '2')}}),
            "Attempting to store more than 38 significant digits in a Number");
  EXPECT_EQ(attribute_validation_message(av_json(R"({"NULL": false})")),
            "One or more parameter values were invalid: Null attribute value types must have the "
            "value of true");
  EXPECT_EQ(attribute_validation_message(av_json(R"({"SS": []})")),
            "One or more parameter values were invalid: An string set  may not be empty");
  EXPECT_EQ(attribute_validation_message(av_json(R"({"NS": []})")),
            "One or more parameter values were invalid: An number set  may not be empty");
  EXPECT_EQ(attribute_validation_message(av_json(R"({"BS": []})")),
            "One or more parameter values were invalid: Binary sets should not be empty");
  EXPECT_EQ(attribute_validation_message(av_json(R"({"SS": ["a", "b", "a"]})")),
            "One or more parameter values were invalid: Input collection [a, b, a] contains "
            "duplicates.");
  // Numbers are duplicates by value.
  EXPECT_EQ(attribute_validation_message(av_json(R"({"NS": ["1", "1.0"]})")),
            "Input collection contains duplicates");
  EXPECT_EQ(attribute_validation_message(av_json(R"({"BS": ["AQ==", "AQ=="]})")),
            "One or more parameter values were invalid: Input collection [AQ==, AQ==]of type BS "
            "contains duplicates.");
  // Errors deep inside maps and lists surface too.
  EXPECT_EQ(attribute_validation_message(av_json(R"({"M": {"a": {"L": [{"SS": []}]}}})")),
            "One or more parameter values were invalid: An string set  may not be empty");
}

TEST(DdbAttributeValue, LimitsNestingTo32Levels) {
  EXPECT_NO_THROW(normalize_attribute_value(attribute_nested_maps(32)));
  EXPECT_NO_THROW(normalize_attribute_value(attribute_nested_lists(32)));
  EXPECT_EQ(attribute_validation_message(attribute_nested_maps(33)),
            "Nesting Levels have exceeded supported limits");
  EXPECT_EQ(attribute_validation_message(attribute_nested_lists(33)),
            "Nesting Levels have exceeded supported limits");
}

TEST(DdbAttributeValue, RejectsWrongWireTypesAsSerializationErrors) {
  EXPECT_EQ(attribute_serialization_message(av_json(R"({"S": 5})")),
            "NUMBER_VALUE cannot be converted to String");
  EXPECT_EQ(attribute_serialization_message(av_json(R"({"N": 1.5})")),
            "DECIMAL_VALUE cannot be converted to String");
  EXPECT_EQ(attribute_serialization_message(av_json(R"({"S": true})")),
            "TRUE_VALUE cannot be converted to String");
  EXPECT_EQ(attribute_serialization_message(av_json(R"({"S": {}})")),
            "Start of structure or map found where not expected");
  EXPECT_EQ(attribute_serialization_message(av_json(R"({"S": []})")),
            "Unrecognized collection type class java.lang.String");
  EXPECT_EQ(attribute_serialization_message(av_json(R"({"BOOL": 1})")),
            "NUMBER_VALUE cannot be converted to Boolean");
  EXPECT_EQ(attribute_serialization_message(av_json(R"({"BOOL": "maybe"})")),
            "Unexpected token received from parser");
  EXPECT_EQ(attribute_serialization_message(av_json(R"({"B": 5})")),
            "only base-64-encoded strings are convertible to bytes");
  EXPECT_EQ(attribute_serialization_message(av_json(R"({"B": "abc"})")),
            "Base64 encoded length is expected a multiple of 4 bytes but found: 3");
  EXPECT_EQ(attribute_serialization_message(av_json(R"({"B": "AB=="})")),
            "Invalid last non-pad Base64 character dectected");
  EXPECT_EQ(attribute_serialization_message(av_json(R"({"BS": ["!!!!"]})")),
            "Invalid last non-pad Base64 character dectected");
  EXPECT_EQ(attribute_serialization_message(av_json(R"({"SS": "a"})")), "Unexpected field type");
  EXPECT_EQ(attribute_serialization_message(av_json(R"({"L": {}})")),
            "Start of structure or map found where not expected");
  EXPECT_EQ(attribute_serialization_message(av_json(R"({"M": []})")),
            "Unrecognized collection type java.util.Map<java.lang.String, "
            "com.amazonaws.dynamodb.v20120810.AttributeValue>");
  EXPECT_EQ(attribute_serialization_message(av_json(R"({"M": {"a": "x"}})")),
            "Unexpected value type in payload");
  EXPECT_EQ(attribute_serialization_message(av_json(R"({"L": [[]]})")),
            "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue");
}

TEST(DdbAttributeValue, ReportsWireShapesBeforeInvalidValues) {
  // The empty set comes first, but the deserialiser's error wins, as with AWS.
  EXPECT_EQ(
      attribute_serialization_message(av_json(R"({"L": [{"NS": []}, {"M": {"a": {"S": 5}}}]})")),
      "NUMBER_VALUE cannot be converted to String");
  try {
    normalize_item(av_json(R"({"a": {"NS": []}, "b": {"BOOL": []}})"));
    ADD_FAILURE() << "accepted";
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code(), "SerializationException");
    EXPECT_EQ(error.message(), "Unrecognized collection type class java.lang.Boolean");
  }
}

TEST(DdbAttributeValue, NamesTheValueWhereTheCallerAsks) {
  AttributeValueError error =
      attribute_normalise_error(av_json(R"({"NS": []})"), "ExpressionAttributeValues", ":v");
  EXPECT_EQ(error.code, "ValidationException");
  EXPECT_EQ(error.message,
            "ExpressionAttributeValues contains invalid value: One or more parameter values were "
            "invalid: An number set  may not be empty for key :v");
  // An attribute's name alone does not wrap the message.
  error = attribute_normalise_error(av_json(R"({"N": "x"})"), "id");
  EXPECT_EQ(error.message, "A value provided cannot be converted into a number");
}

TEST(DdbAttributeValue, NormalisesItemsAndLimitsTheirSize) {
  EXPECT_EQ(normalize_item(av_json(R"({"id": {"S": "a"}, "n": {"N": "007"}})")),
            av_json(R"({"id": {"S": "a"}, "n": {"N": "7"}})"));
  json big = {{"id", {{"S", "a"}}}, {"blob", {{"S", std::string(400 * 1024 - 7, 'x')}}}};
  // "id" + "a" + "blob" + the string: 2 + 1 + 4 + 409593 = 409600 bytes, the limit exactly.
  EXPECT_EQ(item_size(big), 400u * 1024u);
  EXPECT_NO_THROW(normalize_item(big));
  big["blob"]["S"] = std::string(400 * 1024 - 6, 'x');
  try {
    normalize_item(big);
    ADD_FAILURE() << "an item over 400 KB was accepted";
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code(), "ValidationException");
    EXPECT_EQ(error.message(), "Item size has exceeded the maximum allowed size");
  }
  try {
    normalize_item(av_json("[]"));
    ADD_FAILURE() << "an array was accepted as an item";
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code(), "SerializationException");
  }
}

TEST(DdbAttributeValue, SizesAsDynamoDbCounts) {
  EXPECT_EQ(attribute_value_size(av_json(R"({"S": "héllo"})")), 6u);  // UTF-8 bytes
  EXPECT_EQ(attribute_value_size(av_json(R"({"B": "AAEC/w=="})")), 4u);
  EXPECT_EQ(attribute_value_size(av_json(R"({"BOOL": true})")), 1u);
  EXPECT_EQ(attribute_value_size(av_json(R"({"NULL": true})")), 1u);
  EXPECT_EQ(attribute_value_size(av_json(R"({"N": "0"})")), 1u);
  EXPECT_EQ(attribute_value_size(av_json(R"({"N": "1"})")), 2u);
  // Digits are stored in pairs aligned on the exponent: 12 is one pair, 1.2 is "01" "20".
  EXPECT_EQ(attribute_value_size(av_json(R"({"N": "12"})")), 2u);
  EXPECT_EQ(attribute_value_size(av_json(R"({"N": "1.2"})")), 3u);
  EXPECT_EQ(attribute_value_size(av_json(R"({"N": "123"})")), 3u);
  EXPECT_EQ(attribute_value_size(av_json(R"({"N": "-123"})")), 4u);
  EXPECT_EQ(attribute_value_size(json{{"N", std::string(38, '9')}}), 20u);
  EXPECT_EQ(attribute_value_size(av_json(R"({"SS": ["ab", "c"]})")), 3u);
  EXPECT_EQ(attribute_value_size(av_json(R"({"NS": ["1", "12"]})")), 4u);
  EXPECT_EQ(attribute_value_size(av_json(R"({"BS": ["AQ==", "AgM="]})")), 3u);
  // Lists and maps: 3 bytes, plus 1 per element, plus the elements (and a map's names).
  EXPECT_EQ(attribute_value_size(av_json(R"({"L": []})")), 3u);
  EXPECT_EQ(attribute_value_size(av_json(R"({"L": [{"S": "ab"}, {"BOOL": true}]})")), 3u + 3u + 2u);
  EXPECT_EQ(attribute_value_size(av_json(R"({"M": {"key": {"S": "ab"}}})")), 3u + 1u + 3u + 2u);
  EXPECT_EQ(item_size(av_json(R"({"id": {"S": "abc"}, "n": {"N": "1"}})")), 2u + 3u + 1u + 2u);
}

TEST(DdbAttributeValue, SizesPlainNumbersAsTheirExponentForms) {
  // Plain text is sized without a Decimal; the same number with an exponent goes through one.
  for (const auto& [plain, exponent_form] : test::kPlainAndExponentForms)
    EXPECT_EQ(attribute_value_size(json{{"N", plain}}),
              attribute_value_size(json{{"N", exponent_form}}))
        << plain;
  // Text the plain reading leaves to Decimal still sizes: "5." and ".5" are 5 and 0.5.
  EXPECT_EQ(attribute_value_size(json{{"N", "5."}}), 2u);
  EXPECT_EQ(attribute_value_size(json{{"N", ".5"}}), 2u);
  EXPECT_EQ(attribute_value_size(json{{"N", "0.5"}}), 2u);
}

TEST(DdbAttributeValue, EqualityIsByTypeAndValue) {
  auto equal = [](const char* a, const char* b) {
    return attribute_values_equal(json::parse(a), json::parse(b));
  };
  EXPECT_TRUE(equal(R"({"S": "a"})", R"({"S": "a"})"));
  EXPECT_FALSE(equal(R"({"S": "a"})", R"({"S": "A"})"));
  EXPECT_FALSE(equal(R"({"S": "1"})", R"({"N": "1"})"));
  EXPECT_TRUE(equal(R"({"N": "1"})", R"({"N": "1.0"})"));
  EXPECT_FALSE(equal(R"({"N": "1"})", R"({"N": "-1"})"));
  EXPECT_TRUE(equal(R"({"B": "AQ=="})", R"({"B": "AQ=="})"));
  EXPECT_FALSE(equal(R"({"B": "AQ=="})", R"({"B": "Ag=="})"));
  EXPECT_TRUE(equal(R"({"BOOL": true})", R"({"BOOL": true})"));
  EXPECT_FALSE(equal(R"({"BOOL": true})", R"({"BOOL": false})"));
  EXPECT_TRUE(equal(R"({"NULL": true})", R"({"NULL": true})"));
  EXPECT_TRUE(equal(R"({"SS": ["a", "b"]})", R"({"SS": ["b", "a"]})"));
  EXPECT_FALSE(equal(R"({"SS": ["a", "b"]})", R"({"SS": ["a", "c"]})"));
  EXPECT_FALSE(equal(R"({"SS": ["a", "b"]})", R"({"SS": ["a"]})"));
  EXPECT_TRUE(equal(R"({"NS": ["1", "2"]})", R"({"NS": ["2.0", "1"]})"));
  EXPECT_TRUE(equal(R"({"BS": ["AQ==", "Ag=="]})", R"({"BS": ["Ag==", "AQ=="]})"));
  EXPECT_TRUE(equal(R"({"L": [{"N": "1"}, {"S": "x"}]})", R"({"L": [{"N": "1.00"}, {"S": "x"}]})"));
  EXPECT_FALSE(equal(R"({"L": [{"N": "1"}, {"S": "x"}]})", R"({"L": [{"S": "x"}, {"N": "1"}]})"));
  EXPECT_FALSE(equal(R"({"L": [{"N": "1"}]})", R"({"L": [{"N": "1"}, {"N": "1"}]})"));
  EXPECT_TRUE(equal(R"({"M": {"a": {"N": "1"}, "b": {"L": []}}})",
                    R"({"M": {"b": {"L": []}, "a": {"N": "1e0"}}})"));
  EXPECT_FALSE(equal(R"({"M": {"a": {"N": "1"}}})", R"({"M": {"b": {"N": "1"}}})"));
  EXPECT_FALSE(
      equal(R"({"M": {"a": {"N": "1"}}})", R"({"M": {"a": {"N": "1"}, "b": {"N": "1"}}})"));
}

TEST(DdbAttributeValue, OrdersStringsNumbersAndBinariesOnly) {
  auto compare = [](const char* a, const char* b) {
    return compare_attribute_values(json::parse(a), json::parse(b));
  };
  EXPECT_EQ(compare(R"({"S": "a"})", R"({"S": "b"})"), std::strong_ordering::less);
  EXPECT_EQ(compare(R"({"S": "ab"})", R"({"S": "a"})"), std::strong_ordering::greater);
  EXPECT_EQ(compare(R"({"S": "Z"})", R"({"S": "a"})"), std::strong_ordering::less);
  // Unsigned bytes: "é" (0xC3 0xA9) sorts after every ASCII character.
  EXPECT_EQ(compare(R"({"S": "é"})", R"({"S": "z"})"), std::strong_ordering::greater);
  EXPECT_EQ(compare(R"({"N": "10"})", R"({"N": "9"})"), std::strong_ordering::greater);
  EXPECT_EQ(compare(R"({"N": "-10"})", R"({"N": "-9"})"), std::strong_ordering::less);
  EXPECT_EQ(compare(R"({"N": "1"})", R"({"N": "1.0"})"), std::strong_ordering::equal);
  // Binaries by their bytes, not their base64 text: 0xf8 > 0x00 though "+A==" < "AA==".
  EXPECT_EQ(compare(R"({"B": "+A=="})", R"({"B": "AA=="})"), std::strong_ordering::greater);
  EXPECT_EQ(compare(R"({"B": "/w=="})", R"({"B": "AA=="})"), std::strong_ordering::greater);
  EXPECT_EQ(compare(R"({"B": ""})", R"({"B": "AA=="})"), std::strong_ordering::less);
  EXPECT_EQ(compare(R"({"S": "1"})", R"({"N": "1"})"), std::nullopt);
  EXPECT_EQ(compare(R"({"BOOL": true})", R"({"BOOL": true})"), std::nullopt);
  EXPECT_EQ(compare(R"({"SS": ["a"]})", R"({"SS": ["a"]})"), std::nullopt);
  EXPECT_EQ(compare(R"({"L": []})", R"({"L": []})"), std::nullopt);
  EXPECT_EQ(attribute_type(json::parse(R"({"NS": ["1"]})")), "NS");
  EXPECT_EQ(attribute_type(json::parse(R"({"NULL": true})")), "NULL");
  // Values that are not normalised AttributeValues have no type and compare as nothing.
  EXPECT_EQ(attribute_type(json::object()), "");
  EXPECT_EQ(attribute_type(json::parse(R"({"Q": 1})")), "");
  EXPECT_FALSE(attribute_values_equal(json::object(), json::object()));
  EXPECT_EQ(compare_attribute_values(json::object(), json::object()), std::nullopt);
}
