#pragma once
// Event-source mappings driven through a real in-process Emulator (its SQS, Kinesis and DynamoDB
// Streams on a ManualClock) and a fake LambdaApi that records every event it is given and answers
// as the test says: success, a function error, a throttle, or a chosen response payload.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/base64.hpp"
#include "eddy/aws_error.hpp"
#include "eddy/clock.hpp"
#include "eddy/emulator.hpp"
#include "emulator/emulator_core.hpp"
#include "eventually.hpp"
#include "services/dynamodbstreams/dynamodbstreams_service.hpp"
#include "services/kinesis/kinesis_service.hpp"
#include "services/lambda/event_sources/event_source_mappings.hpp"
#include "services/lambda/lambda_api.hpp"
#include "services/sqs/sqs_service.hpp"

namespace eddy::esm_test {

using services::lambda::InvokeRequest;
using services::lambda::InvokeResult;
namespace es = services::lambda::event_sources;

inline constexpr const char* kAccount = "000000000000";
inline constexpr const char* kRegion = "us-east-1";

// How the fake function answers one invocation.
struct Answer {
  enum class Kind { success, function_error, throttle } kind = Kind::success;
  std::string payload = "null";

  static Answer ok(std::string payload = "null") { return {Kind::success, std::move(payload)}; }
  static Answer fail() { return {Kind::function_error, R"({"errorMessage":"boom"})"}; }
  static Answer throttle() { return {Kind::throttle, ""}; }
};

class FakeLambda final : public services::lambda::LambdaApi {
 public:
  std::optional<std::string> resolve(const std::string& account, const std::string& region,
                                     const std::string& function,
                                     const std::optional<std::string>&) override {
    std::string name = function;
    if (auto colon = name.rfind(':'); colon != std::string::npos) name = name.substr(colon + 1);
    std::lock_guard lock(mutex_);
    if (std::find(functions_.begin(), functions_.end(), name) == functions_.end())
      return std::nullopt;
    return fmt::format("arn:aws:lambda:{}:{}:function:{}", region, account, name);
  }

  Awaitable<InvokeResult> invoke(InvokeRequest request) override {
    Answer answer;
    {
      std::lock_guard lock(mutex_);
      ++attempts_;
      if (!script_.empty()) {
        answer = script_.front();
        script_.pop_front();
      } else if (responder_) {
        answer = responder_(json::parse(request.payload));
      }
      if (answer.kind != Answer::Kind::throttle) events_.push_back(json::parse(request.payload));
    }
    if (answer.kind == Answer::Kind::throttle)
      throw AwsError("TooManyRequestsException", "Rate Exceeded.", 429);
    if (hold_.count() > 0) co_await stay_in_flight();
    while (held_) co_await pause(std::chrono::milliseconds(1));
    InvokeResult result;
    result.payload = answer.payload;
    result.executed_version = "$LATEST";
    if (answer.kind == Answer::Kind::function_error) result.function_error = "Unhandled";
    co_return result;
  }

  void add_function(const std::string& name) {
    std::lock_guard lock(mutex_);
    functions_.push_back(name);
  }
  // Answers in order, then what the responder says, then success.
  void script(std::vector<Answer> answers) {
    std::lock_guard lock(mutex_);
    script_.insert(script_.end(), answers.begin(), answers.end());
  }
  void respond_with(std::function<Answer(const json& event)> responder) {
    std::lock_guard lock(mutex_);
    responder_ = std::move(responder);
  }
  // Each invocation stays in flight this long (wall time) before it answers, holding no thread,
  // so a test sees how many a poller has in flight at once.
  void hold_each_for(std::chrono::milliseconds hold) { hold_ = hold; }
  int max_in_flight() const { return max_in_flight_.load(); }
  // Invocations stay in flight (holding no thread) from hold() until release(), so a test can
  // act while the poller waits for its function.
  void hold() { held_ = true; }
  void release() { held_ = false; }
  // The events the function ran with (throttled invocations are not among them).
  std::vector<json> events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }
  std::size_t event_count() const {
    std::lock_guard lock(mutex_);
    return events_.size();
  }
  int attempts() const {
    std::lock_guard lock(mutex_);
    return attempts_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> functions_;
  std::deque<Answer> script_;
  std::function<Answer(const json&)> responder_;
  std::vector<json> events_;
  int attempts_ = 0;
  std::chrono::milliseconds hold_{0};
  std::atomic<int> in_flight_{0};
  std::atomic<int> max_in_flight_{0};
  std::atomic<bool> held_{false};

  static Awaitable<void> pause(std::chrono::milliseconds length) {
    asio::steady_timer timer(co_await asio::this_coro::executor, length);
    co_await timer.async_wait(asio::use_awaitable);
  }

  Awaitable<void> stay_in_flight() {
    int now = ++in_flight_;
    for (int seen = max_in_flight_.load();
         now > seen && !max_in_flight_.compare_exchange_weak(seen, now);) {
    }
    co_await pause(hold_);
    --in_flight_;
  }
};

// testing::eventually with a longer default: pollers wait for batching windows and retries.
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  return testing::eventually(condition, limit);
}

