#pragma once
// The instances a ProcessRunner has started: which are busy, which are warm and since when,
// which must stop once their invocation ends. Thread-safe.
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "eddy/clock.hpp"
#include "services/lambda/execution/function_instance.hpp"

namespace eddy::services::lambda {

class InstancePool {
 public:
  // A warm instance of an equal deployment, now marked busy; nullptr when none is idle.
  std::shared_ptr<FunctionInstance> take_idle(const FunctionDeployment& deployment);
  // Adds a newly started instance, busy. False (and the instance stopped) after shutdown.
  bool add_busy(const std::shared_ptr<FunctionInstance>& instance);
  // The instance's invocation ended: it waits warm for the next, or stops when it cannot be
  // reused, was retired, or the pool shut down.
  void release(const std::shared_ptr<FunctionInstance>& instance, TimePoint now);
  // Idle instances of the function stop now, busy ones when released.
  void retire(const std::string& function_arn);
  void stop_idle_since(TimePoint cutoff);
  void shutdown();
  bool is_shut_down() const;
  std::size_t size() const;

 private:
  struct Entry {
    std::shared_ptr<FunctionInstance> instance;
    bool busy = true;
    bool retiring = false;
    TimePoint idle_since{};
  };
  // Removes the entries `stop_now` selects and returns their instances, to stop outside the lock.
  template <class Predicate>
  std::vector<std::shared_ptr<FunctionInstance>> remove_if(Predicate stop_now);

  mutable std::mutex mutex_;
  bool shut_down_ = false;
  std::vector<Entry> entries_;
};

}  // namespace eddy::services::lambda
