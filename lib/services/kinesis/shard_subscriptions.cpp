#include "services/kinesis/shard_subscriptions.hpp"

namespace eddy::services::kinesis {

std::optional<ShardSubscriptions::Claim> ShardSubscriptions::claim(const std::string& key,
                                                                   std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto held = holders_.find(key);
  if (held != holders_.end() && now_ms - held->second.since_ms < kTakeOverAfterMs)
    return std::nullopt;
  std::uint64_t generation = next_generation_++;
  holders_[key] = Holder{generation, now_ms};
  return Claim{key, generation};
}

bool ShardSubscriptions::holds(const Claim& claim) const {
  std::lock_guard lock(mutex_);
  auto held = holders_.find(claim.key);
  return held != holders_.end() && held->second.generation == claim.generation;
}

void ShardSubscriptions::release(const Claim& claim) {
  std::lock_guard lock(mutex_);
  auto held = holders_.find(claim.key);
  if (held != holders_.end() && held->second.generation == claim.generation) holders_.erase(held);
}

void ShardSubscriptions::clear() {
  std::lock_guard lock(mutex_);
  holders_.clear();
}

}  // namespace eddy::services::kinesis
