#pragma once
// HTTP as the protocol layer sees it: independent of the HTTP library serving it.
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace eddy::protocol {

struct EventStreamAnswer;

// The headers the protocol layer reads on every AWS request, to route and decode it.
enum class CommonHeader { host, content_type, x_amz_target, authorization };

struct HttpRequest {
  std::string_view method;
  std::string_view target;  // path and query string, as on the request line
  std::vector<std::pair<std::string_view, std::string_view>> headers;
  std::string_view body;
  // The transport can write an answer that goes on after its body (HTTP/2 can).
  bool can_stream = false;

  // Case-insensitive; empty when absent. The first of the name when it is repeated.
  std::string_view header(std::string_view name) const;
  // The same for a common header: read from the index when the transport made one, else looked up.
  std::string_view header(CommonHeader which) const;
  // Finds the common headers in one pass over `headers`, so each request reads them without a
  // search each time (several each, between routing and decoding). Call once `headers` is whole.
  void index_common_headers();
  // Empty again, keeping the headers' capacity for the next request.
  void clear();
  std::string_view path() const;
  std::string_view query_string() const;

 private:
  static constexpr std::size_t kCommonHeaders = 4;
  std::string_view common_[kCommonHeaders];
  bool common_indexed_ = false;
};

struct HttpResponse {
  int status = 200;
  // Always a constant (a literal, a service's fixed type): a view, not a copy per answer.
  std::string_view content_type;
  // Sent as x-amzn-RequestId, the first header after Content-Type, unless empty or `headers`
  // names it again (the later one wins, as for any header named twice).
  std::string request_id;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Set when the answer goes on after `body`: an event stream (protocol/event_stream.hpp).
  std::shared_ptr<const EventStreamAnswer> streamed;
};

}  // namespace eddy::protocol
