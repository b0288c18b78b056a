#include "protocol/plain_json.hpp"

#include <cstdint>
#include <cstring>

namespace eddy::protocol {
namespace {

// Deeper nesting is rare in requests; json::parse takes it.
constexpr int kMaxPlainDepth = 32;

// Whether any byte of the word may be a quote, a backslash, a control character or not
// printable ASCII (never false for a word holding one; a true may be looked at byte by byte).
bool word_may_stop_plain_string(std::uint64_t word) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  auto has_zero_byte = [](std::uint64_t v) { return (v - kOnes) & ~v & kHighs; };
  std::uint64_t below_space = (word - kOnes * 0x20) & ~word & kHighs;
  std::uint64_t above_tilde = ((word + kOnes) | word) & kHighs;  // 0x7f or any byte >= 0x80
  return (below_space | above_tilde | has_zero_byte(word ^ (kOnes * '"')) |
          has_zero_byte(word ^ (kOnes * '\\'))) != 0;
}

class PlainJsonReader {
 public:
  explicit PlainJsonReader(std::string_view text) : at_(text.data()), end_(at_ + text.size()) {}

  // False when the text is not plain JSON; `out` is then unspecified.
  bool read_document(json& out) {
    if (!read_value(out, 0)) return false;
    skip_space();
    return at_ == end_;
  }

 private:
  void skip_space() {
    while (at_ != end_ && (*at_ == ' ' || *at_ == '\n' || *at_ == '\r' || *at_ == '\t')) ++at_;
  }

  bool read_value(json& out, int depth) {
    skip_space();
    if (at_ == end_) return false;
    switch (*at_) {
      case '{':
        return depth < kMaxPlainDepth && read_object(out, depth + 1);
      case '[':
        return depth < kMaxPlainDepth && read_array(out, depth + 1);
      case '"': {
        std::string_view text;
        if (!read_string(text)) return false;
        out = std::string(text);
        return true;
      }
      case 't':
        return read_literal("true", out, json(true));
      case 'f':
        return read_literal("false", out, json(false));
      case 'n':
        return read_literal("null", out, json(nullptr));
      default:
        return read_integer(out);
    }
  }

  bool read_literal(std::string_view word, json& out, json value) {
    if (static_cast<std::size_t>(end_ - at_) < word.size() ||
        std::string_view(at_, word.size()) != word)
      return false;
    at_ += word.size();
    out = std::move(value);
    return true;
  }

  // Printable ASCII up to the closing quote; an escape or any other byte is not plain.
  bool read_string(std::string_view& text) {
    const char* start = ++at_;
    // Eight bytes at a time while none of them ends the string or stops it being plain: base64
    // record data and iterator tokens are most of what Kinesis requests hold.
    while (end_ - at_ >= 8) {
      std::uint64_t word;
      std::memcpy(&word, at_, sizeof word);
      if (!word_may_stop_plain_string(word))
        at_ += 8;
      else
        break;
    }
    while (at_ != end_) {
      char c = *at_;
      if (c == '"') {
        text = std::string_view(start, static_cast<std::size_t>(at_ - start));
        ++at_;
        return true;
      }
      if (c < 0x20 || c > 0x7e || c == '\\') return false;
      ++at_;
    }
    return false;
  }

  // As json::parse types them: unsigned when not negative, signed when negative. Up to 18
  // digits, so no overflow; longer ones, fractions and exponents are not plain.
  bool read_integer(json& out) {
    bool negative = *at_ == '-';
    if (negative) ++at_;
    const char* start = at_;
    std::uint64_t value = 0;
    while (at_ != end_ && *at_ >= '0' && *at_ <= '9') value = value * 10 + (*at_++ - '0');
    auto digits = at_ - start;
    if (digits == 0 || digits > 18 || (*start == '0' && digits > 1)) return false;
    if (at_ != end_ && (*at_ == '.' || *at_ == 'e' || *at_ == 'E')) return false;
    if (negative)
      out = -static_cast<std::int64_t>(value);
    else
      out = value;
    return true;
  }

  bool read_object(json& out, int depth) {
    ++at_;
    out = json::object();
    skip_space();
    if (at_ != end_ && *at_ == '}') {
      ++at_;
      return true;
    }
    while (true) {
      skip_space();
      std::string_view key;
      if (at_ == end_ || *at_ != '"' || !read_string(key)) return false;
      skip_space();
      if (at_ == end_ || *at_ != ':') return false;
      ++at_;
      // A repeated key keeps its last value, as json::parse keeps it.
      if (!read_value(out[std::string(key)], depth)) return false;
      skip_space();
      if (at_ == end_) return false;
      if (*at_ == '}') {
        ++at_;
        return true;
      }
      if (*at_++ != ',') return false;
    }
  }

  bool read_array(json& out, int depth) {
    ++at_;
    out = json::array();
    skip_space();
    if (at_ != end_ && *at_ == ']') {
      ++at_;
      return true;
    }
    while (true) {
      if (!read_value(out.emplace_back(), depth)) return false;
      skip_space();
      if (at_ == end_) return false;
      if (*at_ == ']') {
        ++at_;
        return true;
      }
      if (*at_++ != ',') return false;
    }
  }

  const char* at_;
  const char* end_;
};

}  // namespace

std::optional<json> parse_plain_json(std::string_view text) {
  json out;
  if (!PlainJsonReader(text).read_document(out)) return std::nullopt;
  return out;
}

}  // namespace eddy::protocol
