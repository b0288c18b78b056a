-- SQS GetQueueUrl (JSON): the minimal AWS request, a read by name with a tiny answer.
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local common = require("common")
function init(args)
  common.constant_request({
    ["Content-Type"] = "application/x-amz-json-1.0",
    ["X-Amz-Target"] = "AmazonSQS.GetQueueUrl",
    ["Authorization"] = "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0",
  }, '{"QueueName":"' .. args[1] .. '"}')
end
