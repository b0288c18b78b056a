#pragma once
// SendMessage over the query protocol read straight from its form fields (protocol::Call::
// query_fields), as its JSON request is read from its text (text_requests.hpp): turning the form
// into a json value and taking that apart cost more than the rest of the send outside the store.
// The reader gives the request only for a form it fully understands, and then gives exactly what
// the JSON reader gives for the json value protocol::query_fields_to_json makes of that form. At
// anything else (a member given twice, an unknown or nested field, an attribute index written
// 01, an entry without its name or value, a DelaySeconds that is not an integer) it gives up, and
// the operation converts the form and takes the json path, which answers every such case.
#include <optional>

#include "protocol/form.hpp"
#include "services/sqs/text_requests.hpp"

namespace eddy::services::sqs {

// QueueUrl and MessageBody required.
std::optional<SendMessageText> read_send_message_form(const protocol::FormFields& fields);

}  // namespace eddy::services::sqs
