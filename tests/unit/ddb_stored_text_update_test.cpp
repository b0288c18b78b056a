// StoredTextUpdate: UpdateItem's top-level SETs, set-if-absent and counting writes under a
// presence condition, done on the stored item's text, must give what the json way gives (the
// condition's answer, Update::apply's item as stored_item_text writes it, and its item_size), must
// leave to the json way what only it answers (its errors), and must decline every other shape.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "eddy/json.hpp"
#include "services/dynamodb/expressions/condition.hpp"
#include "services/dynamodb/expressions/expression_attributes.hpp"
#include "services/dynamodb/expressions/update.hpp"
#include "services/dynamodb/stored_text_update.hpp"
#include "services/dynamodb/values/attribute_value.hpp"
#include "services/dynamodb/values/stored_item_text.hpp"

using eddy::json;
using namespace eddy::services::dynamodb;

namespace {

struct Parsed {
  std::optional<Update> update;
  std::optional<Condition> condition;
};

Parsed parse(const std::string& update, const std::string& condition, const std::string& request) {
  ExpressionAttributes attributes(json::parse(request));
  Parsed out;
  if (!update.empty()) out.update.emplace(Update::parse(update, attributes));
  if (!condition.empty())
    out.condition.emplace(Condition::parse(condition, attributes, "ConditionExpression"));
  return out;
}

std::optional<StoredTextUpdate> plan_of(const Parsed& parsed) {
  return StoredTextUpdate::plan(parsed.update ? &*parsed.update : nullptr,
                                parsed.condition ? &*parsed.condition : nullptr);
}

// Checks the text update of `item` against the json way.
void expect_as_json_way(const std::string& update, const std::string& condition,
                        const std::string& request, const std::string& item_json) {
  SCOPED_TRACE(update + " / " + condition + " on " + item_json);
  Parsed parsed = parse(update, condition, request);
  std::optional<StoredTextUpdate> plan = plan_of(parsed);
  ASSERT_TRUE(plan);
  json item = normalize_item(json::parse(item_json));
  std::string text = stored_item_text(item);
  auto size = static_cast<std::int64_t>(item_size(item));
  std::optional<StoredTextUpdate::Result> result = plan->apply(text, size);
  ASSERT_TRUE(result);
  bool holds = !parsed.condition || parsed.condition->matches(item);
  EXPECT_EQ(result->condition_holds, holds);
  if (!holds) return;
  json updated = parsed.update ? parsed.update->apply(item) : item;
  EXPECT_EQ(result->text, stored_item_text(updated));
  EXPECT_EQ(result->size, static_cast<std::int64_t>(item_size(updated)));
}

// The update planned, but declined on `item_json`, where the json way fails with `message`.
void expect_left_to_json_way(const std::string& update, const std::string& request,
                             const std::string& item_json, const std::string& message) {
  SCOPED_TRACE(update + " on " + item_json);
  Parsed parsed = parse(update, "", request);
  std::optional<StoredTextUpdate> plan = plan_of(parsed);
  ASSERT_TRUE(plan);
  json item = normalize_item(json::parse(item_json));
  EXPECT_FALSE(plan->apply(stored_item_text(item), static_cast<std::int64_t>(item_size(item))));
  try {
    parsed.update->apply(item);
    ADD_FAILURE() << "the json way did not fail";
  } catch (const eddy::AwsError& error) {
    EXPECT_EQ(error.message(), message);
  }
}

}  // namespace

TEST(DdbStoredTextUpdate, SetsSplicedAsTheJsonWayStoresThem) {
  const std::string values =
      R"({"ExpressionAttributeValues": {":d": {"N": "72.50"}, ":s": {"S": "a\"b\\c\u00e9"},
          ":m": {"M": {"z": {"L": [{"N": "1"}, {"BOOL": true}]}, "a": {"NULL": true}}},
          ":n": {"SS": ["y", "x"]}},
          "ExpressionAttributeNames": {"#u": "\u00fcber", "#z": "zzz"}})";
  const std::string item =
      R"({"pk": {"S": "k"}, "sk": {"N": "1"}, "db": {"N": "71.5"}, "m": {"M": {"q": {"S": "}{,"}}},
          "note": {"S": "with \"quotes\" and , commas }"}, "zz": {"B": "AAE="}})";
  for (const char* update :
       {"SET db = :d", "SET aa = :d", "SET zzzz = :s", "SET #u = :m", "SET m = :n, db = :s",
        "SET db = :m, aa = :s, #z = :d, #u = :n", "SET note = :d", "SET sk2 = :d"}) {
    expect_as_json_way(update, "", values, item);
    expect_as_json_way(update, "attribute_exists(pk)", values, item);
    expect_as_json_way(update, "attribute_not_exists(pk)", values, item);
    expect_as_json_way(update, "attribute_exists(absent)", values, item);
    expect_as_json_way(update, "attribute_not_exists(#z)", values, item);
  }
  // No UpdateExpression: the item stored again as it is.
  expect_as_json_way("", "attribute_exists(db)", values, item);
}

