#include "services/sqs/text_requests.hpp"

#include <algorithm>

#include "services/sqs/request_text.hpp"

namespace eddy::services::sqs {
namespace {

using message_attributes::AttributeParts;

// Which members a request has given so far, each named by its index in a reader's list: a member
// given twice gives up (a json object would keep the last, and the json path gives that answer).
class SeenMembers {
 public:
  bool first(unsigned index) {
    unsigned bit = 1u << index;
    if (seen_ & bit) return false;
    seen_ |= bit;
    return true;
  }
  bool has(unsigned index) const { return (seen_ & (1u << index)) != 0; }

 private:
  unsigned seen_ = 0;
};

// {"DataType": "...", "StringValue": "..."} or with "BinaryValue"; no other member.
bool read_attribute_value(RequestText& text, AttributeParts& out) {
  enum : unsigned { data_type, string_value, binary_value };
  SeenMembers seen;
  return text.read_object([&](std::string_view name) {
    if (name == "DataType") return seen.first(data_type) && text.read_string(out.data_type);
    if (name == "StringValue")
      return seen.first(string_value) && text.read_string(out.string_value);
    if (name == "BinaryValue")
      return seen.first(binary_value) && text.read_string(out.binary_value);
    return false;
  });
}

// A map of attribute names to values, sorted by name; a name given twice gives up (a json object
// would keep the last, and the json path gives that answer).
bool read_attribute_map(RequestText& text, std::vector<AttributeParts>& out) {
  bool read = text.read_map([&](std::string_view name) {
    AttributeParts& attribute = out.emplace_back();
    attribute.name = name;
    return read_attribute_value(text, attribute);
  });
  if (!read) return false;
  std::sort(out.begin(), out.end(),
            [](const AttributeParts& a, const AttributeParts& b) { return a.name < b.name; });
  return std::adjacent_find(out.begin(), out.end(), [](const auto& a, const auto& b) {
           return a.name == b.name;
         }) == out.end();
}

// The members of a message SendMessage and SendMessageBatch's entries share.
enum SendMember : unsigned { message_body, delay, group, dedup, attributes, system_map, next };

bool read_send_member(RequestText& text, SeenMembers& seen, std::string_view name,
                      SendMessageText& out) {
  if (name == "MessageBody") return seen.first(message_body) && text.read_string(out.body);
  if (name == "MessageAttributes")
    return seen.first(attributes) && read_attribute_map(text, out.attributes);
  if (name == "DelaySeconds")
    return seen.first(delay) && text.read_integer(out.delay_seconds.emplace());
  if (name == "MessageGroupId")
    return seen.first(group) && text.read_string(out.group_id.emplace());
  if (name == "MessageDeduplicationId")
    return seen.first(dedup) && text.read_string(out.dedup_id.emplace());
  if (name == "MessageSystemAttributes")
    return seen.first(system_map) && read_attribute_map(text, out.system_attributes);
  return false;
}

// A batch request, {"QueueUrl": ..., "Entries": [...]}, into `out`, each entry read by
// `read_entry(text, out.entries.emplace_back())`.
template <class Batch, class ReadEntry>
std::optional<Batch> read_batch(std::string_view body, ReadEntry read_entry) {
  constexpr unsigned url = 0, entries = 1;
  RequestText text(body);
  Batch out;
  SeenMembers seen;
  bool read = text.read_object([&](std::string_view name) {
    if (name == "QueueUrl") return seen.first(url) && text.read_string(out.queue_url);
    if (name == "Entries")
      return seen.first(entries) &&
             text.read_list([&] { return read_entry(text, out.entries.emplace_back()); });
    return false;
  });
  if (!read || !text.at_end() || !seen.has(url) || !seen.has(entries)) return std::nullopt;
  return out;
}

}  // namespace

std::optional<SendMessageText> read_send_message_text(std::string_view body) {
  constexpr unsigned url = SendMember::next;
  RequestText text(body);
  SendMessageText out;
  SeenMembers seen;
  bool read = text.read_object([&](std::string_view name) {
    if (name == "QueueUrl") return seen.first(url) && text.read_string(out.queue_url);
    return read_send_member(text, seen, name, out);
  });
  if (!read || !text.at_end() || !seen.has(url) || !seen.has(message_body)) return std::nullopt;
  return out;
}

std::optional<SendMessageBatchText> read_send_message_batch_text(std::string_view body) {
  return read_batch<SendMessageBatchText>(
      body, [](RequestText& text, SendMessageBatchText::Entry& entry) {
        constexpr unsigned id = SendMember::next;
        SeenMembers seen;
        return text.read_object([&](std::string_view name) {
          if (name == "Id") return seen.first(id) && text.read_string(entry.id);
          return read_send_member(text, seen, name, entry.message);
        }) && seen.has(id) &&
               seen.has(message_body);
      });
}

std::optional<ReceiveMessageText> read_receive_message_text(std::string_view body) {
  enum : unsigned {
    url,
    max_number,
    visibility,
    wait,
    names,
    system_names,
    attribute_names,
    attempt
  };
  RequestText text(body);
  ReceiveMessageText out;
  SeenMembers seen;
  bool read = text.read_object([&](std::string_view name) {
    if (name == "QueueUrl") return seen.first(url) && text.read_string(out.queue_url);
    if (name == "MaxNumberOfMessages")
      return seen.first(max_number) && text.read_integer(out.max_messages.emplace());
    if (name == "VisibilityTimeout")
      return seen.first(visibility) && text.read_integer(out.visibility_timeout.emplace());
    if (name == "WaitTimeSeconds")
      return seen.first(wait) && text.read_integer(out.wait_seconds.emplace());
    if (name == "AttributeNames")
      return seen.first(names) && text.read_string_list(out.attribute_names);
    if (name == "MessageSystemAttributeNames")
      return seen.first(system_names) && text.read_string_list(out.system_attribute_names);
    if (name == "MessageAttributeNames")
      return seen.first(attribute_names) && text.read_string_list(out.message_attribute_names);
    if (name == "ReceiveRequestAttemptId")
      return seen.first(attempt) && text.read_string(out.attempt_id.emplace());
    return false;
  });
  if (!read || !text.at_end() || !seen.has(url)) return std::nullopt;
  return out;
}

std::optional<DeleteMessageText> read_delete_message_text(std::string_view body) {
  enum : unsigned { url, handle };
  RequestText text(body);
  DeleteMessageText out;
  SeenMembers seen;
  bool read = text.read_object([&](std::string_view name) {
    if (name == "QueueUrl") return seen.first(url) && text.read_string(out.queue_url);
    if (name == "ReceiptHandle") return seen.first(handle) && text.read_string(out.receipt_handle);
    return false;
  });
  if (!read || !text.at_end() || !seen.has(url) || !seen.has(handle)) return std::nullopt;
  return out;
}

std::optional<GetQueueUrlText> read_get_queue_url_text(std::string_view body) {
  enum : unsigned { name, owner };
  RequestText text(body);
  GetQueueUrlText out;
  SeenMembers seen;
  bool read = text.read_object([&](std::string_view member) {
    if (member == "QueueName") return seen.first(name) && text.read_string(out.queue_name);
    if (member == "QueueOwnerAWSAccountId")
      return seen.first(owner) && text.read_string(out.owner.emplace());
    return false;
  });
  // An empty name is missing to the json path (MissingParameter): it answers that.
  if (!read || !text.at_end() || !seen.has(name) || out.queue_name.empty()) return std::nullopt;
  return out;
}

std::optional<DeleteMessageBatchText> read_delete_message_batch_text(std::string_view body) {
  return read_batch<DeleteMessageBatchText>(
      body, [](RequestText& text, DeleteMessageBatchText::Entry& entry) {
        constexpr unsigned id = 0, handle = 1;
        SeenMembers seen;
        return text.read_object([&](std::string_view name) {
          if (name == "Id") return seen.first(id) && text.read_string(entry.id);
          if (name == "ReceiptHandle")
            return seen.first(handle) && text.read_string(entry.receipt_handle);
          return false;
        }) && seen.has(id) &&
               !entry.receipt_handle.empty();
      });
}

}  // namespace eddy::services::sqs
