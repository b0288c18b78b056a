#pragma once
// The one recursive-descent parser of DynamoDB's expression language. Condition, filter and key
// condition expressions use parse_condition(), update expressions parse_update(), projections
// parse_projection(). Syntax errors throw at once (AwsError whose message is AWS's detail,
// "Syntax error; token: \"x\", near: \"a x\"", without the "Invalid ...Expression: " prefix);
// everything else is recorded in issues() and reported by the caller once the parse succeeded.
#include <memory>
#include <string_view>
#include <vector>

#include "services/dynamodb/expressions/expression_ast.hpp"
#include "services/dynamodb/expressions/expression_attributes.hpp"
#include "services/dynamodb/expressions/function_rules.hpp"
#include "services/dynamodb/expressions/parse_issues.hpp"
#include "services/dynamodb/expressions/tokenizer.hpp"
#include "services/dynamodb/expressions/update_action.hpp"

namespace eddy::services::dynamodb {

class ExpressionParser {
 public:
  ExpressionParser(std::string_view text, ExpressionAttributes& attributes);

  std::unique_ptr<ConditionNode> parse_condition();
  std::vector<UpdateAction> parse_update();
  std::vector<DocumentPath> parse_projection();

  ParseIssues& issues() { return issues_; }
  // Every document path the expression names, in order (operands and function arguments too).
  const std::vector<DocumentPath>& paths_seen() const { return paths_seen_; }
  // Operators and function calls, which DynamoDB limits to 300 per expression.
  std::size_t operator_count() const { return operator_count_; }

 private:
  // Condition grammar, lowest precedence first: OR, AND, NOT, then comparisons.
  std::unique_ptr<ConditionNode> parse_or();
  std::unique_ptr<ConditionNode> parse_and();
  std::unique_ptr<ConditionNode> parse_not();
  std::unique_ptr<ConditionNode> parse_primary();
  std::unique_ptr<ConditionNode> parse_predicate();
  Operand parse_condition_operand();

  // Update grammar.
  UpdateAction parse_update_action(UpdateClause clause);
  Operand parse_update_value();
  Operand parse_update_operand();

  // Shared.
  Operand parse_function_call(const std::string& name);
  DocumentPath parse_path();
  Operand parse_value_placeholder();

  const Token* peek() const;  // the next significant token, nullptr at the end
  bool peek_symbol(std::string_view symbol) const;
  bool peek_keyword(std::string_view keyword) const;
  bool peek_function_call() const;  // an identifier followed by "("
  bool peek_grammar_keyword() const;
  void advance();  // past the next significant token and the white space after it
  void expect_symbol(std::string_view symbol);
  [[noreturn]] void syntax_error() const;

  std::vector<Token> tokens_;
  std::size_t position_ = 0;  // index of the next significant token in tokens_
  ExpressionAttributes& attributes_;
  ParseIssues issues_;
  std::vector<DocumentPath> paths_seen_;
  std::size_t operator_count_ = 0;
  std::vector<std::string_view> grammar_keywords_;
  FunctionContext mode_ = FunctionContext::condition;  // words that cannot name an attribute here
};

}  // namespace eddy::services::dynamodb