TEST(DdbStoredTextUpdate, OtherShapesGoTheJsonWay) {
  const std::string values =
      R"({"ExpressionAttributeValues": {":d": {"N": "1"}, ":l": {"L": [{"N": "2"}]}, ":t": {"S": "N"}, ":ss": {"SS": ["a"]}},
          "ExpressionAttributeNames": {"#q": "a\"b", "#c": "a\u0001", "#o": "other"}})";
  for (const char* update :
       {"SET db = :d REMOVE x", "SET m.n = :d", "SET l[0] = :d", "SET l = list_append(l, :l)",
        "SET a = b", "SET #q = :d", "SET #c = :d", "SET db = :d - db", "SET db = db + db",
        "SET db = if_not_exists(#o, :d) + :d", "SET db = if_not_exists(db, :t) + :d",
        "SET db = #o + :d", "ADD db :ss", "ADD m.n :d", "SET db = if_not_exists(#o, :d)",
        "SET db = :d - if_not_exists(db, :d)"}) {
    SCOPED_TRACE(update);
    EXPECT_FALSE(plan_of(parse(update, "", values)));
  }
  for (const char* condition :
       {"db = :d", "attribute_exists(m.n)", "NOT attribute_exists(pk)",
        "attribute_exists(pk) AND attribute_exists(db)", "attribute_type(db, :t)"}) {
    SCOPED_TRACE(condition);
    EXPECT_FALSE(plan_of(parse("SET db = :d", condition, values)));
  }
  // Stored text the walk does not read (not an object, members out of order) is declined too.
  std::optional<StoredTextUpdate> plan = plan_of(parse("SET db = :d", "", values));
  ASSERT_TRUE(plan);
  EXPECT_FALSE(plan->apply("[]", 0));
  EXPECT_FALSE(plan->apply(R"({"b":{"N":"1"},"a":{"N":"1"}})", 4));
  EXPECT_FALSE(plan->apply(R"({"a\"":{"N":"1"}})", 4));
}

TEST(DdbStoredTextUpdate, CountsAndSetsIfAbsentAsTheJsonWay) {
  const std::string values =
      R"({"ExpressionAttributeValues": {":one": {"N": "1"}, ":zero": {"N": "0"},
          ":big": {"N": "999999999999999999"}, ":frac": {"N": "-0.25"},
          ":wide": {"N": "12345678901234567890123456789.5"}, ":s": {"S": "first"}}})";
  const std::string items[] = {
      R"({"pk": {"S": "k"}, "hits": {"N": "41"}, "note": {"S": "x"}})",
      R"({"pk": {"S": "k"}, "hits": {"N": "-999999999999999999"}})",
      R"({"pk": {"S": "k"}, "hits": {"N": "0.75"}, "zz": {"N": "1e3"}})",
      R"({"pk": {"S": "k"}, "hits": {"N": "1E+30"}})",
      R"({"pk": {"S": "k"}, "note": {"S": "no hits yet"}})",
  };
  for (const std::string& item : items) {
    for (const char* update :
         {"SET hits = if_not_exists(hits, :zero) + :one",
          "SET hits = :one + if_not_exists(hits, :zero)",
          "SET hits = if_not_exists(hits, :big) - :frac", "ADD hits :big", "ADD hits :wide",
          "ADD hits :frac, zz :one", "SET hits = if_not_exists(hits, :s)",
          "SET created = if_not_exists(created, :s), hits = if_not_exists(hits, :zero) + :big",
          "SET a = :one ADD hits :one"}) {
      expect_as_json_way(update, "", values, item);
      expect_as_json_way(update, "attribute_exists(pk)", values, item);
      expect_as_json_way(update, "attribute_not_exists(pk)", values, item);
    }
  }
  expect_as_json_way("SET hits = hits + :one, aa = aa - :frac", "", values,
                     R"({"aa": {"N": "3"}, "hits": {"N": "41"}})");
}

TEST(DdbStoredTextUpdate, LeavesTheJsonWayItsErrors) {
  const std::string values =
      R"({"ExpressionAttributeValues": {":one": {"N": "1"}, ":zero": {"N": "0"},
          ":huge": {"N": "9.9999999999999999999999999999999999999E+125"}}})";
  const std::string wrong_type = "An operand in the update expression has an incorrect data type";
  expect_left_to_json_way("SET hits = if_not_exists(hits, :zero) + :one", values,
                          R"({"pk": {"S": "k"}, "hits": {"S": "41"}})", wrong_type);
  expect_left_to_json_way("ADD hits :one", values, R"({"hits": {"NS": ["41"]}})", wrong_type);
  expect_left_to_json_way(
      "SET hits = hits + :one", values, R"({"pk": {"S": "k"}})",
      "The provided expression refers to an attribute that does not exist in the item");
  expect_left_to_json_way("ADD hits :huge", values, R"({"hits": {"N": "9E+125"}})",
                          "Number overflow. Attempting to store a number with magnitude larger "
                          "than supported range");
  expect_left_to_json_way("SET hits = if_not_exists(hits, :huge) + :huge", values,
                          R"({"pk": {"S": "k"}})",
                          "Number overflow. Attempting to store a number with magnitude larger "
                          "than supported range");
}
