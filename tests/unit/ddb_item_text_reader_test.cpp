// The item reader of the request-text path: what it reads must be exactly what the json path
// makes of the same text (stored text, size, attributes), and what it cannot vouch for it must
// leave to the json path.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ddb_number_forms.hpp"
#include "eddy/aws_error.hpp"
#include "services/dynamodb/item_request_text.hpp"
#include "services/dynamodb/values/attribute_value.hpp"
#include "services/dynamodb/values/decimal.hpp"
#include "services/dynamodb/values/item_text_reader.hpp"
#include "services/dynamodb/values/stored_item_text.hpp"

using namespace eddy;
using namespace eddy::services::dynamodb;

namespace {

class DdbItemTextReaderTest : public ::testing::Test {
 protected:
  static std::optional<ItemText> read(const std::string& text) {
    JsonCursor cursor(text);
    std::optional<ItemText> item = read_item_text(cursor, true);
    if (item) {
      EXPECT_EQ(cursor.position(), text.data() + text.size()) << text;
    }
    return item;
  }

  // What the json path makes of `text`: its stored text and size, or its error.
  struct JsonPathItem {
    std::string stored_text;
    std::size_t size = 0;
  };
  static std::optional<JsonPathItem> through_json(const std::string& text) {
    try {
      json item = json::parse(text);
      std::size_t size = 0;
      std::optional<json> normalised = normalize_item_if_changed(item, &size);
      return JsonPathItem{stored_item_text(normalised ? *normalised : item), size};
    } catch (const AwsError&) {
      return std::nullopt;
    }
  }

  // Read by the text reader, and alike from both paths.
  static void expect_read_alike(const std::string& text) {
    std::optional<ItemText> item = read(text);
    ASSERT_TRUE(item) << text;
    std::optional<JsonPathItem> expected = through_json(text);
    ASSERT_TRUE(expected) << text;
    EXPECT_EQ(item->stored_text, expected->stored_text) << text;
    EXPECT_EQ(item->size, expected->size) << text;
    json parsed = json::parse(expected->stored_text);
    ASSERT_EQ(item->attributes.size(), parsed.size()) << text;
    auto member = parsed.begin();
    for (const AttributeText& attribute : item->attributes) {
      EXPECT_EQ(attribute.name, member.key());
      EXPECT_EQ(attribute.type, member->begin().key());
      if (attribute.type == "S" || attribute.type == "N" || attribute.type == "B")
        EXPECT_EQ(attribute.value, member->begin()->get<std::string>());
      else
        EXPECT_TRUE(attribute.value.empty());
      ++member;
    }
  }

