-- SQS SendMessage over the JSON protocol (what boto3 and the JS SDK v3 send).
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local common = require("common")
function init(args)
  common.constant_request({
    ["Content-Type"] = "application/x-amz-json-1.0",
    ["X-Amz-Target"] = "AmazonSQS.SendMessage",
    ["Authorization"] = "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0",
  }, '{"QueueUrl":"' .. args[1] .. '","MessageBody":"{\\"sensor\\":\\"s-17\\",\\"db\\":71.5}",' ..
    '"MessageAttributes":{"city":{"DataType":"String","StringValue":"Chicago"}}}')
end
