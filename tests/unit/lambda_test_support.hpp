#pragma once
// Shared pieces of the Lambda unit tests: an emulator on a manual clock whose functions run on
// native handlers, a tiny deployment package, and waiting for background work.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "eddy/clock.hpp"
#include "eddy/emulator.hpp"
#include "eventually.hpp"

namespace eddy::lambda_test {

// A zip holding handler.txt: CreateFunction only checks that it is a readable zip.
inline const char* kPackageBase64 =
    "UEsDBBQAAAAAAFMOfl23HYjABgAAAAYAAAALAAAAaGFuZGxlci50eHRuYXRpdmVQSwECFAMUAAAAAABTDn5dtx2IwAYA"
    "AAAGAAAACwAAAAAAAAAAAAAAgAEAAAAAaGFuZGxlci50eHRQSwUGAAAAAAEAAQA5AAAALwAAAAAA";
inline const std::string kAccount = "000000000000";

inline std::string function_arn(const std::string& name) {
  return "arn:aws:lambda:us-east-1:" + kAccount + ":function:" + name;
}

struct LambdaEmulator {
  std::shared_ptr<ManualClock> clock =
      std::make_shared<ManualClock>(TimePoint(std::chrono::milliseconds(1'700'000'000'000)));
  Emulator emu;
  explicit LambdaEmulator(std::string data_dir = {}, std::int64_t concurrency_limit = 1000,
                          unsigned threads = 4)
      : emu(EmulatorConfig{.data_dir = std::move(data_dir),
                           .clock = clock,
                           .threads = threads,
                           .lambda_concurrency_limit = concurrency_limit}) {}

  json lambda(std::string_view operation, json input = json::object()) {
    return emu.call("lambda", operation, std::move(input));
  }

  json create_function(const std::string& name, json extra = json::object()) {
    extra["FunctionName"] = name;
    extra["Runtime"] = "python3.12";
    extra["Handler"] = "app.handler";
    extra["Role"] = "arn:aws:iam::000000000000:role/r";
    extra["Code"] = {{"ZipFile", kPackageBase64}};
    return lambda("CreateFunction", extra);
  }

  json invoke(const std::string& name, const json& event, json extra = json::object()) {
    extra["FunctionName"] = name;
    extra["Payload"] = event.dump();
    return lambda("Invoke", extra);
  }

  std::string create_queue(const std::string& name) {
    std::string url = emu.call("sqs", "CreateQueue", {{"QueueName", name}})["QueueUrl"];
    return emu.call(
        "sqs", "GetQueueAttributes",
        {{"QueueUrl", url}, {"AttributeNames", {"QueueArn"}}})["Attributes"]["QueueArn"];
  }

  // The messages on queue `name` now (received, so hidden for the queue's visibility timeout).
  json receive(const std::string& name, json extra = json::object()) {
    extra["QueueUrl"] = "http://localhost:4566/" + kAccount + "/" + name;
    extra["MaxNumberOfMessages"] = 10;
    json out = emu.call("sqs", "ReceiveMessage", extra);
    return out.contains("Messages") ? out["Messages"] : json::array();
  }
};

using testing::eventually;

// Moves the manual clock `step` at a time until `condition` holds (or `limit` is spent), so
// background work falls due however its own writes interleave with the test.
inline bool advance_until(ManualClock& clock, const std::function<bool()>& condition,
                          std::chrono::milliseconds step, std::chrono::milliseconds limit) {
  for (auto spent = std::chrono::milliseconds(0); spent <= limit; spent += step) {
    if (eventually(condition, std::chrono::milliseconds(20))) return true;
    clock.advance(step);
  }
  return condition();
}

}  // namespace eddy::lambda_test
