-- wrk script: POSTs pre-signed webhook deliveries, cycling over a slice of a file that
-- SignedDeliveries wrote (one delivery a line: "<hex HMAC-SHA256>\t<body>").
--
--   wrk ... -s bench/deliveries.lua http://127.0.0.1:PORT -- FILE [FIRST [COUNT [STOP_AFTER]]]
--
-- FIRST (1-based) and COUNT pick the lines (default: all). With STOP_AFTER (and one wrk thread)
-- wrk stops after that many responses (the memory run sends an exact number of deliveries); without it wrk runs
-- for its -d duration. All requests are formatted in init(), so request() only hands out strings.

local path = "/webhooks/absence-groups"
local requests = {}
local count = 0
local index = 0
local answered = 0
local stop_after = nil

function init(args)
  local file = args[1]
  local first = tonumber(args[2] or "1")
  local wanted = tonumber(args[3] or "0")
  stop_after = tonumber(args[4] or "")
  local line_no = 0
  for line in io.lines(file) do
    line_no = line_no + 1
    if line_no >= first then
      local tab = line:find("\t", 1, true)
      count = count + 1
      requests[count] = wrk.format("POST", path, {
        ["Content-Type"] = "application/json",
        ["X-Protime-Signature"] = line:sub(1, tab - 1),
      }, line:sub(tab + 1))
      if wanted > 0 and count >= wanted then
        break
      end
    end
  end
  if count == 0 then
    error("no deliveries in " .. file .. " from line " .. first)
  end
  if stop_after == nil then
    -- wrk skips reading headers and bodies when response is nil after init()
    response = nil
  end
end

function request()
  index = index + 1
  if index > count then
    index = 1 -- wrapped: from here on the deliveries are duplicates (the run reports how many were applied)
  end
  return requests[index]
end

function response(status, headers, body)
  answered = answered + 1
  if answered == stop_after then
    wrk.thread:stop()
    -- wrk's main thread sleeps for the whole -d duration; SIGINT ends it early, as Ctrl-C would.
    -- Through popen: os.execute is system(), which ignores SIGINT in wrk while the command runs.
    local kill = io.popen("kill -INT $PPID")
    kill:close()
  end
end

-- the one RESULT line bench/run.sh parses (run.sh starts wrk from the project root)
dofile("bench/result.lua")
