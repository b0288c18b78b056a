#include "http/io_workers.hpp"

#include <algorithm>

namespace eddy {

IoWorkers::IoWorkers(unsigned count) {
  if (count == 0) count = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < count; ++i) {
    contexts_.push_back(std::make_unique<asio::io_context>(1));
    guards_.push_back(asio::make_work_guard(*contexts_.back()));
  }
  for (auto& context : contexts_) threads_.emplace_back([io = context.get()] { io->run(); });
}

IoWorkers::~IoWorkers() {
  shut_down();
}

std::vector<asio::any_io_executor> IoWorkers::executors() const {
  std::vector<asio::any_io_executor> out;
  for (const auto& context : contexts_) out.emplace_back(context->get_executor());
  return out;
}

void IoWorkers::shut_down() {
  guards_.clear();
  for (auto& context : contexts_) context->stop();
  for (auto& thread : threads_)
    if (thread.joinable()) thread.join();
  threads_.clear();
  contexts_.clear();
}

}  // namespace eddy
