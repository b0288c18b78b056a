// Reading stored item text: whatever json::dump() wrote reads back as the same DOM, and text
// outside the compact form still reads as the general parser reads it.
#include <gtest/gtest.h>

#include <string>

#include "eddy/aws_error.hpp"
#include "services/dynamodb/values/attribute_value.hpp"
#include "services/dynamodb/values/stored_item_text.hpp"

using eddy::json;
using namespace eddy::services::dynamodb;

namespace {

void expect_round_trip(const json& item) {
  const std::string text = item.dump();
  EXPECT_EQ(stored_item_text(item), text);
  json read = parse_stored_item(text);
  EXPECT_EQ(read, item) << text;
  EXPECT_EQ(read.dump(), text);
}

TEST(DdbStoredItemText, EveryAttributeTypeReadsBack) {
  expect_round_trip(json::parse(R"({
    "pk": {"S": "sensor-17"}, "sk": {"N": "-1.5E+7"}, "blob": {"B": "AAEC"},
    "flag": {"BOOL": false}, "on": {"BOOL": true}, "nothing": {"NULL": true},
    "tags": {"SS": ["a", "b"]}, "levels": {"NS": ["1", "2.5"]}, "blobs": {"BS": ["AA==", "AQ=="]},
    "list": {"L": [{"S": "x"}, {"M": {}}, {"L": []}]},
    "map": {"M": {"z": {"S": ""}, "a": {"M": {"deep": {"N": "0"}}}}}})"));
}

TEST(DdbStoredItemText, KeysLikeTypeNamesWriteAsDumpWrites) {
  // Short upper-case keys are written without the escaping check; every other key still has it.
  expect_round_trip(json::parse(R"({"ID": {"S": "a"}, "NS": {"NS": ["1"]}, "ABCDE": {"N": "1"},
    "Ab": {"BOOL": true}, "A\"B": {"S": "q"}, "A1": {"L": [{"M": {"Z": {"NULL": true}}}]}})"));
}

TEST(DdbStoredItemText, EscapesAndUnicodeReadBack) {
  std::string every_control;
  for (char c = 1; c < 0x20; ++c) every_control.push_back(c);
  every_control.push_back('\0');
  expect_round_trip(json{{"text", {{"S", "quote \" backslash \\ slash / " + every_control}}},
                         {"utf8", {{"S", "Grüße, 東京, 😀, \x7f"}}},
                         {"key \"with\" \n escapes", {{"S", "tail\\"}}}});
}

TEST(DdbStoredItemText, EmptyItemAndDeepNesting) {
  expect_round_trip(json::object());
  json value = {{"S", "leaf"}};
  for (int i = 0; i < 32; ++i) value = {{"L", json::array({value})}};
  expect_round_trip(json{{"deep", value}});
}

TEST(DdbStoredItemText, WriterFailsOnInvalidUtf8AsDumpDoes) {
  json item = {{"s", {{"S", std::string("bad \xff byte")}}}};
  EXPECT_THROW(stored_item_text(item), json::type_error);
}

TEST(DdbStoredItemText, NumbersAndNullStillWriteAsDumpWrites) {
  json other = {{"n", 12.5}, {"i", -3}, {"u", 7u}, {"z", nullptr}, {"a", {1, "x", false}}};
  EXPECT_EQ(stored_item_text(other), other.dump());
}

TEST(DdbStoredItemText, TextOutsideTheCompactFormStillReads) {
  // Whitespace, numbers and \u escapes of non-control characters: the general parser's answer.
  for (const char* text : {R"( { "a" : { "N" : "1" } } )", R"({"n":12.5,"m":[1,-2,3e4]})",
                           R"({"s":"\u00e9\u6771\ud83d\ude00","t":"\u0041"})"})
    EXPECT_EQ(parse_stored_item(text), json::parse(text)) << text;
}

TEST(DdbStoredItemText, MalformedTextThrowsAsTheParserDoes) {
  for (const char* text : {"", "{", R"({"a":)", R"({"a":"b")", R"({"a":"b"}x)", "[1,]"})
    EXPECT_THROW(parse_stored_item(text), json::parse_error) << text;
}

TEST(DdbNormalizeItem, AnItemAlreadyNormalIsNotCopied) {
  json item = json::parse(R"({"pk": {"S": "a"}, "n": {"N": "1.5"}, "ns": {"NS": ["1", "2"]},
                              "m": {"M": {"x": {"L": [{"N": "-3"}, {"NULL": true}]}}}})");
  EXPECT_FALSE(normalize_item_if_changed(item).has_value());
  EXPECT_EQ(normalize_item(item), item);
}

TEST(DdbNormalizeItem, NumbersNotInNormalFormAreRewrittenAnywhere) {
  json item = json::parse(R"({"n": {"N": "01.50"}, "ns": {"NS": ["1", "2.0"]},
                              "m": {"M": {"x": {"L": [{"N": "+3"}]}}}})");
  auto changed = normalize_item_if_changed(item);
  ASSERT_TRUE(changed.has_value());
  EXPECT_EQ(*changed, json::parse(R"({"n": {"N": "1.5"}, "ns": {"NS": ["1", "2"]},
                                      "m": {"M": {"x": {"L": [{"N": "3"}]}}}})"));
}

TEST(DdbNormalizeItem, InvalidItemsStillFailWithAwsMessages) {
  auto message_of = [](const std::string& text) {
    try {
      normalize_item_if_changed(json::parse(text));
    } catch (const eddy::AwsError& error) {
      return error.message();
    }
    return std::string("no error");
  };
  EXPECT_EQ(message_of(R"({"s": {"SS": []}})"),
            "One or more parameter values were invalid: An string set  may not be empty");
  EXPECT_EQ(message_of(R"({"n": {"N": "x"}})"),
            "A value provided cannot be converted into a number");
  EXPECT_EQ(message_of(R"({"ns": {"NS": ["1", "1.0"]}})"), "Input collection contains duplicates");
  EXPECT_EQ(message_of(R"({"z": {"NULL": false}})"),
            "One or more parameter values were invalid: Null attribute value types must have the "
            "value of true");
  EXPECT_EQ(message_of(R"({"two": {"S": "a", "N": "1"}})"),
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
            "the supported datatypes");
  EXPECT_EQ(message_of(R"({"big": {"S": ")" + std::string(400 * 1024, 'x') + R"("}})"),
            "Item size has exceeded the maximum allowed size");
}

}  // namespace
