#pragma once
// Access keys Eddy itself issued (STS AssumeRole): a request signed with one acts as the identity
// it was issued to, in that identity's account. Any other key maps by the emulator's usual rule
// (a 12-digit key is the account, anything else the default account).
#include <atomic>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace eddy::services {

struct CallerIdentity {
  std::string account;
  std::string arn;      // arn:aws:sts::<account>:assumed-role/<role>/<session>
  std::string user_id;  // <role id>:<session>
};

class AccessKeys {
 public:
  void add(const std::string& access_key_id, CallerIdentity identity) {
    std::unique_lock lock(mutex_);
    issued_[access_key_id] = std::move(identity);
    any_issued_.store(true, std::memory_order_release);
  }
  std::optional<CallerIdentity> find(std::string_view access_key_id) const {
    // Every request asks, and few emulators ever issue a key: without one issued the answer needs
    // no lock, whose taking wrote a line that both io threads shared, at every request.
    if (!any_issued_.load(std::memory_order_acquire)) return std::nullopt;
    std::shared_lock lock(mutex_);
    auto it = issued_.find(std::string(access_key_id));
    if (it == issued_.end()) return std::nullopt;
    return it->second;
  }
  void clear() {
    std::unique_lock lock(mutex_);
    issued_.clear();
    any_issued_.store(false, std::memory_order_release);
  }

 private:
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, CallerIdentity> issued_;
  std::atomic<bool> any_issued_{false};
};

}  // namespace eddy::services
