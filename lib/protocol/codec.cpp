#include "protocol/codec.hpp"

#include <algorithm>

#include "core/ids.hpp"
#include "protocol/addressing.hpp"
#include "protocol/cbor.hpp"
#include "protocol/event_stream.hpp"
#include "protocol/event_stream_answer.hpp"
#include "protocol/form.hpp"
#include "protocol/json_input.hpp"
#include "protocol/preserialized_json.hpp"
#include "protocol/query_input.hpp"
#include "protocol/query_output.hpp"
#include "protocol/rest_routes.hpp"
#include "protocol/sigv4.hpp"

namespace eddy::protocol {
namespace {

AwsError unknown_operation(const DecodedRequest& out) {
  const std::string& operation = out.call.operation;
  if (out.protocol == Protocol::query)
    return AwsError("InvalidAction",
                    "The action " + operation + " is not valid for this endpoint.");
  return AwsError("UnknownOperationException", "Unknown operation " + operation + ".");
}

// nlohmann's serializer costs more than the text it writes for the common small answer, an object
// of strings (GetQueueUrl's QueueUrl, CreateQueue's, an ARN): that shape is written by hand, byte
// for byte as dump writes it, members in the object's order as dump takes them.
std::string json_answer_text(const json& output) {
  bool strings_only =
      output.is_object() &&
      std::all_of(output.begin(), output.end(), [](const json& v) { return v.is_string(); });
  if (!strings_only) return output.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string out;
  out.reserve(64);
  out += '{';
  for (auto it = output.begin(); it != output.end(); ++it) {
    if (it != output.begin()) out += ',';
    append_json_string(out, it.key(), json::error_handler_t::replace);
    out += ':';
    append_json_string(out, it->get_ref<const std::string&>(), json::error_handler_t::replace);
  }
  out += '}';
  return out;
}

void decode_json(const HttpRequest& request, std::string_view target,
                 const ServiceDirectory& services, DecodedRequest& out) {
  Call& call = out.call;
  std::string_view content_type = request.header(CommonHeader::content_type);
  out.protocol = content_type.starts_with(kCborContentType) ? Protocol::cbor : Protocol::json;
  if (content_type.starts_with("application/x-amz-json-1.1"))
    out.json_content_type = "application/x-amz-json-1.1";
  auto dot = target.rfind('.');
  call.operation.assign(dot == std::string_view::npos ? target : target.substr(dot + 1));
  out.service =
      dot == std::string_view::npos ? nullptr : services.by_target_prefix(target.substr(0, dot));
  if (!out.service) throw unknown_operation(out);
  call.service.assign(out.service->name);
  if (!out.service->operations.contains(call.operation)) throw unknown_operation(out);
  if (out.protocol == Protocol::cbor)
    call.input = cbor_to_service_json(request.body);
  else if (out.service->json_text_operations.contains(call.operation))
    call.json_text = request.body;
  else
    call.input = parse_json_input(request.body);
  if (request.can_stream && out.service->event_stream_operations.contains(call.operation))
    call.events = std::make_shared<EventStream>();
  call.answers_json_text = out.protocol == Protocol::json && !call.events;
}

// The service of a query request, decided as AWS's endpoints decide it: the SigV4 credential
// scope's service; else the Host's first label (sqs.localhost:4566); else a resource path the
// service claims (a queue URL); else the Action, only when a single service has it.
const ServiceDescription* query_service(const HttpRequest& request,
                                        const ServiceDirectory& services, const Call& call,
                                        std::string_view signing_name) {
  if (!signing_name.empty()) return query_service_named(services, signing_name);
  if (const auto* named = query_service_by_host(request, services)) return named;
  for (const auto* service : services.all())
    if (service->speaks_query() && at_query_resource(*service, request.path())) return service;
  return services.only_query_service_with(call.operation);
}

AwsError no_query_service(const ServiceDirectory& services, const DecodedRequest& out) {
  const Call& call = out.call;
  for (const auto* service : services.all())
    if (service->speaks_query() && service->operations.contains(call.operation))
      return AwsError("InvalidAction",
                      "The action " + call.operation +
                          " exists in several services: sign the request (SigV4 credential "
                          "scope) or address the service's host so Eddy knows which.");
  return unknown_operation(out);
}

// A query request posted to a resource's URL: the path names the resource, as a field the form
// adds when it gives no member of that name (nor one under it, Member.1...: the json value would
// then hold the member already).
void apply_resource_path(const HttpRequest& request, DecodedRequest& out, FormFields& fields) {
  const ServiceDescription& service = *out.service;
  if (!at_query_resource(service, request.path())) return;
  const QueryResourcePath& resource = *service.query_resource_path;
  if (resource.not_at_resource.contains(out.call.operation)) throw unknown_operation(out);
  std::string_view member = resource.member;
  bool given = std::any_of(fields.begin(), fields.end(), [&](const auto& field) {
    std::string_view name = field.first;
    return name.starts_with(member) && (name.size() == member.size() || name[member.size()] == '.');
  });
  if (!given) fields.emplace_back(std::string(member), std::string(request.path()));
}

void decode_rest(const HttpRequest& request, const ServiceDirectory& services,
                 const FormFields& query_fields, DecodedRequest& out) {
  Call& call = out.call;
  for (const ServiceDescription* service : services.all()) {
    for (const RestRoute& route : service->rest_routes) {
      auto labels = match_route(route, request.method, request.path());
      if (!labels) continue;
      out.protocol = Protocol::rest_json;
      call.service.assign(service->name);
      call.operation.assign(route.operation);
      out.service = service;
      out.route = &route;
      if (!route.raw_body_input.empty()) {
        call.input = json::object();
        call.input[std::string(route.raw_body_input)] = std::string(request.body);
      } else {
        call.input = parse_json_input(request.body);
      }
      // A repeated query parameter is a list (Lambda's UntagResource: tagKeys=a&tagKeys=b).
      for (const auto& [name, value] : query_fields) {
        auto it = call.input.find(name);
        if (it == call.input.end())
          call.input[name] = value;
        else if (it->is_array())
          it->push_back(value);
        else
          *it = json::array({*it, value});
      }
      for (const auto& [header, member] : route.header_inputs) {
        std::string_view value = request.header(header);
        if (!value.empty()) call.input[std::string(member)] = std::string(value);
      }
      for (auto& [label, value] : labels->items()) call.input[label] = value;
      return;
    }
  }
  throw AwsError("UnknownOperationException",
                 "No AWS operation matches " + std::string(request.method) + " " +
                     std::string(request.path()) + ".",
                 404);
}

void add_common_headers(const DecodedRequest& request, HttpResponse& response) {
  response.request_id = request.call.request_id;
}

// The JSON protocols' error: __type (namespaced as the service namespaces it) and message.
json json_error_body(const DecodedRequest& request, const AwsError& error) {
  std::string type = error.code();
  if (request.service && type.find('#') == std::string::npos)
    type = std::string(request.service->error_namespace) + type;
  json body = {{"__type", type}, {"message", error.message()}};
  if (error.details().is_object()) body.update(error.details());
  return body;
}

}  // namespace

const ServiceDescription* ServiceDirectory::by_name(std::string_view name) const {
  for (const auto* service : services_)
    if (service->name == name) return service;
  return nullptr;
}

const ServiceDescription* ServiceDirectory::by_target_prefix(std::string_view prefix) const {
  for (const auto* service : services_)
    if (!service->target_prefix.empty() && service->target_prefix == prefix) return service;
  return nullptr;
}

const ServiceDescription* ServiceDirectory::only_query_service_with(
    std::string_view operation) const {
  const ServiceDescription* found = nullptr;
  for (const auto* service : services_) {
    if (!service->speaks_query() || !service->operations.contains(operation)) continue;
    if (found) return nullptr;  // several services have it: the Action alone cannot decide
    found = service;
  }
  return found;
}

void decode(const HttpRequest& request, const ServiceDirectory& services, DecodedRequest& out) {
  Call& call = out.call;
  call.request_id = ids::uuid();
  if (auto host = request.header(CommonHeader::host); !host.empty()) call.host.assign(host);
  std::string decoded_credential;
  std::string_view signing_name;
  if (auto scope = credential_scope(request, decoded_credential)) {
    call.access_key = scope->access_key;
    call.region = scope->region;
    signing_name = scope->service;
  }

  if (auto target = request.header(CommonHeader::x_amz_target); !target.empty())
    return decode_json(request, target, services, out);

  bool is_form =
      request.header(CommonHeader::content_type).starts_with("application/x-www-form-urlencoded");
  if (is_form) out.protocol = Protocol::query;  // so even a malformed form is answered in XML
  FormFields fields;
  if (!parse_form(request.query_string(), fields))
    throw AwsError("MalformedQueryString", "The query string is not valid URL encoding.");
  FormFields body_fields;
  if (is_form) {
    if (!parse_form(request.body, body_fields))
      throw AwsError("MalformedQueryString", "The request body is not valid URL encoding.");
  }
  const std::string* action = nullptr;
  for (const auto* list : {&body_fields, &fields})
    for (const auto& [name, value] : *list)
      if (!action && std::string_view(name) == "Action") action = &value;

  if (!action) {
    if (!body_fields.empty()) throw AwsError("MissingAction", "Missing Action");
    return decode_rest(request, services, fields, out);
  }
  out.protocol = Protocol::query;
  call.operation = *action;
  out.service = query_service(request, services, call, signing_name);
  if (!out.service)
    throw signing_name.empty() ? no_query_service(services, out) : unknown_operation(out);
  call.service.assign(out.service->name);
  if (!out.service->operations.contains(call.operation)) throw unknown_operation(out);
  body_fields.insert(body_fields.end(), fields.begin(), fields.end());
  apply_resource_path(request, out, body_fields);
  if (out.service->form_operations.contains(call.operation))
    call.query_fields = std::move(body_fields);
  else
    call.input = query_fields_to_json(body_fields, *out.service);
}

HttpResponse encode_result(const DecodedRequest& request, const json& result) {
  HttpResponse response;
  if (request.call.answers_json_text && is_preserialized_json(result)) {
    add_common_headers(request, response);
    response.content_type = request.json_content_type;
    response.body = preserialized_text(result);
    return response;
  }
  // A flat answer of strings (SendMessage's) goes into XML straight from its text.
  if (request.protocol == Protocol::query && is_preserialized_json(result)) {
    if (auto xml = flat_result_xml(*request.service, request.call.operation,
                                   preserialized_text(result), request.call.request_id)) {
      add_common_headers(request, response);
      response.content_type = "text/xml";
      response.body = std::move(*xml);
      return response;
    }
  }
  // Other protocols shape the value: a preserialized output is parsed back (not copied otherwise).
  json parsed;
  if (is_preserialized_json(result)) parsed = json::parse(preserialized_text(result));
  const json& output = parsed.is_null() ? result : parsed;
  if (request.call.events) return event_stream_answer(request, output);
  add_common_headers(request, response);
  switch (request.protocol) {
    case Protocol::json:
      response.content_type = request.json_content_type;
      response.body = json_answer_text(output);
      break;
    case Protocol::cbor:
      response.content_type = kCborContentType;
      response.body = service_json_to_cbor(output, request.service);
      break;
    case Protocol::query:
      response.content_type = "text/xml";
      response.body = query_result_xml(*request.service, request.call.operation, output,
                                       request.call.request_id);
      break;
    case Protocol::rest_json: {
      const RestRoute& route = *request.route;
      response.status = route.success_status;
      json body = output;
      if (!route.status_output.empty() && body.contains(route.status_output)) {
        response.status = body[std::string(route.status_output)].get<int>();
        body.erase(std::string(route.status_output));
      }
      for (const auto& [member, header] : route.header_outputs) {
        auto it = body.find(member);
        if (it == body.end()) continue;
        response.headers.emplace_back(std::string(header),
                                      it->is_string() ? it->get<std::string>() : it->dump());
        body.erase(it);
      }
      if (!route.raw_body_output.empty()) {
        auto it = body.find(route.raw_body_output);
        response.content_type = "application/json";
        if (it != body.end() && it->is_string()) response.body = it->get<std::string>();
      } else if (response.status != 204) {
        response.content_type = "application/json";
        response.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
      }
      break;
    }
  }
  return response;
}

HttpResponse encode_error(const DecodedRequest& request, const AwsError& error) {
  HttpResponse response;
  response.status = error.http_status();
  add_common_headers(request, response);
  const ServiceDescription* service = request.service;
  switch (request.protocol) {
    case Protocol::json:
    case Protocol::cbor: {
      json body = json_error_body(request, error);
      if (request.protocol == Protocol::cbor) {
        response.content_type = kCborContentType;
        response.body = service_json_to_cbor(body, service);
      } else {
        response.content_type = request.json_content_type;
        response.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
      }
      if (service && service->query_compatible) {
        response.headers.emplace_back(
            "x-amzn-query-error",
            error.query_code() + (error.sender_fault() ? ";Sender" : ";Receiver"));
      }
      break;
    }
    case Protocol::query:
      response.content_type = "text/xml";
      response.body = query_error_xml(service ? service->xml_namespace : std::string_view{}, error,
                                      request.call.request_id);
      break;
    case Protocol::rest_json: {
      response.content_type = "application/json";
      response.headers.emplace_back("x-amzn-ErrorType", error.code());
      json body = {{"Type", error.sender_fault() ? "User" : "Service"},
                   {"message", error.message()}};
      // Lambda's TooManyRequestsException carries its Reason.
      if (error.details().is_object()) body.update(error.details());
      response.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
      break;
    }
  }
  return response;
}

}  // namespace eddy::protocol