// True when `condition` stays false for `span` of wall time.
inline bool stays_false(const std::function<bool()>& condition,
                        std::chrono::milliseconds span = std::chrono::milliseconds(300)) {
  return !eventually(condition, span);
}

// One emulator and the mappings over it; reopen() starts both again on the same data directory.
class EsmHarness {
 public:
  explicit EsmHarness(FakeLambda& lambda, std::shared_ptr<ManualClock> clock,
                      std::string data_dir = "")
      : lambda_(lambda), clock_(std::move(clock)), data_dir_(std::move(data_dir)) {
    open();
  }
  ~EsmHarness() { close(); }

  Emulator& emu() { return *emu_; }
  es::EventSourceMappings& mappings() { return *mappings_; }

  void reopen() {
    close();
    open();
  }

 private:
  void open() {
    emu_ = std::make_unique<Emulator>(
        EmulatorConfig{.data_dir = data_dir_, .clock = clock_, .threads = 2});
    auto& core = emu_->core();
    mappings_ = std::make_unique<es::EventSourceMappings>(
        es::EventSourceContext{core.store(), core.clock(), core.notifier(), core.io()},
        es::EventSourceApis{
            .lambda = lambda_,
            .sqs = core.service<services::sqs::SqsService>(),
            .kinesis = core.service<services::kinesis::KinesisService>().api(),
            .dynamodb_streams =
                core.service<services::dynamodbstreams::DynamoDbStreamsService>().api(),
            .function_role = [](const std::string& function_arn) {
              return fmt::format("arn:aws:iam::000000000000:role/role-of-{}",
                                 function_arn.substr(function_arn.rfind(':') + 1));
            }});
    {
      auto lock = core.store().lock();
      mappings_->prepare(core.store().db());
    }
    mappings_->start();
  }
  void close() {
    if (mappings_) mappings_->stop();
    mappings_.reset();
    emu_.reset();
  }

  FakeLambda& lambda_;
  std::shared_ptr<ManualClock> clock_;
  std::string data_dir_;
  std::unique_ptr<Emulator> emu_;
  std::unique_ptr<es::EventSourceMappings> mappings_;
};

class EsmTest : public ::testing::Test {
 protected:
  EsmTest() { lambda.add_function("fn"); }

  FakeLambda lambda;
  std::shared_ptr<ManualClock> clock =
      std::make_shared<ManualClock>(TimePoint(std::chrono::milliseconds(1'700'000'000'000)));
  EsmHarness harness{lambda, clock};

  Emulator& emu() { return harness.emu(); }
  es::EventSourceMappings& mappings() { return harness.mappings(); }

  json call(const std::string& service, const std::string& operation, json input) {
    return emu().call(service, operation, std::move(input));
  }

  json create(json input) {
    input.emplace("FunctionName", "fn");
    return blocking(mappings().create(input, kAccount, kRegion));
  }
  json update(json input) { return blocking(mappings().update(input, kAccount, kRegion)); }
  json remove(const std::string& uuid) {
    return blocking(mappings().remove({{"UUID", uuid}}, kAccount, kRegion));
  }
  json get(const std::string& uuid) { return mappings().get({{"UUID", uuid}}, kAccount, kRegion); }

