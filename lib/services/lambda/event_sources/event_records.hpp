#pragma once
// The records Lambda hands a function, shaped exactly as AWS delivers them, and the view of a
// record that FilterCriteria patterns match against.
#include <string>

#include "eddy/json.hpp"
#include "services/sqs/sqs_api.hpp"

namespace eddy::services::lambda::event_sources {

struct RecordOrigin {
  std::string event_source_arn{};
  std::string region{};
  std::string invoke_identity_arn{};  // the function's execution role (Kinesis records name it)
};

// Records[] of an SQS event: messageId, receiptHandle, body, attributes, messageAttributes (with
// lower-case stringValue/dataType), md5OfBody, eventSource "aws:sqs", eventSourceARN, awsRegion.
json sqs_event_record(const sqs::ReceivedMessage& message, const RecordOrigin& origin);
// Records[] of a Kinesis event from a GetRecords record of shard `shard_id`.
json kinesis_event_record(const json& record, const std::string& shard_id,
                          const RecordOrigin& origin);
// Records[] of a DynamoDB event: the Streams record plus eventSourceARN.
json dynamodb_event_record(const json& record, const RecordOrigin& origin);

// What a filter pattern sees: the record with an SQS body or Kinesis data that is a JSON object
// parsed in place.
json filterable_view(const json& event_record);

// When the record arrived, in epoch milliseconds (Kinesis approximateArrivalTimestamp, DynamoDB
// ApproximateCreationDateTime).
std::int64_t record_arrival_ms(const json& event_record);
// Its sequence number (kinesis.sequenceNumber or dynamodb.SequenceNumber).
std::string record_sequence_number(const json& event_record);

}  // namespace eddy::services::lambda::event_sources
