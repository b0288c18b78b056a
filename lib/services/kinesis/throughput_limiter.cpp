#include "services/kinesis/throughput_limiter.hpp"

#include <fmt/format.h>

namespace eddy::services::kinesis {

ThroughputLimiter::Window& ThroughputLimiter::window(std::int64_t stream_id, std::int64_t shard,
                                                     std::int64_t now_ms) {
  Window& found = windows_[fmt::format("{}/{}", stream_id, shard)];
  std::int64_t second = now_ms / 1000;
  if (found.second != second) found = Window{.second = second};
  return found;
}

bool ThroughputLimiter::admit_write(std::int64_t stream_id, std::int64_t shard, std::int64_t bytes,
                                    std::int64_t now_ms) {
  if (!enabled_) return true;
  std::lock_guard lock(mutex_);
  Window& current = window(stream_id, shard, now_ms);
  if (current.write_records + 1 > kWriteRecordsPerSecond ||
      current.write_bytes + bytes > kWriteBytesPerSecond)
    return false;
  current.write_records += 1;
  current.write_bytes += bytes;
  return true;
}

bool ThroughputLimiter::admit_read(std::int64_t stream_id, std::int64_t shard,
                                   std::int64_t now_ms) {
  if (!enabled_) return true;
  std::lock_guard lock(mutex_);
  Window& current = window(stream_id, shard, now_ms);
  if (current.read_calls + 1 > kReadCallsPerSecond || current.read_bytes >= kReadBytesPerSecond)
    return false;
  current.read_calls += 1;
  return true;
}

void ThroughputLimiter::count_read_bytes(std::int64_t stream_id, std::int64_t shard,
                                         std::int64_t bytes, std::int64_t now_ms) {
  if (!enabled_) return;
  std::lock_guard lock(mutex_);
  window(stream_id, shard, now_ms).read_bytes += bytes;
}

void ThroughputLimiter::clear() {
  std::lock_guard lock(mutex_);
  windows_.clear();
}

}  // namespace eddy::services::kinesis
