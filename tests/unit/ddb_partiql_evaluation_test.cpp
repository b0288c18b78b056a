// PartiQL statements evaluated against items: WHERE conditions, UPDATE's SET and REMOVE, and
// SELECT's projection.
#include <gtest/gtest.h>

#include <string>

#include "eddy/aws_error.hpp"
#include "services/dynamodb/partiql/partiql_statement.hpp"

using eddy::AwsError;
using eddy::json;
namespace pq = eddy::services::dynamodb::partiql;

namespace {

const json kPartiqlItem = json::parse(R"({
  "pk": {"S": "user#1"},
  "age": {"N": "42"},
  "score": {"N": "-1.5"},
  "name": {"S": "Ada Lovelace"},
  "blob": {"B": "AAEC"},
  "active": {"BOOL": true},
  "nothing": {"NULL": true},
  "tags": {"SS": ["math", "poetry"]},
  "lucky": {"NS": ["7", "13"]},
  "history": {"L": [{"S": "a"}, {"N": "1"}, {"M": {"x": {"N": "2"}}}]},
  "address": {"M": {"city": {"S": "London"}, "zip": {"S": "W1"}}}
})");

bool partiql_where_matches(const std::string& condition, const json& parameters = nullptr) {
  pq::Statement s = pq::parse_statement("SELECT * FROM \"T\" WHERE " + condition, parameters);
  return s.where->matches(kPartiqlItem);
}

json partiql_updated(const std::string& set_and_remove, const json& item = kPartiqlItem) {
  return pq::parse_statement("UPDATE \"T\" " + set_and_remove + " WHERE pk = 'user#1'", nullptr)
      .apply_update(item);
}

std::string partiql_update_error(const std::string& set_and_remove) {
  try {
    partiql_updated(set_and_remove);
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code(), "ValidationException");
    return error.message();
  }
  ADD_FAILURE() << "no error for " << set_and_remove;
  return "";
}

}  // namespace

TEST(DdbPartiqlEvaluation, ComparisonsByTypeAndValue) {
  EXPECT_TRUE(partiql_where_matches("pk = 'user#1'"));
  EXPECT_FALSE(partiql_where_matches("pk = 'user#2'"));
  EXPECT_TRUE(partiql_where_matches("age = 42.0"));
  EXPECT_FALSE(partiql_where_matches("age = '42'"));  // a string is not the number
  EXPECT_TRUE(partiql_where_matches("age <> '42'"));
  EXPECT_TRUE(partiql_where_matches("age > 9"));  // by value, not by text
  EXPECT_TRUE(partiql_where_matches("score < -1"));
  EXPECT_TRUE(partiql_where_matches("score >= -1.5"));
  EXPECT_FALSE(partiql_where_matches("score > -1.5"));
  EXPECT_TRUE(partiql_where_matches("name < 'B'"));
  EXPECT_FALSE(partiql_where_matches("age < 'zzz'"));  // different types never order
  EXPECT_TRUE(partiql_where_matches("active = true"));
  EXPECT_TRUE(partiql_where_matches("nothing = null"));
  EXPECT_TRUE(partiql_where_matches("tags = <<'poetry', 'math'>>"));  // sets regardless of order
  EXPECT_TRUE(partiql_where_matches("address.city = 'London'"));
  EXPECT_TRUE(partiql_where_matches("history[2].x = 2"));
  EXPECT_TRUE(partiql_where_matches("address = {'zip': 'W1', 'city': 'London'}"));
  EXPECT_TRUE(partiql_where_matches("history[0] = ?", json::parse(R"([{"S": "a"}])")));
  // An absent attribute equals nothing; <> it is true.
  EXPECT_FALSE(partiql_where_matches("absent = 1"));
  EXPECT_TRUE(partiql_where_matches("absent <> 1"));
  EXPECT_FALSE(partiql_where_matches("absent < 1"));
  EXPECT_FALSE(partiql_where_matches("history[7] = 1"));
  // A keyword names an attribute only when quoted.
  EXPECT_TRUE(partiql_where_matches(R"("missing" IS MISSING AND "name" = 'Ada Lovelace')"));
}

