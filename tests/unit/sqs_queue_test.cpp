// Queue lifecycle, attributes, tags and permissions, through eddy::Emulator.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "sqs_test_support.hpp"

namespace eddy::sqs_test {
namespace {

using std::chrono::seconds;

class SqsQueueTest : public SqsTest {};

TEST_F(SqsQueueTest, CreateQueueReturnsUrlOnHostAndIsIdempotent) {
  std::string url = create_queue("orders", {{"VisibilityTimeout", "69"}});
  EXPECT_EQ(url, "http://localhost:4566/000000000000/orders");
  EXPECT_EQ(create_queue("orders", {{"VisibilityTimeout", "69"}}), url);
  EXPECT_EQ(create_queue("orders"), url);
  EXPECT_EQ(arn_of(url), "arn:aws:sqs:us-east-1:000000000000:orders");
}

TEST_F(SqsQueueTest, CreateQueueWithDifferentAttributesFails) {
  create_queue("q", {{"DelaySeconds", "1"}, {"ReceiveMessageWaitTimeSeconds", "1"}});
  AwsError error =
      error_of("CreateQueue", {{"QueueName", "q"}, {"Attributes", {{"DelaySeconds", "2"}}}});
  EXPECT_EQ(error.code(), "QueueNameExists");
  EXPECT_EQ(error.query_code(), "QueueAlreadyExists");
  EXPECT_EQ(error.message(),
            "A queue already exists with the same name and a different value for attribute "
            "DelaySeconds");
}

TEST_F(SqsQueueTest, QueueNamesFollowAwsRules) {
  EXPECT_EQ(error_of("CreateQueue", {{"QueueName", "bad name"}}).message(),
            "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
  EXPECT_EQ(error_of("CreateQueue", {{"QueueName", std::string(81, 'a')}}).code(),
            "InvalidParameterValue");
  EXPECT_EQ(error_of("CreateQueue", {{"QueueName", "standard.fifo"}}).code(),
            "InvalidParameterValue");
  EXPECT_EQ(
      error_of("CreateQueue", {{"QueueName", "nofifo"}, {"Attributes", {{"FifoQueue", "true"}}}})
          .code(),
      "InvalidParameterValue");
  EXPECT_NO_THROW(create_queue(std::string(80, 'a')));
  EXPECT_NO_THROW(create_fifo_queue(std::string(75, 'b') + ".fifo"));
  EXPECT_EQ(error_of("CreateQueue", {}).message(),
            "The request must contain the parameter QueueName.");
}

TEST_F(SqsQueueTest, AttributeRangesAndNamesAreChecked) {
  struct Case {
    const char* name;
    const char* value;
    const char* code;
    const char* message;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"DelaySeconds", "901", "InvalidAttributeValue",
            "Invalid value for the parameter DelaySeconds."},
           {"MaximumMessageSize", "1023", "InvalidAttributeValue",
            "Invalid value for the parameter MaximumMessageSize."},
           {"MaximumMessageSize", "1048577", "InvalidAttributeValue",
            "Invalid value for the parameter MaximumMessageSize."},
           {"MessageRetentionPeriod", "59", "InvalidAttributeValue",
            "Invalid value for the parameter MessageRetentionPeriod."},
           {"ReceiveMessageWaitTimeSeconds", "21", "InvalidAttributeValue",
            "Invalid value for the parameter ReceiveMessageWaitTimeSeconds."},
           {"VisibilityTimeout", "43201", "InvalidAttributeValue",
            "Invalid value for the parameter VisibilityTimeout."},
           {"VisibilityTimeout", "abc", "InvalidAttributeValue",
            "Invalid value for the parameter VisibilityTimeout."},
           {"Bogus", "1", "InvalidAttributeName", "Unknown Attribute Bogus."},
           {"QueueArn", "x", "InvalidAttributeName", "Unknown Attribute QueueArn."},
           {"FifoQueue", "false", "InvalidAttributeName", "Unknown Attribute FifoQueue."},
           {"ContentBasedDeduplication", "true", "InvalidAttributeName",
            "Unknown Attribute ContentBasedDeduplication."},
           {"DeduplicationScope", "queue", "InvalidAttributeName",
            "You can specify the DeduplicationScope only when FifoQueue is set to true."},
           {"FifoThroughputLimit", "perQueue", "InvalidAttributeName",
            "You can specify the FifoThroughputLimit only when FifoQueue is set to true."},
       }) {
    AwsError error =
        error_of("CreateQueue", {{"QueueName", "attrs"}, {"Attributes", {{c.name, c.value}}}});
    EXPECT_EQ(error.code(), c.code) << c.name << "=" << c.value;
    EXPECT_EQ(error.message(), c.message) << c.name << "=" << c.value;
  }
  // Nothing was created by the failed requests.
  EXPECT_EQ(error_of("GetQueueUrl", {{"QueueName", "attrs"}}).code(), "QueueDoesNotExist");
}

TEST_F(SqsQueueTest, GetQueueAttributesAllShowsDefaultsAndCounts) {
  std::string url = create_queue("defaults");
  json attributes =
      sqs("GetQueueAttributes", {{"QueueUrl", url}, {"AttributeNames", {"All"}}})["Attributes"];
  EXPECT_EQ(attributes["VisibilityTimeout"], "30");
  EXPECT_EQ(attributes["MaximumMessageSize"], "1048576");
  EXPECT_EQ(attributes["MessageRetentionPeriod"], "345600");
  EXPECT_EQ(attributes["DelaySeconds"], "0");
  EXPECT_EQ(attributes["ReceiveMessageWaitTimeSeconds"], "0");
  EXPECT_EQ(attributes["SqsManagedSseEnabled"], "true");
  EXPECT_EQ(attributes["ApproximateNumberOfMessages"], "0");
  EXPECT_EQ(attributes["ApproximateNumberOfMessagesNotVisible"], "0");
  EXPECT_EQ(attributes["ApproximateNumberOfMessagesDelayed"], "0");
  EXPECT_EQ(attributes["CreatedTimestamp"], "1700000000");
  EXPECT_FALSE(attributes.contains("FifoQueue"));
  EXPECT_FALSE(attributes.contains("Policy"));

  json none = sqs("GetQueueAttributes", {{"QueueUrl", url}});
  EXPECT_FALSE(none.contains("Attributes"));
  EXPECT_EQ(
      error_of("GetQueueAttributes", {{"QueueUrl", url}, {"AttributeNames", {"Foobar"}}}).message(),
      "Unknown Attribute Foobar.");

  std::string fifo = create_fifo_queue("defaults.fifo");
  json fifo_attributes =
      sqs("GetQueueAttributes", {{"QueueUrl", fifo}, {"AttributeNames", {"All"}}})["Attributes"];
  EXPECT_EQ(fifo_attributes["FifoQueue"], "true");
  EXPECT_EQ(fifo_attributes["ContentBasedDeduplication"], "false");
  EXPECT_EQ(fifo_attributes["DeduplicationScope"], "queue");
  EXPECT_EQ(fifo_attributes["FifoThroughputLimit"], "perQueue");
}

TEST_F(SqsQueueTest, SetQueueAttributesUpdatesAndValidates) {
  std::string url = create_queue("settable");
  advance(seconds(5));
  sqs("SetQueueAttributes",
      {{"QueueUrl", url},
       {"Attributes", {{"MaximumMessageSize", "2048"}, {"DelaySeconds", "420"}}}});
  json attributes =
      sqs("GetQueueAttributes", {{"QueueUrl", url}, {"AttributeNames", {"All"}}})["Attributes"];
  EXPECT_EQ(attributes["MaximumMessageSize"], "2048");
  EXPECT_EQ(attributes["DelaySeconds"], "420");
  EXPECT_EQ(attributes["LastModifiedTimestamp"], "1700000005");
  EXPECT_EQ(
      error_of("SetQueueAttributes", {{"QueueUrl", url}, {"Attributes", {{"FifoQueue", "true"}}}})
          .message(),
      "Unknown Attribute FifoQueue.");
  std::string fifo = create_fifo_queue("settable.fifo");
  EXPECT_NO_THROW(
      sqs("SetQueueAttributes", {{"QueueUrl", fifo}, {"Attributes", {{"FifoQueue", "true"}}}}));
  AwsError change_type = error_of("SetQueueAttributes",
                                  {{"QueueUrl", fifo}, {"Attributes", {{"FifoQueue", "false"}}}});
  EXPECT_EQ(change_type.code(), "InvalidAttributeValue");
  EXPECT_EQ(change_type.message(),
            "Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not "
            "supported.");
  AwsError both =
      error_of("SetQueueAttributes",
               {{"QueueUrl", url},
                {"Attributes", {{"KmsMasterKeyId", "k"}, {"SqsManagedSseEnabled", "true"}}}});
  EXPECT_EQ(both.code(), "InvalidAttributeName");
}

TEST_F(SqsQueueTest, PolicyCanBeSetAndClearedWithEmptyString) {
  std::string url = create_queue("policy");
  std::string policy =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage"}]})";
  sqs("SetQueueAttributes", {{"QueueUrl", url}, {"Attributes", {{"Policy", policy}}}});
  EXPECT_EQ(sqs("GetQueueAttributes",
                {{"QueueUrl", url}, {"AttributeNames", {"Policy"}}})["Attributes"]["Policy"],
            policy);
  sqs("SetQueueAttributes", {{"QueueUrl", url}, {"Attributes", {{"Policy", ""}}}});
  EXPECT_FALSE(
      sqs("GetQueueAttributes", {{"QueueUrl", url}, {"AttributeNames", {"All"}}})["Attributes"]
          .contains("Policy"));
  EXPECT_EQ(
      error_of("SetQueueAttributes", {{"QueueUrl", url}, {"Attributes", {{"Policy", "{nope"}}}})
          .code(),
      "InvalidAttributeValue");
}

TEST_F(SqsQueueTest, ListQueuesFiltersByPrefixAndPaginates) {
  for (const char* name : {"a-1", "a-2", "a-3", "b-1"}) create_queue(name);
  json all = sqs("ListQueues");
  EXPECT_EQ(all["QueueUrls"].size(), 4u);
  EXPECT_FALSE(all.contains("NextToken"));
  json prefixed = sqs("ListQueues", {{"QueueNamePrefix", "a-"}});
  EXPECT_EQ(prefixed["QueueUrls"].size(), 3u);
  json page1 = sqs("ListQueues", {{"QueueNamePrefix", "a-"}, {"MaxResults", 2}});
  ASSERT_EQ(page1["QueueUrls"].size(), 2u);
  ASSERT_TRUE(page1.contains("NextToken"));
  json page2 =
      sqs("ListQueues",
          {{"QueueNamePrefix", "a-"}, {"MaxResults", 2}, {"NextToken", page1["NextToken"]}});
  ASSERT_EQ(page2["QueueUrls"].size(), 1u);
  EXPECT_EQ(page2["QueueUrls"][0], "http://localhost:4566/000000000000/a-3");
  EXPECT_FALSE(page2.contains("NextToken"));
  EXPECT_EQ(error_of("ListQueues", {{"MaxResults", 0}}).code(), "InvalidParameterValue");
  EXPECT_FALSE(sqs("ListQueues", {{"QueueNamePrefix", "zzz"}}).contains("QueueUrls"));
}

TEST_F(SqsQueueTest, AccountsAndRegionsAreIsolated) {
  CallOptions other_account{.account = "111111111111", .region = "us-east-1", .host = "h:1"};
  CallOptions other_region{.account = "000000000000", .region = "eu-west-1", .host = "h:1"};
  create_queue("shared");
  std::string url2 = sqs("CreateQueue", {{"QueueName", "shared"}}, other_account)["QueueUrl"];
  EXPECT_EQ(url2, "http://h:1/111111111111/shared");
  sqs("CreateQueue", {{"QueueName", "shared"}}, other_region);
  EXPECT_EQ(sqs("ListQueues", {}, other_account)["QueueUrls"].size(), 1u);
  send(url2, "only in 111111111111");
  std::string mine = "http://localhost:4566/000000000000/shared";
  EXPECT_EQ(receive(mine).size(), 0u);
  EXPECT_EQ(sqs("GetQueueAttributes",
                {{"QueueUrl", "http://h:1/000000000000/shared"}, {"AttributeNames", {"QueueArn"}}},
                other_region)["Attributes"]["QueueArn"],
            "arn:aws:sqs:eu-west-1:000000000000:shared");
  // The owner's account id finds another account's queue.
  EXPECT_EQ(sqs("GetQueueUrl",
                {{"QueueName", "shared"}, {"QueueOwnerAWSAccountId", "111111111111"}})["QueueUrl"],
            "http://localhost:4566/111111111111/shared");
}

TEST_F(SqsQueueTest, DeletedQueueIsGoneAndItsNameWaitsAMinute) {
  std::string url = create_queue("short-lived");
  send(url, "x");
  sqs("DeleteQueue", {{"QueueUrl", url}});
  AwsError gone = error_of("SendMessage", {{"QueueUrl", url}, {"MessageBody", "x"}});
  EXPECT_EQ(gone.code(), "QueueDoesNotExist");
  EXPECT_EQ(gone.query_code(), "AWS.SimpleQueueService.NonExistentQueue");
  EXPECT_EQ(gone.message(), "The specified queue does not exist.");
  AwsError recently = error_of("CreateQueue", {{"QueueName", "short-lived"}});
  EXPECT_EQ(recently.code(), "QueueDeletedRecently");
  EXPECT_EQ(recently.query_code(), "AWS.SimpleQueueService.QueueDeletedRecently");
  advance(seconds(61));
  std::string again = create_queue("short-lived");
  EXPECT_EQ(again, url);
  EXPECT_EQ(count(again, "ApproximateNumberOfMessages"), "0");
}

TEST_F(SqsQueueTest, TagsAreMergedListedAndRemoved) {
  std::string url =
      sqs("CreateQueue", {{"QueueName", "tagged"}, {"tags", {{"team", "a"}}}})["QueueUrl"];
  EXPECT_EQ(sqs("ListQueueTags", {{"QueueUrl", url}})["Tags"], json({{"team", "a"}}));
  sqs("TagQueue", {{"QueueUrl", url}, {"Tags", {{"team", "b"}, {"env", ""}, {"Env", "x"}}}});
  EXPECT_EQ(sqs("ListQueueTags", {{"QueueUrl", url}})["Tags"],
            json({{"team", "b"}, {"env", ""}, {"Env", "x"}}));
  sqs("UntagQueue", {{"QueueUrl", url}, {"TagKeys", {"team", "env", "missing"}}});
  EXPECT_EQ(sqs("ListQueueTags", {{"QueueUrl", url}})["Tags"], json({{"Env", "x"}}));
  sqs("UntagQueue", {{"QueueUrl", url}, {"TagKeys", {"Env"}}});
  EXPECT_FALSE(sqs("ListQueueTags", {{"QueueUrl", url}}).contains("Tags"));
  json many = json::object();
  for (int i = 0; i < 51; ++i) many[numbered("k", i)] = "v";
  EXPECT_EQ(error_of("TagQueue", {{"QueueUrl", url}, {"Tags", many}}).code(),
            "InvalidParameterValue");
}

TEST_F(SqsQueueTest, PermissionsAreStoredInThePolicy) {
  std::string url = create_queue("shared-perms");
  std::string arn = arn_of(url);
  sqs("AddPermission", {{"QueueUrl", url},
                        {"Label", "crossaccountpermission"},
                        {"AWSAccountIds", {"000000000000", "668614515564"}},
                        {"Actions", {"ReceiveMessage"}}});
  json policy =
      json::parse(sqs("GetQueueAttributes",
                      {{"QueueUrl", url}, {"AttributeNames", {"Policy"}}})["Attributes"]["Policy"]
                      .get<std::string>());
  EXPECT_EQ(policy["Version"], "2008-10-17");
  EXPECT_EQ(policy["Id"], arn + "/SQSDefaultPolicy");
  ASSERT_EQ(policy["Statement"].size(), 1u);
  const json& statement = policy["Statement"][0];
  EXPECT_EQ(statement["Sid"], "crossaccountpermission");
  EXPECT_EQ(statement["Effect"], "Allow");
  EXPECT_EQ(statement["Principal"]["AWS"],
            json({"arn:aws:iam::000000000000:root", "arn:aws:iam::668614515564:root"}));
  EXPECT_EQ(statement["Action"], "SQS:ReceiveMessage");
  EXPECT_EQ(statement["Resource"], arn);

  EXPECT_EQ(error_of("AddPermission", {{"QueueUrl", url},
                                       {"Label", "crossaccountpermission"},
                                       {"AWSAccountIds", {"668614515564"}},
                                       {"Actions", {"ReceiveMessage"}}})
                .message(),
            "Value crossaccountpermission for parameter Label is invalid. Reason: Already exists.");
  sqs("RemovePermission", {{"QueueUrl", url}, {"Label", "crossaccountpermission"}});
  EXPECT_FALSE(sqs("GetQueueAttributes", {{"QueueUrl", url}, {"AttributeNames", {"Policy"}}})
                   .contains("Attributes"));
  EXPECT_EQ(
      error_of("RemovePermission", {{"QueueUrl", url}, {"Label", "crossaccountpermission"}})
          .message(),
      "Value crossaccountpermission for parameter Label is invalid. Reason: can't find label.");
  EXPECT_EQ(error_of("AddPermission", {{"QueueUrl", url},
                                       {"Label", "x"},
                                       {"AWSAccountIds", {"1"}},
                                       {"Actions", {"CreateQueue"}}})
                .code(),
            "InvalidParameterValue");
}

TEST_F(SqsQueueTest, PurgeEmptiesTheQueueOncePerMinute) {
  std::string url = create_queue("purged");
  for (int i = 0; i < 3; ++i) send(url, numbered("m", i));
  send(url, "delayed", {{"DelaySeconds", 5}});
  ASSERT_EQ(receive(url).size(), 1u);
  sqs("PurgeQueue", {{"QueueUrl", url}});
  EXPECT_EQ(count(url, "ApproximateNumberOfMessages"), "0");
  EXPECT_EQ(count(url, "ApproximateNumberOfMessagesNotVisible"), "0");
  EXPECT_EQ(count(url, "ApproximateNumberOfMessagesDelayed"), "0");
  AwsError again = error_of("PurgeQueue", {{"QueueUrl", url}});
  EXPECT_EQ(again.code(), "PurgeQueueInProgress");
  EXPECT_EQ(again.http_status(), 403);
  EXPECT_EQ(again.message(),
            "Only one PurgeQueue operation on purged is allowed every 60 seconds.");
  advance(seconds(60));
  EXPECT_NO_THROW(sqs("PurgeQueue", {{"QueueUrl", url}}));
}

TEST_F(SqsQueueTest, QueuesSurviveARestartOfAPersistentEmulator) {
  std::string dir = ::testing::TempDir() + numbered("/eddy-sqs-persist-", ::getpid());
  std::filesystem::remove_all(dir);
  std::string url;
  {
    Emulator durable(EmulatorConfig{.data_dir = dir, .clock = clock, .threads = 1});
    url = durable.call(
        "sqs", "CreateQueue",
        {{"QueueName", "durable"}, {"Attributes", {{"VisibilityTimeout", "7"}}}})["QueueUrl"];
    durable.call("sqs", "SendMessage", {{"QueueUrl", url}, {"MessageBody", "kept"}});
  }
  Emulator reopened(EmulatorConfig{.data_dir = dir, .clock = clock, .threads = 1});
  json messages = reopened.call("sqs", "ReceiveMessage", {{"QueueUrl", url}})["Messages"];
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]["Body"], "kept");
  EXPECT_EQ(
      reopened.call("sqs", "GetQueueAttributes",
                    {{"QueueUrl", url},
                     {"AttributeNames", {"VisibilityTimeout"}}})["Attributes"]["VisibilityTimeout"],
      "7");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace eddy::sqs_test
