// GetRecords' hand-written encoders held to independent oracles: sequence numbers to a
// digit-by-digit conversion of the layout's hex digits, base64 to OpenSSL's block encoder, the
// iterators' SipHash to OpenSSL's.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/base64.hpp"
#include "services/shards/sequence_number.hpp"
#include "services/shards/shard_id.hpp"
#include "services/shards/siphash.hpp"

namespace eddy::services::shards {
namespace {

// The layout in hex, then to decimal one hex digit at a time (multiply by 16, add).
std::string decimal_of_layout(const SequenceNumber& number) {
  char hex[64];
  std::snprintf(hex, sizeof hex, "2%09llx0%016llx00%09llx%08llx2",
                static_cast<unsigned long long>(number.origin_secs),
                static_cast<unsigned long long>(number.counter),
                static_cast<unsigned long long>(number.arrival_secs),
                static_cast<unsigned long long>(number.shard_index));
  std::vector<int> digits{0};  // least significant first
  for (const char* c = hex; *c; ++c) {
    int carry = *c <= '9' ? *c - '0' : *c - 'a' + 10;
    for (int& digit : digits) {
      int value = digit * 16 + carry;
      digit = value % 10;
      carry = value / 10;
    }
    for (; carry; carry /= 10) digits.push_back(carry % 10);
  }
  std::string out;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) out += static_cast<char>('0' + *it);
  return out;
}

TEST(KinesisSequenceNumberText, MatchesDigitByDigitConversion) {
  std::mt19937_64 random(7);
  std::vector<SequenceNumber> numbers = {
      {.origin_secs = 0, .shard_index = 0, .counter = 0, .arrival_secs = 0},
      {.origin_secs = 1'700'000'000,
       .shard_index = 3,
       .counter = 42,
       .arrival_secs = 1'700'000'123},
      {.origin_secs = 0xfffffffff,
       .shard_index = 0x7fffffff,
       .counter = INT64_MAX,
       .arrival_secs = 0xfffffffff},
  };
  for (int i = 0; i < 2000; ++i)
    numbers.push_back({.origin_secs = static_cast<std::int64_t>(random() % 0x1000000000),
                       .shard_index = static_cast<std::int64_t>(random() % 0x80000000),
                       .counter = static_cast<std::int64_t>(random() >> (random() % 64)),
                       .arrival_secs = static_cast<std::int64_t>(random() % 0x1000000000)});
  for (const auto& number : numbers) {
    std::string expected = decimal_of_layout(number);
    ASSERT_EQ(format_sequence_number(number), expected);
    std::string appended = "prefix:";
    append_sequence_number(appended, number);
    ASSERT_EQ(appended, "prefix:" + expected);
  }
  // One writer for a shard, reused for many records as GetRecords reuses it.
  for (std::size_t first = 0; first + 1 < numbers.size(); first += 97) {
    ShardSequenceNumbers shard(numbers[first].origin_secs, numbers[first].shard_index);
    for (std::size_t i = first; i < numbers.size() && i < first + 5; ++i) {
      SequenceNumber number = numbers[i];
      number.origin_secs = numbers[first].origin_secs;
      number.shard_index = numbers[first].shard_index;
      std::string text;
      shard.append(text, number.counter, number.arrival_secs);
      ASSERT_EQ(text, decimal_of_layout(number));
    }
  }
}

TEST(KinesisBase64Text, MatchesOpenSslForEveryLengthAndByte) {
  std::mt19937 random(11);
  for (std::size_t size = 0; size < 300; ++size) {
    std::string bytes(size, '\0');
    for (char& b : bytes) b = static_cast<char>(random() & 0xff);
    std::string expected(4 * ((size + 2) / 3) + 1, '\0');
    int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(expected.data()),
                                  reinterpret_cast<const unsigned char*>(bytes.data()),
                                  static_cast<int>(size));
    expected.resize(static_cast<std::size_t>(written));
    ASSERT_EQ(base64::encode(bytes), expected) << size;
    std::string appended = "x";
    base64::append_encoded(appended, bytes);
    ASSERT_EQ(appended, "x" + expected) << size;
    ASSERT_EQ(base64::decode(expected), bytes) << size;
  }
}

TEST(KinesisBase64Text, DecodesAsOpenSslDoes) {
  EXPECT_EQ(base64::decode("AR=="), std::string(1, '\x01'));  // bits under the padding ignored
  EXPECT_EQ(base64::decode("AAE="), std::string("\0\x01", 2));
  EXPECT_EQ(base64::decode(""), "");
  for (std::string_view bad : {"A", "AB=", "A===", "AB=C", "A B=", "Zm9v\n", "Zm-v", "Zm_v"})
    EXPECT_FALSE(base64::decode(bad)) << bad;
}

TEST(KinesisSipHash, MatchesOpenSslForEveryLength) {
  std::mt19937 random(13);
  EVP_MAC* siphash = EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_SIPHASH, nullptr);
  ASSERT_NE(siphash, nullptr);
  for (std::size_t size = 0; size < 80; ++size) {
    SipHashKey key{};
    for (auto& b : key) b = static_cast<unsigned char>(random() & 0xff);
    std::string message(size, '\0');
    for (char& b : message) b = static_cast<char>(random() & 0xff);
    EVP_MAC_CTX* context = EVP_MAC_CTX_new(siphash);
    std::size_t tag_size = 16;
    OSSL_PARAM params[] = {OSSL_PARAM_construct_size_t(OSSL_MAC_PARAM_SIZE, &tag_size),
                           OSSL_PARAM_construct_end()};
    ASSERT_EQ(EVP_MAC_init(context, key.data(), key.size(), params), 1);
    ASSERT_EQ(EVP_MAC_update(context, reinterpret_cast<const unsigned char*>(message.data()),
                             message.size()),
              1);
    SipHashTag expected{};
    std::size_t written = 0;
    ASSERT_EQ(EVP_MAC_final(context, expected.data(), &written, expected.size()), 1);
    EVP_MAC_CTX_free(context);
    ASSERT_EQ(written, 16u);
    ASSERT_EQ(siphash_2_4_128(key, message), expected) << size;
  }
  EVP_MAC_free(siphash);
}

TEST(KinesisShardIdText, WritesAsFmtZeroPaddedToTwelve) {
  for (std::int64_t index : {0LL, 3LL, 999'999'999'999LL, 2'147'483'647LL, 1'000'000'000'000LL})
    EXPECT_EQ(format_shard_id(index), fmt::format("shardId-{:012d}", index));
}

}  // namespace
}  // namespace eddy::services::shards
