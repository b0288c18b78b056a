-- SQS GetQueueUrl (JSON): the minimal AWS request, a read by name with a tiny answer.
local queue_name
function init(args)
  queue_name = args[1]
end
function request()
  return wrk.format("POST", "/", {
    ["Content-Type"] = "application/x-amz-json-1.0",
    ["X-Amz-Target"] = "AmazonSQS.GetQueueUrl",
    ["Authorization"] = "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0",
  }, '{"QueueName":"' .. queue_name .. '"}')
end
