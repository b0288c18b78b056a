#pragma once
// The members of a Publish request, and of each PublishBatch entry, as the operations read them:
// from the json input (any protocol), or for Publish over the query protocol straight from its
// form fields (protocol::Call::query_fields). Turning a form into a json value and taking that
// apart cost more than the rest of a publish outside the store and the SQS delivery.
#include <optional>
#include <string>

#include "eddy/json.hpp"
#include "protocol/form.hpp"

namespace eddy::services::sns {

// What one message of Publish or PublishBatch carries.
struct MessageInput {
  std::optional<std::string> message;
  std::optional<std::string> subject;
  std::optional<std::string> structure;  // MessageStructure
  // {"name": {"DataType": ..., "StringValue" | "BinaryValue": ...}} as given, unchecked.
  json attributes = json::object();
  std::optional<std::string> group_id;
  std::optional<std::string> deduplication_id;

  static MessageInput read(const json& input);
  bool operator==(const MessageInput&) const = default;
};

// Publish's request: one message and where it goes.
struct PublishInput {
  MessageInput message;
  std::optional<std::string> topic_arn;
  std::optional<std::string> target_arn;
  std::optional<std::string> phone_number;

  static PublishInput read(const json& input);
  bool operator==(const PublishInput&) const = default;
};

// Publish's form read as PublishInput::read reads the json value protocol::query_fields_to_json
// makes of it, for a form the reader fully understands: each member once, message attributes as
// MessageAttributes.entry.N.Name / .Value.DataType / .Value.StringValue / .Value.BinaryValue with
// N written without leading zeros, each entry with its name and a value member, no name twice.
// nullopt for any other form (an unknown or nested field, a member given twice, an entry without
// its name or value...): the operation then converts it and reads the json, which answers it.
std::optional<PublishInput> read_publish_form(const protocol::FormFields& fields);

}  // namespace eddy::services::sns
