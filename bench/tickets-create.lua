-- wrk script: POST /api/tickets (a medium ticket in Penang).
wrk.method = "POST"
wrk.path = "/api/tickets"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"title":"Bench created fibre cut","zone":"George Town","priority":"medium","category":"network","tags":["fibre"]}'
dofile("bench/report.lua")
