// Invoke over HTTP with native handlers: the REST route's raw payload body, its response headers
// (X-Amz-Executed-Version, X-Amz-Function-Error, X-Amz-Log-Result), Event's 202, and a throttle's
// 429 with its Reason, as SDKs read them.
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "core/asio.hpp"
#include "core/base64.hpp"
#include "eddy/server.hpp"
#include "lambda_test_support.hpp"

using namespace eddy;
using namespace eddy::lambda_test;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

class LambdaHttpInvokeTest : public ::testing::Test {
 protected:
  LambdaEmulator e;
  Server server{e.emu, ServerConfig{.host = "127.0.0.1", .port = 0, .log_requests = false}};

  http::response<http::string_body> invoke(
      const std::string& function, const std::string& payload,
      std::vector<std::pair<std::string, std::string>> headers = {}) {
    asio::io_context client_io;
    beast::tcp_stream stream(client_io);
    stream.expires_after(std::chrono::seconds(10));
    stream.connect({asio::ip::make_address("127.0.0.1"), server.port()});
    http::request<http::string_body> request{
        http::verb::post, "/2015-03-31/functions/" + function + "/invocations", 11};
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::content_type, "application/json");
    for (const auto& [name, value] : headers) request.set(name, value);
    request.body() = payload;
    request.prepare_payload();
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    return response;
  }
};

}  // namespace

TEST_F(LambdaHttpInvokeTest, TheResultIsTheRawBodyAndTheVersionAHeader) {
  e.create_function("http-echo");
  e.emu.lambda_handlers().set("http-echo", [](const json& event, LambdaContext&) -> json {
    return {{"echo", event}};
  });
  auto response = invoke("http-echo", R"({"a":[1,2]})");
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(json::parse(response.body()), json::parse(R"({"echo":{"a":[1,2]}})"));
  EXPECT_EQ(response["X-Amz-Executed-Version"], "$LATEST");
  EXPECT_EQ(response.count("X-Amz-Function-Error"), 0u);
  EXPECT_EQ(response.count("X-Amz-Log-Result"), 0u);
}

TEST_F(LambdaHttpInvokeTest, AFailureIsFlaggedInAHeaderWithTheLogTail) {
  e.create_function("http-fails");
  e.emu.lambda_handlers().set("http-fails", [](const json&, LambdaContext&) -> json {
    throw LambdaFunctionError("Oops", "over http");
  });
  auto response = invoke("http-fails", "{}", {{"X-Amz-Log-Type", "Tail"}});
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response["X-Amz-Function-Error"], "Unhandled");
  EXPECT_EQ(json::parse(response.body())["errorType"], "Oops");
  auto log = base64::decode(std::string(response["X-Amz-Log-Result"]));
  ASSERT_TRUE(log);
  EXPECT_NE(log->find("over http"), std::string::npos) << *log;
}

TEST_F(LambdaHttpInvokeTest, EventIsAcceptedWith202AndAnEmptyBody) {
  e.create_function("http-event");
  std::atomic<int> calls{0};
  e.emu.lambda_handlers().set("http-event", [&](const json&, LambdaContext&) -> json {
    ++calls;
    return nullptr;
  });
  auto response = invoke("http-event", "{}", {{"X-Amz-Invocation-Type", "Event"}});
  EXPECT_EQ(response.result_int(), 202);
  EXPECT_EQ(response.body(), "");
  EXPECT_TRUE(eventually([&] { return calls == 1; }));
}

TEST_F(LambdaHttpInvokeTest, AThrottleIs429WithItsReason) {
  e.create_function("http-throttled");
  e.lambda("PutFunctionConcurrency",
           {{"FunctionName", "http-throttled"}, {"ReservedConcurrentExecutions", 0}});
  auto response = invoke("http-throttled", "{}");
  EXPECT_EQ(response.result_int(), 429);
  EXPECT_EQ(response["x-amzn-ErrorType"], "TooManyRequestsException");
  json body = json::parse(response.body());
  EXPECT_EQ(body["Reason"], "ReservedFunctionConcurrentInvocationLimitExceeded");
  EXPECT_EQ(body["message"], "Rate Exceeded.");
  EXPECT_EQ(body["Type"], "User");
}
