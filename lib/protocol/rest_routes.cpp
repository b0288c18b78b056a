#include "protocol/rest_routes.hpp"

#include "protocol/form.hpp"

namespace eddy::protocol {
namespace {
// Splits off the next '/'-separated segment of `rest`.
std::string_view next_segment(std::string_view& rest) {
  if (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
  auto slash = rest.find('/');
  std::string_view segment = rest.substr(0, slash);
  rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
  return segment;
}
}  // namespace

std::optional<json> match_route(const RestRoute& route, std::string_view method,
                                std::string_view path) {
  if (route.method != method) return std::nullopt;
  json labels = json::object();
  std::string_view pattern = route.path;
  std::string_view rest = path;
  while (!pattern.empty()) {
    std::string_view expected = next_segment(pattern);
    bool is_label = expected.size() > 2 && expected.front() == '{' && expected.back() == '}';
    if (is_label && expected[expected.size() - 2] == '+') {
      // Greedy label: the whole remaining path.
      if (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
      if (rest.empty()) return std::nullopt;
      auto value = url_decode(rest, false);
      if (!value) return std::nullopt;
      labels[std::string(expected.substr(1, expected.size() - 3))] = *value;
      return labels;
    }
    if (rest.empty()) return std::nullopt;
    std::string_view actual = next_segment(rest);
    if (is_label) {
      auto value = url_decode(actual, false);
      if (!value || value->empty()) return std::nullopt;
      labels[std::string(expected.substr(1, expected.size() - 2))] = *value;
    } else if (actual != expected) {
      return std::nullopt;
    }
  }
  if (!rest.empty() && rest != "/") return std::nullopt;
  return labels;
}

}  // namespace eddy::protocol
