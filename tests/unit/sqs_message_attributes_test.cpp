// Digests and validation of message attributes and bodies, checked against values AWS returned.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/base64.hpp"
#include "eddy/aws_error.hpp"
#include "services/sqs/message_attributes.hpp"
#include "services/sqs/message_body.hpp"
#include "services/sqs/receipt_handle.hpp"

namespace eddy::services::sqs {
namespace {

json string_attribute(const std::string& value) {
  return {{"DataType", "String"}, {"StringValue", value}};
}

TEST(SqsMessageAttributes, Md5MatchesAwsForStringAttributes) {
  json three = {{"Help.Me", string_attribute("Me")},
                {"Hello", string_attribute("There")},
                {"General", string_attribute("Kenobi")}};
  EXPECT_EQ(message_attributes::md5(three), "4c360f3fdafd970e05fae2f149d997f5");
  json two = {{"Hello", string_attribute("There")}, {"General", string_attribute("Kenobi")}};
  EXPECT_EQ(message_attributes::md5(two), "fca026605781cb4126a1e9044df24232");
  EXPECT_EQ(message_attributes::md5({{"Hello", string_attribute("There")}}),
            "a311262e065454b75da111d535b8dacd");
  EXPECT_EQ(message_attributes::md5({{"Foo", string_attribute("Bar")}}),
            "ae7155c6026991b6d54b11589678bf9c");
  EXPECT_EQ(message_attributes::md5({{"k", string_attribute("x")}}),
            "a45daa70926828a2f0a1db3418e6feb4");
}

TEST(SqsMessageAttributes, Md5MatchesAwsForBinaryAndSystemAttributes) {
  std::string bytes =
      "traceparent\x1e"
      "00-774062d6c37081a5a0b9b5b88e30627c-2d2482211f6489da-01";
  json binary = {{"attr1", {{"DataType", "Binary"}, {"BinaryValue", base64::encode(bytes)}}}};
  EXPECT_EQ(message_attributes::md5(binary), "8cbe4db156db8a94db8b801b7addb984");
  json trace = {
      {"AWSTraceHeader",
       string_attribute(
           "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")}};
  EXPECT_EQ(message_attributes::md5(trace), "5ae4d5d7636402d80f4eb6d213245a88");
  EXPECT_EQ(message_attributes::md5(json::object()), "");
}

TEST(SqsMessageAttributes, SelectFollowsAwsFilters) {
  json all = {{"Help.Me", string_attribute("Me")},
              {"Hello", string_attribute("There")},
              {"General", string_attribute("Kenobi")}};
  EXPECT_EQ(message_attributes::select(all, {}).size(), 0u);
  EXPECT_EQ(message_attributes::select(all, {"All"}), all);
  EXPECT_EQ(message_attributes::select(all, {".*"}), all);
  EXPECT_EQ(message_attributes::select(all, {"*"}), all);
  EXPECT_EQ(message_attributes::select(all, {"Foo", "Help"}).size(), 0u);
  json prefixed = message_attributes::select(all, {"Hel.*"});
  EXPECT_EQ(prefixed.size(), 2u);
  EXPECT_TRUE(prefixed.contains("Hello") && prefixed.contains("Help.Me"));
  EXPECT_EQ(message_attributes::md5(prefixed), "83fee93c1bcd8b9a5a923ffacdc636c7");
}

TEST(SqsMessageAttributes, ValidationRejectsWhatAwsRejects) {
  // validate() and a send's one-pass validate_and_store() refuse alike, with the same message.
  auto message_of = [](const json& attributes) {
    std::string outcomes[2];
    for (int one_pass = 0; one_pass < 2; ++one_pass) {
      outcomes[one_pass] = "accepted";
      try {
        if (one_pass)
          message_attributes::validate_and_store(attributes);
        else
          message_attributes::validate(attributes);
      } catch (const AwsError& error) {
        EXPECT_EQ(error.code(), "InvalidParameterValue");
        outcomes[one_pass] = error.message();
      }
    }
    EXPECT_EQ(outcomes[0], outcomes[1]) << json(attributes).dump();
    return outcomes[0];
  };
  EXPECT_EQ(message_of({{"ErrorDetails", string_attribute("")}}),
            "Message (user) attribute 'ErrorDetails' must contain a non-empty value of type "
            "'String'.");
  EXPECT_EQ(message_of({{"a", {{"DataType", "Invalid"}, {"StringValue", "v"}}}}),
            "The type of message (user) attribute 'a' is invalid. You must use only the "
            "following supported type prefixes: Binary, Number, String.");
  for (const char* name : {"aWs.x", "AMAZON.x", ".x", "x.", "a!b", "a..b"})
    EXPECT_NE(message_of({{name, string_attribute("v")}}), "accepted") << name;
  EXPECT_NE(message_of({{std::string(257, 'L'), string_attribute("v")}}), "accepted");
  EXPECT_NE(message_of({{"a", string_attribute("bad\x08")}}), "accepted");
  EXPECT_NE(message_of({{"n", {{"DataType", "Number"}, {"StringValue", "12a"}}}}), "accepted");
  EXPECT_EQ(message_of({{"n", {{"DataType", "Number.int"}, {"StringValue", "-1.5e3"}}}}),
            "accepted");
  EXPECT_EQ(message_of({{"attr.1\xc3\xb8\xc3\x9f", string_attribute("Valida")}}), "accepted");
  json eleven = json::object();
  for (int i = 0; i < 11; ++i) eleven[fmt::format("a{}", i)] = string_attribute("v");
  EXPECT_EQ(message_of(eleven),
            "Number of message attributes [11] exceeds the allowed maximum [10].");
}

TEST(SqsMessageAttributes, SizeCountsNamesTypesAndValues) {
  json attributes = {{"k", string_attribute("x")},
                     {"b", {{"DataType", "Binary"}, {"BinaryValue", base64::encode("abc")}}}};
  EXPECT_EQ(message_attributes::stored(attributes).size, (1u + 6 + 1) + (1u + 6 + 3));
}

TEST(SqsMessageAttributes, StoredTextAndDigestAreDumpAndMd5) {
  json attributes = {
      {"Help.Me", string_attribute("say \"hi\"\n\xc3\xb8")},
      {"General", {{"DataType", "Number.int"}, {"StringValue", "42"}}},
      {"b",
       {{"DataType", "Binary.png"}, {"BinaryValue", base64::encode(std::string("\0\xff", 2))}}}};
  auto stored = message_attributes::stored(attributes);
  EXPECT_EQ(stored.json_text, attributes.dump());
  EXPECT_EQ(stored.md5, message_attributes::md5(attributes));
  EXPECT_EQ(json::parse(stored.json_text), attributes);
  auto none = message_attributes::stored(json::object());
  EXPECT_EQ(none.json_text, "");
  EXPECT_EQ(none.md5, "");
  EXPECT_EQ(none.size, 0u);
}

TEST(SqsMessageAttributes, ValidateAndStoreIsValidateThenStored) {
  json sent = {
      {"Help.Me", string_attribute("say \"hi\"\n\xc3\xb8")},
      {"General", {{"DataType", "Number.int"}, {"StringValue", "42"}, {"BinaryValue", "eA=="}}},
      {"b",
       {{"DataType", "Binary.png"},
        {"BinaryValue", base64::encode(std::string("\0\xff", 2))},
        {"StringValue", "ignored"}}}};
  auto expected = message_attributes::stored(message_attributes::validate(sent));
  auto one_pass = message_attributes::validate_and_store(sent);
  EXPECT_EQ(one_pass.json_text, expected.json_text);
  EXPECT_EQ(one_pass.md5, expected.md5);
  EXPECT_EQ(one_pass.size, expected.size);
  // Members a type does not use are left out of what is stored.
  EXPECT_EQ(json::parse(one_pass.json_text)["b"].size(), 2u);
  auto none = message_attributes::validate_and_store(json::object());
  EXPECT_EQ(none.json_text, "");
  EXPECT_EQ(none.md5, "");
}

TEST(SqsMessageBody, AcceptsOnlyXmlCharacters) {
  EXPECT_TRUE(message_body::has_valid_characters("plain text\t\r\n"));
  EXPECT_TRUE(message_body::has_valid_characters("\xe2\x82\xac \xf0\x9f\x98\x80"));
  EXPECT_FALSE(message_body::has_valid_characters(std::string("a\0b", 3)));
  EXPECT_FALSE(message_body::has_valid_characters("\x08"));
  EXPECT_FALSE(message_body::has_valid_characters("\xef\xbf\xbf"));  // U+FFFF
  EXPECT_FALSE(message_body::has_valid_characters("\xed\xa0\x80"));  // a surrogate
  EXPECT_FALSE(message_body::has_valid_characters("\xc0\xaf"));      // overlong
  EXPECT_FALSE(message_body::has_valid_characters("\xff"));
}

TEST(SqsReceiptHandle, RoundTripsAndRejectsGarbage) {
  ReceiptHandle handle{7, 123456789, 42, message_tag("8c5b4e1a-0d3e-4f2a-9b7c-3e1f2a4b5c6d")};
  auto decoded = decode_receipt_handle(encode_receipt_handle(handle));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->queue_id, 7);
  EXPECT_EQ(decoded->row_id, 123456789);
  EXPECT_EQ(decoded->token, 42);
  EXPECT_EQ(decoded->message_tag, handle.message_tag);
  EXPECT_NE(message_tag("a"), message_tag("b"));
  EXPECT_FALSE(decode_receipt_handle("garbage"));
  EXPECT_FALSE(decode_receipt_handle(""));
  EXPECT_FALSE(decode_receipt_handle(base64::encode("short")));
}

}  // namespace
}  // namespace eddy::services::sqs
