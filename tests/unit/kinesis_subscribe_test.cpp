// SubscribeToShard on an Emulator with a ManualClock: the call gets the EventStream an HTTP/2
// request would, and the test reads what the subscription sends as the clock moves: an empty
// event every 5 seconds, records as soon as they are put, the end after 5 minutes, the release
// when the client goes away, and the takeover a later subscription makes.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>

#include "core/base64.hpp"
#include "eddy/clock.hpp"
#include "eddy/emulator.hpp"
#include "emulator/emulator_core.hpp"
#include "protocol/call.hpp"
#include "protocol/event_stream.hpp"

namespace eddy {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

// What a subscription has sent so far, gathered from its EventStream as a transport would.
struct ReceivedEvents {
  std::vector<protocol::StreamEvent> events;
  bool ended = false;
  std::optional<AwsError> failure;
};

class KinesisSubscribeTest : public ::testing::Test {
 protected:
  std::shared_ptr<ManualClock> clock =
      std::make_shared<ManualClock>(TimePoint(milliseconds(1'700'000'000'000)));
  Emulator emu{EmulatorConfig{.data_dir = "", .clock = clock, .threads = 2}};
  std::string consumer_arn;

  void SetUp() override {
    kinesis("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}});
    std::string stream_arn = kinesis(
        "DescribeStreamSummary", {{"StreamName", "s"}})["StreamDescriptionSummary"]["StreamARN"];
    consumer_arn =
        kinesis("RegisterStreamConsumer",
                {{"StreamARN", stream_arn}, {"ConsumerName", "c"}})["Consumer"]["ConsumerARN"];
  }

  json kinesis(const std::string& operation, json input) {
    return emu.call("kinesis", operation, std::move(input));
  }
  void put(const std::string& data) {
    kinesis("PutRecord",
            {{"StreamName", "s"}, {"PartitionKey", "k"}, {"Data", base64::encode(data)}});
  }

  // SubscribeToShard as an HTTP/2 request makes it: with an EventStream to send to.
  std::shared_ptr<protocol::EventStream> subscribe(const std::string& type = "LATEST") {
    protocol::Call call;
    call.service = "kinesis";
    call.operation = "SubscribeToShard";
    call.input = {{"ConsumerARN", consumer_arn},
                  {"ShardId", "shardId-000000000000"},
                  {"StartingPosition", {{"Type", type}}}};
    call.request_id = "subscribe";
    call.events = std::make_shared<protocol::EventStream>();
    auto events = call.events;
    auto future = asio::co_spawn(
        asio::make_strand(emu.core().io()),
        [this, call = std::move(call)]() -> Awaitable<json> {
          co_return co_await emu.core().dispatch(call);
        },
        asio::use_future);
    EXPECT_EQ(future.get(), json::object());
    return events;
  }

  // Takes what was sent, waiting up to a second for at least `count` events or the end.
  static void receive(protocol::EventStream& stream, ReceivedEvents& into, std::size_t count) {
    for (int i = 0; i < 100; ++i) {
      auto taken = stream.take();
      for (auto& event : taken.events) into.events.push_back(std::move(event));
      if (taken.ended) {
        into.ended = true;
        into.failure = taken.failure;
      }
      if (into.ended || into.events.size() >= count) return;
      std::this_thread::sleep_for(milliseconds(10));
    }
  }
  // Gives the subscription time to send what it should not.
  static void settle() { std::this_thread::sleep_for(milliseconds(100)); }
};

TEST_F(KinesisSubscribeTest, SendsAnEmptyEventEveryFiveSecondsOfTheClock) {
  auto events = subscribe();
  ReceivedEvents received;
  receive(*events, received, 1);
  ASSERT_EQ(received.events.size(), 1u);
  EXPECT_EQ(received.events[0].type, "SubscribeToShardEvent");
  EXPECT_EQ(received.events[0].payload["Records"], json::array());
  EXPECT_TRUE(received.events[0].payload.contains("ContinuationSequenceNumber"));
  clock->advance(seconds(4));
  settle();
  receive(*events, received, 2);
  EXPECT_EQ(received.events.size(), 1u) << "an event before 5 seconds passed";
  clock->advance(seconds(1));
  receive(*events, received, 2);
  EXPECT_EQ(received.events.size(), 2u);
  EXPECT_FALSE(received.ended);
  events->close();
}

TEST_F(KinesisSubscribeTest, RecordsArriveWhenPutWithoutTheClockMoving) {
  auto events = subscribe();
  ReceivedEvents received;
  receive(*events, received, 1);
  put("one");
  put("two");
  for (int i = 0; i < 10; ++i) {
    std::size_t records = 0;
    for (const auto& event : received.events) records += event.payload["Records"].size();
    if (records >= 2) break;
    receive(*events, received, received.events.size() + 1);
  }
  std::vector<std::string> data;
  for (const auto& event : received.events)
    for (const auto& record : event.payload["Records"])
      data.push_back(*base64::decode(record["Data"].get<std::string>()));
  EXPECT_EQ(data, (std::vector<std::string>{"one", "two"}));
  events->close();
}

TEST_F(KinesisSubscribeTest, EndsAfterFiveMinutesOfTheClock) {
  auto events = subscribe();
  ReceivedEvents received;
  receive(*events, received, 1);
  for (int step = 0; step < 59; ++step) {  // 295 seconds, 5 at a time
    clock->advance(seconds(5));
    receive(*events, received, received.events.size() + 1);
  }
  EXPECT_FALSE(received.ended) << "ended before 5 minutes";
  EXPECT_EQ(received.events.size(), 60u);
  clock->advance(seconds(5));
  for (int i = 0; i < 10 && !received.ended; ++i) receive(*events, received, 1000);
  EXPECT_TRUE(received.ended);
  EXPECT_FALSE(received.failure.has_value());
  // The subscription is over: the consumer subscribes again at once.
  EXPECT_NO_THROW(subscribe()->close());
}

TEST_F(KinesisSubscribeTest, ASecondSubscriptionWithinFiveSecondsIsRefusedThenTakesOver) {
  auto first = subscribe();
  ReceivedEvents received;
  receive(*first, received, 1);
  clock->advance(seconds(4));
  try {
    subscribe();
    ADD_FAILURE() << "a second subscription was accepted";
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code(), "ResourceInUseException");
    EXPECT_EQ(error.message(),
              "Another active subscription exists for this consumer: "
              "000000000000:s:shardId-000000000000:c");
  }
  clock->advance(seconds(1));
  auto second = subscribe();
  for (int i = 0; i < 10 && !received.ended; ++i) receive(*first, received, 1000);
  ASSERT_TRUE(received.ended);
  ASSERT_TRUE(received.failure.has_value());
  EXPECT_EQ(received.failure->code(), "ResourceInUseException");
  second->close();
}

TEST_F(KinesisSubscribeTest, AClientThatGoesAwayFreesTheSubscription) {
  auto events = subscribe();
  ReceivedEvents received;
  receive(*events, received, 1);
  events->close();
  // The subscription learns of it at its next send: here the record it would deliver.
  put("unread");
  std::shared_ptr<protocol::EventStream> again;
  for (int i = 0; i < 100 && !again; ++i) {
    try {
      again = subscribe();
    } catch (const AwsError& error) {
      EXPECT_EQ(error.code(), "ResourceInUseException");
      std::this_thread::sleep_for(milliseconds(10));
    }
  }
  ASSERT_TRUE(again) << "still held after the client went away";
  again->close();
}

TEST_F(KinesisSubscribeTest, DeregisteringTheConsumerEndsItsSubscription) {
  auto events = subscribe();
  ReceivedEvents received;
  receive(*events, received, 1);
  kinesis("DeregisterStreamConsumer", {{"ConsumerARN", consumer_arn}});
  for (int i = 0; i < 10 && !received.ended; ++i) receive(*events, received, 1000);
  ASSERT_TRUE(received.ended);
  ASSERT_TRUE(received.failure.has_value());
  EXPECT_EQ(received.failure->code(), "ResourceNotFoundException");
}

TEST_F(KinesisSubscribeTest, AResetEndsSubscriptionsAsTheirStreamsGo) {
  auto events = subscribe();
  ReceivedEvents received;
  receive(*events, received, 1);
  emu.reset();
  for (int i = 0; i < 10 && !received.ended; ++i) receive(*events, received, 1000);
  ASSERT_TRUE(received.ended);
  ASSERT_TRUE(received.failure.has_value());
  EXPECT_EQ(received.failure->code(), "ResourceNotFoundException");
}

TEST_F(KinesisSubscribeTest, WithoutAnEventStreamTheCallIsRefused) {
  try {
    kinesis("SubscribeToShard", {{"ConsumerARN", consumer_arn},
                                 {"ShardId", "shardId-000000000000"},
                                 {"StartingPosition", {{"Type", "LATEST"}}}});
    ADD_FAILURE() << "answered without an event stream";
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code(), "InvalidArgumentException");
  }
}

TEST_F(KinesisSubscribeTest, BadStartingPositionsAreValidationErrors) {
  try {
    kinesis("SubscribeToShard", {{"ConsumerARN", consumer_arn},
                                 {"ShardId", "shardId-000000000000"},
                                 {"StartingPosition", {{"Type", "SOMEWHERE"}}}});
    ADD_FAILURE() << "accepted";
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code(), "ValidationException");
    EXPECT_EQ(error.message(),
              "1 validation error detected: Value 'SOMEWHERE' at 'startingPosition.type' failed "
              "to satisfy constraint: Member must satisfy enum value set: [AT_SEQUENCE_NUMBER, "
              "AFTER_SEQUENCE_NUMBER, TRIM_HORIZON, LATEST, AT_TIMESTAMP]");
  }
}

}  // namespace
}  // namespace eddy