TEST(DdbPartiqlEvaluation, BetweenInAndIs) {
  EXPECT_TRUE(partiql_where_matches("age BETWEEN 40 AND 42"));
  EXPECT_FALSE(partiql_where_matches("age BETWEEN 43 AND 50"));
  EXPECT_TRUE(partiql_where_matches("age NOT BETWEEN 43 AND 50"));
  EXPECT_FALSE(partiql_where_matches("age BETWEEN 'a' AND 'z'"));
  EXPECT_FALSE(partiql_where_matches("age NOT BETWEEN 'a' AND 'z'"));
  EXPECT_TRUE(partiql_where_matches("name BETWEEN 'A' AND 'B'"));
  EXPECT_TRUE(partiql_where_matches("age IN [1, 42, 'x']"));
  EXPECT_TRUE(partiql_where_matches("age IN (1, 42)"));
  EXPECT_FALSE(partiql_where_matches("age IN [1, 2]"));
  EXPECT_TRUE(partiql_where_matches("age NOT IN [1, 2]"));
  EXPECT_FALSE(partiql_where_matches("absent IN [1, 2]"));
  EXPECT_TRUE(partiql_where_matches("absent IS MISSING"));
  EXPECT_FALSE(partiql_where_matches("age IS MISSING"));
  EXPECT_TRUE(partiql_where_matches("age IS NOT MISSING"));
  EXPECT_TRUE(partiql_where_matches("age IS NUMERIC"));
  EXPECT_TRUE(partiql_where_matches("name IS STRING"));
  EXPECT_TRUE(partiql_where_matches("blob IS BLOB"));
  EXPECT_TRUE(partiql_where_matches("active IS BOOLEAN"));
  EXPECT_TRUE(partiql_where_matches("nothing IS NULL"));
  EXPECT_FALSE(partiql_where_matches("absent IS NULL"));
  EXPECT_TRUE(partiql_where_matches("address IS STRUCT"));
  EXPECT_TRUE(partiql_where_matches("address IS TUPLE"));
  EXPECT_TRUE(partiql_where_matches("history IS LIST"));
  EXPECT_TRUE(partiql_where_matches("history IS NOT STRING"));
}

TEST(DdbPartiqlEvaluation, Functions) {
  EXPECT_TRUE(partiql_where_matches("begins_with(name, 'Ada')"));
  EXPECT_FALSE(partiql_where_matches("begins_with(name, 'Lovelace')"));
  EXPECT_FALSE(partiql_where_matches("begins_with(age, '4')"));
  EXPECT_TRUE(partiql_where_matches("begins_with(blob, ?)", json::parse(R"([{"B": "AAE="}])")));
  EXPECT_TRUE(partiql_where_matches("contains(name, 'Love')"));
  EXPECT_FALSE(partiql_where_matches("contains(name, 'love')"));
  EXPECT_TRUE(partiql_where_matches("contains(tags, 'math')"));
  EXPECT_FALSE(partiql_where_matches("contains(tags, 'art')"));
  EXPECT_TRUE(partiql_where_matches("contains(lucky, 13.0)"));
  EXPECT_FALSE(partiql_where_matches("contains(lucky, '13')"));
  EXPECT_TRUE(partiql_where_matches("contains(history, 1)"));
  EXPECT_TRUE(partiql_where_matches("attribute_type(lucky, 'NS')"));
  EXPECT_FALSE(partiql_where_matches("attribute_type(lucky, 'SS')"));
  EXPECT_TRUE(partiql_where_matches("attribute_exists(address.zip)"));
  EXPECT_FALSE(partiql_where_matches("attribute_exists(address.street)"));
  EXPECT_TRUE(partiql_where_matches("attribute_not_exists(address.street)"));
  EXPECT_TRUE(partiql_where_matches("size(name) = 12"));
  EXPECT_TRUE(partiql_where_matches("size(tags) = 2"));
  EXPECT_TRUE(partiql_where_matches("size(blob) = 3"));
  EXPECT_TRUE(partiql_where_matches("size(history) > 2"));
  EXPECT_TRUE(partiql_where_matches("size(address) = 2"));
  EXPECT_FALSE(partiql_where_matches("size(age) = 2"));
  EXPECT_FALSE(partiql_where_matches("size(absent) = 0"));
}

TEST(DdbPartiqlEvaluation, LogicalOperators) {
  EXPECT_TRUE(partiql_where_matches("age = 42 AND name = 'Ada Lovelace'"));
  EXPECT_FALSE(partiql_where_matches("age = 42 AND name = 'x'"));
  EXPECT_TRUE(partiql_where_matches("age = 1 OR name = 'Ada Lovelace'"));
  EXPECT_FALSE(partiql_where_matches("age = 1 OR name = 'x'"));
  EXPECT_TRUE(partiql_where_matches("NOT age = 1"));
  EXPECT_FALSE(partiql_where_matches("NOT (age = 1 OR age = 42)"));
  EXPECT_TRUE(
      partiql_where_matches("age = 1 OR age = 2 OR (active = true AND NOT absent IS NOT MISSING)"));
}

