#include "services/sqs/receipt_handle.hpp"

#include "core/base64.hpp"

namespace eddy::services::sqs {
namespace {
constexpr char kVersion = 'E';
constexpr std::size_t kSize = 1 + 3 * 8;

void put_u64(std::string& out, std::uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((value >> shift) & 0xff));
}

std::uint64_t get_u64(std::string_view bytes) {
  std::uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  return value;
}
}  // namespace

std::string encode_receipt_handle(const ReceiptHandle& handle) {
  std::string raw;
  raw.reserve(kSize);
  raw.push_back(kVersion);
  put_u64(raw, static_cast<std::uint64_t>(handle.queue_id));
  put_u64(raw, static_cast<std::uint64_t>(handle.row_id));
  put_u64(raw, static_cast<std::uint64_t>(handle.token));
  return base64::encode(raw);
}

std::optional<ReceiptHandle> decode_receipt_handle(std::string_view text) {
  auto raw = base64::decode(text);
  if (!raw || raw->size() != kSize || (*raw)[0] != kVersion) return std::nullopt;
  std::string_view bytes(*raw);
  ReceiptHandle out;
  out.queue_id = static_cast<std::int64_t>(get_u64(bytes.substr(1)));
  out.row_id = static_cast<std::int64_t>(get_u64(bytes.substr(9)));
  out.token = static_cast<std::int64_t>(get_u64(bytes.substr(17)));
  if (out.queue_id <= 0 || out.row_id <= 0) return std::nullopt;
  return out;
}

}  // namespace eddy::services::sqs
