// The pieces Kinesis and DynamoDB Streams share: hash-key ranges, sequence numbers, shard ids and
// shard iterator tokens.
#include <gtest/gtest.h>

#include "core/base64.hpp"
#include "eddy/aws_error.hpp"
#include "services/shards/hash_key.hpp"
#include "services/shards/sequence_number.hpp"
#include "services/shards/shard_id.hpp"
#include "services/shards/shard_iterator.hpp"

namespace eddy::services::shards {
namespace {

TEST(KinesisHashKey, ThreeShardsSplitAsAwsDoes) {
  // The ranges AWS (and kinesalite) give a new 3-shard stream.
  auto ranges = split_key_space(3);
  ASSERT_EQ(ranges.size(), 3u);
  EXPECT_EQ(format_hash_key(ranges[0].start), "0");
  EXPECT_EQ(format_hash_key(ranges[0].end), "113427455640312821154458202477256070484");
  EXPECT_EQ(format_hash_key(ranges[1].start), "113427455640312821154458202477256070485");
  EXPECT_EQ(format_hash_key(ranges[1].end), "226854911280625642308916404954512140969");
  EXPECT_EQ(format_hash_key(ranges[2].start), "226854911280625642308916404954512140970");
  EXPECT_EQ(format_hash_key(ranges[2].end), "340282366920938463463374607431768211455");
}

TEST(KinesisHashKey, PowersOfTwoSplitExactly) {
  auto ranges = split_key_space(4);
  EXPECT_EQ(format_hash_key(ranges[1].start), "85070591730234615865843651857942052864");
  EXPECT_EQ(format_hash_key(ranges[3].end), "340282366920938463463374607431768211455");
  auto one = split_key_space(1);
  EXPECT_EQ(one[0].start, HashKey(0));
  EXPECT_EQ(one[0].end, kMaxHashKey);
}

TEST(KinesisHashKey, ParsesOnlyKeysInRange) {
  EXPECT_EQ(parse_hash_key("340282366920938463463374607431768211455"), kMaxHashKey);
  EXPECT_FALSE(parse_hash_key("340282366920938463463374607431768211456"));
  EXPECT_FALSE(parse_hash_key("-1"));
  EXPECT_FALSE(parse_hash_key(""));
  EXPECT_EQ(parse_hash_key("0"), HashKey(0));
}

TEST(KinesisHashKey, PartitionKeyIsMd5BigEndian) {
  // md5("a") = 0cc175b9c0f1b6a831c399e269772661
  EXPECT_EQ(format_hash_key(hash_key_of_partition_key("a")),
            "16955237001963240173058271559858726497");
}

TEST(KinesisSequenceNumber, RoundTripsAnd56Digits) {
  SequenceNumber number{.shard_created_secs = 1'700'000'000,
                        .shard_index = 3,
                        .counter = 42,
                        .arrival_secs = 1'700'000'123};
  std::string text = format_sequence_number(number);
  EXPECT_EQ(text.size(), 56u);
  auto parsed = parse_sequence_number(text);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->shard_created_secs, number.shard_created_secs);
  EXPECT_EQ(parsed->shard_index, 3);
  EXPECT_EQ(parsed->counter, 42);
  EXPECT_EQ(parsed->arrival_secs, number.arrival_secs);
}

TEST(KinesisSequenceNumber, IncreasesWithTheCounterWithinAShard) {
  SequenceNumber number{.shard_created_secs = 1'700'000'000, .shard_index = 1};
  std::string previous;
  for (std::int64_t counter : {1, 2, 9, 10, 255, 256, 65536, 1'000'000'000}) {
    number.counter = counter;
    number.arrival_secs = 1'700'000'000 + counter % 7;  // arrival never outranks the counter
    std::string text = format_sequence_number(number);
    ASSERT_EQ(text.size(), 56u);
    EXPECT_GT(text, previous);
    previous = text;
  }
}

TEST(KinesisSequenceNumber, RejectsNumbersOfOtherShapes) {
  EXPECT_FALSE(parse_sequence_number("0"));
  EXPECT_FALSE(parse_sequence_number("12345"));
  EXPECT_FALSE(parse_sequence_number("abc"));
  std::string valid = format_sequence_number({.shard_created_secs = 1, .shard_index = 2});
  std::string tampered = valid;
  tampered.back() = tampered.back() == '9' ? '0' : static_cast<char>(tampered.back() + 1);
  EXPECT_FALSE(parse_sequence_number(tampered));
}

TEST(KinesisShardId, FormatsAndParses) {
  EXPECT_EQ(format_shard_id(3), "shardId-000000000003");
  EXPECT_EQ(parse_shard_id("shardId-000000000003"), 3);
  EXPECT_EQ(parse_shard_id("shardId-7"), 7);
  EXPECT_EQ(parse_shard_id("12"), 12);
  EXPECT_FALSE(parse_shard_id("shardId-"));
  EXPECT_FALSE(parse_shard_id("shard-x"));
  EXPECT_FALSE(parse_shard_id("shardId-999999999999"));
}

TEST(KinesisShardIterator, RoundTripsWithinFiveMinutes) {
  ShardIteratorCodec codec;
  IteratorPosition position{
      .stream = "7/orders", .shard_index = 2, .position = 99, .created_ms = 1'000'000};
  std::string token = codec.encode(position);
  EXPECT_LE(token.size(), 512u);
  auto decoded = codec.decode(token, 1'000'000 + 300'000);
  EXPECT_EQ(decoded.stream, "7/orders");
  EXPECT_EQ(decoded.shard_index, 2);
  EXPECT_EQ(decoded.position, 99);
}

TEST(KinesisShardIterator, ExpiresAfterFiveMinutesWithAwsMessage) {
  ShardIteratorCodec codec;
  // 2015-01-22T01:22:02Z
  std::string token = codec.encode({.stream = "1/s", .created_ms = 1'421'889'722'000});
  try {
    codec.decode(token, 1'421'889'722'000 + 300'001);
    FAIL() << "no expiry";
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code(), "ExpiredIteratorException");
    EXPECT_EQ(error.message(),
              "Iterator expired. The iterator was created at time Thu Jan 22 01:22:02 UTC 2015 "
              "while right now it is Thu Jan 22 01:27:02 UTC 2015 which is further in the future "
              "than the tolerated delay of 300000 milliseconds.");
  }
}

TEST(KinesisShardIterator, RejectsTamperedAndForeignTokens) {
  ShardIteratorCodec codec, other;
  std::string token =
      codec.encode({.stream = "1/s", .shard_index = 0, .position = 5, .created_ms = 1000});
  auto bytes = *base64::decode(token);
  bytes[20] = static_cast<char>(bytes[20] ^ 1);  // move the position
  for (const std::string& bad : {base64::encode(bytes), other.encode({.stream = "1/s"}),
                                 std::string("not base64!"), std::string("AAAA")}) {
    try {
      codec.decode(bad, 1000);
      FAIL() << "accepted " << bad;
    } catch (const AwsError& error) {
      EXPECT_EQ(error.code(), "InvalidArgumentException");
      EXPECT_EQ(error.message(), "Invalid ShardIterator.");
    }
  }
}

}  // namespace
}  // namespace eddy::services::shards
