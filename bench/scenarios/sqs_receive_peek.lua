-- ReceiveMessage with VisibilityTimeout 0 on a queue preloaded to a given depth: every receive
-- finds, locks and updates the head of a queue of that size, so the cost can be compared across
-- depths (1 thousand vs 1 million) without draining the queue. An optional second argument is
-- MaxNumberOfMessages (1 unless given).
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local common = require("common")
function init(args)
  common.constant_request({
    ["Content-Type"] = "application/x-amz-json-1.0",
    ["X-Amz-Target"] = "AmazonSQS.ReceiveMessage",
    ["Authorization"] = "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0",
  }, '{"QueueUrl":"' .. args[1] .. '","MaxNumberOfMessages":' .. (args[2] or "1") .. ',"VisibilityTimeout":0}')
end
