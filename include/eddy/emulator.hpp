#pragma once
// The emulator: store, clock, background work and every service, in-process. A program or a test
// can drive it with call() and no socket at all; eddy::Server serves it to real SDKs.
#include <memory>
#include <string>
#include <string_view>

#include "eddy/aws_error.hpp"
#include "eddy/config.hpp"
#include "eddy/json.hpp"
#include "eddy/lambda_handler.hpp"

namespace eddy {

class EmulatorCore;

// Who is calling and where: what SigV4's credential scope and the Host header give over HTTP.
struct CallOptions {
  std::string account = "000000000000";
  std::string region = "us-east-1";
  std::string host = "localhost:4566";  // host part of the URLs Eddy hands out (queue URLs)
};

class Emulator {
 public:
  explicit Emulator(EmulatorConfig config = {});
  ~Emulator();
  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;

  // Runs one operation to completion (a long poll waits) and returns its output, shaped as the
  // AWS API reference shapes it. Throws AwsError exactly as the service would answer.
  json call(std::string_view service, std::string_view operation, json input = json::object(),
            const CallOptions& options = {});

  Clock& clock();
  // Native Lambda handlers by function name: a function created through Lambda whose name has
  // one runs it in-process.
  LambdaHandlers& lambda_handlers();
  // Empties every service in every account and region, as POST /_eddy/reset does: a test's
  // fixture can start each test from nothing without a new emulator.
  void reset();
  // Ends waiting long polls at once and stops background work, ahead of a final Server::stop().
  void shutdown();
  EmulatorCore& core() { return *core_; }

 private:
  std::unique_ptr<EmulatorCore> core_;
};

}  // namespace eddy
