-- wrk script: like analytics-path.lua, but each request's period starts on a random one of the first 28 days
-- (BENCH_PATH holds %d for the id and %02d for the day of BENCH_MONTH), so that nearly every read misses the cache.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
local path, low, high = os.getenv("BENCH_PATH"), tonumber(os.getenv("BENCH_MIN")), tonumber(os.getenv("BENCH_MAX"))
request = function()
  return wrk.format("GET", string.format(path, math.random(low, high), math.random(1, 28)))
end
dofile("bench/report.lua")
