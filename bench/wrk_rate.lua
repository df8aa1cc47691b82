-- Paces each wrk connection so the whole run approaches a fixed request rate.
-- wrk has no open-loop mode (wrk2 isn't packaged); the delay per connection is
-- connections / rate minus the measured mean latency, and the achieved rate is printed
-- so the pacing can be checked.
local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
local token = os.getenv("BENCH_TOKEN")

function init(args)
  if token and token ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. token
  end
end

function delay()
  return delay_ms
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    "RESULT requests=%d duration_s=%.2f errors=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests, summary.duration / 1e6, errors,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
