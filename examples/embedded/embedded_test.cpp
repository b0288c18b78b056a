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

  // In-process: create a queue and send a reading, no socket involved.
  auto queue = emu.call("sqs", "CreateQueue", {{"QueueName", "readings"}});
  std::string url = queue["QueueUrl"];
  auto sent = emu.call("sqs", "SendMessage", {{"QueueUrl", url}, {"MessageBody", "71.5 dB"}});
  EXPECT_EQ(sent["MD5OfMessageBody"], "08ae11f37bae856744c002d59bfe4d6e") << sent.dump();

  // Over HTTP, as an SDK would: the same emulator answers.
  std::string response = post(server.port(), "AmazonSQS.ReceiveMessage",
                              eddy::json{{"QueueUrl", url}, {"WaitTimeSeconds", 1}}.dump());
  ASSERT_EQ(response.rfind("HTTP/1.1 200", 0), 0u) << response;
  auto received = eddy::json::parse(body_of(response));
  ASSERT_EQ(received["Messages"].size(), 1u);
  EXPECT_EQ(received["Messages"][0]["Body"], "71.5 dB");
  EXPECT_EQ(received["Messages"][0]["MessageId"], sent["MessageId"]);

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
