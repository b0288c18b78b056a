#include "services/sqs/answer_text.hpp"

#include "core/json_text.hpp"
#include "protocol/preserialized_json.hpp"

namespace eddy::services::sqs {
namespace {

// Appends `"name":"value"` for a value Eddy generated and that needs no escape (message ids are
// UUIDs, digests hex, receipt handles base64): `name_open` is the key text through the opening
// quote of the value, as in `,"MessageId":"`. Only text a client sent goes through the escaper.
void append_plain_member(std::string& out, std::string_view name_open, std::string_view value) {
  out.append(name_open);
  out.append(value);
  out.push_back('"');
}

// Members in byte order of their names, as a json object holds and writes them.
void append_message(std::string& out, const ReceivedMessage& message) {
  out.push_back('{');
  if (!message.attributes.empty()) {
    out.append("\"Attributes\":{");
    bool first_attribute = true;
    for (const auto& [name, value] : message.attributes) {
      json_text::append_member(out, name, value, first_attribute);
      first_attribute = false;
    }
    out.append("},");
  }
  out.append("\"Body\":");
  json_text::append_string(out, message.body);
  append_plain_member(out, ",\"MD5OfBody\":\"", message.md5_of_body);
  if (!message.md5_of_message_attributes.empty()) {
    append_plain_member(out, ",\"MD5OfMessageAttributes\":\"", message.md5_of_message_attributes);
    out.append(",\"MessageAttributes\":");
    out += message.message_attributes.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  append_plain_member(out, ",\"MessageId\":\"", message.message_id);
  append_plain_member(out, ",\"ReceiptHandle\":\"", message.receipt_handle);
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

void append_send_members(std::string& out, const MessageDraft& draft, const EnqueueResult& result) {
  if (!draft.attributes_md5.empty()) {
    append_plain_member(out, "\"MD5OfMessageAttributes\":\"", draft.attributes_md5);
    out.push_back(',');
  }
  append_plain_member(out, "\"MD5OfMessageBody\":\"", draft.body_md5);
  if (!draft.system_md5.empty())
    append_plain_member(out, ",\"MD5OfMessageSystemAttributes\":\"", draft.system_md5);
  append_plain_member(out, ",\"MessageId\":\"", result.message_id);
  if (result.sequence_number)
    append_plain_member(out, ",\"SequenceNumber\":\"", *result.sequence_number);
}

std::string send_answer_text(const MessageDraft& draft, const EnqueueResult& result) {
  std::string out;
  out.reserve(160);
  out.push_back('{');
  append_send_members(out, draft, result);
  out.push_back('}');
  return out;
}

std::string queue_url_answer_text(std::string_view url) {
  std::string out;
  out.reserve(url.size() + 16);
  // The URL holds the request's Host header, which a client wrote: escaped as json::dump would.
  out.append("{\"QueueUrl\":");
  protocol::append_json_string(out, url);
  out.push_back('}');
  return out;
}

}  // namespace eddy::services::sqs
