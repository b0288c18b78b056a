// The key conditions read without the general parser: the same comparisons, the same placeholders
// marked used, and every other text left to the parser (so its errors stay AWS's).
#include "ddb_expression_test_support.hpp"
#include "services/dynamodb/expressions/key_condition.hpp"
#include "services/dynamodb/expressions/simple_key_condition.hpp"

using namespace ddb_expression_test;
using namespace eddy::services::dynamodb;

namespace {

const char* kSimpleKeyRequest = R"({
  "ExpressionAttributeNames": {"#k": "pk", "#s": "sk", "#d": "a.b"},
  "ExpressionAttributeValues": {":h": {"S": "user"}, ":n": {"N": "5"}, ":b": {"B": "AQI="},
                                ":t": {"BOOL": true}, ":l": {"L": []}}})";

std::optional<std::vector<LegacyComparison>> read_simple(std::string_view text) {
  ExpressionAttributes attributes(parse_json(kSimpleKeyRequest));
  return read_simple_key_condition(text, attributes);
}

std::string simple_summary(std::string_view text) {
  auto comparisons = read_simple(text);
  if (!comparisons) return "none";
  std::string out;
  for (const auto& c : *comparisons)
    out += (out.empty() ? "" : "; ") + c.attribute + " " + c.op + " " + c.values.at(0).dump();
  return out;
}

}  // namespace

TEST(DdbSimpleKeyCondition, ReadsTheCommonShapes) {
  EXPECT_EQ(simple_summary("pk = :h"), R"(pk EQ {"S":"user"})");
  EXPECT_EQ(simple_summary("pk=:h AND sk>=:n"), R"(pk EQ {"S":"user"}; sk GE {"N":"5"})");
  EXPECT_EQ(simple_summary("  #k = :h and\t#s < :n  "), R"(pk EQ {"S":"user"}; sk LT {"N":"5"})");
  EXPECT_EQ(simple_summary("sk <= :b AnD pk = :h"), R"(sk LE {"B":"AQI="}; pk EQ {"S":"user"})");
  EXPECT_EQ(simple_summary("pk = :h AND sk > :n"), R"(pk EQ {"S":"user"}; sk GT {"N":"5"})");
  EXPECT_EQ(simple_summary("pk = :h AND sk = :n"), R"(pk EQ {"S":"user"}; sk EQ {"N":"5"})");
  // A placeholder stands for one whole name, dots and all.
  EXPECT_EQ(simple_summary("#d = :h"), R"(a.b EQ {"S":"user"})");
}

TEST(DdbSimpleKeyCondition, LeavesEverythingElseToTheParser) {
  for (const char* text : {
           "",
           "   ",
           "pk = :h AND",
           "pk = :h AND sk > :n AND x = :n",  // three conditions
           "pk = :h OR sk > :n",
           "NOT pk = :h",
           "(pk = :h)",
           "pk = :h AND sk BETWEEN :n AND :n",
           "pk = :h AND begins_with(sk, :h)",
           "pk <> :h",
           "pk > = :h",
           ":h = pk",
           "a.b = :h",
           "a[0] = :h",
           "size(pk) = :h",
           "name = :h",      // a reserved word
           "_pk = :h",       // AWS refuses a leading underscore
           "pk = :missing",  // an undefined value
           "#missing = :h",  // an undefined name
           "pk = :t",        // not a key type
           "pk = :l",
           "pk = :h AND pk = :n",  // one key twice
           "#k = :h AND pk = :n",
           "pk = :h ANDsk = :n",
           "pk = :hAND sk = :n",
           "pk = :h.x",
           "pk = #k",
           "pk = :",
           "# = :h",
       }) {
    EXPECT_EQ(simple_summary(text), "none") << text;
  }
}

TEST(DdbSimpleKeyCondition, MarksThePlaceholdersItUsed) {
  ExpressionAttributes attributes(parse_json(
      R"({"ExpressionAttributeNames": {"#k": "pk", "#unused": "x"},
          "ExpressionAttributeValues": {":h": {"S": "u"}, ":n": {"N": "1"}}})"));
  ASSERT_TRUE(read_simple_key_condition("#k = :h AND sk > :n", attributes));
  std::string message = validation_message([&] { attributes.check_all_used(); });
  EXPECT_NE(message.find("#unused"), std::string::npos) << message;
  EXPECT_EQ(message.find("#k"), std::string::npos) << message;
}

TEST(DdbSimpleKeyCondition, KeyConditionsReadEitherWayAgree) {
  // KeyCondition::parse takes the simple path for these: what it answers must be what the
  // general parser's comparisons give, errors included.
  const KeySchemaNames schema{"pk", "sk"};
  ExpressionAttributes attributes(parse_json(kSimpleKeyRequest));
  KeyCondition both = KeyCondition::parse("#k = :h AND #s >= :n", attributes, schema);
  EXPECT_EQ(both.hash_value, parse_json(R"({"S":"user"})"));
  ASSERT_TRUE(both.sort);
  EXPECT_EQ(both.sort->op, SortKeyOperator::ge);
  EXPECT_EQ(both.sort->value, parse_json(R"({"N":"5"})"));
  EXPECT_EQ(validation_message([&] {
              ExpressionAttributes fresh(parse_json(kSimpleKeyRequest));
              KeyCondition::parse("sk = :n", fresh, schema);
            }),
            "Query condition missed key schema element: pk");
  EXPECT_EQ(validation_message([&] {
              ExpressionAttributes fresh(parse_json(kSimpleKeyRequest));
              KeyCondition::parse("pk = :h AND sk = :n", fresh, {"pk", std::nullopt});
            }),
            "The number of query conditions (2) exceeds the number of key attributes defined in "
            "the schema (1)");
  EXPECT_EQ(validation_message([&] {
              ExpressionAttributes fresh(parse_json(kSimpleKeyRequest));
              KeyCondition::parse("pk > :h", fresh, schema);
            }),
            "Query key condition not supported");
}
