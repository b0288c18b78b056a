#pragma once
// Dead-letter configuration: the RedrivePolicy a source queue names its DLQ with, and the
// RedriveAllowPolicy a DLQ chooses its sources with.
#include <string>

#include "services/sqs/queue.hpp"

namespace eddy::services::sqs::redrive {

// Checks a RedrivePolicy document's shape and returns it in AWS's form:
// {"deadLetterTargetArn":"arn:...","maxReceiveCount":5}. Throws InvalidParameterValue.
std::string normalize_redrive_policy(const std::string& raw);
RedrivePolicy parse_redrive_policy(const std::string& normalized);

// Checks a RedriveAllowPolicy document ({"redrivePermission":"byQueue","sourceQueueArns":[...]})
// and returns it compact. Throws InvalidAttributeValue.
std::string normalize_redrive_allow_policy(const std::string& raw);

// Whether the DLQ `target` lets `source_arn` send it dead letters.
bool allows_source(const Queue& target, const std::string& source_arn);

// The checks that need the target queue: it exists, has the source's type and accepts it.
void check_target(const std::string& policy, const std::string& source_arn, bool source_fifo,
                  const QueuePtr& target);

}  // namespace eddy::services::sqs::redrive
