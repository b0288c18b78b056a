#include "services/dynamodb/values/item_text_reader.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "core/json_cursor.hpp"
#include "services/dynamodb/values/attribute_value.hpp"
#include "services/dynamodb/values/decimal.hpp"

namespace eddy::services::dynamodb {
namespace {

constexpr std::size_t kMaxItemTextBytes = 400 * 1024;
// DynamoDB allows 32 levels of M and L; deeper than this is left to the json path, which knows
// the exact limit and its message.
constexpr int kMaxTextNesting = 30;

enum class TextType : std::uint8_t { B, BOOL, BS, L, M, N, NS, NULL_, S, SS, none };

constexpr std::array<std::string_view, 10> kTextTypeNames = {"B", "BOOL", "BS",   "L", "M",
                                                             "N", "NS",   "NULL", "S", "SS"};

// By length and letters rather than a search of the list: every value comes through here.
TextType text_type_of(std::string_view name) {
  switch (name.size()) {
    case 1:
      switch (name[0]) {
        case 'B':
          return TextType::B;
        case 'L':
          return TextType::L;
        case 'M':
          return TextType::M;
        case 'N':
          return TextType::N;
        case 'S':
          return TextType::S;
        default:
          return TextType::none;
      }
    case 2:
      if (name[1] != 'S') return TextType::none;
      return name[0] == 'B'   ? TextType::BS
             : name[0] == 'N' ? TextType::NS
             : name[0] == 'S' ? TextType::SS
                              : TextType::none;
    case 4:
      return name == "BOOL" ? TextType::BOOL : name == "NULL" ? TextType::NULL_ : TextType::none;
    default:
      return TextType::none;
  }
}

// The size of canonical base64 text's bytes (what encode(decode(text)) gives back unchanged), or
// nothing for any other text.
std::optional<std::size_t> canonical_base64_size(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  auto sextet = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
  const std::size_t data = text.size() - padding;
  for (std::size_t i = 0; i < data; ++i)
    if (sextet(text[i]) < 0) return std::nullopt;
  // The bits past the last byte must be zero, as the encoder writes them.
  if (padding == 1 && (sextet(text[data - 1]) & 0x03) != 0) return std::nullopt;
  if (padding == 2 && (sextet(text[data - 1]) & 0x0f) != 0) return std::nullopt;
  return text.size() / 4 * 3 - padding;
}

// A value read: an AttributeValue, a set's element, or a map's member.
struct TextNode {
  std::string_view name;  // a member's name (of the item or an M)
  std::string_view text;  // S, N, B and set elements: the string; BOOL and NULL: the literal
  TextType type = TextType::none;
  std::uint32_t first = 0;  // children (L, M and set elements) in ItemTextParser::children_
  std::uint32_t count = 0;
  std::size_t size = 0;  // attribute_value_size
};

// Kept per thread between requests (read_item_text), so that its lists keep their capacity.
class ItemTextParser {
 public:
  // Leaves `cursor` past the item's '}' when it answers true.
  bool read_item(JsonCursor& cursor, ItemText& out, bool with_stored_text) {
    cursor_ = cursor;
    nodes_.clear();
    children_.clear();
    pending_.clear();
    cursor_.skip_space();
    const char* start = cursor_.position();
    if (!take('{')) return false;
    std::uint32_t first = 0, count = 0;
    std::size_t size = 0;
    if (!read_members(0, first, count, size, false)) return false;
    if (size > kMaxItemTextBytes) return false;
    out.size = size;
    out.attributes.clear();
    out.attributes.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
      const TextNode& node = nodes_[children_[first + i]];
      const bool scalar =
          node.type == TextType::S || node.type == TextType::N || node.type == TextType::B;
      out.attributes.push_back({node.name, kTextTypeNames[static_cast<std::size_t>(node.type)],
                                scalar ? node.text : std::string_view()});
    }
    if (with_stored_text) {
      // Never longer than the text read: the same characters less any whitespace.
      out.stored_text.resize(static_cast<std::size_t>(cursor_.position() - start));
      char* written = out.stored_text.data();
      write_members(written, first, count);
      out.stored_text.resize(static_cast<std::size_t>(written - out.stored_text.data()));
    }
    cursor = cursor_;
    return true;
  }

