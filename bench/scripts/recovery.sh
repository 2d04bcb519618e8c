#!/usr/bin/env bash
# Measures how long a replica takes to serve again after a restart from its own disk (kill -9)
# and after a replacement (wrong results; it takes its state from its peers), with 10,000,
# 100,000 and 1,000,000 holdings in the market, and how much memory the processes hold; prints
# the Markdown rows of docs/benchmarks-recovery.md.
#
# For each size it starts a fresh byzantine-mode cluster with `dsms up` (replacement needs wrong
# results to be detected), loads the holdings through the front end with `dsms bench recovery`,
# then runs `dsms bench recovery` RUNS times more (the load is skipped once the holdings are there)
# and reports the median and the range of the runs. The JSON of every run stays in OUT.
#
# Usage: bench/scripts/recovery.sh                   (all three sizes, 3 runs each)
#        SIZES="10000" RUNS=1 bench/scripts/recovery.sh
#        JAR=/tmp/other.jar bench/scripts/recovery.sh   (another build than bin/dsms's)
# Needs: a built jar (bin/dsms builds it), python3. Takes about 12 minutes, 4 of them loading
# 1,000,000 holdings.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DSMS=("$ROOT/bin/dsms")
if [ -n "${JAR:-}" ]; then export DSMS_JAR="$JAR"; fi
PORT="${PORT:-19680}"
RUNS="${RUNS:-3}"
WORK="$(mktemp -d /tmp/dsms-recovery.XXXXXX)"
OUT="${OUT:-$WORK/results}"
UP_PID=""
mkdir -p "$OUT"

cleanup() {
    if [ -n "$UP_PID" ]; then kill "$UP_PID" 2>/dev/null || true; wait "$UP_PID" 2>/dev/null || true; fi
    rm -rf "$WORK/data-"*
}
trap cleanup EXIT

# Builds once, so that no run below pays for it.
"${DSMS[@]}" keys issue NYKB0001 --config /nonexistent >/dev/null 2>&1 || true
export DSMS_SKIP_BUILD=1

echo "| holdings | replaced replica: decision to serving (ms) | restarted from disk: decision to serving (ms) | replica heap after full GC (MiB) | replica resident set (MiB) | load time (s) |"
echo "|---|---|---|---|---|---|"
for holdings in ${SIZES:-10000 100000 1000000}; do
    data="$WORK/data-$holdings"
    "${DSMS[@]}" up --mode byzantine --data "$data" --port "$PORT" >"$WORK/up-$holdings.log" 2>&1 &
    UP_PID=$!
    for _ in $(seq 1 300); do [ -f "$data/cluster.conf" ] && break; sleep 0.2; done
    # The first run loads (and waits for the cluster to serve); its recovery figures count too.
    for run in $(seq 1 "$RUNS"); do
        "${DSMS[@]}" bench recovery --config "$data/cluster.conf" --holdings "$holdings" --json \
            >"$OUT/$holdings-$run.json" 2>"$OUT/$holdings-$run.log"
    done
    kill "$UP_PID" 2>/dev/null || true
    wait "$UP_PID" 2>/dev/null || true
    UP_PID=""
    python3 - "$OUT" "$holdings" "$RUNS" <<'PY'
import json, statistics, sys
out, holdings, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
results = [json.load(open(f"{out}/{holdings}-{run}.json")) for run in range(1, runs + 1)]
def figure(scenario):
    values = [r["decisionToServingMs"] for result in results for r in result["recoveries"] if r["scenario"] == scenario]
    return f"{statistics.median(values):.0f} ({min(values)}–{max(values)})" if values else "–"
replicas = [m for result in results for m in result.get("memory", []) if m["role"] == "replica"]
heap = statistics.median(m["heapUsedAfterGcBytes"] for m in replicas) / 2**20 if replicas else float("nan")
resident = statistics.median(m["residentBytes"] for m in replicas) / 2**20 if replicas else float("nan")
load = results[0]["load"]["seconds"]
print(f"| {int(holdings):,} | {figure('replace')} | {figure('restart')} | {heap:.0f} | {resident:.0f} | {load:.0f} |")
PY
done
echo "(median of $RUNS runs, range in brackets; the JSON of every run is in $OUT)"
