#include "http/plain_request.hpp"

#include <array>

namespace eddy::plain_request {
namespace {

// RFC 7230's tchar: the characters of a method and of a field name.
constexpr std::array<bool, 256> kTokenChars = [] {
  std::array<bool, 256> table{};
  for (int c = '0'; c <= '9'; ++c) table[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) table[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) table[c] = true;
  for (char c : std::string_view("!#$%&'*+-.^_`|~")) table[static_cast<unsigned char>(c)] = true;
  return table;
}();

bool is_token_char(char c) {
  return kTokenChars[static_cast<unsigned char>(c)];
}

// Printable ASCII: what a plain target is made of.
bool is_visible(char c) {
  return c > 0x20 && c < 0x7f;
}

// Printable ASCII, space and tab: what a plain field value is made of.
bool is_value_char(char c) {
  return (c >= 0x20 && c < 0x7f) || c == '\t';
}

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

bool equals_lowercase(std::string_view text, std::string_view lowercase) {
  if (text.size() != lowercase.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lowercase[i]) return false;
  }
  return true;
}

// Digits only, short enough never to overflow: anything else Beast judges.
std::optional<std::uint64_t> plain_length(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

TextSpan span_of(std::size_t from, std::size_t to) {
  return {static_cast<std::uint32_t>(from), static_cast<std::uint32_t>(to - from)};
}

}  // namespace

std::optional<Head> parse(std::string_view received, std::uint64_t body_limit,
                          std::vector<TextSpan>& spans) {
  std::size_t blank_line = received.substr(0, kMaxPlainHeadBytes).find("\r\n\r\n");
  if (blank_line == std::string_view::npos) return std::nullopt;
  // Each line below ends in CRLF; the head's last field line ends where the blank line starts.
  const std::size_t fields_end = blank_line + 2;
  const char* text = received.data();
  Head head;
  head.head_bytes = blank_line + 4;
  spans.clear();

  // Request line: METHOD SP TARGET SP HTTP/1.x CRLF
  std::size_t at = 0;
  while (at < fields_end && is_token_char(text[at])) ++at;
  if (at == 0 || text[at] != ' ') return std::nullopt;
  spans.push_back(span_of(0, at));
  std::size_t target_start = ++at;
  while (at < fields_end && is_visible(text[at])) ++at;
  if (at == target_start || text[at] != ' ') return std::nullopt;
  spans.push_back(span_of(target_start, at));
  std::string_view version = received.substr(at + 1, 10);
  if (version == "HTTP/1.1\r\n") {
    head.version = 11;
  } else if (version == "HTTP/1.0\r\n") {
    head.version = 10;
  } else {
    return std::nullopt;
  }
  at += 11;

  bool connection_seen = false;
  bool close = false;
  bool keep_alive = false;
  while (at < fields_end) {
    std::size_t name_start = at;
    while (is_token_char(text[at])) ++at;
    if (at == name_start || text[at] != ':') return std::nullopt;
    std::string_view name = received.substr(name_start, at - name_start);
    ++at;
    while (is_blank(text[at])) ++at;
    std::size_t value_start = at;
    while (is_value_char(text[at])) ++at;
    if (text[at] != '\r' || text[at + 1] != '\n') return std::nullopt;
    std::size_t value_end = at;
    while (value_end > value_start && is_blank(text[value_end - 1])) --value_end;
    std::string_view value = received.substr(value_start, value_end - value_start);
    at += 2;
    spans.push_back(span_of(name_start, name_start + name.size()));
    spans.push_back(span_of(value_start, value_end));

    switch (name.size()) {
      case 7:  // Upgrade: Beast's to handle
        if (equals_lowercase(name, "upgrade")) return std::nullopt;
        break;
      case 10:  // Connection: one token, once
        if (equals_lowercase(name, "connection")) {
          if (connection_seen) return std::nullopt;
          connection_seen = true;
          if (equals_lowercase(value, "close"))
            close = true;
          else if (equals_lowercase(value, "keep-alive"))
            keep_alive = true;
          else
            return std::nullopt;
        }
        break;
      case 14:  // Content-Length: once, digits only
        if (equals_lowercase(name, "content-length")) {
          if (head.content_length) return std::nullopt;
          head.content_length = plain_length(value);
          if (!head.content_length) return std::nullopt;
        }
        break;
      case 16:  // Proxy-Connection names connection options as Connection does
        if (equals_lowercase(name, "proxy-connection")) return std::nullopt;
        break;
      case 17:  // Transfer-Encoding: a chunked body is Beast's to parse
        if (equals_lowercase(name, "transfer-encoding")) return std::nullopt;
        break;
      default:
        break;
    }
  }

  // As Beast decides it: HTTP/1.1 stays open unless told to close, 1.0 only when asked to.
  head.keep_alive = head.version == 11 ? !close : keep_alive;
  std::uint64_t body_bytes = head.content_length.value_or(0);
  if (body_bytes > body_limit) return std::nullopt;
  if (received.size() - head.head_bytes < body_bytes) return std::nullopt;
  return head;
}

}  // namespace eddy::plain_request
