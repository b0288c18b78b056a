#include <gtest/gtest.h>

#include "protocol/query_input.hpp"

using eddy::json;
using namespace eddy::protocol;

namespace {
ServiceDescription sqs_like() {
  return ServiceDescription{
      .name = "sqs",
      .query_input = {{"Attribute", "Attributes", QueryInputKind::map},
                      {"AttributeName", "AttributeNames", QueryInputKind::list},
                      {"MessageAttribute", "MessageAttributes", QueryInputKind::map},
                      {"Entry", "Entries", QueryInputKind::list},
                      {"Tag", "Tags", QueryInputKind::map, "Key", "Value"}},
      .query_scalars = {{"DelaySeconds", QueryScalar::integer},
                        {"VisibilityTimeout", QueryScalar::integer},
                        {"ReturnArn", QueryScalar::boolean}},
  };
}
}  // namespace

TEST(QueryInput, ScalarsTakeTheirModelledTypesAndActionIsDropped) {
  FormFields fields{{"Action", "SendMessage"},     {"Version", "2012-11-05"},
                    {"MessageBody", "12"},         {"DelaySeconds", "5"},
                    {"VisibilityTimeout", "soon"}, {"ReturnArn", "TRUE"}};
  json out = query_fields_to_json(fields, sqs_like());
  // Untyped members stay text even when they look like numbers; typed text that does not parse
  // stays text for the service to reject.
  EXPECT_EQ(out, (json{{"MessageBody", "12"},
                       {"DelaySeconds", 5},
                       {"VisibilityTimeout", "soon"},
                       {"ReturnArn", true}}));
}

TEST(QueryInput, TypedMembersInsideListEntriesAreTypedToo) {
  FormFields fields{{"Entry.1.Id", "a"}, {"Entry.1.DelaySeconds", "+7"}};
  json out = query_fields_to_json(fields, sqs_like());
  EXPECT_EQ(out["Entries"][0]["DelaySeconds"], 7);
}

TEST(QueryInput, ABareValueOfAListRuleIsAListOfItOrEmpty) {
  json one = query_fields_to_json({{"AttributeName", "All"}}, sqs_like());
  EXPECT_EQ(one["AttributeNames"], json::array({"All"}));
  json none = query_fields_to_json({{"AttributeName", ""}, {"Attribute", ""}}, sqs_like());
  EXPECT_EQ(none["AttributeNames"], json::array());
  EXPECT_EQ(none["Attributes"], json::object());
}

TEST(QueryInput, FlattenedMapAndListFollowRules) {
  FormFields fields{{"Attribute.2.Name", "DelaySeconds"},
                    {"Attribute.2.Value", "3"},
                    {"Attribute.1.Name", "VisibilityTimeout"},
                    {"Attribute.1.Value", "40"},
                    {"AttributeName.2", "B"},
                    {"AttributeName.1", "A"},
                    {"Tag.1.Key", "team"},
                    {"Tag.1.Value", "noise"}};
  json out = query_fields_to_json(fields, sqs_like());
  EXPECT_EQ(out["Attributes"], (json{{"DelaySeconds", "3"}, {"VisibilityTimeout", "40"}}));
  EXPECT_EQ(out["AttributeNames"], (json{"A", "B"}));
  EXPECT_EQ(out["Tags"], (json{{"team", "noise"}}));
}

TEST(QueryInput, IndexesSortNumericallyNotLexically) {
  FormFields fields;
  for (int i = 1; i <= 11; ++i)
    fields.emplace_back("AttributeName." + std::to_string(i), std::to_string(i));
  json out = query_fields_to_json(fields, sqs_like());
  ASSERT_EQ(out["AttributeNames"].size(), 11u);
  EXPECT_EQ(out["AttributeNames"][1], "2");
  EXPECT_EQ(out["AttributeNames"][10], "11");
}

TEST(QueryInput, NestedRulesApplyInsideListEntries) {
  FormFields fields{{"Entry.1.Id", "a"},
                    {"Entry.1.MessageAttribute.1.Name", "city"},
                    {"Entry.1.MessageAttribute.1.Value.DataType", "String"},
                    {"Entry.1.MessageAttribute.1.Value.StringValue", "Chicago"}};
  json out = query_fields_to_json(fields, sqs_like());
  EXPECT_EQ(out["Entries"][0]["Id"], "a");
  EXPECT_EQ(out["Entries"][0]["MessageAttributes"]["city"],
            (json{{"DataType", "String"}, {"StringValue", "Chicago"}}));
}

TEST(QueryInput, WrappedMembersAndEntriesAreInferred) {
  ServiceDescription sns{.name = "sns"};
  FormFields fields{{"Attributes.entry.1.key", "DisplayName"},
                    {"Attributes.entry.1.value", "Noise"},
                    {"Tags.member.1.Key", "k"},
                    {"Tags.member.1.Value", "v"},
                    {"MessageAttributes.entry.1.Name", "level"},
                    {"MessageAttributes.entry.1.Value.DataType", "Number"},
                    {"MessageAttributes.entry.1.Value.StringValue", "70"},
                    {"TagKeys.member.1", "k"}};
  json out = query_fields_to_json(fields, sns);
  EXPECT_EQ(out["Attributes"], (json{{"DisplayName", "Noise"}}));
  EXPECT_EQ(out["Tags"], json::parse(R"([{"Key":"k","Value":"v"}])"));
  EXPECT_EQ(out["MessageAttributes"]["level"]["StringValue"], "70");
  EXPECT_EQ(out["TagKeys"], json::array({"k"}));
}
