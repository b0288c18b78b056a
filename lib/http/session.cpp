#include "http/session.hpp"

#include <fmt/format.h>

#include <chrono>

#include "eddy/log.hpp"
#include "http/listener.hpp"
#include "protocol/codec.hpp"

namespace eddy {
namespace beast = boost::beast;
namespace http = beast::http;

Session::Session(Listener& listener, asio::ip::tcp::socket socket)
    : listener_(listener), stream_(std::move(socket)) {}

void Session::close_if_idle() {
  asio::post(stream_.get_executor(), [self = shared_from_this()] {
    if (!self->busy_) self->stream_.cancel();
  });
}

Awaitable<void> Session::run() {
  auto self = shared_from_this();
  struct Unregister {
    Session* session;
    ~Unregister() { session->listener_.remove(session); }
  } unregister{this};

  const ServerConfig& config = listener_.config();
  beast::flat_buffer buffer;
  while (!listener_.stopping()) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(config.body_limit);
    parser.header_limit(64 * 1024);
    boost::system::error_code ec;
    stream_.expires_after(std::chrono::seconds(config.idle_timeout_seconds));
    co_await http::async_read_header(stream_, buffer, parser,
                                     asio::redirect_error(asio::use_awaitable, ec));
    if (ec == http::error::body_limit) {
      // Content-Length alone already says the body is too large: refuse before reading it.
      auto response = error_response(parser.get().version(), 413, "RequestEntityTooLarge",
                                     "The request body is larger than Eddy accepts.");
      co_await http::async_write(stream_, response, asio::redirect_error(asio::use_awaitable, ec));
      break;
    }
    if (ec) break;  // closed, idle timeout, stop(), or garbage: nothing to answer
    busy_ = true;
    auto& header = parser.get();
    if (beast::iequals(header[http::field::expect], "100-continue") && !parser.is_done()) {
      http::response<http::empty_body> proceed{http::status::continue_, header.version()};
      co_await http::async_write(stream_, proceed, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) break;
    }
    if (!parser.is_done()) {
      co_await http::async_read(stream_, buffer, parser,
                                asio::redirect_error(asio::use_awaitable, ec));
    }
    if (ec == http::error::body_limit) {
      auto response = error_response(header.version(), 413, "RequestEntityTooLarge",
                                     "The request body is larger than Eddy accepts.");
      co_await http::async_write(stream_, response, asio::redirect_error(asio::use_awaitable, ec));
      break;
    }
    if (ec) break;
    stream_.expires_never();

    Request request = parser.release();
    Response response = co_await handle(request);
    bool keep_alive = response.keep_alive() && !listener_.stopping();
    co_await http::async_write(stream_, response, asio::redirect_error(asio::use_awaitable, ec));
    busy_ = false;
    if (ec || !keep_alive) break;
  }
  boost::system::error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  stream_.close();
}

Session::Response Session::error_response(unsigned version, int status, std::string_view code,
                                          std::string_view message) {
  Response response{static_cast<http::status>(status), version};
  response.set(http::field::server, "eddy");
  response.set(http::field::content_type, "application/json");
  response.body() = json{{"__type", code}, {"message", message}}.dump();
  response.keep_alive(false);
  response.prepare_payload();
  return response;
}

Awaitable<Session::Response> Session::handle(Request& request) {
  auto started = std::chrono::steady_clock::now();
  protocol::HttpRequest view;
  view.method = request.method_string();
  view.target = request.target();
  view.body = request.body();
  for (const auto& field : request) view.headers.emplace_back(field.name_string(), field.value());

  EmulatorCore& core = listener_.core();
  protocol::HttpResponse out;
  protocol::DecodedRequest decoded;
  bool admin = view.target.starts_with("/_eddy/") || view.target.starts_with("/moto-api/");
  if (admin) {
    auto routed = core.admin(view);
    if (routed) {
      out = std::move(*routed);
    } else {
      out.status = 404;
      out.content_type = "application/json";
      out.body = R"({"message":"No such Eddy admin route."})";
    }
  } else {
    std::optional<AwsError> failure;
    try {
      protocol::decode(view, core.directory(), decoded);
      core.identify(decoded.call);
    } catch (const AwsError& e) {
      failure = e;
    }
    if (!failure) {
      try {
        json output = co_await core.dispatch(decoded.call);
        out = protocol::encode_result(decoded, output);
      } catch (const AwsError& e) {
        failure = e;
      } catch (const std::exception& e) {
        log::write(log::Level::error, fmt::format("{} {} failed: {}", decoded.call.service,
                                                  decoded.call.operation, e.what()));
        failure = AwsError("InternalFailure", "The request processing has failed.", 500, false);
      }
    }
    if (failure) out = protocol::encode_error(decoded, *failure);
  }

  Response response{static_cast<http::status>(out.status), request.version()};
  response.set(http::field::server, "eddy");
  if (!out.content_type.empty()) response.set(http::field::content_type, out.content_type);
  for (const auto& [name, value] : out.headers) response.set(name, value);
  response.keep_alive(request.keep_alive());
  response.body() = std::move(out.body);
  response.prepare_payload();

  if (listener_.config().log_requests && log::enabled(log::Level::info)) {
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    log::write(log::Level::info,
               admin ? fmt::format("admin {} {} {:.3f}ms", view.path(), out.status, ms)
                     : fmt::format("{} {} {} {:.3f}ms {}",
                                   decoded.call.service.empty() ? "-" : decoded.call.service,
                                   decoded.call.operation.empty() ? "-" : decoded.call.operation,
                                   out.status, ms, decoded.call.request_id));
  }
  co_return response;
}

}  // namespace eddy
