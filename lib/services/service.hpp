#pragma once
// A service: JSON in, JSON out, AwsError for failures. It knows nothing of HTTP or wire formats;
// its ServiceDescription tells the protocol layer how its requests and answers look on the wire.
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <variant>

#include "core/asio.hpp"
#include "eddy/aws_error.hpp"
#include "eddy/json.hpp"
#include "protocol/call.hpp"
#include "protocol/http_message.hpp"
#include "protocol/service_description.hpp"
#include "store/database.hpp"

namespace eddy::services {

using protocol::Call;

class Service {
 public:
  virtual ~Service() = default;
  virtual const protocol::ServiceDescription& description() const = 0;
  // Runs one operation. Most complete without suspending; long polls co_await a wake-up. An
  // operation whose output is an event stream (listed in event_stream_operations) returns its
  // initial output and goes on sending events to call.events from a coroutine of its own
  // (protocol/event_stream.hpp); call.events is null when the transport cannot stream.
  virtual Awaitable<json> call(const Call& call) = 0;
  // Creates or upgrades the service's tables and loads what it keeps in memory from them. Runs
  // once, in registration order, with the store lock held, after the services registered before
  // it are prepared and started, and before any request reaches it (an in-memory eddy server
  // prepares them once it listens: EmulatorCore::begin_preparing).
  virtual void prepare(store::Database&) {}
  // Starts background work (sweeps, delivery workers) once prepared.
  virtual void start() {}
  // The emulator's threads have stopped and its executor is about to go: release what holds asio
  // objects bound to it (sockets, timers, child processes), which must not outlive it.
  virtual void stop() {}
  // Forgets every resource in every account and region (POST /_eddy/reset). Runs with the store
  // lock held, inside the emulator's reset transaction: delete the service's rows, then drop
  // what it keeps in memory.
  virtual void reset(store::Database& db) = 0;
  // A route of its own under /_eddy/<service>/ (SNS serves its signing certificate there).
  virtual std::optional<protocol::HttpResponse> admin(const protocol::HttpRequest&) {
    return std::nullopt;
  }
};

// The operations of service S: each a member function, synchronous or a coroutine.
template <class S>
class OperationTable {
 public:
  using Sync = json (S::*)(const Call&);
  using Async = Awaitable<json> (S::*)(const Call&);
  using Handler = std::variant<Sync, Async>;

  OperationTable(std::initializer_list<std::pair<const std::string_view, Handler>> handlers)
      : handlers_(handlers) {}

  Awaitable<json> dispatch(S& service, const Call& call) const {
    auto it = handlers_.find(call.operation);
    if (it == handlers_.end())
      throw AwsError("InvalidAction",
                     "The action " + call.operation + " is not valid for this endpoint.");
    if (const auto* sync = std::get_if<Sync>(&it->second)) co_return (service.**sync)(call);
    co_return co_await (service.*std::get<Async>(it->second))(call);
  }

  // For ServiceDescription::operations.
  std::unordered_set<std::string_view> names() const {
    std::unordered_set<std::string_view> out;
    for (const auto& [name, handler] : handlers_) out.insert(name);
    return out;
  }

 private:
  std::unordered_map<std::string_view, Handler> handlers_;
};

}  // namespace eddy::services
