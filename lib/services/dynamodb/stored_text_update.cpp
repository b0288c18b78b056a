#include "services/dynamodb/stored_text_update.hpp"

#include <algorithm>
#include <charconv>

#include "eddy/aws_error.hpp"
#include "services/dynamodb/values/attribute_value.hpp"
#include "services/dynamodb/values/stored_item_text.hpp"
#include "services/dynamodb/values/stored_member_cursor.hpp"

namespace eddy::services::dynamodb {

namespace {

constexpr std::string_view kNumberOpening = R"({"N":")";
constexpr std::string_view kNumberClosing = R"("})";

// An integer of at most 18 digits, so that two of them add without overflow.
std::optional<std::int64_t> small_integer(std::string_view text) {
  std::size_t digits = text.size() - (!text.empty() && text.front() == '-' ? 1 : 0);
  if (digits == 0 || digits > 18) return std::nullopt;
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// The number of a stored {"N":"..."} value; nothing for a value of any other type.
std::optional<std::string_view> stored_number(std::string_view value) {
  if (!value.starts_with(kNumberOpening) || !value.ends_with(kNumberClosing)) return std::nullopt;
  std::string_view number = value.substr(
      kNumberOpening.size(), value.size() - kNumberOpening.size() - kNumberClosing.size());
  if (number.find_first_of("\"\\") != std::string_view::npos) return std::nullopt;
  return number;
}

std::int64_t stored_value_size(std::string_view value) {
  if (std::optional<std::string_view> number = stored_number(value))
    return static_cast<std::int64_t>(number_value_size(*number));
  return static_cast<std::int64_t>(attribute_value_size(parse_stored_item(value)));
}

}  // namespace

std::optional<StoredTextUpdate> StoredTextUpdate::plan(const Update* update,
                                                       const Condition* condition) {
  using Kind = Update::TopLevelWrite::Kind;
  StoredTextUpdate out;
  if (condition) {
    out.presence_ = condition->presence_check();
    if (!out.presence_) return std::nullopt;
  }
  if (update) {
    auto writes = update->top_level_writes();
    if (!writes) return std::nullopt;
    for (auto& write : *writes) {
      // The stored walk reads names without escapes: a name dump() would escape goes the json way.
      std::string quoted = json(write.name).dump();
      if (quoted.size() != write.name.size() + 2) return std::nullopt;
      Write planned;
      planned.kind = write.kind;
      planned.name = write.name;
      planned.prefix = quoted + ':';
      auto member_of = [&](const json& value) {
        return Member{planned.prefix + stored_item_text(value),
                      static_cast<std::int64_t>(write.name.size() + attribute_value_size(value))};
      };
      if (write.kind != Kind::add) {
        planned.when_absent = member_of(write.value);
      } else {
        const std::string& addend = write.value.at("N").get_ref<const std::string&>();
        planned.addend = {Decimal::parse(addend), small_integer(addend)};
        if (write.when_absent) {
          try {
            Decimal sum = Decimal::parse(write.when_absent->at("N").get_ref<const std::string&>()) +
                          planned.addend.number;
            planned.when_absent = member_of(json{{"N", sum.to_string()}});
          } catch (const AwsError&) {
            // Out of range: the json way reports it, should the item have no such attribute.
          }
        }
      }
      out.writes_.push_back(std::move(planned));
    }
  }
  std::sort(out.writes_.begin(), out.writes_.end(),
            [](const Write& a, const Write& b) { return a.name < b.name; });
  return out;
}

std::optional<StoredTextUpdate::Member> StoredTextUpdate::added(const Write& write,
                                                                std::string_view stored) {
  std::optional<std::string_view> number = stored_number(stored);
  if (!number) return std::nullopt;  // not a number: the json way's type error
  std::string sum;
  std::optional<std::int64_t> small = write.addend.small ? small_integer(*number) : std::nullopt;
  if (small) {
    sum = std::to_string(*small + *write.addend.small);
  } else {
    try {
      sum = (Decimal::parse(*number) + write.addend.number).to_string();
    } catch (const AwsError&) {
      return std::nullopt;  // out of range: the json way's error
    }
  }
  Member member;
  member.size = static_cast<std::int64_t>(write.name.size() + number_value_size(sum));
  member.text.reserve(write.prefix.size() + kNumberOpening.size() + sum.size() +
                      kNumberClosing.size());
  member.text.append(write.prefix).append(kNumberOpening).append(sum).append(kNumberClosing);
  return member;
}

std::optional<StoredTextUpdate::Result> StoredTextUpdate::apply(std::string_view text,
                                                                std::int64_t size) const {
  StoredMemberCursor cursor(text);
  if (!cursor.open()) return std::nullopt;
  Result result;
  result.text.reserve(text.size() + 64);
  result.text += '{';
  result.size = size;
  bool present = false;
  auto next_write = writes_.begin();
  auto append = [&](std::string_view member) {
    if (result.text.size() > 1) result.text += ',';
    result.text += member;
  };
  // The writes of attributes the item does not have, up to `name` (nothing: all that are left).
  auto append_absent_before = [&](std::optional<std::string_view> name) {
    for (; next_write != writes_.end() && (!name || next_write->name < *name); ++next_write) {
      if (!next_write->when_absent) return false;
      append(next_write->when_absent->text);
      result.size += next_write->when_absent->size;
    }
    return true;
  };
  std::string_view name, value, previous_name;
  bool first = true;
  while (!cursor.at_end()) {
    if (!cursor.next(name, value)) return std::nullopt;
    // Members in name order, each once, are what the splice keeps in order.
    if (!first && name <= previous_name) return std::nullopt;
    first = false;
    previous_name = name;
    if (presence_ && name == presence_->name) present = true;
    if (!append_absent_before(name)) return std::nullopt;
    // The member as it stands: from its opening quote to the end of its value.
    std::string_view as_stored(name.data() - 1, value.data() + value.size() - (name.data() - 1));
    if (next_write == writes_.end() || next_write->name != name) {
      append(as_stored);
      continue;
    }
    const Write& write = *next_write++;
    if (write.kind == Update::TopLevelWrite::Kind::set_if_absent) {
      append(as_stored);
      continue;
    }
    std::optional<Member> sum;
    if (write.kind == Update::TopLevelWrite::Kind::add && !(sum = added(write, value)))
      return std::nullopt;
    const Member& member = sum ? *sum : *write.when_absent;
    // Replaced: the old value's size goes with it.
    result.size += member.size - static_cast<std::int64_t>(name.size()) - stored_value_size(value);
    append(member.text);
  }
  if (!append_absent_before(std::nullopt)) return std::nullopt;
  result.text += '}';
  result.condition_holds = !presence_ || present == presence_->exists;
  if (!result.condition_holds) {
    result.text.clear();
    result.size = 0;
  }
  return result;
}

}  // namespace eddy::services::dynamodb
