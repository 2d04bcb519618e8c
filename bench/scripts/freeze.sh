#!/usr/bin/env bash
# A replica killed under load while serving processes are frozen for a moment: on a fresh local
# cluster each run, a fixed-rate load with replica B killed CRASH_AT seconds into the measured
# part, and FREEZE_AT seconds after the load starts (in the warm-up) the processes of TARGET stop
# (SIGSTOP) for FREEZE_S seconds, as in a hiccup of the host or a disk stall that holds every
# process's force at once. One Markdown row per run: did the cluster get back to normal?
# (BENCHMARKS.md, "The whole cluster frozen under load".)
#
# Usage: bench/scripts/freeze.sh                                    (4 runs, everything frozen for 3 s)
#        TARGET=sequencer RUNS=8 bench/scripts/freeze.sh             (sequencer, frontend, replicas or all)
#        FREEZE_S=0 bench/scripts/freeze.sh                          (no freeze: the kill alone)
#        RATE=40000 WARMUP=30 SECONDS_PER_RUN=20 CRASH_AT=5 FSYNC=always MODE=crash bench/scripts/freeze.sh
#        JAR=/tmp/old.jar bench/scripts/freeze.sh                    (another build)
#        KEEP_LOGS=DIR bench/scripts/freeze.sh                       (every run's logs, in DIR/run-N)
# Needs: a built jar (bin/dsms builds it), curl, python3, pgrep. Takes about RUNS x (WARMUP +
# SECONDS_PER_RUN + 20) s, up to a minute more for a run whose requests stay unanswered.
# The managers are not frozen: they probe, and may restart a replica silent for long enough.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PORT=19580
WORK="$(mktemp -d --suffix=-dsms-freeze)"
RUNS="${RUNS:-4}"
TARGET="${TARGET:-all}"
FREEZE_S="${FREEZE_S:-3}"
FREEZE_AT="${FREEZE_AT:-10}"
RATE="${RATE:-40000}"
WARMUP="${WARMUP:-30}"
SECONDS_PER_RUN="${SECONDS_PER_RUN:-20}"
CRASH_AT="${CRASH_AT:-5}"
MODE="${MODE:-crash}"
FSYNC="${FSYNC:-always}"
KEEP_LOGS="${KEEP_LOGS:-}"
case "$TARGET" in
    all) PATTERN="dsms.jar start (frontend|sequencer|replica) " ;;
    sequencer | frontend) PATTERN="dsms.jar start $TARGET " ;;
    replicas) PATTERN="dsms.jar start replica " ;;
    *) echo "TARGET is all, sequencer, frontend or replicas, not '$TARGET'" >&2; exit 2 ;;
esac
if [ "$FREEZE_AT" -ge "$WARMUP" ] && [ "$FREEZE_S" != 0 ]; then
    echo "FREEZE_AT ($FREEZE_AT s) must fall within the warm-up ($WARMUP s)" >&2
    exit 2
fi
# shellcheck source=local-cluster.sh
source "$ROOT/bench/scripts/local-cluster.sh"

FROZEN=""
finish() {
    # A process left stopped would never exit: continue it before stopping the cluster.
    if [ -n "$FROZEN" ]; then kill -CONT $FROZEN 2>/dev/null || true; fi
    cleanup
}
trap finish EXIT
use_dsms "$ROOT"

# The serving processes of this cluster that match the target; a replica standing by serves nothing.
serving_pids() {
    local pid args
    for pid in $(pgrep -f "$PATTERN" || true); do
        args="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || continue
        case "$args" in
            *--standby*) ;;
            *"--config $CONFIG"*) echo -n "$pid " ;;
        esac
    done
}

echo "| run | frozen | failed | p50 / p99 / max (ms) | B back after (s) |"
echo "|---|---|---|---|---|"
for run in $(seq 1 "$RUNS"); do
    start_cluster "$WORK/data" "$MODE" "$FSYNC"
    crash=()
    if [ -n "$CRASH_AT" ]; then crash=(--crash B --crash-at "$CRASH_AT"); fi
    "${DSMS[@]}" bench --config "$CONFIG" --mix trade --transport stream --batch 100 --clients 32 --rate "$RATE" \
        --duration "$SECONDS_PER_RUN" --warmup "$WARMUP" "${crash[@]}" --json >"$WORK/bench.json" 2>"$WORK/bench.err" &
    bench_pid=$!
    frozen="none"
    if [ "$FREEZE_S" != 0 ]; then
        sleep "$FREEZE_AT"
        FROZEN="$(serving_pids)"
        frozen="$TARGET ($(echo $FROZEN | wc -w) processes) for $FREEZE_S s"
        if [ -n "$FROZEN" ]; then
            # shellcheck disable=SC2086
            kill -STOP $FROZEN 2>/dev/null || true
            sleep "$FREEZE_S"
            # shellcheck disable=SC2086
            kill -CONT $FROZEN 2>/dev/null || true
        fi
        FROZEN=""
    fi
    wait "$bench_pid" || true
    if [ -n "$KEEP_LOGS" ]; then copy_cluster_logs "$WORK/data" "$KEEP_LOGS/run-$run"; fi
    python3 - "$WORK/bench.json" "$run" "$frozen" <<'EOF'
import json, sys
path, run, frozen = sys.argv[1:]
try:
    r = json.load(open(path))
except ValueError:
    print(f"| {run} | {frozen} | the bench printed no result | | |")
    sys.exit(0)
crash = r.get("crash") or {}
back = f"{crash['downForMs'] / 1000:.1f}" if crash.get("back") else "not back"
print(f"| {run} | {frozen} | {r['errors']:,} | {r['p50Ms']:.1f} / {r['p99Ms']:.1f} / {r['maxMs']:.1f} | {back if crash else '-'} |")
EOF
    stop_cluster
done
