// Dead-letter queues: RedrivePolicy, RedriveAllowPolicy, ListDeadLetterSourceQueues and the
// message move tasks that bring dead letters back.
#include <gtest/gtest.h>

#include <thread>

#include "sqs_test_support.hpp"

namespace eddy::sqs_test {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class SqsDeadLetterTest : public SqsTest {
 protected:
  std::string redrive(const std::string& dlq_arn, int max_receive_count) {
    return json{{"deadLetterTargetArn", dlq_arn}, {"maxReceiveCount", max_receive_count}}.dump();
  }

  // Waits (in real time) for background work on the manual clock to reach a state.
  template <class Condition>
  bool eventually(Condition condition) {
    for (int i = 0; i < 300; ++i) {
      if (condition()) return true;
      std::this_thread::sleep_for(milliseconds(10));
    }
    return condition();
  }

  json tasks_of(const std::string& arn, int max = 10) {
    return sqs("ListMessageMoveTasks", {{"SourceArn", arn}, {"MaxResults", max}})["Results"];
  }
};

TEST_F(SqsDeadLetterTest, MessagesReceivedTooOftenMoveToTheDeadLetterQueue) {
  std::string dlq = create_queue("dlq");
  std::string source = create_queue(
      "source", {{"RedrivePolicy", redrive(arn_of(dlq), 2)}, {"VisibilityTimeout", "0"}});
  std::string id = send(source, "poison")["MessageId"];
  EXPECT_EQ(receive(source).size(), 1u);
  EXPECT_EQ(receive(source).size(), 1u);
  EXPECT_EQ(receive(source).size(), 0u);  // the third receive moves it instead
  json dead = receive(dlq, {{"AttributeNames", {"All"}}});
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0]["MessageId"], id);
  EXPECT_EQ(dead[0]["Body"], "poison");
  EXPECT_EQ(dead[0]["Attributes"]["DeadLetterQueueSourceArn"], arn_of(source));
  EXPECT_EQ(dead[0]["Attributes"]["ApproximateReceiveCount"], "3");
}

TEST_F(SqsDeadLetterTest, FifoMessagesMoveToAFifoDeadLetterQueue) {
  std::string dlq = create_fifo_queue("dlq.fifo", {{"ContentBasedDeduplication", "true"}});
  std::string source = create_fifo_queue(
      "source.fifo",
      {{"ContentBasedDeduplication", "true"}, {"RedrivePolicy", redrive(arn_of(dlq), 2)}});
  std::string id = send(source, "foobar", {{"MessageGroupId", "1"}})["MessageId"];
  send(source, "next", {{"MessageGroupId", "1"}});
  for (int i = 0; i < 2; ++i)
    EXPECT_EQ(receive(source, {{"VisibilityTimeout", 0}})[0]["Body"], "foobar");
  // The poison message leaves and the next one of its group is delivered in the same receive.
  EXPECT_EQ(receive(source, {{"VisibilityTimeout", 0}})[0]["Body"], "next");
  json dead = receive(dlq);
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0]["MessageId"], id);
}

