#include "protocol/plain_json.hpp"

#include <cstdint>
#include <optional>
#include <string>

#include "core/json_cursor.hpp"

namespace eddy::protocol {
namespace {

// Deeper nesting is rare in requests; json::parse takes it.
constexpr int kMaxPlainDepth = 32;

class PlainJsonReader {
 public:
  explicit PlainJsonReader(std::string_view text) : cursor_(text) {}

  // False when the text is not plain JSON; `out` is then unspecified.
  bool read_document(json& out) { return read_value(out, 0) && cursor_.at_end(); }

 private:
  bool read_value(json& out, int depth) {
    switch (cursor_.peek()) {
      case '{':
        return depth < kMaxPlainDepth && read_object(out, depth + 1);
      case '[':
        return depth < kMaxPlainDepth && read_array(out, depth + 1);
      case '"': {
        std::string_view text;
        if (!cursor_.read_string(text, decoded_)) return false;
        out = std::string(text);
        return true;
      }
      case 't':
        return read_literal("true", out, json(true));
      case 'f':
        return read_literal("false", out, json(false));
      case 'n':
        return read_literal("null", out, json(nullptr));
      default:
        return read_integer(out);
    }
  }

  bool read_literal(std::string_view word, json& out, json value) {
    if (!cursor_.take_word(word)) return false;
    out = std::move(value);
    return true;
  }

  // As json::parse types them: unsigned when not negative, signed when negative.
  bool read_integer(json& out) {
    std::int64_t value = 0;
    bool negative = false;
    if (!cursor_.read_integer(value, negative)) return false;
    if (negative)
      out = value;
    else
      out = static_cast<std::uint64_t>(value);
    return true;
  }

  bool read_object(json& out, int depth) {
    cursor_.take('{');
    out = json::object();
    if (cursor_.take('}')) return true;
    do {
      std::string_view key;
      if (!cursor_.read_string(key, decoded_) || !cursor_.take(':')) return false;
      // A repeated key keeps its last value, as json::parse keeps it.
      if (!read_value(out[std::string(key)], depth)) return false;
    } while (cursor_.take(','));
    return cursor_.take('}');
  }

  bool read_array(json& out, int depth) {
    cursor_.take('[');
    out = json::array();
    if (cursor_.take(']')) return true;
    do {
      if (!read_value(out.emplace_back(), depth)) return false;
    } while (cursor_.take(','));
    return cursor_.take(']');
  }

  JsonCursor cursor_;
  std::string decoded_;  // a string's text when it had something to decode
};

}  // namespace

std::optional<json> parse_plain_json(std::string_view text) {
  json out;
  if (!PlainJsonReader(text).read_document(out)) return std::nullopt;
  return out;
}

}  // namespace eddy::protocol