  // The AwsError `action` throws.
  template <class Action>
  AwsError error_of(Action action) {
    try {
      action();
    } catch (const AwsError& error) {
      return error;
    }
    ADD_FAILURE() << "no error";
    return AwsError("none", "none");
  }
  AwsError create_error(json input) {
    return error_of([&] { create(std::move(input)); });
  }

  // Runs an operation coroutine to completion on the emulator's executor.
  json blocking(Awaitable<json> operation) {
    auto future = asio::co_spawn(asio::make_strand(emu().core().io()), std::move(operation),
                                 asio::use_future);
    return future.get();
  }

  // SQS helpers.
  std::string create_queue(const std::string& name, json attributes = json::object()) {
    json input = {{"QueueName", name}};
    if (!attributes.empty()) input["Attributes"] = std::move(attributes);
    return call("sqs", "CreateQueue", input)["QueueUrl"].get<std::string>();
  }
  std::string queue_arn(const std::string& url) {
    return call("sqs", "GetQueueAttributes",
                {{"QueueUrl", url}, {"AttributeNames", {"QueueArn"}}})["Attributes"]["QueueArn"]
        .get<std::string>();
  }
  json send(const std::string& url, const std::string& body, json extra = json::object()) {
    extra["QueueUrl"] = url;
    extra["MessageBody"] = body;
    return call("sqs", "SendMessage", extra);
  }
  // Messages visible now, up to 10, left invisible for `visibility` seconds.
  json receive(const std::string& url, int visibility = 0) {
    json out = call("sqs", "ReceiveMessage",
                    {{"QueueUrl", url},
                     {"MaxNumberOfMessages", 10},
                     {"VisibilityTimeout", visibility},
                     {"AttributeNames", {"All"}}});
    return out.contains("Messages") ? out["Messages"] : json::array();
  }
  std::int64_t queue_count(const std::string& url, const std::string& attribute) {
    auto value = call("sqs", "GetQueueAttributes",
                      {{"QueueUrl", url}, {"AttributeNames", {attribute}}})["Attributes"][attribute]
                     .get<std::string>();
    return std::stoll(value);
  }

  // Kinesis helpers.
  std::string create_stream(const std::string& name, int shards = 1) {
    call("kinesis", "CreateStream", {{"StreamName", name}, {"ShardCount", shards}});
    return call("kinesis", "DescribeStreamSummary",
                {{"StreamName", name}})["StreamDescriptionSummary"]["StreamARN"]
        .get<std::string>();
  }
  json put_record(const std::string& stream, const std::string& data, const std::string& key) {
    return call("kinesis", "PutRecord",
                {{"StreamName", stream}, {"Data", base64_of(data)}, {"PartitionKey", key}});
  }
  static std::string base64_of(const std::string& text) { return base64::encode(text); }

  // DynamoDB helpers.
  std::string create_stream_table(const std::string& name) {
    json request = {{"TableName", name},
                    {"KeySchema", {{{"AttributeName", "id"}, {"KeyType", "HASH"}}}},
                    {"AttributeDefinitions", {{{"AttributeName", "id"}, {"AttributeType", "S"}}}},
                    {"BillingMode", "PAY_PER_REQUEST"},
                    {"StreamSpecification",
                     {{"StreamEnabled", true}, {"StreamViewType", "NEW_AND_OLD_IMAGES"}}}};
    return call("dynamodb", "CreateTable", request)["TableDescription"]["LatestStreamArn"];
  }
  void put_item(const std::string& table, const std::string& id, json extra = json::object()) {
    extra["id"] = {{"S", id}};
    call("dynamodb", "PutItem", {{"TableName", table}, {"Item", extra}});
  }

  // Every record the function was given, in order.
  std::vector<json> delivered_records() {
    std::vector<json> out;
    for (const json& event : lambda.events())
      for (const json& record : event["Records"]) out.push_back(record);
    return out;
  }
};

}  // namespace eddy::esm_test
