-- wrk script: GET /api/tickets/{random id} over the bench range (BENCH_MIN_ID..BENCH_MAX_ID).
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
local min, max = tonumber(os.getenv("BENCH_MIN_ID")), tonumber(os.getenv("BENCH_MAX_ID"))
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/api/tickets/" .. math.random(min, max))
end
dofile("bench/report.lua")
