#pragma once
// Reading an SQS request's members straight from its JSON text (protocol::Call::json_text), for
// the few shapes the hot operations take: building a json value and taking it apart cost more
// than the rest of a SendMessage outside the store. The reader only says yes to text it fully
// understands: well-formed JSON objects, strings, plain integers and lists of strings. At anything
// else (a float, null, a boolean, malformed text, an escape json::parse would refuse) it gives up,
// and the caller parses the body into a json value and takes the ordinary path, so every error and
// edge case stays that path's.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace eddy::services::sqs {

class RequestText {
 public:
  explicit RequestText(std::string_view text) : at_(text.data()), end_(text.data() + text.size()) {}

  // Reads an object, calling `on_member(name)` with the cursor on each member's value; the call
  // reads the value (read_string, read_integer, read_object ...) and returns false to give up.
  // Names are taken as written: one with an escape or a byte from 0x80 gives up (no member an SQS
  // operation reads is spelt so). False when the object is not well formed or a call gave up.
  template <class OnMember>
  bool read_object(OnMember&& on_member) {
    return read_members([this](std::string_view& name) { return read_plain_name(name); },
                        on_member);
  }
  // The same for a map, whose keys are data (attribute names): any string, escapes decoded. The
  // key passed to `on_entry` is valid until the next one is read.
  template <class OnEntry>
  bool read_map(OnEntry&& on_entry) {
    return read_members(
        [this](std::string_view& name) {
          if (!read_string(key_) || !read_colon()) return false;
          name = key_;
          return true;
        },
        on_entry);
  }

  // A string value, its escapes decoded as json::parse decodes them.
  bool read_string(std::string& out);
  // An integer value of up to 18 digits, with no fraction or exponent.
  bool read_integer(std::int64_t& out);
  // A list of strings.
  bool read_string_list(std::vector<std::string>& out);
  // Whether the whole text has been read (only white space left).
  bool at_end() {
    skip_space();
    return at_ == end_;
  }

 private:
  void skip_space() {
    while (at_ != end_ && (*at_ == ' ' || *at_ == '\n' || *at_ == '\r' || *at_ == '\t')) ++at_;
  }
  // ASCII that stands for itself in a JSON string: no quote, backslash or control character. A
  // table: one load a byte in the loops over names and short runs.
  static constexpr std::array<bool, 256> kPlain = [] {
    std::array<bool, 256> plain{};
    for (int c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
    return plain;
  }();
  static bool is_plain(char c) { return kPlain[static_cast<unsigned char>(c)]; }
  template <class ReadName, class OnMember>
  bool read_members(ReadName read_name, OnMember& on_member) {
    skip_space();
    if (at_ == end_ || *at_ != '{') return false;
    ++at_;
    skip_space();
    if (at_ != end_ && *at_ == '}') {
      ++at_;
      return true;
    }
    while (true) {
      std::string_view name;
      if (!read_name(name) || !on_member(name)) return false;
      skip_space();
      if (at_ == end_) return false;
      if (*at_ == '}') {
        ++at_;
        return true;
      }
      if (*at_++ != ',') return false;
    }
  }
  // A member's name and the colon after it.
  bool read_plain_name(std::string_view& name);
  // The colon after a name, and the space around it.
  bool read_colon();
  bool read_decoded_rest(std::string& out);

  const char* at_;
  const char* end_;
  std::string key_;  // read_map's current key
};

}  // namespace eddy::services::sqs
