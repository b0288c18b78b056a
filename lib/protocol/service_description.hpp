#pragma once
// What the protocol layer needs to know about a service to decode its requests and encode its
// answers. Each service fills one in, next to its code; the protocol layer knows no service.
#include <cstddef>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace eddy::protocol {

// How a query-protocol parameter that is a list or map maps onto the JSON input member.
// Query lists and maps come flattened (SQS: Attribute.1.Name / Attribute.1.Value) or wrapped
// (SNS: Attributes.entry.1.key / Attributes.entry.1.value, Tags.member.1.Key).
enum class QueryInputKind { list, map };
struct QueryInputRule {
  std::string_view query_name;  // "Attribute"
  std::string_view json_name;   // "Attributes"
  QueryInputKind kind;
  std::string_view key_name = "Name";  // maps only
  std::string_view value_name = "Value";
};

// The members whose modelled type is not a string: the query protocol sends every scalar as text,
// and the query reader turns these into JSON numbers and booleans, so a service reads the same
// typed input whichever protocol a request came by. Text that does not parse stays text, for the
// service to reject as it rejects any ill-typed value.
enum class QueryScalar { integer, boolean };

// How a JSON output member is written in a query-protocol XML answer. Without a rule, objects
// are structures and arrays are wrapped lists of <member>.
enum class XmlShape { wrapped_list, flattened_list, wrapped_map, flattened_map };
struct XmlOutputRule {
  std::string_view operation;  // empty: every operation
  std::string_view json_name;
  XmlShape shape;
  std::string_view element;  // flattened: the repeated element; wrapped: the item element
  std::string_view key_name = "key";
  std::string_view value_name = "value";
};

// A REST-JSON route (Lambda): method and path template with {Label} and greedy {Label+}.
struct RestRoute {
  std::string_view method;
  std::string_view path;
  std::string_view operation;
  int success_status = 200;
  // Request headers copied into input members: {header, member}.
  std::vector<std::pair<std::string_view, std::string_view>> header_inputs = {};
  // When set, the raw request body goes into this member instead of being parsed as JSON.
  std::string_view raw_body_input = {};
  // Output members sent as response headers: {member, header}.
  std::vector<std::pair<std::string_view, std::string_view>> header_outputs = {};
  // When set, this output member is the raw response body.
  std::string_view raw_body_output = {};
  // When set, this output member (an integer) is the response status.
  std::string_view status_output = {};
};

// Query requests may be posted to a resource's own URL instead of "/": old SQS clients post to the
// queue URL, /<account>/<queue>. A path matching `pattern` names the service, and gives `member`
// the path as its value when the request has none; operations in `not_at_resource` are refused
// there, as AWS refuses them ("The action CreateQueue is not valid for this endpoint.").
struct QueryResourcePath {
  std::string_view pattern;  // a RestRoute path template: "/{AccountId}/{QueueName}"
  std::string_view member;   // "QueueUrl"
  std::unordered_set<std::string_view> not_at_resource = {};
};

struct ServiceDescription {
  std::string_view name = {};           // "sqs": the SigV4 signing name and Call::service
  std::string_view target_prefix = {};  // X-Amz-Target prefix: "AmazonSQS"; empty if none
  std::string_view json_version = "1.0";
  std::string_view error_namespace = {};  // JSON __type prefix: "com.amazonaws.sqs#"
  bool query_compatible = false;          // send x-amzn-query-error with JSON errors
  std::string_view xml_namespace =
      {};  // query protocol: "http://queue.amazonaws.com/doc/2012-11-05/"
  std::vector<QueryInputRule> query_input = {};
  std::unordered_map<std::string_view, QueryScalar> query_scalars = {};
  std::vector<XmlOutputRule> xml_output = {};
  // Query protocol: operations whose answer carries an <OpResult/> element even when it is
  // empty. AWS writes one when the output shape has a result wrapper (IAM UpdateRole), and
  // botocore fails to parse an answer without it.
  std::unordered_set<std::string_view> empty_result_operations = {};
  std::vector<RestRoute> rest_routes = {};
  std::optional<QueryResourcePath> query_resource_path = {};
  std::unordered_set<std::string_view> operations = {};
  // The CBOR protocol (application/x-amz-cbor-1.1) carries blobs as byte strings and timestamps
  // as tag-1 epoch milliseconds, where JSON carries base64 text and epoch seconds. These name the
  // members, anywhere in the input or output tree, that are blobs and timestamps (Kinesis: Data;
  // ApproximateArrivalTimestamp, StreamCreationTimestamp ...), so a service sees the same JSON
  // whichever of the two a request came in.
  std::unordered_set<std::string_view> cbor_blob_members = {};
  std::unordered_set<std::string_view> cbor_timestamp_members = {};
  // Operations whose output is an event stream (Kinesis SubscribeToShard): answered over HTTP/2,
  // where the Call carries the EventStream the operation sends its events to.
  std::unordered_set<std::string_view> event_stream_operations = {};
  // Operations that read a JSON-protocol request body themselves, from Call::json_text.
  std::unordered_set<std::string_view> json_text_operations = {};
  // Operations that read a query-protocol request's form fields themselves, from
  // Call::query_fields.
  std::unordered_set<std::string_view> form_operations = {};
  // The largest request body this service accepts: the listener answers 413 beyond it, counting
  // chunked bodies as they arrive, so a runaway upload costs this much memory and no more. Set it
  // to the service's largest legal request after encoding (URL-encoding can triple a query-
  // protocol body; base64 adds a third): DynamoDB's BatchWriteItem is 16 MB, Kinesis's PutRecords
  // 5 MiB before base64, Lambda's function code 50 MB zipped before base64.
  std::size_t max_request_bytes = 2 * 1024 * 1024;

  // Query-protocol services answer in XML, so they have a namespace.
  bool speaks_query() const { return !xml_namespace.empty(); }
  const QueryInputRule* query_rule(std::string_view query_name) const {
    for (const auto& rule : query_input)
      if (rule.query_name == query_name) return &rule;
    return nullptr;
  }
  const XmlOutputRule* xml_rule(std::string_view operation, std::string_view json_name) const {
    const XmlOutputRule* fallback = nullptr;
    for (const auto& rule : xml_output) {
      if (rule.json_name != json_name) continue;
      if (rule.operation == operation) return &rule;
      if (rule.operation.empty()) fallback = &rule;
    }
    return fallback;
  }
};

}  // namespace eddy::protocol
