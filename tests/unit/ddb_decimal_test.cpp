// DynamoDB numbers: parsing, the decimal_text text AWS returns, exact arithmetic, ordering and the
// range and precision limits with AWS's messages.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "eddy/aws_error.hpp"
#include "services/dynamodb/values/decimal.hpp"

using eddy::AwsError;
using eddy::services::dynamodb::Decimal;

namespace {

constexpr const char* kDecimalNotANumber = "A value provided cannot be converted into a number";
constexpr const char* kDecimalOverflow =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
constexpr const char* kDecimalUnderflow =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";
constexpr const char* kDecimalTooPrecise =
    "Attempting to store more than 38 significant digits in a Number";

std::string decimal_text(const std::string& text) {
  return Decimal::parse(text).to_string();
}

// The message of the ValidationException `action` throws, or "" when it throws none.
template <typename Action>
std::string decimal_validation_message(Action action) {
  try {
    action();
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code(), "ValidationException");
    EXPECT_EQ(error.http_status(), 400);
    return error.message();
  }
  return "";
}

std::string decimal_parse_error(const std::string& text) {
  return decimal_validation_message([&] { Decimal::parse(text); });
}

const std::string kDecimal38Nines(38, '9');

}  // namespace

TEST(DdbDecimal, NormalisesToAwsForm) {
  EXPECT_EQ(decimal_text("12"), "12");
  EXPECT_EQ(decimal_text("1.50"), "1.5");
  EXPECT_EQ(decimal_text("-1.50"), "-1.5");
  EXPECT_EQ(decimal_text("1e3"), "1000");
  EXPECT_EQ(decimal_text("1E+3"), "1000");
  EXPECT_EQ(decimal_text("-0"), "0");
  EXPECT_EQ(decimal_text("-0.000"), "0");
  EXPECT_EQ(decimal_text("0e999999999999999999999"), "0");
  EXPECT_EQ(decimal_text("1E-5"), "0.00001");
  EXPECT_EQ(decimal_text("+.5"), "0.5");
  EXPECT_EQ(decimal_text("5."), "5");
  EXPECT_EQ(decimal_text("007.0700"), "7.07");
  EXPECT_EQ(decimal_text("123.456e1"), "1234.56");
  EXPECT_EQ(decimal_text("123.456e-4"), "0.0123456");
  EXPECT_EQ(decimal_text("0.001e3"), "1");
  EXPECT_EQ(decimal_text("1.0"), "1");
  EXPECT_EQ(decimal_text("100"), "100");
  EXPECT_EQ(decimal_text("-1E-130"), "-0." + std::string(129, '0') + "1");
  EXPECT_EQ(decimal_text("1E+125"), "1" + std::string(125, '0'));
  EXPECT_EQ(decimal_text("9." + std::string(37, '9') + "E+125"),
            kDecimal38Nines + std::string(88, '0'));
}

TEST(DdbDecimal, RejectsTextThatIsNotANumber) {
  for (const char* text : {"",      "-",   "+",   ".",  "-.",   "e5",    "1e",       "1e+",
                           "1.2.3", "1,5", " 1",  "1 ", "0x10", "NaN",   "Infinity", "-Infinity",
                           "1e5.5", "--1", "+-1", "1f", "abc",  "1_000", "١"}) {
    EXPECT_EQ(decimal_parse_error(text), kDecimalNotANumber) << text;
  }
}

TEST(DdbDecimal, EnforcesRangeAndPrecisionWithAwsMessages) {
  EXPECT_EQ(decimal_parse_error("1E+126"), kDecimalOverflow);
  EXPECT_EQ(decimal_parse_error("-1E+126"), kDecimalOverflow);
  EXPECT_EQ(decimal_parse_error("1E+999999999999999999999"), kDecimalOverflow);
  EXPECT_EQ(decimal_parse_error("1" + std::string(126, '0')), kDecimalOverflow);
  EXPECT_EQ(decimal_parse_error("1E-131"), kDecimalUnderflow);
  EXPECT_EQ(decimal_parse_error("-0.99E-130"), kDecimalUnderflow);
  EXPECT_EQ(decimal_parse_error("1E-999999999999999999999"), kDecimalUnderflow);
  EXPECT_EQ(decimal_parse_error("1" + std::string(38, '1')), kDecimalTooPrecise);
  EXPECT_EQ(decimal_parse_error("0.1" + std::string(38, '1')), kDecimalTooPrecise);
  // Leading and trailing zeros are not significant.
  EXPECT_EQ(decimal_parse_error("000" + kDecimal38Nines + "000"), "");
  EXPECT_EQ(decimal_parse_error("0.000" + kDecimal38Nines + "000"), "");
  EXPECT_EQ(decimal_parse_error("1E+125"), "");
  EXPECT_EQ(decimal_parse_error("9." + std::string(37, '9') + "E+125"), "");
  EXPECT_EQ(decimal_parse_error("1E-130"), "");
  EXPECT_EQ(decimal_parse_error("-1E-130"), "");
  // Out of range is reported before too many digits, as AWS does.
  EXPECT_EQ(decimal_parse_error("1." + std::string(40, '1') + "E+200"), kDecimalOverflow);
}

