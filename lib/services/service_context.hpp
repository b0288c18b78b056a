#pragma once
// What every service is built with: the emulator's store, clock, executor and background engine.
#include "core/asio.hpp"
#include "eddy/clock.hpp"
#include "engine/notifier.hpp"
#include "engine/scheduler.hpp"
#include "store/store.hpp"

namespace eddy::services {

struct ServiceContext {
  store::Store& store;
  Clock& clock;
  engine::Notifier& notifier;
  engine::Scheduler& scheduler;
  asio::io_context& io;
};

}  // namespace eddy::services
