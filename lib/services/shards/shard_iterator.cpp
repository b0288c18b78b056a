#include "services/shards/shard_iterator.hpp"

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <sys/random.h>

#include <ctime>
#include <stdexcept>

#include "core/base64.hpp"
#include "eddy/aws_error.hpp"

namespace eddy::services::shards {
namespace {

constexpr unsigned char kTokenVersion = 1;
constexpr std::size_t kMacBytes = 16;  // SipHash-2-4's long tag: forging needs 2^128 tries

void append_u64(std::string& out, std::uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((value >> shift) & 0xff));
}

std::uint64_t read_u64(std::string_view bytes, std::size_t at) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < 8; ++i)
    value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

AwsError invalid_iterator() {
  return AwsError("InvalidArgumentException", "Invalid ShardIterator.");
}

// As Java's Date.toString() writes a UTC time, which AWS's message uses: Thu Jan 22 01:22:02 UTC
// 2015.
std::string java_utc_date(std::int64_t ms) {
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[64];
  std::strftime(text, sizeof text, "%a %b %d %H:%M:%S UTC %Y", &parts);
  return text;
}

}  // namespace

ShardIteratorCodec::ShardIteratorCodec(std::int64_t lifetime_ms) : lifetime_ms_(lifetime_ms) {
  // From the kernel, not RAND_bytes: OpenSSL's first RAND_bytes builds its DRBG and provider
  // tables, a quarter of start-up's instructions and memory every emulator then keeps.
  if (getrandom(key_.data(), key_.size(), 0) != static_cast<ssize_t>(key_.size()))
    throw std::runtime_error("no randomness for the shard iterator key");
}

std::string ShardIteratorCodec::encode(const IteratorPosition& position) const {
  std::string payload;
  payload.push_back(static_cast<char>(kTokenVersion));
  append_u64(payload, static_cast<std::uint64_t>(position.created_ms));
  append_u64(payload, static_cast<std::uint64_t>(position.shard_index));
  append_u64(payload, static_cast<std::uint64_t>(position.position));
  payload.push_back(static_cast<char>(position.stream.size()));
  payload += position.stream.substr(0, 255);
  SipHashTag mac = siphash_2_4_128(key_, payload);
  payload.append(reinterpret_cast<const char*>(mac.data()), kMacBytes);
  return base64::encode(payload);
}

IteratorPosition ShardIteratorCodec::decode(std::string_view token, std::int64_t now_ms) const {
  auto bytes = base64::decode(token);
  constexpr std::size_t kFixed = 1 + 8 + 8 + 8 + 1;
  if (!bytes || bytes->size() < kFixed + kMacBytes) throw invalid_iterator();
  std::string_view data = *bytes;
  std::size_t stream_size = static_cast<unsigned char>(data[kFixed - 1]);
  if (data.size() != kFixed + stream_size + kMacBytes ||
      static_cast<unsigned char>(data[0]) != kTokenVersion)
    throw invalid_iterator();
  std::string_view payload = data.substr(0, kFixed + stream_size);
  SipHashTag mac = siphash_2_4_128(key_, payload);
  if (CRYPTO_memcmp(mac.data(), data.data() + payload.size(), kMacBytes) != 0)
    throw invalid_iterator();
  IteratorPosition position{
      .stream = std::string(payload.substr(kFixed)),
      .shard_index = static_cast<std::int64_t>(read_u64(data, 9)),
      .position = static_cast<std::int64_t>(read_u64(data, 17)),
      .created_ms = static_cast<std::int64_t>(read_u64(data, 1)),
  };
  if (now_ms - position.created_ms > lifetime_ms_)
    throw AwsError(
        "ExpiredIteratorException",
        fmt::format("Iterator expired. The iterator was created at time {} while right "
                    "now it is {} which is further in the future than the tolerated "
                    "delay of {} milliseconds.",
                    java_utc_date(position.created_ms), java_utc_date(now_ms), lifetime_ms_));
  return position;
}

}  // namespace eddy::services::shards
