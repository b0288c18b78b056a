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
    std::string_view rest(at_, static_cast<std::size_t>(end_ - at_));
    if (c == '\\') {
      std::size_t used = text_codes::append_json_escape(rest, out);
      if (!used) return false;
      at_ += used;
    } else if (c >= 0x80) {
      std::size_t used = text_codes::utf8_sequence_length(rest);
      if (!used) return false;
      out.append(at_, used);
      at_ += used;
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
