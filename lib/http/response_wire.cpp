#include "http/response_wire.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/status.hpp>

#include <charconv>
#include <string_view>
#include <utility>
#include <vector>

namespace eddy::http_wire {
namespace {

bool status_has_no_body(int status) {
  return status / 100 == 1 || status == 204 || status == 304;
}

void append_number(std::string& out, std::size_t value) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

}  // namespace

std::string serialize_response(protocol::HttpResponse&& response, unsigned version,
                               bool keep_alive) {
  using Field = std::pair<std::string_view, std::string_view>;
  std::vector<Field> fields;
  fields.reserve(response.headers.size() + 2);
  auto set = [&fields](std::string_view name, std::string_view value) {
    std::erase_if(fields, [name](const Field& f) { return boost::beast::iequals(f.first, name); });
    fields.emplace_back(name, value);
  };
  fields.emplace_back("Server", "eddy");
  if (!response.content_type.empty()) fields.emplace_back("Content-Type", response.content_type);
  for (const auto& [name, value] : response.headers) set(name, value);

  bool bodiless = status_has_no_body(response.status);
  std::string out;
  out.reserve(128 + response.body.size() + 64 * fields.size());
  out.append(version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  append_number(out, static_cast<std::size_t>(response.status));
  out.push_back(' ');
  out.append(boost::beast::http::obsolete_reason(
      static_cast<boost::beast::http::status>(response.status)));
  out.append("\r\n");
  for (const auto& [name, value] : fields) append_field(out, name, value);
  if (version == 10 && keep_alive) append_field(out, "Connection", "keep-alive");
  if (version != 10 && !keep_alive) append_field(out, "Connection", "close");
  if (!bodiless) {
    out.append("Content-Length: ");
    append_number(out, response.body.size());
    out.append("\r\n");
  }
  out.append("\r\n");
  if (!bodiless) out.append(response.body);
  return out;
}

}  // namespace eddy::http_wire
