#!/usr/bin/env bash
# Measures the full path (client -> front end -> sequencer -> 3 replicas -> front end) on this
# machine, every process local, and prints the Markdown rows of BENCHMARKS.md's full-path table.
#
# For each failure mode (crash, byzantine) and fsync policy (always, never) it starts a fresh
# cluster with `dsms up`, warms it up for 90 s, finds the saturation throughput with a closed loop
# over the batch endpoint (the median of three runs; counting the state transfers of replicas that
# fell behind meanwhile),
# the highest rate at which no replica falls behind ("in step": saturation itself when none fell
# behind during it, else the best fixed rate of 60, 70, 80 and 90 % of it), then leaves the
# cluster idle for SETTLE seconds (default 30: right after saturation the p99 at half rate is
# several times higher for more than 25 s, BENCHMARKS.md, "The seventh round"), runs three times at
# half of saturation (fixed rate, latency from the intended send time; 10 s of warm-up before
# each) and reports the percentiles of the run with the median p99 and the p99 of all three, and
# also measures one operation per HTTP request at saturation. Each row's files are deleted
# before the next row starts, so that every row starts with the same page cache.
#
# Usage: bench/scripts/full-path.sh [MIX] [SECONDS]     (defaults: trade 10)
#        MODES="crash" FSYNCS="never" bench/scripts/full-path.sh    (a subset of the table)
#        ENCODING=binary bench/scripts/full-path.sh     (batches in the binary batch format; default json)
#        ENCODING=stream bench/scripts/full-path.sh     (binary batches over the stream protocol, the fastest path)
#        JAR=/tmp/other.jar bench/scripts/full-path.sh  (another build than bin/dsms's)
#        TIMELINES=DIR bench/scripts/full-path.sh       (also the half-rate runs' 100 ms timelines, as JSON)
#        SETTLE=0 bench/scripts/full-path.sh            (the half rate right after the saturation runs)
#        WARMUP=30 bench/scripts/full-path.sh           (a shorter closed-loop warm-up than the default 90 s)
# Needs: a built jar (bin/dsms builds it), curl, python3. Takes about 4 x (12 x SECONDS + SETTLE + WARMUP + 90) s.
set -euo pipefail

MIX="${1:-trade}"
SECONDS_PER_RUN="${2:-10}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PORT=19480
WORK="$(mktemp -d --suffix=-dsms-fullpath)"
BATCH=100
ENCODING="${ENCODING:-json}"
SETTLE="${SETTLE:-30}"
WARMUP="${WARMUP:-90}"
# A closed loop with more clients only queues more: on one warm cluster, 16, 24, 32 and 64 batch
# clients gave 85,700, 88,300, 91,200 and 71,300 ops/s (11:30 to 11:40 UTC, 2026-11-22).
BATCH_CLIENTS=32
SINGLE_CLIENTS=64
# shellcheck source=local-cluster.sh
source "$ROOT/bench/scripts/local-cluster.sh"
trap cleanup EXIT
use_dsms "$ROOT"

json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)[sys.argv[1]])" "$1"; }

bench() {  # extra arguments
    "${DSMS[@]}" bench --config "$CONFIG" --mix "$MIX" --duration "$SECONDS_PER_RUN" --json "$@" 2>/dev/null
}

# State transfers begun by replicas that fell behind the sequencer's window, so far.
transfers() {
    cat "$(dirname "$CONFIG")"/replica-*/replica.log 2>/dev/null | grep -c "fell behind" || true
}

