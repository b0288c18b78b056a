#pragma once
// What every service is built with: the emulator's store, clock, executor and background engine.
#include "core/asio.hpp"
#include "eddy/clock.hpp"
#include "eddy/config.hpp"
#include "engine/notifier.hpp"
#include "engine/scheduler.hpp"
#include "services/access_keys.hpp"
#include "services/served_address.hpp"
#include "store/store.hpp"

namespace eddy::services {

struct ServiceContext {
  store::Store& store;
  Clock& clock;
  engine::Notifier& notifier;
  engine::Scheduler& scheduler;
  asio::io_context& io;
  // Keys STS issued; the emulator maps a request signed with one to its identity.
  AccessKeys& access_keys;
  // What the emulator was configured with (service switches such as Kinesis's limits).
  const EmulatorConfig& config;
  // Where a Server serves this emulator, once one does.
  ServedAddress& served_address;
};

}  // namespace eddy::services
