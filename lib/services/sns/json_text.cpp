#include "services/sns/json_text.hpp"

#include <fmt/format.h>

#include <cctype>

namespace eddy::services::sns {
namespace {

// Finds the first syntax error the way a streaming parser meets it.
class JacksonScanner {
 public:
  explicit JacksonScanner(std::string_view text) : text_(text) {}

  std::string error() {
    skip_space();
    if (!value()) return error_;
    skip_space();
    if (pos_ < text_.size()) return unexpected("expected end of input");
    return {};
  }

 private:
  bool value() {
    skip_space();
    if (pos_ >= text_.size()) return fail_end("expected a value");
    char c = text_[pos_];
    if (c == '{') return object();
    if (c == '[') return array();
    if (c == '"') return string();
    if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) return number();
    if (std::isalpha(static_cast<unsigned char>(c))) return token();
    return fail(unexpected(
        "expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or "
        "'false')"));
  }

  bool object() {
    ++pos_;
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == '}') return ++pos_, true;
    while (true) {
      skip_space();
      if (pos_ >= text_.size()) return fail_end("expected close marker for Object");
      if (text_[pos_] != '"')
        return fail(unexpected("was expecting double-quote to start field name"));
      if (!string()) return false;
      skip_space();
      if (pos_ >= text_.size()) return fail_end("expected close marker for Object");
      if (text_[pos_] != ':')
        return fail(unexpected("was expecting a colon to separate field name and value"));
      ++pos_;
      if (!value()) return false;
      skip_space();
      if (pos_ >= text_.size()) return fail_end("expected close marker for Object");
      if (text_[pos_] == '}') return ++pos_, true;
      if (text_[pos_] != ',')
        return fail(unexpected("was expecting comma to separate Object entries"));
      ++pos_;
    }
  }

  bool array() {
    ++pos_;
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == ']') return ++pos_, true;
    while (true) {
      if (!value()) return false;
      skip_space();
      if (pos_ >= text_.size()) return fail_end("expected close marker for Array");
      if (text_[pos_] == ']') return ++pos_, true;
      if (text_[pos_] != ',')
        return fail(unexpected("was expecting comma to separate Array entries"));
      ++pos_;
    }
  }

  bool string() {
    ++pos_;
    while (pos_ < text_.size()) {
      char c = text_[pos_++];
      if (c == '\\')
        ++pos_;
      else if (c == '"')
        return true;
    }
    return fail_end("was expecting closing quote for a string value");
  }

  bool number() {
    std::size_t start = pos_;
    if (text_[pos_] == '-') ++pos_;
    while (pos_ < text_.size() &&
           (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.' ||
            text_[pos_] == 'e' || text_[pos_] == 'E' || text_[pos_] == '+' || text_[pos_] == '-'))
      ++pos_;
    return pos_ > start;
  }

  bool token() {
    std::size_t start = pos_;
    while (pos_ < text_.size() && std::isalnum(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    std::string_view word = text_.substr(start, pos_ - start);
    if (word == "true" || word == "false" || word == "null") return true;
    return fail(
        fmt::format("Unrecognized token '{}': was expecting (JSON String, Number, Array, "
                    "Object or token 'null', 'true' or 'false')\n at {}",
                    word, location(pos_)));
  }

  std::string unexpected(std::string_view expectation) const {
    unsigned char c = static_cast<unsigned char>(text_[pos_]);
    return fmt::format("Unexpected character ('{}' (code {})): {}\n at {}", static_cast<char>(c),
                       static_cast<int>(c), expectation, location(pos_));
  }

  bool fail_end(std::string_view expectation) {
    return fail(
        fmt::format("Unexpected end-of-input: {}\n at {}", expectation, location(text_.size())));
  }

  bool fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return false;
  }

  std::string location(std::size_t offset) const {
    int line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset && i < text_.size(); ++i)
      if (text_[i] == '\n') ++line, line_start = i + 1;
    return fmt::format(
        "[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: {}, "
        "column: {}]",
        line, offset - line_start + 1);
  }

  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::string error_;
};

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (char c : text) {
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out.append("\\u00");
          out.push_back(kHex[(c >> 4) & 0xf]);
          out.push_back(kHex[c & 0xf]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

void append_json_member(std::string& out, std::string_view key, std::string_view value,
                        bool first) {
  if (!first) out.push_back(',');
  append_json_string(out, key);
  out.push_back(':');
  append_json_string(out, value);
}

std::string jackson_parse_error(std::string_view text) {
  return JacksonScanner(text).error();
}

}  // namespace eddy::services::sns
