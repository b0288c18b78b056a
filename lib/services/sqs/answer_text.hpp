#pragma once
// The hot operations' answers over the JSON protocol written as text: for a ReceiveMessage of ten
// messages, building a json value and serialising it cost more than the receive's own SQL. Each
// text is the one serialising the json value would give, member for member.
#include <string>
#include <vector>

#include "services/sqs/message_draft.hpp"
#include "services/sqs/sqs_api.hpp"

namespace eddy::services::sqs {

// {"Messages":[...]}, or {} when there are none.
std::string receive_answer_text(const std::vector<ReceivedMessage>& messages);
// SendMessage's answer: the message id, digests and (FIFO) sequence number.
std::string send_answer_text(const MessageDraft& draft, const EnqueueResult& result);
// Its members alone, for a SendMessageBatch entry's answer (batch_entries::answer_text).
void append_send_members(std::string& out, const MessageDraft& draft, const EnqueueResult& result);
// GetQueueUrl's answer: {"QueueUrl":"..."}.
std::string queue_url_answer_text(std::string_view url);

}  // namespace eddy::services::sqs
