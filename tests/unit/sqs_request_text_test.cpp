// SendMessage read from its JSON text: the reader takes exactly the requests it fully understands,
// and a draft made from the text equals, in every field and every error, the draft made from the
// json value json::parse gives for the same text.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "eddy/aws_error.hpp"
#include "protocol/json_input.hpp"
#include "services/sqs/message_draft.hpp"
#include "services/sqs/request_text.hpp"
#include "services/sqs/text_requests.hpp"
#include "sqs_draft_outcome.hpp"

namespace eddy::services::sqs {
namespace {

constexpr const char* kUrl = R"("QueueUrl":"http://localhost:4566/000000000000/q")";

std::string send_text(const std::string& members) {
  // fmt rather than operator+: GCC 12 warns (-Warray-bounds) about the inlined concatenation.
  return fmt::format("{{{},{}}}", kUrl, members);
}

using test_support::DraftOutcome;
using test_support::outcome_of;

// The text path must take `text`, and agree with the json path on it.
void expect_same_draft(const std::string& text) {
  SCOPED_TRACE(text);
  auto request = read_send_message_text(text);
  ASSERT_TRUE(request.has_value());
  EXPECT_EQ(request->queue_url, "http://localhost:4566/000000000000/q");
  DraftOutcome from_text = outcome_of([&] { return MessageDraft::from_text(*request, "sender"); });
  json input = protocol::parse_json_input(text);
  DraftOutcome from_json = outcome_of([&] { return MessageDraft::from_request(input, "sender"); });
  EXPECT_EQ(from_text.error, from_json.error);
  EXPECT_EQ(from_text.body, from_json.body);
  EXPECT_EQ(from_text.attributes_json, from_json.attributes_json);
  EXPECT_TRUE(from_text == from_json);
}

TEST(SqsSendMessageText, ValidRequestsGiveTheJsonPathsDraft) {
  std::vector<std::string> cases = {
      R"("MessageBody":"hello")",
      R"("MessageBody":"{\"sensor\":\"s-17\",\"db\":71.5}","MessageAttributes":{"city":{"DataType":"String","StringValue":"Chicago"}})",
      // Every escape, and UTF-8 raw and escaped, with a surrogate pair.
      R"("MessageBody":"q\" b\\ s\/ \n\r\t \u00e9 \u4e2d \ud83d\ude00 é 中 😀 \u0041")",
      R"("MessageBody":"x","DelaySeconds":0)",
      R"("MessageBody":"x","DelaySeconds":900)",
      R"("MessageBody":"x","MessageGroupId":"g-1","MessageDeduplicationId":"d.1")",
      // Attributes of every type, given out of order: digests and stored text in name order.
      R"("MessageBody":"x","MessageAttributes":{"zeta":{"DataType":"Number","StringValue":"-1.5e3"},"Alpha":{"StringValue":"v","DataType":"String.custom"},"bin":{"DataType":"Binary","BinaryValue":"AAEC/w=="},"émoji":{"DataType":"String","StringValue":"\ud83d\ude00"}})",
      R"("MessageBody":"x","MessageAttributes":{})",
      // Attribute names are data: escapes decoded, UTF-8 kept.
      R"("MessageBody":"x","MessageAttributes":{"\u00e9t\u00e9":{"DataType":"String","StringValue":"v"},"été2":{"DataType":"String","StringValue":"w"}})",
      R"("MessageBody":"x","MessageSystemAttributes":{"AWSTraceHeader":{"DataType":"String","StringValue":"Root=1-5759e988-bd862e3fe1be46a994272793"}})",
      "\"MessageBody\" :\t\"spaced\" ,\n\"MessageAttributes\" : { \"a\" : { \"DataType\" : "
      "\"String\" , \"StringValue\" : \"b\" } } ",
      fmt::format(R"("MessageBody":"{}")", std::string(300000, 'x')),
  };
  for (const auto& members : cases) expect_same_draft(send_text(members));
  expect_same_draft(std::string(" {\n ") + kUrl + R"( , "MessageBody" : "x" } )");
}

TEST(SqsSendMessageText, InvalidValuesFailAsOnTheJsonPath) {
  std::vector<std::string> cases = {
      R"("MessageBody":"")",
      R"("MessageBody":"bell \u0007")",
      R"("MessageBody":"backspace \b")",
      R"("MessageBody":"nul \u0000")",
      R"("MessageBody":"\uffff")",
      R"("MessageBody":"x","DelaySeconds":901)",
      R"("MessageBody":"x","DelaySeconds":-1)",
      R"("MessageBody":"x","MessageGroupId":"")",
      R"("MessageBody":"x","MessageGroupId":"has space")",
      fmt::format(R"("MessageBody":"x","MessageDeduplicationId":"{}")", std::string(129, 'd')),
      R"("MessageBody":"x","MessageAttributes":{"":{"DataType":"String","StringValue":"v"}})",
      R"("MessageBody":"x","MessageAttributes":{"AWS.x":{"DataType":"String","StringValue":"v"}})",
      R"("MessageBody":"x","MessageAttributes":{"a..b":{"DataType":"String","StringValue":"v"}})",
      R"("MessageBody":"x","MessageAttributes":{"a b":{"DataType":"String","StringValue":"v"}})",
      R"("MessageBody":"x","MessageAttributes":{"a.":{"DataType":"String","StringValue":"v"}})",
      fmt::format(
          R"("MessageBody":"x","MessageAttributes":{{"{}":{{"DataType":"String","StringValue":"v"}}}})",
          std::string(256, 'n')),
      R"("MessageBody":"x","MessageAttributes":{"a":{"StringValue":"v"}})",
      R"("MessageBody":"x","MessageAttributes":{"a":{"DataType":"Text","StringValue":"v"}})",
      R"("MessageBody":"x","MessageAttributes":{"a":{"DataType":"String"}})",
      R"("MessageBody":"x","MessageAttributes":{"a":{"DataType":"String","BinaryValue":"AAE="}})",
      R"("MessageBody":"x","MessageAttributes":{"a":{"DataType":"Number","StringValue":"1x"}})",
      R"("MessageBody":"x","MessageAttributes":{"a":{"DataType":"Binary","BinaryValue":"!!"}})",
      R"("MessageBody":"x","MessageAttributes":{"a":{"DataType":"String","StringValue":"\u0001"}})",
      R"("MessageBody":"x","MessageAttributes":{"b":{"DataType":"Text","StringValue":"v"},"a":{"DataType":"Number","StringValue":"z"}})",
      R"("MessageBody":"x","MessageAttributes":{"a1":{"DataType":"String","StringValue":"v"},"a2":{"DataType":"String","StringValue":"v"},"a3":{"DataType":"String","StringValue":"v"},"a4":{"DataType":"String","StringValue":"v"},"a5":{"DataType":"String","StringValue":"v"},"a6":{"DataType":"String","StringValue":"v"},"a7":{"DataType":"String","StringValue":"v"},"a8":{"DataType":"String","StringValue":"v"},"a9":{"DataType":"String","StringValue":"v"},"b1":{"DataType":"String","StringValue":"v"},"b2":{"DataType":"String","StringValue":"v"}})",
      R"("MessageBody":"x","MessageSystemAttributes":{"Other":{"DataType":"String","StringValue":"v"}})",
      R"("MessageBody":"x","MessageSystemAttributes":{"AWSTraceHeader":{"DataType":"Number","StringValue":"1"}})",
      R"("MessageBody":"x","MessageSystemAttributes":{"AWSTraceHeader":{"DataType":"String"}})",
  };
  for (const auto& members : cases) expect_same_draft(send_text(members));
}

// Text the reader leaves to the json path: json::parse then gives the value (or the error), and
// the operation reads it as it reads any other protocol's request.
TEST(SqsSendMessageText, GivesUpOnWhatItDoesNotFullyUnderstand) {
  std::vector<std::string> cases = {
      send_text(R"("MessageBody":"x","Unknown":1)"),
      send_text(R"("MessageBody":null)"),
      send_text(R"("MessageBody":5)"),
      send_text(R"("MessageBody":true)"),
      send_text(R"("MessageBody":"x","MessageBody":"y")"),
      send_text(R"("Message\u0042ody":"x")"),
      send_text(R"("MessageBody":"x","DelaySeconds":1.0)"),
      send_text(R"("MessageBody":"x","DelaySeconds":1e2)"),
      send_text(R"("MessageBody":"x","DelaySeconds":-0)"),
      send_text(R"("MessageBody":"x","DelaySeconds":012)"),
      send_text(R"("MessageBody":"x","DelaySeconds":"5")"),
      send_text(R"("MessageBody":"x","DelaySeconds":1234567890123456789)"),
      send_text(R"("MessageBody":"x","MessageGroupId":null)"),
      send_text(R"("MessageBody":"x","MessageAttributes":[])"),
      send_text(R"("MessageBody":"x","MessageAttributes":null)"),
      send_text(R"("MessageBody":"x","MessageAttributes":{"a":"v"})"),
      send_text(
          R"("MessageBody":"x","MessageAttributes":{"a":{"DataType":"String","StringValue":"v"},"a":{"DataType":"String","StringValue":"w"}})"),
      send_text(
          R"("MessageBody":"x","MessageAttributes":{"a":{"DataType":"String","StringValue":"v","StringListValues":[]}})"),
      send_text(
          R"("MessageBody":"x","MessageAttributes":{"a":{"DataType":"String","StringValue":"v"},"\u0061":{"DataType":"String","StringValue":"w"}})"),
      send_text(
          R"("MessageBody":"x","MessageAttributes":{"a":{"DataType":"String","StringValue":1}})"),
      send_text(
          R"("MessageBody":"x","MessageAttributes":{"a":{"DataType":"Number","DataType":"String","StringValue":"v"}})"),
      send_text(R"("MessageBody":"lone \ud800 high")"),
      send_text(R"("MessageBody":"lone \udc00 low")"),
      send_text(R"("MessageBody":"bad \x escape")"),
      send_text(R"("MessageBody":"short \u12")"),
      send_text("\"MessageBody\":\"raw \x01 control\""),
      send_text("\"MessageBody\":\"overlong \xc0\x80\""),
      send_text("\"MessageBody\":\"surrogate \xed\xa0\x80\""),
      send_text("\"MessageBody\":\"cut \xe4\xb8\""),
      send_text(R"("MessageBody":"x")") + " trailing",
      send_text(R"("MessageBody":"x",)"),
      R"({"MessageBody":"x"})",
      std::string("{") + kUrl + "}",
      R"({"QueueUrl":"u","MessageBody":"x")",
      "",
      "[]",
  };
  for (const auto& text : cases) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(read_send_message_text(text).has_value());
  }
}

