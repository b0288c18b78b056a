#pragma once
// An HTTP/1.x response as the bytes sent: status line, headers and body in one string, written
// with one write. Building it directly costs a fraction of Beast's generic serializer, which walks
// a chain of buffer views per write on every request.
#include <string>

#include "protocol/http_message.hpp"

namespace eddy::http_wire {

// As Beast's prepare_payload and keep_alive would shape it: Content-Length unless the status has
// no body (1xx, 204, 304), and the Connection header HTTP/1.0 and 1.1 each need. A header named
// twice keeps its last value (as Beast's set() did); "Server: eddy" unless a header replaces it.
std::string serialize_response(protocol::HttpResponse&& response, unsigned version,
                               bool keep_alive);

}  // namespace eddy::http_wire
