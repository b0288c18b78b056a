#include "services/dynamodb/partiql/partiql_tokenizer.hpp"

#include "eddy/aws_error.hpp"

namespace eddy::services::dynamodb::partiql {
namespace {

bool is_partiql_identifier_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}

bool is_partiql_identifier_part(char c) {
  return is_partiql_identifier_start(c) || (c >= '0' && c <= '9');
}

bool is_partiql_digit(char c) {
  return c >= '0' && c <= '9';
}

// Longest first, so "<=" wins over "<" and "<<" over "<".
constexpr std::string_view kPartiqlPunctuation[] = {"<<", ">>", "<=", ">=", "<>", "!=", "(", ")",
                                                    "[",  "]",  "{",  "}",  ",",  ".",  ":", "=",
                                                    "<",  ">",  "*",  "+",  "-",  ";"};

class PartiqlLexer {
 public:
  explicit PartiqlLexer(std::string_view text) : text_(text) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    while (true) {
      skip_space_and_comments();
      if (pos_ >= text_.size()) break;
      tokens.push_back(next_token());
    }
    tokens.push_back(Token{TokenKind::end, "", line_, column_, 0});
    return tokens;
  }

 private:
  void advance() {
    // Columns count characters: UTF-8 continuation bytes do not start one.
    if (text_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(text_[pos_]) & 0xc0) != 0x80) {
      ++column_;
    }
    ++pos_;
  }

  bool at(std::string_view s) const { return text_.substr(pos_, s.size()) == s; }

  void skip_space_and_comments() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        advance();
      } else if (at("--")) {
        while (pos_ < text_.size() && text_[pos_] != '\n') advance();
      } else if (at("/*")) {
        std::size_t end = text_.find("*/", pos_ + 2);
        if (end == std::string_view::npos)
          throw_statement_not_well_formed("Unexpected end of input");
        while (pos_ < end + 2) advance();
      } else {
        return;
      }
    }
  }

  Token next_token() {
    Token token{TokenKind::punctuation, "", line_, column_, 0};
    const int start_column = column_;
    const char c = text_[pos_];
    if (c == '\'' || c == '"') {
      token.kind = c == '"' ? TokenKind::quoted_identifier : TokenKind::string;
      token.text = quoted(c);
    } else if (c == '?') {
      token.kind = TokenKind::parameter;
      token.text = "?";
      advance();
    } else if (is_partiql_digit(c) ||
               (c == '.' && pos_ + 1 < text_.size() && is_partiql_digit(text_[pos_ + 1]))) {
      token.kind = TokenKind::number;
      token.text = number();
    } else if (is_partiql_identifier_start(c)) {
      token.kind = TokenKind::identifier;
      while (pos_ < text_.size() && is_partiql_identifier_part(text_[pos_])) {
        token.text.push_back(text_[pos_]);
        advance();
      }
    } else {
      for (std::string_view p : kPartiqlPunctuation) {
        if (at(p)) {
          token.text = std::string(p);
          for (std::size_t i = 0; i < p.size(); ++i) advance();
          break;
        }
      }
      if (token.text.empty()) throw_statement_not_well_formed("Unexpected character");
    }
    token.length = column_ - start_column;
    return token;
  }

  // A quoted string or identifier; the quote doubled stands for itself.
  std::string quoted(char quote) {
    std::string text;
    advance();
    while (true) {
      if (pos_ >= text_.size()) throw_statement_not_well_formed("Unexpected end of input");
      if (text_[pos_] == quote) {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == quote) {
          text.push_back(quote);
          advance();
          advance();
          continue;
        }
        advance();
        return text;
      }
      text.push_back(text_[pos_]);
      advance();
    }
  }

  std::string number() {
    std::string text;
    auto take_digits = [&] {
      while (pos_ < text_.size() && is_partiql_digit(text_[pos_])) {
        text.push_back(text_[pos_]);
        advance();
      }
    };
    take_digits();
    if (pos_ < text_.size() && text_[pos_] == '.') {
      text.push_back('.');
      advance();
      take_digits();
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      std::size_t sign =
          pos_ + 1 < text_.size() && (text_[pos_ + 1] == '+' || text_[pos_ + 1] == '-');
      if (pos_ + 1 + sign < text_.size() && is_partiql_digit(text_[pos_ + 1 + sign])) {
        text.push_back('e');
        advance();
        if (sign) {
          text.push_back(text_[pos_]);
          advance();
        }
        take_digits();
      }
    }
    return text;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

}  // namespace

void throw_statement_not_well_formed(const std::string& detail) {
  throw AwsError("ValidationException",
                 "Statement wasn't well formed, can't be processed: " + detail);
}

std::vector<Token> tokenize(std::string_view statement) {
  return PartiqlLexer(statement).run();
}

}  // namespace eddy::services::dynamodb::partiql
