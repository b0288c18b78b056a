#include "services/dynamodb/values/stored_item_text.hpp"

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>

#include "core/json_text.hpp"
#include "core/text_codes.hpp"
#include "protocol/preserialized_json.hpp"

namespace eddy::services::dynamodb {
namespace {

// A single pass over dump()'s compact form. Each method returns false on anything outside that
// form (numbers, whitespace, \u escapes of other than control characters ...), and the caller
// falls back to the general parser.
class CompactJsonReader {
 public:
  explicit CompactJsonReader(std::string_view text) : text_(text) {}

  std::optional<json> read() {
    json out;
    if (!value(out) || pos_ != text_.size()) return std::nullopt;
    return out;
  }

 private:
  bool value(json& out) {
    if (pos_ >= text_.size()) return false;
    switch (text_[pos_]) {
      case '{':
        return object(out);
      case '[':
        return array(out);
      case '"':
        out = json::value_t::string;
        return string(out.get_ref<std::string&>());
      case 't':
        return literal("true", out, true);
      case 'f':
        return literal("false", out, false);
      case 'n':
        if (!text_.substr(pos_).starts_with("null")) return false;
        pos_ += 4;
        out = nullptr;
        return true;
      default:
        return false;
    }
  }

  bool literal(std::string_view word, json& out, bool truth) {
    if (!text_.substr(pos_).starts_with(word)) return false;
    pos_ += word.size();
    out = truth;
    return true;
  }

  bool object(json& out) {
    ++pos_;                       // '{'
    out = json::value_t::object;  // not json::object(), which goes through an initializer list
    auto& members = out.get_ref<json::object_t&>();
    if (peek() == '}') {
      ++pos_;
      return true;
    }
    while (true) {
      std::string key;
      if (peek() != '"' || !string(key) || peek() != ':') return false;
      ++pos_;
      // dump() writes keys in the map's order, so each goes at the end; its value is read in place.
      auto member = members.emplace_hint(members.end(), std::move(key), nullptr);
      if (!value(member->second)) return false;
      char next = peek();
      ++pos_;
      if (next == '}') return true;
      if (next != ',') return false;
    }
  }

  bool array(json& out) {
    ++pos_;  // '['
    out = json::value_t::array;
    auto& elements = out.get_ref<json::array_t&>();
    if (peek() == ']') {
      ++pos_;
      return true;
    }
    while (true) {
      if (!value(elements.emplace_back())) return false;
      char next = peek();
      ++pos_;
      if (next == ']') return true;
      if (next != ',') return false;
    }
  }

  bool string(std::string& out) {
    ++pos_;  // '"'
    std::size_t end = pos_;
    while (end < text_.size() && text_[end] != '"' && text_[end] != '\\') ++end;
    if (end == text_.size()) return false;
    if (text_[end] == '"') {  // the common case: nothing escaped
      out.assign(text_.substr(pos_, end - pos_));
      pos_ = end + 1;
      return true;
    }
    while (pos_ < text_.size()) {
      char c = text_[pos_++];
      if (c == '"') return true;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (pos_ >= text_.size()) return false;
      switch (text_[pos_++]) {
        case '"':
          out.push_back('"');
          break;
        case '\\':
          out.push_back('\\');
          break;
        case '/':
          out.push_back('/');
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'u': {
          // dump() escapes only control characters this way: \u00XX.
          if (pos_ + 4 > text_.size() || text_.substr(pos_, 2) != "00") return false;
          int high = text_codes::hex_digit_value(text_[pos_ + 2]);
          int low = text_codes::hex_digit_value(text_[pos_ + 3]);
          if (high < 0 || low < 0 || high > 7) return false;  // above 0x7F: UTF-8, not a byte
          out.push_back(static_cast<char>(high * 16 + low));
          pos_ += 4;
          break;
        }
        default:
          return false;
      }
    }
    return false;
  }

  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  std::string_view text_;
  std::size_t pos_ = 0;
};

// dump()'s output, written directly for the types an item holds. Bytes go through a cursor into
// text grown ahead of them, not a push_back or append per piece: an item is mostly short names,
// type tags and values, where those calls cost more than the bytes they copy.
class CompactJsonWriter {
 public:
  explicit CompactJsonWriter(std::size_t expected) : text_(expected, '\0') {}

  std::string take() && {
    text_.resize(used_);
    return std::move(text_);
  }

  void value(const json& value) {
    switch (value.type()) {
      case json::value_t::object: {
        const auto& members = value.get_ref<const json::object_t&>();
        char separator = '{';
        for (const auto& [key, member] : members) {
          put(separator);
          separator = ',';
          string(key);
          put(':');
          this->value(member);
        }
        if (members.empty()) put('{');
        put('}');
        return;
      }
      case json::value_t::array: {
        const auto& elements = value.get_ref<const json::array_t&>();
        char separator = '[';
        for (const json& element : elements) {
          put(separator);
          separator = ',';
          this->value(element);
        }
        if (elements.empty()) put('[');
        put(']');
        return;
      }
      case json::value_t::string:
        string(value.get_ref<const std::string&>());
        return;
      case json::value_t::boolean:
        if (value.get<bool>())
          put("true");
        else
          put("false");
        return;
      default:
        put(value.dump());
        return;
    }
  }

 private:
  void string(const std::string& value) {
    if (json_text::is_plain_ascii(value)) {
      char* out = room(value.size() + 2);
      *out++ = '"';
      std::memcpy(out, value.data(), value.size());
      out[value.size()] = '"';
      return;
    }
    // Escapes and UTF-8 checks: the general writer, on the text as written so far.
    text_.resize(used_);
    protocol::append_json_string(text_, value);
    used_ = text_.size();
  }

  void put(char c) { *room(1) = c; }
  void put(std::string_view bytes) { std::memcpy(room(bytes.size()), bytes.data(), bytes.size()); }

  // `n` bytes at the end of what is written, to fill.
  char* room(std::size_t n) {
    if (used_ + n > text_.size()) text_.resize(std::max(text_.size() * 2, used_ + n));
    char* out = text_.data() + used_;
    used_ += n;
    return out;
  }

  std::string text_;
  std::size_t used_ = 0;
};

}  // namespace

std::string stored_item_text(const json& item) {
  CompactJsonWriter writer(256);
  writer.value(item);
  return std::move(writer).take();
}

json parse_stored_item(std::string_view text) {
  if (auto item = CompactJsonReader(text).read()) return std::move(*item);
  return json::parse(text);
}

}  // namespace eddy::services::dynamodb
