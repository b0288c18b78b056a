#pragma once
// Receipt handles: opaque to clients, but carrying the queue, the message's row and the token of
// the receive that produced them, so a delete or visibility change is one primary-key lookup and
// a handle from an earlier receive of the same message is told apart from the current one.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace eddy::services::sqs {

struct ReceiptHandle {
  std::int64_t queue_id = 0;
  std::int64_t row_id = 0;
  std::int64_t token = 0;
};

std::string encode_receipt_handle(const ReceiptHandle& handle);
std::optional<ReceiptHandle> decode_receipt_handle(std::string_view text);

}  // namespace eddy::services::sqs
