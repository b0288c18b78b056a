// Cleartext HTTP/2 with prior knowledge on the listener's one port: the HTTP/1.1 session spots
// the client preface and hands the connection to an HTTP/2 session, whose streams run through the
// same RequestHandler, concurrently, under the same limits.
#include <gtest/gtest.h>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <thread>

#include "http/listener.hpp"
#include "http2_test_client.hpp"

namespace eddy {
namespace {

using testing::Http2TestClient;

// /slow answers after a second, /big with 10 MiB, /small accepts 8 body bytes, and anything else
// echoes the method, the body's size and its first bytes.
class Http2TestHandler : public RequestHandler {
 public:
  std::size_t body_limit(const protocol::HttpRequest& head) const override {
    return head.path() == "/small" ? 8 : 8 * 1024 * 1024;
  }
  Awaitable<protocol::HttpResponse> handle(const protocol::HttpRequest& request) override {
    protocol::HttpResponse out;
    out.content_type = "text/plain";
    out.request_id = "request-1";
    out.headers.emplace_back("X-Echo-Path", std::string(request.path()));
    out.headers.emplace_back("X-Echo-Host", std::string(request.header("Host")));
    if (request.path() == "/slow") {
      asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::seconds(1));
      co_await timer.async_wait(asio::use_awaitable);
    }
    if (request.path() == "/big") {
      out.body.resize(10 * 1024 * 1024);
      for (std::size_t i = 0; i < out.body.size(); ++i)
        out.body[i] = static_cast<char>('a' + i % 26);
      co_return out;
    }
    out.status = 201;
    out.body = std::string(request.method) + " " + std::to_string(request.body.size()) + " " +
               std::string(request.body.substr(0, 16));
    co_return out;
  }
};

class Http2ListenerTest : public ::testing::Test {
 protected:
  void start(ServerConfig config = {.host = "127.0.0.1", .port = 0}) {
    listener_ = std::make_shared<Listener>(io_.get_executor(), std::move(config),
                                           std::make_shared<Http2TestHandler>());
    listener_->start();
    thread_ = std::thread([this] { io_.run(); });
  }
  void SetUp() override {}
  void TearDown() override {
    if (listener_) listener_->stop();
    work_.reset();
    if (thread_.joinable()) thread_.join();
  }

  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(io_);
  std::shared_ptr<Listener> listener_;
  std::thread thread_;
};

TEST_F(Http2ListenerTest, AnswersARequestOnTheHttp11Port) {
  start();
  Http2TestClient client(listener_->port());
  auto id = client.submit("POST", "/echo?x=1", "hello", {{"content-type", "text/plain"}});
  ASSERT_TRUE(client.run_until_all_closed());
  auto& response = client.response(id);
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.close_code, NGHTTP2_NO_ERROR);
  EXPECT_EQ(response.body, "POST 5 hello");
  EXPECT_EQ(response.headers["content-type"], "text/plain");
  EXPECT_EQ(response.headers["content-length"], "12");
  EXPECT_EQ(response.headers["server"], "eddy");
  // Header names go out lowercase, as HTTP/2 requires; :authority reaches the handler as Host.
  EXPECT_EQ(response.headers["x-echo-path"], "/echo");
  EXPECT_EQ(response.headers["x-echo-host"], "127.0.0.1");
  EXPECT_EQ(response.headers["x-amzn-requestid"], "request-1");

  // The same port still speaks HTTP/1.1.
  namespace http = boost::beast::http;
  asio::io_context client_io;
  boost::beast::tcp_stream stream(client_io);
  stream.connect({asio::ip::make_address("127.0.0.1"), listener_->port()});
  http::request<http::string_body> request{http::verb::get, "/plain", 11};
  request.set(http::field::host, "127.0.0.1");
  http::write(stream, request);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> plain;
  http::read(stream, buffer, plain);
  EXPECT_EQ(plain.result_int(), 201);
  EXPECT_EQ(plain.body(), "GET 0 ");
}