TEST(DdbPartiqlEvaluation, UpdateSetsAndRemoves) {
  json item = partiql_updated(
      "SET age = age + 1, score = score - 0.5, name = 'Ada', address.city = 'Paris'");
  EXPECT_EQ(item["age"], json::parse(R"({"N": "43"})"));
  EXPECT_EQ(item["score"], json::parse(R"({"N": "-2"})"));
  EXPECT_EQ(item["name"], json::parse(R"({"S": "Ada"})"));
  EXPECT_EQ(item["address"]["M"]["city"], json::parse(R"({"S": "Paris"})"));
  // Operands read the item as it was: swapping works.
  item = partiql_updated("SET age = score, score = age");
  EXPECT_EQ(item["age"], kPartiqlItem["score"]);
  EXPECT_EQ(item["score"], kPartiqlItem["age"]);

  item = partiql_updated(
      "SET history = list_append(history, [true]), history[0] = 'b', new = {'k': 1}");
  ASSERT_EQ(item["history"]["L"].size(), 4u);
  EXPECT_EQ(item["history"]["L"][3], json::parse(R"({"BOOL": true})"));
  EXPECT_EQ(item["new"], json::parse(R"({"M": {"k": {"N": "1"}}})"));

  item = partiql_updated("SET history[9] = 'end'");  // past the end appends
  EXPECT_EQ(item["history"]["L"].back(), json::parse(R"({"S": "end"})"));

  item = partiql_updated("REMOVE name, history[0], address.zip, absent");
  EXPECT_FALSE(item.contains("name"));
  EXPECT_EQ(item["history"]["L"][0], json::parse(R"({"N": "1"})"));
  EXPECT_FALSE(item["address"]["M"].contains("zip"));

  item = partiql_updated(
      "SET tags = set_add(tags, <<'art', 'math'>>), lucky = set_delete(lucky, <<7>>)");
  EXPECT_EQ(item["tags"], json::parse(R"({"SS": ["math", "poetry", "art"]})"));
  EXPECT_EQ(item["lucky"], json::parse(R"({"NS": ["13"]})"));
  // A set emptied by set_delete goes away; set_add to an absent attribute creates it.
  item = partiql_updated("SET lucky = set_delete(lucky, <<7, 13>>), fresh = set_add(fresh, <<1>>)");
  EXPECT_FALSE(item.contains("lucky"));
  EXPECT_EQ(item["fresh"], json::parse(R"({"NS": ["1"]})"));
}

TEST(DdbPartiqlEvaluation, UpdateErrorsAsAws) {
  const std::string wrong_type = "An operand in the update expression has an incorrect data type";
  EXPECT_EQ(partiql_update_error("SET name = name + 1"), wrong_type);
  EXPECT_EQ(partiql_update_error("SET history = list_append(history, 'x')"), wrong_type);
  EXPECT_EQ(partiql_update_error("SET tags = set_add(tags, <<1>>)"), wrong_type);
  EXPECT_EQ(partiql_update_error("SET name = set_add(name, <<'x'>>)"), wrong_type);
  EXPECT_EQ(partiql_update_error("SET a = absent + 1"),
            "The provided expression refers to an attribute that does not exist in the item");
  EXPECT_EQ(partiql_update_error("SET nowhere.deep = 1"),
            "The document path provided in the update expression is invalid for update");
  EXPECT_EQ(partiql_update_error("SET name.deep = 1"),
            "The document path provided in the update expression is invalid for update");
  EXPECT_EQ(partiql_update_error("SET age = 9E+125 + 9E+125"),
            "Number overflow. Attempting to store a number with magnitude larger than supported "
            "range");
}

TEST(DdbPartiqlEvaluation, ProjectionKeepsNamedParts) {
  auto project = [](const std::string& paths) {
    return pq::parse_statement("SELECT " + paths + " FROM \"T\"", nullptr).project(kPartiqlItem);
  };
  EXPECT_EQ(project("*"), kPartiqlItem);
  EXPECT_EQ(project("age, pk"), json::parse(R"({"age": {"N": "42"}, "pk": {"S": "user#1"}})"));
  EXPECT_EQ(project("address.city, absent"),
            json::parse(R"({"address": {"M": {"city": {"S": "London"}}}})"));
  // List elements keep their order and are compacted.
  EXPECT_EQ(project("history[2].x, history[0]"),
            json::parse(R"({"history": {"L": [{"S": "a"}, {"M": {"x": {"N": "2"}}}]}})"));
  EXPECT_EQ(project("address.street"), json::object());
}
