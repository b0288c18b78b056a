-- ReceiveMessage then DeleteMessage of what was received, alternating on each connection's
-- thread: the consumer half of a pipeline. Counted per request (a pair is two requests).
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local common = require("common")
local function sqs_request(operation)
  return common.request_builder({
    ["Content-Type"] = "application/x-amz-json-1.0",
    ["X-Amz-Target"] = "AmazonSQS." .. operation,
    ["Authorization"] = "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0",
  })
end
local receive, delete = sqs_request("ReceiveMessage"), sqs_request("DeleteMessage")
local queue_url
local pending = {}
function init(args)
  queue_url = args[1]
end
function request()
  local handle = table.remove(pending)
  if handle then
    return delete('{"QueueUrl":"' .. queue_url .. '","ReceiptHandle":"' .. handle .. '"}')
  end
  return receive('{"QueueUrl":"' .. queue_url .. '","MaxNumberOfMessages":1,"VisibilityTimeout":60}')
end
function response(status, response_headers, body)
  local handle = body and body:match('"ReceiptHandle"%s*:%s*"([^"]+)"')
  if handle then table.insert(pending, handle) end
end
