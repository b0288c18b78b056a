// Conditions evaluated against things as DynamoDB evaluates them.
#include "ddb_expression_test_support.hpp"

using namespace ddb_expression_test;

namespace {

const char* kEvaluationRequest = R"({"ExpressionAttributeValues":{
  ":one":{"N":"1"}, ":ten":{"N":"10"}, ":oneText":{"S":"1"}, ":abc":{"S":"abc"}, ":ab":{"S":"ab"},
  ":b":{"S":"b"}, ":red":{"S":"red"}, ":seven":{"N":"7.0"}, ":bytes":{"B":"AQID"},
  ":byte1":{"B":"AQ=="}, ":list":{"L":[{"S":"x"},{"N":"2"}]}, ":mapval":{"M":{"k":{"S":"v"}}},
  ":ss":{"SS":["b","a"]}, ":three":{"N":"3"}, ":two":{"N":"2"}, ":S":{"S":"S"}, ":N":{"S":"N"},
  ":L":{"S":"L"}, ":M":{"S":"M"}, ":NS":{"S":"NS"}, ":BOOL":{"S":"BOOL"}, ":NULL":{"S":"NULL"},
  ":true":{"BOOL":true}, ":tagset":{"SS":["blue","red"]}}})";

const char* kEvaluationItem = R"({
  "id":{"S":"abc"}, "qty":{"N":"7"}, "price":{"N":"-2.5"}, "payload":{"B":"AQIDBA=="},
  "tags":{"SS":["red","blue"]}, "nums":{"NS":["1","2","3"]}, "blobs":{"BS":["AQ==","Ag=="]},
  "things":{"L":[{"S":"x"},{"N":"2"},{"M":{"k":{"S":"v"}}}]},
  "profile":{"M":{"title":{"S":"Ann"},"address":{"M":{"city":{"S":"Oslo"}}},
                  "scores":{"L":[{"N":"10"},{"N":"20"}]}}},
  "flag":{"BOOL":true}, "nothing":{"NULL":true}, "note":{"S":"héllo"}})";

bool item_matches(const std::string& expression) {
  return condition_matches(expression, kEvaluationRequest, kEvaluationItem);
}

}  // namespace

TEST(DdbExpressionEvaluation, Comparisons) {
  EXPECT_TRUE(item_matches("id = :abc"));
  EXPECT_TRUE(item_matches("qty > :one AND qty < :ten AND qty >= :seven AND qty <= :seven"));
  EXPECT_TRUE(item_matches("price < :one"));
  EXPECT_TRUE(item_matches("id > :ab AND id < :b"));  // strings by bytes
  EXPECT_FALSE(item_matches("qty = :oneText"));
  EXPECT_TRUE(item_matches("qty <> :oneText"));  // different types are never equal
  EXPECT_FALSE(item_matches("qty < :oneText"));  // nor ordered
  EXPECT_FALSE(item_matches("qty > :oneText"));
  EXPECT_TRUE(item_matches("payload > :byte1"));  // binaries by unsigned bytes
  EXPECT_FALSE(item_matches("tags = :ss"));
  EXPECT_TRUE(item_matches("tags = :tagset"));  // sets regardless of order
}

TEST(DdbExpressionEvaluation, MissingAttributes) {
  EXPECT_FALSE(item_matches("absent = :one"));
  EXPECT_TRUE(item_matches("absent <> :one"));
  EXPECT_FALSE(item_matches("absent < :one"));
  EXPECT_FALSE(item_matches("absent BETWEEN :one AND :ten"));
  EXPECT_FALSE(item_matches("absent IN (:one)"));
  EXPECT_FALSE(item_matches("begins_with(absent, :ab)"));
  EXPECT_FALSE(item_matches("contains(absent, :ab)"));
  EXPECT_FALSE(item_matches("size(absent) > :one"));
}

TEST(DdbExpressionEvaluation, NestedPaths) {
  EXPECT_TRUE(condition_matches(
      "profile.address.city = :city AND profile.scores[1] = :twenty AND things[2].k = :v",
      R"({"ExpressionAttributeValues":{":city":{"S":"Oslo"},":twenty":{"N":"20"},
          ":v":{"S":"v"}}})",
      kEvaluationItem));
  EXPECT_TRUE(
      condition_matches("attribute_not_exists(profile.scores[2]) AND "
                        "attribute_not_exists(profile.title.given) AND "
                        "attribute_not_exists(id[0]) AND attribute_exists(things[0])",
                        "{}", kEvaluationItem));
  EXPECT_TRUE(
      condition_matches("#p.#a.#c = :city",
                        R"({"ExpressionAttributeNames":{"#p":"profile","#a":"address","#c":"city"},
          "ExpressionAttributeValues":{":city":{"S":"Oslo"}}})",
                        kEvaluationItem));
}

