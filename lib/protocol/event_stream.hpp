#pragma once
// An answer that goes on: the events an operation (Kinesis SubscribeToShard) sends after its
// initial response, handed from the service, which knows nothing of the wire, to the transport,
// which frames and writes them as they come (HTTP/2; protocol/event_stream_message.hpp).
//
// The service's side: an operation whose Call has `events` returns its initial output, then keeps
// sending from a coroutine of its own, and stops when send() says the stream is closed:
//
//   asio::co_spawn(executor, pump(call.events), asio::detached);  // pump sends until false
//   co_return json::object();
//
// where pump loops `bool open = co_await events->send("SubscribeToShardEvent", batch);
// if (!open) break;`, then calls events->finish(). Keep the send out of a loop condition: there
// GCC 12 mishandles its temporary arguments, and the coroutine is never resumed.
//
// Thread-safe: the service may send from any executor; the transport takes on its own.
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/asio.hpp"
#include "eddy/aws_error.hpp"
#include "eddy/json.hpp"

namespace eddy::protocol {

struct StreamEvent {
  std::string type;  // the event-stream member: "SubscribeToShardEvent"
  json payload;      // shaped as that member's structure
};

class EventStream;

// How the transport writes the events of one answer: the protocol's framing of each.
struct EventStreamAnswer {
  std::shared_ptr<EventStream> events;
  std::function<std::string(const StreamEvent&)> frame_event;
  std::function<std::string(const AwsError&)> frame_failure;
};

class EventStream {
 public:
  // How many events may wait unwritten before send() suspends: a slow reader slows the service
  // down instead of growing a queue.
  explicit EventStream(std::size_t capacity = 16) : capacity_(capacity) {}

  // --- The service's side.
  // Queues an event; suspends while `capacity` events wait. False once the stream is closed (the
  // client went away, or the server is stopping): stop producing then.
  Awaitable<bool> send(std::string type, json payload) {
    // Not a coroutine itself: GCC 12 miscompiles a string literal bound to a coroutine's
    // std::string parameter.
    return send_event({std::move(type), std::move(payload)});
  }
  // Ends the stream after the events queued so far: normally, or with a modelled exception the
  // client raises (its code and message).
  void finish();
  void fail(AwsError error);
  bool closed() const;

  // --- The transport's side.
  // Called, on any thread, each time an event is queued or the stream ends; at once if either
  // happened before.
  void on_ready(std::function<void()> callback);
  struct Taken {
    std::deque<StreamEvent> events;
    bool ended = false;               // nothing follows `events`
    std::optional<AwsError> failure;  // ended with this exception
  };
  // Takes what is queued, and wakes a sender waiting for room.
  Taken take();
  // The client is gone: pending and later sends return false.
  void close();

 private:
  Awaitable<bool> send_event(StreamEvent event);
  bool has_room() const;  // with the lock held
  Awaitable<void> wait_for_room();
  void notify_ready(std::unique_lock<std::mutex>& lock);
  void wake_sender(std::unique_lock<std::mutex>& lock);

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<StreamEvent> queue_;
  bool ended_ = false;
  bool closed_ = false;
  std::optional<AwsError> failure_;
  std::function<void()> ready_;
  // Resumes the sender waiting for room, on its own executor.
  std::function<void()> waiting_sender_;
};

}  // namespace eddy::protocol