 private:
  bool take(char c) { return cursor_.take(c); }
  // A string without escapes or control characters, its UTF-8 well formed (json::parse's
  // checks): its content, as stored and as json::parse would give it.
  bool read_string(std::string_view& out) { return cursor_.read_unescaped_string(out); }
  bool read_literal(std::string_view& out) {
    for (std::string_view word : {std::string_view("true"), std::string_view("false")}) {
      if (cursor_.take_word(word)) {
        out = word;
        return true;
      }
    }
    return false;
  }

  // The members of a map (the item at depth 0, or an M's) after its '{', through its '}': each
  // a name and an AttributeValue. `size` gets the members' sizes, names included; an M's adds one
  // per member.
  bool read_members(int depth, std::uint32_t& first, std::uint32_t& count, std::size_t& size,
                    bool nested_map) {
    const std::size_t mark = pending_.size();
    if (!take('}')) {
      do {
        std::string_view name;
        if (!read_string(name) || !take(':')) return false;
        const auto index = static_cast<std::uint32_t>(nodes_.size());
        nodes_.push_back({});
        if (!read_attribute_value(index, depth)) return false;
        nodes_[index].name = name;
        size += name.size() + nodes_[index].size + (nested_map ? 1 : 0);
        pending_.push_back(index);
      } while (take(','));
      if (!take('}')) return false;
    }
    // Stored in name order, as a json object keeps its members; a repeated name is left to
    // json::parse, which keeps the last.
    auto by_name = [this](std::uint32_t a, std::uint32_t b) {
      return nodes_[a].name < nodes_[b].name;
    };
    auto begin = pending_.begin() + static_cast<std::ptrdiff_t>(mark);
    if (!std::is_sorted(begin, pending_.end(), by_name)) std::sort(begin, pending_.end(), by_name);
    if (std::adjacent_find(begin, pending_.end(), [this](std::uint32_t a, std::uint32_t b) {
          return nodes_[a].name == nodes_[b].name;
        }) != pending_.end())
      return false;
    finish_children(mark, first, count);
    return true;
  }

  // Moves the children pending since `mark` to children_.
  void finish_children(std::size_t mark, std::uint32_t& first, std::uint32_t& count) {
    first = static_cast<std::uint32_t>(children_.size());
    count = static_cast<std::uint32_t>(pending_.size() - mark);
    children_.insert(children_.end(), pending_.begin() + static_cast<std::ptrdiff_t>(mark),
                     pending_.end());
    pending_.resize(mark);
  }

  // {"<type>": <member>} into nodes_[index]: exactly one type, valid and normal.
  bool read_attribute_value(std::uint32_t index, int depth) {
    std::string_view type_name;
    if (!take('{') || !read_string(type_name) || !take(':')) return false;
    const TextType type = text_type_of(type_name);
    std::string_view text;
    std::uint32_t first = 0, count = 0;
    std::size_t size = 0;
    switch (type) {
      case TextType::S:
        if (!read_string(text)) return false;
        size = text.size();
        break;
      case TextType::N:
        if (!read_string(text) || !is_plain_normal_number(text)) return false;
        size = number_value_size(text);
        break;
      case TextType::B: {
        if (!read_string(text)) return false;
        std::optional<std::size_t> bytes = canonical_base64_size(text);
        if (!bytes) return false;
        size = *bytes;
        break;
      }
      case TextType::BOOL:
        if (!read_literal(text)) return false;
        size = 1;
        break;
      case TextType::NULL_:
        if (!read_literal(text) || text != "true") return false;
        size = 1;
        break;
      case TextType::SS:
      case TextType::NS:
      case TextType::BS:
        if (!take('[') || !read_set(type, first, count, size)) return false;
        break;
      case TextType::L:
        if (depth >= kMaxTextNesting || !take('[') || !read_list(depth + 1, first, count, size))
          return false;
        break;
      case TextType::M:
        size = 3;
        if (depth >= kMaxTextNesting || !take('{') ||
            !read_members(depth + 1, first, count, size, true))
          return false;
        break;
      case TextType::none:
        return false;
    }
    if (!take('}')) return false;  // a second member: another type, or one json::parse reads
    TextNode& node = nodes_[index];
    node.type = type;
    node.text = text;
    node.first = first;
    node.count = count;
    node.size = size;
    return true;
  }

