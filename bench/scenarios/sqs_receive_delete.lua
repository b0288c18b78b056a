-- ReceiveMessage then DeleteMessage of what was received, alternating on each connection's
-- thread: the consumer half of a pipeline. Counted per request (a pair is two requests).
local queue_url
local pending = {}
local headers = {
  ["Content-Type"] = "application/x-amz-json-1.0",
  ["Authorization"] = "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0",
}
function init(args)
  queue_url = args[1]
end
function request()
  local handle = table.remove(pending)
  if handle then
    headers["X-Amz-Target"] = "AmazonSQS.DeleteMessage"
    return wrk.format("POST", "/", headers,
      '{"QueueUrl":"' .. queue_url .. '","ReceiptHandle":"' .. handle .. '"}')
  end
  headers["X-Amz-Target"] = "AmazonSQS.ReceiveMessage"
  return wrk.format("POST", "/", headers,
    '{"QueueUrl":"' .. queue_url .. '","MaxNumberOfMessages":1,"VisibilityTimeout":60}')
end
function response(status, response_headers, body)
  local handle = body and body:match('"ReceiptHandle"%s*:%s*"([^"]+)"')
  if handle then table.insert(pending, handle) end
end
