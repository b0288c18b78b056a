// PartiQL for DynamoDB: statements parsed into the typed AST the service executes, and AWS's
// errors for statements it refuses.
#include <gtest/gtest.h>

#include <string>

#include "eddy/aws_error.hpp"
#include "services/dynamodb/partiql/partiql_statement.hpp"

using eddy::AwsError;
using eddy::json;
using eddy::services::dynamodb::DocumentPath;
using eddy::services::dynamodb::PathElement;
namespace pq = eddy::services::dynamodb::partiql;

namespace {

const std::string kPartiqlNotWellFormed = "Statement wasn't well formed, can't be processed: ";

std::string statement_error(const std::string& statement, const json& parameters = nullptr) {
  try {
    pq::parse_statement(statement, parameters);
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code(), "ValidationException") << statement;
    EXPECT_EQ(error.http_status(), 400);
    return error.message();
  }
  ADD_FAILURE() << "accepted: " << statement;
  return "";
}

DocumentPath partiql_path(std::initializer_list<PathElement> elements) {
  return DocumentPath(elements);
}

}  // namespace

TEST(DdbPartiqlParser, SelectAllFromATable) {
  pq::Statement s = pq::parse_statement(R"(SELECT * FROM "Music")", nullptr);
  EXPECT_EQ(s.kind, pq::StatementKind::select);
  EXPECT_EQ(s.table, "Music");
  EXPECT_FALSE(s.index);
  EXPECT_TRUE(s.projection.empty());
  EXPECT_FALSE(s.where);
}

TEST(DdbPartiqlParser, SelectPathsFromAnIndexWithAWhere) {
  pq::Statement s = pq::parse_statement(
      R"(select Artist, info.genres[0], "odd name", m['k'] from "Music"."ByArtist" where Artist = 'Acme' and Year >= 2000;)",
      nullptr);
  EXPECT_EQ(s.table, "Music");
  ASSERT_TRUE(s.index);
  EXPECT_EQ(*s.index, "ByArtist");
  ASSERT_EQ(s.projection.size(), 4u);
  EXPECT_EQ(s.projection[0], partiql_path({std::string("Artist")}));
  EXPECT_EQ(s.projection[1],
            partiql_path({std::string("info"), std::string("genres"), std::size_t{0}}));
  EXPECT_EQ(s.projection[2], partiql_path({std::string("odd name")}));
  EXPECT_EQ(s.projection[3], partiql_path({std::string("m"), std::string("k")}));
  ASSERT_TRUE(s.where);
  EXPECT_EQ(s.where->kind, pq::Condition::Kind::all_of);
  ASSERT_EQ(s.where->children.size(), 2u);
  const pq::Condition& year = s.where->children[1];
  EXPECT_EQ(year.kind, pq::Condition::Kind::comparison);
  EXPECT_EQ(year.comparison, pq::ComparisonOperator::ge);
  EXPECT_EQ(year.operands[1].value, json::parse(R"({"N": "2000"})"));
  EXPECT_EQ(s.fixed_values("Artist"), std::vector<json>{json::parse(R"({"S": "Acme"})")});
  EXPECT_TRUE(s.fixed_values("Year").empty());
}

TEST(DdbPartiqlParser, ParametersReplaceQuestionMarksInOrder) {
  pq::Statement s =
      pq::parse_statement(R"(SELECT * FROM "T" WHERE pk = ? AND sk IN [?, ?, 'c'])",
                          json::parse(R"([{"S": "p"}, {"N": "1.50"}, {"B": "AQ=="}])"));
  EXPECT_EQ(s.fixed_values("pk"), std::vector<json>{json::parse(R"({"S": "p"})")});
  const std::vector<json> sort_keys = s.fixed_values("sk");
  ASSERT_EQ(sort_keys.size(), 3u);
  EXPECT_EQ(sort_keys[0], json::parse(R"({"N": "1.5"})"));  // normalised
  EXPECT_EQ(sort_keys[1], json::parse(R"({"B": "AQ=="})"));
  EXPECT_EQ(sort_keys[2], json::parse(R"({"S": "c"})"));
  // Reversed equality pins the key too.
  EXPECT_EQ(pq::parse_statement(R"(DELETE FROM "T" WHERE 'x' = pk)", nullptr).fixed_values("pk"),
            std::vector<json>{json::parse(R"({"S": "x"})")});
  // An OR does not pin it.
  EXPECT_TRUE(pq::parse_statement(R"(SELECT * FROM "T" WHERE pk = 'a' OR pk = 'b')", nullptr)
                  .fixed_values("pk")
                  .empty());
}

