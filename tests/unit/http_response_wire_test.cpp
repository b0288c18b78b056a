// What an HTTP/1.x connection sends back, byte for byte: the session writes its answers itself
// (http/response_wire.hpp) and parses a body that came with its header without another read, so
// these check the framing clients depend on: Content-Length or none, Connection for HTTP/1.0 and
// 1.1, headers replaced rather than repeated, and pipelined or split requests answered in order.
#include <gtest/gtest.h>

#include <thread>

#include "http/listener.hpp"
#include "http/response_wire.hpp"

namespace eddy {
namespace {

// /empty answers 204; anything else echoes its path and body, with a header the test names.
class WireEchoHandler : public RequestHandler {
 public:
  std::size_t body_limit(const protocol::HttpRequest&) const override { return 1024; }
  Awaitable<protocol::HttpResponse> handle(const protocol::HttpRequest& request) override {
    protocol::HttpResponse out;
    if (request.path() == "/empty") {
      out.status = 204;
      co_return out;
    }
    out.content_type = "text/plain";
    out.body = std::string(request.path()) + ":" + std::string(request.body);
    co_return out;
  }
};

class ResponseWireTest : public ::testing::Test {
 protected:
  void SetUp() override {
    listener_ =
        std::make_shared<Listener>(io_.get_executor(), ServerConfig{.host = "127.0.0.1", .port = 0},
                                   std::make_shared<WireEchoHandler>());
    listener_->start();
    thread_ = std::thread([this] { io_.run(); });
    socket_.connect({asio::ip::make_address("127.0.0.1"), listener_->port()});
  }
  void TearDown() override {
    boost::system::error_code ignored;
    socket_.close(ignored);
    listener_->stop();
    work_.reset();
    thread_.join();
  }

  void send(std::string_view bytes) { asio::write(socket_, asio::buffer(bytes)); }

  // Reads until `expected` bytes arrived (or the server closed), and returns them.
  std::string receive(std::size_t expected) {
    std::string received;
    char chunk[4096];
    boost::system::error_code ec;
    while (received.size() < expected && !ec) {
      std::size_t n = socket_.read_some(asio::buffer(chunk), ec);
      received.append(chunk, n);
    }
    return received;
  }

