-- SQS SendMessage over the JSON protocol (what boto3 and the JS SDK v3 send).
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local sqs = require("sqs_common")
function init(args)
  sqs.constant("SendMessage", '{"QueueUrl":"' .. args[1] .. '","MessageBody":"{\\"sensor\\":\\"s-17\\",\\"db\\":71.5}",' ..
    '"MessageAttributes":{"city":{"DataType":"String","StringValue":"Chicago"}}}')
end
