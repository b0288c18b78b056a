#pragma once
// One HTTP/2 stream of an Http2Session: the request as it arrives (pseudo-headers, fields, body)
// and the answer while nghttp2 sends it. Owned by the session's stream table and by the
// coroutine answering it, so a stream the client resets mid-answer stays valid until that
// coroutine is done with it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "protocol/http_message.hpp"

namespace eddy {

struct Http2Stream {
  enum class Phase {
    receiving,  // headers or body still arriving
    handling,   // the whole request is in; the handler is answering it
    answering,  // the answer is submitted; nghttp2 sends it as flow control allows
  };

  explicit Http2Stream(std::int32_t stream_id) : id(stream_id) {}

  // The request as the protocol layer sees it: views into this stream, valid while it lives.
  protocol::HttpRequest view() const {
    protocol::HttpRequest request;
    request.method = method;
    request.target = path;
    request.body = body;
    request.can_stream = true;
    for (const auto& [name, value] : fields) request.headers.emplace_back(name, value);
    request.index_common_headers();
    return request;
  }

  std::int32_t id;
  Phase phase = Phase::receiving;
  std::string method;
  std::string path;
  // Regular header fields, lowercase as HTTP/2 sends them; :authority is added as "host".
  std::vector<std::pair<std::string, std::string>> fields;
  std::size_t header_bytes = 0;  // as SETTINGS_MAX_HEADER_LIST_SIZE counts them
  std::string body;
  std::size_t body_limit = 0;  // known once the headers are in
  // Answered before the request was complete (413, 431, 414): the rest of it is dropped.
  bool refused = false;
  bool closed = false;  // nghttp2 has closed the stream (answered, or reset by the client)
  protocol::HttpResponse response;
  std::size_t response_sent = 0;  // bytes of response.body handed to nghttp2
  // An event-stream answer (response.streamed) grows its body as events come; once this is set
  // nothing more comes, and the answer ends when the body is written.
  bool events_ended = false;
  bool streams_events() const { return response.streamed != nullptr; }
};

}  // namespace eddy
