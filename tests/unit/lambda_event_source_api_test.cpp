// CreateEventSourceMapping and its siblings: AWS's output shapes and defaults per kind of source,
// its validation errors word for word, duplicates, listing by source and function with paging,
// updates and deletes with the states AWS reports, and the REST routes.
#include "lambda_event_source_test_support.hpp"
#include "protocol/rest_routes.hpp"

namespace eddy::esm_test {
namespace {

TEST_F(EsmTest, SqsMappingHasAwsDefaultsAndReportsCreatingThenEnabled) {
  std::string arn = queue_arn(create_queue("in"));
  json created = create({{"EventSourceArn", arn}});
  EXPECT_EQ(created["State"], "Creating");
  EXPECT_EQ(created["BatchSize"], 10);
  EXPECT_EQ(created["MaximumBatchingWindowInSeconds"], 0);
  EXPECT_EQ(created["EventSourceArn"], arn);
  EXPECT_EQ(created["FunctionArn"], "arn:aws:lambda:us-east-1:000000000000:function:fn");
  EXPECT_EQ(created["StateTransitionReason"], "USER_INITIATED");
  EXPECT_EQ(created["FunctionResponseTypes"], json::array());
  EXPECT_EQ(created["EventSourceMappingArn"],
            "arn:aws:lambda:us-east-1:000000000000:event-source-mapping:" +
                created["UUID"].get<std::string>());
  EXPECT_DOUBLE_EQ(created["LastModified"].get<double>(), 1'700'000'000.0);
  EXPECT_FALSE(created.contains("StartingPosition"));
  EXPECT_FALSE(created.contains("LastProcessingResult"));
  EXPECT_FALSE(created.contains("MaximumRetryAttempts"));
  EXPECT_EQ(created["UUID"].get<std::string>().size(), 36u);

  json got = get(created["UUID"]);
  EXPECT_EQ(got["State"], "Enabled");
  EXPECT_EQ(got["BatchSize"], 10);
}

TEST_F(EsmTest, StreamMappingHasAwsDefaults) {
  std::string arn = create_stream("s");
  json created = create({{"EventSourceArn", arn}, {"StartingPosition", "LATEST"}});
  EXPECT_EQ(created["BatchSize"], 100);
  EXPECT_EQ(created["StartingPosition"], "LATEST");
  EXPECT_EQ(created["ParallelizationFactor"], 1);
  EXPECT_EQ(created["MaximumRetryAttempts"], -1);
  EXPECT_EQ(created["MaximumRecordAgeInSeconds"], -1);
  EXPECT_EQ(created["BisectBatchOnFunctionError"], false);
  EXPECT_EQ(created["TumblingWindowInSeconds"], 0);
  EXPECT_EQ(created["DestinationConfig"], (json{{"OnFailure", json::object()}}));
  EXPECT_EQ(created["LastProcessingResult"], "No records processed");
  EXPECT_EQ(created["StateTransitionReason"], "User action");

  std::string table_stream = create_stream_table("tbl");
  json ddb = create({{"EventSourceArn", table_stream},
                     {"StartingPosition", "TRIM_HORIZON"},
                     {"BatchSize", 7},
                     {"MaximumRetryAttempts", 3},
                     {"BisectBatchOnFunctionError", true}});
  EXPECT_EQ(ddb["BatchSize"], 7);
  EXPECT_EQ(ddb["MaximumRetryAttempts"], 3);
  EXPECT_EQ(ddb["BisectBatchOnFunctionError"], true);
}

TEST_F(EsmTest, CreateRejectsWhatAwsRejects) {
  std::string queue = queue_arn(create_queue("in"));
  std::string stream = create_stream("s");
  std::string table_stream = create_stream_table("tbl");

  auto error = create_error({{"EventSourceArn", queue}, {"BatchSize", 11}});
  EXPECT_EQ(error.code(), "InvalidParameterValueException");
  EXPECT_EQ(error.message(),
            "Maximum batch window in seconds must be greater than 0 if maximum batch size is "
            "greater than 10");
  EXPECT_EQ(create({{"EventSourceArn", queue},
                    {"BatchSize", 100},
                    {"MaximumBatchingWindowInSeconds", 1}})["BatchSize"],
            100);

  error = create_error({{"EventSourceArn", "arn:aws:sqs:us-east-1:000000000000:missing"}});
  EXPECT_EQ(error.code(), "InvalidParameterValueException");
  EXPECT_EQ(error.message(),
            "Error occurred while ReceiveMessage. SQS Error Code: "
            "AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does "
            "not exist.");

  error = create_error({{"EventSourceArn", "arn:aws:kinesis:us-east-1:000000000000:stream/nope"},
                        {"StartingPosition", "LATEST"}});
  EXPECT_EQ(error.message(),
            "Stream not found: arn:aws:kinesis:us-east-1:000000000000:stream/nope");

  error = create_error({{"EventSourceArn", stream}});
  EXPECT_EQ(error.code(), "InvalidParameterValueException");
  EXPECT_EQ(error.message(),
            "1 validation error detected: Value null at 'startingPosition' failed to satisfy "
            "constraint: Member must not be null.");

  error = create_error({{"EventSourceArn", stream}, {"StartingPosition", "invalid"}});
  EXPECT_EQ(error.code(), "ValidationException");
  EXPECT_EQ(error.message(),
            "1 validation error detected: Value 'invalid' at 'startingPosition' failed to satisfy "
            "constraint: Member must satisfy enum value set: [LATEST, AT_TIMESTAMP, TRIM_HORIZON]");

  error = create_error({{"EventSourceArn", table_stream},
                        {"StartingPosition", "AT_TIMESTAMP"},
                        {"StartingPositionTimestamp", 1'700'000'000}});
  EXPECT_EQ(error.message(), "Unsupported starting position for arn type: " + table_stream);

  error = create_error({{"EventSourceArn", queue},
                        {"DestinationConfig", {{"OnFailure", {{"Destination", queue}}}}}});
  EXPECT_EQ(error.message(),
            "Unsupported DestinationConfig parameter for given event source mapping type.");

  error = create_error({{"EventSourceArn", queue},
                        {"FilterCriteria", {{"Filters", {{{"Pattern", "single-string"}}}}}}});
  EXPECT_EQ(error.code(), "InvalidParameterValueException");
  EXPECT_EQ(error.message(), "Invalid filter pattern definition.");

  error = create_error({{"EventSourceArn", "arn:aws:s3:::bucket"}});
  EXPECT_EQ(error.message(), "Unrecognized event source.");

  error = create_error({{"EventSourceArn", queue}, {"FunctionName", "doesnotexist"}});
  EXPECT_EQ(error.code(), "InvalidParameterValueException");
  EXPECT_EQ(error.message(), "Function does not exist");

  error = create_error({{"EventSourceArn", queue}, {"BatchSize", 0}});
  EXPECT_EQ(error.code(), "ValidationException");
  EXPECT_EQ(error.message(),
            "1 validation error detected: Value '0' at 'batchSize' failed to satisfy constraint: "
            "Member must have value greater than or equal to 1");

  error = create_error({{"EventSourceArn", queue}, {"ScalingConfig", {{"MaximumConcurrency", 1}}}});
  EXPECT_EQ(error.code(), "ValidationException");

  // Nothing was stored by the refused requests: only the one good mapping exists.
  json listed = mappings().list(json::object(), kAccount, kRegion);
  EXPECT_EQ(listed["EventSourceMappings"].size(), 1u);
}

TEST_F(EsmTest, DuplicateMappingIsAConflictNamingTheExistingOne) {
  std::string queue = queue_arn(create_queue("in"));
  json first = create({{"EventSourceArn", queue}});
  auto error = create_error({{"EventSourceArn", queue}});
  EXPECT_EQ(error.code(), "ResourceConflictException");
  EXPECT_EQ(error.http_status(), 409);
  EXPECT_EQ(error.message(),
            "An event source mapping with SQS arn (\" " + queue +
                " \") and function (\" fn \") already exists. Please update or delete the "
                "existing mapping with UUID " +
                first["UUID"].get<std::string>());

  std::string stream = create_stream("s");
  json kinesis = create({{"EventSourceArn", stream}, {"StartingPosition", "LATEST"}});
  error = create_error({{"EventSourceArn", stream}, {"StartingPosition", "LATEST"}});
  EXPECT_EQ(error.message(), "The event source arn (\" " + stream +
                                 " \") and function (\" fn \") provided mapping already exists. "
                                 "Please update or delete the existing mapping with UUID " +
                                 kinesis["UUID"].get<std::string>());
}

TEST_F(EsmTest, ListFiltersBySourceAndFunctionAndPages) {
  lambda.add_function("other");
  std::string a = queue_arn(create_queue("a"));
  std::string b = queue_arn(create_queue("b"));
  create({{"EventSourceArn", a}});
  create({{"EventSourceArn", b}});
  create({{"EventSourceArn", a}, {"FunctionName", "other"}});

  auto list = [&](json input) { return mappings().list(input, kAccount, kRegion); };
  EXPECT_EQ(list({{"EventSourceArn", a}})["EventSourceMappings"].size(), 2u);
  EXPECT_EQ(list({{"FunctionName", "other"}})["EventSourceMappings"].size(), 1u);
  EXPECT_EQ(list({{"FunctionName", "fn"}, {"EventSourceArn", b}})["EventSourceMappings"].size(),
            1u);

  json page = list({{"MaxItems", "2"}});  // the query string carries text
  ASSERT_EQ(page["EventSourceMappings"].size(), 2u);
  ASSERT_TRUE(page.contains("NextMarker"));
  json rest = list({{"MaxItems", "2"}, {"Marker", page["NextMarker"]}});
  ASSERT_EQ(rest["EventSourceMappings"].size(), 1u);
  EXPECT_FALSE(rest.contains("NextMarker"));
  EXPECT_EQ(rest["EventSourceMappings"][0]["FunctionArn"],
            "arn:aws:lambda:us-east-1:000000000000:function:other");

  // Another region sees none of them.
  EXPECT_TRUE(
      mappings().list(json::object(), kAccount, "eu-west-1")["EventSourceMappings"].empty());
}

TEST_F(EsmTest, UpdateAndDeleteReportAwsStates) {
  std::string queue = queue_arn(create_queue("in"));
  std::string uuid = create({{"EventSourceArn", queue}})["UUID"];

  json updated = update({{"UUID", uuid}, {"BatchSize", 5}});
  EXPECT_EQ(updated["State"], "Updating");
  EXPECT_EQ(updated["BatchSize"], 5);
  EXPECT_EQ(get(uuid)["BatchSize"], 5);

  json disabled = update({{"UUID", uuid}, {"Enabled", false}});
  EXPECT_EQ(disabled["State"], "Disabling");
  EXPECT_EQ(get(uuid)["State"], "Disabled");
  EXPECT_EQ(update({{"UUID", uuid}, {"Enabled", true}})["State"], "Enabling");
  EXPECT_EQ(get(uuid)["State"], "Enabled");

  auto error = error_of([&] { update({{"UUID", uuid}, {"BatchSize", 20}}); });
  EXPECT_EQ(error.message(),
            "Maximum batch window in seconds must be greater than 0 if maximum batch size is "
            "greater than 10");
  EXPECT_EQ(get(uuid)["BatchSize"], 5);

  EXPECT_EQ(remove(uuid)["State"], "Deleting");
  error = error_of([&] { get(uuid); });
  EXPECT_EQ(error.code(), "ResourceNotFoundException");
  EXPECT_EQ(error.http_status(), 404);
  EXPECT_EQ(error.message(), "The resource you requested does not exist.");
  EXPECT_EQ(error_of([&] { remove(uuid); }).code(), "ResourceNotFoundException");
  EXPECT_EQ(error_of([&] {
              update({{"UUID", uuid}, {"BatchSize", 1}});
            }).code(),
            "ResourceNotFoundException");
}

TEST_F(EsmTest, RoutesMatchLambdasPaths) {
  auto routes = es::EventSourceMappings::routes();
  auto operation_for = [&](std::string_view method, std::string_view path) -> std::string {
    for (const auto& route : routes)
      if (auto labels = protocol::match_route(route, method, path))
        return std::string(route.operation);
    return "";
  };
  EXPECT_EQ(operation_for("POST", "/2015-03-31/event-source-mappings/"),
            "CreateEventSourceMapping");
  EXPECT_EQ(operation_for("GET", "/2015-03-31/event-source-mappings/"), "ListEventSourceMappings");
  EXPECT_EQ(operation_for("GET", "/2015-03-31/event-source-mappings/abc"), "GetEventSourceMapping");
  EXPECT_EQ(operation_for("PUT", "/2015-03-31/event-source-mappings/abc"),
            "UpdateEventSourceMapping");
  EXPECT_EQ(operation_for("DELETE", "/2015-03-31/event-source-mappings/abc"),
            "DeleteEventSourceMapping");
  for (const auto& route : routes)
    EXPECT_TRUE(es::EventSourceMappings::handles(route.operation)) << route.operation;
}

}  // namespace
}  // namespace eddy::esm_test
