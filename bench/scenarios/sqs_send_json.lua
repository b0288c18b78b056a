-- SQS SendMessage over the JSON protocol (what boto3 and the JS SDK v3 send).
local queue_url
function init(args)
  queue_url = args[1]
end
function request()
  local body = '{"QueueUrl":"' .. queue_url .. '","MessageBody":"{\\"sensor\\":\\"s-17\\",\\"db\\":71.5}",' ..
    '"MessageAttributes":{"city":{"DataType":"String","StringValue":"Chicago"}}}'
  return wrk.format("POST", "/", {
    ["Content-Type"] = "application/x-amz-json-1.0",
    ["X-Amz-Target"] = "AmazonSQS.SendMessage",
    ["Authorization"] = "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0",
  }, body)
end
