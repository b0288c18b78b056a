#include "emulator/emulator_core.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <iterator>

#include "core/time_format.hpp"
#include "eddy/log.hpp"
#include "eddy/version.hpp"
#include "emulator/localstack_routes.hpp"
#include "protocol/preserialized_json.hpp"
#include "protocol/sigv4.hpp"
#include "store/transaction.hpp"

namespace eddy {
namespace {
unsigned thread_count(unsigned configured) {
  if (configured) return configured;
  return std::max(2u, std::thread::hardware_concurrency());
}

protocol::HttpResponse json_response(const json& body) {
  protocol::HttpResponse response;
  response.content_type = "application/json";
  response.body = body.dump();
  return response;
}
}  // namespace

EmulatorCore::EmulatorCore(EmulatorConfig config)
    : config_(config),
      clock_(config.clock ? config.clock : std::make_shared<SystemClock>()),
      default_account_(std::move(config.default_account)),
      store_(config.data_dir, config.prepare_in_background ? store::Store::Opening::deferred
                                                           : store::Store::Opening::now),
      notifier_(*clock_),
      readiness_(notifier_, *clock_),
      io_(std::make_unique<asio::io_context>()),
      work_(asio::make_work_guard(*io_)),
      scheduler_(*io_, *clock_, notifier_),
      started_(std::chrono::system_clock::now()) {
  services::ServiceContext context{store_, *clock_,      notifier_, scheduler_,
                                   *io_,   access_keys_, config_,   served_address_};
  register_services(services_, context, lambda_handlers_);
  for (const auto& service : services_.all()) directory_.add(service->description());
  write_fixed_health();

  // A manual clock moving may make messages visible or work due: let every waiter look again.
  clock_subscription_ = clock_->on_advance([this] { notifier_.notify_all(); });

  // Before the threads start: a failure then leaves no thread to join.
  if (!config.prepare_in_background) prepare_services();
  unsigned threads = thread_count(config.threads);
  for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { io_->run(); });
}

void EmulatorCore::begin_preparing() {
  if (config_.prepare_in_background && !preparing_.exchange(true))
    asio::post(*io_, [this] { prepare_services_or_exit(); });
}

void EmulatorCore::prepare_services() {
  {
    auto lock = store_.lock();
    store_.open();
  }
  const auto& services = services_.all();
  for (std::size_t i = 0; i < services.size(); ++i) {
    {
      auto lock = store_.lock();
      services[i]->prepare(store_.db());
    }
    services[i]->start();
    readiness_.mark_ready(i + 1);
  }
}

Awaitable<void> EmulatorCore::wait_until_ready(std::string_view service_name) {
  begin_preparing();
  // Registration order is dependency order: the service and every one it may call.
  const auto& services = services_.all();
  std::size_t through = 0;
  while (through < services.size() && services[through]->description().name != service_name)
    ++through;
  // An unknown name waits for nothing: dispatch refuses it.
  return readiness_.wait(through < services.size() ? through + 1 : 0);
}

void EmulatorCore::prepare_services_or_exit() {
  try {
    prepare_services();
  } catch (const std::exception& e) {
    // Nothing could be served: end the process as a failed start-up in the foreground would.
    log::write(log::Level::error, fmt::format("the services could not be prepared: {}", e.what()));
    std::_Exit(1);
  }
}

EmulatorCore::~EmulatorCore() {
  shutdown();
  work_.reset();
  io_->stop();
  for (auto& thread : threads_) thread.join();
  // Writes queued when the threads stopped hold timers of io_: they go first.
  store_.abandon_queued_writes();
  for (const auto& service : services_.all()) service->stop();
  // Destroy suspended coroutines while the services they point into still exist.
  io_.reset();
}

void EmulatorCore::shutdown() {
  notifier_.shutdown();
}

void EmulatorCore::identify(protocol::Call& call) const {
  if (auto identity = access_keys_.find(call.access_key))
    call.account = identity->account;
  else
    call.account = protocol::account_for_access_key(call.access_key, default_account_);
}

Awaitable<json> EmulatorCore::dispatch(const protocol::Call& call) {
  services::Service* target = service(call.service);
  if (!target) throw AwsError("UnknownService", "Eddy does not serve " + call.service + ".");
  // The service's own awaitable, not a coroutine around it: one frame fewer on every request.
  return target->call(call);
}

void EmulatorCore::reset() {
  begin_preparing();
  readiness_.wait_blocking(services_.all().size());
  {
    auto lock = store_.lock();
    store::Transaction tx(store_.db());
    for (const auto& service : services_.all()) service->reset(store_.db());
    tx.commit();
    access_keys_.clear();
  }
  // Long polls on queues that no longer exist look again and end.
  notifier_.notify_all();
  log::write(log::Level::info, "reset: every service emptied");
}

std::optional<protocol::HttpResponse> EmulatorCore::admin(const protocol::HttpRequest& request) {
  std::string_view path = request.path();
  if (path == "/_eddy/health") {
    protocol::HttpResponse response;
    response.content_type = "application/json";
    response.body = health();
    return response;
  }
  // moto's server mode resets with POST /moto-api/reset; suites written for it run unchanged.
  if (path == "/_eddy/reset" || path == "/moto-api/reset") {
    if (request.method != "POST") {
      auto response = json_response({{"message", "Reset takes POST."}});
      response.status = 405;
      return response;
    }
    reset();
    return json_response({{"status", "reset"}});
  }
  if (auto response = answer_localstack_route(request, services_, init_hooks_)) return response;
  for (const auto& service : services_.all())
    if (auto response = service->admin(request)) return response;
  return std::nullopt;
}

void EmulatorCore::write_fixed_health() {
  // Top-level keys in the order json::dump sorts them; services in the order they are registered.
  health_before_init_ = R"({"default_account":)";
  protocol::append_json_string(health_before_init_, default_account_);
  health_before_init_ += R"(,"init":)";
  health_before_uptime_ = R"(,"services":{)";
  bool first = true;
  for (const auto& service : services_.all()) {
    if (!first) health_before_uptime_ += ',';
    first = false;
    protocol::append_json_string(health_before_uptime_, service->description().name);
    health_before_uptime_ += R"(:"running")";
  }
  health_before_uptime_ += R"(},"status":"running","storage":)";
  health_before_uptime_ += store_.persistent() ? R"("file")" : R"("memory")";
  health_before_uptime_ += R"(,"uptime_seconds":)";
  health_end_ = R"(,"version":)";
  protocol::append_json_string(health_end_, version());
  health_end_ += '}';
}

std::string EmulatorCore::health() const {
  // Orchestrators and load balancers poll it, and it is the emulator's cheapest request: only the
  // init scripts' outcome (kept as text by InitHooks) and the uptime are written per call.
  std::string body;
  body.reserve(health_before_init_.size() + health_before_uptime_.size() + health_end_.size() + 96);
  body += health_before_init_;
  init_hooks_.append_health_text(body);
  body += health_before_uptime_;
  auto uptime = std::chrono::duration<double>(std::chrono::system_clock::now() - started_);
  fmt::format_to(std::back_inserter(body), "{}", uptime.count());
  body += health_end_;
  return body;
}

}  // namespace eddy
