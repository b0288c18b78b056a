-- SNS Publish (query protocol) of a sensor reading with a `district` attribute; the runner
-- subscribes 10 queues, half with a filter policy this message does not match.
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local common = require("common")
function init(args)
  common.constant_request({
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Authorization"] = "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/sns/aws4_request, SignedHeaders=host, Signature=0",
  }, "Action=Publish&Version=2010-03-31&TopicArn=" .. common.form_escape(args[1]) ..
    "&Message=" .. common.form_escape('{"sensor":"s-17","db":71.5}') ..
    "&MessageAttributes.entry.1.Name=district&MessageAttributes.entry.1.Value.DataType=String" ..
    "&MessageAttributes.entry.1.Value.StringValue=loop")
end