echo "| mode | fsync | batch saturation (ops/s) | state transfers during it | in step (ops/s) | half-rate p50 / p99 / p99.9 (ms) | errors | single-op HTTP saturation (req/s) | single-op p50 / p99 (ms) |"
echo "|---|---|---|---|---|---|---|---|---|"
for mode in ${MODES:-crash byzantine}; do
    for fsync in ${FSYNCS:-always never}; do
        start_cluster "$WORK/$mode-$fsync" "$mode" "$fsync"
        # Warm-up: the JIT compilers of eight JVMs share two cores; measured runs come after. A
        # cluster still gets faster for more than a minute: right after 30 s of warm-up it measured
        # 40 to 80 % of what it did a minute later (11:40 to 12:15 UTC, 2026-11-22).
        "${DSMS[@]}" bench --config "$CONFIG" --mix "$MIX" --duration "$WARMUP" --clients "$BATCH_CLIENTS" --batch "$BATCH" $(encoding_args "$ENCODING") \
            --json >/dev/null 2>&1
        # Saturation is the median of three closed-loop runs: consecutive 10 s runs on one warm
        # cluster measured 95,360, 133,320 and 130,720 ops/s (17:20 UTC, 2026-11-22).
        before="$(transfers)"
        runs=()
        for _ in 1 2 3; do runs+=("$(bench --clients "$BATCH_CLIENTS" --batch "$BATCH" $(encoding_args "$ENCODING") --warmup 2)"); done
        saturation_transfers=$(( $(transfers) - before ))
        saturated="$(printf '%s\n' "${runs[@]}" | python3 -c "import json,sys; runs=sorted((json.loads(l) for l in sys.stdin if l.strip()), key=lambda r: r['throughput']); print(json.dumps(runs[1]))")"
        throughput="$(echo "$saturated" | json_field throughput)"
        # In step: the highest fixed rate (60 to 90 % of saturation) that the cluster sustains
        # with every replica executing every entry, no replica falling behind the window.
        # Saturation itself counts when no replica fell behind during it.
        in_step=0
        if [ "$saturation_transfers" -eq 0 ]; then in_step="$throughput"; fi
        for percent in 60 70 80 90; do
            rate="$(python3 -c "print(int(float('$throughput') * $percent / 100))")"
            before="$(transfers)"
            stepped="$(bench --clients "$BATCH_CLIENTS" --batch "$BATCH" $(encoding_args "$ENCODING") --rate "$rate" --warmup 2)"
            achieved="$(echo "$stepped" | json_field throughput)"
            if [ $(( $(transfers) - before )) -eq 0 ] && [ "$achieved" -ge $(( rate * 98 / 100 )) ] \
                && [ "$achieved" -gt "$in_step" ]; then
                in_step="$achieved"
            fi
        done
        half="$(python3 -c "print(max(100, int(float('$throughput') / 2)))")"
        sleep "$SETTLE"
        halfruns=()
        for run in 1 2 3; do
            extra=()
            if [ -n "${TIMELINES:-}" ]; then extra=(--timeline --interval-ms 100); fi
            halfruns+=("$(bench --clients "$BATCH_CLIENTS" --batch "$BATCH" $(encoding_args "$ENCODING") --rate "$half" --warmup 10 \
                ${extra[@]+"${extra[@]}"})")
            if [ -n "${TIMELINES:-}" ]; then
                mkdir -p "$TIMELINES"
                echo "${halfruns[-1]}" > "$TIMELINES/$mode-$fsync-half-$run.json"
            fi
        done
        halfrate="$(printf '%s\n' "${halfruns[@]}" | python3 -c "import json,sys; runs=[json.loads(l) for l in sys.stdin if l.strip()]; ordered=sorted(runs, key=lambda r: r['p99Ms']); median=dict(ordered[1]); median['p99All']=[r['p99Ms'] for r in runs]; median['errors']=sum(r['errors'] for r in runs); print(json.dumps(median))")"
        single="$(bench --clients "$SINGLE_CLIENTS" --warmup 2)"
        python3 - "$mode" "$fsync" "$saturated" "$halfrate" "$single" "$saturation_transfers" "$in_step" <<'PY'
import json, sys
mode, fsync = sys.argv[1], sys.argv[2]
saturated, half, single = (json.loads(text) for text in sys.argv[3:6])
transfers, in_step = int(sys.argv[6]), int(sys.argv[7])
errors = saturated["errors"] + half["errors"] + single["errors"]
in_step_text = f"{in_step:,}" if in_step else "below 60 % of saturation"
print(f"| {mode} | {fsync} | {saturated['throughput']:,} | {transfers} | {in_step_text} | "
      f"{half['p50Ms']:.1f} / {half['p99Ms']:.1f} / {half['p999Ms']:.1f} at {half['throughput']:,} ops/s "
      f"(p99 of the three runs: {', '.join(f'{p99:.1f}' for p99 in half['p99All'])}) | {errors} | "
      f"{single['requestsPerSecond']:,} | {single['p50Ms']:.1f} / {single['p99Ms']:.1f} |")
PY
        stop_cluster
        # Each row starts with the page cache the machine had before the first: a row's audit logs
        # (about 300 bytes per operation per replica) would otherwise stay cached, and a full cache
        # costs the next row about a fifth of its throughput (BENCHMARKS.md, "The page cache").
        rm -rf "$WORK/$mode-$fsync" "$WORK/$mode-$fsync.up.log"
    done
done
