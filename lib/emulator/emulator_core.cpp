#include "emulator/emulator_core.hpp"

#include <fmt/format.h>

#include <algorithm>
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
      store_(config.data_dir),
      notifier_(*clock_),
      io_(std::make_unique<asio::io_context>()),
      work_(asio::make_work_guard(*io_)),
      scheduler_(*io_, *clock_, notifier_),
      started_(std::chrono::system_clock::now()) {
  services::ServiceContext context{store_, *clock_,      notifier_, scheduler_,
                                   *io_,   access_keys_, config_,   served_address_};
  register_services(services_, context, lambda_handlers_);
  for (const auto& service : services_.all()) directory_.add(service->description());

  // A manual clock moving may make messages visible or work due: let every waiter look again.
  clock_subscription_ = clock_->on_advance([this] { notifier_.notify_all(); });
  for (const auto& service : services_.all()) service->start();

  unsigned threads = thread_count(config.threads);
  for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { io_->run(); });
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

std::string EmulatorCore::health() const {
  // Written out rather than built as a json value and dumped: orchestrators and load balancers
  // poll it, and it is the emulator's cheapest request. Top-level keys in the order json::dump
  // sorted them; services in the order they are registered. One string, reserved once: growing
  // it (and a second one for the services) cost more than writing it.
  std::string body;
  body.reserve(512);
  body += R"({"default_account":)";
  protocol::append_json_string(body, default_account_);
  body += R"(,"init":)";
  body += init_hooks_.health().dump();
  body += R"(,"services":{)";
  bool first = true;
  for (const auto& service : services_.all()) {
    if (!first) body += ',';
    first = false;
    protocol::append_json_string(body, service->description().name);
    body += ':';
    json state = service->health();
    if (state.is_string())
      protocol::append_json_string(body, state.get_ref<const std::string&>());
    else
      body += state.dump();
  }
  body += R"(},"status":"running","storage":)";
  body += store_.persistent() ? R"("file")" : R"("memory")";
  auto uptime = std::chrono::duration<double>(std::chrono::system_clock::now() - started_);
  fmt::format_to(std::back_inserter(body), R"(,"uptime_seconds":{},"version":)", uptime.count());
  protocol::append_json_string(body, version());
  body += '}';
  return body;
}

}  // namespace eddy
