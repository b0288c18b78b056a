// The SQS answers written as JSON text must be exactly what serialising the json value the other
// protocols get would give.
#include <gtest/gtest.h>

#include "core/json_text.hpp"
#include "services/sqs/answer_text.hpp"

namespace eddy::services::sqs {
namespace {

json as_value(const ReceivedMessage& m) {
  json out = {{"MessageId", m.message_id},
              {"ReceiptHandle", m.receipt_handle},
              {"MD5OfBody", m.md5_of_body},
              {"Body", m.body}};
  if (!m.attributes.empty()) out["Attributes"] = m.attributes;
  if (!m.md5_of_message_attributes.empty()) {
    out["MD5OfMessageAttributes"] = m.md5_of_message_attributes;
    out["MessageAttributes"] = m.message_attributes;
  }
  return out;
}

std::string dumped(const std::vector<ReceivedMessage>& messages) {
  if (messages.empty()) return json::object().dump();
  json list = json::array();
  for (const auto& m : messages) list.push_back(as_value(m));
  return json{{"Messages", list}}.dump();
}

TEST(SqsReceiveAnswer, NoMessagesIsAnEmptyObject) {
  EXPECT_EQ(receive_answer_text({}), "{}");
}

TEST(SqsReceiveAnswer, PlainMessagesMatchTheSerialisedValue) {
  std::vector<ReceivedMessage> messages(2);
  messages[0] = {.message_id = "a1",
                 .receipt_handle = "RmFiYw==",
                 .body = "{\"sensor\":\"s-17\"}",
                 .md5_of_body = "0123"};
  messages[1] = {.message_id = "b2", .receipt_handle = "x+/=", .body = "plain", .md5_of_body = "4"};
  EXPECT_EQ(receive_answer_text(messages), dumped(messages));
}

TEST(SqsReceiveAnswer, AwkwardTextAttributesAndMessageAttributesMatch) {
  ReceivedMessage m{
      .message_id = "id",
      .receipt_handle = "handle",
      .body =
          "tab\there \"quoted\" back\\slash\nline\r\x7f caf\xc3\xa9 \xf0\x9f\x98\x80 \xe2\x82\xac",
      .md5_of_body = "md5",
      .attributes = {{"SentTimestamp", "1700000000000"},
                     {"AWSTraceHeader", "Root=1-\"x\""},
                     {"ApproximateReceiveCount", "3"}},
      .message_attributes = {{"city", {{"DataType", "String"}, {"StringValue", "Z\xc3\xbcrich\n"}}},
                             {"bin", {{"DataType", "Binary"}, {"BinaryValue", "AAE="}}}},
      .md5_of_message_attributes = "attrs-md5",
  };
  EXPECT_EQ(receive_answer_text({m}), dumped({m}));
}

TEST(SqsSendAnswer, MatchesTheSerialisedValueWithAndWithoutOptionalMembers) {
  MessageDraft plain;
  plain.body_md5 = "body-md5";
  EnqueueResult first{.message_id = "m-1"};
  EXPECT_EQ(send_answer_text(plain, first),
            json({{"MessageId", "m-1"}, {"MD5OfMessageBody", "body-md5"}}).dump());
  MessageDraft full = plain;
  full.attributes_md5 = "attrs-md5";
  full.system_md5 = "system-md5";
  EnqueueResult fifo{.message_id = "m-2", .sequence_number = "18889999999999999999"};
  EXPECT_EQ(send_answer_text(full, fifo), json({{"MessageId", "m-2"},
                                                {"MD5OfMessageBody", "body-md5"},
                                                {"MD5OfMessageAttributes", "attrs-md5"},
                                                {"MD5OfMessageSystemAttributes", "system-md5"},
                                                {"SequenceNumber", "18889999999999999999"}})
                                              .dump());
}

TEST(JsonText, EscapesAsJsonDumpDoes) {
  std::string all;
  for (int c = 1; c < 0x80; ++c) all.push_back(static_cast<char>(c));
  all += "\xc3\xa9\xf0\x9f\x98\x80";
  std::string out;
  json_text::append_string(out, all);
  EXPECT_EQ(out, json(all).dump());
  EXPECT_EQ(json::parse(out).get<std::string>(), all);
}

TEST(JsonText, EscapesAtEveryPositionOfEightByteWords) {
  for (std::size_t length : {0u, 1u, 7u, 8u, 9u, 16u, 23u}) {
    for (std::size_t at = 0; at <= length; ++at) {
      for (char special : {'"', '\\', '\n', '\x01', '\x1f'}) {
        std::string text(length, 'a');
        if (at < length) text[at] = special;
        std::string out;
        json_text::append_string(out, text);
        EXPECT_EQ(out, json(text).dump()) << length << " " << at;
      }
    }
  }
}

}  // namespace
}  // namespace eddy::services::sqs