TEST(SqsReceiveAndDeleteText, ReadTheMembersTheyTakeAndGiveUpOnTheRest) {
  auto receive = read_receive_message_text(
      R"({"QueueUrl":"u","MaxNumberOfMessages":10,"VisibilityTimeout":0,"WaitTimeSeconds":20,)"
      R"("AttributeNames":["All"],"MessageSystemAttributeNames":["SentTimestamp"],)"
      R"("MessageAttributeNames":["a.*","b"],"ReceiveRequestAttemptId":"r1"})");
  ASSERT_TRUE(receive.has_value());
  EXPECT_EQ(receive->queue_url, "u");
  EXPECT_EQ(receive->max_messages, 10);
  EXPECT_EQ(receive->visibility_timeout, 0);
  EXPECT_EQ(receive->wait_seconds, 20);
  EXPECT_EQ(receive->attribute_names, std::vector<std::string>{"All"});
  EXPECT_EQ(receive->system_attribute_names, std::vector<std::string>{"SentTimestamp"});
  EXPECT_EQ(receive->message_attribute_names, (std::vector<std::string>{"a.*", "b"}));
  EXPECT_EQ(receive->attempt_id, "r1");
  for (const char* text :
       {R"({"MaxNumberOfMessages":1})", R"({"QueueUrl":"u","MaxNumberOfMessages":"1"})",
        R"({"QueueUrl":"u","AttributeNames":"All"})", R"({"QueueUrl":"u","WaitTimeSeconds":null})",
        R"({"QueueUrl":"u","QueueUrl":"v"})", R"({"QueueUrl":"u","Other":1})"}) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(read_receive_message_text(text).has_value());
  }
  auto deletion = read_delete_message_text(R"({"QueueUrl":"u","ReceiptHandle":"h"})");
  ASSERT_TRUE(deletion.has_value());
  EXPECT_EQ(deletion->receipt_handle, "h");
  for (const char* text : {R"({"QueueUrl":"u"})", R"({"QueueUrl":"u","ReceiptHandle":1})",
                           R"({"QueueUrl":"u","ReceiptHandle":"h","Extra":"x"})"}) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(read_delete_message_text(text).has_value());
  }
}

