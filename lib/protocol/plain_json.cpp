#include "protocol/plain_json.hpp"

#include <cstdint>
#include <optional>
#include <string>

#include "core/json_text.hpp"
#include "core/text_codes.hpp"

namespace eddy::protocol {
namespace {

// Deeper nesting is rare in requests; json::parse takes it.
constexpr int kMaxPlainDepth = 32;

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

  // A string up to its closing quote, its escapes decoded as json::parse decodes them. Control
  // characters, unknown escapes, unpaired surrogates and ill-formed UTF-8 are not plain:
  // json::parse gives their errors. `text` views the input, or decoded_ when there was something
  // to decode (valid until the next string).
  bool read_string(std::string_view& text) {
    const char* start = ++at_;
    // Up to the first byte that ends the string or needs decoding, eight bytes at a time: base64
    // record data and iterator tokens are most of what Kinesis requests hold.
    at_ +=
        json_text::plain_ascii_prefix(std::string_view(at_, static_cast<std::size_t>(end_ - at_)));
    if (at_ != end_ && *at_ == '"') {  // most strings: nothing to decode
      text = std::string_view(start, static_cast<std::size_t>(at_ - start));
      ++at_;
      return true;
    }
    decoded_.assign(start, at_);
    if (!read_decoded_rest(decoded_)) return false;
    text = decoded_;
    return true;
  }

  bool read_decoded_rest(std::string& text) {
    while (at_ != end_) {
      auto c = static_cast<unsigned char>(*at_);
      if (c == '"') {
        ++at_;
        return true;
      }
      if (c == '\\') {
        std::size_t used = text_codes::append_json_escape(rest(), text);
        if (!used) return false;
        at_ += used;
      } else if (c >= 0x80) {
        std::size_t used = text_codes::utf8_sequence_length(rest());
        if (!used) return false;
        text.append(at_, used);
        at_ += used;
      } else if (c < 0x20) {
        return false;
      } else {
        text.push_back(static_cast<char>(c));
        ++at_;
      }
    }
    return false;
  }

  std::string_view rest() const {
    return std::string_view(at_, static_cast<std::size_t>(end_ - at_));
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
  std::string decoded_;
};

}  // namespace

std::optional<json> parse_plain_json(std::string_view text) {
  json out;
  if (!PlainJsonReader(text).read_document(out)) return std::nullopt;
  return out;
}

}  // namespace eddy::protocol