  // Whether the server closed the connection (a read returns end of file).
  bool closed_by_server() {
    char byte;
    boost::system::error_code ec;
    socket_.read_some(asio::buffer(&byte, 1), ec);
    return ec == asio::error::eof;
  }

  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(io_);
  std::shared_ptr<Listener> listener_;
  std::thread thread_;
  asio::io_context client_io_;
  asio::ip::tcp::socket socket_{client_io_};
};

TEST_F(ResponseWireTest, AnHttp11AnswerCarriesItsLengthAndKeepsTheConnection) {
  send("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
  std::string expected =
      "HTTP/1.1 200 OK\r\nServer: eddy\r\nContent-Type: text/plain\r\nContent-Length: 8\r\n\r\n"
      "/a:hello";
  EXPECT_EQ(receive(expected.size()), expected);
  send("GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
  expected =
      "HTTP/1.1 200 OK\r\nServer: eddy\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\n"
      "/b:";
  EXPECT_EQ(receive(expected.size()), expected);
}

TEST_F(ResponseWireTest, PipelinedRequestsInOneSegmentAreEachAnsweredInOrder) {
  send(
      "POST /one HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
      "POST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nde"
      "GET /three HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  std::string expected =
      "HTTP/1.1 200 OK\r\nServer: eddy\r\nContent-Type: text/plain\r\nContent-Length: 8\r\n\r\n"
      "/one:abc"
      "HTTP/1.1 200 OK\r\nServer: eddy\r\nContent-Type: text/plain\r\nContent-Length: 7\r\n\r\n"
      "/two:de"
      "HTTP/1.1 200 OK\r\nServer: eddy\r\nContent-Type: text/plain\r\nConnection: close\r\n"
      "Content-Length: 7\r\n\r\n/three:";
  EXPECT_EQ(receive(expected.size()), expected);
  EXPECT_TRUE(closed_by_server());
}

TEST_F(ResponseWireTest, ABodyThatArrivesInPiecesIsReadWhole) {
  send("POST /split HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123");
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  send("456789");
  std::string expected =
      "HTTP/1.1 200 OK\r\nServer: eddy\r\nContent-Type: text/plain\r\nContent-Length: 17\r\n\r\n"
      "/split:0123456789";
  EXPECT_EQ(receive(expected.size()), expected);
}

TEST_F(ResponseWireTest, AChunkedBodyIsReadWhole) {
  send(
      "POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
  std::string expected =
      "HTTP/1.1 200 OK\r\nServer: eddy\r\nContent-Type: text/plain\r\nContent-Length: 14\r\n\r\n"
      "/chunked:abcde";
  EXPECT_EQ(receive(expected.size()), expected);
}

TEST_F(ResponseWireTest, AHeadAnswerHasTheLengthOfTheGetButNoBody) {
  // Without the fix the body of the first answer was read as the start of the second.
  send(
      "HEAD /one HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /two HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  std::string expected =
      "HTTP/1.1 200 OK\r\nServer: eddy\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n"
      "HTTP/1.1 200 OK\r\nServer: eddy\r\nContent-Type: text/plain\r\nConnection: close\r\n"
      "Content-Length: 5\r\n\r\n/two:";
  EXPECT_EQ(receive(expected.size()), expected);
  EXPECT_TRUE(closed_by_server());
}

TEST_F(ResponseWireTest, NoContentHasNeitherLengthNorBody) {
  send("DELETE /empty HTTP/1.1\r\nHost: x\r\n\r\nGET /after HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string expected =
      "HTTP/1.1 204 No Content\r\nServer: eddy\r\n\r\n"
      "HTTP/1.1 200 OK\r\nServer: eddy\r\nContent-Type: text/plain\r\nContent-Length: 7\r\n\r\n"
      "/after:";
  EXPECT_EQ(receive(expected.size()), expected);
}

TEST_F(ResponseWireTest, AnHttp10ClientAskingForKeepAliveIsToldSoAndKept) {
  send("GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  std::string expected =
      "HTTP/1.0 200 OK\r\nServer: eddy\r\nContent-Type: text/plain\r\nConnection: keep-alive\r\n"
      "Content-Length: 5\r\n\r\n/old:";
  EXPECT_EQ(receive(expected.size()), expected);
  send("GET /again HTTP/1.0\r\n\r\n");
  expected =
      "HTTP/1.0 200 OK\r\nServer: eddy\r\nContent-Type: text/plain\r\nContent-Length: 7\r\n\r\n"
      "/again:";
  EXPECT_EQ(receive(expected.size()), expected);
  EXPECT_TRUE(closed_by_server());
}

TEST(ResponseWire, AHeaderNamedTwiceKeepsItsLastValueAndMayReplaceServerAndContentType) {
  protocol::HttpResponse response;
  response.status = 400;
  response.content_type = "application/json";
  response.headers = {{"x-amzn-RequestId", "first"},
                      {"Content-Type", "text/xml"},
                      {"X-AMZN-REQUESTID", "second"},
                      {"server", "other"}};
  response.body = "{}";
  EXPECT_EQ(http_wire::serialize_response(std::move(response), 11, true),
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/xml\r\nX-AMZN-REQUESTID: second\r\n"
            "server: other\r\nContent-Length: 2\r\n\r\n{}");
}

// An AWS answer's request id goes first after Content-Type, and a header naming it again wins.
TEST(ResponseWire, TheRequestIdFollowsContentTypeUnlessAHeaderNamesItAgain) {
  protocol::HttpResponse response;
  response.content_type = "application/x-amz-json-1.0";
  response.request_id = "id-1";
  response.headers = {{"x-amzn-query-error", "Code;Sender"}};
  response.body = "{}";
  EXPECT_EQ(
      http_wire::serialize_response(protocol::HttpResponse(response), 11, true),
      "HTTP/1.1 200 OK\r\nServer: eddy\r\nContent-Type: application/x-amz-json-1.0\r\n"
      "x-amzn-RequestId: id-1\r\nx-amzn-query-error: Code;Sender\r\nContent-Length: 2\r\n\r\n{}");
  response.headers.emplace_back("X-Amzn-RequestId", "id-2");
  EXPECT_EQ(
      http_wire::serialize_response(protocol::HttpResponse(response), 11, true),
      "HTTP/1.1 200 OK\r\nServer: eddy\r\nContent-Type: application/x-amz-json-1.0\r\n"
      "x-amzn-query-error: Code;Sender\r\nX-Amzn-RequestId: id-2\r\nContent-Length: 2\r\n\r\n{}");
  response.request_id.clear();
  response.headers.clear();
  EXPECT_EQ(http_wire::serialize_response(std::move(response), 11, true),
            "HTTP/1.1 200 OK\r\nServer: eddy\r\nContent-Type: application/x-amz-json-1.0\r\n"
            "Content-Length: 2\r\n\r\n{}");
}

}  // namespace
}  // namespace eddy