TEST(DdbPartiqlParser, InsertBuildsANormalisedItemFromEveryLiteralKind) {
  pq::Statement s = pq::parse_statement(
      R"(INSERT INTO "T" VALUE {'pk': 'a''b', 'n': -1.50e1, 't': TRUE, 'f': false, 'z': NULL,
         'l': [1, 'x', [2]], 'm': {'inner': {'deep': 0.0}}, 'ss': <<'b', 'a'>>, 'ns': <<1, 2.0>>,
         'bs': <<?>>, 'p': ?})",
      json::parse(R"([{"B": "AQ=="}, {"SS": ["q"]}])"));
  EXPECT_EQ(s.kind, pq::StatementKind::insert);
  EXPECT_EQ(s.table, "T");
  EXPECT_EQ(s.item, json::parse(R"({
      "pk": {"S": "a'b"}, "n": {"N": "-15"}, "t": {"BOOL": true}, "f": {"BOOL": false},
      "z": {"NULL": true}, "l": {"L": [{"N": "1"}, {"S": "x"}, {"L": [{"N": "2"}]}]},
      "m": {"M": {"inner": {"M": {"deep": {"N": "0"}}}}}, "ss": {"SS": ["b", "a"]},
      "ns": {"NS": ["1", "2"]}, "bs": {"BS": ["AQ=="]}, "p": {"SS": ["q"]}})"));
}

TEST(DdbPartiqlParser, UpdateCollectsSetAndRemoveActions) {
  pq::Statement s = pq::parse_statement(
      R"(UPDATE "T" SET a = 1, b = b + 1, c.d[2] = 'x' SET e = list_append(e, [1]) REMOVE f, g[0] SET ss = set_add(ss, <<'n'>>) WHERE pk = 'k' AND sk = 2)",
      nullptr);
  EXPECT_EQ(s.kind, pq::StatementKind::update);
  ASSERT_EQ(s.set_actions.size(), 5u);
  EXPECT_EQ(s.set_actions[0].kind, pq::SetAction::Kind::assign);
  EXPECT_EQ(s.set_actions[1].kind, pq::SetAction::Kind::add);
  EXPECT_EQ(s.set_actions[2].path,
            partiql_path({std::string("c"), std::string("d"), std::size_t{2}}));
  EXPECT_EQ(s.set_actions[3].kind, pq::SetAction::Kind::list_append);
  EXPECT_EQ(s.set_actions[4].kind, pq::SetAction::Kind::set_add);
  ASSERT_EQ(s.remove_paths.size(), 2u);
  EXPECT_EQ(s.remove_paths[1], partiql_path({std::string("g"), std::size_t{0}}));
  EXPECT_EQ(s.fixed_values("sk"), std::vector<json>{json::parse(R"({"N": "2"})")});
}

TEST(DdbPartiqlParser, DeleteNeedsAWhere) {
  pq::Statement s =
      pq::parse_statement(R"(delete from "T" where pk = 'a' and attribute_exists(x))", nullptr);
  EXPECT_EQ(s.kind, pq::StatementKind::delete_item);
  EXPECT_EQ(s.table, "T");
  EXPECT_EQ(statement_error(R"(DELETE FROM "T")"),
            kPartiqlNotWellFormed + "Unexpected end of input");
}

TEST(DdbPartiqlParser, SelectOrderBy) {
  pq::Statement s = pq::parse_statement(
      R"(SELECT * FROM "T" WHERE pk = 'a' ORDER BY sk DESC, other asc)", nullptr);
  ASSERT_EQ(s.order_by.size(), 2u);
  EXPECT_EQ(s.order_by[0].path, partiql_path({std::string("sk")}));
  EXPECT_TRUE(s.order_by[0].descending);
  EXPECT_FALSE(s.order_by[1].descending);
  EXPECT_FALSE(pq::parse_statement(R"(SELECT * FROM "T" WHERE pk = 'a' ORDER BY sk)", nullptr)
                   .order_by[0]
                   .descending);
  EXPECT_EQ(statement_error(R"(SELECT * FROM "T" ORDER BY sk)"),
            "Must have WHERE clause in the statement when using ORDER BY clause.");
}

