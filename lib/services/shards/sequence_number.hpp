#pragma once
// Sequence numbers shaped as AWS's: a 56-digit decimal string that is, in hex, '2', the second
// the numbering began (9 digits; Kinesis: the stream's creation), '0', a 63-bit counter (16
// digits), '00', the arrival second (9 digits), the shard index (8 digits) and '2'. The counter
// grows with every record of a stream, so numbers strictly increase within a shard and across
// the stream's shards; the origin and the shard they encode tell a number from another stream
// or shard apart. Kinesis writes them; DynamoDB Streams can too.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace eddy::services::shards {

struct SequenceNumber {
  std::int64_t origin_secs = 0;
  std::int64_t shard_index = 0;
  std::int64_t counter = 0;
  std::int64_t arrival_secs = 0;
};

std::string format_sequence_number(const SequenceNumber& number);
// The same text, appended to `out`.
void append_sequence_number(std::string& out, const SequenceNumber& number);
// nullopt when the text is not a number this layout produces.
std::optional<SequenceNumber> parse_sequence_number(std::string_view decimal);

}  // namespace eddy::services::shards
