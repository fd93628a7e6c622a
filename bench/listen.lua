-- wrk script for bench/listen.sh: each request is a distinct, pre-signed ROOMZ event
-- read from $EVENTS (one "signature<TAB>body" line each), cycled per thread.
local events = {}
local index = 0

function init(args)
  local path = os.getenv("EVENTS")
  for line in io.lines(path) do
    local tab = line:find("\t", 1, true)
    events[#events + 1] = { line:sub(1, tab - 1), line:sub(tab + 1) }
  end
  -- Threads start at different places so they do not send the same ids in step.
  index = math.random(#events)
end

function request()
  index = index % #events + 1
  local event = events[index]
  return wrk.format("POST", "/webhook", {
    ["Content-Type"] = "application/json",
    ["Roomz-Signature"] = event[1],
  }, event[2])
end
