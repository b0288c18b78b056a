#pragma once
// Shard iterators: opaque, tamper-evident tokens naming a position in a shard, valid for a
// service's lifetime of the emulator's clock (Kinesis: five minutes; DynamoDB Streams: fifteen).
// Kinesis's GetShardIterator/GetRecords and DynamoDB Streams' share them: the stream is an
// identifier the service chooses (Kinesis: its stream row id; Streams: a stream ARN), the position
// a number the service orders its records by.
#include <cstdint>
#include <string>
#include <string_view>

#include "services/shards/siphash.hpp"

namespace eddy::services::shards {

struct IteratorPosition {
  std::string stream;  // at most 255 bytes
  std::int64_t shard_index = 0;
  std::int64_t position = 0;  // the first record to read has a position at least this
  std::int64_t created_ms = 0;
};

class ShardIteratorCodec {
 public:
  static constexpr std::int64_t kLifetimeMs = 300'000;
  static constexpr std::int64_t kStreamsLifetimeMs = 900'000;

  // A random key per emulator: iterators from another emulator, or forged, fail to verify.
  explicit ShardIteratorCodec(std::int64_t lifetime_ms = kLifetimeMs);
  ShardIteratorCodec(const ShardIteratorCodec&) = delete;
  ShardIteratorCodec& operator=(const ShardIteratorCodec&) = delete;

  std::string encode(const IteratorPosition& position) const;
  // Throws InvalidArgumentException "Invalid ShardIterator." for a token this codec did not
  // make, and ExpiredIteratorException once it is older than its lifetime at `now_ms`.
  IteratorPosition decode(std::string_view token, std::int64_t now_ms) const;

 private:
  // The token's MAC is SipHash-2-4's 128-bit tag of its payload under key_: a keyed PRF, as
  // tamper-evident as the HMAC-SHA256 it replaced at a fraction of the cost (GetRecords checks
  // one and signs one).
  SipHashKey key_{};
  std::int64_t lifetime_ms_;
};

}  // namespace eddy::services::shards