TEST_F(SqsDeadLetterTest, RedrivePolicyIsValidated) {
  std::string dlq = create_queue("target");
  std::string fifo_dlq = create_fifo_queue("target.fifo");
  auto set = [&](const std::string& policy) {
    return error_of("CreateQueue",
                    {{"QueueName", "src"}, {"Attributes", {{"RedrivePolicy", policy}}}});
  };
  std::string dummy = R"({"deadLetterTargetArn": "dummy", "maxReceiveCount": 42})";
  EXPECT_EQ(set(dummy).message(), "Value " + dummy +
                                      " for parameter RedrivePolicy is invalid. Reason: Invalid "
                                      "value for deadLetterTargetArn.");
  EXPECT_EQ(set(redrive(arn_of(dlq), 0)).code(), "InvalidParameterValue");
  EXPECT_EQ(set(redrive(arn_of(dlq), 1001)).code(), "InvalidParameterValue");
  EXPECT_EQ(set(json{{"deadLetterTargetArn", arn_of(dlq)}}.dump()).code(), "InvalidParameterValue");
  EXPECT_EQ(set(redrive("arn:aws:sqs:us-east-1:000000000000:missing", 3)).code(),
            "InvalidParameterValue");
  EXPECT_EQ(set(redrive(arn_of(fifo_dlq), 3)).code(), "InvalidParameterValue");
  std::string ok = create_queue(
      "src", {{"RedrivePolicy",
               json{{"deadLetterTargetArn", arn_of(dlq)}, {"maxReceiveCount", "10"}}.dump()}});
  json stored = json::parse(
      sqs("GetQueueAttributes",
          {{"QueueUrl", ok}, {"AttributeNames", {"RedrivePolicy"}}})["Attributes"]["RedrivePolicy"]
          .get<std::string>());
  EXPECT_EQ(stored["maxReceiveCount"], 10);
  EXPECT_EQ(stored["deadLetterTargetArn"], arn_of(dlq));
  sqs("SetQueueAttributes", {{"QueueUrl", ok}, {"Attributes", {{"RedrivePolicy", ""}}}});
  EXPECT_FALSE(
      sqs("GetQueueAttributes", {{"QueueUrl", ok}, {"AttributeNames", {"All"}}})["Attributes"]
          .contains("RedrivePolicy"));
}

TEST_F(SqsDeadLetterTest, RedriveAllowPolicyChoosesSources) {
  std::string dlq = create_queue("picky-dlq");
  std::string allowed_arn = "arn:aws:sqs:us-east-1:000000000000:allowed";
  sqs("SetQueueAttributes",
      {{"QueueUrl", dlq},
       {"Attributes",
        {{"RedriveAllowPolicy",
          json{{"redrivePermission", "byQueue"}, {"sourceQueueArns", {allowed_arn}}}.dump()}}}});
  EXPECT_NO_THROW(create_queue("allowed", {{"RedrivePolicy", redrive(arn_of(dlq), 3)}}));
  EXPECT_EQ(error_of("CreateQueue", {{"QueueName", "denied"},
                                     {"Attributes", {{"RedrivePolicy", redrive(arn_of(dlq), 3)}}}})
                .code(),
            "InvalidParameterValue");
  sqs("SetQueueAttributes",
      {{"QueueUrl", dlq},
       {"Attributes", {{"RedriveAllowPolicy", R"({"redrivePermission":"denyAll"})"}}}});
  EXPECT_EQ(error_of("CreateQueue", {{"QueueName", "denied"},
                                     {"Attributes", {{"RedrivePolicy", redrive(arn_of(dlq), 3)}}}})
                .code(),
            "InvalidParameterValue");
  json eleven = json::array();
  for (int i = 0; i < 11; ++i)
    eleven.push_back(numbered("arn:aws:sqs:us-east-1:000000000000:q", i));
  EXPECT_EQ(
      error_of("SetQueueAttributes",
               {{"QueueUrl", dlq},
                {"Attributes",
                 {{"RedriveAllowPolicy",
                   json{{"redrivePermission", "byQueue"}, {"sourceQueueArns", eleven}}.dump()}}}})
          .code(),
      "InvalidAttributeValue");
  EXPECT_EQ(
      error_of("SetQueueAttributes",
               {{"QueueUrl", dlq},
                {"Attributes", {{"RedriveAllowPolicy", R"({"redrivePermission":"sometimes"})"}}}})
          .code(),
      "InvalidAttributeValue");
}