TEST_F(Http2ListenerTest, SendsItsSettingsAndAnswersPings) {
  start();
  Http2TestClient client(listener_->port());
  client.ping();
  ASSERT_TRUE(client.run_until([&] { return client.ping_acked && client.server_max_streams; }));
  EXPECT_EQ(client.server_max_streams, 128u);
}

TEST_F(Http2ListenerTest, AnswersEachStreamAsItCompletesNotInOrder) {
  start();
  Http2TestClient client(listener_->port());
  auto slow = client.submit("GET", "/slow");
  std::vector<std::int32_t> quick;
  for (int i = 0; i < 20; ++i) quick.push_back(client.submit("GET", "/quick"));
  auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(client.run_until([&] {
    for (auto id : quick)
      if (!client.response(id).closed) return false;
    return true;
  }));
  // Every quick stream is answered while the slow one still waits.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(900));
  EXPECT_FALSE(client.response(slow).closed);
  for (auto id : quick) EXPECT_EQ(client.response(id).status, 201);
  ASSERT_TRUE(client.run_until_all_closed());
  EXPECT_EQ(client.response(slow).status, 201);
}

TEST_F(Http2ListenerTest, ServesMoreStreamsThanItsConcurrencyLimitAllowsAtOnce) {
  start();
  Http2TestClient client(listener_->port());
  std::vector<std::int32_t> ids;
  for (int i = 0; i < 300; ++i) ids.push_back(client.submit("POST", "/n", std::to_string(i)));
  ASSERT_TRUE(client.run_until_all_closed());
  for (int i = 0; i < 300; ++i) {
    auto& response = client.response(ids[i]);
    EXPECT_EQ(response.status, 201);
    EXPECT_EQ(response.body,
              "POST " + std::to_string(std::to_string(i).size()) + " " + std::to_string(i));
  }
}

TEST_F(Http2ListenerTest, CarriesLargeBodiesBothWaysUnderFlowControl) {
  start();
  Http2TestClient client(listener_->port());
  std::string upload(6 * 1024 * 1024, 'x');
  upload.replace(0, 5, "first");
  auto up = client.submit("PUT", "/upload", upload);
  auto down = client.submit("GET", "/big");
  ASSERT_TRUE(client.run_until_all_closed());
  EXPECT_EQ(client.response(up).status, 201);
  EXPECT_EQ(client.response(up).body, "PUT 6291456 firstxxxxxxxxxxx");
  auto& big = client.response(down);
  EXPECT_EQ(big.status, 200);
  ASSERT_EQ(big.body.size(), 10u * 1024 * 1024);
  EXPECT_EQ(big.body.substr(0, 3), "abc");
  EXPECT_EQ(big.body.back(), static_cast<char>('a' + (big.body.size() - 1) % 26));
}

TEST_F(Http2ListenerTest, RefusesABodyOverTheHandlersLimitAndResetsOnlyThatStream) {
  start();
  Http2TestClient client(listener_->port());
  // No content-length: the limit is counted as the body arrives.
  auto counted = client.submit("POST", "/small", std::string(200 * 1024, 'y'));
  // A declared length over the limit is refused from the headers alone.
  auto declared = client.submit("POST", "/small", "123456789", {{"content-length", "9"}});
  auto fine = client.submit("POST", "/small", "12345678");
  ASSERT_TRUE(client.run_until_all_closed());
  for (auto id : {counted, declared}) {
    auto& refused = client.response(id);
    EXPECT_EQ(refused.status, 413);
    EXPECT_NE(refused.body.find("RequestEntityTooLarge"), std::string::npos);
    EXPECT_NE(refused.body.find("8 bytes"), std::string::npos);
  }
  // The client was still sending the large one: told to stop, without error.
  EXPECT_EQ(client.response(counted).close_code, NGHTTP2_NO_ERROR);
  EXPECT_EQ(client.response(fine).status, 201);
  EXPECT_FALSE(client.goaway_received);
}

