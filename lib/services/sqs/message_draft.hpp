#pragma once
// A message on its way into a queue: checked once on its own (body, attributes, ids), then
// against the queue it goes to (size limit, FIFO rules), with its digests computed.
#include <cstdint>
#include <optional>
#include <string>

#include "eddy/json.hpp"
#include "services/sqs/queue.hpp"

namespace eddy::services::sqs {

struct SendMessageText;

struct MessageDraft {
  std::string body;
  std::string body_md5;
  std::string attributes_json;  // the checked user attributes as stored; empty when there are none
  std::string attributes_md5;
  std::size_t attributes_size = 0;
  std::string trace_header;  // the AWSTraceHeader system attribute, if sent
  std::string system_md5;    // MD5OfMessageSystemAttributes, if any were sent
  std::optional<std::int64_t> delay_seconds;
  std::optional<std::string> group_id;
  std::optional<std::string> dedup_id;
  std::string sender_id;

  // From a SendMessage request or a SendMessageBatch entry. Throws MissingParameter,
  // InvalidMessageContents, InvalidParameterValue.
  static MessageDraft from_request(const json& input, std::string sender_id);
  // From a SendMessage request read from its JSON text: the same checks in the same order, the
  // same draft. Takes the request's strings.
  static MessageDraft from_text(SendMessageText& request, std::string sender_id);
  // From a message another service hands over (SNS): the same checks.
  static MessageDraft from_parts(std::string body, const json& attributes,
                                 std::optional<std::string> group_id,
                                 std::optional<std::string> dedup_id, std::string sender_id);

  // The checks that depend on the queue: size, FIFO group and deduplication rules, delays. Fills
  // in a content-based deduplication id.
  void check_for(const Queue& queue);
  std::size_t size() const { return body.size() + attributes_size; }
};

}  // namespace eddy::services::sqs
