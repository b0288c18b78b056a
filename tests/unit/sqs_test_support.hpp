#pragma once
// An in-process Emulator on a ManualClock for SQS unit tests, with small helpers.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <string>

#include "eddy/clock.hpp"
#include "eddy/emulator.hpp"

namespace eddy::sqs_test {

// "m" and 3 -> "m3" (fmt: GCC 12 misreads "literal" + std::string under -O2 as an overflow).
inline std::string numbered(const char* prefix, int i) {
  return fmt::format("{}{}", prefix, i);
}

class SqsTest : public ::testing::Test {
 protected:
  std::shared_ptr<ManualClock> clock =
      std::make_shared<ManualClock>(TimePoint(std::chrono::milliseconds(1'700'000'000'000)));
  Emulator emu{EmulatorConfig{.data_dir = "", .clock = clock, .threads = 2}};

  json sqs(const std::string& operation, json input = json::object(),
           const CallOptions& options = {}) {
    return emu.call("sqs", operation, std::move(input), options);
  }

  std::string create_queue(const std::string& name, json attributes = json::object()) {
    json input = {{"QueueName", name}};
    if (!attributes.empty()) input["Attributes"] = std::move(attributes);
    return sqs("CreateQueue", input)["QueueUrl"].get<std::string>();
  }

  std::string create_fifo_queue(const std::string& name, json attributes = json::object()) {
    attributes["FifoQueue"] = "true";
    return create_queue(name, std::move(attributes));
  }

  std::string arn_of(const std::string& url) {
    return sqs("GetQueueAttributes",
               {{"QueueUrl", url}, {"AttributeNames", {"QueueArn"}}})["Attributes"]["QueueArn"]
        .get<std::string>();
  }

  json send(const std::string& url, const std::string& body, json extra = json::object()) {
    extra["QueueUrl"] = url;
    extra["MessageBody"] = body;
    return sqs("SendMessage", extra);
  }

  // The messages of one ReceiveMessage (an empty array when none).
  json receive(const std::string& url, json extra = json::object()) {
    extra["QueueUrl"] = url;
    json out = sqs("ReceiveMessage", extra);
    return out.contains("Messages") ? out["Messages"] : json::array();
  }

  std::string count(const std::string& url, const std::string& attribute) {
    return sqs("GetQueueAttributes",
               {{"QueueUrl", url}, {"AttributeNames", {attribute}}})["Attributes"][attribute]
        .get<std::string>();
  }

  // The error an operation fails with; fails the test when it succeeds.
  AwsError error_of(const std::string& operation, json input, const CallOptions& options = {}) {
    try {
      json out = sqs(operation, std::move(input), options);
      ADD_FAILURE() << operation << " succeeded: " << out.dump();
    } catch (const AwsError& error) {
      return error;
    }
    return AwsError("none", "none");
  }

  void advance(std::chrono::milliseconds by) { clock->advance(by); }
};

}  // namespace eddy::sqs_test
