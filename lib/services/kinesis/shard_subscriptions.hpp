#pragma once
// Which enhanced fan-out subscriptions are open: AWS allows one per consumer per shard. A second
// SubscribeToShard within 5 seconds of the first is refused; one 5 seconds or more later takes the
// subscription over, and the first ends with ResourceInUseException when it next looks.
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "eddy/clock.hpp"

namespace eddy::services::kinesis {

class ShardSubscriptions {
 public:
  static constexpr std::int64_t kTakeOverAfterMs = 5000;

  struct Claim {
    std::string key;  // consumer ARN and shard
    std::uint64_t generation = 0;
  };
  // The subscription for `key`, or nullopt when another took it less than 5 seconds ago.
  std::optional<Claim> claim(const std::string& key, std::int64_t now_ms);
  // False once a later claim took the subscription over.
  bool holds(const Claim& claim) const;
  // The subscription ended: the consumer may subscribe again at once.
  void release(const Claim& claim);
  void clear();

 private:
  struct Holder {
    std::uint64_t generation = 0;
    std::int64_t since_ms = 0;
  };
  mutable std::mutex mutex_;
  std::uint64_t next_generation_ = 1;
  std::unordered_map<std::string, Holder> holders_;
};

// One open subscription: where it reads next and until when.
struct ShardSubscription {
  ShardSubscriptions::Claim claim;
  std::int64_t stream_id = 0;
  std::int64_t shard_index = 0;
  std::string consumer_name;
  std::int64_t consumer_created_secs = 0;  // a consumer registered again is another consumer
  std::string in_use_message;              // ResourceInUseException's, when taken over
  std::int64_t position = 0;               // the counter of the next record to send
  TimePoint ends_at;                       // AWS ends a subscription after 5 minutes
};

}  // namespace eddy::services::kinesis
