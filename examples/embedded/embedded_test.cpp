// Eddy linked into a C++ unit test: the emulator runs in-process, driven directly with
// Emulator::call, and is also served on a free port to anything that speaks HTTP.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <string>

#include "eddy/emulator.hpp"
#include "eddy/server.hpp"

namespace {

// A minimal HTTP/1.1 exchange over a blocking socket: enough for a test, no SDK needed.
std::string post(std::uint16_t port, const std::string& target, const std::string& body) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket(io);
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  std::string request = "POST / HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                        "\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: " + target +
                        "\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) +
                        "\r\n\r\n" + body;
  boost::asio::write(socket, boost::asio::buffer(request));
  std::string response;
  boost::system::error_code ec;
  char chunk[4096];
  while (std::size_t n = socket.read_some(boost::asio::buffer(chunk), ec))
    response.append(chunk, n);
  return response;
}

std::string body_of(const std::string& response) {
  return response.substr(response.find("\r\n\r\n") + 4);
}

TEST(Embedded, CallsInProcessAndServesOnAFreePort) {
  eddy::Emulator emu;
  eddy::Server server(emu, {.host = "127.0.0.1", .port = 0});
  ASSERT_NE(server.port(), 0);

  auto queues = emu.call("sqs", "ListQueues");
  EXPECT_TRUE(queues["QueueUrls"].is_array());

  std::string response = post(server.port(), "AmazonSQS.ListQueues", "{}");
  EXPECT_EQ(response.rfind("HTTP/1.1 200", 0), 0u) << response;
  EXPECT_TRUE(eddy::json::parse(body_of(response))["QueueUrls"].is_array());

  server.stop();
}

TEST(Embedded, UnknownOperationsThrowAwsErrors) {
  eddy::Emulator emu;
  try {
    emu.call("sqs", "NoSuchOperation");
    FAIL() << "expected an AwsError";
  } catch (const eddy::AwsError& error) {
    EXPECT_EQ(error.code(), "UnknownOperationException");
    EXPECT_EQ(error.http_status(), 400);
  }
}

}  // namespace
