#pragma once
// Walks the top-level members of an item's stored text (stored_item_text.hpp: dump()'s compact
// form), giving each member's name and value text as they stand, so a caller can cut or splice
// members without parsing the item.
#include <cstddef>
#include <string_view>

namespace eddy::services::dynamodb {

// Anything it does not expect (a name with an escape, text not an object) ends the walk as
// failed, and the caller parses instead.
class StoredMemberCursor {
 public:
  explicit StoredMemberCursor(std::string_view text) : text_(text) {}

  bool open() { return take('{'); }
  bool at_end() const { return at_ < text_.size() && text_[at_] == '}'; }

  // The next member's name (without quotes) and value text; false when malformed.
  bool next(std::string_view& name, std::string_view& value) {
    if (at_ > 1 && !take(',')) return false;
    if (!take('"')) return false;
    std::size_t start = at_;
    while (at_ < text_.size() && text_[at_] != '"') {
      if (text_[at_] == '\\') return false;
      ++at_;
    }
    if (at_ >= text_.size()) return false;
    name = text_.substr(start, at_ - start);
    ++at_;
    if (!take(':')) return false;
    start = at_;
    if (!skip_value()) return false;
    value = text_.substr(start, at_ - start);
    return true;
  }

 private:
  bool take(char c) {
    if (at_ >= text_.size() || text_[at_] != c) return false;
    ++at_;
    return true;
  }

  // Past one value: a string, or an object or array with everything nested in it, or a literal.
  bool skip_value() {
    int depth = 0;
    while (at_ < text_.size()) {
      char c = text_[at_];
      if (c == '"') {
        if (!skip_string()) return false;
      } else if (c == '{' || c == '[') {
        ++depth;
        ++at_;
      } else if (c == '}' || c == ']') {
        if (depth == 0) return true;  // the end of the enclosing object
        --depth;
        ++at_;
      } else if (c == ',' && depth == 0) {
        return true;
      } else {
        ++at_;
      }
      if (depth == 0 && at_ < text_.size() && (text_[at_] == ',' || text_[at_] == '}')) return true;
    }
    return false;
  }

  bool skip_string() {
    ++at_;  // the opening quote
    while (at_ < text_.size()) {
      char c = text_[at_];
      if (c == '\\') {
        at_ += 2;
      } else {
        ++at_;
        if (c == '"') return true;
      }
    }
    return false;
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

}  // namespace eddy::services::dynamodb
