#pragma once
// A position in JSON text, moved left to right by the hand-written readers of hot requests
// (protocol/plain_json, SQS's request text, DynamoDB's item and request text) and of stored item
// text. Each reader says yes only to text it fully understands and otherwise gives up, leaving
// the request to json::parse; these steps are the parts they share: white space, one expected
// character, strings (as written, or decoded as json::parse decodes them), plain integers, and
// skipping a value unchecked. Every step skips leading white space and answers false, leaving
// the position unspecified, at text it does not take.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace eddy {

class JsonCursor {
 public:
  JsonCursor(const char* at, const char* end) : at_(at), end_(end) {}
  explicit JsonCursor(std::string_view text) : JsonCursor(text.data(), text.data() + text.size()) {}

  const char* position() const { return at_; }
  std::string_view rest() const {
    return std::string_view(at_, static_cast<std::size_t>(end_ - at_));
  }

  void skip_space() {
    while (at_ != end_ && (*at_ == ' ' || *at_ == '\n' || *at_ == '\r' || *at_ == '\t')) ++at_;
  }
  // Whether only white space is left.
  bool at_end() {
    skip_space();
    return at_ == end_;
  }
  // The next character is `c`: consumed.
  bool take(char c) {
    skip_space();
    if (at_ == end_ || *at_ != c) return false;
    ++at_;
    return true;
  }
  // The next character, not consumed ('\0' at the end).
  char peek() {
    skip_space();
    return at_ == end_ ? '\0' : *at_;
  }
  // The literal `word` (true, false, null): consumed.
  bool take_word(std::string_view word) {
    skip_space();
    if (static_cast<std::size_t>(end_ - at_) < word.size() ||
        std::string_view(at_, word.size()) != word)
      return false;
    at_ += word.size();
    return true;
  }

  // A string of printable ASCII with nothing escaped (a member's name, a table's name): its
  // content, viewing the text.
  bool read_plain_string(std::string_view& out) {
    if (!take('"')) return false;
    const char* start = at_;
    at_ = past_plain_short(at_, end_);
    if (at_ == end_ || *at_ != '"') return false;
    out = std::string_view(start, static_cast<std::size_t>(at_ - start));
    ++at_;
    return true;
  }
  // A string with nothing escaped and no control character, its UTF-8 well formed: its content
  // as written, which is what json::parse gives for it.
  bool read_unescaped_string(std::string_view& out) {
    if (!take('"')) return false;
    const char* start = at_;
    at_ = past_plain_short(at_, end_);
    if (at_ == end_ || *at_ != '"') {
      if (!read_unescaped_rest()) return false;
    }
    out = std::string_view(start, static_cast<std::size_t>(at_ - start));
    ++at_;
    return true;
  }
  // Any string json::parse takes, its escapes decoded: `out` views the text when there was
  // nothing to decode, and `decoded` otherwise (valid until `decoded` changes).
  bool read_string(std::string_view& out, std::string& decoded);
  // The same, always into `out`.
  bool read_string(std::string& out);
  // An integer of up to 18 digits (no overflow), with no fraction or exponent and no leading
  // zero; `negative` says whether it had a minus sign ("-0" is 0, negative).
  bool read_integer(std::int64_t& out, bool& negative);
  // Past one value without checking it: a string, an object or array with all it holds, or the
  // characters of a scalar up to the ',' '}' or ']' after it.
  bool skip_value();

 private:
  // ASCII that stands for itself in a JSON string: no quote, backslash or control character. A
  // table: one load a byte in the loops over short runs.
  static constexpr std::array<bool, 256> kPlain = [] {
    std::array<bool, 256> plain{};
    for (int c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
    return plain;
  }();
  static bool is_plain(char c) { return kPlain[static_cast<unsigned char>(c)]; }
  // Past the plain ASCII from `at`, eight bytes at a time: most of a long string goes by so.
  static const char* past_plain(const char* at, const char* end);
  // The same for text that is mostly short (names, type tags, numbers, short runs between
  // escapes): the first `look` bytes one by one, before a call that would cost more than they do.
  static const char* past_plain_short(const char* at, const char* end, std::ptrdiff_t look = 8) {
    const char* short_end = end - at > look ? at + look : end;
    while (at != short_end && is_plain(*at)) ++at;
    return at == short_end && at != end ? past_plain(at, end) : at;
  }
  // The rest of an unescaped string from the first byte that is not plain ASCII, up to (not past)
  // its closing quote.
  bool read_unescaped_rest();
  // Decodes the rest of a string whose first part is already in `out`, through its closing quote.
  bool read_decoded_rest(std::string& out);
  // Past a string whose opening quote is at the position.
  bool skip_string();

  const char* at_;
  const char* end_;
};

}  // namespace eddy
