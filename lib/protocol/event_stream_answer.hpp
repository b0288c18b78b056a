#pragma once
// The answer of an event-stream operation, as AWS's JSON protocols (and their CBOR form) frame
// it: an `initial-response` event carrying the operation's output, then one message per event the
// service sends (:message-type event, :event-type its member), and a modelled failure as an
// exception message (:exception-type its code).
#include "protocol/codec.hpp"

namespace eddy::protocol {

inline constexpr std::string_view kEventStreamContentType = "application/vnd.amazon.eventstream";

HttpResponse event_stream_answer(const DecodedRequest& request, const json& output);

}  // namespace eddy::protocol
