#include "http/response_wire.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/status.hpp>

#include <charconv>
#include <string_view>

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

// Literals as string_views: appending a const char* measures it first.
using namespace std::string_view_literals;

void append_field(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": "sv).append(value).append("\r\n"sv);
}

}  // namespace

std::string serialize_response(protocol::HttpResponse&& response, unsigned version, bool keep_alive,
                               RequestMethod method) {
  std::string out;
  serialize_response(std::move(response), version, keep_alive, method, out);
  return out;
}

void serialize_response(protocol::HttpResponse&& response, unsigned version, bool keep_alive,
                        RequestMethod method, std::string& out) {
  const auto& headers = response.headers;
  // Written in place rather than gathered first: a response has a handful of headers, so
  // looking ahead for a later one of the same name costs less than a list would.
  auto named_later = [&headers](std::size_t from, std::string_view name) {
    for (std::size_t i = from; i < headers.size(); ++i)
      if (boost::beast::iequals(headers[i].first, name)) return true;
    return false;
  };

  bool bodiless = status_has_no_body(response.status);
  std::size_t header_bytes = 0;
  for (const auto& [name, value] : headers) header_bytes += name.size() + value.size() + 4;
  header_bytes += response.request_id.size() + 20;
  out.clear();
  out.reserve(160 + response.content_type.size() + header_bytes + response.body.size());
  out.append(version == 10 ? "HTTP/1.0 "sv : "HTTP/1.1 "sv);
  append_number(out, static_cast<std::size_t>(response.status));
  out.push_back(' ');
  out.append(boost::beast::http::obsolete_reason(
      static_cast<boost::beast::http::status>(response.status)));
  out.append("\r\n"sv);
  if (!named_later(0, "Server")) append_field(out, "Server", "eddy");
  if (!response.content_type.empty() && !named_later(0, "Content-Type"))
    append_field(out, "Content-Type", response.content_type);
  if (!response.request_id.empty() && !named_later(0, "x-amzn-RequestId"))
    append_field(out, "x-amzn-RequestId", response.request_id);
  for (std::size_t i = 0; i < headers.size(); ++i)
    if (!named_later(i + 1, headers[i].first))
      append_field(out, headers[i].first, headers[i].second);
  if (version == 10 && keep_alive) append_field(out, "Connection", "keep-alive");
  if (version != 10 && !keep_alive) append_field(out, "Connection", "close");
  if (!bodiless) {
    out.append("Content-Length: "sv);
    append_number(out, response.body.size());
    out.append("\r\n"sv);
  }
  out.append("\r\n"sv);
  if (!bodiless && method != RequestMethod::head) out.append(response.body);
}

}  // namespace eddy::http_wire
