// The order-preserving key encoding: memcmp order of encodings must be DynamoDB's order of values.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "core/base64.hpp"
#include "ddb_number_forms.hpp"
#include "services/dynamodb/values/attribute_value.hpp"
#include "services/dynamodb/values/decimal.hpp"
#include "services/dynamodb/values/key_encoding.hpp"

using eddy::json;
using namespace eddy::services::dynamodb;

namespace {

json key_number(const std::string& text) {
  return {{"N", text}};
}
json key_string(const std::string& text) {
  return {{"S", text}};
}
json key_binary(const std::string& bytes) {
  return {{"B", eddy::base64::encode(bytes)}};
}

// memcmp order, as SQLite compares BLOBs.
int key_byte_order(const std::string& a, const std::string& b) {
  int order = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
  if (order != 0) return order < 0 ? -1 : 1;
  return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

int key_value_order(const json& a, const json& b) {
  auto order = compare_attribute_values(a, b);
  EXPECT_TRUE(order.has_value());
  return *order < 0 ? -1 : *order > 0 ? 1 : 0;
}

void expect_key_encoding_preserves_order(const std::vector<json>& values) {
  for (const json& a : values) {
    for (const json& b : values) {
      EXPECT_EQ(key_byte_order(encode_key_value(a), encode_key_value(b)), key_value_order(a, b))
          << a.dump() << " vs " << b.dump();
    }
  }
}

const std::vector<std::string> kKeyAdversarialNumbers = {
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

TEST(DdbKeyEncoding, PlainNumbersEncodeAsTheirExponentForms) {
  // Plain text is encoded where it stands; the same number with an exponent goes through Decimal.
  for (const auto& [plain, exponent_form] : test::kPlainAndExponentForms)
    EXPECT_EQ(encode_key_value(key_number(plain)), encode_key_value(key_number(exponent_form)))
        << plain;
}

TEST(DdbKeyEncoding, NumbersSortByValue) {
  std::vector<json> values;
  for (const auto& text : kKeyAdversarialNumbers) values.push_back(key_number(text));
  expect_key_encoding_preserves_order(values);
  // Equal values encode equal, whatever their text.
  EXPECT_EQ(encode_key_value(key_number("1")), encode_key_value(key_number("1.0")));
  EXPECT_EQ(encode_key_value(key_number("1")), encode_key_value(key_number("1.000")));
  EXPECT_EQ(encode_key_value(key_number("0")), encode_key_value(key_number("-0")));
  EXPECT_EQ(encode_key_value(key_number("1e2")), encode_key_value(key_number("100")));
}

TEST(DdbKeyEncoding, ShuffledNumbersSortedByEncodingMatchDecimalOrder) {
  std::vector<std::string> texts = kKeyAdversarialNumbers;
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
    return key_byte_order(encode_key_value(key_number(a)), encode_key_value(key_number(b))) < 0;
  });
  std::vector<std::string> by_decimal = texts;
  std::sort(by_decimal.begin(), by_decimal.end(),
            [](const auto& a, const auto& b) { return Decimal::parse(a) < Decimal::parse(b); });
  ASSERT_EQ(by_encoding.size(), by_decimal.size());
  for (std::size_t i = 0; i < by_encoding.size(); ++i)
    EXPECT_EQ(Decimal::parse(by_encoding[i]), Decimal::parse(by_decimal[i])) << i;
}

TEST(DdbKeyEncoding, StringsAndBinariesSortByUnsignedBytes) {
  expect_key_encoding_preserves_order(
      {key_string(""), key_string("A"), key_string("Z"), key_string("a"), key_string("a\x01"),
       key_string("ab"), key_string("b"), key_string("é"), key_string("\xf0\x9f\x98\x80")});
  expect_key_encoding_preserves_order({key_binary(""), key_binary(std::string(1, '\0')),
                                       key_binary(std::string("\0\0", 2)), key_binary("\x01"),
                                       key_binary("\x7f"), key_binary("\x80"), key_binary("\xf8"),
                                       key_binary("\xff"), key_binary("\xff\xff")});
  EXPECT_EQ(encode_key_value(key_string("abc")), "abc");
  EXPECT_EQ(encode_key_value(key_binary("\x01\xff")), "\x01\xff");
}

TEST(DdbKeyEncoding, PrefixUpperBoundCoversExactlyTheBeginsWithRange) {
  const std::string lower = encode_key_value(key_string("ab"));
  const std::string upper = prefix_upper_bound(key_string("ab"));
  EXPECT_EQ(upper, "ac");
  for (const char* inside : {"ab", "ab\x01", "abz", "ab\xff\xff"}) {
    std::string key = encode_key_value(key_string(inside));
    EXPECT_GE(key_byte_order(key, lower), 0) << inside;
    EXPECT_LT(key_byte_order(key, upper), 0) << inside;
  }
  for (const char* outside : {"aa", "a", "ac", "b", "\xff"}) {
    std::string key = encode_key_value(key_string(outside));
    EXPECT_TRUE(key_byte_order(key, lower) < 0 || key_byte_order(key, upper) >= 0) << outside;
  }
  // Trailing 0xff bytes have no successor: the bound moves to the byte before them.
  EXPECT_EQ(prefix_upper_bound(key_binary("\x01\xff\xff")), "\x02");
  EXPECT_EQ(prefix_upper_bound(key_binary("\xff\xff")), "");
  EXPECT_EQ(prefix_upper_bound(key_string("")), "");
}