TEST(DdbExpressionEvaluation, NumbersCompareByValue) {
  EXPECT_TRUE(item_matches("qty = :seven"));  // 7 and 7.0
  EXPECT_TRUE(item_matches("qty IN (:one, :seven)"));
  EXPECT_TRUE(item_matches("qty BETWEEN :one AND :ten"));
  EXPECT_FALSE(item_matches("qty BETWEEN :one AND :three"));
}

TEST(DdbExpressionEvaluation, LogicalOperatorsAndPrecedence) {
  // NOT binds tighter than AND, AND tighter than OR.
  EXPECT_TRUE(item_matches("id = :b AND qty = :one OR qty = :seven"));
  EXPECT_FALSE(item_matches("id = :b AND (qty = :one OR qty = :seven)"));
  EXPECT_TRUE(item_matches("NOT id = :b AND qty = :seven"));
  EXPECT_FALSE(item_matches("NOT (id = :abc AND qty = :seven)"));
  EXPECT_TRUE(item_matches("NOT NOT id = :abc"));
  EXPECT_TRUE(item_matches("qty = :one OR id = :b OR flag = :true"));
}

TEST(DdbExpressionEvaluation, AttributeExistsAndType) {
  EXPECT_TRUE(item_matches("attribute_exists(id) AND attribute_not_exists(absent)"));
  EXPECT_FALSE(item_matches("attribute_exists(absent)"));
  EXPECT_TRUE(
      item_matches("attribute_type(id, :S) AND attribute_type(qty, :N) AND "
                   "attribute_type(things, :L) AND attribute_type(profile, :M) AND "
                   "attribute_type(nums, :NS) AND attribute_type(flag, :BOOL) AND "
                   "attribute_type(nothing, :NULL)"));
  EXPECT_FALSE(item_matches("attribute_type(qty, :S)"));
  EXPECT_FALSE(item_matches("attribute_type(absent, :S)"));
}

TEST(DdbExpressionEvaluation, BeginsWith) {
  EXPECT_TRUE(item_matches("begins_with(id, :ab)"));
  EXPECT_FALSE(item_matches("begins_with(id, :b)"));
  EXPECT_TRUE(item_matches("begins_with(payload, :bytes)"));
  EXPECT_FALSE(item_matches("begins_with(id, :bytes)"));  // a string never begins with bytes
}

TEST(DdbExpressionEvaluation, Contains) {
  EXPECT_TRUE(item_matches("contains(id, :b)"));
  EXPECT_FALSE(item_matches("contains(id, :red)"));
  EXPECT_TRUE(item_matches("contains(tags, :red)"));
  EXPECT_FALSE(item_matches("contains(tags, :b)"));
  EXPECT_TRUE(item_matches("contains(nums, :two)"));
  EXPECT_FALSE(item_matches("contains(nums, :ten)"));
  EXPECT_TRUE(item_matches("contains(blobs, :byte1)"));
  EXPECT_TRUE(item_matches("contains(payload, :bytes)"));
  EXPECT_TRUE(item_matches("contains(things, :two)"));
  EXPECT_TRUE(item_matches("contains(things, :mapval)"));
  EXPECT_FALSE(item_matches("contains(things, :oneText)"));
  EXPECT_FALSE(item_matches("contains(qty, :seven)"));
}

TEST(DdbExpressionEvaluation, Size) {
  EXPECT_TRUE(item_matches("size(id) = :three"));
  EXPECT_TRUE(condition_matches("size(note) = :five", R"({"ExpressionAttributeValues":{
      ":five":{"N":"5"}}})",
                                kEvaluationItem));  // characters, not bytes
  EXPECT_TRUE(condition_matches("size(payload) = :four", R"({"ExpressionAttributeValues":{
      ":four":{"N":"4"}}})",
                                kEvaluationItem));  // decoded bytes
  EXPECT_TRUE(item_matches("size(tags) = :two AND size(nums) = :three AND size(things) = :three"));
  EXPECT_TRUE(item_matches("size(profile) = :three AND size(profile.scores) = :two"));
  EXPECT_FALSE(item_matches("size(qty) = :one"));  // numbers have no size
  EXPECT_FALSE(item_matches("size(flag) = :one"));
  EXPECT_TRUE(item_matches("size(id) < qty"));
}
