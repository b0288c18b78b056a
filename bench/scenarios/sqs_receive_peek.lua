-- ReceiveMessage with VisibilityTimeout 0 on a queue preloaded to a given depth: every receive
-- finds, locks and updates the head of a queue of that size, so the cost can be compared across
-- depths (1 thousand vs 1 million) without draining the queue. An optional second argument is
-- MaxNumberOfMessages (1 unless given).
local queue_url, max_messages
function init(args)
  queue_url = args[1]
  max_messages = args[2] or "1"
end
function request()
  return wrk.format("POST", "/", {
    ["Content-Type"] = "application/x-amz-json-1.0",
    ["X-Amz-Target"] = "AmazonSQS.ReceiveMessage",
    ["Authorization"] = "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0",
  }, '{"QueueUrl":"' .. queue_url .. '","MaxNumberOfMessages":' .. max_messages .. ',"VisibilityTimeout":0}')
end
