#include "http/response_wire.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/status.hpp>

#include <charconv>
#include <cstring>
#include <string_view>

namespace eddy::http_wire {
namespace {

bool status_has_no_body(int status) {
  return status / 100 == 1 || status == 204 || status == 304;
}

// Writes into a buffer sized beforehand to what the head can take: each piece is a copy, with
// none of append's checks for room (a dozen appends cost more than the copies they make).
class WireWriter {
 public:
  explicit WireWriter(char* at) : at_(at) {}
  char* end() const { return at_; }
  void text(std::string_view piece) {
    std::memcpy(at_, piece.data(), piece.size());
    at_ += piece.size();
  }
  void number(std::size_t value) { at_ = std::to_chars(at_, at_ + kMaxDigits, value).ptr; }
  void field(std::string_view name, std::string_view value) {
    text(name);
    text(": ");
    text(value);
    text("\r\n");
  }
  static constexpr std::size_t kMaxDigits = 20;

 private:
  char* at_;
};

}  // namespace

std::string serialize_response(protocol::HttpResponse&& response, unsigned version, bool keep_alive,
                               RequestMethod method) {
  std::string out;
  serialize_response(std::move(response), version, keep_alive, method, out);
  return out;
}

void serialize_response(protocol::HttpResponse&& response, unsigned version, bool keep_alive,
                        RequestMethod method, std::string& out) {
  const auto& headers = response.headers;
  // Written in place rather than gathered first: a response has a handful of headers, so
  // looking ahead for a later one of the same name costs less than a list would.
  auto named_later = [&headers](std::size_t from, std::string_view name) {
    for (std::size_t i = from; i < headers.size(); ++i)
      if (boost::beast::iequals(headers[i].first, name)) return true;
    return false;
  };

  bool bodiless = status_has_no_body(response.status);
  std::string_view reason =
      boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(response.status));
  bool sends_body = !bodiless && method != RequestMethod::head;
  // Room for the longest answer this can be: every piece below at its largest.
  std::size_t room = 9 + WireWriter::kMaxDigits + 1 + reason.size() + 2;  // status line
  room += 14 + 6 + 16 + response.content_type.size() + 20 + response.request_id.size();
  for (const auto& [name, value] : headers) room += name.size() + value.size() + 4;
  room += 24 + 18 + WireWriter::kMaxDigits + 2 + 2;  // Connection, Content-Length, blank line
  // The head is written into room made (and zeroed) for it; the body is appended, copied once.
  out.reserve(room + (sends_body ? response.body.size() : 0));
  out.resize(room);

  WireWriter wire(out.data());
  wire.text(version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  wire.number(static_cast<std::size_t>(response.status));
  wire.text(" ");
  wire.text(reason);
  wire.text("\r\n");
  if (!named_later(0, "Server")) wire.field("Server", "eddy");
  if (!response.content_type.empty() && !named_later(0, "Content-Type"))
    wire.field("Content-Type", response.content_type);
  if (!response.request_id.empty() && !named_later(0, "x-amzn-RequestId"))
    wire.field("x-amzn-RequestId", response.request_id);
  for (std::size_t i = 0; i < headers.size(); ++i)
    if (!named_later(i + 1, headers[i].first)) wire.field(headers[i].first, headers[i].second);
  if (version == 10 && keep_alive) wire.field("Connection", "keep-alive");
  if (version != 10 && !keep_alive) wire.field("Connection", "close");
  if (!bodiless) {
    wire.text("Content-Length: ");
    wire.number(response.body.size());
    wire.text("\r\n");
  }
  wire.text("\r\n");
  out.resize(static_cast<std::size_t>(wire.end() - out.data()));
  if (sends_body) out.append(response.body);
}

}  // namespace eddy::http_wire
