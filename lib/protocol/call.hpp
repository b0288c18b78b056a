#pragma once
// One decoded AWS request, protocol-free: what a service sees. How it arrived (JSON, query, REST;
// the path, the headers) stays in the protocol layer's DecodedRequest.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "eddy/json.hpp"
#include "protocol/form.hpp"

namespace eddy::protocol {

class EventStream;

struct Call {
  std::string service;    // "sqs", "sns" ...
  std::string operation;  // "SendMessage"
  json input = json::object();
  // For an operation its service lists in ServiceDescription::json_text_operations, arriving over
  // the JSON protocol (not CBOR, query or REST): the request body, left unparsed for the operation
  // to read itself, and `input` left empty. A hot operation can then read its few members straight
  // from the text instead of building a json value and taking it apart (protocol/json_input.hpp
  // gives the value, and the errors, decode would have). Points into the request: valid while the
  // operation runs, copy what must outlive it. Unset for every other call, including calls made
  // in-process with a json input.
  std::optional<std::string_view> json_text;
  // The same for the query protocol: for an operation its service lists in
  // ServiceDescription::form_operations, the request's form fields (the body's, then the URL
  // query's, Action and Version among them, and the member a resource path gives added as decode
  // adds it), left unconverted, and `input` left empty. protocol/query_input.hpp's
  // query_fields_to_json gives the value decode would have made. Unset for every other call.
  std::optional<FormFields> query_fields;
  std::string access_key;  // from the SigV4 credential scope; the emulator maps it to `account`
  std::string account = "000000000000";
  std::string region = "us-east-1";
  std::string request_id;
  std::string host = "localhost:4566";  // the Host header: URLs handed out point back here
  // For an operation whose output is an event stream (ServiceDescription::event_stream_operations),
  // when the transport can stream (HTTP/2): where the operation sends its events after returning
  // its initial output (protocol/event_stream.hpp). Null otherwise.
  std::shared_ptr<EventStream> events;
  // The answer goes out as JSON text exactly as written: an operation may then return
  // protocol::preserialized_json and skip building a json value (other protocols parse it back).
  bool answers_json_text = false;
};

}  // namespace eddy::protocol
