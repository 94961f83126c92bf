-- wrk script: GET /api/teams/nearest at random points over Malaysia (bench/nearest.sh).
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
math.randomseed(os.time())
request = function()
  local lat = 1 + math.random() * 6
  local lon = 100 + math.random() * 19
  return wrk.format("GET", string.format("/api/teams/nearest?lat=%.4f&lon=%.4f&status=available&limit=5", lat, lon))
end
dofile("bench/report.lua")
