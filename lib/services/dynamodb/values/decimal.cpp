#include "services/dynamodb/values/decimal.hpp"

#include <algorithm>
#include <cstddef>

#include "eddy/aws_error.hpp"

namespace eddy::services::dynamodb {
namespace {

constexpr std::size_t kMaxSignificantDigits = 38;
// In the 0.d1d2... * 10^exponent form: 1E-130 is 0.1E-129, 9.9...E+125 is 0.99...E+126.
constexpr int kMinDecimalExponent = -129;
constexpr int kMaxDecimalExponent = 126;
// Exponents in the text beyond this are clamped: the number is out of range either way (or zero),
// and clamping keeps the arithmetic from overflowing an int.
constexpr long kDecimalExponentClamp = 1'000'000;

[[noreturn]] void throw_decimal_error(const char* message) {
  throw AwsError("ValidationException", message);
}

[[noreturn]] void throw_not_a_number() {
  throw_decimal_error("A value provided cannot be converted into a number");
}

bool is_ascii_digit(char c) {
  return c >= '0' && c <= '9';
}

// Adds two unsigned decimal integers written most significant digit first.
std::string add_digit_strings(const std::string& a, const std::string& b) {
  std::string sum;
  int carry = 0;
  auto ia = a.rbegin();
  auto ib = b.rbegin();
  while (ia != a.rend() || ib != b.rend() || carry) {
    int d = carry;
    if (ia != a.rend()) d += *ia++ - '0';
    if (ib != b.rend()) d += *ib++ - '0';
    sum.push_back(static_cast<char>('0' + d % 10));
    carry = d / 10;
  }
  std::reverse(sum.begin(), sum.end());
  return sum;
}

// a - b for unsigned decimal integers of equal length with a >= b.
std::string subtract_digit_strings(const std::string& a, const std::string& b) {
  std::string difference(a.size(), '0');
  int borrow = 0;
  for (std::size_t i = a.size(); i-- > 0;) {
    int d = (a[i] - '0') - (b[i] - '0') - borrow;
    borrow = d < 0;
    difference[i] = static_cast<char>('0' + (d + 10) % 10);
  }
  return difference;
}

}  // namespace

Decimal Decimal::parse(std::string_view text) {
  std::size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) negative = text[pos++] == '-';

  // The mantissa's digits, with the position of the decimal point among them.
  std::string mantissa;
  long point = -1;
  bool any_digit = false;
  for (; pos < text.size(); ++pos) {
    char c = text[pos];
    if (is_ascii_digit(c)) {
      any_digit = true;
      mantissa.push_back(c);
    } else if (c == '.' && point < 0) {
      point = static_cast<long>(mantissa.size());
    } else {
      break;
    }
  }
  if (!any_digit) throw_not_a_number();
  if (point < 0) point = static_cast<long>(mantissa.size());

  long written_exponent = 0;
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    bool exponent_negative = false;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-'))
      exponent_negative = text[pos++] == '-';
    if (pos == text.size()) throw_not_a_number();
    for (; pos < text.size() && is_ascii_digit(text[pos]); ++pos)
      written_exponent = std::min(written_exponent * 10 + (text[pos] - '0'), kDecimalExponentClamp);
    if (exponent_negative) written_exponent = -written_exponent;
  }
  if (pos != text.size()) throw_not_a_number();

  // Strip leading zeros (each moves the point left) and trailing zeros (value unchanged).
  std::size_t first = mantissa.find_first_not_of('0');
  if (first == std::string::npos) return Decimal{};
  std::size_t last = mantissa.find_last_not_of('0');
  Decimal result;
  result.negative_ = negative;
  result.digits_ = mantissa.substr(first, last - first + 1);
  long exponent = point - static_cast<long>(first) + written_exponent;
  if (exponent > kMaxDecimalExponent)
    throw_decimal_error(
        "Number overflow. Attempting to store a number with magnitude larger than supported range");
  if (exponent < kMinDecimalExponent)
    throw_decimal_error(
        "Number underflow. Attempting to store a number with magnitude smaller than supported "
        "range");
  if (result.digits_.size() > kMaxSignificantDigits)
    throw_decimal_error("Attempting to store more than 38 significant digits in a Number");
  result.exponent_ = static_cast<int>(exponent);
  return result;
}

std::string Decimal::to_string() const {
  if (digits_.empty()) return "0";
  std::string text = negative_ ? "-" : "";
  const int length = static_cast<int>(digits_.size());
  if (exponent_ <= 0) {
    text += "0.";
    text.append(static_cast<std::size_t>(-exponent_), '0');
    text += digits_;
  } else if (exponent_ >= length) {
    text += digits_;
    text.append(static_cast<std::size_t>(exponent_ - length), '0');
  } else {
    text.append(digits_, 0, static_cast<std::size_t>(exponent_));
    text += '.';
    text.append(digits_, static_cast<std::size_t>(exponent_));
  }
  return text;
}

