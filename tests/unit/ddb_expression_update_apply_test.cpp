// Update expressions applied to things.
#include "ddb_expression_test_support.hpp"

using namespace ddb_expression_test;

namespace {

const char* kUpdateApplyValues = R"({"ExpressionAttributeValues":{
  ":s":{"S":"new"}, ":one":{"N":"1"}, ":tenth":{"N":"0.1"}, ":fifth":{"N":"0.2"},
  ":list":{"L":[{"S":"z"}]}, ":ss":{"SS":["b","c"]}, ":ns":{"NS":["2","30"]},
  ":bs":{"BS":["AQ=="]}, ":map":{"M":{"k":{"S":"v"}}}, ":big":{"N":"99999999999999999999999999999999999999"}, ":huge":{"N":"9.9E125"},
  ":ssAll":{"SS":["a","b"]}, ":nsOne":{"NS":["1"]}}})";

const char* kUpdateApplyItem = R"({
  "id":{"S":"k"}, "qty":{"N":"5"}, "title":{"S":"old"}, "tags":{"SS":["a","b"]},
  "nums":{"NS":["1","2"]}, "seq":{"L":[{"S":"x"},{"S":"y"},{"S":"w"}]},
  "doc":{"M":{"part":{"M":{"v":{"N":"1"}}},"arr":{"L":[{"N":"0"}]}}}, "note":{"S":"t"}})";

json apply_to_item(const std::string& expression, const std::string& item = kUpdateApplyItem) {
  return updated(expression, kUpdateApplyValues, item);
}

std::string apply_to_item_error(const std::string& expression,
                                const std::string& item = kUpdateApplyItem) {
  return apply_error(expression, kUpdateApplyValues, item);
}

}  // namespace

TEST(DdbExpressionUpdateApply, SetReplacesAndCreates) {
  const auto item = apply_to_item("SET fresh = :map, doc.part.w = :one, doc.arr[0] = :s");
  EXPECT_EQ(item["note"], parse_json(R"({"S":"t"})"));
  EXPECT_EQ(item["fresh"], parse_json(R"({"M":{"k":{"S":"v"}}})"));
  EXPECT_EQ(item["doc"]["M"]["part"]["M"]["w"], parse_json(R"({"N":"1"})"));
  EXPECT_EQ(item["doc"]["M"]["arr"], parse_json(R"({"L":[{"S":"new"}]})"));
}

TEST(DdbExpressionUpdateApply, SetPastTheEndOfAListAppends) {
  const auto item = apply_to_item("SET seq[10] = :s, doc.arr[5] = :one");
  EXPECT_EQ(item["seq"], parse_json(R"({"L":[{"S":"x"},{"S":"y"},{"S":"w"},{"S":"new"}]})"));
  EXPECT_EQ(item["doc"]["M"]["arr"], parse_json(R"({"L":[{"N":"0"},{"N":"1"}]})"));
}

TEST(DdbExpressionUpdateApply, AppendsPastTheEndInIndexOrder) {
  const auto item =
      updated("SET a[84] = :v1, a[37] = :v2, a[17] = :v3, a[50] = :v4",
              R"({"ExpressionAttributeValues":{":v1":{"S":"a1"},":v2":{"S":"a2"},":v3":{"S":"a3"},
          ":v4":{"S":"a4"}}})",
              R"({"a":{"L":[{"S":"one"}]}})");
  EXPECT_EQ(item["a"],
            parse_json(R"({"L":[{"S":"one"},{"S":"a3"},{"S":"a2"},{"S":"a4"},{"S":"a1"}]})"));
}

TEST(DdbExpressionUpdateApply, ListIndexesNameTheOriginalElements) {
  const char* list = R"({"a":{"L":[{"N":"2"},{"N":"3"},{"N":"4"},{"N":"5"},{"N":"6"},{"N":"7"}]}})";
  const char* request = R"({"ExpressionAttributeValues":{":v":{"N":"17"}}})";
  const auto expected = parse_json(R"({"L":[{"N":"2"},{"N":"4"},{"N":"17"},{"N":"6"},{"N":"7"}]})");
  EXPECT_EQ(updated("REMOVE a[1] SET a[3] = :v", request, list)["a"], expected);
  EXPECT_EQ(updated("SET a[3] = :v REMOVE a[1]", request, list)["a"], expected);
}

TEST(DdbExpressionUpdateApply, ArithmeticIsExactDecimal) {
  EXPECT_EQ(apply_to_item("SET qty = qty + :one")["qty"], parse_json(R"({"N":"6"})"));
  EXPECT_EQ(apply_to_item("SET qty = :one - qty")["qty"], parse_json(R"({"N":"-4"})"));
  EXPECT_EQ(apply_to_item("SET r = :tenth + :fifth")["r"], parse_json(R"({"N":"0.3"})"));
  EXPECT_EQ(apply_to_item_error("SET qty = :big + :big"),
            "Attempting to store more than 38 significant digits in a Number");
  EXPECT_EQ(apply_to_item_error("SET qty = :huge + :huge"),
            "Number overflow. Attempting to store a number with magnitude larger than supported "
            "range");
}

