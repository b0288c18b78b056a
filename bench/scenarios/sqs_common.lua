-- Shared by the SQS scenarios: the headers of a JSON 1.0 request for one SQS operation, beside
-- the (unchecked) signature.
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local common = require("common")
local sqs = {}

function sqs.headers(operation)
  return common.json_headers("application/x-amz-json-1.0", "AmazonSQS." .. operation, "sqs")
end

-- A function from a JSON body to the whole request for `operation`.
function sqs.requester(operation)
  return common.request_builder(sqs.headers(operation))
end

-- The one request for `operation` with `body`, set once on wrk (common.constant_request).
function sqs.constant(operation, body)
  common.constant_request(sqs.headers(operation), body)
end

return sqs
