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

// The sequence numbers of one shard's records (GetRecords writes ten to thousands at once): the
// part of the number their stream's origin and the shard make is summed once.
class ShardSequenceNumbers {
 public:
  ShardSequenceNumbers(std::int64_t origin_secs, std::int64_t shard_index);
  // append_sequence_number's text for this origin and shard.
  void append(std::string& out, std::int64_t counter, std::int64_t arrival_secs) const;

 private:
  // The number in decimal limbs of 10^8, least significant first: 188 bits fit in eight.
  std::uint64_t shard_part_[8] = {};
};
// nullopt when the text is not a number this layout produces.
std::optional<SequenceNumber> parse_sequence_number(std::string_view decimal);

}  // namespace eddy::services::shards
