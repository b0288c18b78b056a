#include "emulator/emulator_core.hpp"

#include "core/time_format.hpp"
#include "eddy/version.hpp"
#include "services/sns/sns_service.hpp"
#include "services/sqs/sqs_service.hpp"

namespace eddy {
namespace {
unsigned thread_count(unsigned configured) {
  if (configured) return configured;
  return std::max(2u, std::thread::hardware_concurrency());
}
}  // namespace

EmulatorCore::EmulatorCore(EmulatorConfig config)
    : clock_(config.clock ? config.clock : std::make_shared<SystemClock>()),
      store_(config.data_dir),
      notifier_(*clock_),
      io_(std::make_unique<asio::io_context>()),
      work_(asio::make_work_guard(*io_)),
      scheduler_(*io_, *clock_, notifier_),
      started_(std::chrono::system_clock::now()) {
  services::ServiceContext context{store_, *clock_, notifier_, scheduler_, *io_};
  sqs_ = std::make_unique<services::sqs::SqsService>(context);
  sns_ = std::make_unique<services::sns::SnsService>(context, *sqs_);
  services_ = {sqs_.get(), sns_.get()};
  for (auto* service : services_) directory_.add(service->description());

  // A manual clock moving may make messages visible or work due: let every waiter look again.
  clock_->on_advance([this] { notifier_.notify_all(); });
  for (auto* service : services_) service->start();

  unsigned threads = thread_count(config.threads);
  for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { io_->run(); });
}

EmulatorCore::~EmulatorCore() {
  shutdown();
  work_.reset();
  io_->stop();
  for (auto& thread : threads_) thread.join();
  // Destroy suspended coroutines while the services they point into still exist.
  io_.reset();
}

void EmulatorCore::shutdown() {
  notifier_.shutdown();
}

services::Service* EmulatorCore::service(std::string_view name) {
  for (auto* service : services_)
    if (service->description().name == name) return service;
  return nullptr;
}

Awaitable<json> EmulatorCore::dispatch(const protocol::Call& call) {
  services::Service* target = service(call.service);
  if (!target) throw AwsError("UnknownService", "Eddy does not serve " + call.service + ".");
  co_return co_await target->call(call);
}

std::optional<protocol::HttpResponse> EmulatorCore::admin(const protocol::HttpRequest& request) {
  if (request.path() == "/_eddy/health") {
    protocol::HttpResponse response;
    response.content_type = "application/json";
    response.body = health().dump();
    return response;
  }
  for (auto* service : services_)
    if (auto response = service->admin(request)) return response;
  return std::nullopt;
}

json EmulatorCore::health() const {
  json services = json::object();
  for (auto* service : services_)
    services[std::string(service->description().name)] = service->health();
  auto uptime = std::chrono::duration<double>(std::chrono::system_clock::now() - started_);
  return {{"status", "running"},
          {"version", std::string(version())},
          {"uptime_seconds", uptime.count()},
          {"storage", store_.persistent() ? "file" : "memory"},
          {"services", services}};
}

}  // namespace eddy
