#include <gtest/gtest.h>

#include "protocol/query_output.hpp"
#include "protocol/xml_writer.hpp"

using eddy::AwsError;
using eddy::json;
using namespace eddy::protocol;

namespace {
std::string body_of(const std::string& xml) {
  auto start = xml.find("?>");
  return xml.substr(start + 2);
}
}  // namespace

TEST(XmlOutput, FlattenedListsAndMapsFollowRules) {
  ServiceDescription sqs{
      .name = "sqs",
      .xml_namespace = "http://queue.amazonaws.com/doc/2012-11-05/",
      .xml_output = {{"", "QueueUrls", XmlShape::flattened_list, "QueueUrl"},
                     {"", "Attributes", XmlShape::flattened_map, "Attribute", "Name", "Value"}},
  };
  json output = {{"QueueUrls", {"http://a/1/q1", "http://a/1/q2"}}};
  EXPECT_EQ(body_of(query_result_xml(sqs, "ListQueues", output, "rid")),
            "<ListQueuesResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\">"
            "<ListQueuesResult><QueueUrl>http://a/1/q1</QueueUrl><QueueUrl>http://a/1/q2</QueueUrl>"
            "</ListQueuesResult><ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata>"
            "</ListQueuesResponse>");
  json attributes = {{"Attributes", {{"DelaySeconds", "0"}}}};
  EXPECT_NE(query_result_xml(sqs, "GetQueueAttributes", attributes, "r")
                .find("<Attribute><Name>DelaySeconds</Name><Value>0</Value></Attribute>"),
            std::string::npos);
}

TEST(XmlOutput, DefaultsAreWrappedMemberListsAndOperationRulesWin) {
  ServiceDescription sns{
      .name = "sns",
      .xml_output = {{"", "Attributes", XmlShape::wrapped_map, "entry"},
                     {"Special", "Items", XmlShape::flattened_list, "Item"}},
  };
  json output = {{"Topics", json::array({{{"TopicArn", "arn:1"}}})}, {"Attributes", {{"k", "v"}}}};
  std::string xml = query_result_xml(sns, "ListTopics", output, "r");
  EXPECT_NE(xml.find("<Topics><member><TopicArn>arn:1</TopicArn></member></Topics>"),
            std::string::npos);
  EXPECT_NE(xml.find("<Attributes><entry><key>k</key><value>v</value></entry></Attributes>"),
            std::string::npos);
  EXPECT_NE(query_result_xml(sns, "Special", {{"Items", {"a"}}}, "r").find("<Item>a</Item>"),
            std::string::npos);
  EXPECT_NE(query_result_xml(sns, "Other", {{"Items", {"a"}}}, "r")
                .find("<Items><member>a</member></Items>"),
            std::string::npos);
}

TEST(XmlOutput, EmptyOutputHasNoResultElement) {
  ServiceDescription sns{.name = "sns"};
  std::string xml = query_result_xml(sns, "DeleteTopic", json::object(), "r");
  EXPECT_EQ(xml.find("DeleteTopicResult"), std::string::npos);
  EXPECT_NE(xml.find("<RequestId>r</RequestId>"), std::string::npos);
}

TEST(XmlOutput, TextIsEscapedSoItRoundTrips) {
  std::string out;
  append_xml_escaped(out, "a<b>&\"'\r\n\t");
  EXPECT_EQ(out, "a&lt;b&gt;&amp;&quot;&apos;&#xD;&#xA;&#x9;");
  std::string runs;
  append_xml_escaped(runs, "<plain run & another run>");
  EXPECT_EQ(runs, "&lt;plain run &amp; another run&gt;");
  std::string plain = "kept ";
  append_xml_escaped(plain, "https://sqs.us-east-1.amazonaws.com/000000000000/q");
  append_xml_escaped(plain, "");
  EXPECT_EQ(plain, "kept https://sqs.us-east-1.amazonaws.com/000000000000/q");
}

TEST(XmlOutput, ErrorsUseTheQueryCode) {
  AwsError error("QueueDoesNotExist", "The specified queue does not exist.");
  error.with_query_code("AWS.SimpleQueueService.NonExistentQueue");
  std::string xml = query_error_xml("ns", error, "rid");
  EXPECT_NE(xml.find("<Type>Sender</Type><Code>AWS.SimpleQueueService.NonExistentQueue</Code>"),
            std::string::npos);
  EXPECT_NE(xml.find("<RequestId>rid</RequestId>"), std::string::npos);
}

TEST(XmlOutput, EmptyResultOperationsKeepTheirResultElement) {
  ServiceDescription iam{.name = "iam", .empty_result_operations = {"UpdateRole"}};
  std::string updated = body_of(query_result_xml(iam, "UpdateRole", json::object(), "r"));
  EXPECT_EQ(updated,
            "<UpdateRoleResponse><UpdateRoleResult></UpdateRoleResult><ResponseMetadata>"
            "<RequestId>r</RequestId></ResponseMetadata></UpdateRoleResponse>");
  EXPECT_EQ(query_result_xml(iam, "DeleteRole", json::object(), "r").find("DeleteRoleResult"),
            std::string::npos);
}

TEST(XmlOutput, FlatTextIsWrittenAsItsParsedValueWouldBe) {
  ServiceDescription sqs{
      .name = "sqs",
      .xml_namespace = "http://queue.amazonaws.com/doc/2012-11-05/",
      .xml_output = {{"", "QueueUrls", XmlShape::flattened_list, "QueueUrl"}},
  };
  for (const char* text : {R"({"MD5OfMessageBody":"0123","MessageId":"id-1"})",
                           R"({"A":"","B":"x & <y> 'z'","SequenceNumber":"00000000000000000001"})",
                           R"({"MessageId":"only"})", R"( { "A" : "1" ,"B":"2"} )"}) {
    SCOPED_TRACE(text);
    auto xml = flat_result_xml(sqs, "SendMessage", text, "rid");
    ASSERT_TRUE(xml.has_value());
    EXPECT_EQ(*xml, query_result_xml(sqs, "SendMessage", json::parse(text), "rid"));
  }
  // Anything else is left to the caller, which parses the text.
  for (const char* text :
       {R"({})", R"({"B":"1","A":"2"})", R"({"A":"1","A":"2"})", R"({"A":"x\"y"})", R"({"A":1})",
        R"({"A":{"B":"c"}})", R"({"A":"é"})", R"({"A":"1",})", R"({"A":"1"} x)",
        R"({"QueueUrls":"u"})", R"(["A"])", ""}) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(flat_result_xml(sqs, "SendMessage", text, "rid").has_value());
  }
}
