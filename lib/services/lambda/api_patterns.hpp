#pragma once
// The Lambda API model's fixed patterns, matched by hand: std::regex is slow to build and brought
// 100 KB of code into the server for these few. Each check names the pattern it matches, which
// the validation messages quote.
#include <string_view>

namespace eddy::services::lambda::api_patterns {

inline bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}
inline bool is_letter(char c) {
  return is_lower(c) || (c >= 'A' && c <= 'Z');
}
inline bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
inline bool is_alnum(char c) {
  return is_letter(c) || is_digit(c);
}

// Text of at least one character, each passing `allowed`.
template <class Allowed>
bool nonempty_all_of(std::string_view text, Allowed allowed) {
  if (text.empty()) return false;
  for (char c : text)
    if (!allowed(c)) return false;
  return true;
}

// \d{12}
inline bool is_account_id(std::string_view text) {
  return text.size() == 12 && nonempty_all_of(text, is_digit);
}

// (aws[a-zA-Z-]*)?
inline bool is_partition(std::string_view text) {
  if (text.empty()) return true;
  if (!text.starts_with("aws")) return false;
  for (char c : text.substr(3))
    if (!is_letter(c) && c != '-') return false;
  return true;
}

// arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+
inline bool is_role_arn(std::string_view text) {
  if (!text.starts_with("arn:")) return false;
  text.remove_prefix(4);
  std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || !is_partition(text.substr(0, colon))) return false;
  text.remove_prefix(colon);
  if (!text.starts_with(":iam::")) return false;
  text.remove_prefix(6);
  if (text.size() < 12 || !is_account_id(text.substr(0, 12))) return false;
  text.remove_prefix(12);
  if (!text.starts_with(":role")) return false;
  // "/?" before a class that holds '/' too: the rest is one or more of the class.
  return nonempty_all_of(text.substr(5), [](char c) {
    return is_alnum(c) || std::string_view("_+=,.@-/").find(c) != std::string_view::npos;
  });
}

// [^\s]+
inline bool is_handler(std::string_view text) {
  return nonempty_all_of(text, [](char c) {
    return std::string_view(" \t\n\v\f\r").find(c) == std::string_view::npos;
  });
}

// [a-zA-Z]([a-zA-Z0-9_])+
inline bool is_environment_key(std::string_view text) {
  return text.size() >= 2 && is_letter(text[0]) &&
         nonempty_all_of(text.substr(1), [](char c) { return is_alnum(c) || c == '_'; });
}

// (lambda:[*]|lambda:[a-zA-Z]+|[*])
inline bool is_permission_action(std::string_view text) {
  if (text == "*" || text == "lambda:*") return true;
  return text.starts_with("lambda:") && nonempty_all_of(text.substr(7), is_letter);
}

// ([a-zA-Z0-9-_.]+)
inline bool is_statement_id(std::string_view text) {
  return nonempty_all_of(text,
                         [](char c) { return is_alnum(c) || c == '-' || c == '_' || c == '.'; });
}

// (?!^[0-9]+$)([a-zA-Z0-9-_]+)
inline bool is_alias_name(std::string_view text) {
  return nonempty_all_of(text, [](char c) { return is_alnum(c) || c == '-' || c == '_'; }) &&
         !nonempty_all_of(text, is_digit);
}

}  // namespace eddy::services::lambda::api_patterns
