#pragma once
// Parses one HTTP/1.x request into storage its connection keeps from one request to the next.
// Beast's generic message allocates every field apart, and the protocol layer then wants views
// of them anyway: here the request line and the fields are copied once into one string, the body
// into another, and what the handler gets is views into them. Once a connection's storage has
// grown to its requests' size, parsing one allocates nothing. The common request, whole and plain,
// skips Beast altogether (plain_request.hpp).
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/beast/http/basic_parser.hpp>

#include "http/plain_request.hpp"
#include "protocol/http_message.hpp"

namespace eddy {

// A connection's request storage, reused by each RequestParser in turn.
struct RequestStorage {
  using Span = plain_request::TextSpan;
  std::string head;  // method, target, then each field's name and value, back to back
  std::string body;
  std::vector<Span> spans;  // method, target, then a name and a value per field
  protocol::HttpRequest request;
};

class RequestParser : private boost::beast::http::basic_parser<true> {
  using Beast = boost::beast::http::basic_parser<true>;

 public:
  // Forgets what `storage` held.
  explicit RequestParser(RequestStorage& storage);

  // Takes the whole request at the start of `received` when it is plain (plain_request.hpp):
  // the bytes it used, 0 when it left the request to put(). Only before put() was first called.
  std::size_t take_plain(std::string_view received);
  void body_limit(std::uint64_t limit) {
    body_limit_ = limit;
    Beast::body_limit(limit);
  }
  using Beast::header_limit;
  using Beast::put;
  bool is_done() const { return plain_ || Beast::is_done(); }
  bool keep_alive() const { return plain_ ? plain_keep_alive_ : Beast::keep_alive(); }
  std::optional<std::uint64_t> content_length() const;

  // The request line's; empty until it is parsed.
  std::string_view target() const { return span(1); }
  unsigned version() const { return version_; }
  // The request as the protocol layer sees it: its head once the header is parsed, the body too
  // once the parse is done. Valid until the storage's next parser.
  const protocol::HttpRequest& request();

 private:
  using Error = boost::system::error_code;
  using Verb = boost::beast::http::verb;
  using Field = boost::beast::http::field;
  using StringView = boost::beast::string_view;

  std::string_view span(std::size_t index) const;
  void record(StringView text);

  void on_request_impl(Verb, StringView method, StringView target, int version, Error&) override;
  void on_response_impl(int, StringView, int, Error&) override {}
  void on_field_impl(Field, StringView name, StringView value, Error&) override;
  void on_header_impl(Error&) override;
  // Points the request's method, target and headers into the head's text.
  void point_request_at_head();
  void on_body_init_impl(const boost::optional<std::uint64_t>& content_length, Error&) override;
  std::size_t on_body_impl(StringView body, Error& ec) override;
  void on_chunk_header_impl(std::uint64_t, StringView, Error&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, StringView body, Error& ec) override;
  void on_finish_impl(Error&) override {}

  // A body larger than this is not kept for the connection's next request: one large upload
  // must not hold its memory for the connection's life.
  static constexpr std::size_t kKeptBodyCapacity = 1024 * 1024;
  // Content-Length reserves at most this much up front; a larger body grows as it arrives.
  static constexpr std::size_t kBodyReserveLimit = 8 * 1024 * 1024;

  RequestStorage& storage_;
  unsigned version_ = 11;
  std::uint64_t body_limit_ = 0;  // as last given to body_limit(), for take_plain
  bool plain_ = false;            // take_plain took the request: Beast's state is unused
  bool plain_keep_alive_ = false;
  std::optional<std::uint64_t> plain_content_length_;
};

// Defined here, not in a .cpp of its own: only the session includes it.
inline RequestParser::RequestParser(RequestStorage& storage) : storage_(storage) {
  storage_.head.clear();
  storage_.spans.clear();
  storage_.request.clear();
  if (storage_.body.capacity() > RequestParser::kKeptBodyCapacity)
    std::string().swap(storage_.body);
  storage_.body.clear();
}

inline std::string_view RequestParser::span(std::size_t index) const {
  if (index >= storage_.spans.size()) return {};
  const auto& s = storage_.spans[index];
  return std::string_view(storage_.head).substr(s.offset, s.size);
}

inline void RequestParser::record(StringView text) {
  // The header is at most request_limits::kMaxHeaderBytes long: offsets fit in 32 bits.
  storage_.spans.push_back(
      {static_cast<std::uint32_t>(storage_.head.size()), static_cast<std::uint32_t>(text.size())});
  storage_.head.append(text.data(), text.size());
}

inline void RequestParser::on_request_impl(Verb, StringView method, StringView target, int version,
                                           Error&) {
  record(method);
  record(target);
  version_ = static_cast<unsigned>(version);
}

inline void RequestParser::on_field_impl(Field, StringView name, StringView value, Error&) {
  record(name);
  record(value);
}

inline void RequestParser::on_header_impl(Error&) {
  point_request_at_head();
}

inline void RequestParser::point_request_at_head() {
  // The head's text is complete: views into it stay valid from here.
  auto& request = storage_.request;
  request.method = span(0);
  request.target = span(1);
  request.headers.reserve((storage_.spans.size() - 2) / 2);
  const auto& spans = storage_.spans;
  const char* head = storage_.head.data();
  for (std::size_t i = 2; i + 1 < spans.size(); i += 2)
    request.headers.emplace_back(std::string_view(head + spans[i].offset, spans[i].size),
                                 std::string_view(head + spans[i + 1].offset, spans[i + 1].size));
  request.index_common_headers();
}

inline void RequestParser::on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                                             Error&) {
  if (content_length)
    storage_.body.reserve(static_cast<std::size_t>(
        std::min<std::uint64_t>(*content_length, RequestParser::kBodyReserveLimit)));
}

inline std::size_t RequestParser::on_body_impl(StringView body, Error&) {
  storage_.body.append(body.data(), body.size());
  return body.size();
}

inline std::size_t RequestParser::on_chunk_body_impl(std::uint64_t, StringView body, Error&) {
  storage_.body.append(body.data(), body.size());
  return body.size();
}

inline std::size_t RequestParser::take_plain(std::string_view received) {
  auto head = plain_request::parse(received, body_limit_, storage_.spans);
  if (!head) {
    storage_.spans.clear();
    return 0;
  }
  plain_ = true;
  version_ = head->version;
  plain_keep_alive_ = head->keep_alive;
  plain_content_length_ = head->content_length;
  // One copy of the head; the spans parse() found are offsets into it.
  storage_.head.assign(received.data(), head->head_bytes);
  point_request_at_head();
  std::size_t body_bytes = static_cast<std::size_t>(head->content_length.value_or(0));
  storage_.body.assign(received.data() + head->head_bytes, body_bytes);
  return head->head_bytes + body_bytes;
}

inline std::optional<std::uint64_t> RequestParser::content_length() const {
  if (plain_) return plain_content_length_;
  auto declared = Beast::content_length();
  return declared ? std::optional<std::uint64_t>(*declared) : std::nullopt;
}

inline const protocol::HttpRequest& RequestParser::request() {
  storage_.request.body = storage_.body;
  return storage_.request;
}

}  // namespace eddy
