#include "services/lambda/event_sources/mapping_settings.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/arn.hpp"
#include "eddy/aws_error.hpp"
#include "services/lambda/event_sources/event_filter.hpp"

namespace eddy::services::lambda::event_sources {
namespace {

AwsError invalid_value(const std::string& message) {
  return AwsError("InvalidParameterValueException", message, 400);
}

// The member's name as Lambda's validation messages write it: camelCase.
std::string camel(std::string_view member) {
  std::string out(member);
  if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

// An integer member within the model's bounds, or nullopt when absent.
std::optional<std::int64_t> bounded_integer(const json& input, std::string_view member,
                                            std::int64_t min, std::int64_t max) {
  auto it = input.find(member);
  if (it == input.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer())
    throw AwsError("SerializationException",
                   fmt::format("Cannot deserialize {} as an integer", member), 400);
  auto value = it->get<std::int64_t>();
  if (value < min)
    throw validation_error(*it, camel(member),
                           fmt::format("Member must have value greater than or equal to {}", min));
  if (value > max)
    throw validation_error(*it, camel(member),
                           fmt::format("Member must have value less than or equal to {}", max));
  return value;
}

std::optional<bool> boolean(const json& input, std::string_view member) {
  auto it = input.find(member);
  if (it == input.end() || it->is_null()) return std::nullopt;
  if (!it->is_boolean())
    throw AwsError("SerializationException",
                   fmt::format("Cannot deserialize {} as a boolean", member), 400);
  return it->get<bool>();
}

bool has(const json& input, std::string_view member) {
  auto it = input.find(member);
  return it != input.end() && !it->is_null();
}

void refuse_for_kind(const json& input, std::initializer_list<std::string_view> members) {
  for (auto member : members)
    if (has(input, member))
      throw invalid_value(
          fmt::format("Unsupported {} parameter for given event source mapping type.", member));
}

json checked_function_response_types(const json& value) {
  if (!value.is_array()) throw AwsError("SerializationException", "Expected a list", 400);
  if (value.size() > 1)
    throw validation_error(value, "functionResponseTypes",
                           "Member must have length less than or equal to 1");
  for (const json& type : value)
    if (type != "ReportBatchItemFailures")
      throw validation_error(value, "functionResponseTypes",
                             "Member must satisfy enum value set: [ReportBatchItemFailures]");
  return value;
}

json checked_scaling_config(const json& value) {
  if (!value.is_object()) throw AwsError("SerializationException", "Expected an object", 400);
  json out = json::object();
  if (auto concurrency = bounded_integer(value, "MaximumConcurrency", 2, 1000)) {
    out["MaximumConcurrency"] = *concurrency;
  }
  return out;
}

// DestinationConfig.OnFailure.Destination: an SQS queue or SNS topic ARN.
json checked_destination_config(const json& value) {
  if (!value.is_object()) throw AwsError("SerializationException", "Expected an object", 400);
  json out = {{"OnFailure", json::object()}};
  if (value.contains("OnSuccess") && !value["OnSuccess"].is_null())
    throw invalid_value(
        "Unsupported DestinationConfig parameter for given event source mapping type.");
  auto on_failure = value.find("OnFailure");
  if (on_failure == value.end() || on_failure->is_null()) return out;
  auto destination = on_failure->find("Destination");
  if (destination == on_failure->end() || destination->is_null()) return out;
  if (!destination->is_string()) throw AwsError("SerializationException", "Expected a string", 400);
  auto arn = Arn::parse(destination->get<std::string>());
  if (!arn || (arn->service != "sqs" && arn->service != "sns"))
    throw invalid_value(
        fmt::format("The provided destination config DestinationConfig(onSuccess=null, "
                    "onFailure=OnFailure(destination={})) is invalid.",
                    destination->get<std::string>()));
  out["OnFailure"]["Destination"] = *destination;
  return out;
}

// The members both Create and Update take, applied onto `settings`.
void apply_common(const json& input, SourceKind kind, json& settings) {
  if (auto batch = bounded_integer(input, "BatchSize", 1, 10000)) settings["BatchSize"] = *batch;
  if (auto window = bounded_integer(input, "MaximumBatchingWindowInSeconds", 0, 300))
    settings["MaximumBatchingWindowInSeconds"] = *window;
  if (has(input, "FilterCriteria")) {
    EventFilter::compile(input["FilterCriteria"]);
    const json& criteria = input["FilterCriteria"];
    if (criteria.contains("Filters") && !criteria["Filters"].empty())
      settings["FilterCriteria"] = criteria;
    else
      settings.erase("FilterCriteria");
  }
  if (has(input, "FunctionResponseTypes"))
    settings["FunctionResponseTypes"] =
        checked_function_response_types(input["FunctionResponseTypes"]);

  if (kind == SourceKind::sqs) {
    refuse_for_kind(input,
                    {"StartingPosition", "StartingPositionTimestamp", "ParallelizationFactor",
                     "DestinationConfig", "MaximumRecordAgeInSeconds", "BisectBatchOnFunctionError",
                     "MaximumRetryAttempts", "TumblingWindowInSeconds"});
    if (has(input, "ScalingConfig"))
      settings["ScalingConfig"] = checked_scaling_config(input["ScalingConfig"]);
    if (settings["BatchSize"].get<std::int64_t>() > 10 &&
        settings["MaximumBatchingWindowInSeconds"].get<std::int64_t>() == 0)
      throw invalid_value(
          "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater "
          "than 10");
    return;
  }
  refuse_for_kind(input, {"ScalingConfig"});
  if (auto factor = bounded_integer(input, "ParallelizationFactor", 1, 10))
    settings["ParallelizationFactor"] = *factor;
  if (auto age = bounded_integer(input, "MaximumRecordAgeInSeconds", -1, 604800)) {
    if (*age != -1 && *age < 60)
      throw invalid_value("MaximumRecordAgeInSeconds must be -1 or between 60 and 604800");
    settings["MaximumRecordAgeInSeconds"] = *age;
  }
  if (auto retries = bounded_integer(input, "MaximumRetryAttempts", -1, 10000))
    settings["MaximumRetryAttempts"] = *retries;
  if (auto bisect = boolean(input, "BisectBatchOnFunctionError"))
    settings["BisectBatchOnFunctionError"] = *bisect;
  if (auto window = bounded_integer(input, "TumblingWindowInSeconds", 0, 900))
    settings["TumblingWindowInSeconds"] = *window;
  if (has(input, "DestinationConfig"))
    settings["DestinationConfig"] = checked_destination_config(input["DestinationConfig"]);
}

}  // namespace

AwsError validation_error(const json& value, std::string_view member, std::string_view constraint) {
  std::string shown = value.is_string() ? value.get<std::string>() : value.dump();
  return AwsError("ValidationException",
                  fmt::format("1 validation error detected: Value '{}' at '{}' failed to satisfy "
                              "constraint: {}",
                              shown, member, constraint),
                  400);
}

bool reports_batch_item_failures(const json& settings) {
  auto types = settings.find("FunctionResponseTypes");
  if (types == settings.end() || !types->is_array()) return false;
  return std::find(types->begin(), types->end(), json("ReportBatchItemFailures")) != types->end();
}

json settings_for_create(const json& input, SourceKind kind) {
  json settings = {{"BatchSize", kind == SourceKind::sqs ? 10 : 100},
                   {"MaximumBatchingWindowInSeconds", 0},
                   {"FunctionResponseTypes", json::array()}};
  if (kind != SourceKind::sqs) {
    auto position = input.find("StartingPosition");
    if (position == input.end() || position->is_null())
      throw invalid_value(
          "1 validation error detected: Value null at 'startingPosition' failed to satisfy "
          "constraint: Member must not be null.");
    if (*position != "TRIM_HORIZON" && *position != "LATEST" && *position != "AT_TIMESTAMP")
      throw validation_error(*position, "startingPosition",
                             "Member must satisfy enum value set: [LATEST, AT_TIMESTAMP, "
                             "TRIM_HORIZON]");
    if (*position == "AT_TIMESTAMP" && kind == SourceKind::dynamodb)
      throw invalid_value("Unsupported starting position for arn type: " +
                          input["EventSourceArn"].get<std::string>());
    settings["StartingPosition"] = *position;
    if (*position == "AT_TIMESTAMP") {
      auto timestamp = input.find("StartingPositionTimestamp");
      if (timestamp == input.end() || !timestamp->is_number())
        throw invalid_value("StartingPositionTimestamp must be specified for AT_TIMESTAMP.");
      settings["StartingPositionTimestamp"] = *timestamp;
    }
    settings["ParallelizationFactor"] = 1;
    settings["DestinationConfig"] = {{"OnFailure", json::object()}};
    settings["MaximumRecordAgeInSeconds"] = -1;
    settings["BisectBatchOnFunctionError"] = false;
    settings["MaximumRetryAttempts"] = -1;
    settings["TumblingWindowInSeconds"] = 0;
  }
  apply_common(input, kind, settings);
  return settings;
}

json settings_for_update(const json& input, const json& current, SourceKind kind) {
  json settings = current;
  apply_common(input, kind, settings);
  return settings;
}

}  // namespace eddy::services::lambda::event_sources
