#include "services/sqs/message_draft.hpp"

#include <algorithm>

#include "core/hashing.hpp"
#include "services/fifo.hpp"
#include "services/sqs/message_attributes.hpp"
#include "services/sqs/message_body.hpp"
#include "services/sqs/request_params.hpp"
#include "services/sqs/sqs_errors.hpp"
#include "services/sqs/text_requests.hpp"

namespace eddy::services::sqs {
namespace {

// MessageGroupId and MessageDeduplicationId: 1-128 alphanumeric or punctuation characters.
void check_fifo_id(const std::optional<std::string>& value, std::string_view parameter) {
  if (!value) return;
  bool ok = !value->empty() && value->size() <= 128 &&
            std::all_of(value->begin(), value->end(), [](char c) { return c > 0x20 && c < 0x7f; });
  if (!ok)
    throw errors::invalid_parameter(*value, parameter,
                                    std::string(parameter) +
                                        " can only include alphanumeric and punctuation "
                                        "characters. 1 to 128 in length.");
}

constexpr std::string_view kDelayReason = "DelaySeconds must be >= 0 and <= 900.";

// `attributes`: the request's MessageAttributes, as a json object or as read from its text.
template <class Attributes>
void fill(MessageDraft& draft, const Attributes& attributes) {
  if (!message_body::has_valid_characters(draft.body)) throw errors::invalid_message_contents();
  draft.body_md5 = hashing::md5_hex(draft.body);
  auto stored = message_attributes::validate_and_store(attributes);
  draft.attributes_json = std::move(stored.json_text);
  draft.attributes_md5 = std::move(stored.md5);
  draft.attributes_size = stored.size;
  check_fifo_id(draft.group_id, "MessageGroupId");
  check_fifo_id(draft.dedup_id, "MessageDeduplicationId");
}

void add_system_attributes(MessageDraft& draft, const json& attributes) {
  json system = message_attributes::validate_system(attributes);
  if (system.empty()) return;
  draft.trace_header = system["AWSTraceHeader"]["StringValue"].get<std::string>();
  draft.system_md5 = message_attributes::md5(system);
}

// System attributes read from the text, as the json object the request held: they are rare.
json system_attributes_json(const std::vector<message_attributes::AttributeParts>& attributes) {
  json out = json::object();
  for (const auto& attribute : attributes) {
    json& value = out[attribute.name] = json::object();
    if (!attribute.data_type.empty()) value["DataType"] = attribute.data_type;
    if (!attribute.string_value.empty()) value["StringValue"] = attribute.string_value;
    if (!attribute.binary_value.empty()) value["BinaryValue"] = attribute.binary_value;
  }
  return out;
}

}  // namespace

MessageDraft MessageDraft::from_request(const json& input, std::string sender_id) {
  MessageDraft draft;
  draft.body = params::required_string(input, "MessageBody");
  draft.sender_id = std::move(sender_id);
  draft.delay_seconds = params::optional_integer(input, "DelaySeconds", 0, 900, kDelayReason);
  draft.group_id = params::optional_string(input, "MessageGroupId");
  draft.dedup_id = params::optional_string(input, "MessageDeduplicationId");
  fill(draft, params::object_member(input, "MessageAttributes"));
  add_system_attributes(draft, params::object_member(input, "MessageSystemAttributes"));
  return draft;
}

MessageDraft MessageDraft::from_text(SendMessageText& request, std::string sender_id) {
  MessageDraft draft;
  if (request.body.empty()) throw errors::missing_parameter("MessageBody");
  draft.body = std::move(request.body);
  draft.sender_id = std::move(sender_id);
  if (request.delay_seconds)
    draft.delay_seconds =
        params::integer_in_range(*request.delay_seconds, "DelaySeconds", 0, 900, kDelayReason);
  draft.group_id = std::move(request.group_id);
  draft.dedup_id = std::move(request.dedup_id);
  fill(draft, request.attributes);
  if (!request.system_attributes.empty())
    add_system_attributes(draft, system_attributes_json(request.system_attributes));
  return draft;
}

MessageDraft MessageDraft::from_parts(std::string body, const json& attributes,
                                      std::optional<std::string> group_id,
                                      std::optional<std::string> dedup_id, std::string sender_id) {
  MessageDraft draft;
  if (body.empty()) throw errors::missing_parameter("MessageBody");
  draft.body = std::move(body);
  draft.group_id = std::move(group_id);
  draft.dedup_id = std::move(dedup_id);
  draft.sender_id = std::move(sender_id);
  fill(draft, attributes);
  return draft;
}

void MessageDraft::check_for(const Queue& queue) {
  if (queue.fifo) {
    if (delay_seconds && *delay_seconds != 0)
      throw errors::invalid_parameter(std::to_string(*delay_seconds), "DelaySeconds",
                                      "The request include parameter that is not valid for this "
                                      "queue type.");
    if (!group_id) throw errors::missing_parameter("MessageGroupId");
    if (!dedup_id) {
      if (!queue.settings.content_based_deduplication)
        throw errors::invalid_parameter_value(
            "The queue should either have ContentBasedDeduplication enabled or "
            "MessageDeduplicationId provided explicitly");
      dedup_id = fifo::content_deduplication_id(body);
    }
  } else if (dedup_id) {
    throw errors::invalid_parameter(*dedup_id, "MessageDeduplicationId",
                                    "The request include parameter that is not valid for this "
                                    "queue type.");
  }
  if (static_cast<std::int64_t>(size()) > queue.settings.maximum_message_size)
    throw errors::invalid_parameter_value(
        "One or more parameters are invalid. Reason: Message must be shorter than " +
        std::to_string(queue.settings.maximum_message_size) + " bytes.");
}

}  // namespace eddy::services::sqs
