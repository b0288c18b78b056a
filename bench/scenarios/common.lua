-- Shared by the scenarios: the runner passes the queue URL / topic ARN as wrk arguments
-- (`wrk ... -s scenario.lua URL -- <arg>`), read in init().
local common = {}

function common.form_escape(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

return common