  bool read_list(int depth, std::uint32_t& first, std::uint32_t& count, std::size_t& size) {
    const std::size_t mark = pending_.size();
    size = 3;
    if (!take(']')) {
      do {
        const auto index = static_cast<std::uint32_t>(nodes_.size());
        nodes_.push_back({});
        if (!read_attribute_value(index, depth)) return false;
        size += 1 + nodes_[index].size;
        pending_.push_back(index);
      } while (take(','));
      if (!take(']')) return false;
    }
    finish_children(mark, first, count);
    return true;
  }

  // A set's elements after its '[', through its ']': not empty, no two alike (numbers in normal
  // form are alike exactly when their text is).
  bool read_set(TextType type, std::uint32_t& first, std::uint32_t& count, std::size_t& size) {
    const std::size_t mark = pending_.size();
    do {
      std::string_view text;
      if (!read_string(text)) return false;
      if (type == TextType::NS) {
        if (!is_plain_normal_number(text)) return false;
        size += number_value_size(text);
      } else if (type == TextType::BS) {
        std::optional<std::size_t> bytes = canonical_base64_size(text);
        if (!bytes) return false;
        size += *bytes;
      } else {
        size += text.size();
      }
      pending_.push_back(static_cast<std::uint32_t>(nodes_.size()));
      nodes_.emplace_back().text = text;
    } while (take(','));
    if (!take(']')) return false;
    seen_.clear();
    for (std::size_t i = mark; i < pending_.size(); ++i) seen_.push_back(nodes_[pending_[i]].text);
    std::sort(seen_.begin(), seen_.end());
    if (std::adjacent_find(seen_.begin(), seen_.end()) != seen_.end()) return false;
    finish_children(mark, first, count);
    return true;
  }

  // json::dump()'s compact text of what was read: strings as they were (nothing in them needs
  // an escape), members in name order. Written through a cursor into room made beforehand.
  void write_members(char*& out, std::uint32_t first, std::uint32_t count) const {
    *out++ = '{';
    for (std::uint32_t i = 0; i < count; ++i) {
      if (i) *out++ = ',';
      const TextNode& node = nodes_[children_[first + i]];
      write_string(out, node.name);
      *out++ = ':';
      write_attribute_value(out, node);
    }
    *out++ = '}';
  }

  static void write_string(char*& out, std::string_view text) {
    *out++ = '"';
    out = std::copy(text.begin(), text.end(), out);
    *out++ = '"';
  }

  void write_attribute_value(char*& out, const TextNode& node) const {
    *out++ = '{';
    write_string(out, kTextTypeNames[static_cast<std::size_t>(node.type)]);
    *out++ = ':';
    switch (node.type) {
      case TextType::S:
      case TextType::N:
      case TextType::B:
        write_string(out, node.text);
        break;
      case TextType::BOOL:
      case TextType::NULL_:
        out = std::copy(node.text.begin(), node.text.end(), out);
        break;
      case TextType::SS:
      case TextType::NS:
      case TextType::BS:
        *out++ = '[';
        for (std::uint32_t i = 0; i < node.count; ++i) {
          if (i) *out++ = ',';
          write_string(out, nodes_[children_[node.first + i]].text);
        }
        *out++ = ']';
        break;
      case TextType::L:
        *out++ = '[';
        for (std::uint32_t i = 0; i < node.count; ++i) {
          if (i) *out++ = ',';
          write_attribute_value(out, nodes_[children_[node.first + i]]);
        }
        *out++ = ']';
        break;
      case TextType::M:
        write_members(out, node.first, node.count);
        break;
      case TextType::none:
        break;
    }
    *out++ = '}';
  }

  JsonCursor cursor_{nullptr, nullptr};
  std::vector<TextNode> nodes_;
  std::vector<std::uint32_t> children_;
  std::vector<std::uint32_t> pending_;
  std::vector<std::string_view> seen_;
};

}  // namespace

const AttributeText* ItemText::find(std::string_view name) const {
  for (const AttributeText& attribute : attributes)
    if (attribute.name == name) return &attribute;
  return nullptr;
}

std::optional<ItemText> read_item_text(JsonCursor& cursor, bool with_stored_text) {
  thread_local ItemTextParser parser;
  ItemText out;
  if (!parser.read_item(cursor, out, with_stored_text)) return std::nullopt;
  return out;
}

}  // namespace eddy::services::dynamodb
