#include "services/dynamodb/values/attribute_value.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <vector>

#include "core/base64.hpp"
#include "eddy/aws_error.hpp"
#include "services/dynamodb/values/attribute_wire_types.hpp"
#include "services/dynamodb/values/decimal.hpp"

namespace eddy::services::dynamodb {
namespace {

// DynamoDB allows 32 levels of M and L inside an attribute.
constexpr int kMaxAttributeNesting = 32;
constexpr std::size_t kMaxDynamoItemBytes = 400 * 1024;

// In byte order, the order of a JSON object's keys (check_wire_shapes relies on it).
constexpr std::array<std::string_view, 10> kAttributeValueTypes = {"B", "BOOL", "BS",   "L", "M",
                                                                   "N", "NS",   "NULL", "S", "SS"};

// The types in kAttributeValueTypes' order.
enum class TypeTag { B, BOOL, BS, L, M, N, NS, NULL_, S, SS, none };

// The type `name` names. By length and letters rather than a search of the list: every value of
// every item written or read comes through here.
TypeTag type_tag_of(std::string_view name) {
  switch (name.size()) {
    case 1:
      switch (name[0]) {
        case 'B':
          return TypeTag::B;
        case 'L':
          return TypeTag::L;
        case 'M':
          return TypeTag::M;
        case 'N':
          return TypeTag::N;
        case 'S':
          return TypeTag::S;
        default:
          return TypeTag::none;
      }
    case 2:
      if (name[1] != 'S') return TypeTag::none;
      return name[0] == 'B'   ? TypeTag::BS
             : name[0] == 'N' ? TypeTag::NS
             : name[0] == 'S' ? TypeTag::SS
                              : TypeTag::none;
    case 4:
      return name == "BOOL" ? TypeTag::BOOL : name == "NULL" ? TypeTag::NULL_ : TypeTag::none;
    default:
      return TypeTag::none;
  }
}

std::string_view type_name(TypeTag tag) {
  return kAttributeValueTypes[static_cast<std::size_t>(tag)];
}

// The type of a one-member object, or none.
TypeTag type_tag_of_value(const json& value) {
  if (!value.is_object() || value.size() != 1) return TypeTag::none;
  return type_tag_of(value.get_ref<const json::object_t&>().begin()->first);
}

constexpr const char* kEmptyAttributeValue =
    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";

// AWS prints a collection in messages as [a, b].
std::string set_members_text(const json& members) {
  std::string text = "[";
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (i) text += ", ";
    text += members[i].get<std::string>();
  }
  return text + "]";
}

struct AttributeValidator {
  std::string_view where;
  std::string_view key;

  // Only a request member with keys of its own (ExpressionAttributeValues) wraps the message;
  // an item's or a key's attribute gets AWS's bare message.
  [[noreturn]] void fail(const std::string& message) const {
    if (where.empty() || key.empty()) throw AwsError("ValidationException", message);
    throw AwsError("ValidationException", std::string(where) + " contains invalid value: " +
                                              message + " for key " + std::string(key));
  }

  // Wire-level shape errors first (the SDK's serialisation errors), for every member present.
  static void check_wire_types(const json& value, std::string_view type) {
    if (type == "S" || type == "N") {
      wire::require_string(value);
    } else if (type == "B") {
      wire::require_blob(value);
    } else if (type == "BOOL" || type == "NULL") {
      wire::require_boolean(value);
    } else if (type == "SS" || type == "NS") {
      for (const json& member : wire::require_list(value)) wire::require_string(member);
    } else if (type == "BS") {
      for (const json& member : wire::require_list(value)) wire::require_blob(member);
    } else if (type == "L") {
      wire::require_list(value);
    } else if (type == "M") {
      wire::require_map(value);
    }
  }

