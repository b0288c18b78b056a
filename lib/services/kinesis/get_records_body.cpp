#include "services/kinesis/get_records_body.hpp"

#include <charconv>

#include "core/base64.hpp"
#include "protocol/preserialized_json.hpp"
#include "services/shards/sequence_number.hpp"

namespace eddy::services::kinesis {
namespace {

// Text that is not UTF-8 is replaced, as serialising the json value replaced it.
void append_records_json_string(std::string& out, std::string_view text) {
  protocol::append_json_string(out, text, json::error_handler_t::replace);
}

// fmt's formatting machinery costs more than the digits: once per record adds up.
void append_integer(std::string& out, std::int64_t value) {
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, end);
}

// Epoch milliseconds as seconds with the milliseconds as fraction, the shortest decimal that
// reads back as the same double, as the serializer writes ms / 1000.0 ("12.5", "12.0"). The whole
// seconds' digits are kept for the next record: a batch's records mostly arrived in one second.
class EpochSecondsText {
 public:
  void append(std::string& out, std::int64_t ms) {
    if (ms < 0) {  // not reached (arrival times follow the epoch), but written right anyway
      out += json(static_cast<double>(ms) / 1000.0).dump();
      return;
    }
    if (ms / 1000 != seconds_) {
      seconds_ = ms / 1000;
      size_ = static_cast<std::size_t>(
          std::to_chars(digits_, digits_ + sizeof digits_, seconds_).ptr - digits_);
    }
    out.append(digits_, size_);
    out += '.';
    std::int64_t fraction = ms % 1000;
    if (fraction == 0) {
      out += '0';
      return;
    }
    char digits[3] = {static_cast<char>('0' + fraction / 100),
                      static_cast<char>('0' + fraction / 10 % 10),
                      static_cast<char>('0' + fraction % 10)};
    std::size_t size = 3;
    while (digits[size - 1] == '0') --size;
    out.append(digits, size);
  }

 private:
  std::int64_t seconds_ = -1;
  char digits_[24] = {};
  std::size_t size_ = 0;
};

void append_record(std::string& out, const GetRecordsAnswer& answer,
                   const shards::ShardSequenceNumbers& sequence_numbers,
                   EpochSecondsText& arrival_text, const StoredRecord& record) {
  out += R"({"ApproximateArrivalTimestamp":)";
  arrival_text.append(out, record.arrival_ms);
  out += R"(,"Data":")";
  base64::append_encoded(out, record.data);
  out += '"';
  if (answer.stream.encryption_type != "NONE") {
    out += R"(,"EncryptionType":)";
    append_records_json_string(out, answer.stream.encryption_type);
  }
  out += R"(,"PartitionKey":)";
  append_records_json_string(out, record.partition_key);
  out += R"(,"SequenceNumber":")";
  sequence_numbers.append(out, record.counter, record.arrival_ms / 1000);
  out += R"("})";
}

}  // namespace

std::string get_records_body(const GetRecordsAnswer& answer) {
  std::string out;
  std::size_t data_bytes = 0;
  for (const StoredRecord& record : answer.records)
    data_bytes += record.data.size() + record.partition_key.size();
  out.reserve(128 + data_bytes * 4 / 3 + answer.records.size() * 160);
  out += '{';
  if (answer.child_shards) {
    out += R"("ChildShards":)";
    out += answer.child_shards->dump(-1, ' ', false, json::error_handler_t::replace);
    out += ',';
  }
  out += R"("MillisBehindLatest":)";
  append_integer(out, answer.millis_behind_latest);
  if (answer.next_shard_iterator) {
    out += R"(,"NextShardIterator":)";
    append_records_json_string(out, *answer.next_shard_iterator);
  }
  out += R"(,"Records":[)";
  shards::ShardSequenceNumbers sequence_numbers(answer.stream.created_ms / 1000,
                                                answer.shard_index);
  EpochSecondsText arrival_text;
  for (std::size_t i = 0; i < answer.records.size(); ++i) {
    if (i) out += ',';
    append_record(out, answer, sequence_numbers, arrival_text, answer.records[i]);
  }
  out += "]}";
  return out;
}

}  // namespace eddy::services::kinesis
