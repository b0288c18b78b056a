// SendMessage read from its query-protocol form: the reader takes exactly the forms it fully
// understands, and a draft made from what it reads equals, in every field and every error, the
// draft made from the json value query_fields_to_json gives for the same form.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "eddy/aws_error.hpp"
#include "form_fields_trace.hpp"
#include "protocol/query_input.hpp"
#include "services/sqs/form_requests.hpp"
#include "services/sqs/message_draft.hpp"
#include "services/sqs/sqs_description.hpp"
#include "sqs_draft_outcome.hpp"

namespace eddy::services::sqs {
namespace {

using eddy::test_support::describe;
using protocol::FormFields;

const protocol::ServiceDescription& description() {
  static const protocol::ServiceDescription sqs = make_description({"SendMessage"});
  return sqs;
}

FormFields send_form(FormFields members) {
  FormFields out = {{"Action", "SendMessage"},
                    {"Version", "2012-11-05"},
                    {"QueueUrl", "http://localhost:4566/000000000000/q"}};
  out.insert(out.end(), members.begin(), members.end());
  return out;
}

using test_support::DraftOutcome;
using test_support::outcome_of;

// The form reader must take `fields`, and agree with the json path on them.
void expect_same_draft(const FormFields& fields) {
  SCOPED_TRACE(describe(fields));
  auto request = read_send_message_form(fields);
  ASSERT_TRUE(request.has_value());
  json input = protocol::query_fields_to_json(fields, description());
  EXPECT_EQ(request->queue_url, input["QueueUrl"].get<std::string>());
  DraftOutcome from_form = outcome_of([&] { return MessageDraft::from_text(*request, "sender"); });
  DraftOutcome from_json = outcome_of([&] { return MessageDraft::from_request(input, "sender"); });
  EXPECT_EQ(from_form.error, from_json.error);
  EXPECT_EQ(from_form.attributes_json, from_json.attributes_json);
  EXPECT_TRUE(from_form == from_json);
}

TEST(SqsSendMessageForm, ValidFormsGiveTheJsonPathsDraft) {
  std::vector<FormFields> cases = {
      {{"MessageBody", "hello"}},
      {{"MessageBody", "{\"sensor\":\"s-17\",\"db\":71.5}"},
       {"MessageAttribute.1.Name", "city"},
       {"MessageAttribute.1.Value.DataType", "String"},
       {"MessageAttribute.1.Value.StringValue", "Chicago"}},
      {{"MessageBody", "unicode é 中 😀 \t\n\r end"}, {"DelaySeconds", "0"}},
      {{"MessageBody", "x"}, {"DelaySeconds", "+900"}},
      {{"MessageBody", "x"}, {"MessageGroupId", "g-1"}, {"MessageDeduplicationId", "d.1"}},
      // Entries in any order and fields of an entry in any order: digests in name order.
      {{"MessageAttribute.2.Value.StringValue", "-1.5e3"},
       {"MessageAttribute.10.Name", "Alpha"},
       {"MessageAttribute.2.Name", "zeta"},
       {"MessageBody", "x"},
       {"MessageAttribute.2.Value.DataType", "Number"},
       {"MessageAttribute.10.Value.DataType", "String.custom"},
       {"MessageAttribute.10.Value.StringValue", "v"},
       {"MessageAttribute.3.Name", "bin"},
       {"MessageAttribute.3.Value.DataType", "Binary"},
       {"MessageAttribute.3.Value.BinaryValue", "AAEC/w=="},
       {"MessageAttribute.0.Name", "émoji"},
       {"MessageAttribute.0.Value.DataType", "String"},
       {"MessageAttribute.0.Value.StringValue", "😀"}},
      {{"MessageBody", "x"},
       {"MessageSystemAttribute.1.Name", "AWSTraceHeader"},
       {"MessageSystemAttribute.1.Value.DataType", "String"},
       {"MessageSystemAttribute.1.Value.StringValue", "Root=1-5759e988-bd862e3fe1be46a994272793"}},
      {{"MessageBody", std::string(300000, 'x')}},
  };
  for (const auto& members : cases) expect_same_draft(send_form(members));
  // QueueUrl where the form puts it, and no Action or Version (decode has them elsewhere).
  expect_same_draft({{"MessageBody", "x"}, {"QueueUrl", "q"}});
}

TEST(SqsSendMessageForm, InvalidValuesFailAsOnTheJsonPath) {
  auto attribute = [](std::string name, std::string type, std::string part, std::string value) {
    return FormFields{{"MessageBody", "x"},
                      {"MessageAttribute.1.Name", name},
                      {"MessageAttribute.1.Value.DataType", type},
                      {"MessageAttribute.1.Value." + part, value}};
  };
  std::vector<FormFields> cases = {
      {{"MessageBody", ""}},
      {{"MessageBody", "bell \a"}},
      {{"MessageBody", "\xef\xbf\xbf"}},
      {{"MessageBody", "overlong \xc0\x80"}},
      {{"MessageBody", "x"}, {"DelaySeconds", "901"}},
      {{"MessageBody", "x"}, {"DelaySeconds", "-1"}},
      {{"MessageBody", "x"}, {"MessageGroupId", ""}},
      {{"MessageBody", "x"}, {"MessageGroupId", "has space"}},
      {{"MessageBody", "x"}, {"MessageDeduplicationId", std::string(129, 'd')}},
      attribute("", "String", "StringValue", "v"),
      attribute("AWS.x", "String", "StringValue", "v"),
      attribute("a..b", "String", "StringValue", "v"),
      attribute("a b", "String", "StringValue", "v"),
      attribute(std::string(256, 'n'), "String", "StringValue", "v"),
      attribute("a", "", "StringValue", "v"),
      attribute("a", "Text", "StringValue", "v"),
      attribute("a", "String", "StringValue", ""),
      attribute("a", "String", "BinaryValue", "AAE="),
      attribute("a", "Number", "StringValue", "1x"),
      attribute("a", "Binary", "BinaryValue", "!!"),
      attribute("a", "String", "StringValue", "\x01"),
      {{"MessageBody", "x"},
       {"MessageSystemAttribute.1.Name", "Other"},
       {"MessageSystemAttribute.1.Value.DataType", "String"},
       {"MessageSystemAttribute.1.Value.StringValue", "v"}},
      {{"MessageBody", "x"},
       {"MessageSystemAttribute.1.Name", "AWSTraceHeader"},
       {"MessageSystemAttribute.1.Value.DataType", "Number"},
       {"MessageSystemAttribute.1.Value.StringValue", "1"}},
  };
  FormFields eleven = {{"MessageBody", "x"}};
  for (int i = 1; i <= 11; ++i) {
    // fmt rather than operator+: GCC 12 warns (-Wstringop-overflow) about the inlined
    // concatenation.
    std::string prefix = fmt::format("MessageAttribute.{}", i);
    eleven.push_back({prefix + ".Name", fmt::format("a{}", i)});
    eleven.push_back({prefix + ".Value.DataType", "String"});
    eleven.push_back({prefix + ".Value.StringValue", "v"});
  }
  cases.push_back(eleven);
  for (const auto& members : cases) expect_same_draft(send_form(members));
}

// Forms the reader leaves to the json path, which answers each as it answers any query request.
TEST(SqsSendMessageForm, GivesUpOnWhatItDoesNotFullyUnderstand) {
  std::vector<FormFields> cases = {
      send_form({{"MessageBody", "x"}, {"Unknown", "1"}}),
      send_form({{"MessageBody", "x"}, {"MessageBody", "y"}}),
      send_form({{"MessageBody", "x"}, {"QueueUrl", "other"}}),
      send_form({{"MessageBody", "x"}, {"QueueUrl.1", "nested"}}),
      send_form({{"MessageBody", "x"}, {"DelaySeconds", "5x"}}),
      send_form({{"MessageBody", "x"}, {"DelaySeconds", ""}}),
      send_form({{"MessageBody", "x"}, {"DelaySeconds", "1"}, {"DelaySeconds", "2"}}),
      send_form({{"MessageBody", "x"}, {"MessageGroupId", "a"}, {"MessageGroupId", "b"}}),
      send_form({{"MessageBody", "x"}, {"MessageAttribute", "bare"}}),
      send_form({{"MessageBody", "x"}, {"MessageAttribute.1", "v"}}),
      send_form({{"MessageBody", "x"}, {"MessageAttribute.1.Name", "a"}}),
      send_form({{"MessageBody", "x"}, {"MessageAttribute.1.Value.DataType", "String"}}),
      send_form({{"MessageBody", "x"},
                 {"MessageAttribute.01.Name", "a"},
                 {"MessageAttribute.01.Value.DataType", "String"}}),
      send_form({{"MessageBody", "x"},
                 {"MessageAttribute.x.Name", "a"},
                 {"MessageAttribute.x.Value.DataType", "String"}}),
      send_form({{"MessageBody", "x"},
                 {"MessageAttribute.entry.1.Name", "a"},
                 {"MessageAttribute.entry.1.Value.DataType", "String"}}),
      send_form({{"MessageBody", "x"},
                 {"MessageAttribute.1.Name", "a"},
                 {"MessageAttribute.1.Name", "b"},
                 {"MessageAttribute.1.Value.DataType", "String"}}),
      send_form({{"MessageBody", "x"},
                 {"MessageAttribute.1.Name", "a"},
                 {"MessageAttribute.1.Value.DataType", "String"},
                 {"MessageAttribute.1.Value.StringListValue.1", "v"}}),
      send_form({{"MessageBody", "x"},
                 {"MessageAttribute.1.Name", "a"},
                 {"MessageAttribute.1.Value.DataType", "String"},
                 {"MessageAttribute.2.Name", "a"},
                 {"MessageAttribute.2.Value.DataType", "String"}}),
      send_form({}),
      FormFields{{"MessageBody", "x"}},
  };
  for (const auto& fields : cases) {
    SCOPED_TRACE(describe(fields));
    EXPECT_FALSE(read_send_message_form(fields).has_value());
  }
}

}  // namespace
}  // namespace eddy::services::sqs