  // The deserialiser's pass over a whole value, before any validation: AWS reports a member of
  // the wrong JSON type (SerializationException) ahead of an invalid value. It stops where
  // validation reports the nesting limit.
  static void check_wire_shapes(const json& value, int depth) {
    if (value.is_null()) return;
    wire::require_attribute_value_object(value);
    // The object's members come in key order, which is kAttributeValueTypes' order; other
    // members are not types and are left to validation.
    for (const auto& [name, member] : value.get_ref<const json::object_t&>()) {
      TypeTag known = type_tag_of(name);
      if (known == TypeTag::none || member.is_null()) continue;
      std::string_view type = type_name(known);
      check_wire_types(member, type);
      if (depth >= kMaxAttributeNesting) continue;
      if (type == "L")
        for (const json& element : member) check_wire_shapes(element, depth + 1);
      if (type == "M")
        for (const json& element : member) check_wire_shapes(element, depth + 1);
    }
  }

  // `value` has passed check_wire_shapes.
  json normalize(const json& value, int depth) const {
    if (value.is_null()) fail(kEmptyAttributeValue);
    std::vector<std::string_view> present;
    for (std::string_view type : kAttributeValueTypes) {
      auto member = value.find(type);
      if (member == value.end() || member->is_null()) continue;
      present.push_back(type);
    }
    if (present.empty()) fail(kEmptyAttributeValue);
    json normalised;
    for (std::string_view type : present)
      normalised =
          json{{std::string(type), normalize_member(value.find(type).value(), type, depth)}};
    if (present.size() > 1)
      fail(
          "Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
          "the supported datatypes");
    return normalised;
  }

  json normalize_member(const json& member, std::string_view type, int depth) const {
    if (type == "S") return member;
    if (type == "N") return number_text(member.get<std::string>());
    if (type == "B") return member;
    if (type == "BOOL") return wire::require_boolean(member);
    if (type == "NULL") {
      if (!wire::require_boolean(member))
        fail(
            "One or more parameter values were invalid: Null attribute value types must have the "
            "value of true");
      return true;
    }
    if (type == "SS") return string_set(member);
    if (type == "NS") return number_set(member);
    if (type == "BS") return binary_set(member);
    if (depth >= kMaxAttributeNesting) fail("Nesting Levels have exceeded supported limits");
    if (type == "L") {
      json list = json::array();
      for (const json& element : member) list.push_back(normalize(element, depth + 1));
      return list;
    }
    json map = json::object();
    for (const auto& [name, element] : member.items()) map[name] = normalize(element, depth + 1);
    return map;
  }

  // True when `value` (past check_wire_shapes) is valid and normalize would return it unchanged;
  // false also when it is invalid, leaving the error to normalize.
  static bool already_normal(const json& value, int depth) {
    const TypeTag type = type_tag_of_value(value);
    if (type == TypeTag::none) return false;
    const json& member = value.get_ref<const json::object_t&>().begin()->second;
    switch (type) {
      case TypeTag::S:
      case TypeTag::B:
        return true;
      case TypeTag::N:
        return normal_number(member);
      case TypeTag::BOOL:
        return member.is_boolean();
      case TypeTag::NULL_:
        return member.is_boolean() && member.get<bool>();
      case TypeTag::SS:
      case TypeTag::BS:
      case TypeTag::NS: {
        if (member.empty()) return false;
        std::set<std::string_view> seen;
        for (const json& element : member) {
          if (type == TypeTag::NS && !normal_number(element)) return false;
          if (!seen.insert(element.get_ref<const std::string&>()).second) return false;
        }
        return true;
      }
      case TypeTag::L:
        if (depth >= kMaxAttributeNesting) return false;
        for (const json& element : member)
          if (!already_normal(element, depth + 1)) return false;
        return true;
      case TypeTag::M:
        if (depth >= kMaxAttributeNesting) return false;
        for (const auto& [name, element] : member.get_ref<const json::object_t&>())
          if (!already_normal(element, depth + 1)) return false;
        return true;
      case TypeTag::none:
        break;
    }
    return false;
  }

  static bool normal_number(const json& member) {
    const auto& text = member.get_ref<const std::string&>();
    if (is_plain_normal_number(text)) return true;
    try {
      return Decimal::parse(text).to_string() == text;
    } catch (const AwsError&) {
      return false;
    }
  }

