#include "protocol/addressing.hpp"

#include "protocol/rest_routes.hpp"
#include "protocol/sigv4.hpp"

namespace eddy::protocol {

bool at_query_resource(const ServiceDescription& service, std::string_view path) {
  if (!service.query_resource_path) return false;
  // Any method: old clients both GET and POST there.
  RestRoute route{.method = "*", .path = service.query_resource_path->pattern, .operation = {}};
  return match_route(route, "*", path).has_value();
}

const ServiceDescription* query_service_named(const ServiceDirectory& services,
                                              std::string_view name) {
  const auto* service = services.by_name(name);
  return service && service->speaks_query() ? service : nullptr;
}

const ServiceDescription* query_service_by_host(const HttpRequest& head,
                                                const ServiceDirectory& services) {
  std::string_view host = head.header(CommonHeader::host);
  auto dot = host.find('.');
  return dot == std::string_view::npos ? nullptr
                                       : query_service_named(services, host.substr(0, dot));
}

const ServiceDescription* addressed_service(const HttpRequest& head,
                                            const ServiceDirectory& services) {
  if (auto target = head.header(CommonHeader::x_amz_target); !target.empty()) {
    auto dot = target.rfind('.');
    return dot == std::string_view::npos ? nullptr
                                         : services.by_target_prefix(target.substr(0, dot));
  }
  std::string decoded_credential;
  if (auto scope = credential_scope(head, decoded_credential)) {
    if (const auto* named = services.by_name(scope->service)) return named;
  }
  if (const auto* named = query_service_by_host(head, services)) return named;
  for (const ServiceDescription* service : services.all()) {
    if (at_query_resource(*service, head.path())) return service;
    for (const RestRoute& route : service->rest_routes)
      if (match_route(route, head.method, head.path())) return service;
  }
  return nullptr;
}

}  // namespace eddy::protocol
