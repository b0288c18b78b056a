#pragma once
// Kinesis's per-shard throughput limits, enforced only when the emulator is asked to
// (--kinesis-throughput-limits): a shard takes 1 MiB or 1000 records a second written, and 5
// GetRecords calls or 2 MiB a second read. Each second of the emulator's clock is a fresh window.
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace eddy::services::kinesis {

class ThroughputLimiter {
 public:
  static constexpr std::int64_t kWriteBytesPerSecond = 1024 * 1024;
  static constexpr std::int64_t kWriteRecordsPerSecond = 1000;
  static constexpr std::int64_t kReadBytesPerSecond = 2 * 1024 * 1024;
  static constexpr std::int64_t kReadCallsPerSecond = 5;

  explicit ThroughputLimiter(bool enabled) : enabled_(enabled) {}

  // Counts one record of `bytes` written to the shard; false (and nothing counted) when it would
  // take the shard past its write limit this second.
  bool admit_write(std::int64_t stream_id, std::int64_t shard, std::int64_t bytes,
                   std::int64_t now_ms);
  // Counts one GetRecords call; false when the shard already served its calls or bytes this
  // second.
  bool admit_read(std::int64_t stream_id, std::int64_t shard, std::int64_t now_ms);
  void count_read_bytes(std::int64_t stream_id, std::int64_t shard, std::int64_t bytes,
                        std::int64_t now_ms);
  void clear();

 private:
  struct Window {
    std::int64_t second = -1;
    std::int64_t write_bytes = 0;
    std::int64_t write_records = 0;
    std::int64_t read_bytes = 0;
    std::int64_t read_calls = 0;
  };
  Window& window(std::int64_t stream_id, std::int64_t shard, std::int64_t now_ms);

  bool enabled_;
  std::mutex mutex_;
  std::unordered_map<std::string, Window> windows_;
};

}  // namespace eddy::services::kinesis
