-- wrk script: ask for compressed responses and print one JSON line with the figures bench/load_generator.py reads.
wrk.headers["Accept-Encoding"] = "gzip"

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "errors": %d, "p50_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, errors,
    latency:percentile(50), latency:percentile(99), latency.max))
end
