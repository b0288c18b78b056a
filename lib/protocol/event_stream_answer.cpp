#include "protocol/event_stream_answer.hpp"

#include "protocol/cbor.hpp"
#include "protocol/event_stream.hpp"
#include "protocol/event_stream_message.hpp"

namespace eddy::protocol {
namespace {

// Encodes payloads as the request's protocol does: JSON, or CBOR with the service's blob and
// timestamp members.
struct EventPayloadWriter {
  bool cbor = false;
  const ServiceDescription* service = nullptr;

  std::string_view content_type() const {
    return cbor ? kCborContentType : std::string_view("application/json");
  }
  std::string encode(const json& payload) const {
    return cbor ? service_json_to_cbor(payload, service)
                : payload.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  std::string frame(std::string_view message_type, std::string_view type_header,
                    std::string_view type, const json& payload) const {
    EventMessage message;
    message.headers = {{":message-type", std::string(message_type)},
                       {std::string(type_header), std::string(type)},
                       {":content-type", std::string(content_type())}};
    message.payload = encode(payload);
    return encode_event_message(message);
  }
};

}  // namespace

HttpResponse event_stream_answer(const DecodedRequest& request, const json& output) {
  EventPayloadWriter writer{request.protocol == Protocol::cbor, request.service};
  HttpResponse response;
  response.request_id = request.call.request_id;
  response.content_type = kEventStreamContentType;
  response.body = writer.frame("event", ":event-type", "initial-response", output);
  auto answer = std::make_shared<EventStreamAnswer>();
  answer->events = request.call.events;
  answer->frame_event = [writer](const StreamEvent& event) {
    return writer.frame("event", ":event-type", event.type, event.payload);
  };
  answer->frame_failure = [writer](const AwsError& error) {
    return writer.frame("exception", ":exception-type", error.code(),
                        json{{"message", error.message()}});
  };
  response.streamed = std::move(answer);
  return response;
}

}  // namespace eddy::protocol
