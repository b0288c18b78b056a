#include "http/plain_request.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

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

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

// Printable ASCII, from `lowest` to '~'.
bool is_printable_from(char c, char lowest) {
  return c >= lowest && c < 0x7f;
}

constexpr std::uint64_t kEachByte = 0x0101010101010101ULL;
constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

// The bytes of `word` that lie outside `lowest`..'~' (`lowest` at most 0x80), each marked by its
// high bit: a byte below `lowest`, DEL, or one with its high bit set (the word-wide tests of "Bit
// Twiddling Hacks"). A borrow can mark a byte above a marked one too, never below: the lowest mark
// is exact.
std::uint64_t outside_printable(std::uint64_t word, std::uint8_t lowest) {
  std::uint64_t below = (word - kEachByte * lowest) & ~word & kHighBits;
  std::uint64_t del = word ^ (kEachByte * 0x7f);
  std::uint64_t is_del = (del - kEachByte) & ~del & kHighBits;
  return below | is_del | (word & kHighBits);
}

// The end of the run of printable ASCII from `lowest` that starts at `at`, no further than `end`:
// eight bytes at a time (a target or a value is mostly long runs of them), the first byte out of
// the run found from the lowest mark of its word, where bytes are read little-endian.
std::size_t printable_run_end(const char* text, std::size_t at, std::size_t end, char lowest) {
  while (end - at >= 8) {
    std::uint64_t word;
    std::memcpy(&word, text + at, 8);
    std::uint64_t marks = outside_printable(word, static_cast<std::uint8_t>(lowest));
    if (marks != 0) {
      if constexpr (std::endian::native == std::endian::little)
        return at + static_cast<std::size_t>(std::countr_zero(marks) / 8);
      break;
    }
    at += 8;
  }
  while (at < end && is_printable_from(text[at], lowest)) ++at;
  return at;
}

// Where a field value that starts at `at` ends: printable ASCII, space and tab.
std::size_t value_end(const char* text, std::size_t at, std::size_t end) {
  for (;;) {
    at = printable_run_end(text, at, end, ' ');
    if (at == end || text[at] != '\t') return at;
    ++at;
  }
}

// `text` equals `lowercase` (letters and '-' only) but for the case of its letters. Setting bit 5
// lowers a capital and leaves a lowercase letter and '-' as they are; it could also turn a control
// byte into one of them, but no name or value read here holds one.
bool equals_lowercase(std::string_view text, std::string_view lowercase) {
  if (text.size() != lowercase.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i)
    if ((text[i] | 0x20) != lowercase[i]) return false;
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

// Writes the spans into the vector's elements rather than pushing each: the caller's vector keeps
// its capacity from one request to the next, and push_back's out-of-line call per span cost more
// than the scan that finds it.
class SpanWriter {
 public:
  explicit SpanWriter(std::vector<TextSpan>& spans) : spans_(spans) {
    spans_.resize(std::max<std::size_t>(spans_.capacity(), 32));
    next_ = spans_.data();
    end_ = next_ + spans_.size();
  }
  ~SpanWriter() { spans_.resize(static_cast<std::size_t>(next_ - spans_.data())); }
  void add(std::size_t from, std::size_t to) {
    if (next_ == end_) [[unlikely]]
      grow();
    *next_++ = {static_cast<std::uint32_t>(from), static_cast<std::uint32_t>(to - from)};
  }

 private:
  [[gnu::noinline]] void grow() {
    std::size_t count = spans_.size();
    spans_.resize(count * 2);
    next_ = spans_.data() + count;
    end_ = spans_.data() + spans_.size();
  }

  std::vector<TextSpan>& spans_;
  TextSpan* next_;
  TextSpan* end_;
};

}  // namespace

std::optional<Head> parse(std::string_view received, std::uint64_t body_limit,
                          std::vector<TextSpan>& spans) {
  // The head is read line by line up to its blank line, which must lie within the first
  // kMaxPlainHeadBytes: no byte past `end` is read, so a head still arriving is simply not whole.
  const std::size_t end = std::min(received.size(), kMaxPlainHeadBytes);
  const char* text = received.data();
  Head head;
  SpanWriter span(spans);

  // Request line: METHOD SP TARGET SP HTTP/1.x CRLF
  std::size_t at = 0;
  while (at < end && is_token_char(text[at])) ++at;
  if (at == 0 || at == end || text[at] != ' ') return std::nullopt;
  span.add(0, at);
  std::size_t target_start = ++at;
  at = printable_run_end(text, at, end, '!');
  if (at == target_start || at == end || text[at] != ' ') return std::nullopt;
  span.add(target_start, at);
  if (end - at < 11) return std::nullopt;
  std::string_view version(text + at + 1, 10);
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
  for (;;) {
    if (end - at < 2) return std::nullopt;
    if (text[at] == '\r') {  // the blank line, or a CR out of place
      if (text[at + 1] != '\n') return std::nullopt;
      head.head_bytes = at + 2;
      break;
    }
    std::size_t name_start = at;
    while (at < end && is_token_char(text[at])) ++at;
    if (at == name_start || at == end || text[at] != ':') return std::nullopt;
    std::string_view name(text + name_start, at - name_start);
    ++at;
    while (at < end && is_blank(text[at])) ++at;
    std::size_t value_start = at;
    at = value_end(text, at, end);
    if (end - at < 2 || text[at] != '\r' || text[at + 1] != '\n') return std::nullopt;
    std::size_t value_stop = at;
    while (value_stop > value_start && is_blank(text[value_stop - 1])) --value_stop;
    std::string_view value(text + value_start, value_stop - value_start);
    at += 2;
    span.add(name_start, name_start + name.size());
    span.add(value_start, value_stop);

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
