#pragma once
// Problems found in an expression that parses: AWS reports a syntax error first, and otherwise
// one problem chosen by kind (a reserved word before an undefined placeholder, ...), the first of
// its kind in the text. Parsers record what they find here and report when the parse is done.
#include <array>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>

namespace eddy::services::dynamodb {

enum class IssueKind : std::size_t {
  redundant_parentheses,
  unknown_function,
  misused_function,
  reserved_word,
  repeated_section,
  undefined_name,
  undefined_value,
  path_overlap,
  path_conflict,
  clause_operand,
  operand_count,
  distinct_operands,
  operand_type,
  count_,
};

class ParseIssues {
 public:
  void record(IssueKind kind, std::string message) {
    auto& slot = slots_[static_cast<std::size_t>(kind)];
    if (!slot) slot = std::move(message);
  }
  bool has(IssueKind kind) const { return slots_[static_cast<std::size_t>(kind)].has_value(); }
  // The first recorded issue in `order`, if any.
  std::optional<std::string> first_of(std::initializer_list<IssueKind> order) const {
    for (const auto kind : order) {
      if (const auto& slot = slots_[static_cast<std::size_t>(kind)]) return slot;
    }
    return std::nullopt;
  }

 private:
  std::array<std::optional<std::string>, static_cast<std::size_t>(IssueKind::count_)> slots_;
};

}  // namespace eddy::services::dynamodb
