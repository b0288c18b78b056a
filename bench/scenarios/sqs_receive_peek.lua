-- ReceiveMessage with VisibilityTimeout 0 on a queue preloaded to a given depth: every receive
-- finds, locks and updates the head of a queue of that size, so the cost can be compared across
-- depths (1 thousand vs 1 million) without draining the queue. An optional second argument is
-- MaxNumberOfMessages (1 unless given).
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local sqs = require("sqs_common")
function init(args)
  sqs.constant("ReceiveMessage", '{"QueueUrl":"' .. args[1] .. '","MaxNumberOfMessages":' .. (args[2] or "1") .. ',"VisibilityTimeout":0}')
end
