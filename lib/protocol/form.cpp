#include "protocol/form.hpp"

#include "core/text_codes.hpp"

#include <cstring>

namespace eddy::protocol {
std::optional<std::string> url_decode(std::string_view text, bool plus_is_space) {
  // Decoded text is never longer than the text: written through a pointer into a string of that
  // size, cut to length at the end. Runs without escapes (most of a form: names, ids, digits) are
  // found a byte at a time and copied whole.
  std::string out(text.size(), '\0');
  char* to = out.data();
  const char* at = text.data();
  const char* end = at + text.size();
  while (at != end) {
    const char* run = at;
    while (at != end && *at != '%' && (*at != '+' || !plus_is_space)) ++at;
    std::memcpy(to, run, static_cast<std::size_t>(at - run));
    to += at - run;
    if (at == end) break;
    if (*at == '+') {
      *to++ = ' ';
      ++at;
      continue;
    }
    if (end - at < 3) return std::nullopt;
    int high = text_codes::hex_digit_value(at[1]);
    int low = text_codes::hex_digit_value(at[2]);
    if (high < 0 || low < 0) return std::nullopt;
    *to++ = static_cast<char>(high * 16 + low);
    at += 3;
  }
  out.resize(static_cast<std::size_t>(to - out.data()));
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
