#pragma once
// A streaming JSON reader that consumes input exactly as Jackson (the Java parser behind SNS's
// filter policies) does, so that error messages carry AWS's wording and "line: L, column: C".
// Jackson reads lazily: after a string value's opening quote it stops until the text is asked
// for, and after a field name it has already read the first token of the value. Both change the
// column AWS reports, so this reader does the same.
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace eddy::filter {

enum class JsonToken {
  end_of_input,
  start_object,
  end_object,
  start_array,
  end_array,
  field_name,
  string,
  number_int,
  number_float,
  true_value,
  false_value,
  null_value,
};

struct TextPosition {
  long line = 1;    // 1-based
  long column = 1;  // 1-based, in UTF-16 units as Java counts
};

// "[Source: <source_description>; line: L, column: C]"
std::string describe_location(std::string_view source_description, TextPosition position);

// Malformed JSON. what() is Jackson's complete message, location included when Jackson gives one.
class JsonSyntaxError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class JsonTokenReader {
 public:
  // Jackson's default StreamReadConstraints.
  static constexpr std::size_t kMaxNestingDepth = 1000;

  // `source_description` is how locations name the input, e.g. `(String)"{...}"`.
  JsonTokenReader(std::string_view text, std::string source_description);

  // The next token; end_of_input once the root value is complete. Throws JsonSyntaxError.
  JsonToken next();
  JsonToken current() const { return current_; }
  // Jackson's getText(): a string's value (reading the rest of it), a field name, a number as
  // written, or the token's characters ("{", "]", "true" ...).
  const std::string& text();
  // The value of a number token.
  double number() const { return number_; }
  bool is_number() const {
    return current_ == JsonToken::number_int || current_ == JsonToken::number_float;
  }
  // Where Jackson's getCurrentLocation() points now.
  TextPosition position() const { return position_at(pos_); }
  const std::string& source_description() const { return source_description_; }

 private:
  // A place in the input, turned into a TextPosition only when an error needs it.
  struct Mark {
    std::size_t pos;
    long row;
    std::size_t row_start;
  };
  struct Context {
    bool object;
    bool has_entries;
    Mark start;
  };

  bool at_end() const { return pos_ >= in_.size(); }
  char peek() const { return in_[pos_]; }
  TextPosition position_at(std::size_t pos) const { return position_of({pos, row_, row_start_}); }
  TextPosition position_of(const Mark& mark) const;
  void skip_whitespace();
  JsonToken read_field(char first);
  JsonToken read_value(char first, bool in_array);
  void enter(JsonToken token);
  JsonToken close_scope(char close);
  JsonToken read_number();
  JsonToken read_literal(std::string_view literal, JsonToken token);
  void read_string(bool is_name, std::string* out);
  void read_escape(std::string* out);
  std::string read_identifier(std::string start);
  char32_t code_point_at(std::size_t pos, std::size_t* length) const;

  [[noreturn]] void fail(const std::string& message, TextPosition position) const;
  [[noreturn]] void fail_here(const std::string& message) const { fail(message, position()); }
  [[noreturn]] void unexpected_char(std::size_t char_pos, std::string_view comment) const;
  [[noreturn]] void unexpected_end(std::string_view detail) const;
  [[noreturn]] void end_inside_container() const;
  [[noreturn]] void invalid_token(std::string token) const;

  std::string_view in_;
  std::string source_description_;
  std::size_t pos_ = 0;
  long row_ = 0;
  std::size_t row_start_ = 0;
  std::vector<Context> stack_;
  bool root_started_ = false;
  JsonToken current_ = JsonToken::end_of_input;
  std::optional<JsonToken> pending_;
  Mark pending_start_{};
  bool string_unread_ = false;
  std::string name_;
  std::string value_text_;
  double number_ = 0;
};

}  // namespace eddy::filter
