// SQS's in-process API, as Lambda's event-source mappings and C++ tests call it: typed sends,
// receives (long polls included), deletes and visibility changes, on the same queues and with the
// same rules as the protocol's operations.
#include <gtest/gtest.h>

#include <future>

#include "emulator/emulator_core.hpp"
#include "services/sqs/sqs_service.hpp"
#include "sqs_test_support.hpp"

namespace eddy::sqs_test {
namespace {

using services::sqs::OutgoingMessage;
using services::sqs::ReceivedMessage;
using services::sqs::ReceiveRequest;
using std::chrono::milliseconds;
using std::chrono::seconds;

class SqsApiTest : public SqsTest {
 protected:
  services::sqs::SqsApi& api = emu.core().service<services::sqs::SqsService>();

  // Runs an API call on a strand of the emulator's executor, as a service would.
  template <class T>
  std::future<T> start(Awaitable<T> call) {
    return asio::co_spawn(asio::make_strand(emu.core().io()), std::move(call), asio::use_future);
  }
  template <class T>
  T run(Awaitable<T> call) {
    return start(std::move(call)).get();
  }

  std::vector<ReceivedMessage> receive_api(const std::string& arn, ReceiveRequest request = {}) {
    return run(api.receive(arn, std::move(request)));
  }

  template <class T>
  AwsError api_error(Awaitable<T> call) {
    try {
      run(std::move(call));
      ADD_FAILURE() << "the call succeeded";
    } catch (const AwsError& error) {
      return error;
    }
    return AwsError("none", "none");
  }
};

TEST_F(SqsApiTest, SendReceiveAndDeleteAMessage) {
  std::string url = create_queue("api");
  std::string arn = arn_of(url);
  auto sent = run(api.send(
      arn,
      OutgoingMessage{
          .body = "hello",
          .message_attributes = {{"kind", {{"DataType", "String"}, {"StringValue", "greeting"}}}},
          .sender_id = "tester"}));
  EXPECT_FALSE(sent.message_id.empty());
  EXPECT_FALSE(sent.sequence_number);

  auto received = receive_api(arn, {.max_messages = 10,
                                    .attribute_names = {"SenderId", "ApproximateReceiveCount"},
                                    .message_attribute_names = {"All"}});
  ASSERT_EQ(received.size(), 1u);
  const ReceivedMessage& m = received[0];
  EXPECT_EQ(m.message_id, sent.message_id);
  EXPECT_EQ(m.body, "hello");
  EXPECT_EQ(m.md5_of_body, "5d41402abc4b2a76b9719d911017c592");
  EXPECT_EQ(m.attributes.at("SenderId"), "tester");
  EXPECT_EQ(m.attributes.at("ApproximateReceiveCount"), "1");
  EXPECT_EQ(m.message_attributes["kind"]["StringValue"], "greeting");
  EXPECT_FALSE(m.md5_of_message_attributes.empty());

  run(api.delete_message(arn, m.receipt_handle));
  EXPECT_EQ(count(url, "ApproximateNumberOfMessagesNotVisible"), "0");
  EXPECT_EQ(count(url, "ApproximateNumberOfMessages"), "0");
}

TEST_F(SqsApiTest, TheApiAndTheProtocolSeeTheSameMessages) {
  std::string url = create_queue("shared");
  std::string arn = arn_of(url);
  json sent = send(url, "from the wire");
  auto received = receive_api(arn);
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].message_id, sent["MessageId"]);
  EXPECT_EQ(received[0].md5_of_body, sent["MD5OfMessageBody"]);

  run(api.send(arn, {.body = "from C++"}));
  json wire = receive(url);
  ASSERT_EQ(wire.size(), 1u);
  EXPECT_EQ(wire[0]["Body"], "from C++");
}

TEST_F(SqsApiTest, ChangingVisibilityToZeroMakesAMessageReceivableAgain) {
  std::string arn = arn_of(create_queue("visibility"));
  run(api.send(arn, {.body = "again"}));
  auto first = receive_api(arn, {.visibility_timeout = 60});
  ASSERT_EQ(first.size(), 1u);
  EXPECT_TRUE(receive_api(arn).empty());
  run(api.change_visibility(arn, first[0].receipt_handle, 0));
  auto second = receive_api(arn, {.attribute_names = {"ApproximateReceiveCount"}});
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].attributes.at("ApproximateReceiveCount"), "2");
}

TEST_F(SqsApiTest, AReceiveWithAWaitLongPollsUntilASendArrives) {
  std::string arn = arn_of(create_queue("poll"));
  auto waiting = start(api.receive(arn, {.wait_seconds = 20}));
  ASSERT_EQ(waiting.wait_for(milliseconds(100)), std::future_status::timeout);
  run(api.send(arn, {.body = "wake up"}));
  ASSERT_EQ(waiting.wait_for(seconds(5)), std::future_status::ready);
  auto received = waiting.get();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].body, "wake up");
}

TEST_F(SqsApiTest, FifoSendsAreSequencedAndDeduplicated) {
  std::string arn = arn_of(create_fifo_queue("api.fifo", {{"ContentBasedDeduplication", "true"}}));
  auto one = run(api.send(arn, {.body = "same", .message_group_id = "g"}));
  auto two = run(api.send(arn, {.body = "same", .message_group_id = "g"}));
  EXPECT_EQ(one.message_id, two.message_id);
  ASSERT_TRUE(one.sequence_number);
  EXPECT_EQ(one.sequence_number->size(), 20u);
  auto received = receive_api(arn, {.max_messages = 10, .attribute_names = {"SequenceNumber"}});
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].attributes.at("SequenceNumber"), *one.sequence_number);
}

TEST_F(SqsApiTest, DeletingABatchFailsOnlyTheBadHandles) {
  std::string url = create_queue("batch");
  std::string arn = arn_of(url);
  for (const char* body : {"a", "b"}) run(api.send(arn, {.body = body}));
  auto received = receive_api(arn, {.max_messages = 10});
  ASSERT_EQ(received.size(), 2u);
  auto outcomes = run(api.delete_messages(
      arn, {received[0].receipt_handle, "not-a-handle", received[1].receipt_handle}));
  ASSERT_EQ(outcomes.size(), 3u);
  EXPECT_FALSE(outcomes[0]);
  ASSERT_TRUE(outcomes[1]);
  EXPECT_EQ(outcomes[1]->code(), "ReceiptHandleIsInvalid");
  EXPECT_FALSE(outcomes[2]);
  EXPECT_EQ(count(url, "ApproximateNumberOfMessagesNotVisible"), "0");
}

TEST_F(SqsApiTest, FailuresAreTheProtocolsErrors) {
  std::string arn = arn_of(create_queue("errors"));
  std::string missing = arn + "-missing";
  EXPECT_EQ(api_error(api.send(missing, {.body = "x"})).code(), "QueueDoesNotExist");
  EXPECT_EQ(api_error(api.receive(missing, {})).code(), "QueueDoesNotExist");
  EXPECT_EQ(api_error(api.receive(arn, {.max_messages = 11})).code(), "InvalidParameterValue");
  EXPECT_EQ(api_error(api.send(arn, {.body = ""})).code(), "MissingParameter");
  EXPECT_EQ(api_error(api.delete_message(arn, "not-a-handle")).code(), "ReceiptHandleIsInvalid");
  EXPECT_EQ(api_error(api.change_visibility(arn, "not-a-handle", 43201)).code(),
            "InvalidParameterValue");
}

}  // namespace
}  // namespace eddy::sqs_test
