#include "net/http_client.hpp"

#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace eddy::net {
namespace {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Error = boost::system::error_code;

constexpr std::size_t kResponseBodyLimit = 1024 * 1024;

ssl::context& tls_context() {
  static ssl::context context = [] {
    ssl::context c(ssl::context::tls_client);
    c.set_verify_mode(ssl::verify_none);
    return c;
  }();
  return context;
}

bhttp::request<bhttp::string_body> build(const ClientRequest& request, const Url& url) {
  bhttp::request<bhttp::string_body> out;
  out.method_string(request.method);
  out.target(url.target);
  out.version(11);
  bool default_port =
      (url.scheme == "http" && url.port == "80") || (url.scheme == "https" && url.port == "443");
  bool ipv6 = url.host.find(':') != std::string::npos;
  std::string host = ipv6 ? "[" + url.host + "]" : url.host;
  out.set(bhttp::field::host, default_port ? host : host + ":" + url.port);
  for (const auto& [name, value] : request.headers) out.set(name, value);
  out.keep_alive(false);
  out.body() = request.body;
  out.prepare_payload();
  return out;
}

template <class Stream>
Awaitable<ClientResponse> exchange(Stream& stream, bhttp::request<bhttp::string_body>& request) {
  ClientResponse out;
  Error ec;
  co_await bhttp::async_write(stream, request, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    out.error = "write: " + ec.message();
    co_return out;
  }
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(kResponseBodyLimit);
  co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
  if (ec && !parser.is_header_done()) {
    out.error = "read: " + ec.message();
    co_return out;
  }
  out.status = static_cast<int>(parser.get().result_int());
  out.body = parser.get().body();
  co_return out;
}

Awaitable<std::optional<tcp::resolver::results_type>> resolve(const Url& url, std::string& error) {
  auto executor = co_await asio::this_coro::executor;
  Error ec;
  tcp::resolver resolver(executor);
  auto results = co_await resolver.async_resolve(url.host, url.port,
                                                 asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    error = "resolve " + url.host + ": " + ec.message();
    co_return std::nullopt;
  }
  co_return results;
}

}  // namespace

std::optional<Url> Url::parse(std::string_view text) {
  Url url;
  auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  url.scheme = std::string(text.substr(0, scheme_end));
  for (auto& c : url.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (url.scheme != "http" && url.scheme != "https") return std::nullopt;
  std::string_view rest = text.substr(scheme_end + 3);
  auto path_start = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, path_start);
  std::string_view target =
      path_start == std::string_view::npos ? std::string_view("/") : rest.substr(path_start);
  if (auto hash = target.find('#'); hash != std::string_view::npos) target = target.substr(0, hash);
  url.target =
      target.empty() || target.front() != '/' ? "/" + std::string(target) : std::string(target);
  if (auto at = authority.rfind('@'); at != std::string_view::npos)
    authority = authority.substr(at + 1);
  url.port = url.scheme == "https" ? "443" : "80";
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    url.host = std::string(authority.substr(1, close - 1));
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return std::nullopt;
      url.port = std::string(authority.substr(close + 2));
    }
  } else {
    auto colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) url.port = std::string(authority.substr(colon + 1));
  }
  if (url.host.empty() || url.port.empty()) return std::nullopt;
  for (char c : url.port)
    if (c < '0' || c > '9') return std::nullopt;
  return url;
}

Awaitable<ClientResponse> send(ClientRequest request) {
  ClientResponse out;
  auto url = Url::parse(request.url);
  if (!url) {
    out.error = "not an http(s) URL: " + request.url;
    co_return out;
  }
  auto executor = co_await asio::this_coro::executor;
  auto results = co_await resolve(*url, out.error);
  if (!results) co_return out;

  beast::tcp_stream stream(executor);
  stream.expires_after(request.timeout);
  Error ec;
  co_await stream.async_connect(*results, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    out.error = "connect " + url->host + ":" + url->port + ": " + ec.message();
    co_return out;
  }
  auto message = build(request, *url);
  if (url->scheme == "http") {
    out = co_await exchange(stream, message);
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    co_return out;
  }

  beast::ssl_stream<beast::tcp_stream> tls(std::move(stream), tls_context());
  SSL_set_tlsext_host_name(tls.native_handle(), url->host.c_str());
  co_await tls.async_handshake(ssl::stream_base::client,
                               asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    out.error = "tls handshake: " + ec.message();
    co_return out;
  }
  out = co_await exchange(tls, message);
  beast::get_lowest_layer(tls).expires_after(std::chrono::seconds(1));
  co_await tls.async_shutdown(asio::redirect_error(asio::use_awaitable, ec));
  co_return out;
}

}  // namespace eddy::net
