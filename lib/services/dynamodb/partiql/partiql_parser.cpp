// Recursive descent over the tokens of one statement:
//   statement := select | insert | update | delete | EXISTS '(' select ')' [';']
//   select    := SELECT ('*' | path {',' path}) FROM name ['.' name] [WHERE condition]
//                [ORDER BY path [ASC | DESC] {',' path [ASC | DESC]}]
//   insert    := INSERT INTO name VALUE literal
//   update    := UPDATE name (SET assignment {',' assignment} | REMOVE path {',' path})+
//                WHERE condition
//   delete    := DELETE FROM name WHERE condition
//   condition := conjunct {OR conjunct};  conjunct := factor {AND factor}
//   factor    := NOT factor | '(' condition ')' | function '(' operands ')' | operand tail
//   tail      := compare operand | [NOT] BETWEEN operand AND operand | [NOT] IN list | IS [NOT]
//   type
#include <algorithm>
#include <cctype>

#include "eddy/aws_error.hpp"
#include "services/dynamodb/partiql/partiql_literal.hpp"
#include "services/dynamodb/partiql/partiql_statement.hpp"
#include "services/dynamodb/partiql/partiql_tokenizer.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace eddy::services::dynamodb::partiql {
namespace {

constexpr std::string_view kPartiqlKeywords[] = {
    "SELECT", "FROM",   "WHERE", "INSERT", "INTO", "VALUE", "VALUES",  "UPDATE", "SET",
    "REMOVE", "DELETE", "AND",   "OR",     "NOT",  "IN",    "BETWEEN", "IS",     "MISSING",
    "NULL",   "TRUE",   "FALSE", "EXISTS", "AS",   "AT",    "BY",      "ORDER",  "LIMIT"};

// A literal one level deeper than AWS's nesting limit is refused as it is read.
constexpr int kMaxLiteralNesting = 33;
// Generous for hand-written conditions; it bounds the parser's recursion.
constexpr int kMaxConditionNesting = 200;

constexpr std::string_view kConditionFunctions[] = {"begins_with", "contains", "attribute_type",
                                                    "attribute_exists", "attribute_not_exists"};

constexpr std::string_view kIsTypes[] = {"MISSING", "NULL",   "BOOLEAN", "BLOB", "STRING",
                                         "NUMERIC", "STRUCT", "TUPLE",   "LIST"};

std::string upper_case(std::string_view text) {
  std::string upper(text);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return upper;
}

std::string lower_case(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

bool is_partiql_keyword(std::string_view word) {
  const std::string upper = upper_case(word);
  return std::find(std::begin(kPartiqlKeywords), std::end(kPartiqlKeywords), upper) !=
         std::end(kPartiqlKeywords);
}

// AWS locates some errors: "at <line>:<column>:<length>".
std::string token_position(const Token& token) {
  return " at " + std::to_string(token.line) + ":" + std::to_string(token.column) + ":" +
         std::to_string(token.length);
}

Condition condition_of_kind(Condition::Kind kind) {
  Condition made;
  made.kind = kind;
  return made;
}

[[noreturn]] void throw_partiql_validation(const std::string& message) {
  throw AwsError("ValidationException", message);
}

class PartiqlParser {
 public:
  PartiqlParser(std::string_view text, const json& parameters)
      : tokens_(tokenize(text)), literals_(parameters) {}

  Statement statement() {
    Statement parsed;
    if (keyword("SELECT")) {
      parse_select(parsed);
    } else if (keyword("INSERT")) {
      parse_insert(parsed);
    } else if (keyword("UPDATE")) {
      parse_update(parsed);
    } else if (keyword("DELETE")) {
      parse_delete(parsed);
    } else if (keyword("EXISTS")) {
      parse_exists(parsed);
    } else {
      throw_statement_not_well_formed("Expected data manipulation");
    }
    punctuation(";");
    if (peek().kind != TokenKind::end) throw_statement_not_well_formed("Unexpected token");
    literals_.check_all_parameters_used();
    return parsed;
  }

 private:
  // ---- tokens ----
  const Token& peek(std::size_t ahead = 0) const {
    return tokens_[std::min(position_ + ahead, tokens_.size() - 1)];
  }
  const Token& take() {
    const Token& token = tokens_[position_];
    if (token.kind != TokenKind::end) ++position_;
    return token;
  }
  bool is_keyword(const Token& token, std::string_view word) const {
    return token.kind == TokenKind::identifier && upper_case(token.text) == word;
  }
  bool keyword(std::string_view word) {
    if (!is_keyword(peek(), word)) return false;
    take();
    return true;
  }
  void expect_keyword(std::string_view word) {
    if (!keyword(word)) unexpected("Expected " + std::string(word));
  }
  bool is_punctuation(const Token& token, std::string_view text) const {
    return token.kind == TokenKind::punctuation && token.text == text;
  }
  bool punctuation(std::string_view text) {
    if (!is_punctuation(peek(), text)) return false;
    take();
    return true;
  }
  void expect_punctuation(std::string_view text, std::string_view name) {
    if (!punctuation(text)) unexpected("Expected " + std::string(name));
  }
  [[noreturn]] void unexpected(const std::string& expected) const {
    if (peek().kind == TokenKind::end) throw_statement_not_well_formed("Unexpected end of input");
    if (peek().kind == TokenKind::identifier && is_partiql_keyword(peek().text))
      throw_statement_not_well_formed("Unexpected keyword");
    throw_statement_not_well_formed(expected);
  }

  // ---- statements ----
  std::string name() {
    const Token& token = peek();
    if (token.kind == TokenKind::quoted_identifier ||
        (token.kind == TokenKind::identifier && !is_partiql_keyword(token.text)))
      return take().text;
    unexpected("Expected identifier");
  }

  void parse_select(Statement& parsed) {
    parsed.kind = StatementKind::select;
    if (!punctuation("*")) {
      do parsed.projection.push_back(path());
      while (punctuation(","));
    }
    expect_keyword("FROM");
    parsed.table = name();
    if (punctuation(".")) parsed.index = name();
    if (keyword("WHERE")) parsed.where = condition();
    if (keyword("ORDER")) {
      expect_keyword("BY");
      if (!parsed.where)
        throw_partiql_validation(
            "Must have WHERE clause in the statement when using ORDER BY clause.");
      do {
        Ordering ordering{path(), false};
        if (!keyword("ASC")) ordering.descending = keyword("DESC");
        parsed.order_by.push_back(std::move(ordering));
      } while (punctuation(","));
    }
  }

  void parse_insert(Statement& parsed) {
    parsed.kind = StatementKind::insert;
    expect_keyword("INTO");
    parsed.table = name();
    if (!keyword("VALUE")) {
      if (is_keyword(peek(), "VALUES"))
        throw_partiql_validation(
            "Unsupported operation: Inserting multiple items in a single statement is not "
            "supported, use \"INSERT INTO tableName VALUE item\" instead");
      unexpected("Expected VALUE");
    }
    if (!is_punctuation(peek(), "{"))
      throw_partiql_validation(
          "Unsupported format in item expression. Please use struct format {...} to express item "
          "values for insert statement.");
    // Checks the item's size and, with it, how deep its values nest.
    parsed.item = normalize_item(literal()["M"]);
    if (is_keyword(peek(), "RETURNING"))
      throw_partiql_validation("RETURNING is not supported in INSERT");
  }

  void parse_update(Statement& parsed) {
    parsed.kind = StatementKind::update;
    parsed.table = name();
    bool any_clause = false;
    while (true) {
      if (keyword("SET")) {
        do parsed.set_actions.push_back(assignment());
        while (punctuation(","));
      } else if (keyword("REMOVE")) {
        do parsed.remove_paths.push_back(path());
        while (punctuation(","));
      } else {
        break;
      }
      any_clause = true;
    }
    if (!any_clause) unexpected("Expected SET or REMOVE");
    expect_keyword("WHERE");
    parsed.where = condition();
    parsed.returning = returning();
  }

  void parse_delete(Statement& parsed) {
    parsed.kind = StatementKind::delete_item;
    expect_keyword("FROM");
    parsed.table = name();
    expect_keyword("WHERE");
    parsed.where = condition();
    parsed.returning = returning();
    if (parsed.returning && !(parsed.returning->all && !parsed.returning->new_image))
      throw_partiql_validation("Invalid returning clause: RETURNING " +
                               std::string(parsed.returning->all ? "ALL" : "MODIFIED") + " " +
                               (parsed.returning->new_image ? "NEW" : "OLD") +
                               " *. Only RETURNING ALL OLD * is allowed in DELETE statements.");
  }

  // RETURNING (ALL | MODIFIED) (OLD | NEW) *, when present.
  std::optional<Returning> returning() {
    if (!keyword("RETURNING")) return std::nullopt;
    Returning made;
    if (keyword("MODIFIED"))
      made.all = false;
    else if (!keyword("ALL"))
      unexpected("Expected ALL or MODIFIED");
    if (keyword("NEW"))
      made.new_image = true;
    else if (!keyword("OLD"))
      unexpected("Expected OLD or NEW");
    if (!punctuation("*"))
      throw_partiql_validation(
          "Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause");
    return made;
  }

  // EXISTS(SELECT ...): ExecuteTransaction's condition check.
  void parse_exists(Statement& parsed) {
    expect_punctuation("(", "LEFT_PAREN");
    expect_keyword("SELECT");
    parse_select(parsed);
    expect_punctuation(")", "RIGHT_PAREN");
    parsed.kind = StatementKind::exists;
  }

  // ---- paths and operands ----
  DocumentPath path() {
    DocumentPath parsed{name()};
    while (true) {
      if (punctuation(".")) {
        parsed.emplace_back(name());
      } else if (punctuation("[")) {
        const Token& index = peek();
        if (index.kind == TokenKind::number &&
            index.text.find_first_not_of("0123456789") == std::string::npos) {
          parsed.emplace_back(static_cast<std::size_t>(std::stoull(take().text)));
        } else if (index.kind == TokenKind::string) {
          parsed.emplace_back(take().text);
        } else {
          unexpected("Expected list index");
        }
        expect_punctuation("]", "RIGHT_BRACKET");
      } else {
        return parsed;
      }
    }
  }

  bool at_function_call() const {
    return peek().kind == TokenKind::identifier && !is_partiql_keyword(peek().text) &&
           is_punctuation(peek(1), "(");
  }

  Operand operand() {
    if (at_function_call()) {
      const Token& function = take();
      if (lower_case(function.text) != "size")
        throw_partiql_validation("Unrecognized function: " + lower_case(function.text) +
                                 token_position(function));
      take();  // (
      Operand size{Operand::Kind::size, path(), {}};
      expect_punctuation(")", "RIGHT_PAREN");
      return size;
    }
    if (peek().kind == TokenKind::quoted_identifier ||
        (peek().kind == TokenKind::identifier && !is_partiql_keyword(peek().text)))
      return Operand{Operand::Kind::path, path(), {}};
    // Literals are built normalised bottom up; this checks how deep they nest.
    return Operand{Operand::Kind::value, {}, normalize_attribute_value(literal())};
  }

  json literal() {
    if (is_keyword(peek(), "MISSING"))
      throw_partiql_validation("MISSING must be compared using IS operator");
    LiteralToken next = literal_token();
    if (next.starts_nested) {
      // AWS allows 32 levels; refusing deeper ones here also bounds the recursion.
      NestingGuard guard(literal_depth_, kMaxLiteralNesting,
                         "Nesting Levels have exceeded supported limits");
      const Token& open = take();
      if (open.text == "[") return literals_.list(nested_literals("]", "RIGHT_BRACKET"));
      if (open.text == "<<")
        return literals_.bag(nested_literals(">>", "RIGHT_ANGLE_DOUBLE_BRACKET"));
      return struct_literal();
    }
    return next.value;
  }

  struct LiteralToken {
    bool starts_nested = false;
    json value;
  };

  LiteralToken literal_token() {
    const Token& token = peek();
    if (is_punctuation(token, "[") || is_punctuation(token, "<<") || is_punctuation(token, "{"))
      return {true, {}};
    if (token.kind == TokenKind::string) return {false, literals_.string(take().text)};
    if (token.kind == TokenKind::number) return {false, literals_.number(take().text)};
    if (is_punctuation(token, "-") && peek(1).kind == TokenKind::number) {
      take();
      return {false, literals_.number("-" + take().text)};
    }
    if (token.kind == TokenKind::parameter) {
      take();
      return {false, literals_.parameter()};
    }
    if (keyword("TRUE")) return {false, json{{"BOOL", true}}};
    if (keyword("FALSE")) return {false, json{{"BOOL", false}}};
    if (keyword("NULL")) return {false, json{{"NULL", true}}};
    unexpected("Expected expression");
  }

  std::vector<json> nested_literals(std::string_view close, std::string_view close_name) {
    std::vector<json> values;
    if (punctuation(close)) return values;
    do values.push_back(literal());
    while (punctuation(","));
    expect_punctuation(close, close_name);
    return values;
  }

  json struct_literal() {
    std::vector<std::pair<std::string, json>> members;
    if (!punctuation("}")) {
      do {
        const Token& key = peek();
        if (key.kind != TokenKind::string) unexpected("Expected string key");
        take();
        expect_punctuation(":", "COLON");
        json value = literal();
        members.emplace_back(key.text, std::move(value));
      } while (punctuation(","));
      expect_punctuation("}", "RIGHT_CURLY");
    }
    return literals_.structure(members);
  }

  // ---- conditions ----
  Condition condition() {
    Condition first = conjunct();
    if (!is_keyword(peek(), "OR")) return first;
    Condition any = condition_of_kind(Condition::Kind::any_of);
    any.children.push_back(std::move(first));
    while (keyword("OR")) any.children.push_back(conjunct());
    return any;
  }

  Condition conjunct() {
    Condition first = factor();
    if (!is_keyword(peek(), "AND")) return first;
    Condition all = condition_of_kind(Condition::Kind::all_of);
    all.children.push_back(std::move(first));
    while (keyword("AND")) all.children.push_back(factor());
    return all;
  }

  Condition factor() {
    NestingGuard guard(condition_depth_, kMaxConditionNesting,
                       "Statement wasn't well formed, can't be processed: Expression nested too "
                       "deeply");
    if (keyword("NOT")) {
      Condition negation = condition_of_kind(Condition::Kind::negation);
      negation.children.push_back(factor());
      return negation;
    }
    if (punctuation("(")) {
      Condition inner = condition();
      expect_punctuation(")", "RIGHT_PAREN");
      return inner;
    }
    if (at_function_call()) {
      const std::string function = lower_case(peek().text);
      if (std::find(std::begin(kConditionFunctions), std::end(kConditionFunctions), function) !=
          std::end(kConditionFunctions))
        return function_condition();
    }
    Operand left = operand();
    return predicate_tail(std::move(left));
  }

  Condition function_condition() {
    const Token& function = take();
    take();  // (
    Condition call = condition_of_kind(Condition::Kind::function);
    call.name = lower_case(function.text);
    if (!punctuation(")")) {
      do call.operands.push_back(operand());
      while (punctuation(","));
      expect_punctuation(")", "RIGHT_PAREN");
    }
    const std::size_t expected_operands =
        call.name == "attribute_exists" || call.name == "attribute_not_exists" ? 1 : 2;
    if (call.operands.size() != expected_operands)
      throw_partiql_validation(
          "Incorrect number of operands for operator or function; operator or function: " +
          call.name + ", number of operands: " + std::to_string(call.operands.size()));
    if (call.operands[0].kind != Operand::Kind::path)
      throw_partiql_validation(
          "Operator or function requires a document path; operator or function: " + call.name);
    return call;
  }

  Condition predicate_tail(Operand left) {
    Condition predicate;
    predicate.operands.push_back(std::move(left));
    if (keyword("IS")) {
      predicate.kind = Condition::Kind::is_type;
      predicate.negated = keyword("NOT");
      const Token& type = peek();
      if (type.kind != TokenKind::identifier) unexpected("Expected type");
      predicate.name = upper_case(take().text);
      if (std::find(std::begin(kIsTypes), std::end(kIsTypes), predicate.name) == std::end(kIsTypes))
        throw_partiql_validation("Unsupported data type for IS operator: " + predicate.name +
                                 ". Supported data types are [MISSING, NULL, BOOLEAN, BLOB, "
                                 "STRING, NUMERIC, STRUCT, TUPLE, LIST]");
      return predicate;
    }
    predicate.negated = keyword("NOT");
    if (keyword("BETWEEN")) {
      predicate.kind = Condition::Kind::between;
      predicate.operands.push_back(operand());
      expect_keyword("AND");
      predicate.operands.push_back(operand());
      return predicate;
    }
    if (keyword("IN")) {
      predicate.kind = Condition::Kind::in;
      const bool bracket = punctuation("[");
      if (!bracket) expect_punctuation("(", "LEFT_PAREN");
      do predicate.operands.push_back(operand());
      while (punctuation(","));
      expect_punctuation(bracket ? "]" : ")", bracket ? "RIGHT_BRACKET" : "RIGHT_PAREN");
      return predicate;
    }
    if (predicate.negated) unexpected("Expected BETWEEN or IN");
    predicate.kind = Condition::Kind::comparison;
    const Token& op = peek();
    if (op.kind != TokenKind::punctuation) unexpected("Expected comparison operator");
    if (op.text == "=")
      predicate.comparison = ComparisonOperator::eq;
    else if (op.text == "<>" || op.text == "!=")
      predicate.comparison = ComparisonOperator::ne;
    else if (op.text == "<")
      predicate.comparison = ComparisonOperator::lt;
    else if (op.text == "<=")
      predicate.comparison = ComparisonOperator::le;
    else if (op.text == ">")
      predicate.comparison = ComparisonOperator::gt;
    else if (op.text == ">=")
      predicate.comparison = ComparisonOperator::ge;
    else
      unexpected("Expected comparison operator");
    take();
    predicate.operands.push_back(operand());
    return predicate;
  }

  // ---- UPDATE's SET ----
  SetAction assignment() {
    SetAction action;
    action.path = path();
    expect_punctuation("=", "EQUALS");
    if (at_function_call() && lower_case(peek().text) != "size") return function_assignment(action);
    action.operands.push_back(operand());
    if (punctuation("+")) {
      action.kind = SetAction::Kind::add;
    } else if (punctuation("-")) {
      action.kind = SetAction::Kind::subtract;
    } else {
      action.kind = SetAction::Kind::assign;
      return action;
    }
    action.operands.push_back(operand());
    return action;
  }

  SetAction function_assignment(SetAction& action) {
    const Token& function = take();
    const std::string name = lower_case(function.text);
    take();  // (
    std::vector<Operand> arguments;
    std::vector<Token> argument_tokens;
    if (!punctuation(")")) {
      do {
        argument_tokens.push_back(peek());
        arguments.push_back(operand());
      } while (punctuation(","));
      expect_punctuation(")", "RIGHT_PAREN");
    }
    if (name == "list_append") {
      if (arguments.size() != 2)
        throw_partiql_validation(
            "Incorrect number of operands for operator or function; operator or function: "
            "list_append, number of operands: " +
            std::to_string(arguments.size()));
      action.kind = SetAction::Kind::list_append;
    } else if (name == "set_add" || name == "set_delete") {
      const std::string upper = upper_case(name);
      if (arguments.size() != 2)
        throw_partiql_validation(upper + " must have exactly two arguments" +
                                 token_position(function));
      if (arguments[0].kind != Operand::Kind::path || arguments[0].path != action.path)
        throw_partiql_validation("The first argument to " + upper +
                                 " must equal the assignment value" + token_position(function));
      // A copy: a view would dangle on the temporary string the conditional makes.
      const std::string type =
          arguments[1].kind == Operand::Kind::value ? arguments[1].value.begin().key() : "";
      if (type != "SS" && type != "NS" && type != "BS")
        throw_partiql_validation("The second argument to " + upper +
                                 " must be a value with type SET" +
                                 token_position(argument_tokens[0]));
      action.kind = name == "set_add" ? SetAction::Kind::set_add : SetAction::Kind::set_delete;
    } else {
      throw_partiql_validation("Unrecognized function: " + name + token_position(function));
    }
    action.operands = std::move(arguments);
    return action;
  }

  // Counts the levels of one kind of recursion and refuses to go deeper than a limit, so no
  // statement can exhaust the stack.
  class NestingGuard {
   public:
    NestingGuard(int& depth, int limit, const char* message) : depth_(depth) {
      if (++depth_ > limit) {
        --depth_;
        throw_partiql_validation(message);
      }
    }
    ~NestingGuard() { --depth_; }
    NestingGuard(const NestingGuard&) = delete;
    NestingGuard& operator=(const NestingGuard&) = delete;

   private:
    int& depth_;
  };

  std::vector<Token> tokens_;
  std::size_t position_ = 0;
  int literal_depth_ = 0;
  int condition_depth_ = 0;
  LiteralBuilder literals_;
};

}  // namespace

Statement parse_statement(std::string_view text, const json& parameters) {
  return PartiqlParser(text, parameters).statement();
}

}  // namespace eddy::services::dynamodb::partiql
