#pragma once
// What SQS FIFO queues and SNS FIFO topics share, as AWS defines it for both: the deduplication
// interval, the content-based deduplication id, and how a sequence number is written.
#include <cstdint>
#include <string>
#include <string_view>

namespace eddy::services::fifo {

// A message with a deduplication id seen within the last five minutes is accepted, answered as
// the first one was, and not delivered again.
inline constexpr std::int64_t kDeduplicationWindowMs = 5 * 60 * 1000;

// ContentBasedDeduplication: the SHA-256 of the message body, in hex.
std::string content_deduplication_id(std::string_view body);

// 20 digits, as SQS and SNS write a SequenceNumber.
std::string format_sequence_number(std::int64_t sequence);

}  // namespace eddy::services::fifo
