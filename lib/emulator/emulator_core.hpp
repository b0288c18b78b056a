#pragma once
// Everything an Emulator owns, in the order it is built: clock, store, executor and threads,
// background engine, services. The HTTP server and emu.call() both enter through dispatch().
#include <memory>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "core/asio.hpp"
#include "eddy/config.hpp"
#include "eddy/json.hpp"
#include "engine/notifier.hpp"
#include "engine/scheduler.hpp"
#include "protocol/call.hpp"
#include "protocol/codec.hpp"
#include "protocol/http_message.hpp"
#include "services/service.hpp"
#include "store/store.hpp"

namespace eddy {

namespace services::sqs {
class SqsService;
}
namespace services::sns {
class SnsService;
}

class EmulatorCore {
 public:
  explicit EmulatorCore(EmulatorConfig config);
  ~EmulatorCore();
  EmulatorCore(const EmulatorCore&) = delete;
  EmulatorCore& operator=(const EmulatorCore&) = delete;

  asio::io_context& io() { return *io_; }
  Clock& clock() { return *clock_; }
  store::Store& store() { return store_; }
  engine::Notifier& notifier() { return notifier_; }
  const protocol::ServiceDirectory& directory() const { return directory_; }
  services::Service* service(std::string_view name);
  services::sqs::SqsService& sqs() { return *sqs_; }
  services::sns::SnsService& sns() { return *sns_; }

  // Runs a decoded call on its service. Throws AwsError.
  Awaitable<json> dispatch(const protocol::Call& call);
  // Admin routes under /_eddy/ (health, and what services add); nullopt when none matches.
  std::optional<protocol::HttpResponse> admin(const protocol::HttpRequest& request);
  json health() const;
  // Wakes every waiter and stops background work; requests after this do not wait.
  void shutdown();

 private:
  std::shared_ptr<Clock> clock_;
  store::Store store_;
  engine::Notifier notifier_;
  std::unique_ptr<asio::io_context> io_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  engine::Scheduler scheduler_;
  TimePoint started_;
  std::unique_ptr<services::sqs::SqsService> sqs_;
  std::unique_ptr<services::sns::SnsService> sns_;
  std::vector<services::Service*> services_;
  protocol::ServiceDirectory directory_;
  std::vector<std::thread> threads_;
};

}  // namespace eddy
