#include "services/sns/sns_description.hpp"

namespace eddy::services::sns {

protocol::ServiceDescription make_description(std::unordered_set<std::string_view> operations) {
  return protocol::ServiceDescription{
      .name = "sns",
      .error_namespace = "com.amazonaws.sns#",
      .xml_namespace = "http://sns.amazonaws.com/doc/2010-03-31/",
      // Lists arrive wrapped (TagKeys.member.1=k); these rules also make a bare empty value
      // (TagKeys=) an empty list.
      .query_input =
          {
              {"AWSAccountId", "AWSAccountId", protocol::QueryInputKind::list},
              {"ActionName", "ActionName", protocol::QueryInputKind::list},
              {"TagKeys", "TagKeys", protocol::QueryInputKind::list},
              {"Tags", "Tags", protocol::QueryInputKind::list},
              {"PublishBatchRequestEntries", "PublishBatchRequestEntries",
               protocol::QueryInputKind::list},
          },
      .query_scalars = {{"ReturnSubscriptionArn", protocol::QueryScalar::boolean}},
      .xml_output = {{"", "Attributes", protocol::XmlShape::wrapped_map, "entry"}},
      .operations = std::move(operations),
      // Publish reads its query-protocol form itself (publish_input.hpp).
      .form_operations = {"Publish"},
      // A 256 KiB message (or PublishBatch), which URL-encoding can triple, plus room for
      // attributes and the rest of the request.
      .max_request_bytes = 1024 * 1024,
  };
}

}  // namespace eddy::services::sns
