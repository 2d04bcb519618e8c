#!/usr/bin/env bash
# Latency at fixed rates on one fresh local cluster: after a closed-loop warm-up, RUNS runs at
# each rate of RATES (latency from each request's intended send time), one Markdown row per run.
# Shows how the percentiles depend on the load, and how much consecutive runs at one rate differ
# (the first run after the closed loop is nearly always the slowest: BENCHMARKS.md, "The seventh
# round").
#
# Usage: bench/scripts/rate-sweep.sh                                  (5,000 to 50,000 ops/s, one run each)
#        RATES=50000 RUNS=3 bench/scripts/rate-sweep.sh               (three runs at one rate)
#        MODE=byzantine FSYNC=always WARMUP=60 SECONDS_PER_RUN=20 ENCODING=json bench/scripts/rate-sweep.sh
#        TIMELINES=DIR bench/scripts/rate-sweep.sh                    (also each run's 100 ms timeline, as JSON)
#        SETTLE=30 bench/scripts/rate-sweep.sh                        (the cluster idle for 30 s after the warm-up)
#        ENCODING=stream bench/scripts/rate-sweep.sh                  (binary batches over the stream protocol)
#        JAR=/tmp/old.jar bench/scripts/rate-sweep.sh                 (another build, as bench/scripts/ab.sh makes them)
#        KEEP_LOGS=DIR bench/scripts/rate-sweep.sh                    (the cluster's logs, the replicas' too, kept in DIR)
# Needs: a built jar (bin/dsms builds it), curl, python3. Takes about WARMUP + SETTLE + RUNS x rates x
# (SECONDS_PER_RUN + 10) + 30 s.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PORT=19580
WORK="$(mktemp -d --suffix=-dsms-sweep)"
RATES="${RATES:-5000 10000 20000 30000 50000}"
RUNS="${RUNS:-1}"
MODE="${MODE:-crash}"
FSYNC="${FSYNC:-never}"
WARMUP="${WARMUP:-60}"
SECONDS_PER_RUN="${SECONDS_PER_RUN:-20}"
ENCODING="${ENCODING:-binary}"
TIMELINES="${TIMELINES:-}"
SETTLE="${SETTLE:-0}"
KEEP_LOGS="${KEEP_LOGS:-}"
# shellcheck source=local-cluster.sh
source "$ROOT/bench/scripts/local-cluster.sh"

# The cluster's logs go with WORK unless KEEP_LOGS names a directory to copy them to first.
finish() {
    stop_cluster
    if [ -n "$KEEP_LOGS" ]; then copy_cluster_logs "$WORK/data" "$KEEP_LOGS"; fi
    cleanup
}
trap finish EXIT
use_dsms "$ROOT"

bench() {  # extra arguments
    "${DSMS[@]}" bench --config "$CONFIG" --mix trade --clients 32 --batch 100 $(encoding_args "$ENCODING") --json "$@" \
        2>/dev/null
}

start_cluster "$WORK/data" "$MODE" "$FSYNC"
bench --duration "$WARMUP" --warmup 0 >/dev/null
sleep "$SETTLE"
echo "| rate (ops/s) | run | p50 / p90 / p99 / p99.9 (ms) | errors |"
echo "|---|---|---|---|"
for rate in $RATES; do
    for run in $(seq 1 "$RUNS"); do
        extra=()
        if [ -n "$TIMELINES" ]; then extra=(--timeline --interval-ms 100); fi
        result="$(bench --duration "$SECONDS_PER_RUN" --warmup 5 --rate "$rate" "${extra[@]}")"
        if [ -n "$TIMELINES" ]; then
            mkdir -p "$TIMELINES"
            echo "$result" > "$TIMELINES/rate-$rate-run-$run.json"
        fi
        echo "$result" | python3 -c "
import json, sys
r = json.load(sys.stdin)
print(f\"| {int(r['rate']):,} | $run | {r['p50Ms']:.2f} / {r['p90Ms']:.2f} / {r['p99Ms']:.2f} / {r['p999Ms']:.1f} | {r['errors']} |\")"
    done
done
