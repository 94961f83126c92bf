-- wrk script: GET of BENCH_PATH with %d replaced by a random id from BENCH_MIN to BENCH_MAX, with the token.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
local path, low, high = os.getenv("BENCH_PATH"), tonumber(os.getenv("BENCH_MIN")), tonumber(os.getenv("BENCH_MAX"))
request = function()
  return wrk.format("GET", string.format(path, math.random(low, high)))
end
dofile("bench/report.lua")