  std::string number_text(const std::string& text) const {
    try {
      return Decimal::parse(text).to_string();
    } catch (const AwsError& error) {
      fail(error.message());
    }
  }

  json string_set(const json& members) const {
    if (members.empty())
      fail("One or more parameter values were invalid: An string set  may not be empty");
    std::set<std::string, std::less<>> seen;
    for (const json& member : members) {
      if (!seen.insert(member.get<std::string>()).second)
        fail("One or more parameter values were invalid: Input collection " +
             set_members_text(members) + " contains duplicates.");
    }
    return members;
  }

  json number_set(const json& members) const {
    if (members.empty())
      fail("One or more parameter values were invalid: An number set  may not be empty");
    json normalised = json::array();
    std::set<std::string, std::less<>> seen;
    for (const json& member : members) {
      std::string text = number_text(member.get<std::string>());
      if (!seen.insert(text).second) fail("Input collection contains duplicates");
      normalised.push_back(std::move(text));
    }
    return normalised;
  }

  json binary_set(const json& members) const {
    if (members.empty())
      fail("One or more parameter values were invalid: Binary sets should not be empty");
    std::set<std::string, std::less<>> seen;
    for (const json& member : members) {
      if (!seen.insert(member.get<std::string>()).second)
        fail("One or more parameter values were invalid: Input collection " +
             set_members_text(members) + "of type BS contains duplicates.");
    }
    return members;
  }
};

// DynamoDB stores a number's significant digits in pairs aligned on the exponent (of the
// 0.d1d2... * 10^exponent form), plus a byte of exponent and one for the sign of a negative.
std::size_t stored_number_size(std::size_t digits, int exponent, bool negative) {
  const int scientific_exponent = exponent - 1;
  const bool extra_pair = digits % 2 == 0 && scientific_exponent % 2 == 0;
  return 1 + (digits + 1) / 2 + (extra_pair ? 1 : 0) + (negative ? 1 : 0);
}

}  // namespace

std::size_t number_value_size(std::string_view text) {
  if (std::optional<PlainNumber> plain = read_plain_number(text))
    return plain->zero
               ? 1
               : stored_number_size(plain->significant_digits, plain->exponent, plain->negative);
  const Decimal number = Decimal::parse(text);
  if (number.is_zero()) return 1;
  return stored_number_size(number.digits().size(), number.exponent(), number.is_negative());
}

namespace {

std::string attribute_binary_bytes(const json& base64_text) {
  return base64::decode(base64_text.get<std::string>()).value_or(std::string{});
}

const json& attribute_member(const json& value) {
  return value.begin().value();
}

}  // namespace

json normalize_attribute_value(const json& value, std::string_view where, std::string_view key) {
  std::optional<json> changed = normalize_attribute_value_if_changed(value, where, key);
  return changed ? std::move(*changed) : value;
}

std::optional<json> normalize_attribute_value_if_changed(const json& value, std::string_view where,
                                                         std::string_view key) {
  AttributeValidator::check_wire_shapes(value, 0);
  if (AttributeValidator::already_normal(value, 0)) return std::nullopt;
  return AttributeValidator{where, key}.normalize(value, 0);
}

json normalize_item(const json& item) {
  std::optional<json> changed = normalize_item_if_changed(item);
  return changed ? std::move(*changed) : item;
}

std::optional<json> normalize_item_if_changed(const json& item, std::size_t* size) {
  wire::require_item_object(item);
  bool normal = true;
  for (const auto& [name, value] : item.items()) {
    AttributeValidator::check_wire_shapes(value, 0);
    normal = normal && AttributeValidator::already_normal(value, 0);
  }
  std::optional<json> normalised;
  if (!normal) {
    normalised = json::object();
    const AttributeValidator validator{{}, {}};
    for (const auto& [name, value] : item.items())
      (*normalised)[name] = validator.normalize(value, 0);
  }
  std::size_t bytes = item_size(normalised ? *normalised : item);
  if (bytes > kMaxDynamoItemBytes)
    throw AwsError("ValidationException", "Item size has exceeded the maximum allowed size");
  if (size) *size = bytes;
  return normalised;
}

