#pragma once
// A DynamoDB number: an exact decimal of at most 38 significant digits whose magnitude lies in
// 1E-130 .. 9.99...E+125 (or zero). Arithmetic is exact decimal arithmetic, never double: AWS
// answers 0.1 + 0.2 with 0.3, and rejects a result that needs a 39th digit.
#include <compare>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace eddy::services::dynamodb {

class Decimal {
 public:
  Decimal() = default;  // zero

  // Parses number text as DynamoDB accepts it ("12", "-1.50", "1e3", "+.5", "5.", "1E-130").
  // Throws AwsError ValidationException with AWS's messages: text that is not a number, more
  // than 38 significant digits, magnitude out of range ("Number overflow..." / "Number
  // underflow...").
  static Decimal parse(std::string_view text);

  // The form AWS returns: no exponent, no leading or trailing zeros, "-" only when negative
  // ("1.50" -> "1.5", "1e3" -> "1000", "-0" -> "0", "1E-5" -> "0.00001").
  std::string to_string() const;

  // Exact; throws ValidationException as parse() does when the result cannot be stored.
  Decimal operator+(const Decimal& other) const;
  Decimal operator-(const Decimal& other) const;
  Decimal operator-() const;

  bool is_zero() const { return digits_.empty(); }
  bool is_negative() const { return negative_; }

  // The significant digits (no leading or trailing zeros; empty for zero) and the exponent of the
  // 0.d1d2... * 10^exponent form, for order-preserving encodings.
  const std::string& digits() const { return digits_; }
  int exponent() const { return exponent_; }

  std::strong_ordering operator<=>(const Decimal& other) const;
  bool operator==(const Decimal& other) const = default;

 private:
  // value = (negative_ ? -1 : 1) * 0.d1d2d3... * 10^exponent_; digits_ has no leading or trailing
  // zeros and is empty for zero (then negative_ is false and exponent_ is 0).
  bool negative_ = false;
  std::string digits_;
  int exponent_ = 0;
};

// A number written plainly ("-12.50": an optional '-', digits, an optional fraction, at most 38
// characters, so always within Decimal's limits) read where it stands, for the short numbers
// items mostly hold, without the allocations of a Decimal: sizes and key encodings need only
// where its significant digits lie. `first` and `last` index the first and last nonzero digit of
// `text` (a '.' may lie between them); `exponent` is Decimal::exponent()'s; zero has no digits.
struct PlainNumber {
  bool negative = false;
  bool zero = false;
  std::size_t first = 0;
  std::size_t last = 0;
  std::size_t significant_digits = 0;
  int exponent = 0;
};
// Nothing for any other text (exponents, a leading '+' or '.', a trailing '.'), which
// Decimal::parse reads.
std::optional<PlainNumber> read_plain_number(std::string_view text);

// Whether `text` is in Decimal::to_string()'s form, recognised without parsing, for the short
// numbers most items hold: at most 38 characters (so within the digits and range limits), an
// optional '-', an integer part without leading zeros ("0" before a fraction), a fraction not
// ending in '0', not -0. False for any other text, normal or not (a Decimal round trip decides).
bool is_plain_normal_number(std::string_view text);

}  // namespace eddy::services::dynamodb
