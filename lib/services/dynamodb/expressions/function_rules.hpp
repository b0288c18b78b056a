#pragma once
// The checks AWS makes on functions and operators once an expression parses: known function
// names and where each may appear, operand counts, operands that must be paths, operand types
// that are known without the item (values and function results), BETWEEN bounds.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/dynamodb/expressions/expression_ast.hpp"
#include "services/dynamodb/expressions/parse_issues.hpp"

namespace eddy::services::dynamodb {

enum class FunctionContext { condition, update };

// A function call as an operand (and, for conditions, its arguments).
void check_function_call(const Operand& call, FunctionContext context, ParseIssues& issues);
// A function call standing as a whole condition: everything but size.
void check_predicate_function(const Operand& call, ParseIssues& issues);

void check_comparison_operands(Comparator comparator, const std::vector<Operand>& operands,
                               ParseIssues& issues);
void check_between_operands(const std::vector<Operand>& operands, ParseIssues& issues);
void check_in_operands(const std::vector<Operand>& operands, ParseIssues& issues);
void check_arithmetic_operands(const Operand& operation, ParseIssues& issues);
// ADD takes a number or a set, DELETE a set.
void check_add_delete_operand(std::string_view clause, const Operand& operand, ParseIssues& issues);

// The AttributeValue type an operand has whatever the item ("S", "N" ...), when it is known.
std::optional<std::string> static_operand_type(const Operand& operand);

std::string_view comparator_symbol(Comparator comparator);

// A path as AWS lists it in overlap messages: [a, b, [2]]
std::string path_list_string(const DocumentPath& path);

}  // namespace eddy::services::dynamodb
