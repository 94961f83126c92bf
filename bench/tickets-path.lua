-- wrk script: GET of a fixed path (BENCH_PATH) with the token.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.path = os.getenv("BENCH_PATH")
dofile("bench/report.lua")
