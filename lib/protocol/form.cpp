#include "protocol/form.hpp"

#include "core/text_codes.hpp"

namespace eddy::protocol {
std::optional<std::string> url_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  // Runs without escapes (most of a form: names, ids, digits) are appended whole.
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c != '%' && (c != '+' || !plus_is_space)) continue;
    out.append(text.data() + run, i - run);
    if (c == '+') {
      out.push_back(' ');
    } else {
      if (i + 2 >= text.size()) return std::nullopt;
      int high = text_codes::hex_digit_value(text[i + 1]);
      int low = text_codes::hex_digit_value(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    }
    run = i + 1;
  }
  out.append(text.data() + run, text.size() - run);
  return out;
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

bool parse_form(std::string_view text, FormFields& out) {
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('&', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view pair = text.substr(start, end - start);
    if (!pair.empty()) {
      auto eq = pair.find('=');
      auto key = url_decode(pair.substr(0, eq));
      auto value =
          url_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
      if (!key || !value) return false;
      out.emplace_back(std::move(*key), std::move(*value));
    }
    start = end + 1;
  }
  return true;
}

}  // namespace eddy::protocol
