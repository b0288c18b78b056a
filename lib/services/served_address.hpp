#pragma once
// Where this emulator is served over HTTP, once a Server has bound its port: Lambda functions
// running as processes reach Eddy's SQS, DynamoDB ... through it (AWS_ENDPOINT_URL). Empty while
// no server runs, as for an emulator embedded in a C++ test with native handlers only.
#include <mutex>
#include <string>

namespace eddy::services {

class ServedAddress {
 public:
  void set(std::string url) {
    std::lock_guard lock(mutex_);
    url_ = std::move(url);
  }
  std::string url() const {
    std::lock_guard lock(mutex_);
    return url_;
  }

 private:
  mutable std::mutex mutex_;
  std::string url_;
};

}  // namespace eddy::services