TEST_F(SqsDeadLetterTest, ListDeadLetterSourceQueuesPaginates) {
  std::string dlq = create_queue("sources-dlq");
  for (const char* name : {"s1", "s2", "s3"})
    create_queue(name, {{"RedrivePolicy", redrive(arn_of(dlq), 5)}});
  create_queue("unrelated");
  json all = sqs("ListDeadLetterSourceQueues", {{"QueueUrl", dlq}});
  EXPECT_EQ(all["queueUrls"].size(), 3u);
  json page = sqs("ListDeadLetterSourceQueues", {{"QueueUrl", dlq}, {"MaxResults", 2}});
  ASSERT_EQ(page["queueUrls"].size(), 2u);
  json rest = sqs("ListDeadLetterSourceQueues",
                  {{"QueueUrl", dlq}, {"MaxResults", 2}, {"NextToken", page["NextToken"]}});
  EXPECT_EQ(rest["queueUrls"], json::array({"http://localhost:4566/000000000000/s3"}));
  EXPECT_EQ(sqs("ListDeadLetterSourceQueues", {{"QueueUrl", create_queue("lonely")}})["queueUrls"],
            json::array());
}

TEST_F(SqsDeadLetterTest, MoveTaskRedrivesToTheOriginalSource) {
  std::string dlq = create_queue("move-dlq");
  std::string source = create_queue(
      "move-src", {{"RedrivePolicy", redrive(arn_of(dlq), 1)}, {"VisibilityTimeout", "0"}});
  for (int i = 0; i < 5; ++i) send(source, numbered("m", i));
  receive(source, {{"MaxNumberOfMessages", 10}});
  receive(source, {{"MaxNumberOfMessages", 10}});
  ASSERT_EQ(count(dlq, "ApproximateNumberOfMessages"), "5");

  std::string handle = sqs("StartMessageMoveTask", {{"SourceArn", arn_of(dlq)}})["TaskHandle"];
  EXPECT_FALSE(handle.empty());
  ASSERT_TRUE(eventually([&] { return tasks_of(arn_of(dlq))[0]["Status"] == "COMPLETED"; }));
  json task = tasks_of(arn_of(dlq))[0];
  EXPECT_EQ(task["ApproximateNumberOfMessagesMoved"], 5);
  EXPECT_EQ(task["ApproximateNumberOfMessagesToMove"], 5);
  EXPECT_EQ(task["StartedTimestamp"], 1700000000000);
  EXPECT_FALSE(task.contains("TaskHandle"));
  EXPECT_EQ(count(dlq, "ApproximateNumberOfMessages"), "0");
  json back = receive(source, {{"MaxNumberOfMessages", 10}, {"AttributeNames", {"All"}}});
  ASSERT_EQ(back.size(), 5u);
  EXPECT_EQ(back[0]["Attributes"]["ApproximateReceiveCount"], "1");
  EXPECT_FALSE(back[0]["Attributes"].contains("DeadLetterQueueSourceArn"));
}

TEST_F(SqsDeadLetterTest, RateLimitedMoveTaskCanBeCancelled) {
  std::string dlq = create_queue("slow-dlq");
  std::string source = create_queue("slow-src", {{"RedrivePolicy", redrive(arn_of(dlq), 1)}});
  std::string destination = create_queue("elsewhere");
  for (int i = 0; i < 10; ++i) send(dlq, numbered("m", i));
  std::string handle =
      sqs("StartMessageMoveTask", {{"SourceArn", arn_of(dlq)},
                                   {"DestinationArn", arn_of(destination)},
                                   {"MaxNumberOfMessagesPerSecond", 2}})["TaskHandle"];
  AwsError second = error_of("StartMessageMoveTask", {{"SourceArn", arn_of(dlq)}});
  EXPECT_EQ(second.message(),
            "There is already a task running. Only one active task is allowed for a source queue "
            "arn at a given time.");
  json running = tasks_of(arn_of(dlq))[0];
  EXPECT_EQ(running["Status"], "RUNNING");
  EXPECT_EQ(running["TaskHandle"], handle);
  EXPECT_EQ(running["MaxNumberOfMessagesPerSecond"], 2);
  EXPECT_EQ(running["DestinationArn"], arn_of(destination));
  advance(seconds(2));  // 2 messages a second: 4 may move now
  ASSERT_TRUE(eventually([&] { return count(destination, "ApproximateNumberOfMessages") == "4"; }));
  json cancelled = sqs("CancelMessageMoveTask", {{"TaskHandle", handle}});
  EXPECT_EQ(cancelled["ApproximateNumberOfMessagesMoved"], 4);
  EXPECT_EQ(tasks_of(arn_of(dlq))[0]["Status"], "CANCELLED");
  advance(seconds(10));
  std::this_thread::sleep_for(milliseconds(50));
  EXPECT_EQ(count(destination, "ApproximateNumberOfMessages"), "4");
  EXPECT_EQ(count(dlq, "ApproximateNumberOfMessages"), "6");
}

