#include "services/dynamodb/expressions/condition.hpp"

#include "services/dynamodb/expressions/condition_evaluator.hpp"
#include "services/dynamodb/expressions/condition_tree.hpp"
#include "services/dynamodb/expressions/expression_error.hpp"
#include "services/dynamodb/expressions/expression_limits.hpp"
#include "services/dynamodb/expressions/expression_parser.hpp"

namespace eddy::services::dynamodb {

ParsedCondition parse_condition_tree(std::string_view text, ExpressionAttributes& attributes,
                                     std::string_view parameter) {
  if (text.empty()) throw invalid_expression(parameter, "The expression can not be empty;");
  try {
    check_expression_size(parameter, text);
    ExpressionParser parser(text, attributes);
    auto root = parser.parse_condition();
    check_operator_count(parser.operator_count());
    // The order in which AWS reports the problems of an expression that parses.
    if (auto issue = parser.issues().first_of(
            {IssueKind::redundant_parentheses, IssueKind::unknown_function,
             IssueKind::misused_function, IssueKind::reserved_word, IssueKind::condition})) {
      throw validation_error(std::move(*issue));
    }
    return ParsedCondition{std::move(root), parser.paths_seen()};
  } catch (const AwsError& e) {
    throw invalid_expression(parameter, e.message());
  }
}

Condition Condition::parse(std::string_view text, ExpressionAttributes& attributes,
                           std::string_view parameter) {
  auto parsed = parse_condition_tree(text, attributes, parameter);
  return Condition(std::move(parsed.root), std::move(parsed.paths));
}

bool Condition::matches(const json& item) const {
  return evaluate_condition(*root_, item);
}

std::optional<Condition::PresenceCheck> Condition::presence_check() const {
  if (root_->kind != ConditionKind::function) return std::nullopt;
  const Operand& call = root_->operands[0];
  bool exists = call.function == "attribute_exists";
  if (!exists && call.function != "attribute_not_exists") return std::nullopt;
  const Operand& subject = call.arguments[0];
  if (subject.kind != Operand::Kind::path || subject.path.size() != 1) return std::nullopt;
  return PresenceCheck{std::get<std::string>(subject.path.front()), exists};
}

Condition::Condition(std::unique_ptr<ConditionNode> root, std::vector<DocumentPath> paths)
    : root_(std::move(root)), paths_(std::move(paths)) {}
Condition::Condition(Condition&&) noexcept = default;
Condition& Condition::operator=(Condition&&) noexcept = default;
Condition::~Condition() = default;

}  // namespace eddy::services::dynamodb