TEST(DdbDecimal, ArithmeticIsExact) {
  auto sum = [](const char* a, const char* b) {
    return (Decimal::parse(a) + Decimal::parse(b)).to_string();
  };
  auto difference = [](const char* a, const char* b) {
    return (Decimal::parse(a) - Decimal::parse(b)).to_string();
  };
  EXPECT_EQ(sum("0.1", "0.2"), "0.3");
  EXPECT_EQ(sum("1", "-1"), "0");
  EXPECT_EQ(sum("-5", "3"), "-2");
  EXPECT_EQ(sum("5", "-7.5"), "-2.5");
  EXPECT_EQ(sum("999", "1"), "1000");
  EXPECT_EQ(sum("0", "-4.25"), "-4.25");
  EXPECT_EQ(sum("-4.25", "0"), "-4.25");
  EXPECT_EQ(sum("1E+100", "1E+100"), "2" + std::string(100, '0'));
  EXPECT_EQ(sum("1E-130", "1E-130"), "0." + std::string(129, '0') + "2");
  EXPECT_EQ(difference("10", "0.001"), "9.999");
  EXPECT_EQ(difference("-1", "-1"), "0");
  EXPECT_EQ(difference("1E-129", "1E-130"), "0." + std::string(129, '0') + "9");
  EXPECT_EQ(difference("0", "12"), "-12");
  EXPECT_EQ((-Decimal::parse("3.5")).to_string(), "-3.5");
  EXPECT_EQ((-Decimal::parse("0")).to_string(), "0");
  // 38 digits exactly stay; the 39th is refused, as are results out of range.
  EXPECT_EQ(sum(("0." + kDecimal38Nines).c_str(), "0"), "0." + kDecimal38Nines);
  EXPECT_EQ(sum("12345678901234567890123456789012345678", "1"),
            "12345678901234567890123456789012345679");
  EXPECT_EQ(
      decimal_validation_message([&] { Decimal::parse(kDecimal38Nines) + Decimal::parse("0.1"); }),
      kDecimalTooPrecise);
  EXPECT_EQ(decimal_validation_message([] { Decimal::parse("1E+125") + Decimal::parse("1"); }),
            kDecimalTooPrecise);
  EXPECT_EQ(
      decimal_validation_message([] { Decimal::parse("9.9E+125") + Decimal::parse("9.9E+125"); }),
      kDecimalOverflow);
  EXPECT_EQ(
      decimal_validation_message([] { Decimal::parse("-9.9E+125") - Decimal::parse("1E+125"); }),
      kDecimalOverflow);
  EXPECT_EQ(
      decimal_validation_message([] { Decimal::parse("1.1E-129") - Decimal::parse("1.05E-129"); }),
      kDecimalUnderflow);
}

TEST(DdbDecimal, OrdersByValue) {
  // Ascending; "1" and "1.0" are equal.
  const std::vector<std::string> ascending = {
      "-9.9999999999999999999999999999999999999E+125",
      "-1E+125",
      "-12345678901234567890123456789012345679",
      "-12345678901234567890123456789012345678",
      "-100",
      "-99",
      "-10",
      "-1.5",
      "-1",
      "-0.5",
      "-0.4" + std::string(37, '9'),
      "-1E-129",
      "-1E-130",
      "0",
      "1E-130",
      "1.1E-130",
      "1E-129",
      "0.1",
      "0.12",
      "0.123",
      "0.2",
      "1",
      "1." + std::string(36, '0') + "1",  // 38 digits, differing from 1 in the 38th
      "10",
      "99",
      "100",
      "12345678901234567890123456789012345678",
      "12345678901234567890123456789012345679",
      "1E+125",
      "9.9999999999999999999999999999999999999E+125",
  };
  for (std::size_t i = 0; i < ascending.size(); ++i) {
    for (std::size_t j = 0; j < ascending.size(); ++j) {
      EXPECT_EQ(Decimal::parse(ascending[i]) <=> Decimal::parse(ascending[j]), i <=> j)
          << ascending[i] << " vs " << ascending[j];
    }
  }
  EXPECT_EQ(Decimal::parse("1"), Decimal::parse("1.0"));
  EXPECT_EQ(Decimal::parse("-0"), Decimal::parse("0"));
  EXPECT_EQ(Decimal::parse("1e2"), Decimal::parse("100.000"));
  EXPECT_NE(Decimal::parse("1"), Decimal::parse("-1"));
  EXPECT_EQ(Decimal::parse("0.5") <=> Decimal::parse("5E-1"), std::strong_ordering::equal);

  std::vector<Decimal> shuffled;
  for (const auto& text : ascending) shuffled.push_back(Decimal::parse(text));
  std::mt19937 random(42);
  std::shuffle(shuffled.begin(), shuffled.end(), random);
  std::sort(shuffled.begin(), shuffled.end());
  for (std::size_t i = 0; i < ascending.size(); ++i)
    EXPECT_EQ(shuffled[i], Decimal::parse(ascending[i]));
}

TEST(DdbDecimal, ExposesDigitsAndExponent) {
  Decimal d = Decimal::parse("-123.45");
  EXPECT_EQ(d.digits(), "12345");
  EXPECT_EQ(d.exponent(), 3);
  EXPECT_TRUE(d.is_negative());
  EXPECT_TRUE(Decimal().is_zero());
  EXPECT_EQ(Decimal::parse("1E-130").exponent(), -129);
  EXPECT_EQ(Decimal::parse("1E+125").exponent(), 126);
}
