// The order-preserving key encoding: memcmp order of encodings must be DynamoDB's order of values.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "core/base64.hpp"
#include "services/dynamodb/values/attribute_value.hpp"
#include "services/dynamodb/values/decimal.hpp"
#include "services/dynamodb/values/key_encoding.hpp"

using eddy::json;
using namespace eddy::services::dynamodb;

namespace {

json number(const std::string& text) {
  return {{"N", text}};
}
json string_value(const std::string& text) {
  return {{"S", text}};
}
json binary(const std::string& bytes) {
  return {{"B", eddy::base64::encode(bytes)}};
}

// memcmp order, as SQLite compares BLOBs.
int byte_order(const std::string& a, const std::string& b) {
  int order = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
  if (order != 0) return order < 0 ? -1 : 1;
  return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

int value_order(const json& a, const json& b) {
  auto order = compare_attribute_values(a, b);
  EXPECT_TRUE(order.has_value());
  return *order < 0 ? -1 : *order > 0 ? 1 : 0;
}

void expect_encoding_preserves_order(const std::vector<json>& values) {
  for (const json& a : values) {
    for (const json& b : values) {
      EXPECT_EQ(byte_order(encode_key_value(a), encode_key_value(b)), value_order(a, b))
          << a.dump() << " vs " << b.dump();
    }
  }
}

const std::vector<std::string> kAdversarialNumbers = {
    "-9.9999999999999999999999999999999999999E+125",
    "-1E+125",
    "-1E+124",
    "-12345678901234567890123456789012345679",
    "-12345678901234567890123456789012345678",
    "-100",
    "-99",
    "-10",
    "-9",
    "-1.5",
    "-1.05",
    "-1",
    "-0.5",
    "-1E-129",
    "-1.1E-130",
    "-1E-130",
    "0",
    "1E-130",
    "1.1E-130",
    "1E-129",
    "0.1",
    "0.12",
    "0.2",
    "1",
    "1." + std::string(36, '0') + "1",  // 38 digits, differing from 1 in the 38th
    "1." + std::string(36, '0') + "2",
    "1.05",
    "1.5",
    "9",
    "10",
    "99",
    "100",
    "12345678901234567890123456789012345678",
    "12345678901234567890123456789012345679",
    "1E+124",
    "1E+125",
    "9.9999999999999999999999999999999999999E+125",
};

}  // namespace

TEST(DdbKeyEncoding, NumbersSortByValue) {
  std::vector<json> values;
  for (const auto& text : kAdversarialNumbers) values.push_back(number(text));
  expect_encoding_preserves_order(values);
  // Equal values encode equal, whatever their text.
  EXPECT_EQ(encode_key_value(number("1")), encode_key_value(number("1.0")));
  EXPECT_EQ(encode_key_value(number("1")), encode_key_value(number("1.000")));
  EXPECT_EQ(encode_key_value(number("0")), encode_key_value(number("-0")));
  EXPECT_EQ(encode_key_value(number("1e2")), encode_key_value(number("100")));
}

TEST(DdbKeyEncoding, ShuffledNumbersSortedByEncodingMatchDecimalOrder) {
  std::vector<std::string> texts = kAdversarialNumbers;
  std::mt19937 random(20261129);
  // Random numbers too, across the whole range and precision.
  std::uniform_int_distribution<int> digit_count(1, 38), digit(0, 9), exponent(-130, 87),
      sign(0, 1);
  for (int i = 0; i < 500; ++i) {
    std::string text = sign(random) ? "-" : "";
    text += std::to_string(1 + digit(random) % 9) + ".";
    for (int d = digit_count(random); d > 1; --d) text += std::to_string(digit(random));
    // Appended in two steps: GCC 12 misreads "literal" + std::string under -O3 as an overflow.
    text += 'E';
    text += std::to_string(exponent(random));
    texts.push_back(text);
  }
  std::shuffle(texts.begin(), texts.end(), random);

  std::vector<std::string> by_encoding = texts;
  std::sort(by_encoding.begin(), by_encoding.end(), [](const auto& a, const auto& b) {
    return byte_order(encode_key_value(number(a)), encode_key_value(number(b))) < 0;
  });
  std::vector<std::string> by_decimal = texts;
  std::sort(by_decimal.begin(), by_decimal.end(),
            [](const auto& a, const auto& b) { return Decimal::parse(a) < Decimal::parse(b); });
  ASSERT_EQ(by_encoding.size(), by_decimal.size());
  for (std::size_t i = 0; i < by_encoding.size(); ++i)
    EXPECT_EQ(Decimal::parse(by_encoding[i]), Decimal::parse(by_decimal[i])) << i;
}

TEST(DdbKeyEncoding, StringsAndBinariesSortByUnsignedBytes) {
  expect_encoding_preserves_order({string_value(""), string_value("A"), string_value("Z"),
                                   string_value("a"), string_value("a\x01"), string_value("ab"),
                                   string_value("b"), string_value("é"),
                                   string_value("\xf0\x9f\x98\x80")});
  expect_encoding_preserves_order(
      {binary(""), binary(std::string(1, '\0')), binary(std::string("\0\0", 2)), binary("\x01"),
       binary("\x7f"), binary("\x80"), binary("\xf8"), binary("\xff"), binary("\xff\xff")});
  EXPECT_EQ(encode_key_value(string_value("abc")), "abc");
  EXPECT_EQ(encode_key_value(binary("\x01\xff")), "\x01\xff");
}

TEST(DdbKeyEncoding, PrefixUpperBoundCoversExactlyTheBeginsWithRange) {
  const std::string lower = encode_key_value(string_value("ab"));
  const std::string upper = prefix_upper_bound(string_value("ab"));
  EXPECT_EQ(upper, "ac");
  for (const char* inside : {"ab", "ab\x01", "abz", "ab\xff\xff"}) {
    std::string key = encode_key_value(string_value(inside));
    EXPECT_GE(byte_order(key, lower), 0) << inside;
    EXPECT_LT(byte_order(key, upper), 0) << inside;
  }
  for (const char* outside : {"aa", "a", "ac", "b", "\xff"}) {
    std::string key = encode_key_value(string_value(outside));
    EXPECT_TRUE(byte_order(key, lower) < 0 || byte_order(key, upper) >= 0) << outside;
  }
  // Trailing 0xff bytes have no successor: the bound moves to the byte before them.
  EXPECT_EQ(prefix_upper_bound(binary("\x01\xff\xff")), "\x02");
  EXPECT_EQ(prefix_upper_bound(binary("\xff\xff")), "");
  EXPECT_EQ(prefix_upper_bound(string_value("")), "");
}
