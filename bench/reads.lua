-- wrk script: the read API's requests.
--
--   wrk ... -s bench/reads.lua http://127.0.0.1:PORT -- one [IDS]     GET /absence-groups/{id}, id cycling over 1..IDS (500)
--   wrk ... -s bench/reads.lua http://127.0.0.1:PORT -- list          GET /absence-groups
--   wrk ... -s bench/reads.lua http://127.0.0.1:PORT -- revalidate TAG  GET /absence-groups with If-None-Match: TAG (304)
--   wrk ... -s bench/reads.lua http://127.0.0.1:PORT -- floor         GET /webhooks/absence-groups: the service's cheapest
--                                                                     route (a fixed 405), the floor of its HTTP stack

local requests = {}
local count = 0
local index = 0

function init(args)
  local mode = args[1]
  if mode == "one" then
    for id = 1, tonumber(args[2] or "500") do
      requests[id] = wrk.format("GET", "/absence-groups/" .. id, { Accept = "application/json" })
    end
    count = #requests
  elseif mode == "list" then
    requests[1] = wrk.format("GET", "/absence-groups", { Accept = "application/json" })
    count = 1
  elseif mode == "revalidate" then
    requests[1] = wrk.format("GET", "/absence-groups", { Accept = "application/json", ["If-None-Match"] = args[2] })
    count = 1
  elseif mode == "floor" then
    requests[1] = wrk.format("GET", "/webhooks/absence-groups", { Accept = "application/json" })
    count = 1
  else
    error("mode must be one, list, revalidate or floor, got " .. tostring(mode))
  end
end

function request()
  index = index % count + 1
  return requests[index]
end

-- the one RESULT line bench/run.sh parses (run.sh starts wrk from the project root)
dofile("bench/result.lua")
