#pragma once
// What the SQS request readers' tests compare: a MessageDraft's fields, or the error making it
// threw. A draft read from text or from a form must equal the one the json path makes.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "eddy/aws_error.hpp"
#include "services/sqs/message_draft.hpp"

namespace eddy::services::sqs::test_support {

struct DraftOutcome {
  std::string error;
  std::string body, body_md5, attributes_json, attributes_md5, trace_header, system_md5;
  std::size_t attributes_size = 0;
  std::optional<std::int64_t> delay_seconds;
  std::optional<std::string> group_id, dedup_id;

  bool operator==(const DraftOutcome&) const = default;
};

template <class Make>
DraftOutcome outcome_of(Make make) {
  DraftOutcome out;
  try {
    MessageDraft draft = make();
    out.body = draft.body;
    out.body_md5 = draft.body_md5;
    out.attributes_json = draft.attributes_json;
    out.attributes_md5 = draft.attributes_md5;
    out.attributes_size = draft.attributes_size;
    out.trace_header = draft.trace_header;
    out.system_md5 = draft.system_md5;
    out.delay_seconds = draft.delay_seconds;
    out.group_id = draft.group_id;
    out.dedup_id = draft.dedup_id;
  } catch (const AwsError& error) {
    out.error = error.code() + ": " + error.message();
  }
  return out;
}

}  // namespace eddy::services::sqs::test_support