TEST(SqsSendMessageBatchText, ReadsEntriesAsSendMessageItsMessagesAndGivesUpOnTheRest) {
  auto batch = read_send_message_batch_text(
      R"({"QueueUrl":"u","Entries":[{"Id":"a","MessageBody":"one"},)"
      R"({"MessageBody":"two","Id":"b","DelaySeconds":5,"MessageGroupId":"g",)"
      R"("MessageAttributes":{"k":{"DataType":"String","StringValue":"v"}}}]})");
  ASSERT_TRUE(batch.has_value());
  EXPECT_EQ(batch->queue_url, "u");
  ASSERT_EQ(batch->entries.size(), 2u);
  EXPECT_EQ(batch->entries[0].id, "a");
  EXPECT_EQ(batch->entries[0].message.body, "one");
  EXPECT_EQ(batch->entries[1].id, "b");
  EXPECT_EQ(batch->entries[1].message.delay_seconds, 5);
  EXPECT_EQ(batch->entries[1].message.group_id, "g");
  ASSERT_EQ(batch->entries[1].message.attributes.size(), 1u);
  EXPECT_EQ(batch->entries[1].message.attributes[0].string_value, "v");
  // Checks of the batch are the operation's: an empty list and repeated ids are read.
  EXPECT_TRUE(read_send_message_batch_text(R"({"QueueUrl":"u","Entries":[]})").has_value());
  EXPECT_TRUE(
      read_send_message_batch_text(
          R"({"QueueUrl":"u","Entries":[{"Id":"a","MessageBody":"1"},{"Id":"a","MessageBody":"2"}]})")
          .has_value());
  for (const char* text : {
           R"({"Entries":[{"Id":"a","MessageBody":"m"}]})",
           R"({"QueueUrl":"u"})",
           R"({"QueueUrl":"u","Entries":{}})",
           R"({"QueueUrl":"u","Entries":[{"MessageBody":"m"}]})",
           R"({"QueueUrl":"u","Entries":[{"Id":"a"}]})",
           R"({"QueueUrl":"u","Entries":[{"Id":"a","MessageBody":"m","QueueUrl":"v"}]})",
           R"({"QueueUrl":"u","Entries":[{"Id":1,"MessageBody":"m"}]})",
           R"({"QueueUrl":"u","Entries":[{"Id":"a","Id":"b","MessageBody":"m"}]})",
           R"({"QueueUrl":"u","Entries":[{"Id":"a","MessageBody":"m","DelaySeconds":"5"}]})",
           R"({"QueueUrl":"u","Entries":[{"Id":"a","MessageBody":"m"}],"Entries":[]})",
           R"({"QueueUrl":"u","Entries":[{"Id":"a","MessageBody":"m"},]})",
       }) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(read_send_message_batch_text(text).has_value());
  }
}