// A task takes each message off its queue's visibility list as it moves it: one whose destination
// has gone fails, and the message it had taken stays in the dead-letter queue, visible.
TEST_F(SqsDeadLetterTest, AMoveTaskWhoseDestinationIsGoneLeavesItsMessages) {
  std::string dlq = create_queue("stuck-dlq");
  create_queue("stuck-src", {{"RedrivePolicy", redrive(arn_of(dlq), 1)}});
  std::string destination = create_queue("gone");
  for (int i = 0; i < 3; ++i) send(dlq, numbered("m", i));
  sqs("StartMessageMoveTask", {{"SourceArn", arn_of(dlq)},
                               {"DestinationArn", arn_of(destination)},
                               {"MaxNumberOfMessagesPerSecond", 1}});
  sqs("DeleteQueue", {{"QueueUrl", destination}});
  advance(seconds(2));
  ASSERT_TRUE(eventually([&] { return tasks_of(arn_of(dlq))[0]["Status"] == "FAILED"; }));
  EXPECT_EQ(tasks_of(arn_of(dlq))[0]["ApproximateNumberOfMessagesMoved"], 0);
  EXPECT_EQ(count(dlq, "ApproximateNumberOfMessages"), "3");
  EXPECT_EQ(receive(dlq, {{"MaxNumberOfMessages", 10}}).size(), 3u);
}

TEST_F(SqsDeadLetterTest, MoveTaskErrorsFollowAws) {
  std::string plain = create_queue("not-a-dlq");
  EXPECT_EQ(error_of("StartMessageMoveTask", {{"SourceArn", arn_of(plain)}}).message(),
            "Source queue must be configured as a Dead Letter Queue.");
  AwsError missing =
      error_of("StartMessageMoveTask", {{"SourceArn", "arn:aws:sqs:us-east-1:000000000000:nope"}});
  EXPECT_EQ(missing.code(), "ResourceNotFoundException");
  EXPECT_EQ(missing.http_status(), 404);
  EXPECT_EQ(missing.message(),
            "The resource that you specified for the SourceArn parameter doesn't exist.");
  std::string dlq = create_queue("errors-dlq");
  create_queue("errors-src", {{"RedrivePolicy", redrive(arn_of(dlq), 1)}});
  EXPECT_EQ(error_of("StartMessageMoveTask",
                     {{"SourceArn", arn_of(dlq)},
                      {"DestinationArn", "arn:aws:sqs:us-east-1:000000000000:nope"}})
                .message(),
            "The resource that you specified for the DestinationArn parameter doesn't exist.");
  EXPECT_EQ(error_of("CancelMessageMoveTask", {{"TaskHandle", "garbage"}}).message(),
            "Value for parameter TaskHandle is invalid.");
  std::string unknown_task =
      "eyJ0YXNrSWQiOiJub3BlIiwic291cmNlQXJuIjoiYXJuOmF3czpzcXM6dXMtZWFzdC0xOjAwMDAwMDAwMDAwMDplcnJv"
      "cnMtZGxxIn0=";
  EXPECT_EQ(error_of("CancelMessageMoveTask", {{"TaskHandle", unknown_task}}).message(),
            "Task does not exist.");
  EXPECT_EQ(error_of("ListMessageMoveTasks", {{"SourceArn", "not-an-arn"}}).code(),
            "InvalidParameterValue");
  EXPECT_EQ(sqs("ListMessageMoveTasks", {{"SourceArn", arn_of(dlq)}})["Results"], json::array());
}

}  // namespace
}  // namespace eddy::sqs_test
