-- wrk script: POST /api/auth/login with the credentials from the environment (run from the repository root).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format('{"username":"%s","password":"%s"}', os.getenv("BENCH_USER"), os.getenv("BENCH_PASSWORD"))
dofile("bench/report.lua")