TEST(DdbExpressionUpdateApply, RightHandSidesReadTheItemBeforeTheUpdate) {
  const auto item = apply_to_item("SET a = qty, qty = :one, b = qty + :one");
  EXPECT_EQ(item["a"], parse_json(R"({"N":"5"})"));
  EXPECT_EQ(item["qty"], parse_json(R"({"N":"1"})"));
  EXPECT_EQ(item["b"], parse_json(R"({"N":"6"})"));
}

TEST(DdbExpressionUpdateApply, IfNotExistsAndListAppend) {
  EXPECT_EQ(apply_to_item("SET qty = if_not_exists(qty, :one)")["qty"], parse_json(R"({"N":"5"})"));
  EXPECT_EQ(apply_to_item("SET c2 = if_not_exists(c2, :one)")["c2"], parse_json(R"({"N":"1"})"));
  EXPECT_EQ(apply_to_item("SET seq = list_append(:list, seq)")["seq"],
            parse_json(R"({"L":[{"S":"z"},{"S":"x"},{"S":"y"},{"S":"w"}]})"));
  EXPECT_EQ(apply_to_item("SET l2 = list_append(if_not_exists(l2, :list), :list)")["l2"],
            parse_json(R"({"L":[{"S":"z"},{"S":"z"}]})"));
}

TEST(DdbExpressionUpdateApply, RemoveAttributesAndListElements) {
  const auto item = apply_to_item("REMOVE title, doc.part, absent, seq[0], seq[2]");
  EXPECT_FALSE(item.contains("title"));
  EXPECT_FALSE(item["doc"]["M"].contains("part"));
  // Indexes title elements of the seq as it was; the rest shift down.
  EXPECT_EQ(item["seq"], parse_json(R"({"L":[{"S":"y"}]})"));
  EXPECT_EQ(apply_to_item("REMOVE seq[7]")["seq"], parse_json(kUpdateApplyItem)["seq"]);
}

TEST(DdbExpressionUpdateApply, AddNumbersAndSets) {
  EXPECT_EQ(apply_to_item("ADD qty :one")["qty"], parse_json(R"({"N":"6"})"));
  EXPECT_EQ(apply_to_item("ADD newcount :one")["newcount"], parse_json(R"({"N":"1"})"));
  EXPECT_EQ(apply_to_item("ADD tags :ss")["tags"], parse_json(R"({"SS":["a","b","c"]})"));
  EXPECT_EQ(apply_to_item("ADD nums :ns")["nums"], parse_json(R"({"NS":["1","2","30"]})"));
  EXPECT_EQ(apply_to_item("ADD newset :bs")["newset"], parse_json(R"({"BS":["AQ=="]})"));
  EXPECT_EQ(apply_to_item("ADD doc.part.v :one")["doc"]["M"]["part"]["M"]["v"],
            parse_json(R"({"N":"2"})"));
}

TEST(DdbExpressionUpdateApply, DeleteFromSets) {
  EXPECT_EQ(apply_to_item("DELETE tags :ss")["tags"], parse_json(R"({"SS":["a"]})"));
  EXPECT_EQ(apply_to_item("DELETE nums :nsOne")["nums"], parse_json(R"({"NS":["2"]})"));
  EXPECT_FALSE(apply_to_item("DELETE tags :ssAll").contains("tags"));  // no empty sets
  EXPECT_FALSE(apply_to_item("DELETE absent :ss").contains("absent"));
}

TEST(DdbExpressionUpdateApply, OperandOfTheWrongTypeInTheItem) {
  const std::string message = "An operand in the update expression has an incorrect data type";
  EXPECT_EQ(apply_to_item_error("SET x = title + :one"), message);
  EXPECT_EQ(apply_to_item_error("SET x = list_append(title, :list)"), message);
  EXPECT_EQ(apply_to_item_error("ADD title :one"), message);
  EXPECT_EQ(apply_to_item_error("ADD tags :ns"), message);
  EXPECT_EQ(apply_to_item_error("DELETE tags :ns"), message);
  EXPECT_EQ(apply_to_item_error("DELETE qty :ns"), message);
}

TEST(DdbExpressionUpdateApply, InvalidDocumentPaths) {
  const std::string message =
      "The document path provided in the update expression is invalid for update";
  EXPECT_EQ(apply_to_item_error("SET absent.a = :s"), message);
  EXPECT_EQ(apply_to_item_error("SET title.a = :s"), message);
  EXPECT_EQ(apply_to_item_error("SET doc[0] = :s"), message);
  EXPECT_EQ(apply_to_item_error("SET seq.a = :s"), message);
  EXPECT_EQ(apply_to_item_error("REMOVE absent.a"), message);
  EXPECT_EQ(apply_to_item_error("ADD absent[1] :one"), message);
}

TEST(DdbExpressionUpdateApply, OperandPathMissingFromTheItem) {
  EXPECT_EQ(apply_to_item_error("SET x = absent"),
            "The provided expression refers to an attribute that does not exist in the item");
  EXPECT_EQ(apply_to_item_error("SET x = absent + :one"),
            "The provided expression refers to an attribute that does not exist in the item");
}

TEST(DdbExpressionUpdateApply, UpdateOfAnAbsentItem) {
  const auto item = apply_to_item("SET a = :s ADD n :one", R"({"id":{"S":"k"}})");
  EXPECT_EQ(item, parse_json(R"({"id":{"S":"k"},"a":{"S":"new"},"n":{"N":"1"}})"));
}
