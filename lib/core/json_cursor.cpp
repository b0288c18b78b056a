#include "core/json_cursor.hpp"

#include "core/json_text.hpp"
#include "core/text_codes.hpp"

namespace eddy {

const char* JsonCursor::past_plain(const char* at, const char* end) {
  return at +
         json_text::plain_ascii_prefix(std::string_view(at, static_cast<std::size_t>(end - at)));
}

bool JsonCursor::read_unescaped_rest() {
  while (at_ != end_) {
    auto c = static_cast<unsigned char>(*at_);
    if (c == '"') return true;
    if (c < 0x80) return false;  // an escape or a control character
    std::size_t length = text_codes::utf8_sequence_length(rest());
    if (!length) return false;
    at_ = past_plain_short(at_ + length, end_);
  }
  return false;
}

bool JsonCursor::read_string(std::string_view& out, std::string& decoded) {
  if (!take('"')) return false;
  const char* start = at_;
  at_ = past_plain(at_, end_);
  if (at_ != end_ && *at_ == '"') {  // most strings: nothing to decode
    out = std::string_view(start, static_cast<std::size_t>(at_ - start));
    ++at_;
    return true;
  }
  decoded.assign(start, at_);
  if (!read_decoded_rest(decoded)) return false;
  out = decoded;
  return true;
}

bool JsonCursor::read_string(std::string& out) {
  if (!take('"')) return false;
  const char* start = at_;
  at_ = past_plain(at_, end_);
  out.assign(start, at_);
  if (at_ != end_ && *at_ == '"') {
    ++at_;
    return true;
  }
  return read_decoded_rest(out);
}

bool JsonCursor::read_decoded_rest(std::string& out) {
  while (at_ != end_) {
    auto c = static_cast<unsigned char>(*at_);
    if (c == '"') {
      ++at_;
      return true;
    }
    if (c == '\\') {
      std::size_t used = text_codes::append_json_escape(rest(), out);
      if (!used) return false;
      at_ += used;
    } else if (c >= 0x80) {
      std::size_t used = text_codes::utf8_sequence_length(rest());
      if (!used) return false;
      out.append(at_, used);
      at_ += used;
    } else if (c < 0x20) {
      return false;  // json::parse refuses a raw control character
    } else {
      const char* run = at_;
      at_ = past_plain_short(at_, end_, 16);  // JSON text in a string: short runs between escapes
      out.append(run, at_);
    }
  }
  return false;
}

bool JsonCursor::read_integer(std::int64_t& out, bool& negative) {
  skip_space();
  negative = at_ != end_ && *at_ == '-';
  if (negative) ++at_;
  const char* start = at_;
  std::int64_t value = 0;
  while (at_ != end_ && *at_ >= '0' && *at_ <= '9') value = value * 10 + (*at_++ - '0');
  auto digits = at_ - start;
  if (digits == 0 || digits > 18 || (*start == '0' && digits > 1)) return false;
  if (at_ != end_ && (*at_ == '.' || *at_ == 'e' || *at_ == 'E')) return false;
  out = negative ? -value : value;
  return true;
}

bool JsonCursor::skip_string() {
  for (++at_; at_ != end_; ++at_) {
    at_ = past_plain_short(at_, end_, 8);
    if (at_ == end_) return false;
    if (*at_ == '"') {
      ++at_;
      return true;
    }
    if (*at_ == '\\' && ++at_ == end_) return false;  // the escaped byte goes by with it
  }
  return false;
}

bool JsonCursor::skip_value() {
  skip_space();
  int depth = 0;
  while (at_ != end_) {
    char c = *at_;
    if (c == '"') {
      if (!skip_string()) return false;
      if (depth == 0) return true;
    } else if (c == '{' || c == '[') {
      ++depth;
      ++at_;
    } else if (c == '}' || c == ']') {
      if (depth == 0) return true;  // the end of the enclosing object or array, after a scalar
      ++at_;
      if (--depth == 0) return true;
    } else if (c == ',' && depth == 0) {
      return true;
    } else {
      ++at_;
    }
  }
  return depth == 0;
}

}  // namespace eddy
