// GetItem's and Query's answers written as text around stored item text: byte for byte what
// dump() writes for the same answer as a json value, which is what they were before.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "protocol/preserialized_json.hpp"
#include "services/dynamodb/read_answer_text.hpp"
#include "services/dynamodb/values/stored_item_text.hpp"

using eddy::json;
using namespace eddy::services::dynamodb;

namespace {

std::string text_of(const json& answer) {
  EXPECT_TRUE(eddy::protocol::is_preserialized_json(answer));
  return eddy::protocol::preserialized_text(answer);
}

const json kItem = json::parse(
    R"({"pk": {"S": "sensor \"17\" \u00e9"}, "sk": {"N": "-1.5E+7"}, "m": {"M": {"z": {"L": [{"BOOL": true}]}}}})");
const json kCapacity = {{"TableName", "readings"}, {"CapacityUnits", 0.5}};

}  // namespace

TEST(DdbReadAnswerText, GetItemIsDumpOfTheSameAnswer) {
  std::string stored = stored_item_text(kItem);
  EXPECT_EQ(text_of(get_item_answer_text(stored, nullptr)), json({{"Item", kItem}}).dump());
  EXPECT_EQ(text_of(get_item_answer_text(stored, &kCapacity)),
            json({{"Item", kItem}, {"ConsumedCapacity", kCapacity}}).dump());
  EXPECT_EQ(text_of(get_item_answer_text(std::nullopt, nullptr)), "{}");
  EXPECT_EQ(text_of(get_item_answer_text(std::nullopt, &kCapacity)),
            json({{"ConsumedCapacity", kCapacity}}).dump());
}

TEST(DdbReadAnswerText, PageIsDumpOfTheSameAnswer) {
  json second = kItem;
  second["sk"] = {{"N", "3"}};
  std::string joined = stored_item_text(kItem) + "," + stored_item_text(second);
  json last_key = {{"pk", kItem["pk"]}, {"sk", second["sk"]}};
  std::string last_key_text = last_key.dump();
  json items = json::array({kItem, second});
  EXPECT_EQ(text_of(page_answer_text({.count = 2, .scanned = 2, .joined_items = &joined})),
            json({{"Count", 2}, {"ScannedCount", 2}, {"Items", items}}).dump());
  EXPECT_EQ(text_of(page_answer_text({.count = 2,
                                      .scanned = 2,
                                      .joined_items = &joined,
                                      .last_evaluated_key = last_key_text,
                                      .capacity = &kCapacity})),
            json({{"Count", 2},
                  {"ScannedCount", 2},
                  {"Items", items},
                  {"LastEvaluatedKey", last_key},
                  {"ConsumedCapacity", kCapacity}})
                .dump());
  std::string none;
  EXPECT_EQ(text_of(page_answer_text({.count = 0, .scanned = 0, .joined_items = &none})),
            json({{"Count", 0}, {"ScannedCount", 0}, {"Items", json::array()}}).dump());
  // Select COUNT: no Items member at all.
  EXPECT_EQ(
      text_of(page_answer_text({.count = 7, .scanned = 7, .last_evaluated_key = last_key_text})),
      json({{"Count", 7}, {"ScannedCount", 7}, {"LastEvaluatedKey", last_key}}).dump());
}

TEST(DdbReadAnswerText, BatchGetIsDumpOfTheSameAnswer) {
  json second = kItem;
  second["sk"] = {{"N", "3"}};
  std::map<std::string, std::string> responses = {
      {"readings", stored_item_text(kItem) + "," + stored_item_text(second)},
      {"empty", ""},
      {"t\"quoted\" é", stored_item_text(second)}};
  json unprocessed = {{"later", {{"Keys", json::array({{{"pk", {{"S", "x"}}}}})}}}};
  json capacities = json::array({kCapacity});
  json expected_responses = {{"readings", json::array({kItem, second})},
                             {"empty", json::array()},
                             {"t\"quoted\" é", json::array({second})}};
  EXPECT_EQ(text_of(batch_get_answer_text(responses, json::object(), nullptr)),
            json({{"Responses", expected_responses}, {"UnprocessedKeys", json::object()}}).dump());
  EXPECT_EQ(text_of(batch_get_answer_text(responses, unprocessed, &capacities)),
            json({{"Responses", expected_responses},
                  {"UnprocessedKeys", unprocessed},
                  {"ConsumedCapacity", capacities}})
                .dump());
  EXPECT_EQ(text_of(batch_get_answer_text({}, json::object(), nullptr)),
            R"({"Responses":{},"UnprocessedKeys":{}})");
}
