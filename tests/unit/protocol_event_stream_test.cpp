// AWS event streams: the message framing against byte vectors made with the JS SDK's own codec
// (@smithy/core/event-streams EventStreamCodec), the EventStream a service sends events through,
// and the answer the codec builds for an event-stream operation.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "protocol/cbor.hpp"
#include "protocol/codec.hpp"
#include "protocol/event_stream.hpp"
#include "protocol/event_stream_answer.hpp"
#include "protocol/event_stream_message.hpp"

using eddy::Awaitable;
using eddy::AwsError;
using eddy::json;
namespace asio = eddy::asio;
using namespace eddy::protocol;

namespace {

std::string from_hex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  return out;
}

EventMessage decode_whole(std::string_view bytes) {
  std::size_t consumed = 0;
  auto message = decode_event_message(bytes, consumed);
  EXPECT_TRUE(message.has_value());
  EXPECT_EQ(consumed, bytes.size());
  return message.value_or(EventMessage{});
}

TEST(EventStreamMessage, AnEmptyMessageIsItsPreludeAndTwoCrcs) {
  EXPECT_EQ(encode_event_message({}), from_hex("000000100000000005c248eb7d98c8ff"));
}

TEST(EventStreamMessage, AnInitialResponseEventMatchesTheSdksCodec) {
  EventMessage message;
  message.headers = {{":message-type", "event"}, {":event-type", "initial-response"}};
  message.payload = "{}";
  std::string expected = from_hex(
      "0000004700000035d9429f130d3a6d6573736167652d747970650700056576656e740b3a6576656e742d7479"
      "7065070010696e697469616c2d726573706f6e73657b7d8de0c8a3");
  EXPECT_EQ(encode_event_message(message), expected);
  EventMessage decoded = decode_whole(expected);
  EXPECT_EQ(decoded.headers, message.headers);
  EXPECT_EQ(decoded.payload, "{}");
  EXPECT_EQ(decoded.header(":event-type"), "initial-response");
}

TEST(EventStreamMessage, AnExceptionMatchesTheSdksCodec) {
  EventMessage message;
  message.headers = {{":message-type", "exception"},
                     {":exception-type", "ResourceNotFoundException"},
                     {":content-type", "application/json"}};
  message.payload = R"({"message":"gone"})";
  EXPECT_EQ(encode_event_message(message),
            from_hex("00000089000000670a02f9710d3a6d6573736167652d74797065070009657863657074696f"
                     "6e0f3a657863657074696f6e2d747970650700195265736f757263654e6f74466f756e6445"
                     "7863657074696f6e0d3a636f6e74656e742d747970650700106170706c69636174696f6e2f"
                     "6a736f6e7b226d657373616765223a22676f6e65227da473c6b2"));
}

TEST(EventStreamMessage, DecodingWaitsForAWholeMessageAndChecksBothCrcs) {
  EventMessage message;
  message.headers = {{"flag", "", EventHeader::bool_true},
                     {"n", std::string("\x00\x00\x00\x2a", 4), EventHeader::int32}};
  message.payload = "payload";
  std::string bytes = encode_event_message(message) + encode_event_message({});
  std::size_t consumed = 0;
  EXPECT_FALSE(decode_event_message(std::string_view(bytes).substr(0, 20), consumed));
  auto first = decode_event_message(bytes, consumed);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->headers, message.headers);
  EXPECT_EQ(first->payload, "payload");
  auto second = decode_event_message(std::string_view(bytes).substr(consumed), consumed);
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->headers.empty());

  std::string bad_prelude = bytes;
  bad_prelude[9] ^= 1;
  EXPECT_THROW(decode_event_message(bad_prelude, consumed), std::runtime_error);
  std::string bad_payload = bytes;
  bad_payload[bytes.find("payload")] = 'P';
  EXPECT_THROW(decode_event_message(bad_payload, consumed), std::runtime_error);
}

TEST(EventStreamChannel, ASenderWaitsForRoomAndStopsOnceTheClientIsGone) {
  asio::io_context io;
  auto events = std::make_shared<EventStream>(2);
  int ready_calls = 0;
  events->on_ready([&] { ++ready_calls; });
  std::vector<bool> results;
  asio::co_spawn(
      io,
      [&]() -> Awaitable<void> {
        for (int i = 0; i < 5; ++i) {
          json payload;  // built apart: GCC 12 cannot keep a braced list across co_await
          payload["i"] = i;
          results.push_back(co_await events->send("E", std::move(payload)));
        }
      },
      asio::detached);
  io.run_for(std::chrono::milliseconds(50));
  io.restart();
  // Two fit; the third waits for room.
  EXPECT_EQ(results, std::vector<bool>({true, true}));
  auto taken = events->take();
  ASSERT_EQ(taken.events.size(), 2u);
  EXPECT_EQ(taken.events[0].type, "E");
  EXPECT_EQ(taken.events[1].payload["i"], 1);
  EXPECT_FALSE(taken.ended);
  io.run_for(std::chrono::milliseconds(50));
  io.restart();
  EXPECT_EQ(results, std::vector<bool>({true, true, true, true}));
  events->close();
  io.run_for(std::chrono::milliseconds(50));
  EXPECT_EQ(results, std::vector<bool>({true, true, true, true, false}));
  EXPECT_EQ(ready_calls, 4);
  EXPECT_TRUE(events->take().events.empty());
}

