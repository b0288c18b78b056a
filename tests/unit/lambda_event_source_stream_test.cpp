// Kinesis and DynamoDB Streams event-source mappings on a ManualClock: records reach the function
// as soon as they are written, in AWS's shapes, in order per shard, from TRIM_HORIZON or LATEST;
// failures are retried, bisected and finally described to the OnFailure queue; FilterCriteria
// drops records; and checkpoints let a restarted emulator go on where it stopped.
#include <filesystem>
#include <set>

#include "lambda_event_source_test_support.hpp"

namespace eddy::esm_test {
namespace {

using std::chrono::seconds;

std::vector<std::string> decoded_data(const std::vector<json>& records) {
  std::vector<std::string> out;
  for (const json& record : records)
    out.push_back(*base64::decode(record["kinesis"]["data"].get<std::string>()));
  return out;
}

TEST_F(EsmTest, KinesisRecordArrivesInAwsShapeWithoutWaitingForAPollInterval) {
  std::string arn = create_stream("s");
  create({{"EventSourceArn", arn}, {"StartingPosition", "LATEST"}});
  json put = put_record("s", "payload", "pk");
  ASSERT_TRUE(eventually([&] { return lambda.event_count() == 1; }));
  json record = lambda.events()[0]["Records"][0];
  std::string shard = put["ShardId"];
  std::string sequence = put["SequenceNumber"];
  EXPECT_EQ(record["kinesis"]["kinesisSchemaVersion"], "1.0");
  EXPECT_EQ(record["kinesis"]["partitionKey"], "pk");
  EXPECT_EQ(record["kinesis"]["sequenceNumber"], sequence);
  EXPECT_EQ(record["kinesis"]["data"], base64_of("payload"));
  EXPECT_DOUBLE_EQ(record["kinesis"]["approximateArrivalTimestamp"].get<double>(), 1'700'000'000.0);
  EXPECT_EQ(record["eventSource"], "aws:kinesis");
  EXPECT_EQ(record["eventVersion"], "1.0");
  EXPECT_EQ(record["eventID"], shard + ":" + sequence);
  EXPECT_EQ(record["eventName"], "aws:kinesis:record");
  EXPECT_EQ(record["invokeIdentityArn"], "arn:aws:iam::000000000000:role/role-of-fn");
  EXPECT_EQ(record["awsRegion"], "us-east-1");
  EXPECT_EQ(record["eventSourceARN"], arn);
}

TEST_F(EsmTest, LatestSkipsWhatWasThereAndTrimHorizonReadsIt) {
  lambda.add_function("from-start");
  std::string arn = create_stream("s");
  put_record("s", "old", "k");
  create({{"EventSourceArn", arn}, {"StartingPosition", "LATEST"}});
  create({{"EventSourceArn", arn},
          {"StartingPosition", "TRIM_HORIZON"},
          {"FunctionName", "from-start"}});
  put_record("s", "new", "k");
  ASSERT_TRUE(eventually([&] { return delivered_records().size() == 3; }));
  std::vector<std::string> seen = decoded_data(delivered_records());
  EXPECT_EQ(std::count(seen.begin(), seen.end(), "old"), 1);
  EXPECT_EQ(std::count(seen.begin(), seen.end(), "new"), 2);
}

TEST_F(EsmTest, RecordsOfAShardArriveInOrderAcrossBatches) {
  std::string arn = create_stream("s", 2);
  for (int i = 0; i < 30; ++i) put_record("s", fmt::format("{}", i), fmt::format("key-{}", i % 5));
  create({{"EventSourceArn", arn}, {"StartingPosition", "TRIM_HORIZON"}, {"BatchSize", 4}});
  ASSERT_TRUE(eventually([&] { return delivered_records().size() == 30; }));
  std::map<std::string, std::vector<std::string>> by_shard;
  for (const json& event : lambda.events()) {
    EXPECT_LE(event["Records"].size(), 4u);
    for (const json& record : event["Records"]) {
      std::string id = record["eventID"];
      by_shard[id.substr(0, id.find(':'))].push_back(record["kinesis"]["sequenceNumber"]);
    }
  }
  for (const auto& [shard, sequences] : by_shard) {
    auto sorted = sequences;
    std::sort(sorted.begin(), sorted.end(), [](const std::string& a, const std::string& b) {
      return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    EXPECT_EQ(sequences, sorted) << shard;
  }
}

TEST_F(EsmTest, ChildShardsWaitUntilTheirClosedParentIsFinished) {
  std::string arn = create_stream("s");
  put_record("s", "p1", "k");
  put_record("s", "p2", "k");
  call("kinesis", "SplitShard",
       {{"StreamName", "s"},
        {"ShardToSplit", "shardId-000000000000"},
        {"NewStartingHashKey", "170141183460469231731687303715884105728"}});
  put_record("s", "c1", "k");
  create({{"EventSourceArn", arn}, {"StartingPosition", "TRIM_HORIZON"}, {"BatchSize", 1}});
  ASSERT_TRUE(eventually([&] { return delivered_records().size() == 3; }));
  EXPECT_EQ(decoded_data(delivered_records()), (std::vector<std::string>{"p1", "p2", "c1"}));
  // A split after the mapping began: its children start at their beginning once the parent ends.
  std::string open_child = put_record("s", "c2", "k")["ShardId"];
  ASSERT_TRUE(eventually([&] { return delivered_records().size() == 4; }));
  call("kinesis", "SplitShard",
       {{"StreamName", "s"},
        {"ShardToSplit", open_child},
        {"NewStartingHashKey", "300000000000000000000000000000000000000"}});
  put_record("s", "grandchild", "k");
  ASSERT_TRUE(eventually([&] { return delivered_records().size() == 5; }));
  EXPECT_EQ(decoded_data(delivered_records()).back(), "grandchild");
}

TEST_F(EsmTest, FailedBatchIsRetriedThenBisectedThenSentToTheOnFailureQueue) {
  std::string arn = create_stream("s");
  std::string failures_url = create_queue("failures");
  for (const char* data : {"a", "b", "poison", "d"}) put_record("s", data, "k");
  lambda.respond_with([](const json& event) {
    for (const json& record : event["Records"])
      if (*base64::decode(record["kinesis"]["data"].get<std::string>()) == "poison")
        return Answer::fail();
    return Answer::ok();
  });
  create({{"EventSourceArn", arn},
          {"StartingPosition", "TRIM_HORIZON"},
          {"MaximumRetryAttempts", 0},
          {"BisectBatchOnFunctionError", true},
          {"DestinationConfig", {{"OnFailure", {{"Destination", queue_arn(failures_url)}}}}}});
  ASSERT_TRUE(
      eventually([&] { return queue_count(failures_url, "ApproximateNumberOfMessages") == 1; }));
  // [a b poison d] fails, [a b] succeeds, [poison d] fails, [poison] fails and is given up on,
  // [d] succeeds.
  ASSERT_TRUE(eventually([&] { return lambda.event_count() == 5; }));
  std::vector<std::size_t> sizes;
  for (const json& event : lambda.events()) sizes.push_back(event["Records"].size());
  EXPECT_EQ(sizes, (std::vector<std::size_t>{4, 2, 2, 1, 1}));
  json failure = json::parse(receive(failures_url)[0]["Body"].get<std::string>());
  EXPECT_EQ(failure["requestContext"]["condition"], "RetryAttemptsExhausted");
  EXPECT_EQ(failure["requestContext"]["functionArn"],
            "arn:aws:lambda:us-east-1:000000000000:function:fn");
  EXPECT_EQ(failure["requestContext"]["approximateInvokeCount"], 1);
  EXPECT_EQ(failure["responseContext"]["functionError"], "Unhandled");
  EXPECT_EQ(failure["version"], "1.0");
  const json& info = failure["KinesisBatchInfo"];
  EXPECT_EQ(info["shardId"], "shardId-000000000000");
  EXPECT_EQ(info["batchSize"], 1);
  EXPECT_EQ(info["streamArn"], arn);
  EXPECT_EQ(info["startSequenceNumber"], info["endSequenceNumber"]);
  EXPECT_EQ(info["approximateArrivalOfFirstRecord"], "2023-11-14T22:13:20.000Z");
  ASSERT_TRUE(eventually([&] {
    return get(mappings().list(
               json::object(), kAccount,
               kRegion)["EventSourceMappings"][0]["UUID"])["LastProcessingResult"] == "OK";
  }));
}

TEST_F(EsmTest, RetriesWaitOnTheClockUntilMaximumRetryAttempts) {
  std::string arn = create_stream("s");
  put_record("s", "x", "k");
  lambda.respond_with([](const json&) { return Answer::fail(); });
  create(
      {{"EventSourceArn", arn}, {"StartingPosition", "TRIM_HORIZON"}, {"MaximumRetryAttempts", 2}});
  ASSERT_TRUE(eventually([&] { return lambda.event_count() == 1; }));
  ASSERT_TRUE(stays_false([&] { return lambda.event_count() > 1; }));
  clock->advance(seconds(1));
  ASSERT_TRUE(eventually([&] { return lambda.event_count() == 2; }));
  // The second retry waits on the clock too, but may start waiting only after this thread saw the
  // attempt (a single step of the clock then came too early, seen in CI): advance until it runs.
  ASSERT_TRUE(stays_false([&] { return lambda.event_count() > 2; }));
  ASSERT_TRUE(eventually([&] {
    clock->advance(seconds(2));
    return lambda.event_count() >= 3;
  }));
  EXPECT_EQ(lambda.event_count(), 3u);
  // Given up on after the original attempt and two retries: the next record is read.
  lambda.respond_with([](const json&) { return Answer::ok(); });
  put_record("s", "y", "k");
  ASSERT_TRUE(eventually([&] { return lambda.event_count() == 4; }));
  EXPECT_EQ(decoded_data(lambda.events()[3]["Records"]), (std::vector<std::string>{"y"}));
}

TEST_F(EsmTest, RecordsPastMaximumRecordAgeAreGivenUpOn) {
  std::string arn = create_stream("s");
  std::string failures_url = create_queue("failures");
  put_record("s", "stale", "k");
  clock->advance(seconds(120));
  lambda.respond_with([](const json&) { return Answer::fail(); });
  create({{"EventSourceArn", arn},
          {"StartingPosition", "TRIM_HORIZON"},
          {"MaximumRecordAgeInSeconds", 60},
          {"DestinationConfig", {{"OnFailure", {{"Destination", queue_arn(failures_url)}}}}}});
  // Already too old: never handed to the function.
  ASSERT_TRUE(
      eventually([&] { return queue_count(failures_url, "ApproximateNumberOfMessages") == 1; }));
  EXPECT_EQ(lambda.attempts(), 0);
  json received = receive(failures_url, 30)[0];
  call("sqs", "DeleteMessage",
       {{"QueueUrl", failures_url}, {"ReceiptHandle", received["ReceiptHandle"]}});
  json stale = json::parse(received["Body"].get<std::string>());
  EXPECT_EQ(stale["requestContext"]["condition"], "RecordAgeExceeded");
  EXPECT_EQ(stale["requestContext"]["approximateInvokeCount"], 0);

  // A record that ages while its retries fail is given up on once it is too old.
  put_record("s", "fresh", "k");
  ASSERT_TRUE(eventually([&] { return lambda.attempts() == 1; }));
  // The retry may wait on the clock only after this thread saw the attempt: advance until the
  // give-up lands, past the record's 60 s age each time.
  ASSERT_TRUE(eventually([&] {
    clock->advance(seconds(61));
    return queue_count(failures_url, "ApproximateNumberOfMessages") == 1;
  }));
  json aged = json::parse(receive(failures_url)[0]["Body"].get<std::string>());
  EXPECT_EQ(aged["requestContext"]["condition"], "RecordAgeExceeded");
  EXPECT_EQ(aged["requestContext"]["approximateInvokeCount"], 1);
  EXPECT_EQ(aged["responseContext"]["functionError"], "Unhandled");
  EXPECT_EQ(lambda.attempts(), 1);
}

TEST_F(EsmTest, StreamThrottlesDoNotCountAsRetries) {
  std::string arn = create_stream("s");
  put_record("s", "x", "k");
  lambda.script({Answer::throttle(), Answer::throttle(), Answer::ok()});
  create(
      {{"EventSourceArn", arn}, {"StartingPosition", "TRIM_HORIZON"}, {"MaximumRetryAttempts", 0}});
  // A throttle's wait starts on the clock only once the poller has seen the throttle, which may
  // be after the test has seen the attempt: move the clock on until the batch got through.
  ASSERT_TRUE(eventually([&] {
    clock->advance(std::chrono::milliseconds(500));
    return lambda.event_count() == 1;
  }));
  // Two throttles then a success, although MaximumRetryAttempts is 0.
  EXPECT_EQ(lambda.attempts(), 3);
  EXPECT_EQ(decoded_data(delivered_records()), (std::vector<std::string>{"x"}));
}

TEST_F(EsmTest, KinesisFilterCriteriaMatchesDecodedData) {
  std::string arn = create_stream("s");
  create({{"EventSourceArn", arn},
          {"StartingPosition", "LATEST"},
          {"FilterCriteria",
           {{"Filters", {{{"Pattern", R"({"data": {"temp": [{"numeric": [">", 30]}]}})"}}}}}}});
  put_record("s", R"({"temp": 20})", "k");
  put_record("s", R"({"temp": 35})", "k");
  put_record("s", "not json", "k");
  ASSERT_TRUE(eventually([&] { return delivered_records().size() == 1; }));
  EXPECT_EQ(decoded_data(delivered_records()), (std::vector<std::string>{R"({"temp": 35})"}));
  put_record("s", R"({"temp": 40})", "k");
  ASSERT_TRUE(eventually([&] { return delivered_records().size() == 2; }));
}

TEST_F(EsmTest, DynamoDbStreamRecordsArriveAsStreamsShapesThemPlusTheSourceArn) {
  std::string stream_arn = create_stream_table("tbl");
  create({{"EventSourceArn", stream_arn}, {"StartingPosition", "LATEST"}, {"BatchSize", 10}});
  put_item("tbl", "1", {{"v", {{"N", "1"}}}});
  put_item("tbl", "1", {{"v", {{"N", "2"}}}});
  ASSERT_TRUE(eventually([&] { return delivered_records().size() == 2; }));
  auto records = delivered_records();
  EXPECT_EQ(records[0]["eventName"], "INSERT");
  EXPECT_EQ(records[1]["eventName"], "MODIFY");
  EXPECT_EQ(records[0]["eventSource"], "aws:dynamodb");
  EXPECT_EQ(records[0]["eventVersion"], "1.1");
  EXPECT_EQ(records[0]["awsRegion"], "us-east-1");
  EXPECT_EQ(records[0]["eventSourceARN"], stream_arn);
  EXPECT_EQ(records[1]["dynamodb"]["OldImage"]["v"], (json{{"N", "1"}}));
  EXPECT_EQ(records[1]["dynamodb"]["NewImage"]["v"], (json{{"N", "2"}}));
  EXPECT_EQ(records[0]["dynamodb"]["Keys"], (json{{"id", {{"S", "1"}}}}));
  EXPECT_EQ(records[0]["dynamodb"]["StreamViewType"], "NEW_AND_OLD_IMAGES");

  // What GetRecords returns for the same records, with eventSourceARN added, is what arrived.
  std::string shard =
      call("dynamodbstreams", "DescribeStream",
           {{"StreamArn", stream_arn}})["StreamDescription"]["Shards"][0]["ShardId"];
  std::string iterator = call("dynamodbstreams", "GetShardIterator",
                              {{"StreamArn", stream_arn},
                               {"ShardId", shard},
                               {"ShardIteratorType", "TRIM_HORIZON"}})["ShardIterator"];
  json read = call("dynamodbstreams", "GetRecords", {{"ShardIterator", iterator}})["Records"];
  ASSERT_EQ(read.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    json expected = read[i];
    expected["eventSourceARN"] = stream_arn;
    EXPECT_EQ(records[i], expected);
  }
}

TEST_F(EsmTest, DynamoDbFilterOnEventName) {
  std::string stream_arn = create_stream_table("tbl");
  create({{"EventSourceArn", stream_arn},
          {"StartingPosition", "TRIM_HORIZON"},
          {"FilterCriteria", {{"Filters", {{{"Pattern", R"({"eventName": ["REMOVE"]})"}}}}}}});
  put_item("tbl", "1");
  call("dynamodb", "DeleteItem", {{"TableName", "tbl"}, {"Key", {{"id", {{"S", "1"}}}}}});
  ASSERT_TRUE(eventually([&] { return delivered_records().size() == 1; }));
  EXPECT_EQ(delivered_records()[0]["eventName"], "REMOVE");
  ASSERT_TRUE(stays_false([&] { return delivered_records().size() > 1; }));
}

TEST_F(EsmTest, DisabledStreamMappingStopsAndResumesFromItsCheckpoint) {
  std::string arn = create_stream("s");
  std::string uuid = create({{"EventSourceArn", arn}, {"StartingPosition", "LATEST"}})["UUID"];
  put_record("s", "1", "k");
  ASSERT_TRUE(eventually([&] { return delivered_records().size() == 1; }));
  update({{"UUID", uuid}, {"Enabled", false}});
  put_record("s", "2", "k");
  ASSERT_TRUE(stays_false([&] { return delivered_records().size() > 1; }));
  update({{"UUID", uuid}, {"Enabled", true}});
  ASSERT_TRUE(eventually([&] { return delivered_records().size() == 2; }));
  EXPECT_EQ(decoded_data(delivered_records()), (std::vector<std::string>{"1", "2"}));
}

// The records each partition key's invocations carried, in delivery order.
std::map<std::string, std::vector<int>> values_by_key(const std::vector<json>& events) {
  std::map<std::string, std::vector<int>> out;
  for (const json& event : events)
    for (const json& record : event["Records"])
      out[record["kinesis"]["partitionKey"]].push_back(
          std::stoi(*base64::decode(record["kinesis"]["data"].get<std::string>())));
  return out;
}

TEST_F(EsmTest, ParallelizationFactorKeepsBatchesOfAShardInFlightAtOnceInOrderPerKey) {
  std::string arn = create_stream("s");
  for (int i = 0; i < 48; ++i) put_record("s", fmt::format("{}", i), fmt::format("key-{}", i % 8));
  lambda.hold_each_for(std::chrono::milliseconds(40));
  create({{"EventSourceArn", arn},
          {"StartingPosition", "TRIM_HORIZON"},
          {"BatchSize", 3},
          {"ParallelizationFactor", 4}});
  ASSERT_TRUE(eventually([&] { return delivered_records().size() == 48; }));
  EXPECT_GE(lambda.max_in_flight(), 2);
  EXPECT_LE(lambda.max_in_flight(), 4);
  for (const json& event : lambda.events()) EXPECT_LE(event["Records"].size(), 3u);
  auto by_key = values_by_key(lambda.events());
  ASSERT_EQ(by_key.size(), 8u);
  for (const auto& [key, values] : by_key) {
    ASSERT_EQ(values.size(), 6u) << key;
    EXPECT_TRUE(std::is_sorted(values.begin(), values.end())) << key;
  }
}

TEST_F(EsmTest, WithoutParallelizationFactorAShardHasOneBatchInFlight) {
  std::string arn = create_stream("s");
  for (int i = 0; i < 12; ++i) put_record("s", fmt::format("{}", i), fmt::format("key-{}", i % 4));
  lambda.hold_each_for(std::chrono::milliseconds(20));
  create({{"EventSourceArn", arn}, {"StartingPosition", "TRIM_HORIZON"}, {"BatchSize", 2}});
  ASSERT_TRUE(eventually([&] { return delivered_records().size() == 12; }));
  EXPECT_EQ(lambda.max_in_flight(), 1);
}

// True when no value of the sequence comes before every smaller one has come: in order, though a
// retried batch may repeat what came before it.
bool never_skips_ahead(const std::vector<int>& values) {
  std::set<int> seen;
  for (int value : values) {
    for (int earlier : values)
      if (earlier < value && !seen.contains(earlier)) return false;
    seen.insert(value);
  }
  return true;
}

TEST_F(EsmTest, ParallelLanesRetryAFailedBatchBeforeTheirKeyGoesOn) {
  std::string arn = create_stream("s");
  for (int i = 0; i < 16; ++i) put_record("s", fmt::format("{}", i), i % 2 ? "odd" : "even");
  // The batch holding 4 fails twice; every other batch succeeds.
  std::atomic<int> failures_left{2};
  lambda.respond_with([&](const json& event) {
    for (const json& record : event["Records"])
      if (*base64::decode(record["kinesis"]["data"].get<std::string>()) == "4" &&
          failures_left-- > 0)
        return Answer::fail();
    return Answer::ok();
  });
  create({{"EventSourceArn", arn},
          {"StartingPosition", "TRIM_HORIZON"},
          {"BatchSize", 2},
          {"ParallelizationFactor", 10}});
  // Each retry waits on the clock: move it on until every record got through.
  ASSERT_TRUE(eventually([&] {
    clock->advance(seconds(5));
    auto by_key = values_by_key(lambda.events());
    std::set<int> even(by_key["even"].begin(), by_key["even"].end());
    std::set<int> odd(by_key["odd"].begin(), by_key["odd"].end());
    return even.size() == 8 && odd.size() == 8;
  }));
  auto by_key = values_by_key(lambda.events());
  EXPECT_EQ(std::count(by_key["even"].begin(), by_key["even"].end(), 4), 3);
  EXPECT_TRUE(never_skips_ahead(by_key["even"])) << json(by_key["even"]).dump();
  EXPECT_TRUE(never_skips_ahead(by_key["odd"])) << json(by_key["odd"]).dump();
}

// A windowed function that counts the records of its window in its state.
Answer count_records_in_window_state(const json& event) {
  json state = event.value("state", json::object());
  int count = state.value("count", 0) + static_cast<int>(event["Records"].size());
  return Answer::ok(json{{"state", {{"count", count}}}}.dump());
}

TEST_F(EsmTest, TumblingWindowCarriesTheStateThenEndsWithAFinalInvocation) {
  std::string arn = create_stream("s");
  lambda.respond_with(count_records_in_window_state);
  create({{"EventSourceArn", arn},
          {"StartingPosition", "TRIM_HORIZON"},
          {"BatchSize", 2},
          {"TumblingWindowInSeconds", 60}});
  for (int i = 0; i < 5; ++i) put_record("s", fmt::format("{}", i), "k");
  ASSERT_TRUE(eventually([&] { return delivered_records().size() == 5; }));
  // The clock stands at 1,700,000,000 s: the window is [1699999980, 1700000040).
  std::vector<json> events = lambda.events();
  ASSERT_GE(events.size(), 3u);
  json first = events[0];
  EXPECT_EQ(first["window"],
            (json{{"start", "2023-11-14T22:13:00Z"}, {"end", "2023-11-14T22:14:00Z"}}));
  EXPECT_EQ(first["state"], json::object());
  EXPECT_EQ(first["shardId"], "shardId-000000000000");
  EXPECT_EQ(first["eventSourceARN"], arn);
  EXPECT_EQ(first["isFinalInvokeForWindow"], false);
  EXPECT_EQ(first["isWindowTerminatedEarly"], false);
  EXPECT_EQ(events[1]["state"], (json{{"count", first["Records"].size()}}));
  // No final invocation while the window is open.
  ASSERT_TRUE(stays_false([&] {
    for (const json& event : lambda.events())
      if (event["isFinalInvokeForWindow"] == true) return true;
    return false;
  }));
  clock->advance(seconds(41));
  ASSERT_TRUE(eventually([&] { return lambda.events().back()["isFinalInvokeForWindow"] == true; }));
  json final_event = lambda.events().back();
  EXPECT_EQ(final_event["Records"], json::array());
  EXPECT_EQ(final_event["state"], (json{{"count", 5}}));
  EXPECT_EQ(final_event["window"], first["window"]);
  // The next window starts from an empty state.
  std::size_t before = lambda.event_count();
  put_record("s", "5", "k");
  ASSERT_TRUE(eventually([&] { return lambda.event_count() == before + 1; }));
  json next = lambda.events().back();
  EXPECT_EQ(next["window"]["start"], "2023-11-14T22:14:00Z");
  EXPECT_EQ(next["state"], json::object());
  EXPECT_EQ(next["isFinalInvokeForWindow"], false);
}

TEST_F(EsmTest, RecordsReadAfterTheirWindowEndedStillJoinItsOneFinalInvocation) {
  std::string arn = create_stream("s");
  lambda.respond_with(count_records_in_window_state);
  create({{"EventSourceArn", arn},
          {"StartingPosition", "TRIM_HORIZON"},
          {"BatchSize", 10},
          {"TumblingWindowInSeconds", 60}});
  lambda.hold();
  put_record("s", "0", "k");
  ASSERT_TRUE(eventually([&] { return lambda.event_count() == 1; }));
  // While the poller waits for its function, a second record arrives in the window
  // [1699999980, 1700000040), and then the clock passes the window's end.
  put_record("s", "1", "k");
  clock->advance(seconds(41));
  lambda.release();
  auto finals = [&] {
    std::vector<json> out;
    for (const json& event : lambda.events())
      if (event["isFinalInvokeForWindow"] == true) out.push_back(event);
    return out;
  };
  ASSERT_TRUE(eventually([&] { return !finals().empty(); }));
  ASSERT_TRUE(stays_false([&] { return finals().size() > 1; }));
  EXPECT_EQ(finals()[0]["state"], (json{{"count", 2}}));
  EXPECT_EQ(finals()[0]["window"]["start"], "2023-11-14T22:13:00Z");
  EXPECT_EQ(lambda.events().back()["isFinalInvokeForWindow"], true);
}

class EsmRestartTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = std::filesystem::temp_directory_path() /
          fmt::format("eddy-esm-{}-{}", ::getpid(),
                      ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    lambda.add_function("fn");
  }
  void TearDown() override { std::filesystem::remove_all(dir); }

  std::filesystem::path dir;
  FakeLambda lambda;
  std::shared_ptr<ManualClock> clock =
      std::make_shared<ManualClock>(TimePoint(std::chrono::milliseconds(1'700'000'000'000)));
};

TEST_F(EsmRestartTest, CheckpointsSurviveARestartOnADataDirectory) {
  std::vector<std::string> seen;
  {
    EsmHarness harness(lambda, clock, dir.string());
    auto& emu = harness.emu();
    emu.call("kinesis", "CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}});
    std::string arn = emu.call("kinesis", "DescribeStreamSummary",
                               {{"StreamName", "s"}})["StreamDescriptionSummary"]["StreamARN"];
    auto future = asio::co_spawn(
        asio::make_strand(emu.core().io()),
        harness.mappings().create(
            {{"EventSourceArn", arn}, {"StartingPosition", "TRIM_HORIZON"}, {"FunctionName", "fn"}},
            kAccount, kRegion),
        asio::use_future);
    future.get();
    for (const char* data : {"a", "b"})
      emu.call("kinesis", "PutRecord",
               {{"StreamName", "s"}, {"Data", base64::encode(data)}, {"PartitionKey", "k"}});
    ASSERT_TRUE(eventually([&] { return lambda.event_count() >= 1; }));
    ASSERT_TRUE(eventually([&] {
      std::size_t n = 0;
      for (const json& event : lambda.events()) n += event["Records"].size();
      return n == 2;
    }));
    harness.mappings().stop();
    emu.call("kinesis", "PutRecord",
             {{"StreamName", "s"}, {"Data", base64::encode("c")}, {"PartitionKey", "k"}});
  }
  std::size_t before = lambda.event_count();
  EsmHarness reopened(lambda, clock, dir.string());
  ASSERT_TRUE(eventually([&] { return lambda.event_count() > before; }));
  ASSERT_TRUE(stays_false([&] { return lambda.event_count() > before + 1; }));
  for (const json& event : lambda.events())
    for (const json& record : event["Records"])
      seen.push_back(*base64::decode(record["kinesis"]["data"].get<std::string>()));
  // "a" and "b" were checkpointed before the restart; only "c" comes after it.
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b", "c"}));
}

TEST_F(EsmRestartTest, AnOpenTumblingWindowKeepsItsStateAcrossARestart) {
  lambda.respond_with(count_records_in_window_state);
  auto put = [](Emulator& emu, const char* data) {
    emu.call("kinesis", "PutRecord",
             {{"StreamName", "s"}, {"Data", base64::encode(data)}, {"PartitionKey", "k"}});
  };
  {
    EsmHarness harness(lambda, clock, dir.string());
    auto& emu = harness.emu();
    emu.call("kinesis", "CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}});
    std::string arn = emu.call("kinesis", "DescribeStreamSummary",
                               {{"StreamName", "s"}})["StreamDescriptionSummary"]["StreamARN"];
    auto future = asio::co_spawn(asio::make_strand(emu.core().io()),
                                 harness.mappings().create({{"EventSourceArn", arn},
                                                            {"StartingPosition", "TRIM_HORIZON"},
                                                            {"TumblingWindowInSeconds", 60},
                                                            {"FunctionName", "fn"}},
                                                           kAccount, kRegion),
                                 asio::use_future);
    future.get();
    put(emu, "a");
    put(emu, "b");
    ASSERT_TRUE(eventually([&] {
      std::size_t n = 0;
      for (const json& event : lambda.events()) n += event["Records"].size();
      return n == 2;
    }));
    harness.mappings().stop();
  }
  // Reopened inside the same window [1699999980, 1700000040): one more record, then its end.
  std::size_t before = lambda.event_count();
  EsmHarness reopened(lambda, clock, dir.string());
  put(reopened.emu(), "c");
  ASSERT_TRUE(eventually([&] { return lambda.event_count() == before + 1; }));
  EXPECT_EQ(lambda.events().back()["Records"].size(), 1u);
  EXPECT_EQ(lambda.events().back()["state"], (json{{"count", 2}}));
  clock->advance(std::chrono::seconds(41));
  ASSERT_TRUE(eventually([&] { return lambda.events().back()["isFinalInvokeForWindow"] == true; }));
  EXPECT_EQ(lambda.events().back()["state"], (json{{"count", 3}}));
}

}  // namespace
}  // namespace eddy::esm_test
