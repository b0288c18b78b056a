#pragma once
// Reading an SQS request's members straight from its JSON text (protocol::Call::json_text), for
// the few shapes the hot operations take: building a json value and taking it apart cost more
// than the rest of a SendMessage outside the store. The reader only says yes to text it fully
// understands: well-formed JSON objects, strings, plain integers and lists of strings. At anything
// else (a float, null, a boolean, malformed text, an escape json::parse would refuse) it gives up,
// and the caller parses the body into a json value and takes the ordinary path, so every error and
// edge case stays that path's.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_cursor.hpp"

namespace eddy::services::sqs {

class RequestText {
 public:
  explicit RequestText(std::string_view text) : cursor_(text) {}

  // Reads an object, calling `on_member(name)` with the cursor on each member's value; the call
  // reads the value (read_string, read_integer, read_object ...) and returns false to give up.
  // Names are taken as written: one with an escape or a byte from 0x80 gives up (no member an SQS
  // operation reads is spelt so). False when the object is not well formed or a call gave up.
  template <class OnMember>
  bool read_object(OnMember&& on_member) {
    return read_members([this](std::string_view& name) { return cursor_.read_plain_string(name); },
                        on_member);
  }
  // The same for a map, whose keys are data (attribute names): any string, escapes decoded. The
  // key passed to `on_entry` is valid until the next one is read.
  template <class OnEntry>
  bool read_map(OnEntry&& on_entry) {
    return read_members(
        [this](std::string_view& name) {
          if (!cursor_.read_string(key_)) return false;
          name = key_;
          return true;
        },
        on_entry);
  }

  // A string value, its escapes decoded as json::parse decodes them.
  bool read_string(std::string& out) { return cursor_.read_string(out); }
  // An integer value of up to 18 digits, with no fraction or exponent.
  bool read_integer(std::int64_t& out);
  // A list of strings.
  bool read_string_list(std::vector<std::string>& out);
  // A list, calling `read_item()` with the cursor on each item; the call reads the item and
  // returns false to give up.
  template <class ReadItem>
  bool read_list(ReadItem&& read_item) {
    if (!cursor_.take('[')) return false;
    if (cursor_.take(']')) return true;
    do {
      if (!read_item()) return false;
    } while (cursor_.take(','));
    return cursor_.take(']');
  }
  // Whether the whole text has been read (only white space left).
  bool at_end() { return cursor_.at_end(); }

 private:
  template <class ReadName, class OnMember>
  bool read_members(ReadName read_name, OnMember& on_member) {
    if (!cursor_.take('{')) return false;
    if (cursor_.take('}')) return true;
    do {
      std::string_view name;
      if (!read_name(name) || !cursor_.take(':') || !on_member(name)) return false;
    } while (cursor_.take(','));
    return cursor_.take('}');
  }

  JsonCursor cursor_;
  std::string key_;  // read_map's current key
};

}  // namespace eddy::services::sqs
