#pragma once
// Access keys Eddy itself issued (STS AssumeRole): a request signed with one acts as the identity
// it was issued to, in that identity's account. Any other key maps by the emulator's usual rule
// (a 12-digit key is the account, anything else the default account).
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
  }
  std::optional<CallerIdentity> find(std::string_view access_key_id) const {
    std::shared_lock lock(mutex_);
    auto it = issued_.find(std::string(access_key_id));
    if (it == issued_.end()) return std::nullopt;
    return it->second;
  }
  void clear() {
    std::unique_lock lock(mutex_);
    issued_.clear();
  }

 private:
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, CallerIdentity> issued_;
};

}  // namespace eddy::services
