// ProjectionExpression and AttributesToGet.
#include "ddb_expression_test_support.hpp"
#include "services/dynamodb/expressions/projection.hpp"

using namespace ddb_expression_test;
using eddy::services::dynamodb::ExpressionAttributes;
using eddy::services::dynamodb::Projection;

namespace {

const char* kProjectionItem = R"({
  "id":{"S":"k"}, "a":{"M":{"b":{"S":"x"},"c":{"N":"1"},"d":{"L":[{"S":"p"},{"S":"q"},{"S":"r"}]}}},
  "seq":{"L":[{"M":{"x":{"N":"1"},"y":{"N":"2"}}},{"S":"two"},{"S":"three"}]}, "plain":{"S":"v"}})";

json project_item(const std::string& expression, const std::string& request = "{}") {
  ExpressionAttributes attributes(parse_json(request));
  return Projection::parse(expression, attributes).apply(parse_json(kProjectionItem));
}

std::string projection_error(const std::string& expression, const std::string& request = "{}") {
  return validation_message([&] {
    ExpressionAttributes attributes(parse_json(request));
    Projection::parse(expression, attributes);
  });
}

}  // namespace

TEST(DdbExpressionProjection, TopLevelAttributes) {
  EXPECT_EQ(project_item("id, plain, nothere"),
            parse_json(R"({"id":{"S":"k"},"plain":{"S":"v"}})"));
  EXPECT_EQ(project_item("#i", R"({"ExpressionAttributeNames":{"#i":"id"}})"),
            parse_json(R"({"id":{"S":"k"}})"));
}

TEST(DdbExpressionProjection, NestedPathsKeepTheirShape) {
  EXPECT_EQ(project_item("a.b, a.d[1]"),
            parse_json(R"({"a":{"M":{"b":{"S":"x"},"d":{"L":[{"S":"q"}]}}}})"));
  EXPECT_EQ(project_item("a.zz, plain.x"), json::object());  // nothing there, nothing returned
}

TEST(DdbExpressionProjection, ListElementsAreCompactedInIndexOrder) {
  EXPECT_EQ(project_item("seq[2], seq[0].y, seq[9]"),
            parse_json(R"({"seq":{"L":[{"M":{"y":{"N":"2"}}},{"S":"three"}]}})"));
}

TEST(DdbExpressionProjection, OverlappingAndConflictingPaths) {
  EXPECT_EQ(projection_error("a, a.b"),
            "Invalid ProjectionExpression: Two document paths overlap with each other; must remove "
            "or rewrite one of these paths; path one: [a], path two: [a, b]");
  EXPECT_EQ(projection_error("id, id"),
            "Invalid ProjectionExpression: Two document paths overlap with each other; must remove "
            "or rewrite one of these paths; path one: [id], path two: [id]");
  EXPECT_EQ(
      projection_error("a.b, a[0]"),
      "Invalid ProjectionExpression: Two document paths conflict with each other; must remove "
      "or rewrite one of these paths; path one: [a, b], path two: [a, [0]]");
}

TEST(DdbExpressionProjection, SyntaxAndNames) {
  EXPECT_EQ(projection_error(""), "Invalid ProjectionExpression: The expression can not be empty;");
  EXPECT_EQ(projection_error("a,"),
            "Invalid ProjectionExpression: Syntax error; token: \"<EOF>\", near: \",\"");
  EXPECT_EQ(projection_error("a b"),
            "Invalid ProjectionExpression: Syntax error; token: \"b\", near: \"a b\"");
  EXPECT_EQ(projection_error("size(a)"),
            "Invalid ProjectionExpression: Syntax error; token: \"(\", near: \"size(a\"");
  EXPECT_EQ(projection_error("a, status"),
            "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: "
            "status");
  EXPECT_EQ(projection_error("#x"),
            "Invalid ProjectionExpression: An expression attribute name used in the document path "
            "is not defined; attribute name: #x");
}

TEST(DdbExpressionProjection, AttributesToGet) {
  const auto projection = Projection::from_attributes_to_get(parse_json(R"(["id","plain","x"])"));
  EXPECT_EQ(projection.apply(parse_json(kProjectionItem)),
            parse_json(R"({"id":{"S":"k"},"plain":{"S":"v"}})"));
  EXPECT_EQ(validation_message(
                [] { Projection::from_attributes_to_get(parse_json(R"(["id","plain","id"])")); }),
            "One or more parameter values were invalid: Duplicate value in attribute name: id");
}
