#pragma once
// The hot operations' requests read from their JSON text (request_text.hpp). Each reader gives the
// request when the text is one it fully understands: its required members present, every member
// one the operation takes, none twice, each of its JSON type, no null. Otherwise nullopt, and the
// operation parses the text into a json value and reads that as it reads any protocol's request.
// The readers only read: the operations check the values, with the json path's rules and errors.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eddy/json.hpp"
#include "protocol/call.hpp"
#include "protocol/json_input.hpp"
#include "protocol/query_input.hpp"
#include "services/sqs/message_attributes.hpp"

namespace eddy::services::sqs {

struct SendMessageText {
  std::string queue_url;
  std::string body;
  std::optional<std::int64_t> delay_seconds;
  std::optional<std::string> group_id;
  std::optional<std::string> dedup_id;
  // Each in byte order of the names, as a json object would hold them.
  std::vector<message_attributes::AttributeParts> attributes;
  std::vector<message_attributes::AttributeParts> system_attributes;
};

// QueueUrl and MessageBody required.
std::optional<SendMessageText> read_send_message_text(std::string_view text);

struct SendMessageBatchText {
  struct Entry {
    std::string id;
    SendMessageText message;  // its queue_url empty
  };
  std::string queue_url;
  std::vector<Entry> entries;
};

// QueueUrl and Entries required; each entry an Id and MessageBody, and whatever else SendMessage
// takes but QueueUrl. Checks of the batch (how many entries, their ids) are the operation's.
std::optional<SendMessageBatchText> read_send_message_batch_text(std::string_view text);

struct ReceiveMessageText {
  std::string queue_url;
  std::optional<std::int64_t> max_messages;
  std::optional<std::int64_t> visibility_timeout;
  std::optional<std::int64_t> wait_seconds;
  std::vector<std::string> attribute_names;
  std::vector<std::string> system_attribute_names;
  std::vector<std::string> message_attribute_names;
  std::optional<std::string> attempt_id;
};

// QueueUrl required.
std::optional<ReceiveMessageText> read_receive_message_text(std::string_view text);

struct DeleteMessageText {
  std::string queue_url;
  std::string receipt_handle;
};

// QueueUrl and ReceiptHandle required.
std::optional<DeleteMessageText> read_delete_message_text(std::string_view text);

struct GetQueueUrlText {
  std::string queue_name;
  std::optional<std::string> owner;  // QueueOwnerAWSAccountId
};

// QueueName required, and not empty.
std::optional<GetQueueUrlText> read_get_queue_url_text(std::string_view text);

struct DeleteMessageBatchText {
  struct Entry {
    std::string id;
    std::string receipt_handle;
  };
  std::string queue_url;
  std::vector<Entry> entries;
};

// QueueUrl and Entries required; each entry an Id and a ReceiptHandle, not empty.
std::optional<DeleteMessageBatchText> read_delete_message_batch_text(std::string_view text);

// An operation's request as `read` takes it from Call::json_text; or else as json: the Call's
// input for every other protocol, and for a text the reader gave up on, the text parsed (with the
// errors decode would have given).
// For an operation that also reads its query-protocol form (ServiceDescription::form_operations,
// form_requests.hpp), `read_form` does for Call::query_fields what `read` does for the text, and a
// form it gives up on becomes the json value decode would have made of it.
template <class Text>
class TextOrJson {
 public:
  TextOrJson(const protocol::Call& call, std::optional<Text> (*read)(std::string_view))
      : input_(&call.input) {
    if (!call.json_text) return;
    text = read(*call.json_text);
    if (!text) parsed_ = protocol::parse_json_input(*call.json_text);
    input_ = &parsed_;
  }
  TextOrJson(const protocol::Call& call, std::optional<Text> (*read)(std::string_view),
             std::optional<Text> (*read_form)(const protocol::FormFields&),
             const protocol::ServiceDescription& service)
      : TextOrJson(call, read) {
    if (!call.query_fields) return;
    text = read_form(*call.query_fields);
    if (!text) parsed_ = protocol::query_fields_to_json(*call.query_fields, service);
    input_ = &parsed_;
  }
  TextOrJson(const TextOrJson&) = delete;
  TextOrJson& operator=(const TextOrJson&) = delete;

  std::optional<Text> text;
  // The json to read when `text` is empty.
  const json& input() const { return *input_; }

 private:
  json parsed_;
  const json* input_;
};

}  // namespace eddy::services::sqs