TEST(SqsDeleteMessageBatchText, ReadsIdsAndHandlesAndGivesUpOnTheRest) {
  auto batch = read_delete_message_batch_text(
      R"({"QueueUrl":"u","Entries":[{"Id":"a","ReceiptHandle":"h1"},{"ReceiptHandle":"h2","Id":"b"}]})");
  ASSERT_TRUE(batch.has_value());
  EXPECT_EQ(batch->queue_url, "u");
  ASSERT_EQ(batch->entries.size(), 2u);
  EXPECT_EQ(batch->entries[1].id, "b");
  EXPECT_EQ(batch->entries[1].receipt_handle, "h2");
  for (const char* text : {
           R"({"QueueUrl":"u"})",
           R"({"Entries":[{"Id":"a","ReceiptHandle":"h"}]})",
           R"({"QueueUrl":"u","Entries":[{"Id":"a"}]})",
           R"({"QueueUrl":"u","Entries":[{"Id":"a","ReceiptHandle":""}]})",
           R"({"QueueUrl":"u","Entries":[{"ReceiptHandle":"h"}]})",
           R"({"QueueUrl":"u","Entries":[{"Id":"a","ReceiptHandle":"h","Other":1}]})",
           R"({"QueueUrl":"u","Entries":[{"Id":"a","ReceiptHandle":1}]})",
       }) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(read_delete_message_batch_text(text).has_value());
  }
}

