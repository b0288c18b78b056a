#include "protocol/event_stream.hpp"

namespace eddy::protocol {

bool EventStream::has_room() const {
  return closed_ || ended_ || queue_.size() < capacity_;
}

Awaitable<void> EventStream::wait_for_room() {
  // The check and the registration of the waiter happen under one lock, so a take() between
  // them cannot be missed.
  return asio::async_initiate<decltype(asio::use_awaitable), void()>(
      [this](auto handler) {
        auto held = std::make_shared<decltype(handler)>(std::move(handler));
        auto resume = [held] {
          auto executor = asio::get_associated_executor(*held);
          asio::post(executor, std::move(*held));
        };
        std::unique_lock lock(mutex_);
        if (has_room()) {
          lock.unlock();
          resume();
          return;
        }
        waiting_sender_ = std::move(resume);
      },
      asio::use_awaitable);
}

Awaitable<bool> EventStream::send_event(StreamEvent event) {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      if (closed_ || ended_) co_return false;
      if (has_room()) {
        queue_.push_back(std::move(event));
        notify_ready(lock);
        co_return true;
      }
    }
    co_await wait_for_room();
  }
}

void EventStream::finish() {
  std::unique_lock lock(mutex_);
  if (ended_) return;
  ended_ = true;
  notify_ready(lock);
}

void EventStream::fail(AwsError error) {
  std::unique_lock lock(mutex_);
  if (ended_) return;
  ended_ = true;
  failure_ = std::move(error);
  notify_ready(lock);
}

bool EventStream::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

void EventStream::on_ready(std::function<void()> callback) {
  std::unique_lock lock(mutex_);
  ready_ = std::move(callback);
  if (!queue_.empty() || ended_) notify_ready(lock);
}

EventStream::Taken EventStream::take() {
  std::unique_lock lock(mutex_);
  Taken taken;
  taken.events.swap(queue_);
  taken.ended = ended_;
  if (ended_) taken.failure = failure_;
  wake_sender(lock);
  return taken;
}

void EventStream::close() {
  std::unique_lock lock(mutex_);
  closed_ = true;
  queue_.clear();
  ready_ = nullptr;
  wake_sender(lock);
}

void EventStream::notify_ready(std::unique_lock<std::mutex>& lock) {
  auto ready = ready_;
  lock.unlock();
  if (ready) ready();
  lock.lock();
}

void EventStream::wake_sender(std::unique_lock<std::mutex>& lock) {
  auto resume = std::move(waiting_sender_);
  waiting_sender_ = nullptr;
  lock.unlock();
  if (resume) resume();
  lock.lock();
}

}  // namespace eddy::protocol
