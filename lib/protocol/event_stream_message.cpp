#include "protocol/event_stream_message.hpp"

#include <stdexcept>

#include "core/hashing.hpp"

namespace eddy::protocol {
namespace {

constexpr std::size_t kPreludeBytes = 12;  // total length, headers length, prelude CRC
constexpr std::size_t kMessageCrcBytes = 4;
// AWS's limits: a message of at most 16 MiB, headers of at most 128 KiB.
constexpr std::uint32_t kMaxMessageBytes = 16 * 1024 * 1024;
constexpr std::uint32_t kMaxHeaderBytes = 128 * 1024;

void put_big_endian(std::string& out, std::uint64_t value, int bytes) {
  for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8)
    out += static_cast<char>((value >> shift) & 0xff);
}

std::uint64_t big_endian_at(std::string_view bytes, std::size_t at, int size) {
  std::uint64_t value = 0;
  for (int i = 0; i < size; ++i) value = (value << 8) | static_cast<std::uint8_t>(bytes[at + i]);
  return value;
}

// The size of a value of a fixed-size type.
std::size_t fixed_value_size(EventHeader::Type type) {
  switch (type) {
    case EventHeader::bool_true:
    case EventHeader::bool_false:
      return 0;
    case EventHeader::byte:
      return 1;
    case EventHeader::int16:
      return 2;
    case EventHeader::int32:
      return 4;
    case EventHeader::int64:
    case EventHeader::timestamp:
      return 8;
    case EventHeader::uuid:
      return 16;
    default:
      throw std::runtime_error("event stream header of an unknown type");
  }
}

[[noreturn]] void malformed(const char* what) {
  throw std::runtime_error(std::string("malformed event stream message: ") + what);
}

}  // namespace

std::string_view EventMessage::header(std::string_view name) const {
  for (const auto& header : headers)
    if (header.name == name) return header.value;
  return {};
}

std::string encode_event_message(const EventMessage& message) {
  std::string headers;
  for (const auto& header : message.headers) {
    headers += static_cast<char>(header.name.size());
    headers += header.name;
    headers += static_cast<char>(header.type);
    if (header.type == EventHeader::bytes || header.type == EventHeader::string)
      put_big_endian(headers, header.value.size(), 2);
    headers += header.value;
  }
  std::string out;
  std::size_t total = kPreludeBytes + headers.size() + message.payload.size() + kMessageCrcBytes;
  out.reserve(total);
  put_big_endian(out, total, 4);
  put_big_endian(out, headers.size(), 4);
  put_big_endian(out, hashing::crc32(out), 4);
  out += headers;
  out += message.payload;
  put_big_endian(out, hashing::crc32(out), 4);
  return out;
}

std::optional<EventMessage> decode_event_message(std::string_view bytes, std::size_t& consumed) {
  if (bytes.size() < kPreludeBytes) return std::nullopt;
  auto total = static_cast<std::uint32_t>(big_endian_at(bytes, 0, 4));
  auto headers_length = static_cast<std::uint32_t>(big_endian_at(bytes, 4, 4));
  if (hashing::crc32(bytes.substr(0, 8)) != big_endian_at(bytes, 8, 4))
    malformed("prelude CRC mismatch");
  if (total > kMaxMessageBytes || headers_length > kMaxHeaderBytes ||
      total < kPreludeBytes + headers_length + kMessageCrcBytes)
    malformed("lengths out of range");
  if (bytes.size() < total) return std::nullopt;
  if (hashing::crc32(bytes.substr(0, total - kMessageCrcBytes)) !=
      big_endian_at(bytes, total - kMessageCrcBytes, 4))
    malformed("message CRC mismatch");

  EventMessage message;
  std::size_t at = kPreludeBytes;
  std::size_t headers_end = kPreludeBytes + headers_length;
  auto need = [&](std::size_t n) {
    if (n > headers_end - at) malformed("header overruns the headers");
  };
  while (at < headers_end) {
    EventHeader header;
    need(1);
    std::size_t name_length = static_cast<std::uint8_t>(bytes[at++]);
    need(name_length + 1);
    header.name = bytes.substr(at, name_length);
    at += name_length;
    header.type = static_cast<EventHeader::Type>(bytes[at++]);
    std::size_t value_length;
    if (header.type == EventHeader::bytes || header.type == EventHeader::string) {
      need(2);
      value_length = big_endian_at(bytes, at, 2);
      at += 2;
    } else {
      value_length = fixed_value_size(header.type);
    }
    need(value_length);
    header.value = bytes.substr(at, value_length);
    at += value_length;
    message.headers.push_back(std::move(header));
  }
  message.payload = bytes.substr(headers_end, total - headers_end - kMessageCrcBytes);
  consumed = total;
  return message;
}

}  // namespace eddy::protocol
