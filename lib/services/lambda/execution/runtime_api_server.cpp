#include "services/lambda/execution/runtime_api_server.hpp"

#include <optional>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace eddy::services::lambda {
namespace {

namespace http = boost::beast::http;
using ApiServerError = boost::system::error_code;

constexpr std::string_view kRuntimeApiPrefix = "/2018-06-01/runtime/";

struct InvocationRoute {
  std::string_view request_id;
  std::string_view action;  // "response" or "error"
};

// "invocation/{id}/response" or ".../error" (the part after kRuntimeApiPrefix).
std::optional<InvocationRoute> invocation_route(std::string_view rest) {
  constexpr std::string_view kInvocation = "invocation/";
  if (!rest.starts_with(kInvocation)) return std::nullopt;
  rest.remove_prefix(kInvocation.size());
  std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  std::string_view action = rest.substr(slash + 1);
  if (action != "response" && action != "error") return std::nullopt;
  return InvocationRoute{rest.substr(0, slash), action};
}

std::string_view runtime_api_path(std::string_view target) {
  return target.substr(0, target.find('?'));
}

RuntimeApiAnswer plain_text_answer(unsigned status, std::string body) {
  RuntimeApiAnswer answer{status, std::move(body), {}};
  answer.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  return answer;
}

Awaitable<RuntimeApiAnswer> route_runtime_api(RuntimeApiHandler& handler,
                                              const http::request<http::string_body>& request) {
  std::string_view path = runtime_api_path(request.target());
  if (!path.starts_with(kRuntimeApiPrefix))
    co_return plain_text_answer(404, "404 page not found\n");
  std::string_view rest = path.substr(kRuntimeApiPrefix.size());
  bool is_get = request.method() == http::verb::get;
  bool is_post = request.method() == http::verb::post;
  std::string_view error_type = request["Lambda-Runtime-Function-Error-Type"];
  if (rest == "invocation/next") {
    if (!is_get) co_return plain_text_answer(405, "");
    co_return co_await handler.next_invocation();
  }
  if (rest == "init/error") {
    if (!is_post) co_return plain_text_answer(405, "");
    co_return handler.init_error(error_type, request.body());
  }
  if (auto invocation = invocation_route(rest)) {
    if (!is_post) co_return plain_text_answer(405, "");
    if (invocation->action == "response")
      co_return handler.invocation_response(invocation->request_id, request.body());
    co_return handler.invocation_error(invocation->request_id, error_type, request.body());
  }
  co_return plain_text_answer(404, "404 page not found\n");
}

}  // namespace

RuntimeApiServer::RuntimeApiServer(asio::any_io_executor executor,
                                   std::weak_ptr<RuntimeApiHandler> handler)
    : io_executor_(executor),
      executor_(asio::make_strand(executor)),
      acceptor_(executor_),
      handler_(std::move(handler)) {
  asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
  acceptor_.open(endpoint.protocol());
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  port_ = acceptor_.local_endpoint().port();
}

void RuntimeApiServer::start() {
  asio::co_spawn(executor_, accept_loop(), asio::detached);
}

void RuntimeApiServer::close() {
  std::unordered_set<std::shared_ptr<Socket>> connections;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    closed_ = true;
    connections.swap(connections_);
  }
  asio::post(executor_, [self = shared_from_this()] {
    ApiServerError ignored;
    self->acceptor_.close(ignored);
  });
  // Each socket is closed on its own strand, where its reads and writes run.
  for (const auto& socket : connections)
    asio::post(socket->get_executor(), [socket] {
      ApiServerError ignored;
      socket->shutdown(Socket::shutdown_both, ignored);
      socket->close(ignored);
    });
}

void RuntimeApiServer::forget(const std::shared_ptr<Socket>& socket) {
  std::lock_guard lock(mutex_);
  connections_.erase(socket);
}

Awaitable<void> RuntimeApiServer::accept_loop() {
  auto self = shared_from_this();
  for (;;) {
    ApiServerError ec;
    auto socket = std::make_shared<Socket>(co_await acceptor_.async_accept(
        asio::make_strand(io_executor_), asio::redirect_error(asio::use_awaitable, ec)));
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
      continue;  // a connection reset before it was taken
    }
    {
      std::lock_guard lock(mutex_);
      if (closed_) co_return;
      connections_.insert(socket);
    }
    socket->set_option(asio::ip::tcp::no_delay(true), ec);
    asio::co_spawn(socket->get_executor(), serve(socket), asio::detached);
  }
}

Awaitable<void> RuntimeApiServer::serve(std::shared_ptr<Socket> socket) {
  auto self = shared_from_this();
  boost::beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(kMaxPayloadBytes);
    ApiServerError ec;
    co_await http::async_read(*socket, buffer, parser,
                              asio::redirect_error(asio::use_awaitable, ec));
    bool too_large = ec == http::error::body_limit;
    if (ec && !too_large) break;
    auto handler = handler_.lock();
    if (!handler) break;
    const auto& request = parser.get();
    RuntimeApiAnswer answer;
    if (too_large) {
      auto invocation =
          invocation_route(runtime_api_path(request.target())
                               .substr(std::min(kRuntimeApiPrefix.size(),
                                                runtime_api_path(request.target()).size())));
      answer = handler->payload_too_large(invocation ? invocation->request_id : "");
    } else {
      answer = co_await route_runtime_api(*handler, request);
    }
    handler.reset();

    http::response<http::string_body> response{static_cast<http::status>(answer.status),
                                               request.version()};
    bool has_content_type = false;
    for (auto& [name, value] : answer.headers) {
      has_content_type = has_content_type || boost::beast::iequals(name, "Content-Type");
      response.set(name, value);
    }
    if (!has_content_type) response.set(http::field::content_type, "application/json");
    response.body() = std::move(answer.body);
    bool keep_alive = !too_large && request.keep_alive();
    response.keep_alive(keep_alive);
    response.prepare_payload();
    co_await http::async_write(*socket, response, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !keep_alive) break;
  }
  ApiServerError ignored;
  socket->shutdown(Socket::shutdown_both, ignored);
  socket->close(ignored);
  forget(socket);
}

}  // namespace eddy::services::lambda
