#pragma once
// Everything an Emulator owns, in the order it is built: clock, store, executor and threads,
// background engine, services. The HTTP server and emu.call() both enter through dispatch().
#include <atomic>
#include <memory>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "core/asio.hpp"
#include "eddy/config.hpp"
#include "eddy/json.hpp"
#include "eddy/lambda_handler.hpp"
#include "emulator/init_hooks.hpp"
#include "emulator/readiness.hpp"
#include "emulator/service_registry.hpp"
#include "engine/notifier.hpp"
#include "engine/scheduler.hpp"
#include "protocol/call.hpp"
#include "protocol/codec.hpp"
#include "protocol/http_message.hpp"
#include "services/access_keys.hpp"
#include "store/store.hpp"

namespace eddy {

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
  const ServiceRegistry& services() const { return services_; }
  // A Server sets it once it listens.
  services::ServedAddress& served_address() { return served_address_; }
  services::Service* service(std::string_view name) { return services_.find(name); }
  LambdaHandlers& lambda_handlers() { return lambda_handlers_; }
  // The init scripts a Server runs once it listens, and their outcome for health.
  InitHooks& init_hooks() { return init_hooks_; }
  // The registered S, for in-process APIs and tests: core.service<sqs::SqsService>(). Waits
  // until the services are prepared: call it from the embedding program's threads.
  template <class S>
  S& service() {
    begin_preparing();
    readiness_.wait_blocking(services_.all().size());
    return *services_.find<S>();
  }
  // Whether every service is prepared (Service::prepare); until then a request waits in
  // wait_until_ready(), for all of them or for its own service and those registered before it.
  bool ready() const { return readiness_.ready(services_.all().size()); }
  Awaitable<void> wait_until_ready() {
    begin_preparing();
    return readiness_.wait(services_.all().size());
  }
  Awaitable<void> wait_until_ready(std::string_view service_name);
  // With EmulatorConfig::prepare_in_background, starts preparing the services on an emulator
  // thread, once: a Server calls it when it listens, so that its own start-up has the machine's
  // cores to itself, and every wait for readiness calls it too. Otherwise nothing is left to do.
  void begin_preparing();

  // Sets call.account from call.access_key: the identity of a key STS issued, a 12-digit key
  // itself, or the default account.
  void identify(protocol::Call& call) const;
  // Runs a decoded call on its service. Throws AwsError.
  Awaitable<json> dispatch(const protocol::Call& call);
  // Admin routes under /_eddy/ (health, reset, and what services add), moto's reset route and
  // LocalStack's status routes; nullopt when none matches.
  std::optional<protocol::HttpResponse> admin(const protocol::HttpRequest& request);
  // The body of GET /_eddy/health: a JSON object.
  std::string health() const;
  // Empties every service in every account and region, in one transaction.
  void reset();
  // Wakes every waiter and stops background work; requests after this do not wait.
  void shutdown();

 private:
  // Writes health_before_init_, health_before_uptime_ and health_end_.
  void write_fixed_health();
  // Service::prepare then Service::start for each service in turn, each then marked ready.
  void prepare_services();
  // The same on an emulator thread (EmulatorConfig::prepare_in_background), where a failure can
  // reach no caller: it is logged and ends the process.
  void prepare_services_or_exit();

  EmulatorConfig config_;  // as given; services read their switches from it
  std::shared_ptr<Clock> clock_;
  std::string default_account_;
  store::Store store_;
  engine::Notifier notifier_;
  Readiness readiness_;
  // A manual clock's moves wake the notifier's waiters; ends before the notifier goes.
  Clock::Subscription clock_subscription_;
  std::unique_ptr<asio::io_context> io_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  engine::Scheduler scheduler_;
  services::AccessKeys access_keys_;
  services::ServedAddress served_address_;
  InitHooks init_hooks_;
  TimePoint started_;
  // The parts of the health body fixed once the services are registered, around the two that
  // change: the init scripts' outcome and the uptime (write_fixed_health()).
  std::string health_before_init_;
  std::string health_before_uptime_;
  std::string health_end_;
  // Before the services: Lambda holds it.
  LambdaHandlers lambda_handlers_;
  ServiceRegistry services_;
  protocol::ServiceDirectory directory_;
  std::vector<std::thread> threads_;
  std::atomic<bool> preparing_{false};
};

}  // namespace eddy
