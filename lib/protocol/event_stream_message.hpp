#pragma once
// AWS's event stream framing (Content-Type application/vnd.amazon.eventstream), which carries a
// streamed answer (Kinesis SubscribeToShard) as a run of messages:
//
//   total length (4) | headers length (4) | prelude CRC32 (4) | headers | payload | message CRC32
//   (4)
//
// big-endian, each header a 1-byte name length, the name, a type byte and the value. The CRC32s
// (zlib's) cover the prelude, and everything before the last four bytes.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eddy::protocol {

struct EventHeader {
  // The value types of the framing; AWS's answers use strings (:event-type, :message-type ...).
  enum Type : std::uint8_t {
    bool_true = 0,
    bool_false = 1,
    byte = 2,
    int16 = 3,
    int32 = 4,
    int64 = 5,
    bytes = 6,
    string = 7,
    timestamp = 8,
    uuid = 9,
  };
  std::string name;
  std::string value;  // the value's bytes as framed: text for strings, big-endian for numbers
  Type type = string;

  bool operator==(const EventHeader&) const = default;
};

struct EventMessage {
  std::vector<EventHeader> headers;
  std::string payload;

  // The first header named `name`'s value; empty when there is none.
  std::string_view header(std::string_view name) const;
};

std::string encode_event_message(const EventMessage& message);

// Reads the message at the start of `bytes`; nullopt while it is incomplete. `consumed` is set
// to its length. Throws std::runtime_error for a message that is malformed or fails its CRCs.
std::optional<EventMessage> decode_event_message(std::string_view bytes, std::size_t& consumed);

}  // namespace eddy::protocol