  // Left to the json path.
  static void expect_not_read(const std::string& text) { EXPECT_FALSE(read(text)) << text; }
};

TEST_F(DdbItemTextReaderTest, EveryTypeReadsAsTheJsonPathStoresIt) {
  expect_read_alike(R"({"pk":{"S":"a"},"sk":{"N":"1"}})");
  expect_read_alike(
      R"({"b":{"B":"AAEC"},"bool":{"BOOL":false},"t":{"BOOL":true},"n":{"NULL":true},)"
      R"("m":{"M":{"y":{"S":"1"},"x":{"L":[{"N":"1"},{"SS":["b","a"]},{"M":{}}]}}},"l":{"L":[]},)"
      R"("ss":{"SS":["y","x"]},"ns":{"NS":["1","2.5","-3"]},"bs":{"BS":["AQ==","AA=="]},)"
      R"("e":{"M":{}},"empty":{"S":""},"eb":{"B":""},"b1":{"B":"AQI="},"b2":{"B":"AQ=="}})");
}

TEST_F(DdbItemTextReaderTest, MembersInAnyOrderAndSpacingStoreInNameOrder) {
  expect_read_alike(
      " {\n \"z\" : { \"S\" : \"x\" } ,\t\"a\":{\"N\":\"-0.5\"}, \"m\": {\"M\": "
      "{\"b\": {\"NULL\": true}, \"a\": {\"L\": [ {\"S\": \"q\"} ]}}}\r\n}");
  expect_read_alike(R"({"b":{"S":"1"},"a":{"S":"2"},"B":{"S":"3"},"aa":{"S":"4"},"":{"S":"5"}})");
}

TEST_F(DdbItemTextReaderTest, TextBeyondAsciiIsReadAsIs) {
  expect_read_alike(
      "{\"k\":{\"S\":\"Gr\xC3\xBC\xC3\x9F"
      "e, \xE6\x9D\xB1\xE4\xBA\xAC, \xF0\x9F\x98\x80\"},\"\xC3\xA9\":{\"SS\":[\"\x7F\"]}}");
  // Ill-formed UTF-8 (a lone continuation byte, an overlong form, a surrogate) is json's error.
  expect_not_read("{\"k\":{\"S\":\"\x80\"}}");
  expect_not_read("{\"k\":{\"S\":\"\xC0\xAF\"}}");
  expect_not_read("{\"k\":{\"S\":\"\xED\xA0\x80\"}}");
}

TEST_F(DdbItemTextReaderTest, NumbersInNormalFormAreReadOthersLeftToTheJsonPath) {
  for (const auto& [plain, exponent] : test::kPlainAndExponentForms) {
    const std::string plain_item = std::string(R"({"n":{"N":")") + plain + R"("}})";
    const std::string exponent_item = std::string(R"({"n":{"N":")") + exponent + R"("}})";
    if (is_plain_normal_number(plain))
      expect_read_alike(plain_item);
    else
      expect_not_read(plain_item);
    expect_not_read(exponent_item);
    // Either way the json path stores the same number.
    EXPECT_EQ(through_json(plain_item)->stored_text, through_json(exponent_item)->stored_text);
  }
  for (const char* number : {"1.50", "+1", "-0", "00", ".5", "5.", "1e3", "", "-", "abc"})
    expect_not_read(std::string(R"({"n":{"N":")") + number + R"("}})");
  expect_not_read(R"({"n":{"NS":["1","1.0"]}})");
  expect_read_alike(R"({"n":{"NS":["0.1","-0.1","10"]}})");
}

TEST_F(DdbItemTextReaderTest, AnythingInvalidOrUnusualIsLeftToTheJsonPath) {
  for (const char* text : {
           R"({"k":{"S":"a\"b"}})",             // an escape
           R"({"k":{"S":"a\u0041"}})",          // a \u escape
           R"({"k\n":{"S":"a"}})",              // an escape in a name
           R"({"k":{"SS":[]}})",                // empty sets
           R"({"k":{"NS":[]}})",                //
           R"({"k":{"BS":[]}})",                //
           R"({"k":{"SS":["a","a"]}})",         // duplicates
           R"({"k":{"BS":["AA==","AA=="]}})",   //
           R"({"k":{"NULL":false}})",           // NULL false
           R"({"k":{"BOOL":"true"}})",          // a boolean written as text
           R"({"k":{"S":"a","N":"1"}})",        // two types
           R"({"k":{"S":"a","N":null}})",       // a type and a null
           R"({"k":{"X":"a"}})",                // no such type
           R"({"k":{}})",                       // no type
           R"({"k":{"S":null}})",               //
           R"({"k":null})",                     //
           R"({"k":{"N":1}})",                  // a JSON number
           R"({"k":{"S":1}})",                  //
           R"({"k":{"L":{}}})",                 // a map for a list
           R"({"k":{"M":[]}})",                 //
           R"({"k":{"B":"AB=="}})",             // base64 not canonical
           R"({"k":{"B":"AAE"}})",              //
           R"({"k":{"B":"A==="}})",             //
           R"({"k":{"B":"AA-="}})",             //
           R"({"k":{"S":"a"},"k":{"S":"b"}})",  // a repeated name
           R"({"m":{"M":{"a":{"S":"1"},"a":{"S":"2"}}}})",
           R"({"k":{"S":"a"},})",  // malformed
           R"({"k":{"S":"a"})",    //
           R"([])",                //
           R"("item")",            //
       })
    expect_not_read(text);
}

TEST_F(DdbItemTextReaderTest, DeepNestingAndLargeItemsAreLeftToTheJsonPath) {
  std::string shallow = R"({"L":[]})";
  for (int i = 0; i < 20; ++i) shallow = R"({"L":[)" + shallow + "]}";
  expect_read_alike(R"({"k":)" + shallow + "}");
  std::string deep = R"({"S":"x"})";
  for (int i = 0; i < 40; ++i) deep = R"({"M":{"m":)" + deep + "}}";
  expect_not_read(R"({"k":)" + deep + "}");

  const std::string big(400 * 1024, 'x');
  expect_not_read(R"({"k":{"S":")" + big + R"("}})");
  expect_read_alike(R"({"k":{"S":")" + big.substr(0, 300 * 1024) + R"("}})");
}

TEST_F(DdbItemTextReaderTest, ARequestIsReadWithItsOtherMembersAsText) {
  std::optional<ItemRequestText> put = read_item_request_text(
      R"j({"TableName":"t","Item":{"k":{"S":"v"}},"ReturnValues":"ALL_OLD",)j"
      R"j("ConditionExpression":"attribute_not_exists(k)",)j"
      R"j("ExpressionAttributeValues": {":v":{"N":"1"}} })j",
      kPutItemTextShape);
  ASSERT_TRUE(put);
  EXPECT_EQ(put->table_name, "t");
  EXPECT_EQ(put->item.stored_text, R"({"k":{"S":"v"}})");
  EXPECT_EQ(put->others_text, R"j({"ReturnValues":"ALL_OLD",)j"
                              R"j("ConditionExpression":"attribute_not_exists(k)",)j"
                              R"j("ExpressionAttributeValues":{":v":{"N":"1"}}})j");

  std::optional<ItemRequestText> get = read_item_request_text(
      R"( { "Key" : {"k":{"S":"v"}} , "TableName" : "t" , "ConsistentRead" : true } )",
      kGetItemTextShape);
  ASSERT_TRUE(get);
  EXPECT_EQ(get->item.attributes.size(), 1U);
  EXPECT_EQ(get->others_text, R"({"ConsistentRead":true })");
  EXPECT_EQ(other_members_json(*get, ""), json::parse(R"({"ConsistentRead":true})"));

  // The benchmark's UpdateItem, as wrk sends it: its Key read, its expressions kept as text.
  std::optional<ItemRequestText> update =
      read_item_request_text(R"({"TableName":"bench","Key":{"pk":{"S":"get-7"},"sk":{"N":"0"}},)"
                             R"("UpdateExpression":"SET hits = if_not_exists(hits, :zero) + :one",)"
                             R"j("ConditionExpression":"attribute_exists(pk)",)j"
                             R"("ExpressionAttributeValues":{":zero":{"N":"0"},":one":{"N":"1"}}})",
                             kUpdateItemTextShape);
  ASSERT_TRUE(update);
  EXPECT_EQ(update->item.stored_text, R"({"pk":{"S":"get-7"},"sk":{"N":"0"}})");
  EXPECT_EQ(other_members_json(*update, "")["ExpressionAttributeValues"][":one"]["N"], "1");

  for (const char* body : {
           R"({"TableName":"t"})",                                    // no item
           R"({"Item":{"k":{"S":"v"}}})",                             // no table
           R"({"TableName":"t","Item":{"k":{"S":"v"}},"Other":1})",   // a member not listed
           R"({"TableName":"t","Item":{"k":{"S":"v"}},"Key":{}})",    // another operation's
           R"({"TableName":"t","TableName":"u","Item":{}})",          // repeated
           R"({"TableName":"t\u0041","Item":{}})",                    // an escape
           R"({"TableName":null,"Item":{}})",                         //
           R"({"TableName":"t","Item":{},"ReturnValues":"NONE"} x)",  //
           R"({"TableName":"t","Item":{},"ReturnValues":["NONE"})",   //
           "",
       })
    EXPECT_FALSE(read_item_request_text(body, kPutItemTextShape)) << body;
}

}  // namespace
