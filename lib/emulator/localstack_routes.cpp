#include "emulator/localstack_routes.hpp"

#include "eddy/version.hpp"

namespace eddy {
namespace {

constexpr std::string_view kLocalStackPrefix = "/_localstack/";

protocol::HttpResponse localstack_json(int status, const json& body, bool head) {
  protocol::HttpResponse response;
  response.status = status;
  response.content_type = "application/json";
  // HEAD is answered as GET without the body (LocalStack's health check is often a HEAD).
  if (!head) response.body = body.dump();
  return response;
}

json localstack_health(const ServiceRegistry& services) {
  json running = json::object();
  for (const auto& service : services.all())
    running[std::string(service->description().name)] = "running";
  return {
      {"services", std::move(running)}, {"edition", "eddy"}, {"version", std::string(version())}};
}

}  // namespace

std::optional<protocol::HttpResponse> answer_localstack_route(const protocol::HttpRequest& request,
                                                              const ServiceRegistry& services,
                                                              const InitHooks& init_hooks) {
  std::string_view path = request.path();
  if (!path.starts_with(kLocalStackPrefix)) return std::nullopt;
  std::string_view route = path.substr(kLocalStackPrefix.size());
  if (!route.empty() && route.back() == '/') route.remove_suffix(1);
  bool head = request.method == "HEAD";
  if (request.method != "GET" && !head)
    return localstack_json(405, {{"message", "This route takes GET or HEAD."}}, false);

  if (route == "health") return localstack_json(200, localstack_health(services), head);
  if (route == "init") return localstack_json(200, init_hooks.localstack_stages(), head);
  if (route.starts_with("init/")) {
    if (auto stage = init_hooks.localstack_stage(route.substr(5)))
      return localstack_json(200, *stage, head);
  }
  return localstack_json(404, {{"message", "No such LocalStack route in Eddy."}}, head);
}

}  // namespace eddy