TEST(DdbPartiqlParser, ExistsWrapsASelectAsAConditionCheck) {
  pq::Statement s =
      pq::parse_statement(R"(EXISTS(SELECT * FROM "T" WHERE pk = ? AND attribute_exists(flag)))",
                          json::parse(R"([{"S": "k"}])"));
  EXPECT_EQ(s.kind, pq::StatementKind::exists);
  EXPECT_EQ(s.table, "T");
  EXPECT_EQ(s.fixed_values("pk"), std::vector<json>{json::parse(R"({"S": "k"})")});
  EXPECT_TRUE(s.where->matches(json::parse(R"({"pk": {"S": "k"}, "flag": {"BOOL": true}})")));
  EXPECT_FALSE(s.where->matches(json::parse(R"({"pk": {"S": "k"}})")));
  EXPECT_EQ(statement_error(R"(EXISTS(SELECT * FROM "T" WHERE pk = 'k')"),
            kPartiqlNotWellFormed + "Unexpected end of input");
}

TEST(DdbPartiqlParser, ConditionsNestWithPrecedence) {
  // NOT binds tighter than AND, AND tighter than OR.
  pq::Statement s = pq::parse_statement(
      R"(SELECT * FROM T WHERE NOT a = 1 AND b = 2 OR (c BETWEEN 1 AND 5 AND d IS NOT MISSING))",
      nullptr);
  ASSERT_TRUE(s.where);
  EXPECT_EQ(s.where->kind, pq::Condition::Kind::any_of);
  const pq::Condition& left = s.where->children[0];
  EXPECT_EQ(left.kind, pq::Condition::Kind::all_of);
  EXPECT_EQ(left.children[0].kind, pq::Condition::Kind::negation);
  const pq::Condition& right = s.where->children[1];
  EXPECT_EQ(right.kind, pq::Condition::Kind::all_of);
  EXPECT_EQ(right.children[0].kind, pq::Condition::Kind::between);
  EXPECT_EQ(right.children[1].kind, pq::Condition::Kind::is_type);
  EXPECT_EQ(right.children[1].name, "MISSING");
  EXPECT_TRUE(right.children[1].negated);
}

TEST(DdbPartiqlParser, RejectsMalformedStatementsWithAwsMessages) {
  EXPECT_EQ(statement_error("SHOW TABLES"), kPartiqlNotWellFormed + "Expected data manipulation");
  EXPECT_EQ(statement_error(""), kPartiqlNotWellFormed + "Expected data manipulation");
  EXPECT_EQ(statement_error(R"(SELECT * FROM "T" WHERE)"),
            kPartiqlNotWellFormed + "Unexpected end of input");
  EXPECT_EQ(statement_error(R"(SELECT * FROM "T" WHERE a = 'x)"),
            kPartiqlNotWellFormed + "Unexpected end of input");
  EXPECT_EQ(statement_error(R"(SELECT * FROM WHERE)"),
            kPartiqlNotWellFormed + "Unexpected keyword");
  EXPECT_EQ(statement_error(R"(SELECT * FROM "T" WHERE (a = 1)"),
            kPartiqlNotWellFormed + "Unexpected end of input");
  EXPECT_EQ(statement_error(R"(SELECT * FROM "T" garbage)"),
            kPartiqlNotWellFormed + "Unexpected token");
  EXPECT_EQ(statement_error(R"(UPDATE "T" WHERE a = 1)"),
            kPartiqlNotWellFormed + "Unexpected keyword");
  EXPECT_EQ(statement_error(R"(SELECT * FROM "T" WHERE a # 1)"),
            kPartiqlNotWellFormed + "Unexpected character");
}

