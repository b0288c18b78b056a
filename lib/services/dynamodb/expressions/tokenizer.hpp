#pragma once
// Splits an expression into tokens. White space is kept as tokens because AWS quotes the text
// around a syntax error ("near: ...") with the white space as written.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace eddy::services::dynamodb {

enum class TokenKind {
  identifier,         // attribute name, keyword or function name: [A-Za-z][A-Za-z0-9_]*
  name_placeholder,   // #name
  value_placeholder,  // :value
  number,             // digits (list indexes)
  symbol,             // = <> < <= > >= ( ) [ ] , . + -
  whitespace,
  unknown,  // any other character; always a syntax error
};

struct Token {
  TokenKind kind;
  std::string text;
};

std::vector<Token> tokenize(std::string_view text);

// Case-insensitive match of an identifier token against a keyword (AND, SET, BETWEEN ...).
bool is_keyword(const Token& token, std::string_view keyword);

}  // namespace eddy::services::dynamodb
