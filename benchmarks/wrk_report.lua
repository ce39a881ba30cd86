-- Prints one machine-readable line after a wrk run: the figures run.py reads.
done = function(summary, latency, requests)
    local errors = summary.errors.connect + summary.errors.read + summary.errors.write
        + summary.errors.status + summary.errors.timeout
    io.write(string.format(
        "BENCH requests=%d duration_us=%d errors=%d p50_us=%d p95_us=%d max_us=%d\n",
        summary.requests, summary.duration, errors,
        latency:percentile(50), latency:percentile(95), latency.max))
end
