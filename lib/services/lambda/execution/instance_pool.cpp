#include "services/lambda/execution/instance_pool.hpp"

#include <algorithm>

namespace eddy::services::lambda {

template <class Predicate>
std::vector<std::shared_ptr<FunctionInstance>> InstancePool::remove_if(Predicate stop_now) {
  std::vector<std::shared_ptr<FunctionInstance>> removed;
  std::lock_guard lock(mutex_);
  auto kept = std::stable_partition(entries_.begin(), entries_.end(),
                                    [&](const Entry& entry) { return !stop_now(entry); });
  for (auto it = kept; it != entries_.end(); ++it) removed.push_back(std::move(it->instance));
  entries_.erase(kept, entries_.end());
  return removed;
}

std::shared_ptr<FunctionInstance> InstancePool::take_idle(const FunctionDeployment& deployment) {
  std::lock_guard lock(mutex_);
  // The most recently used first: the others then age out when traffic drops.
  Entry* chosen = nullptr;
  for (auto& entry : entries_) {
    if (entry.busy || entry.retiring || !entry.instance->reusable()) continue;
    if (!(entry.instance->deployment() == deployment)) continue;
    if (chosen == nullptr || entry.idle_since > chosen->idle_since) chosen = &entry;
  }
  if (chosen == nullptr) return nullptr;
  chosen->busy = true;
  return chosen->instance;
}

bool InstancePool::add_busy(const std::shared_ptr<FunctionInstance>& instance) {
  {
    std::lock_guard lock(mutex_);
    if (!shut_down_) {
      entries_.push_back(Entry{instance, true, false, {}});
      return true;
    }
  }
  instance->stop();
  return false;
}

void InstancePool::release(const std::shared_ptr<FunctionInstance>& instance, TimePoint now) {
  bool stop = false;
  {
    std::lock_guard lock(mutex_);
    auto it = std::find_if(entries_.begin(), entries_.end(),
                           [&](const Entry& entry) { return entry.instance == instance; });
    if (it == entries_.end()) {
      stop = true;  // shut down or retired meanwhile
    } else if (it->retiring || !instance->reusable()) {
      entries_.erase(it);
      stop = true;
    } else {
      it->busy = false;
      it->idle_since = now;
    }
  }
  if (stop) instance->stop();
}

void InstancePool::retire(const std::string& function_arn) {
  std::vector<std::shared_ptr<FunctionInstance>> idle;
  {
    std::lock_guard lock(mutex_);
    for (auto& entry : entries_)
      if (entry.instance->deployment().function_arn == function_arn) entry.retiring = true;
  }
  for (auto& instance : remove_if([](const Entry& entry) { return entry.retiring && !entry.busy; }))
    instance->stop();
}

void InstancePool::stop_idle_since(TimePoint cutoff) {
  for (auto& instance : remove_if([&](const Entry& entry) {
         return !entry.busy && (entry.idle_since < cutoff || !entry.instance->reusable());
       }))
    instance->stop();
}

void InstancePool::shutdown() {
  {
    std::lock_guard lock(mutex_);
    shut_down_ = true;
  }
  for (auto& instance : remove_if([](const Entry&) { return true; })) instance->stop();
}

bool InstancePool::is_shut_down() const {
  std::lock_guard lock(mutex_);
  return shut_down_;
}

std::size_t InstancePool::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace eddy::services::lambda
