#include "services/dynamodb/values/key_encoding.hpp"

#include <stdexcept>

#include "core/base64.hpp"
#include "services/dynamodb/values/decimal.hpp"

namespace eddy::services::dynamodb {
namespace {

// A number's first byte orders negatives before zero before positives.
constexpr unsigned char kNegativeNumberTag = 0x01;
constexpr unsigned char kZeroNumberTag = 0x02;
constexpr unsigned char kPositiveNumberTag = 0x03;
// Exponents (0.d1d2... * 10^e form) lie in -129..126; shifted they fill one byte, 0..255.
constexpr int kKeyExponentBias = 129;
// Ends a negative number's inverted digits; above every inverted digit, so of two negatives
// sharing leading digits the shorter (smaller magnitude, larger value) sorts last.
constexpr unsigned char kNegativeDigitsEnd = 0xff;

// A nonzero number from its sign, its exponent and its `digit_count` significant digits, which
// `for_each_digit(put)` hands to `put` as characters, most significant first.
template <class ForEachDigit>
std::string encode_nonzero_key_number(bool negative, int exponent, std::size_t digit_count,
                                      ForEachDigit for_each_digit) {
  const int biased_exponent = exponent + kKeyExponentBias;
  std::string bytes;
  bytes.reserve(digit_count + 3);
  if (!negative) {
    // Larger exponent, then larger leading digits, then more digits: a larger positive number.
    bytes.push_back(static_cast<char>(kPositiveNumberTag));
    bytes.push_back(static_cast<char>(biased_exponent));
    for_each_digit([&](char digit) { bytes.push_back(static_cast<char>(1 + (digit - '0'))); });
  } else {
    // Every byte inverted, so a larger magnitude sorts first.
    bytes.push_back(static_cast<char>(kNegativeNumberTag));
    bytes.push_back(static_cast<char>(255 - biased_exponent));
    for_each_digit([&](char digit) { bytes.push_back(static_cast<char>(0xfe - (digit - '0'))); });
    bytes.push_back(static_cast<char>(kNegativeDigitsEnd));
  }
  return bytes;
}

std::string encode_key_number(const Decimal& number) {
  if (number.is_zero()) return std::string(1, static_cast<char>(kZeroNumberTag));
  return encode_nonzero_key_number(number.is_negative(), number.exponent(), number.digits().size(),
                                   [&](auto put) {
                                     for (char digit : number.digits()) put(digit);
                                   });
}

// The same for plain text, read where it stands (read_plain_number), without a Decimal.
std::string encode_plain_key_number(std::string_view text, const PlainNumber& number) {
  if (number.zero) return std::string(1, static_cast<char>(kZeroNumberTag));
  return encode_nonzero_key_number(number.negative, number.exponent, number.significant_digits,
                                   [&](auto put) {
                                     for (std::size_t i = number.first; i <= number.last; ++i)
                                       if (text[i] != '.') put(text[i]);
                                   });
}

// Callers check key types against the attribute definitions first (with AWS's messages), so
// anything else here is a bug in the caller.
[[noreturn]] void throw_not_a_key_type() {
  throw std::invalid_argument("a key value must be a normalised S, N or B");
}

}  // namespace

std::string encode_key_value(const json& value) {
  if (!value.is_object() || value.size() != 1) throw_not_a_key_type();
  const json& member = value.begin().value();
  if (!member.is_string()) throw_not_a_key_type();
  return encode_key_text(value.begin().key(), member.get_ref<const std::string&>());
}

std::string encode_key_text(std::string_view type, std::string_view text) {
  if (type == "S") return std::string(text);
  if (type == "B") {
    auto bytes = base64::decode(text);
    if (!bytes) throw_not_a_key_type();
    return std::move(*bytes);
  }
  if (type == "N") {
    if (std::optional<PlainNumber> plain = read_plain_number(text))
      return encode_plain_key_number(text, *plain);
    return encode_key_number(Decimal::parse(text));
  }
  throw_not_a_key_type();
}

std::string prefix_upper_bound(const json& prefix_value) {
  std::string bound = encode_key_value(prefix_value);
  // The next byte string after every extension of the prefix: drop trailing 0xff bytes (no
  // successor at that position), then increment the last remaining byte.
  while (!bound.empty() && static_cast<unsigned char>(bound.back()) == 0xff) bound.pop_back();
  if (bound.empty()) return bound;
  bound.back() = static_cast<char>(static_cast<unsigned char>(bound.back()) + 1);
  return bound;
}

}  // namespace eddy::services::dynamodb