TEST(SqsGetQueueUrlText, ReadsTheNameAndOwnerAndGivesUpOnTheRest) {
  auto plain = read_get_queue_url_text(R"({"QueueName":"q"})");
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->queue_name, "q");
  EXPECT_FALSE(plain->owner.has_value());
  auto owned = read_get_queue_url_text(
      R"( { "QueueOwnerAWSAccountId" : "123456789012", "QueueName":"q" } )");
  ASSERT_TRUE(owned.has_value());
  EXPECT_EQ(owned->queue_name, "q");
  EXPECT_EQ(owned->owner, "123456789012");
  for (const char* text :
       {"", "{}", R"({"QueueOwnerAWSAccountId":"1"})", R"({"QueueName":""})", R"({"QueueName":5})",
        R"({"QueueName":null})", R"({"QueueName":"q","QueueName":"r"})",
        R"({"QueueName":"q","QueueOwnerAWSAccountId":1})", R"({"QueueName":"q","Other":"x"})",
        R"({"QueueName":"q"} x)", R"(["QueueName"])"}) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(read_get_queue_url_text(text).has_value());
  }
}

TEST(SqsRequestText, StringsDecodeAsJsonParseDecodesThem) {
  std::vector<std::string> strings = {
      R"("plain")",
      R"("")",
      R"("\"\\\/\b\f\n\r\t")",
      R"("\u0000\u001f\u007f\u0080\u07ff")",
      R"("\uD834\uDD1E \uDBFF\uDFFF \uE000 \uFFFD")",
      "\"\xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf\"",
      fmt::format(R"("mixed \u00e9 and {} \n end")", std::string(100, 'a')),
  };
  for (const auto& text : strings) {
    SCOPED_TRACE(text);
    RequestText reader(text);
    std::string decoded;
    ASSERT_TRUE(reader.read_string(decoded));
    EXPECT_TRUE(reader.at_end());
    EXPECT_EQ(decoded, json::parse(text).get<std::string>());
  }
}

TEST(SqsRequestText, ReadsIntegersAndStringLists) {
  std::int64_t value = 0;
  RequestText number(" -42 ");
  ASSERT_TRUE(number.read_integer(value));
  EXPECT_EQ(value, -42);
  EXPECT_TRUE(number.at_end());
  std::vector<std::string> names;
  RequestText list(R"([ "All", "a\u002eb" ])");
  ASSERT_TRUE(list.read_string_list(names));
  EXPECT_EQ(names, (std::vector<std::string>{"All", "a.b"}));
  names.clear();
  RequestText empty("[]");
  EXPECT_TRUE(empty.read_string_list(names));
  EXPECT_TRUE(names.empty());
  RequestText mixed(R"(["a", 1])");
  EXPECT_FALSE(mixed.read_string_list(names));
}

}  // namespace
}  // namespace eddy::services::sqs
