-- SQS GetQueueUrl (JSON): the minimal AWS request, a read by name with a tiny answer.
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local sqs = require("sqs_common")
function init(args)
  sqs.constant("GetQueueUrl", '{"QueueName":"' .. args[1] .. '"}')
end