TEST(EventStreamChannel, ASenderOnAnotherThreadIsWokenByTake) {
  asio::io_context producer_io;
  auto events = std::make_shared<EventStream>(1);
  std::atomic<int> sent = 0;
  asio::co_spawn(
      producer_io,
      [&]() -> Awaitable<void> {
        for (int i = 0; i < 200; ++i)
          if (co_await events->send("E", i)) ++sent;
        events->finish();
      },
      asio::detached);
  std::thread producer([&] { producer_io.run(); });
  int received = 0;
  bool ended = false;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!ended && std::chrono::steady_clock::now() < deadline) {
    auto taken = events->take();
    for (const auto& event : taken.events) EXPECT_EQ(event.payload, received++);
    ended = taken.ended;
  }
  producer.join();
  EXPECT_TRUE(ended);
  EXPECT_EQ(received, 200);
  EXPECT_EQ(sent, 200);
}

TEST(EventStreamChannel, AFailureEndsTheStreamAfterTheQueuedEvents) {
  asio::io_context io;
  auto events = std::make_shared<EventStream>();
  asio::co_spawn(
      io,
      [&]() -> Awaitable<void> {
        co_await events->send("E", 1);
        events->fail(AwsError("ResourceInUseException", "taken", 400));
        EXPECT_FALSE(co_await events->send("E", 2));
      },
      asio::detached);
  io.run();
  auto taken = events->take();
  EXPECT_EQ(taken.events.size(), 1u);
  EXPECT_TRUE(taken.ended);
  ASSERT_TRUE(taken.failure);
  EXPECT_EQ(taken.failure->code(), "ResourceInUseException");
}

class EventStreamAnswerTest : public ::testing::Test {
 protected:
  EventStreamAnswerTest() { directory.add(streams); }

  DecodedRequest decoded(std::string_view content_type, std::string_view body, bool can_stream) {
    HttpRequest r;
    r.method = "POST";
    r.target = "/";
    r.body = body;
    r.can_stream = can_stream;
    r.headers = {{"X-Amz-Target", "Streams_20131202.Subscribe"}, {"Content-Type", content_type}};
    DecodedRequest out;
    decode(r, directory, out);
    return out;
  }

  ServiceDescription streams{.name = "streams",
                             .target_prefix = "Streams_20131202",
                             .json_version = "1.1",
                             .operations = {"Subscribe", "Put"},
                             .cbor_blob_members = {"Data"},
                             .event_stream_operations = {"Subscribe"}};
  ServiceDirectory directory;
};

TEST_F(EventStreamAnswerTest, OnlyAStreamingTransportGetsAnEventStream) {
  EXPECT_FALSE(decoded("application/x-amz-json-1.1", "{}", false).call.events);
  EXPECT_TRUE(decoded("application/x-amz-json-1.1", "{}", true).call.events);
}

TEST_F(EventStreamAnswerTest, JsonEventsAreFramedWithTheirTypeAfterTheInitialResponse) {
  DecodedRequest request = decoded("application/x-amz-json-1.1", "{}", true);
  HttpResponse response = encode_result(request, json::object());
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "application/vnd.amazon.eventstream");
  EventMessage initial = decode_whole(response.body);
  EXPECT_EQ(initial.header(":message-type"), "event");
  EXPECT_EQ(initial.header(":event-type"), "initial-response");
  EXPECT_EQ(initial.payload, "{}");
  ASSERT_TRUE(response.streamed);
  EXPECT_EQ(response.streamed->events, request.call.events);

  EventMessage event = decode_whole(
      response.streamed->frame_event({"SubscribeEvent", {{"Records", {{{"Data", "AQID"}}}}}}));
  EXPECT_EQ(event.header(":message-type"), "event");
  EXPECT_EQ(event.header(":event-type"), "SubscribeEvent");
  EXPECT_EQ(event.header(":content-type"), "application/json");
  EXPECT_EQ(event.payload, R"({"Records":[{"Data":"AQID"}]})");

  EventMessage failure =
      decode_whole(response.streamed->frame_failure(AwsError("ResourceNotFoundException", "gone")));
  EXPECT_EQ(failure.header(":message-type"), "exception");
  EXPECT_EQ(failure.header(":exception-type"), "ResourceNotFoundException");
  EXPECT_EQ(failure.payload, R"({"message":"gone"})");
}

TEST_F(EventStreamAnswerTest, CborEventsCarryBlobsAsByteStrings) {
  DecodedRequest request = decoded("application/x-amz-cbor-1.1", "\xa0", true);
  HttpResponse response = encode_result(request, json::object());
  EventMessage event =
      decode_whole(response.streamed->frame_event({"SubscribeEvent", {{"Data", "AQID"}}}));
  EXPECT_EQ(event.header(":content-type"), "application/x-amz-cbor-1.1");
  EXPECT_EQ(event.payload, service_json_to_cbor({{"Data", "AQID"}}, &streams));
  EXPECT_EQ(event.payload, std::string("\xa1\x64"
                                       "Data\x43\x01\x02\x03"));
}

TEST_F(EventStreamAnswerTest, OtherOperationsAreAnsweredAsBefore) {
  HttpRequest r;
  r.method = "POST";
  r.target = "/";
  r.body = "{}";
  r.can_stream = true;
  r.headers = {{"X-Amz-Target", "Streams_20131202.Put"},
               {"Content-Type", "application/x-amz-json-1.1"}};
  DecodedRequest out;
  decode(r, directory, out);
  EXPECT_FALSE(out.call.events);
  HttpResponse response = encode_result(out, json::object());
  EXPECT_FALSE(response.streamed);
  EXPECT_EQ(response.body, "{}");
}

}  // namespace
