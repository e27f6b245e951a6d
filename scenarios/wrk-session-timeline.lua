-- wrk script: GET /api/sessions/{id}/timeline?bucket=hour of a random session, the request of
-- api-timeline-load.yaml, for a cross-check with another load generator (wrk is closed-loop: it
-- measures the most the server answers, not a fixed rate). The ids come from the server itself:
--   curl -s 'http://127.0.0.1:8080/api/sessions?limit=10000' \
--     | python3 -c 'import json,sys; [print(s["sessionId"]) for s in json.load(sys.stdin)["sessions"]]' > session-ids.txt
--   wrk -t2 -c16 -d30s --latency -s scenarios/wrk-session-timeline.lua http://127.0.0.1:8080
local ids = {}
for line in io.lines(os.getenv("SESSION_IDS") or "session-ids.txt") do
  ids[#ids + 1] = line
end
math.randomseed(7)

request = function()
  return wrk.format("GET", "/api/sessions/" .. ids[math.random(#ids)] .. "/timeline?bucket=hour")
end
