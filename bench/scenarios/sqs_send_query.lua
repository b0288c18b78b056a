-- SQS SendMessage over the query protocol (what aws-sdk v2 and older SDKs send).
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local common = require("common")
function init(args)
  common.constant_request({
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Authorization"] = "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0",
  }, "Action=SendMessage&Version=2012-11-05&QueueUrl=" .. common.form_escape(args[1]) ..
    "&MessageBody=" .. common.form_escape('{"sensor":"s-17","db":71.5}') ..
    "&MessageAttribute.1.Name=city&MessageAttribute.1.Value.DataType=String" ..
    "&MessageAttribute.1.Value.StringValue=Chicago")
end