TEST_F(Http2ListenerTest, RefusesAnOversizedHeaderOrTarget) {
  start();
  Http2TestClient client(listener_->port(), 256 * 1024);
  auto header = client.submit("GET", "/h", {}, {{"x-big", std::string(70 * 1024, 'h')}});
  auto target = client.submit("GET", "/" + std::string(17 * 1024, 't'));
  auto fine = client.submit("GET", "/fine");
  ASSERT_TRUE(client.run_until_all_closed());
  EXPECT_EQ(client.response(header).status, 431);
  EXPECT_EQ(client.response(target).status, 414);
  EXPECT_EQ(client.response(fine).status, 201);
}

TEST_F(Http2ListenerTest, AStreamTheClientResetsDoesNotDisturbTheOthers) {
  start();
  Http2TestClient client(listener_->port());
  auto slow = client.submit("GET", "/slow");
  ASSERT_TRUE(client.run_until([] { return false; }, std::chrono::milliseconds(100)) == false);
  client.reset(slow);
  auto after = client.submit("GET", "/after");
  ASSERT_TRUE(client.run_until([&] { return client.response(after).closed; }));
  EXPECT_EQ(client.response(after).status, 201);
  EXPECT_EQ(client.response(slow).close_code, NGHTTP2_CANCEL);
  // The slow handler finishes into a closed stream; the connection goes on.
  ASSERT_TRUE(client.run_until([] { return false; }, std::chrono::milliseconds(1200)) == false);
  auto last = client.submit("GET", "/last");
  ASSERT_TRUE(client.run_until([&] { return client.response(last).closed; }));
  EXPECT_EQ(client.response(last).status, 201);
}

TEST_F(Http2ListenerTest, StopSendsGoawayAndFinishesTheStreamsInFlight) {
  start();
  Http2TestClient client(listener_->port());
  auto slow = client.submit("GET", "/slow");
  ASSERT_FALSE(client.run_until([] { return false; }, std::chrono::milliseconds(200)));
  std::thread stopper([this] { listener_->stop(); });
  ASSERT_TRUE(client.run_until([&] { return client.connection_closed; }));
  stopper.join();
  EXPECT_TRUE(client.goaway_received);
  EXPECT_EQ(client.goaway_code, NGHTTP2_NO_ERROR);
  EXPECT_EQ(client.response(slow).status, 201);
}

TEST_F(Http2ListenerTest, ClosesAnIdleConnectionWithGoaway) {
  start({.host = "127.0.0.1", .port = 0, .idle_timeout_seconds = 1});
  Http2TestClient client(listener_->port());
  auto id = client.submit("GET", "/once");
  ASSERT_TRUE(client.run_until_all_closed());
  EXPECT_EQ(client.response(id).status, 201);
  auto waited = std::chrono::steady_clock::now();
  ASSERT_TRUE(client.run_until([&] { return client.connection_closed; }, std::chrono::seconds(5)));
  EXPECT_GE(std::chrono::steady_clock::now() - waited, std::chrono::milliseconds(800));
  EXPECT_TRUE(client.goaway_received);
}

TEST_F(Http2ListenerTest, AProtocolViolationEndsTheConnectionWithGoaway) {
  start();
  Http2TestClient client(listener_->port());
  auto id = client.submit("GET", "/first");
  ASSERT_TRUE(client.run_until_all_closed());
  EXPECT_EQ(client.response(id).status, 201);
  // A DATA frame on stream 0 is a connection error (RFC 9113 §6.1).
  client.write_raw(std::string("\x00\x00\x01\x00\x00\x00\x00\x00\x00x", 10));
  ASSERT_TRUE(client.run_until([&] { return client.connection_closed; }, std::chrono::seconds(5)));
  EXPECT_TRUE(client.goaway_received);
  EXPECT_EQ(client.goaway_code, NGHTTP2_PROTOCOL_ERROR);
}

}  // namespace
}  // namespace eddy
