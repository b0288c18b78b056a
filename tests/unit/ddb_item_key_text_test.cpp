// LastEvaluatedKey cut from an item's stored text: byte for byte the dump() of the key that
// parsing the item and picking its key attributes gives.
#include <gtest/gtest.h>

#include "services/dynamodb/item_key_text.hpp"
#include "services/dynamodb/item_pages.hpp"
#include "services/dynamodb/values/stored_item_text.hpp"

using eddy::json;
using namespace eddy::services::dynamodb;

namespace {

Table table_keyed(std::string hash, std::optional<std::string> range) {
  Table table;
  table.keys = {std::move(hash), std::move(range)};
  return table;
}

void expect_key_as_parsed(const Table& table, const SecondaryIndex* index, const json& item) {
  std::string text = stored_item_text(item);
  EXPECT_EQ(last_evaluated_key_text(table, index, text), last_key_of(table, index, item).dump())
      << text;
}

}  // namespace

TEST(DdbItemKeyText, KeysAmongNestedValuesEscapesAndUnicode) {
  Table table = table_keyed("pk", "sk");
  json item = json::parse(R"({
    "a": {"M": {"pk": {"S": "not me"}, "l": {"L": [{"S": "}],{\"x"}, {"BOOL": false}, {"NULL": true}]}}},
    "pk": {"S": "sensor \"17\" \\ é 日本"},
    "pl": {"SS": ["a,b", "c}"]},
    "sk": {"N": "-1.5E+7"},
    "zz": {"B": "AAEC"}})");
  expect_key_as_parsed(table, nullptr, item);
  EXPECT_EQ(last_evaluated_key_text(table, nullptr, stored_item_text(item)),
            R"({"pk":{"S":"sensor \"17\" \\ é 日本"},"sk":{"N":"-1.5E+7"}})");
  expect_key_as_parsed(table_keyed("id", std::nullopt), nullptr,
                       json::parse(R"({"id": {"B": "AQ=="}, "v": {"L": []}})"));
  // The key first, last, or the only member.
  expect_key_as_parsed(table, nullptr, json::parse(R"({"pk": {"S": "a"}, "sk": {"S": "b"}})"));
  expect_key_as_parsed(table, nullptr,
                       json::parse(R"({"a": {"S": "x"}, "pk": {"S": "a"}, "sk": {"S": "b"})"
                                   R"(, "zzz": {"M": {}}})"));
}

TEST(DdbItemKeyText, IndexKeysJoinTheTableKeysInNameOrder) {
  Table table = table_keyed("pk", "sk");
  SecondaryIndex index;
  index.name = "by-city";
  index.keys = {"city", "pk"};  // shares an attribute with the table key: named once
  json item = json::parse(
      R"({"city": {"S": "Chicago"}, "db": {"N": "71"}, "pk": {"S": "a"}, "sk": {"N": "1"}})");
  expect_key_as_parsed(table, &index, item);
  EXPECT_EQ(last_evaluated_key_text(table, &index, stored_item_text(item)),
            R"({"city":{"S":"Chicago"},"pk":{"S":"a"},"sk":{"N":"1"}})");
}

TEST(DdbItemKeyText, NamesWithEscapesFallBackToParsing) {
  Table table = table_keyed("p\"k", "s\\k");
  json item = json::parse(R"({"a\nb": {"S": "x"}, "p\"k": {"S": "a"}, "s\\k": {"N": "2"}})");
  expect_key_as_parsed(table, nullptr, item);
  EXPECT_EQ(last_evaluated_key_text(table, nullptr, stored_item_text(item)),
            R"({"p\"k":{"S":"a"},"s\\k":{"N":"2"}})");
}
