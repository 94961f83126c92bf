-- wrk script: POST /api/tickets (a medium ticket in the bench's own zone, made by bench/tickets.sh).
wrk.method = "POST"
wrk.path = "/api/tickets"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"title":"Bench created fibre cut","zone":"Bench creates","priority":"medium","category":"network","tags":["fibre"]}'
dofile("bench/report.lua")
