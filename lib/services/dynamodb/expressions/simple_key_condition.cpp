#include "services/dynamodb/expressions/simple_key_condition.hpp"

#include <cctype>

#include "eddy/aws_error.hpp"
#include "services/dynamodb/expressions/expression_limits.hpp"
#include "services/dynamodb/expressions/reserved_words.hpp"

namespace eddy::services::dynamodb {
namespace {

// One `key <op> :value` as written, before its placeholders are resolved.
struct WrittenKeyComparison {
  std::string_view key;  // "#placeholder" or the attribute's name
  const char* op;        // as the parser's collector names it: EQ, LT, LE, GT, GE
  std::string_view value_placeholder;
};

// The tokenizer's classes of characters (tokenizer.cpp), so that both split a text alike.
bool is_simple_key_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
bool is_simple_key_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

class SimpleKeyConditionScanner {
 public:
  explicit SimpleKeyConditionScanner(std::string_view text) : text_(text) {}

  // Up to two comparisons joined by AND, and nothing else.
  bool scan(std::vector<WrittenKeyComparison>& out) {
    WrittenKeyComparison first{};
    if (!comparison(first)) return false;
    out.push_back(first);
    skip_spaces();
    if (at_ == text_.size()) return true;
    if (!keyword_and()) return false;
    WrittenKeyComparison second{};
    if (!comparison(second)) return false;
    out.push_back(second);
    skip_spaces();
    return at_ == text_.size();
  }

 private:
  void skip_spaces() {
    while (at_ < text_.size() && is_simple_key_space(text_[at_])) ++at_;
  }
  char peek() const { return at_ < text_.size() ? text_[at_] : '\0'; }
  std::size_t word_end(std::size_t from) const {
    while (from < text_.size() && is_simple_key_word_char(text_[from])) ++from;
    return from;
  }

  bool comparison(WrittenKeyComparison& out) {
    skip_spaces();
    std::size_t start = at_;
    if (peek() == '#') {
      at_ = word_end(at_ + 1);
      if (at_ == start + 1) return false;
    } else if (std::isalpha(static_cast<unsigned char>(peek())) != 0) {
      at_ = word_end(at_);
      if (is_reserved_word(text_.substr(start, at_ - start))) return false;
    } else {
      return false;
    }
    out.key = text_.substr(start, at_ - start);
    skip_spaces();
    if (!comparator(out.op)) return false;
    skip_spaces();
    start = at_;
    if (peek() != ':') return false;
    at_ = word_end(at_ + 1);
    if (at_ == start + 1) return false;
    out.value_placeholder = text_.substr(start, at_ - start);
    // A value is followed by a space or the end: anything else (a dot, a bracket) is not ours.
    return at_ == text_.size() || is_simple_key_space(text_[at_]);
  }

  bool comparator(const char*& op) {
    char c = peek();
    if (c == '=') {
      ++at_;
      op = "EQ";
      return true;
    }
    if (c != '<' && c != '>') return false;
    ++at_;
    if (c == '<' && peek() == '>') return false;  // <>: not a key condition
    bool or_equal = peek() == '=';
    if (or_equal) ++at_;
    op = c == '<' ? (or_equal ? "LE" : "LT") : (or_equal ? "GE" : "GT");
    return true;
  }

  // AND in any case, with a space on both sides.
  bool keyword_and() {
    if (text_.size() - at_ < 4) return false;
    for (std::size_t i = 0; i < 3; ++i)
      if (std::toupper(static_cast<unsigned char>(text_[at_ + i])) != "AND"[i]) return false;
    if (!is_simple_key_space(text_[at_ + 3])) return false;
    at_ += 3;
    return true;
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

bool is_key_attribute_value(const json& value) {
  if (!value.is_object() || value.size() != 1) return false;
  const auto& type = value.begin().key();
  return type == "S" || type == "N" || type == "B";
}

}  // namespace

std::optional<std::vector<LegacyComparison>> read_simple_key_condition(
    std::string_view text, ExpressionAttributes& attributes) {
  if (text.size() > kMaxExpressionBytes) return std::nullopt;
  std::vector<WrittenKeyComparison> written;
  written.reserve(2);
  if (!SimpleKeyConditionScanner(text).scan(written)) return std::nullopt;
  std::vector<LegacyComparison> comparisons;
  comparisons.reserve(written.size());
  try {
    for (const auto& comparison : written) {
      std::string key = comparison.key.front() == '#' ? attributes.name(comparison.key)
                                                      : std::string(comparison.key);
      const json& value = attributes.value(comparison.value_placeholder);
      if (!is_key_attribute_value(value)) return std::nullopt;
      // One copy of the value: a braced list would copy it twice.
      LegacyComparison& added = comparisons.emplace_back(std::move(key), comparison.op);
      added.values.push_back(value);
    }
  } catch (const AwsError&) {
    return std::nullopt;  // an undefined placeholder: the parser reports it
  }
  if (comparisons.size() == 2 && comparisons[0].attribute == comparisons[1].attribute)
    return std::nullopt;
  return comparisons;
}

}  // namespace eddy::services::dynamodb
