#include "services/lambda/event_sources/event_records.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/base64.hpp"

namespace eddy::services::lambda::event_sources {
namespace {

// {"DataType", "StringValue"|"BinaryValue"} -> Lambda's {"stringValue"|"binaryValue",
// "stringListValues", "binaryListValues", "dataType"}.
json lambda_message_attributes(const json& sqs_attributes) {
  json out = json::object();
  if (!sqs_attributes.is_object()) return out;
  for (const auto& [name, attribute] : sqs_attributes.items()) {
    json converted = json::object();
    if (attribute.contains("StringValue")) converted["stringValue"] = attribute["StringValue"];
    if (attribute.contains("BinaryValue")) converted["binaryValue"] = attribute["BinaryValue"];
    converted["stringListValues"] = json::array();
    converted["binaryListValues"] = json::array();
    converted["dataType"] = attribute.value("DataType", "String");
    out[name] = std::move(converted);
  }
  return out;
}

}  // namespace

json sqs_event_record(const sqs::ReceivedMessage& message, const RecordOrigin& origin) {
  json attributes = json::object();
  for (const auto& [name, value] : message.attributes) attributes[name] = value;
  json record = {{"messageId", message.message_id},
                 {"receiptHandle", message.receipt_handle},
                 {"body", message.body},
                 {"attributes", std::move(attributes)},
                 {"messageAttributes", lambda_message_attributes(message.message_attributes)},
                 {"md5OfBody", message.md5_of_body}};
  if (!message.md5_of_message_attributes.empty())
    record["md5OfMessageAttributes"] = message.md5_of_message_attributes;
  record["eventSource"] = "aws:sqs";
  record["eventSourceARN"] = origin.event_source_arn;
  record["awsRegion"] = origin.region;
  return record;
}

json kinesis_event_record(const json& record, const std::string& shard_id,
                          const RecordOrigin& origin) {
  const std::string& sequence = record["SequenceNumber"].get_ref<const std::string&>();
  json out = {{"kinesis",
               {{"kinesisSchemaVersion", "1.0"},
                {"partitionKey", record["PartitionKey"]},
                {"sequenceNumber", sequence},
                {"data", record["Data"]},
                {"approximateArrivalTimestamp", record["ApproximateArrivalTimestamp"]}}},
              {"eventSource", "aws:kinesis"},
              {"eventVersion", "1.0"},
              {"eventID", fmt::format("{}:{}", shard_id, sequence)},
              {"eventName", "aws:kinesis:record"},
              {"invokeIdentityArn", origin.invoke_identity_arn},
              {"awsRegion", origin.region},
              {"eventSourceARN", origin.event_source_arn}};
  if (record.contains("EncryptionType"))
    out["kinesis"]["encryptionType"] = record["EncryptionType"];
  return out;
}

json dynamodb_event_record(const json& record, const RecordOrigin& origin) {
  json out = record;
  out["eventSourceARN"] = origin.event_source_arn;
  return out;
}

json filterable_view(const json& event_record) {
  json view = event_record;
  if (view.contains("body") && view["body"].is_string()) {
    json parsed = json::parse(view["body"].get<std::string>(), nullptr, false);
    if (!parsed.is_discarded() && parsed.is_object()) view["body"] = std::move(parsed);
  }
  if (view.contains("kinesis") && view["kinesis"].contains("data")) {
    auto bytes = base64::decode(view["kinesis"]["data"].get<std::string>());
    json parsed = bytes ? json::parse(*bytes, nullptr, false) : json(nullptr);
    if (!parsed.is_discarded() && parsed.is_object()) {
      view["data"] = parsed;
      view["kinesis"]["data"] = std::move(parsed);
    }
  }
  return view;
}

std::int64_t record_arrival_ms(const json& event_record) {
  if (event_record.contains("kinesis"))
    return std::llround(event_record["kinesis"]["approximateArrivalTimestamp"].get<double>() *
                        1000);
  if (event_record.contains("dynamodb"))
    return std::llround(event_record["dynamodb"]["ApproximateCreationDateTime"].get<double>() *
                        1000);
  return 0;
}

std::string record_sequence_number(const json& event_record) {
  if (event_record.contains("kinesis"))
    return event_record["kinesis"]["sequenceNumber"].get<std::string>();
  return event_record["dynamodb"]["SequenceNumber"].get<std::string>();
}

}  // namespace eddy::services::lambda::event_sources
