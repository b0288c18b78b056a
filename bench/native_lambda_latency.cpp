// Latency from SQS SendMessage to a warm native Lambda handler's side effect being visible.
//
// An in-process Eddy is served on a free port; a function whose invocations run a native C++
// handler sits behind an SQS event-source mapping (BatchSize 1). Each sample sends one message
// over HTTP, as an SDK would (a kept-alive connection, AWS's JSON protocol), and waits until the
// handler has recorded it. Prints {"samples": N, "p50_ms": ..., "p99_ms": ...} as one JSON line.
//
//   build/bin/native_lambda_latency [samples]
// Before Asio, which uses std::exchange without including <utility>.
#include <utility>

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

#include "eddy/emulator.hpp"
#include "eddy/server.hpp"

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using Clock = std::chrono::steady_clock;

// What the handler did, for the sender to see: the bodies it has handled so far.
struct SideEffect {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::string> bodies;

  void record(const std::string& body) {
    {
      std::lock_guard lock(mutex);
      bodies.push_back(body);
    }
    changed.notify_all();
  }
  bool wait_for(const std::string& body, std::chrono::seconds timeout) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, timeout, [&] {
      return std::find(bodies.begin(), bodies.end(), body) != bodies.end();
    });
  }
};

// One kept-alive HTTP/1.1 connection sending SQS requests in AWS's JSON protocol.
class SqsConnection {
 public:
  explicit SqsConnection(std::uint16_t port) : socket_(io_) {
    socket_.connect({asio::ip::make_address("127.0.0.1"), port});
    host_ = "127.0.0.1:" + std::to_string(port);
  }

  eddy::json call(const std::string& operation, const eddy::json& input) {
    http::request<http::string_body> request(http::verb::post, "/", 11);
    request.set(http::field::host, host_);
    request.set(http::field::content_type, "application/x-amz-json-1.0");
    request.set("X-Amz-Target", "AmazonSQS." + operation);
    request.body() = input.dump();
    request.prepare_payload();
    http::write(socket_, request);
    http::response<http::string_body> response;
    http::read(socket_, buffer_, response);
    if (response.result() != http::status::ok)
      throw std::runtime_error(operation + " failed: " + response.body());
    return eddy::json::parse(response.body());
  }

 private:
  asio::io_context io_;
  asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
  std::string host_;
};

double percentile(const std::vector<double>& sorted, double fraction) {
  auto index = static_cast<std::size_t>(fraction * static_cast<double>(sorted.size() - 1));
  return sorted[index];
}

}  // namespace

int main(int argc, char** argv) {
  const int samples = argc > 1 ? std::stoi(argv[1]) : 1000;
  const int warmup = 20;  // the first ones start the mapping's poller and settle the connection

  eddy::Emulator emu;
  eddy::Server server(emu, {.host = "127.0.0.1", .port = 0, .log_requests = false});

  SideEffect effect;
  emu.call(
      "lambda", "CreateFunction",
      {{"FunctionName", "native-relay"},
       {"Runtime", "provided.al2023"},
       {"Handler", "native"},
       {"Role", "arn:aws:iam::000000000000:role/bench"},
       // A zip holding one small file: the handler is native, so it is never unpacked.
       {"Code",
        {{"ZipFile",
          "UEsDBBQAAAAAAFMOfl23HYjABgAAAAYAAAALAAAAaGFuZGxlci50eHRuYXRpdmVQSwECFAMUAAAAAABTDn5d"
          "tx2IwAYAAAAGAAAACwAAAAAAAAAAAAAAgAEAAAAAaGFuZGxlci50eHRQSwUGAAAAAAEAAQA5AAAALwAAAAA"
          "A"}}}});
  emu.lambda_handlers().set("native-relay", [&](const eddy::json& event, eddy::LambdaContext&) {
    for (const auto& record : event["Records"]) effect.record(record["body"].get<std::string>());
    return eddy::json::object();
  });

  SqsConnection sqs(server.port());
  std::string url = sqs.call("CreateQueue", {{"QueueName", "native-in"}})["QueueUrl"];
  std::string arn =
      sqs.call("GetQueueAttributes",
               {{"QueueUrl", url}, {"AttributeNames", {"QueueArn"}}})["Attributes"]["QueueArn"];
  emu.call("lambda", "CreateEventSourceMapping",
           {{"EventSourceArn", arn}, {"FunctionName", "native-relay"}, {"BatchSize", 1}});

  std::vector<double> latencies;
  latencies.reserve(static_cast<std::size_t>(samples));
  for (int i = 0; i < samples + warmup; ++i) {
    std::string body = "m" + std::to_string(i);
    auto began = Clock::now();
    sqs.call("SendMessage", {{"QueueUrl", url}, {"MessageBody", body}});
    if (!effect.wait_for(body, std::chrono::seconds(10))) {
      std::fprintf(stderr, "the handler never saw message %s within 10 s\n", body.c_str());
      return 1;
    }
    if (i >= warmup)
      latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - began).count());
  }
  std::sort(latencies.begin(), latencies.end());
  std::printf("%s\n", eddy::json{{"samples", samples},
                                 {"p50_ms", percentile(latencies, 0.50)},
                                 {"p99_ms", percentile(latencies, 0.99)}}
                          .dump()
                          .c_str());
  server.stop();
  emu.shutdown();
  return 0;
}
