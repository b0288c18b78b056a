#pragma once
// An HTTP/1.x response as the bytes sent: status line, headers and body in one string, written
// with one write. Building it directly costs a fraction of Beast's generic serializer, which walks
// a chain of buffer views per write on every request.
#include <string>

#include "protocol/http_message.hpp"

namespace eddy::http_wire {

// As Beast's prepare_payload and keep_alive would shape it: Content-Length unless the status has
// no body (1xx, 204, 304), and the Connection header HTTP/1.0 and 1.1 each need. A header named
// twice keeps its last value (as Beast's set() did); "Server: eddy" unless a header replaces it;
// the request id (HttpResponse::request_id) as x-amzn-RequestId after Content-Type.
// The answer to a HEAD request keeps its Content-Length but sends no body (RFC 9110 9.3.2): the
// client reads none, and a body would be taken for the start of the next answer.
enum class RequestMethod { head, other };
std::string serialize_response(protocol::HttpResponse&& response, unsigned version, bool keep_alive,
                               RequestMethod method = RequestMethod::other);
// The same into `out`, replacing what it held: a connection reuses one buffer for its answers.
void serialize_response(protocol::HttpResponse&& response, unsigned version, bool keep_alive,
                        RequestMethod method, std::string& out);

}  // namespace eddy::http_wire
