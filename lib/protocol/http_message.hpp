#pragma once
// HTTP as the protocol layer sees it: independent of the HTTP library serving it.
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace eddy::protocol {

struct EventStreamAnswer;

struct HttpRequest {
  std::string_view method;
  std::string_view target;  // path and query string, as on the request line
  std::vector<std::pair<std::string_view, std::string_view>> headers;
  std::string_view body;
  // The transport can write an answer that goes on after its body (HTTP/2 can).
  bool can_stream = false;

  // Case-insensitive; empty when absent.
  std::string_view header(std::string_view name) const;
  std::string_view path() const;
  std::string_view query_string() const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Set when the answer goes on after `body`: an event stream (protocol/event_stream.hpp).
  std::shared_ptr<const EventStreamAnswer> streamed;
};

}  // namespace eddy::protocol
