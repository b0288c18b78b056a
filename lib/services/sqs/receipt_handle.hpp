#pragma once
// Receipt handles: opaque to clients, but carrying the queue, the message's row, a tag of its
// message id and the token of the receive that produced them, so a delete or visibility change is
// one primary-key lookup, a row id reused by a later message is not mistaken for the one received,
// and a handle from an earlier receive of the same message is told apart from the current one. A
// standard queue's handle also names the visibility list the receive put the message on, where a
// visibility change looks for the message's receive state first (visibility_buckets.hpp); handles
// made before lists kept that state name none.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace eddy::services::sqs {

struct ReceiptHandle {
  std::int64_t queue_id = 0;
  std::int64_t row_id = 0;
  std::int64_t token = 0;
  std::uint64_t message_tag = 0;
  std::int64_t list_time = 0;  // the list's visible_at; 0 in FIFO queues
  std::int64_t list_row = 0;   // the row id whose chunk names the list
};

// A 64-bit tag of a message id (FNV-1a), as receipt handles carry it.
std::uint64_t message_tag(std::string_view message_id);

std::string encode_receipt_handle(const ReceiptHandle& handle);
std::optional<ReceiptHandle> decode_receipt_handle(std::string_view text);

}  // namespace eddy::services::sqs
