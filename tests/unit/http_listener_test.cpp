// The Listener serves any RequestHandler, not only the emulator's endpoint: a second kind of
// endpoint (the Lambda Runtime API) runs through the same connections, limits and timeouts.
#include <gtest/gtest.h>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <functional>
#include <string>
#include <thread>

#include "http/io_workers.hpp"
#include "http/listener.hpp"

namespace eddy {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;

class EchoHandler : public RequestHandler {
 public:
  std::size_t body_limit(const protocol::HttpRequest& head) const override {
    return head.path() == "/small" ? 8 : 1024;
  }
  Awaitable<protocol::HttpResponse> handle(const protocol::HttpRequest& request) override {
    protocol::HttpResponse out;
    out.status = 201;
    out.content_type = "text/plain";
    out.headers.emplace_back("X-Echo-Path", std::string(request.path()));
    out.body = std::string(request.method) + " " + std::string(request.body);
    co_return out;
  }
};

class ListenerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    listener_ =
        std::make_shared<Listener>(io_.get_executor(), ServerConfig{.host = "127.0.0.1", .port = 0},
                                   std::make_shared<EchoHandler>());
    listener_->start();
    thread_ = std::thread([this] { io_.run(); });
  }
  void TearDown() override {
    listener_->stop();
    work_.reset();
    thread_.join();
  }

  http::response<http::string_body> send(http::request<http::string_body> request) {
    asio::io_context client_io;
    beast::tcp_stream stream(client_io);
    stream.expires_after(std::chrono::seconds(10));
    stream.connect({asio::ip::make_address("127.0.0.1"), listener_->port()});
    request.set(http::field::host, "127.0.0.1");
    request.prepare_payload();
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    return response;
  }

  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(io_);
  std::shared_ptr<Listener> listener_;
  std::thread thread_;
};

TEST_F(ListenerTest, ServesAnyRequestHandlerOnItsOwnPort) {
  ASSERT_NE(listener_->port(), 0);
  http::request<http::string_body> request{http::verb::post, "/2018-06-01/runtime/next", 11};
  request.body() = "hello";
  auto response = send(request);
  EXPECT_EQ(response.result_int(), 201);
  EXPECT_EQ(response[http::field::content_type], "text/plain");
  EXPECT_EQ(response["X-Echo-Path"], "/2018-06-01/runtime/next");
  EXPECT_EQ(response[http::field::server], "eddy");
  EXPECT_EQ(response.body(), "POST hello");
}

TEST_F(ListenerTest, TheHandlerDecidesTheBodyLimitFromTheHead) {
  http::request<http::string_body> request{http::verb::put, "/small", 11};
  request.body() = "more than eight bytes";
  auto refused = send(request);
  EXPECT_EQ(refused.result_int(), 413);
  EXPECT_FALSE(refused.keep_alive());
  request.target("/large");
  EXPECT_EQ(send(request).result_int(), 201);
}

// Answers with the id of the thread that ran it.
class ThreadNamingHandler : public RequestHandler {
 public:
  std::size_t body_limit(const protocol::HttpRequest&) const override { return 1024; }
  Awaitable<protocol::HttpResponse> handle(const protocol::HttpRequest&) override {
    protocol::HttpResponse out;
    out.body = std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id()));
    co_return out;
  }
};

TEST(ListenerConnections, EachConnectionStaysOnTheNextWorkerThreadInTurn) {
  asio::io_context accept_io;
  auto work = asio::make_work_guard(accept_io);
  std::thread accept_thread([&] { accept_io.run(); });
  IoWorkers workers(2);
  auto listener = std::make_shared<Listener>(
      accept_io.get_executor(), ServerConfig{.host = "127.0.0.1", .port = 0},
      std::make_shared<ThreadNamingHandler>(), workers.executors());
  listener->start();

  asio::io_context client_io;
  auto connect = [&] {
    beast::tcp_stream stream(client_io);
    stream.expires_after(std::chrono::seconds(10));
    stream.connect({asio::ip::make_address("127.0.0.1"), listener->port()});
    return stream;
  };
  auto thread_of = [](beast::tcp_stream& stream) {
    http::request<http::string_body> request{http::verb::get, "/", 11};
    request.set(http::field::host, "127.0.0.1");
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    return response.body();
  };
  auto first = connect();
  auto second = connect();
  std::string first_thread = thread_of(first);
  std::string second_thread = thread_of(second);
  EXPECT_NE(first_thread, second_thread);
  // Kept alive, a connection's next request runs where its first did.
  EXPECT_EQ(thread_of(first), first_thread);
  EXPECT_EQ(thread_of(second), second_thread);

  first.close();
  second.close();
  listener->stop();
  workers.shut_down();
  work.reset();
  accept_thread.join();
}

}  // namespace
}  // namespace eddy
