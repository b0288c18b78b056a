#pragma once
// PartiQL statement text as tokens: identifiers (bare, or "double-quoted" with "" for a quote),
// 'string literals' ('' for a quote), numbers, ? parameters and punctuation. Keywords are bare
// identifiers the parser recognises, case-insensitively; a quoted identifier is never a keyword.
#include <string>
#include <string_view>
#include <vector>

namespace eddy::services::dynamodb::partiql {

enum class TokenKind {
  identifier,         // bare
  quoted_identifier,  // "..."
  string,             // '...'
  number,
  parameter,  // ?
  punctuation,
  end,
};

struct Token {
  TokenKind kind;
  std::string text;  // identifiers and strings unquoted; punctuation as written ("<=", "<<")
  int line;          // 1-based, for AWS's "at <line>:<column>:<length>"
  int column;        // 1-based, in characters
  int length;        // in characters, as written
};

// Throws ValidationException "Statement wasn't well formed, can't be processed: ..." for a
// character no token starts with or an unterminated string or identifier.
std::vector<Token> tokenize(std::string_view statement);

// The message prefix AWS puts on every syntax error.
[[noreturn]] void throw_statement_not_well_formed(const std::string& detail);

}  // namespace eddy::services::dynamodb::partiql
