// An answer that goes on (an event stream) over HTTP/2: the session writes each event as the
// handler's producer sends it, ends the answer when the producer finishes, and closes the
// EventStream when the client resets the stream or the server stops, so the producer stops too.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "http/listener.hpp"
#include "http2_test_client.hpp"
#include "protocol/event_stream.hpp"

namespace eddy {
namespace {

using testing::Http2TestClient;

// /three sends events a, b, c 50 ms apart, then ends; /endless sends one every 20 ms until the
// stream is closed, counting what it sent.
class StreamingHandler : public RequestHandler {
 public:
  std::size_t body_limit(const protocol::HttpRequest&) const override { return 1024; }
  Awaitable<protocol::HttpResponse> handle(const protocol::HttpRequest& request) override {
    protocol::HttpResponse out;
    out.content_type = "text/event-test";
    out.body = "initial;";
    auto answer = std::make_shared<protocol::EventStreamAnswer>();
    answer->events = std::make_shared<protocol::EventStream>();
    answer->frame_event = [](const protocol::StreamEvent& event) {
      return event.type + "=" + event.payload.dump() + ";";
    };
    answer->frame_failure = [](const AwsError& error) { return "failed:" + error.code() + ";"; };
    out.streamed = answer;
    auto executor = co_await asio::this_coro::executor;
    if (request.path() == "/three")
      asio::co_spawn(executor, send_three(answer->events), asio::detached);
    else
      asio::co_spawn(executor, send_endlessly(answer->events), asio::detached);
    co_return out;
  }

  std::atomic<int> endless_sent{0};
  std::atomic<bool> endless_stopped{false};

 private:
  static Awaitable<void> pause(std::chrono::milliseconds time) {
    asio::steady_timer timer(co_await asio::this_coro::executor, time);
    co_await timer.async_wait(asio::use_awaitable);
  }
  static Awaitable<void> send_three(std::shared_ptr<protocol::EventStream> events) {
    for (const char* name : {"a", "b", "c"}) {
      co_await pause(std::chrono::milliseconds(50));
      co_await events->send(name, 1);
    }
    events->fail(AwsError("ResourceInUseException", "over"));
  }
  Awaitable<void> send_endlessly(std::shared_ptr<protocol::EventStream> events) {
    for (;;) {
      // Not in the loop's condition: see protocol/event_stream.hpp.
      bool open = co_await events->send("tick", endless_sent.load());
      if (!open) break;
      ++endless_sent;
      co_await pause(std::chrono::milliseconds(20));
    }
    endless_stopped = true;
  }
};

class Http2EventStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    listener_ = std::make_shared<Listener>(io_.get_executor(),
                                           ServerConfig{.host = "127.0.0.1", .port = 0}, handler_);
    listener_->start();
    thread_ = std::thread([this] { io_.run(); });
  }
  void TearDown() override {
    listener_->stop();
    work_.reset();
    thread_.join();
  }

  bool eventually(const std::function<bool()>& condition) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!condition()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
  }

  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(io_);
  std::shared_ptr<StreamingHandler> handler_ = std::make_shared<StreamingHandler>();
  std::shared_ptr<Listener> listener_;
  std::thread thread_;
};

TEST_F(Http2EventStreamTest, EventsAreWrittenAsTheyComeAndTheFailureEndsTheAnswer) {
  Http2TestClient client(listener_->port());
  auto id = client.submit("POST", "/three", "{}");
  // The initial response arrives before any event exists.
  ASSERT_TRUE(client.run_until([&] { return client.response(id).body == "initial;"; }));
  EXPECT_EQ(client.response(id).status, 200);
  EXPECT_EQ(client.response(id).headers.count("content-length"), 0u);
  ASSERT_TRUE(client.run_until([&] { return client.response(id).body.ends_with("a=1;"); }));
  EXPECT_FALSE(client.response(id).closed);
  ASSERT_TRUE(client.run_until_all_closed());
  EXPECT_EQ(client.response(id).body, "initial;a=1;b=1;c=1;failed:ResourceInUseException;");
  EXPECT_EQ(client.response(id).close_code, NGHTTP2_NO_ERROR);
}

TEST_F(Http2EventStreamTest, AResetStreamStopsItsProducerAndSparesTheConnection) {
  Http2TestClient client(listener_->port());
  auto id = client.submit("POST", "/endless", "{}");
  ASSERT_TRUE(client.run_until(
      [&] { return client.response(id).body.find("tick=2;") != std::string::npos; },
      std::chrono::seconds(3)))
      << client.response(id).body;
  client.reset(id);
  ASSERT_FALSE(client.run_until([] { return false; }, std::chrono::milliseconds(100)));
  EXPECT_TRUE(eventually([&] { return handler_->endless_stopped.load(); }));
  auto other = client.submit("POST", "/three", "{}");
  ASSERT_TRUE(client.run_until([&] { return client.response(other).closed; }));
  EXPECT_EQ(client.response(other).body, "initial;a=1;b=1;c=1;failed:ResourceInUseException;");
}

TEST_F(Http2EventStreamTest, StopEndsAnEndlessAnswerSoTheConnectionCloses) {
  Http2TestClient client(listener_->port());
  auto id = client.submit("POST", "/endless", "{}");
  ASSERT_TRUE(client.run_until(
      [&] { return client.response(id).body.find("tick=1;") != std::string::npos; }));
  auto started = std::chrono::steady_clock::now();
  std::thread stopper([this] { listener_->stop(); });
  ASSERT_TRUE(client.run_until([&] { return client.connection_closed; }, std::chrono::seconds(5)));
  stopper.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
  EXPECT_TRUE(client.goaway_received);
  EXPECT_TRUE(client.response(id).closed);
  EXPECT_EQ(client.response(id).close_code, NGHTTP2_NO_ERROR);
  EXPECT_TRUE(eventually([&] { return handler_->endless_stopped.load(); }));
}

}  // namespace
}  // namespace eddy
