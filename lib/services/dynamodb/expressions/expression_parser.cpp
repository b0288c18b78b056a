#include "services/dynamodb/expressions/expression_parser.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "services/dynamodb/expressions/expression_error.hpp"
#include "services/dynamodb/expressions/reserved_words.hpp"

namespace eddy::services::dynamodb {

namespace {

constexpr std::size_t kMaxInOperands = 100;
constexpr std::size_t kMaxListIndexDigits = 9;

std::unique_ptr<ConditionNode> make_logical_node(ConditionKind kind,
                                                 std::unique_ptr<ConditionNode> left,
                                                 std::unique_ptr<ConditionNode> right) {
  auto node = std::make_unique<ConditionNode>();
  node->kind = kind;
  node->children.push_back(std::move(left));
  if (right) node->children.push_back(std::move(right));
  return node;
}

std::optional<Comparator> comparator_token(const Token* token) {
  if (token == nullptr || token->kind != TokenKind::symbol) return std::nullopt;
  const auto& s = token->text;
  if (s == "=") return Comparator::eq;
  if (s == "<>") return Comparator::ne;
  if (s == "<") return Comparator::lt;
  if (s == "<=") return Comparator::le;
  if (s == ">") return Comparator::gt;
  if (s == ">=") return Comparator::ge;
  return std::nullopt;
}

}  // namespace

ExpressionParser::ExpressionParser(std::string_view text, ExpressionAttributes& attributes)
    : tokens_(tokenize(text)), attributes_(attributes) {
  while (position_ < tokens_.size() && tokens_[position_].kind == TokenKind::whitespace) {
    ++position_;
  }
}

// ---- Conditions ----

std::unique_ptr<ConditionNode> ExpressionParser::parse_condition() {
  grammar_keywords_ = {"AND", "OR", "NOT", "BETWEEN", "IN"};
  mode_ = FunctionContext::condition;
  auto root = parse_or();
  if (peek() != nullptr) syntax_error();
  return root;
}

std::unique_ptr<ConditionNode> ExpressionParser::parse_or() {
  auto left = parse_and();
  while (peek_keyword("OR")) {
    advance();
    ++operator_count_;
    auto right = parse_and();
    left = make_logical_node(ConditionKind::or_op, std::move(left), std::move(right));
  }
  return left;
}

std::unique_ptr<ConditionNode> ExpressionParser::parse_and() {
  auto left = parse_not();
  while (peek_keyword("AND")) {
    advance();
    ++operator_count_;
    auto right = parse_not();
    left = make_logical_node(ConditionKind::and_op, std::move(left), std::move(right));
  }
  return left;
}

std::unique_ptr<ConditionNode> ExpressionParser::parse_not() {
  if (peek_keyword("NOT")) {
    advance();
    ++operator_count_;
    return make_logical_node(ConditionKind::not_op, parse_not(), nullptr);
  }
  return parse_primary();
}

std::unique_ptr<ConditionNode> ExpressionParser::parse_primary() {
  if (!peek_symbol("(")) return parse_predicate();
  advance();
  const bool doubled = peek_symbol("(");
  auto inner = parse_or();
  expect_symbol(")");
  if (doubled && inner->kind != ConditionKind::and_op && inner->kind != ConditionKind::or_op) {
    issues_.record(IssueKind::redundant_parentheses, "The expression has redundant parentheses;");
  }
  return inner;
}

std::unique_ptr<ConditionNode> ExpressionParser::parse_predicate() {
  auto node = std::make_unique<ConditionNode>();
  node->operands.push_back(parse_condition_operand());
  const Operand& subject = node->operands[0];
  if (const auto comparator = comparator_token(peek())) {
    advance();
    ++operator_count_;
    node->kind = ConditionKind::comparison;
    node->comparator = *comparator;
    node->operands.push_back(parse_condition_operand());
    check_comparison_operands(node->comparator, node->operands, issues_);
  } else if (peek_keyword("BETWEEN")) {
    advance();
    ++operator_count_;
    node->kind = ConditionKind::between;
    node->operands.push_back(parse_condition_operand());
    if (!peek_keyword("AND")) syntax_error();
    advance();
    node->operands.push_back(parse_condition_operand());
    check_between_operands(node->operands, issues_);
  } else if (peek_keyword("IN")) {
    advance();
    ++operator_count_;
    node->kind = ConditionKind::in;
    expect_symbol("(");
    node->operands.push_back(parse_condition_operand());
    while (peek_symbol(",")) {
      advance();
      node->operands.push_back(parse_condition_operand());
    }
    expect_symbol(")");
    if (node->operands.size() - 1 > kMaxInOperands) {
      throw validation_error(
          fmt::format("The IN operator is provided with too many operands; number of operands: {}",
                      node->operands.size() - 1));
    }
    check_in_operands(node->operands, issues_);
  } else if (subject.kind == Operand::Kind::function) {
    node->kind = ConditionKind::function;
    check_predicate_function(subject, issues_);
  } else {
    syntax_error();
  }
  return node;
}

Operand ExpressionParser::parse_condition_operand() {
  const Token* token = peek();
  if (token == nullptr) syntax_error();
  if (token->kind == TokenKind::value_placeholder) return parse_value_placeholder();
  if (peek_function_call()) {
    const std::string name = token->text;
    advance();
    return parse_function_call(name);
  }
  Operand operand;
  operand.kind = Operand::Kind::path;
  operand.path = parse_path();
  return operand;
}

// ---- Updates ----

std::vector<UpdateAction> ExpressionParser::parse_update() {
  grammar_keywords_ = {"SET", "REMOVE", "ADD", "DELETE"};
  mode_ = FunctionContext::update;
  static constexpr std::pair<std::string_view, UpdateClause> kClauses[] = {
      {"SET", UpdateClause::set},
      {"REMOVE", UpdateClause::remove},
      {"ADD", UpdateClause::add},
      {"DELETE", UpdateClause::del}};
  std::vector<UpdateAction> actions;
  std::vector<std::string_view> seen;
  do {
    const auto* clause = std::find_if(std::begin(kClauses), std::end(kClauses),
                                      [&](const auto& c) { return peek_keyword(c.first); });
    if (clause == std::end(kClauses)) syntax_error();
    advance();
    if (std::find(seen.begin(), seen.end(), clause->first) != seen.end()) {
      issues_.record(
          IssueKind::repeated_section,
          fmt::format("The \"{}\" section can only be used once in an update expression;",
                      clause->first));
    }
    seen.push_back(clause->first);
    actions.push_back(parse_update_action(clause->second));
    while (peek_symbol(",")) {
      advance();
      actions.push_back(parse_update_action(clause->second));
    }
  } while (peek() != nullptr);
  return actions;
}

UpdateAction ExpressionParser::parse_update_action(UpdateClause clause) {
  UpdateAction action{clause, parse_path(), {}, false};
  switch (clause) {
    case UpdateClause::set:
      expect_symbol("=");
      action.value = parse_update_value();
      break;
    case UpdateClause::add:
    case UpdateClause::del: {
      const Token* token = peek();
      if (token == nullptr || token->kind != TokenKind::value_placeholder) syntax_error();
      action.value = parse_value_placeholder();
      check_add_delete_operand(clause == UpdateClause::add ? "ADD" : "DELETE", action.value,
                               issues_);
      break;
    }
    case UpdateClause::remove:
      break;
  }
  return action;
}

Operand ExpressionParser::parse_update_value() {
  Operand left = parse_update_operand();
  if (!peek_symbol("+") && !peek_symbol("-")) return left;
  Operand result;
  result.kind = peek_symbol("+") ? Operand::Kind::plus : Operand::Kind::minus;
  advance();
  ++operator_count_;
  result.arguments.push_back(std::move(left));
  result.arguments.push_back(parse_update_operand());
  check_arithmetic_operands(result, issues_);
  return result;
}

Operand ExpressionParser::parse_update_operand() {
  const Token* token = peek();
  if (token == nullptr) syntax_error();
  if (token->kind == TokenKind::value_placeholder) return parse_value_placeholder();
  if (peek_symbol("(")) {
    advance();
    Operand inner = parse_update_value();
    expect_symbol(")");
    return inner;
  }
  if (peek_function_call()) {
    const std::string name = token->text;
    advance();
    return parse_function_call(name);
  }
  Operand operand;
  operand.kind = Operand::Kind::path;
  operand.path = parse_path();
  return operand;
}

// ---- Projections ----

std::vector<DocumentPath> ExpressionParser::parse_projection() {
  grammar_keywords_ = {};
  std::vector<DocumentPath> paths{parse_path()};
  while (peek_symbol(",")) {
    advance();
    paths.push_back(parse_path());
  }
  if (peek() != nullptr) syntax_error();
  return paths;
}

// ---- Shared pieces ----

Operand ExpressionParser::parse_function_call(const std::string& name) {
  Operand call;
  call.kind = Operand::Kind::function;
  call.function = name;
  expect_symbol("(");
  ++operator_count_;
  // An update function's arguments are operands: + and - stand only at the top of a SET value.
  const auto parse_argument = [&] {
    return mode_ == FunctionContext::update ? parse_update_operand() : parse_condition_operand();
  };
  call.arguments.push_back(parse_argument());
  while (peek_symbol(",")) {
    advance();
    call.arguments.push_back(parse_argument());
  }
  expect_symbol(")");
  check_function_call(call, mode_, issues_);
  return call;
}

DocumentPath ExpressionParser::parse_path() {
  DocumentPath path;
  const auto parse_name = [&] {
    const Token* token = peek();
    if (token == nullptr) syntax_error();
    if (token->kind == TokenKind::name_placeholder) {
      std::string resolved;
      try {
        resolved = attributes_.name(token->text);
      } catch (const AwsError& e) {
        issues_.record(IssueKind::undefined_name, e.message());
      }
      advance();
      path.emplace_back(std::move(resolved));
      return;
    }
    if (token->kind != TokenKind::identifier || peek_grammar_keyword()) syntax_error();
    if (is_reserved_word(token->text)) {
      issues_.record(IssueKind::reserved_word,
                     "Attribute name is a reserved keyword; reserved keyword: " + token->text);
    }
    path.emplace_back(token->text);
    advance();
  };
  parse_name();
  while (true) {
    if (peek_symbol(".")) {
      advance();
      parse_name();
    } else if (peek_symbol("[")) {
      advance();
      const Token* token = peek();
      if (token == nullptr || token->kind != TokenKind::number ||
          token->text.size() > kMaxListIndexDigits) {
        syntax_error();
      }
      path.emplace_back(static_cast<std::size_t>(std::stoull(token->text)));
      advance();
      expect_symbol("]");
    } else {
      paths_seen_.push_back(path);
      return path;
    }
  }
}

Operand ExpressionParser::parse_value_placeholder() {
  Operand operand;
  operand.kind = Operand::Kind::value;
  try {
    operand.value = attributes_.value(peek()->text);
  } catch (const AwsError& e) {
    issues_.record(IssueKind::undefined_value, e.message());
  }
  advance();
  return operand;
}

const Token* ExpressionParser::peek() const {
  return position_ < tokens_.size() ? &tokens_[position_] : nullptr;
}

bool ExpressionParser::peek_symbol(std::string_view symbol) const {
  const Token* token = peek();
  return token != nullptr && token->kind == TokenKind::symbol && token->text == symbol;
}

bool ExpressionParser::peek_keyword(std::string_view keyword) const {
  const Token* token = peek();
  return token != nullptr && is_keyword(*token, keyword);
}

bool ExpressionParser::peek_function_call() const {
  const Token* token = peek();
  if (token == nullptr || token->kind != TokenKind::identifier || peek_grammar_keyword()) {
    return false;
  }
  std::size_t next = position_ + 1;
  while (next < tokens_.size() && tokens_[next].kind == TokenKind::whitespace) ++next;
  return next < tokens_.size() && tokens_[next].text == "(";
}

bool ExpressionParser::peek_grammar_keyword() const {
  const Token* token = peek();
  return token != nullptr &&
         std::any_of(grammar_keywords_.begin(), grammar_keywords_.end(),
                     [&](std::string_view keyword) { return is_keyword(*token, keyword); });
}

void ExpressionParser::advance() {
  ++position_;
  while (position_ < tokens_.size() && tokens_[position_].kind == TokenKind::whitespace) {
    ++position_;
  }
}

void ExpressionParser::expect_symbol(std::string_view symbol) {
  if (!peek_symbol(symbol)) syntax_error();
  advance();
}

// AWS quotes the offending token and the text around it: the token before it (with the one
// before that when white space separates them), the token itself and the one after it.
void ExpressionParser::syntax_error() const {
  const auto text_at = [&](std::size_t index) {
    return index < tokens_.size() ? tokens_[index].text : std::string();
  };
  std::string near;
  if (position_ > 0) {
    if (position_ > 1 && tokens_[position_ - 1].kind == TokenKind::whitespace) {
      near += tokens_[position_ - 2].text;
    }
    near += tokens_[position_ - 1].text;
  }
  std::string token = "<EOF>";
  if (position_ < tokens_.size()) {
    token = tokens_[position_].text;
    near += token + text_at(position_ + 1);
    if (position_ + 1 < tokens_.size() && tokens_[position_ + 1].kind == TokenKind::whitespace) {
      near += text_at(position_ + 2);
    }
  }
  throw validation_error(fmt::format("Syntax error; token: \"{}\", near: \"{}\"", token, near));
}

}  // namespace eddy::services::dynamodb
