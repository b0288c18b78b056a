#include "protocol/addressing.hpp"

#include "protocol/rest_routes.hpp"
#include "protocol/sigv4.hpp"

namespace eddy::protocol {
namespace {

bool is_queue_url_path(std::string_view path) {
  if (path.size() <= 14 || path[0] != '/' || path[13] != '/') return false;
  for (char c : path.substr(1, 12))
    if (c < '0' || c > '9') return false;
  return path.find('/', 14) == std::string_view::npos;
}

}  // namespace

const ServiceDescription* addressed_service(const HttpRequest& head,
                                            const ServiceDirectory& services) {
  if (auto target = head.header("X-Amz-Target"); !target.empty()) {
    auto dot = target.rfind('.');
    return dot == std::string_view::npos ? nullptr
                                         : services.by_target_prefix(target.substr(0, dot));
  }
  if (auto scope = credential_scope(head)) {
    if (const auto* named = services.by_name(scope->service)) return named;
  }
  for (const ServiceDescription* service : services.all())
    for (const RestRoute& route : service->rest_routes)
      if (match_route(route, head.method, head.path())) return service;
  if (is_queue_url_path(head.path())) return services.by_name("sqs");
  return nullptr;
}

}  // namespace eddy::protocol
