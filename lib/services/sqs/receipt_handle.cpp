#include "services/sqs/receipt_handle.hpp"

#include <array>

#include "core/base64.hpp"

namespace eddy::services::sqs {
namespace {
constexpr char kVersion = 'G';
constexpr std::size_t kSize = 1 + 6 * 8;
// Before the lists kept receive state: no list.
constexpr char kListlessVersion = 'F';
constexpr std::size_t kListlessSize = 1 + 4 * 8;

// Writes `value` big-endian at `to`; returns the position after it.
char* put_u64(char* to, std::uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) *to++ = static_cast<char>((value >> shift) & 0xff);
  return to;
}

std::uint64_t get_u64(std::string_view bytes) {
  std::uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  return value;
}
}  // namespace

std::uint64_t message_tag(std::string_view message_id) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (char c : message_id) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

std::string encode_receipt_handle(const ReceiptHandle& handle) {
  // On the stack: a receive of ten encodes ten of them.
  std::array<char, kSize> raw;
  raw[0] = kVersion;
  char* at = put_u64(raw.data() + 1, static_cast<std::uint64_t>(handle.queue_id));
  at = put_u64(at, static_cast<std::uint64_t>(handle.row_id));
  at = put_u64(at, static_cast<std::uint64_t>(handle.token));
  at = put_u64(at, handle.message_tag);
  at = put_u64(at, static_cast<std::uint64_t>(handle.list_time));
  put_u64(at, static_cast<std::uint64_t>(handle.list_row));
  return base64::encode(std::string_view(raw.data(), raw.size()));
}

std::optional<ReceiptHandle> decode_receipt_handle(std::string_view text) {
  auto raw = base64::decode(text);
  if (!raw) return std::nullopt;
  bool listless = raw->size() == kListlessSize && (*raw)[0] == kListlessVersion;
  if (!listless && (raw->size() != kSize || (*raw)[0] != kVersion)) return std::nullopt;
  std::string_view bytes(*raw);
  ReceiptHandle out;
  out.queue_id = static_cast<std::int64_t>(get_u64(bytes.substr(1)));
  out.row_id = static_cast<std::int64_t>(get_u64(bytes.substr(9)));
  out.token = static_cast<std::int64_t>(get_u64(bytes.substr(17)));
  out.message_tag = get_u64(bytes.substr(25));
  if (!listless) {
    out.list_time = static_cast<std::int64_t>(get_u64(bytes.substr(33)));
    out.list_row = static_cast<std::int64_t>(get_u64(bytes.substr(41)));
  }
  if (out.queue_id <= 0 || out.row_id <= 0) return std::nullopt;
  return out;
}

}  // namespace eddy::services::sqs