Decimal Decimal::operator-() const {
  Decimal negated = *this;
  if (!negated.is_zero()) negated.negative_ = !negated.negative_;
  return negated;
}

Decimal Decimal::operator+(const Decimal& other) const {
  if (is_zero()) return other;
  if (other.is_zero()) return *this;

  // Write both magnitudes as integers scaled by 10^lowest, the lower of the two last-digit
  // positions, padded to one length so they can be added or subtracted digit by digit.
  auto last_digit_position = [](const Decimal& d) {
    return d.exponent_ - static_cast<int>(d.digits_.size());
  };
  const int lowest = std::min(last_digit_position(*this), last_digit_position(other));
  const int highest = std::max(exponent_, other.exponent_);
  auto aligned = [&](const Decimal& d) {
    std::string integer(static_cast<std::size_t>(highest - d.exponent_), '0');
    integer += d.digits_;
    integer.append(static_cast<std::size_t>(last_digit_position(d) - lowest), '0');
    return integer;
  };
  std::string a = aligned(*this);
  std::string b = aligned(other);

  bool negative = negative_;
  std::string magnitude;
  if (negative_ == other.negative_) {
    magnitude = add_digit_strings(a, b);
  } else if (a >= b) {  // equal lengths, so text order is numeric order
    magnitude = subtract_digit_strings(a, b);
  } else {
    magnitude = subtract_digit_strings(b, a);
    negative = other.negative_;
  }

  // magnitude * 10^lowest back to number text, which parse() normalises and range-checks.
  std::string text = negative ? "-" : "";
  text += magnitude;
  text += 'E';
  text += std::to_string(lowest);
  return parse(text);
}

Decimal Decimal::operator-(const Decimal& other) const {
  return *this + (-other);
}

std::strong_ordering Decimal::operator<=>(const Decimal& other) const {
  if (negative_ != other.negative_)
    return negative_ ? std::strong_ordering::less : std::strong_ordering::greater;
  std::strong_ordering magnitude = std::strong_ordering::equal;
  if (is_zero() || other.is_zero()) {
    // Zero is never negative, so here both are non-negative.
    magnitude = other.is_zero() <=> is_zero();
  } else if (exponent_ != other.exponent_) {
    magnitude = exponent_ <=> other.exponent_;
  } else {
    // Digit strings without trailing zeros: text order is the order of 0.d1d2... values.
    magnitude = digits_.compare(other.digits_) <=> 0;
  }
  if (!negative_) return magnitude;
  return 0 <=> magnitude;
}

std::optional<PlainNumber> read_plain_number(std::string_view text) {
  if (text.empty() || text.size() > kMaxSignificantDigits) return std::nullopt;
  PlainNumber number;
  number.negative = text[0] == '-';
  const std::size_t start = number.negative ? 1 : 0;
  if (start == text.size()) return std::nullopt;
  std::size_t point = text.size();
  bool nonzero_seen = false;
  std::size_t digits = 0;  // from the first nonzero digit on
  for (std::size_t i = start; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.') {
      if (point != text.size() || i == start || i + 1 == text.size()) return std::nullopt;
      point = i;
      continue;
    }
    if (!is_ascii_digit(c)) return std::nullopt;
    if (c != '0' && !nonzero_seen) {
      nonzero_seen = true;
      number.first = i;
    }
    if (nonzero_seen) ++digits;
    if (c != '0') {
      number.last = i;
      number.significant_digits = digits;
    }
  }
  if (!nonzero_seen) {  // zero, "-0" too
    number.negative = false;
    number.zero = true;
    return number;
  }
  number.exponent = number.first < point ? static_cast<int>(point - number.first)
                                         : -static_cast<int>(number.first - point - 1);
  return number;
}

bool is_plain_normal_number(std::string_view text) {
  if (text.empty() || text.size() > kMaxSignificantDigits) return false;
  std::size_t i = text[0] == '-' ? 1 : 0;
  const bool negative = i == 1;
  const std::size_t integer_start = i;
  while (i < text.size() && is_ascii_digit(text[i])) ++i;
  const std::size_t integer_digits = i - integer_start;
  if (integer_digits == 0) return false;
  const bool zero_integer = text[integer_start] == '0';
  if (zero_integer && integer_digits > 1) return false;
  if (i == text.size()) return !(zero_integer && (negative || text.size() > 1));
  if (text[i] != '.' || text.back() == '0' || text.back() == '.') return false;
  for (++i; i < text.size(); ++i)
    if (!is_ascii_digit(text[i])) return false;
  return true;
}

}  // namespace eddy::services::dynamodb
