// Publish read from its query-protocol form: the reader takes exactly the forms it fully
// understands, and gives for them what the json path reads from the value query_fields_to_json
// makes of the same form. Every check after reading (attributes, sizes, FIFO rules) is shared.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "form_fields_trace.hpp"
#include "protocol/query_input.hpp"
#include "services/sns/publish_input.hpp"
#include "services/sns/sns_description.hpp"

namespace eddy::services::sns {
namespace {

using eddy::test_support::describe;
using protocol::FormFields;

const protocol::ServiceDescription& description() {
  static const protocol::ServiceDescription sns = make_description({"Publish"});
  return sns;
}

constexpr std::string_view kTopic = "arn:aws:sns:us-east-1:000000000000:t";

FormFields publish_form(FormFields members) {
  FormFields out = {{"Action", "Publish"}, {"Version", "2010-03-31"}};
  out.insert(out.end(), members.begin(), members.end());
  return out;
}

// The attribute entry N of a form, its Value members given as (member, value) pairs.
FormFields attribute(int n, std::string name, FormFields value) {
  std::string prefix = fmt::format("MessageAttributes.entry.{}", n);
  FormFields out = {{prefix + ".Name", std::move(name)}};
  for (auto& [member, text] : value) out.push_back({prefix + ".Value." + member, std::move(text)});
  return out;
}

FormFields joined(std::vector<FormFields> parts) {
  FormFields out;
  for (auto& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

// The form reader must take `fields`, and read what the json path reads.
void expect_same_input(const FormFields& fields) {
  SCOPED_TRACE(describe(fields));
  auto from_form = read_publish_form(fields);
  ASSERT_TRUE(from_form.has_value());
  PublishInput from_json =
      PublishInput::read(protocol::query_fields_to_json(fields, description()));
  EXPECT_EQ(from_form->message.attributes.dump(), from_json.message.attributes.dump());
  EXPECT_TRUE(*from_form == from_json);
}

TEST(SnsPublishForm, ValidFormsGiveTheJsonPathsInput) {
  std::string topic(kTopic);
  std::vector<FormFields> cases = {
      {{"TopicArn", topic}, {"Message", "hello"}},
      // What boto3 sends for the bench's publish.
      joined({{{"TopicArn", topic}, {"Message", "{\"sensor\":\"s-17\",\"db\":71.5}"}},
              attribute(1, "district", {{"DataType", "String"}, {"StringValue", "loop"}})}),
      {{"TopicArn", topic}, {"Message", ""}},
      {{"Message", "unicode é 中 😀 \t\n\r end"}, {"TopicArn", topic}, {"Subject", "Hi there"}},
      {{"TopicArn", topic},
       {"Message", "{\"default\":\"d\",\"sqs\":\"s\"}"},
       {"MessageStructure", "json"}},
      {{"TopicArn", topic + ".fifo"},
       {"Message", "m"},
       {"MessageGroupId", "g-1"},
       {"MessageDeduplicationId", "d.1"}},
      {{"TargetArn", topic}, {"Message", "m"}},
      {{"TargetArn", "arn:aws:sns:us-east-1:000000000000:endpoint/APNS/app/1"}, {"Message", "m"}},
      {{"PhoneNumber", "+15555550100"}, {"Message", "m"}},
      {{"TopicArn", topic}, {"TargetArn", "other"}, {"PhoneNumber", "x"}, {"Message", "m"}},
      {{"Message", "no destination"}},
      {},
      // Entries in any order, fields of an entry in any order, indexes from 0 and past 9.
      joined({{{"TopicArn", topic}},
              {{"MessageAttributes.entry.10.Value.StringValue", "-1.5e3"}},
              attribute(2, "zeta", {{"StringValue", "z"}, {"DataType", "String.Array"}}),
              {{"Message", "m"},
               {"MessageAttributes.entry.10.Name", "Alpha"},
               {"MessageAttributes.entry.10.Value.DataType", "Number"}},
              attribute(0, "bin", {{"DataType", "Binary"}, {"BinaryValue", "AAEC/w=="}}),
              attribute(3, "émoji", {{"DataType", "String"}, {"StringValue", "😀"}})}),
      // Values the checks after reading refuse, alike on both paths.
      joined({{{"TopicArn", topic}, {"Message", "m"}},
              attribute(1, "only-type", {{"DataType", "String"}})}),
      joined({{{"TopicArn", topic}, {"Message", "m"}},
              attribute(1, "no-type", {{"StringValue", "v"}})}),
      joined({{{"TopicArn", topic}, {"Message", "m"}},
              attribute(1, "both",
                        {{"DataType", "Binary"}, {"StringValue", "v"}, {"BinaryValue", "!!"}})}),
      joined({{{"TopicArn", topic}, {"Message", "m"}},
              attribute(1, "", {{"DataType", "Text"}, {"StringValue", ""}})}),
      {{"TopicArn", "not an arn"}, {"Message", std::string(300000, 'x')}},
  };
  for (const auto& members : cases) expect_same_input(publish_form(members));
  // No Action or Version (decode has them elsewhere).
  expect_same_input({{"Message", "m"}, {"TopicArn", topic}});
}

// Forms the reader leaves to the json path, which answers each as it answers any query request.
TEST(SnsPublishForm, GivesUpOnWhatItDoesNotFullyUnderstand) {
  std::string topic(kTopic);
  FormFields base = {{"TopicArn", topic}, {"Message", "m"}};
  auto with = [&](FormFields more) { return publish_form(joined({base, std::move(more)})); };
  std::vector<FormFields> cases = {
      with({{"Unknown", "1"}}),
      with({{"Message", "again"}}),
      with({{"TopicArn", topic}}),
      with({{"Subject", "a"}, {"Subject", "b"}}),
      with({{"MessageGroupId", "a"}, {"MessageGroupId", "b"}}),
      with({{"Message.1", "nested"}}),
      with({{"MessageAttributes", "bare"}}),
      with({{"MessageAttributes.entry.1", "v"}}),
      with({{"MessageAttributes.entry.1.Name", "a"}}),
      with({{"MessageAttributes.entry.1.Value.DataType", "String"}}),
      with({{"MessageAttributes.entry.1.Value", "bare"}}),
      with(attribute(1, "a", {{"DataType", "String"}, {"StringListValue.1", "v"}})),
      with(attribute(1, "a", {{"DataType", "String"}, {"DataType", "Number"}})),
      with(joined({attribute(1, "a", {{"DataType", "String"}}),
                   {{"MessageAttributes.entry.1.Name", "b"}}})),
      with(joined({attribute(1, "a", {{"DataType", "String"}, {"StringValue", "1"}}),
                   attribute(2, "a", {{"DataType", "String"}, {"StringValue", "2"}})})),
      with({{"MessageAttributes.entry.01.Name", "a"},
            {"MessageAttributes.entry.01.Value.DataType", "String"}}),
      with({{"MessageAttributes.entry.x.Name", "a"},
            {"MessageAttributes.entry.x.Value.DataType", "String"}}),
      with({{"MessageAttributes.entry.1234567890.Name", "a"},
            {"MessageAttributes.entry.1234567890.Value.DataType", "String"}}),
      with({{"MessageAttributes.1.Name", "a"}, {"MessageAttributes.1.Value.DataType", "String"}}),
      with({{"MessageAttributes.entry.1.Key", "a"},
            {"MessageAttributes.entry.1.Value.DataType", "String"}}),
  };
  for (const auto& fields : cases) {
    SCOPED_TRACE(describe(fields));
    EXPECT_FALSE(read_publish_form(fields).has_value());
  }
}

}  // namespace
}  // namespace eddy::services::sns