std::size_t item_size(const json& item) {
  std::size_t size = 0;
  for (const auto& [name, value] : item.items()) size += name.size() + attribute_value_size(value);
  return size;
}

std::size_t attribute_value_size(const json& value) {
  const TypeTag type = type_tag_of_value(value);
  if (type == TypeTag::none) return 0;
  const json& member = attribute_member(value);
  std::size_t size = 0;
  switch (type) {
    case TypeTag::S:
      return member.get_ref<const std::string&>().size();
    case TypeTag::N:
      return number_value_size(member.get_ref<const std::string&>());
    case TypeTag::B:
      return attribute_binary_bytes(member).size();
    case TypeTag::BOOL:
    case TypeTag::NULL_:
      return 1;
    case TypeTag::SS:
      for (const json& s : member) size += s.get_ref<const std::string&>().size();
      return size;
    case TypeTag::NS:
      for (const json& n : member) size += number_value_size(n.get_ref<const std::string&>());
      return size;
    case TypeTag::BS:
      for (const json& b : member) size += attribute_binary_bytes(b).size();
      return size;
    case TypeTag::L:
      size = 3;
      for (const json& element : member) size += 1 + attribute_value_size(element);
      return size;
    case TypeTag::M:
      size = 3;
      for (const auto& [name, element] : member.get_ref<const json::object_t&>())
        size += 1 + name.size() + attribute_value_size(element);
      return size;
    case TypeTag::none:
      break;
  }
  return 0;
}

std::string_view attribute_type(const json& value) {
  // Values here are normalised; anything else has no type rather than undefined behaviour.
  if (!value.is_object() || value.size() != 1) return {};
  TypeTag known = type_tag_of(value.begin().key());
  return known == TypeTag::none ? std::string_view() : type_name(known);
}

bool attribute_values_equal(const json& a, const json& b) {
  const std::string_view type = attribute_type(a);
  if (type.empty() || type != attribute_type(b)) return false;
  const json& x = attribute_member(a);
  const json& y = attribute_member(b);
  if (type == "N")
    return Decimal::parse(x.get_ref<const std::string&>()) ==
           Decimal::parse(y.get_ref<const std::string&>());
  if (type == "SS" || type == "BS" || type == "NS") {
    if (x.size() != y.size()) return false;
    auto as_set = [type](const json& members) {
      std::set<std::string> set;
      for (const json& m : members)
        set.insert(type == "NS" ? Decimal::parse(m.get<std::string>()).to_string()
                                : m.get<std::string>());
      return set;
    };
    return as_set(x) == as_set(y);
  }
  if (type == "L") {
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i)
      if (!attribute_values_equal(x[i], y[i])) return false;
    return true;
  }
  if (type == "M") {
    if (x.size() != y.size()) return false;
    for (const auto& [name, element] : x.items()) {
      auto other = y.find(name);
      if (other == y.end() || !attribute_values_equal(element, *other)) return false;
    }
    return true;
  }
  return x == y;  // S and B (canonical base64) by text, BOOL and NULL by value
}

std::optional<std::strong_ordering> compare_attribute_values(const json& a, const json& b) {
  const std::string_view type = attribute_type(a);
  if (type.empty() || type != attribute_type(b)) return std::nullopt;
  const json& x = attribute_member(a);
  const json& y = attribute_member(b);
  auto bytes_order = [](const std::string& l, const std::string& r) {
    // std::string compares chars as unsigned bytes (char_traits<char>::compare is memcmp).
    return l.compare(r) <=> 0;
  };
  if (type == "S")
    return bytes_order(x.get_ref<const std::string&>(), y.get_ref<const std::string&>());
  if (type == "B") return bytes_order(attribute_binary_bytes(x), attribute_binary_bytes(y));
  if (type == "N")
    return Decimal::parse(x.get_ref<const std::string&>()) <=>
           Decimal::parse(y.get_ref<const std::string&>());
  return std::nullopt;
}

}  // namespace eddy::services::dynamodb
