-- wrk script: GET with the bearer token from the environment (run from the repository root).
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
dofile("bench/report.lua")
