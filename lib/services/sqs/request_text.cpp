#include "services/sqs/request_text.hpp"

#include "core/json_text.hpp"
#include "core/text_codes.hpp"

namespace eddy::services::sqs {

bool RequestText::read_plain_name(std::string_view& name) {
  skip_space();
  if (at_ == end_ || *at_ != '"') return false;
  const char* start = ++at_;
  // Names are short: byte by byte beats setting up the eight-byte scan.
  while (at_ != end_ && is_plain(*at_)) ++at_;
  if (at_ == end_ || *at_ != '"') return false;
  name = std::string_view(start, static_cast<std::size_t>(at_ - start));
  ++at_;
  return read_colon();
}

bool RequestText::read_colon() {
  skip_space();
  if (at_ == end_ || *at_ != ':') return false;
  ++at_;
  skip_space();
  return true;
}

bool RequestText::read_string(std::string& out) {
  skip_space();
  if (at_ == end_ || *at_ != '"') return false;
  const char* start = ++at_;
  // Most strings have nothing to decode: up to the closing quote eight bytes at a time.
  at_ += json_text::plain_ascii_prefix(std::string_view(at_, static_cast<std::size_t>(end_ - at_)));
  out.assign(start, at_);
  if (at_ != end_ && *at_ == '"') {
    ++at_;
    return true;
  }
  return read_decoded_rest(out);
}

bool RequestText::read_decoded_rest(std::string& out) {
  while (at_ != end_) {
    auto c = static_cast<unsigned char>(*at_);
    if (c == '"') {
      ++at_;
      return true;
    }
    if (c == '\\') {
      if (!read_escape(out)) return false;
    } else if (c >= 0x80) {
      if (!read_utf8(out)) return false;
    } else if (c < 0x20) {
      return false;  // json::parse refuses a raw control character
    } else {
      // The run up to the next escape: short ones (JSON text in a string) byte by byte, the rest
      // eight bytes at a time.
      const char* run = at_;
      const char* short_end = end_ - at_ > 16 ? at_ + 16 : end_;
      while (at_ != short_end && is_plain(*at_)) ++at_;
      if (at_ == short_end)
        at_ += json_text::plain_ascii_prefix(
            std::string_view(at_, static_cast<std::size_t>(end_ - at_)));
      out.append(run, at_);
    }
  }
  return false;
}

bool RequestText::read_escape(std::string& out) {
  if (end_ - at_ < 2) return false;
  char kind = at_[1];
  at_ += 2;
  switch (kind) {
    case '"':
    case '\\':
    case '/':
      out.push_back(kind);
      return true;
    case 'b':
      out.push_back('\b');
      return true;
    case 'f':
      out.push_back('\f');
      return true;
    case 'n':
      out.push_back('\n');
      return true;
    case 'r':
      out.push_back('\r');
      return true;
    case 't':
      out.push_back('\t');
      return true;
    case 'u':
      return read_unicode_escape(out);
    default:
      return false;
  }
}

// After "\u": four hex digits, and after a high surrogate the "\uDC00".."\uDFFF" that must follow
// (json::parse refuses a lone surrogate of either kind).
bool RequestText::read_unicode_escape(std::string& out) {
  std::uint32_t unit = 0;
  if (!read_hex4(unit) || (unit >= 0xDC00 && unit <= 0xDFFF)) return false;
  std::uint32_t code_point = unit;
  if (unit >= 0xD800 && unit <= 0xDBFF) {
    std::uint32_t low = 0;
    if (end_ - at_ < 2 || at_[0] != '\\' || at_[1] != 'u') return false;
    at_ += 2;
    if (!read_hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
    code_point = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
  }
  text_codes::append_utf8(out, code_point);
  return true;
}

bool RequestText::read_hex4(std::uint32_t& value) {
  if (end_ - at_ < 4) return false;
  value = 0;
  for (int i = 0; i < 4; ++i) {
    int digit = text_codes::hex_digit_value(*at_++);
    if (digit < 0) return false;
    value = value * 16 + static_cast<std::uint32_t>(digit);
  }
  return true;
}

// One well-formed UTF-8 sequence (Unicode's table 3-7, as json::parse checks it), copied.
bool RequestText::read_utf8(std::string& out) {
  auto lead = static_cast<unsigned char>(*at_);
  int continuations = 0;
  unsigned char second_min = 0x80, second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    continuations = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    continuations = 2;
    if (lead == 0xE0) second_min = 0xA0;
    if (lead == 0xED) second_max = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    continuations = 3;
    if (lead == 0xF0) second_min = 0x90;
    if (lead == 0xF4) second_max = 0x8F;
  } else {
    return false;
  }
  if (end_ - at_ <= continuations) return false;
  for (int i = 1; i <= continuations; ++i) {
    auto c = static_cast<unsigned char>(at_[i]);
    if (c < (i == 1 ? second_min : 0x80) || c > (i == 1 ? second_max : 0xBF)) return false;
  }
  out.append(at_, static_cast<std::size_t>(continuations + 1));
  at_ += continuations + 1;
  return true;
}

bool RequestText::read_integer(std::int64_t& out) {
  skip_space();
  bool negative = at_ != end_ && *at_ == '-';
  if (negative) ++at_;
  const char* start = at_;
  std::int64_t value = 0;
  while (at_ != end_ && *at_ >= '0' && *at_ <= '9') value = value * 10 + (*at_++ - '0');
  auto digits = at_ - start;
  // "-0" is json::parse's too, but rare enough to leave to it.
  if (digits == 0 || digits > 18 || (*start == '0' && (digits > 1 || negative))) return false;
  if (at_ != end_ && (*at_ == '.' || *at_ == 'e' || *at_ == 'E')) return false;
  out = negative ? -value : value;
  return true;
}

bool RequestText::read_string_list(std::vector<std::string>& out) {
  skip_space();
  if (at_ == end_ || *at_ != '[') return false;
  ++at_;
  skip_space();
  if (at_ != end_ && *at_ == ']') {
    ++at_;
    return true;
  }
  while (true) {
    if (!read_string(out.emplace_back())) return false;
    skip_space();
    if (at_ == end_) return false;
    if (*at_ == ']') {
      ++at_;
      return true;
    }
    if (*at_++ != ',') return false;
  }
}

}  // namespace eddy::services::sqs
