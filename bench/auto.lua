-- wrk script: POST /api/assignments/auto for one ticket per request, each a fresh one: thread i of n takes the ids
-- BENCH_MIN_ID + i, + i + n, + i + 2n, ... (every bench ticket is open when the run starts).
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.headers["Content-Type"] = "application/json"
local threads = 0
setup = function(thread)
  thread:set("index", threads)
  threads = threads + 1
  thread:set("step", tonumber(os.getenv("BENCH_THREADS")))
end
local n = 0
math.randomseed(os.time())
request = function()
  local id = tonumber(os.getenv("BENCH_MIN_ID")) + index + step * n
  n = n + 1
  return wrk.format("POST", "/api/assignments/auto", nil, '{"ticket_ids":[' .. id .. ']}')
end
dofile("bench/report.lua")
