#include "services/sqs/sqs_description.hpp"

namespace eddy::services::sqs {

protocol::ServiceDescription make_description(std::unordered_set<std::string_view> operations) {
  using protocol::QueryInputKind;
  using protocol::XmlShape;
  return protocol::ServiceDescription{
      .name = "sqs",
      .target_prefix = "AmazonSQS",
      .error_namespace = "com.amazonaws.sqs#",
      .query_compatible = true,
      .xml_namespace = "http://queue.amazonaws.com/doc/2012-11-05/",
      // Query requests flatten lists and maps: Attribute.1.Name=..&Attribute.1.Value=..
      .query_input =
          {
              {"Attribute", "Attributes", QueryInputKind::map},
              {"AttributeName", "AttributeNames", QueryInputKind::list},
              {"MessageAttribute", "MessageAttributes", QueryInputKind::map},
              {"MessageSystemAttribute", "MessageSystemAttributes", QueryInputKind::map},
              {"MessageAttributeName", "MessageAttributeNames", QueryInputKind::list},
              {"MessageSystemAttributeName", "MessageSystemAttributeNames", QueryInputKind::list},
              {"SendMessageBatchRequestEntry", "Entries", QueryInputKind::list},
              {"DeleteMessageBatchRequestEntry", "Entries", QueryInputKind::list},
              {"ChangeMessageVisibilityBatchRequestEntry", "Entries", QueryInputKind::list},
              {"Tag", "Tags", QueryInputKind::map, "Key", "Value"},
              {"TagKey", "TagKeys", QueryInputKind::list},
              {"AWSAccountId", "AWSAccountIds", QueryInputKind::list},
              {"ActionName", "Actions", QueryInputKind::list},
              {"StringListValue", "StringListValues", QueryInputKind::list},
              {"BinaryListValue", "BinaryListValues", QueryInputKind::list},
          },
      .query_scalars =
          {
              {"DelaySeconds", protocol::QueryScalar::integer},
              {"MaxNumberOfMessages", protocol::QueryScalar::integer},
              {"MaxNumberOfMessagesPerSecond", protocol::QueryScalar::integer},
              {"MaxResults", protocol::QueryScalar::integer},
              {"VisibilityTimeout", protocol::QueryScalar::integer},
              {"WaitTimeSeconds", protocol::QueryScalar::integer},
          },
      // ...and so do their answers: <QueueUrl>..</QueueUrl><QueueUrl>..</QueueUrl>.
      .xml_output =
          {
              {"", "QueueUrls", XmlShape::flattened_list, "QueueUrl"},
              {"", "queueUrls", XmlShape::flattened_list, "QueueUrl"},
              {"", "Attributes", XmlShape::flattened_map, "Attribute", "Name", "Value"},
              {"", "MessageAttributes", XmlShape::flattened_map, "MessageAttribute", "Name",
               "Value"},
              {"", "Tags", XmlShape::flattened_map, "Tag", "Key", "Value"},
              {"", "Messages", XmlShape::flattened_list, "Message"},
              {"", "Failed", XmlShape::flattened_list, "BatchResultErrorEntry"},
              {"SendMessageBatch", "Successful", XmlShape::flattened_list,
               "SendMessageBatchResultEntry"},
              {"DeleteMessageBatch", "Successful", XmlShape::flattened_list,
               "DeleteMessageBatchResultEntry"},
              {"ChangeMessageVisibilityBatch", "Successful", XmlShape::flattened_list,
               "ChangeMessageVisibilityBatchResultEntry"},
              {"", "Results", XmlShape::flattened_list, "ListMessageMoveTasksResultEntry"},
          },
      // Old query clients post to the queue URL itself; that URL names the queue.
      .query_resource_path =
          protocol::QueryResourcePath{
              .pattern = "/{AccountId}/{QueueName}",
              .member = "QueueUrl",
              .not_at_resource = {"CreateQueue", "ListQueues"},
          },
      .operations = std::move(operations),
      // The hot operations read their JSON requests from the text (request_text.hpp).
      .json_text_operations = {"GetQueueUrl", "SendMessage", "SendMessageBatch", "ReceiveMessage",
                               "DeleteMessage", "DeleteMessageBatch"},
      // ...and SendMessage its query-protocol form (form_requests.hpp).
      .form_operations = {"SendMessage"},
      // A 1 MiB message (or batch), which URL-encoding can triple in a query-protocol body, plus
      // room for attributes and the rest of the request.
      .max_request_bytes = 4 * 1024 * 1024,
  };
}

}  // namespace eddy::services::sqs
