// Publish and PublishBatch: the checks SNS makes before a message is accepted. Delivery itself is
// the Publisher's.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/ids.hpp"
#include "protocol/preserialized_json.hpp"
#include "protocol/query_input.hpp"
#include "services/sns/message_attributes.hpp"
#include "services/sns/publish_input.hpp"
#include "services/sns/publisher.hpp"
#include "services/sns/sns_errors.hpp"
#include "services/sns/sns_input.hpp"
#include "services/sns/sns_service.hpp"
#include "services/sns/topic_registry.hpp"

namespace eddy::services::sns {
namespace {

constexpr std::size_t kMaxMessageBytes = 262144;
constexpr std::size_t kMaxBatchEntries = 10;
constexpr std::size_t kMaxBatchEntryIdLength = 80;
constexpr std::size_t kMaxSubjectLength = 100;

// ASCII without line breaks or control characters, under 100 characters.
bool valid_subject(std::string_view subject) {
  if (subject.empty() || subject.size() > kMaxSubjectLength) return false;
  return std::all_of(subject.begin(), subject.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

// MessageStructure=json: a JSON object whose string members are per-protocol messages; only a
// "default" one is required.
json per_protocol_messages(const std::string& message) {
  json parsed = json::parse(message, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object())
    throw invalid_parameter("Message Structure - JSON message body failed to parse");
  json out = json::object();
  for (const auto& [key, value] : parsed.items())
    if (value.is_string()) out[key] = value;
  if (!out.contains("default"))
    throw invalid_parameter("Message Structure - No default entry in JSON message body");
  return out;
}

// One message of Publish or PublishBatch, with the checks SNS makes of it.
struct MessageFields : MessageInput {
  explicit MessageFields(MessageInput input) : MessageInput(std::move(input)) {}

  // Checks the attributes (throwing SNS's error for the first bad one) and gives the bytes the
  // message counts toward the 256 KB limit. `batch_entry` as validate_message_attributes takes it.
  std::size_t checked_size(std::optional<int> batch_entry = {}) const {
    return (message ? message->size() : 0) + validate_message_attributes(attributes, batch_entry);
  }

  // Checks that do not depend on the topic. Throws InvalidParameter.
  void check_content() const {
    if (subject && !valid_subject(*subject)) throw invalid_parameter("Subject");
    if (!message || message->empty()) throw invalid_parameter("Empty message");
  }

  void check_fifo(const Topic* topic, bool fifo) const {
    if (fifo) {
      if (!group_id || group_id->empty())
        throw invalid_parameter("The MessageGroupId parameter is required for FIFO topics");
      if (topic && !topic->content_based_deduplication && !deduplication_id)
        throw invalid_parameter(
            "The topic should either have ContentBasedDeduplication enabled or "
            "MessageDeduplicationId provided explicitly");
    } else if (deduplication_id) {
      throw invalid_parameter(
          "MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter "
          "that is not valid for this topic type");
    }
  }

  // Takes the attributes, which nothing reads after (a json value: a copy and its destruction cost
  // as much as the rest of the request); the other members stay for check_content.
  PublishRequest take_request() {
    PublishRequest r;
    r.message = message.value_or("");
    if (structure) {
      if (*structure != "json") throw invalid_parameter("MessageStructure");
      r.per_protocol = per_protocol_messages(r.message);
    }
    r.subject = subject;
    r.attributes = std::move(attributes);
    r.message_group_id = group_id;
    r.message_deduplication_id = deduplication_id;
    return r;
  }
};

// Publish's request from the form, when the reader takes it, or else from the json value: the
// Call's input, or for a form the reader gave up on, the value decode would have made of it.
PublishInput publish_input(const Call& call, const protocol::ServiceDescription& service) {
  if (!call.query_fields) return PublishInput::read(call.input);
  if (auto input = read_publish_form(*call.query_fields)) return std::move(*input);
  return PublishInput::read(protocol::query_fields_to_json(*call.query_fields, service));
}

// {"MessageId":"...","SequenceNumber":"..."}: members in byte order of their names, as a json
// object writes them. Both are Eddy's own (a UUID, digits): nothing to escape.
std::string publish_answer_text(const PublishResult& result) {
  std::string out;
  out.reserve(80);
  out.append("{\"MessageId\":\"").append(result.message_id);
  if (result.sequence_number)
    out.append("\",\"SequenceNumber\":\"").append(*result.sequence_number);
  out.append("\"}");
  return out;
}

bool valid_batch_entry_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

}  // namespace

Awaitable<json> SnsService::Publish(const Call& call) {
  PublishInput input = publish_input(call, description());
  MessageFields fields(std::move(input.message));
  fields.check_content();
  const auto& phone = input.phone_number;
  if (phone && !valid_phone_number(*phone))
    throw invalid_parameter("PhoneNumber Reason: " + *phone + " is not valid to publish to");
  if (fields.checked_size() > kMaxMessageBytes) throw invalid_parameter("Message too long");

  const auto& topic_arn = input.topic_arn;
  const auto& target_arn = input.target_arn;
  std::string arn = topic_arn ? *topic_arn : target_arn.value_or("");
  std::string_view parameter = topic_arn ? "TopicArn" : "TargetArn";
  bool fifo = arn.ends_with(".fifo");
  TopicPtr topic;
  if (fifo) topic = existing_topic(call, arn, parameter);
  fields.check_fifo(topic.get(), fifo);
  PublishRequest request = fields.take_request();

  if (phone && arn.empty())  // SMS leaves no trace locally
    co_return protocol::preserialized_json(publish_answer_text({ids::uuid(), std::nullopt}));
  if (!topic_arn && target_arn && target_arn->find(":endpoint/") != std::string::npos)
    throw invalid_parameter("TargetArn Reason: No endpoint found for the target arn specified");
  if (arn.empty() && !topic_arn && !target_arn)
    throw invalid_parameter("TopicArn or TargetArn Reason: no value for required parameter");
  if (!topic) topic = existing_topic(call, arn, parameter);

  std::vector<PublishRequest> requests;
  requests.push_back(std::move(request));
  auto results = co_await publisher_->publish(*topic, requests, "http://" + call.host);
  // As text whatever the protocol: the query protocol writes its XML straight from it, and every
  // other caller gets it parsed back.
  co_return protocol::preserialized_json(publish_answer_text(results.front()));
}

Awaitable<json> SnsService::PublishBatch(const Call& call) {
  std::string topic_arn = optional_text(call.input, "TopicArn").value_or("");
  json entries = list_member(call.input, "PublishBatchRequestEntries");
  if (entries.size() > kMaxBatchEntries)
    throw AwsError("TooManyEntriesInBatchRequest",
                   "The batch request contains more entries than permissible.");
  TopicPtr topic = existing_topic(call, topic_arn);
  if (entries.empty())
    throw AwsError("EmptyBatchRequest", "The batch request doesn't contain any entries.");

  std::set<std::string> ids;
  for (const auto& entry : entries) {
    std::string id = optional_text(entry, "Id").value_or("");
    if (!ids.insert(id).second)
      throw AwsError("BatchEntryIdsNotDistinct",
                     "Two or more batch entries in the request have the same Id.");
    if (id.size() > kMaxBatchEntryIdLength)
      throw AwsError("InvalidBatchEntryId",
                     "The Id of a batch entry in the batch request is too long: " + id);
    if (id.empty() || !std::all_of(id.begin(), id.end(), valid_batch_entry_id_char))
      throw AwsError("InvalidBatchEntryId",
                     "The Id of a batch entry in the batch request contains an impermissible "
                     "character: " +
                         id);
  }

  // Malformed attributes, FIFO parameters and message structures fail the whole batch; an
  // unacceptable message fails only its entry.
  std::size_t total = 0;
  std::vector<PublishRequest> requests;
  std::vector<std::string> accepted_ids;
  json failed = json::array();
  int position = 0;
  for (const auto& entry : entries) {
    ++position;
    MessageFields fields(MessageInput::read(entry));
    total += fields.checked_size(position);
    fields.check_fifo(topic.get(), topic->fifo);
    PublishRequest request = fields.take_request();
    std::string id = optional_text(entry, "Id").value_or("");
    try {
      fields.check_content();
    } catch (const AwsError& e) {
      failed.push_back(
          {{"Id", id}, {"Code", e.code()}, {"Message", e.message()}, {"SenderFault", true}});
      continue;
    }
    requests.push_back(std::move(request));
    accepted_ids.push_back(std::move(id));
  }
  if (total > kMaxMessageBytes)
    throw AwsError("BatchRequestTooLong",
                   "The length of all the messages put together is more than the limit.");

  json successful = json::array();
  if (!requests.empty()) {
    auto results = co_await publisher_->publish(*topic, requests, "http://" + call.host);
    for (std::size_t i = 0; i < results.size(); ++i) {
      json entry = {{"Id", accepted_ids[i]}, {"MessageId", results[i].message_id}};
      if (results[i].sequence_number) entry["SequenceNumber"] = *results[i].sequence_number;
      successful.push_back(std::move(entry));
    }
  }
  co_return json{{"Successful", std::move(successful)}, {"Failed", std::move(failed)}};
}

}  // namespace eddy::services::sns
