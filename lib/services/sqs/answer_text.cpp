#include "services/sqs/answer_text.hpp"

#include "core/json_text.hpp"

namespace eddy::services::sqs {
namespace {

// Members in byte order of their names, as a json object holds and writes them.
void append_message(std::string& out, const ReceivedMessage& message) {
  out.push_back('{');
  bool first = true;
  if (!message.attributes.empty()) {
    out.append("\"Attributes\":{");
    bool first_attribute = true;
    for (const auto& [name, value] : message.attributes) {
      json_text::append_member(out, name, value, first_attribute);
      first_attribute = false;
    }
    out.push_back('}');
    first = false;
  }
  json_text::append_member(out, "Body", message.body, first);
  json_text::append_member(out, "MD5OfBody", message.md5_of_body);
  if (!message.md5_of_message_attributes.empty()) {
    json_text::append_member(out, "MD5OfMessageAttributes", message.md5_of_message_attributes);
    out.append(",\"MessageAttributes\":");
    out += message.message_attributes.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  json_text::append_member(out, "MessageId", message.message_id);
  json_text::append_member(out, "ReceiptHandle", message.receipt_handle);
  out.push_back('}');
}

}  // namespace

std::string receive_answer_text(const std::vector<ReceivedMessage>& messages) {
  if (messages.empty()) return "{}";
  std::size_t size = 16;
  for (const auto& message : messages) size += message.body.size() + 256;
  std::string out;
  out.reserve(size);
  out.append("{\"Messages\":[");
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (i) out.push_back(',');
    append_message(out, messages[i]);
  }
  out.append("]}");
  return out;
}

std::string send_answer_text(const MessageDraft& draft, const EnqueueResult& result) {
  std::string out;
  out.reserve(160);
  out.push_back('{');
  bool first = true;
  if (!draft.attributes_md5.empty()) {
    json_text::append_member(out, "MD5OfMessageAttributes", draft.attributes_md5, true);
    first = false;
  }
  json_text::append_member(out, "MD5OfMessageBody", draft.body_md5, first);
  if (!draft.system_md5.empty())
    json_text::append_member(out, "MD5OfMessageSystemAttributes", draft.system_md5);
  json_text::append_member(out, "MessageId", result.message_id);
  if (result.sequence_number)
    json_text::append_member(out, "SequenceNumber", *result.sequence_number);
  out.push_back('}');
  return out;
}

}  // namespace eddy::services::sqs
