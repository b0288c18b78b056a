#include "filter/json_token_reader.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "core/text_codes.hpp"

namespace eddy::filter {
namespace {

constexpr std::string_view kValidValues =
    "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

// Jackson's _getCharDesc.
std::string describe_char(char32_t cp) {
  if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return fmt::format("(CTRL-CHAR, code {})", +cp);
  std::string glyph;
  text_codes::append_utf8(glyph, cp);
  if (cp > 255) return fmt::format("'{}' (code {} / 0x{:x})", glyph, +cp, +cp);
  return fmt::format("'{}' (code {})", glyph, +cp);
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Java's Character.isJavaIdentifierStart / Part, close enough for error messages.
bool is_identifier_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool is_identifier_part(char c) {
  return is_identifier_start(c) || is_digit(c);
}

}  // namespace

std::string describe_location(std::string_view source_description, TextPosition position) {
  return fmt::format("[Source: {}; line: {}, column: {}]", source_description, position.line,
                     position.column);
}

JsonTokenReader::JsonTokenReader(std::string_view text, std::string source_description)
    : in_(text), source_description_(std::move(source_description)) {}

TextPosition JsonTokenReader::position_of(const Mark& mark) const {
  long column = 1;
  for (std::size_t i = mark.row_start; i < mark.pos && i < in_.size(); ++i) {
    auto byte = static_cast<unsigned char>(in_[i]);
    if ((byte & 0xC0) == 0x80) continue;  // continuation byte
    column += byte >= 0xF0 ? 2 : 1;       // a supplementary character is two UTF-16 units
  }
  return {mark.row + 1, column};
}

char32_t JsonTokenReader::code_point_at(std::size_t pos, std::size_t* length) const {
  auto byte = static_cast<unsigned char>(in_[pos]);
  std::size_t extra = byte >= 0xF0 ? 3 : byte >= 0xE0 ? 2 : byte >= 0xC0 ? 1 : 0;
  char32_t cp = extra == 0 ? byte : byte & (0x3F >> extra);
  std::size_t i = 1;
  for (; i <= extra && pos + i < in_.size(); ++i) {
    cp = (cp << 6) | (static_cast<unsigned char>(in_[pos + i]) & 0x3F);
  }
  *length = i;
  return cp;
}

void JsonTokenReader::fail(const std::string& message, TextPosition position) const {
  throw JsonSyntaxError(message + "\n at " + describe_location(source_description_, position));
}

void JsonTokenReader::unexpected_char(std::size_t char_pos, std::string_view comment) const {
  std::size_t length = 1;
  char32_t cp = code_point_at(char_pos, &length);
  // Jackson points at the offending character itself (_currentLocationMinusOne).
  fail(fmt::format("Unexpected character ({}): {}", describe_char(cp), comment),
       position_at(char_pos));
}

void JsonTokenReader::unexpected_end(std::string_view detail) const {
  fail_here(fmt::format("Unexpected end-of-input{}", detail));
}

void JsonTokenReader::end_inside_container() const {
  const Context& context = stack_.back();
  unexpected_end(fmt::format(": expected close marker for {} (start marker at {})",
                             context.object ? "Object" : "Array",
                             describe_location(source_description_, position_of(context.start))));
}

void JsonTokenReader::invalid_token(std::string token) const {
  fail_here(fmt::format("Unrecognized token '{}': was expecting {}", token, kValidValues));
}

std::string JsonTokenReader::read_identifier(std::string start) {
  // Jackson's _reportInvalidToken reads on while the characters could continue the token.
  while (!at_end() && is_identifier_part(peek()) && start.size() < 256)
    start.push_back(in_[pos_++]);
  return start;
}

void JsonTokenReader::skip_whitespace() {
  while (!at_end()) {
    char c = peek();
    if (c == ' ' || c == '\t') {
      ++pos_;
    } else if (c == '\n' || c == '\r') {
      ++pos_;
      if (c == '\r' && !at_end() && peek() == '\n') ++pos_;
      ++row_;
      row_start_ = pos_;
    } else if (c == '/') {
      ++pos_;
      unexpected_char(pos_ - 1,
                      "maybe a (non-standard) comment? (not recognized as one since Feature "
                      "'ALLOW_COMMENTS' not enabled for parser)");
    } else if (static_cast<unsigned char>(c) < 0x20) {
      ++pos_;
      fail_here(fmt::format(
          "Illegal character ({}): only regular white space (\\r, \\n, \\t) is allowed between "
          "tokens",
          describe_char(static_cast<unsigned char>(c))));
    } else {
      return;
    }
  }
}

JsonToken JsonTokenReader::next() {
  if (pending_) {
    current_ = *pending_;
    pending_.reset();
    enter(current_);
    return current_;
  }
  if (string_unread_) read_string(false, nullptr);
  if (stack_.empty()) {
    skip_whitespace();
    if (root_started_ || at_end()) return current_ = JsonToken::end_of_input;
    root_started_ = true;
    current_ = read_value(peek(), false);
    enter(current_);
    return current_;
  }

  skip_whitespace();
  if (at_end()) end_inside_container();
  char c = peek();
  if (c == '}' || c == ']') {
    ++pos_;
    return current_ = close_scope(c);
  }
  Context& context = stack_.back();
  if (context.has_entries) {
    if (c != ',') {
      ++pos_;
      unexpected_char(pos_ - 1, context.object ? "was expecting comma to separate Object entries"
                                               : "was expecting comma to separate Array entries");
    }
    ++pos_;
    skip_whitespace();
    if (at_end()) {
      unexpected_end(context.object ? " within/between Object entries"
                                    : " within/between Array entries");
    }
    c = peek();
  }
  context.has_entries = true;
  if (context.object) return current_ = read_field(c);
  current_ = read_value(c, true);
  enter(current_);
  return current_;
}

JsonToken JsonTokenReader::close_scope(char close) {
  const Context& context = stack_.back();
  char expected = context.object ? '}' : ']';
  if (close != expected) {
    fail_here(fmt::format("Unexpected close marker '{}': expected '{}' (for {} starting at {})",
                          close, expected, context.object ? "Object" : "Array",
                          describe_location(source_description_, position_of(context.start))));
  }
  stack_.pop_back();
  return context.object ? JsonToken::end_object : JsonToken::end_array;
}

void JsonTokenReader::enter(JsonToken token) {
  if (token != JsonToken::start_object && token != JsonToken::start_array) return;
  if (stack_.size() + 1 > kMaxNestingDepth) {
    throw JsonSyntaxError(
        fmt::format("Document nesting depth ({}) exceeds the maximum allowed ({}, from "
                    "`StreamReadConstraints.getMaxNestingDepth()`)",
                    stack_.size() + 1, kMaxNestingDepth));
  }
  stack_.push_back({token == JsonToken::start_object, false, pending_start_});
}

JsonToken JsonTokenReader::read_field(char first) {
  if (first != '"') {
    ++pos_;
    unexpected_char(pos_ - 1, "was expecting double-quote to start field name");
  }
  ++pos_;
  name_.clear();
  read_string(true, &name_);
  skip_whitespace();
  if (at_end()) unexpected_end(" within/between Object entries");
  if (peek() != ':') {
    ++pos_;
    unexpected_char(pos_ - 1, "was expecting a colon to separate field name and value");
  }
  ++pos_;
  skip_whitespace();
  if (at_end()) unexpected_end(" within/between Object entries");
  // Jackson has read the start of the value already; it becomes the next token.
  pending_ = read_value(peek(), false);
  return JsonToken::field_name;
}

JsonToken JsonTokenReader::read_value(char first, bool in_array) {
  pending_start_ = {pos_, row_, row_start_};
  switch (first) {
    case '"':
      ++pos_;
      string_unread_ = true;
      value_text_.clear();
      return JsonToken::string;
    case '[':
      ++pos_;
      return JsonToken::start_array;
    case '{':
      ++pos_;
      return JsonToken::start_object;
    case 't':
      return read_literal("true", JsonToken::true_value);
    case 'f':
      return read_literal("false", JsonToken::false_value);
    case 'n':
      return read_literal("null", JsonToken::null_value);
    default:
      break;
  }
  if (first == '-' || is_digit(first)) return read_number();
  ++pos_;
  if ((first == ']' && in_array) || first == ',' || first == '}') {
    unexpected_char(pos_ - 1, "expected a value");
  }
  if (is_identifier_start(first)) {
    --pos_;
    std::size_t length = 1;
    code_point_at(pos_, &length);
    std::string start(in_.substr(pos_, length));
    pos_ += length;
    invalid_token(read_identifier(std::move(start)));
  }
  unexpected_char(pos_ - 1, fmt::format("expected a valid value {}", kValidValues));
}

JsonToken JsonTokenReader::read_literal(std::string_view literal, JsonToken token) {
  std::size_t start = pos_;
  for (std::size_t i = 0; i < literal.size(); ++i) {
    if (at_end() || peek() != literal[i])
      invalid_token(read_identifier(std::string(literal.substr(0, i))));
    ++pos_;
  }
  if (!at_end() && is_identifier_part(peek())) invalid_token(read_identifier(std::string(literal)));
  value_text_.assign(in_.substr(start, literal.size()));
  return token;
}

JsonToken JsonTokenReader::read_number() {
  std::size_t start = pos_;
  bool is_float = false;
  auto number_char = [&](std::string_view problem) {
    if (at_end()) unexpected_end(" in a Number value");
    std::size_t length = 1;
    char32_t cp = code_point_at(pos_, &length);
    pos_ += length;
    fail_here(
        fmt::format("Unexpected character ({}) in numeric value: {}", describe_char(cp), problem));
  };
  if (peek() == '-') {
    ++pos_;
    if (at_end() || !is_digit(peek())) {
      number_char("expected digit (0-9) to follow minus sign, for valid numeric value");
    }
  }
  if (peek() == '0' && pos_ + 1 < in_.size() && is_digit(in_[pos_ + 1])) {
    pos_ += 2;
    fail_here("Invalid numeric value: Leading zeroes not allowed");
  }
  while (!at_end() && is_digit(peek())) ++pos_;
  if (!at_end() && peek() == '.') {
    is_float = true;
    ++pos_;
    if (at_end() || !is_digit(peek())) number_char("Decimal point not followed by a digit");
    while (!at_end() && is_digit(peek())) ++pos_;
  }
  if (!at_end() && (peek() == 'e' || peek() == 'E')) {
    is_float = true;
    ++pos_;
    if (!at_end() && (peek() == '+' || peek() == '-')) ++pos_;
    if (at_end() || !is_digit(peek())) number_char("Exponent indicator not followed by a digit");
    while (!at_end() && is_digit(peek())) ++pos_;
  }
  if (stack_.empty() && !at_end()) {
    char c = peek();
    ++pos_;
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      unexpected_char(pos_ - 1, "Expected space separating root-level values");
    }
    --pos_;
  }
  value_text_.assign(in_.substr(start, pos_ - start));
  auto [end, error] =
      std::from_chars(value_text_.data(), value_text_.data() + value_text_.size(), number_);
  if (error == std::errc::result_out_of_range) {
    bool tiny = value_text_.find_first_of("eE") != std::string::npos &&
                value_text_.find("e-") != std::string::npos;
    number_ = tiny ? 0.0 : (value_text_[0] == '-' ? -HUGE_VAL : HUGE_VAL);
  }
  (void)end;
  return is_float ? JsonToken::number_float : JsonToken::number_int;
}

void JsonTokenReader::read_string(bool is_name, std::string* out) {
  string_unread_ = false;
  while (true) {
    if (at_end()) {
      unexpected_end(is_name ? " in field name"
                             : ": was expecting closing quote for a string value");
    }
    char c = in_[pos_++];
    if (c == '"') return;
    if (c == '\\') {
      read_escape(out);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      fail_here(fmt::format(
          "Illegal unquoted character ({}): has to be escaped using backslash to be included in {}",
          describe_char(static_cast<unsigned char>(c)), is_name ? "name" : "string value"));
    } else if (out) {
      out->push_back(c);
    }
  }
}

void JsonTokenReader::read_escape(std::string* out) {
  if (at_end()) unexpected_end(" in character escape sequence");
  char c = in_[pos_++];
  char decoded;
  switch (c) {
    case '"':
    case '\\':
    case '/':
      decoded = c;
      break;
    case 'b':
      decoded = '\b';
      break;
    case 'f':
      decoded = '\f';
      break;
    case 'n':
      decoded = '\n';
      break;
    case 'r':
      decoded = '\r';
      break;
    case 't':
      decoded = '\t';
      break;
    case 'u': {
      char32_t unit = 0;
      for (int i = 0; i < 4; ++i) {
        if (at_end()) unexpected_end(" in character escape sequence");
        int digit = text_codes::hex_digit_value(in_[pos_++]);
        if (digit < 0)
          unexpected_char(pos_ - 1, "expected a hex-digit for character escape sequence");
        unit = (unit << 4) | static_cast<char32_t>(digit);
      }
      // A high surrogate followed by an escaped low surrogate is one character.
      if (unit >= 0xD800 && unit <= 0xDBFF && pos_ + 6 <= in_.size() && in_[pos_] == '\\' &&
          in_[pos_ + 1] == 'u') {
        char32_t low = 0;
        bool valid = true;
        for (std::size_t i = 0; i < 4; ++i) {
          int digit = text_codes::hex_digit_value(in_[pos_ + 2 + i]);
          valid = valid && digit >= 0;
          low = (low << 4) | static_cast<char32_t>(digit < 0 ? 0 : digit);
        }
        if (valid && low >= 0xDC00 && low <= 0xDFFF) {
          pos_ += 6;
          unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        }
      }
      if (out) text_codes::append_utf8(*out, unit);
      return;
    }
    default: {
      std::size_t length = 1;
      char32_t cp = code_point_at(pos_ - 1, &length);
      pos_ += length - 1;
      fail_here(fmt::format("Unrecognized character escape {}", describe_char(cp)));
    }
  }
  if (out) out->push_back(decoded);
}

const std::string& JsonTokenReader::text() {
  static const std::string kStartObject = "{", kEndObject = "}", kStartArray = "[", kEndArray = "]",
                           kNone;
  switch (current_) {
    case JsonToken::field_name:
      return name_;
    case JsonToken::string:
      if (string_unread_) read_string(false, &value_text_);
      return value_text_;
    case JsonToken::start_object:
      return kStartObject;
    case JsonToken::end_object:
      return kEndObject;
    case JsonToken::start_array:
      return kStartArray;
    case JsonToken::end_array:
      return kEndArray;
    case JsonToken::end_of_input:
      return kNone;
    default:
      return value_text_;
  }
}

}  // namespace eddy::filter
