#pragma once
// A queue's identity and settings as the hot paths need them: parsed once from its stored
// attributes, shared read-only, replaced whole when the queue changes.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "eddy/json.hpp"

namespace eddy::services::sqs {

struct RedrivePolicy {
  std::string dead_letter_target_arn;
  std::int64_t max_receive_count = 0;
};

struct QueueSettings {
  std::int64_t delay_seconds = 0;
  std::int64_t maximum_message_size = 1048576;
  std::int64_t retention_seconds = 345600;
  std::int64_t receive_wait_seconds = 0;
  std::int64_t visibility_timeout = 30;
  bool content_based_deduplication = false;
  bool deduplicate_per_group = false;  // DeduplicationScope=messageGroup
  std::optional<RedrivePolicy> redrive;
};

struct Queue {
  std::int64_t id = 0;
  std::string account;
  std::string region;
  std::string name;
  std::string arn;
  bool fifo = false;
  json attributes = json::object();  // the settable attributes, as strings, defaults included
  json tags = json::object();
  std::int64_t created_ms = 0;
  std::int64_t modified_ms = 0;
  std::optional<std::int64_t> purged_ms;
  QueueSettings settings;
  std::string wake_key;  // what long polls on this queue wait for: "sqs:<id>"

  std::string url(std::string_view host) const {
    std::string out = "http://";
    out.append(host).append("/").append(account).append("/").append(name);
    return out;
  }
};

using QueuePtr = std::shared_ptr<const Queue>;

}  // namespace eddy::services::sqs
