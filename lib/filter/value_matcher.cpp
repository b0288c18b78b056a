#include "filter/value_matcher.hpp"

#include <algorithm>
#include <locale>

namespace eddy::filter {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

std::optional<FixedPoint> fixed_value(const json& value) {
  return to_fixed_point(value.get<double>());
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

const std::ctype<wchar_t>& wide_ctype() {
  static const std::locale locale = [] {
    try {
      return std::locale("C.UTF-8");
    } catch (const std::exception&) {
      return std::locale::classic();
    }
  }();
  return std::use_facet<std::ctype<wchar_t>>(locale);
}

}  // namespace

std::string fold_case(std::string_view text) {
  const auto& ctype = wide_ctype();
  std::string folded;
  folded.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      folded.push_back(static_cast<char>(byte >= 'A' && byte <= 'Z' ? byte + 32 : byte));
      ++i;
      continue;
    }
    std::size_t length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1;
    if (i + length > text.size() || length == 1) {
      folded.push_back(text[i++]);
      continue;
    }
    char32_t cp = byte & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    auto lower = static_cast<char32_t>(ctype.tolower(static_cast<wchar_t>(cp)));
    std::size_t lower_length = lower < 0x800 ? 2 : lower < 0x10000 ? 3 : 4;
    if (lower < 0x80 || lower_length != length) lower = cp;  // keep byte lengths stable
    if (length == 2) {
      folded.push_back(static_cast<char>(0xC0 | (lower >> 6)));
    } else if (length == 3) {
      folded.push_back(static_cast<char>(0xE0 | (lower >> 12)));
      folded.push_back(static_cast<char>(0x80 | ((lower >> 6) & 0x3F)));
    } else {
      folded.push_back(static_cast<char>(0xF0 | (lower >> 18)));
      folded.push_back(static_cast<char>(0x80 | ((lower >> 12) & 0x3F)));
      folded.push_back(static_cast<char>(0x80 | ((lower >> 6) & 0x3F)));
    }
    folded.push_back(static_cast<char>(0x80 | (lower & 0x3F)));
    i += length;
  }
  return folded;
}

bool matches(const ValueMatcher& matcher, const json& value) {
  return std::visit(
      Overloaded{
          [&](const ExactNumber& m) {
            if (!value.is_number()) return false;
            auto fixed = fixed_value(value);
            if (m.fixed && fixed) return *m.fixed == *fixed;
            return value.get<double>() == m.value;
          },
          [&](const ExactLiteral& m) {
            if (value.type() != m.type) return false;
            return m.type != json::value_t::boolean || value.get<bool>() == m.boolean;
          },
          [&](const PrefixMatch& m) {
            return value.is_string() && value.get_ref<const std::string&>().starts_with(m.prefix);
          },
          [&](const SuffixMatch& m) {
            return value.is_string() && ends_with(value.get_ref<const std::string&>(), m.suffix);
          },
          [&](const EqualsIgnoreCase& m) {
            return value.is_string() && fold_case(value.get_ref<const std::string&>()) == m.folded;
          },
          [&](const AnythingButStrings& m) {
            return value.is_string() && !m.values.contains(value.get_ref<const std::string&>());
          },
          [&](const AnythingButNumbers& m) {
            if (!value.is_number()) return false;
            auto fixed = fixed_value(value);
            return !fixed || std::find(m.values.begin(), m.values.end(), *fixed) == m.values.end();
          },
          [&](const AnythingButPrefix& m) {
            return value.is_string() && !value.get_ref<const std::string&>().starts_with(m.prefix);
          },
          [&](const AnythingButSuffix& m) {
            return value.is_string() && !ends_with(value.get_ref<const std::string&>(), m.suffix);
          },
          [&](const NumericMatch& m) {
            if (!value.is_number()) return false;
            auto fixed = fixed_value(value);
            return fixed && m.range.contains(*fixed);
          },
          [&](const CidrMatch& m) {
            if (!value.is_string()) return false;
            auto address = parse_ip_literal(value.get_ref<const std::string&>());
            return address && m.range.contains(*address);
          },
          [&](const ExistsMatch&) { return true; },
      },
      matcher);
}

}  // namespace eddy::filter
