#include "services/dynamodb/expressions/tokenizer.hpp"

#include <cctype>

namespace eddy::services::dynamodb {

namespace {

bool is_expression_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

bool is_expression_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::size_t expression_word_end(std::string_view text, std::size_t from) {
  while (from < text.size() && is_expression_word_char(text[from])) ++from;
  return from;
}

}  // namespace

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    std::size_t end = i + 1;
    TokenKind kind = TokenKind::unknown;
    if (is_expression_space(c)) {
      while (end < text.size() && is_expression_space(text[end])) ++end;
      kind = TokenKind::whitespace;
    } else if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
      while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end])) != 0) ++end;
      kind = TokenKind::number;
    } else if (std::isalpha(static_cast<unsigned char>(c)) != 0) {  // not "_": AWS refuses it first
      end = expression_word_end(text, i);
      kind = TokenKind::identifier;
    } else if ((c == '#' || c == ':') && i + 1 < text.size() &&
               is_expression_word_char(text[i + 1])) {
      end = expression_word_end(text, i + 1);
      kind = c == '#' ? TokenKind::name_placeholder : TokenKind::value_placeholder;
    } else if (c == '<' && i + 1 < text.size() && (text[i + 1] == '>' || text[i + 1] == '=')) {
      end = i + 2;
      kind = TokenKind::symbol;
    } else if (c == '>' && i + 1 < text.size() && text[i + 1] == '=') {
      end = i + 2;
      kind = TokenKind::symbol;
    } else if (std::string_view("=<>()[],.+-").find(c) != std::string_view::npos) {
      kind = TokenKind::symbol;
    }
    tokens.push_back(Token{kind, std::string(text.substr(i, end - i))});
    i = end;
  }
  return tokens;
}

bool is_keyword(const Token& token, std::string_view keyword) {
  if (token.kind != TokenKind::identifier || token.text.size() != keyword.size()) return false;
  for (std::size_t i = 0; i < keyword.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(token.text[i])) != keyword[i]) return false;
  }
  return true;
}

}  // namespace eddy::services::dynamodb