TEST(DdbPartiqlParser, RejectsUnsupportedFormsWithAwsMessages) {
  EXPECT_EQ(statement_error(R"(INSERT INTO "T" VALUES ('a'))"),
            "Unsupported operation: Inserting multiple items in a single statement is not "
            "supported, use \"INSERT INTO tableName VALUE item\" instead");
  EXPECT_EQ(statement_error(R"(INSERT INTO "T" VALUE 'a')"),
            "Unsupported format in item expression. Please use struct format {...} to express "
            "item values for insert statement.");
  EXPECT_EQ(statement_error(R"(SELECT * FROM "T" WHERE a = MISSING)"),
            "MISSING must be compared using IS operator");
  EXPECT_EQ(statement_error(R"(SELECT * FROM "T" WHERE a IS DATE)"),
            "Unsupported data type for IS operator: DATE. Supported data types are [MISSING, "
            "NULL, BOOLEAN, BLOB, STRING, NUMERIC, STRUCT, TUPLE, LIST]");
  EXPECT_EQ(statement_error(R"(SELECT * FROM "T" WHERE upper(a) = 'X')"),
            "Unrecognized function: upper at 1:25:5");
  EXPECT_EQ(
      statement_error("SELECT * FROM \"T\"\nWHERE attribute_exists('a')"),
      "Operator or function requires a document path; operator or function: attribute_exists");
  EXPECT_EQ(statement_error(R"(SELECT * FROM "T" WHERE attribute_exists(a, b))"),
            "Incorrect number of operands for operator or function; operator or function: "
            "attribute_exists, number of operands: 2");
  EXPECT_EQ(statement_error(R"(SELECT * FROM "T" WHERE begins_with(a))"),
            "Incorrect number of operands for operator or function; operator or function: "
            "begins_with, number of operands: 1");
  EXPECT_EQ(statement_error(R"(UPDATE "T" SET s = <<>> WHERE pk = 'a')"),
            "Empty bags are not supported");
  EXPECT_EQ(statement_error(R"(UPDATE "T" SET s = <<1, 'a'>> WHERE pk = 'a')"),
            "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in "
            "bags");
  EXPECT_EQ(statement_error(R"(UPDATE "T" SET s = <<'x', 'x'>> WHERE pk = 'a')"),
            "One or more parameter values were invalid: Input collection [x, x] contains "
            "duplicates.");
  EXPECT_EQ(statement_error(R"(UPDATE "T" SET t = set_add(ss, <<'x'>>) WHERE pk = 'a')"),
            "The first argument to SET_ADD must equal the assignment value at 1:20:7");
  EXPECT_EQ(statement_error(R"(UPDATE "T" SET ss = set_add(ss) WHERE pk = 'a')"),
            "SET_ADD must have exactly two arguments at 1:21:7");
  EXPECT_EQ(statement_error(R"(UPDATE "T" SET ss = set_delete(ss, 'a') WHERE pk = 'a')"),
            "The second argument to SET_DELETE must be a value with type SET at 1:32:2");
  EXPECT_EQ(statement_error(R"(INSERT INTO "T" VALUE {'a': 1, 'a': 2})"),
            "Duplicate keys in tuple. Key: a under root");
}

TEST(DdbPartiqlParser, ChecksParametersAndNumbers) {
  const std::string mismatch = "Number of parameters in request and statement don't match.";
  EXPECT_EQ(statement_error(R"(SELECT * FROM "T" WHERE a = ?)"), mismatch);
  EXPECT_EQ(statement_error(R"(SELECT * FROM "T" WHERE a = 1)", json::parse(R"([{"S": "x"}])")),
            mismatch);
  EXPECT_EQ(statement_error(R"(SELECT * FROM "T" WHERE a = ?)", json::parse(R"([{"NS": []}])")),
            "One or more parameter values were invalid: An number set  may not be empty");
  EXPECT_EQ(statement_error(R"(SELECT * FROM "T" WHERE a = 1e126)"),
            "Number overflow. Attempting to store a number with magnitude larger than supported "
            "range");
}

