-- wrk script of bench/webhook/run.sh: POSTs the AdmissionReview in $REVIEW to every request and
-- counts the answers that do not admit the pod (a benchmark of denials would measure nothing).
local f = assert(io.open(os.getenv("REVIEW"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"

local threads = {}

-- PACE_MS set: each connection waits that long between its requests (an offered rate of
-- connections * 1000 / PACE_MS reviews/s), so that latency is measured at a rate, not at
-- saturation (where, by Little's law, 50 busy connections at N reviews/s wait 50/N s on average).
local pace = tonumber(os.getenv("PACE_MS") or "")
if pace then
  function delay()
    return pace
  end
end

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  allowed = 0
  other = 0
end

function response(status, headers, body)
  if status == 200 and string.find(body, '"allowed":true', 1, true) then
    allowed = allowed + 1
  else
    other = other + 1
    if other == 1 then
      io.stderr:write("not admitted (HTTP " .. status .. "): " .. string.sub(body, 1, 400) .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local a, o = 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("allowed")
    o = o + t:get("other")
  end
  io.write(string.format("admitted %d, not admitted %d\n", a, o))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("latency p%s %.3f ms\n", p, latency:percentile(p) / 1000.0))
  end
  io.write(string.format("requests/s %.1f\n", summary.requests / (summary.duration / 1e6)))
end