TEST(DdbPartiqlParser, LimitsItemSizeAndNesting) {
  const std::string big(400 * 1024, 'x');
  EXPECT_EQ(statement_error("INSERT INTO \"T\" VALUE {'pk': 'a', 'big': '" + big + "'}"),
            "Item size has exceeded the maximum allowed size");
  auto nested_list = [](int levels) {
    return std::string(static_cast<std::size_t>(levels), '[') + "1" +
           std::string(static_cast<std::size_t>(levels), ']');
  };
  EXPECT_NO_THROW(pq::parse_statement("SELECT * FROM \"T\" WHERE a = " + nested_list(32), nullptr));
  EXPECT_EQ(statement_error("SELECT * FROM \"T\" WHERE a = " + nested_list(33)),
            "Nesting Levels have exceeded supported limits");
  EXPECT_EQ(statement_error("INSERT INTO \"T\" VALUE {'pk': 'a', 'l': " + nested_list(33) + "}"),
            "Nesting Levels have exceeded supported limits");
  // Deeper still is refused as it is read, without exhausting the stack.
  EXPECT_EQ(statement_error("SELECT * FROM \"T\" WHERE a = " + nested_list(100000)),
            "Nesting Levels have exceeded supported limits");
  EXPECT_EQ(statement_error("SELECT * FROM \"T\" WHERE " + std::string(100000, '(') + "a = 1" +
                            std::string(100000, ')')),
            kPartiqlNotWellFormed + "Expression nested too deeply");
  std::string negations;
  for (int i = 0; i < 100000; ++i) negations += "NOT ";
  EXPECT_EQ(statement_error("SELECT * FROM \"T\" WHERE " + negations + "a = 1"),
            kPartiqlNotWellFormed + "Expression nested too deeply");
}

TEST(DdbPartiqlParser, ReturningOnUpdateAndDelete) {
  pq::Statement update = pq::parse_statement(
      R"(UPDATE "T" SET a = 1 REMOVE b.c WHERE pk = 'k' RETURNING MODIFIED NEW *)", nullptr);
  ASSERT_TRUE(update.returning.has_value());
  EXPECT_FALSE(update.returning->all);
  EXPECT_TRUE(update.returning->new_image);
  const json old_item = json::parse(
      R"({"pk": {"S": "k"}, "a": {"N": "0"}, "b": {"M": {"c": {"S": "x"}, "d": {"S": "y"}}},
          "z": {"S": "kept"}})");
  const json new_item = json::parse(
      R"({"pk": {"S": "k"}, "a": {"N": "1"}, "b": {"M": {"d": {"S": "y"}}}, "z": {"S": "kept"}})");
  EXPECT_EQ(update.returned(&old_item, &new_item), json::parse(R"({"a": {"N": "1"}})"));

  pq::Statement all_old =
      pq::parse_statement(R"(UPDATE "T" SET a = 1 WHERE pk = 'k' returning all old *)", nullptr);
  EXPECT_EQ(all_old.returned(&old_item, &new_item), old_item);
  pq::Statement modified_old = pq::parse_statement(
      R"(UPDATE "T" SET a = 1 REMOVE b.c WHERE pk = 'k' RETURNING MODIFIED OLD *)", nullptr);
  EXPECT_EQ(modified_old.returned(&old_item, &new_item),
            json::parse(R"({"a": {"N": "0"}, "b": {"M": {"c": {"S": "x"}}}})"));

  pq::Statement removed =
      pq::parse_statement(R"(DELETE FROM "T" WHERE pk = 'k' RETURNING ALL OLD *)", nullptr);
  EXPECT_EQ(removed.returned(&old_item, nullptr), old_item);
  EXPECT_TRUE(removed.returned(nullptr, nullptr).is_null());
  EXPECT_FALSE(pq::parse_statement(R"(DELETE FROM "T" WHERE pk = 'k')", nullptr).returning);
}

TEST(DdbPartiqlParser, RefusesReturningItCannotAnswer) {
  EXPECT_EQ(statement_error(R"(DELETE FROM "T" WHERE pk = 'k' RETURNING ALL NEW *)"),
            "Invalid returning clause: RETURNING ALL NEW *. Only RETURNING ALL OLD * is allowed "
            "in DELETE statements.");
  EXPECT_EQ(statement_error(R"(INSERT INTO "T" VALUE {'pk': 'k'} RETURNING ALL OLD *)"),
            "RETURNING is not supported in INSERT");
  EXPECT_EQ(statement_error(R"(UPDATE "T" SET a = 1 WHERE pk = 'k' RETURNING ALL OLD)"),
            "Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause");
  EXPECT_EQ(statement_error(R"(UPDATE "T" SET a = 1 WHERE pk = 'k' RETURNING SOME OLD *)"),
            kPartiqlNotWellFormed + "Expected ALL or MODIFIED");
}
