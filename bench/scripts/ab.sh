#!/usr/bin/env bash
# Compares two builds of dsms on this machine, every process local: for each jar in turn (PAIRS
# times, alternating, so that the machine's drift falls on both, old first in odd pairs and new
# first in even ones), a fresh cluster (crash mode,
# fsync never by default), a closed-loop warm-up, then
#   - the CPU time of each process during a closed loop (`--clients 32 --batch 100`), per operation;
#   - two runs at a fixed RATE (latency from each request's intended send time), for the percentiles.
#
# Usage: bench/scripts/ab.sh OLD.jar NEW.jar [PAIRS] [RATE]        (defaults: 2 pairs, 50000 ops/s)
#        FSYNC=always WARMUP=60 SECONDS_PER_RUN=20 bench/scripts/ab.sh ...
#        OLD_ENCODING=json NEW_ENCODING=binary bench/scripts/ab.sh JAR JAR   (the two batch encodings of one build)
#        KEEP_LOGS=DIR bench/scripts/ab.sh ...                   (each cluster's logs, in DIR/PAIR-old and DIR/PAIR-new)
# A jar of an older commit: git worktree add /tmp/old REV && (cd /tmp/old && ./mvnw -q -DskipTests package)
# gives /tmp/old/node/target/dsms.jar. Needs curl and python3. Takes about PAIRS x 2 x (WARMUP + 3 x
# SECONDS_PER_RUN + 40) s.
set -euo pipefail

OLD_JAR="$(realpath "$1")"
NEW_JAR="$(realpath "$2")"
PAIRS="${3:-2}"
RATE="${4:-50000}"
FSYNC="${FSYNC:-never}"
WARMUP="${WARMUP:-60}"
SECONDS_PER_RUN="${SECONDS_PER_RUN:-20}"
KEEP_LOGS="${KEEP_LOGS:-}"
PORT=19680
WORK="$(mktemp -d --suffix=-dsms-ab)"

# shellcheck source=local-cluster.sh
source "$(dirname "$0")/local-cluster.sh"
trap cleanup EXIT

OLD_ENCODING="${OLD_ENCODING:-json}"
NEW_ENCODING="${NEW_ENCODING:-json}"
ENCODING_ARGS=()

bench() {  # extra arguments
    "${DSMS[@]}" bench --config "$CONFIG" --mix trade --clients 32 --batch 100 ${ENCODING_ARGS[@]+"${ENCODING_ARGS[@]}"} \
        --json "$@" 2>/dev/null
}

# CPU ticks (user + system) of every serving process of the cluster, one "role-id ticks" line
# each. A replica standing by (each manager keeps one, started with --standby) shares its role and
# ID with the serving replica, and no replica is killed here, so every standby is left out.
cpu_ticks() {
    local pid args
    for pid in $(pgrep -f "$1 start" || true); do
        args="$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null)" || continue
        case "$args" in *--standby*) continue ;; esac
        echo "$(sed 's/.* start \([a-z]*\) .*--id \([A-Z0-9]*\).*/\1-\2/' <<< "$args") $(awk '{print $14 + $15}' "/proc/$pid/stat")"
    done | sort
}

echo "| jar | CPU per operation, µs: front end / sequencer / each replica / managers | closed loop (ops/s) | p50 / p90 / p99 / p99.9 at $RATE ops/s (ms) |"
echo "|---|---|---|---|"
for pair in $(seq 1 "$PAIRS"); do
    # The first cluster after an idle machine runs slower (BENCHMARKS.md, eighteenth round): the
    # order swaps every pair, so that with an even number of pairs each jar goes first as often.
    order="old new"
    if [ $((pair % 2)) -eq 0 ]; then order="new old"; fi
    for label in $order; do
        if [ "$label" = old ]; then jar="$OLD_JAR" encoding="$OLD_ENCODING"; else jar="$NEW_JAR" encoding="$NEW_ENCODING"; fi
        # JSON is the default, and builds older than the binary batch format do not know the option.
        if [ "$encoding" = json ]; then ENCODING_ARGS=(); else read -r -a ENCODING_ARGS <<< "$(encoding_args "$encoding")"; fi
        DSMS=("$(dirname "$0")/../../bin/dsms")
        export DSMS_JAR="$jar" DSMS_SKIP_BUILD=1
        start_cluster "$WORK/data" crash "$FSYNC"
        bench --duration "$WARMUP" >/dev/null
        before="$(cpu_ticks "$jar")"
        closed="$(bench --duration "$SECONDS_PER_RUN" --warmup 0)"
        after="$(cpu_ticks "$jar")"
        runs=()
        for _ in 1 2; do runs+=("$(bench --duration "$SECONDS_PER_RUN" --rate "$RATE" --warmup 10)"); done
        python3 - "$label, $encoding" "$closed" "$before" "$after" "${runs[@]}" <<'PY'
import json, sys
label, closed = sys.argv[1], json.loads(sys.argv[2])
def ticks(text):
    return {line.split()[0]: int(line.split()[1]) for line in text.splitlines() if line.strip()}
before, after = ticks(sys.argv[3]), ticks(sys.argv[4])
operations = closed["operations"]
# Ticks are hundredths of a second: microseconds per operation = ticks * 10,000 / operations.
per = {role: (after[role] - before.get(role, 0)) * 10_000 / operations for role in after}
def sum_of(prefix):
    return sum(value for role, value in per.items() if role.startswith(prefix))
replicas = sorted(value for role, value in per.items() if role.startswith("replica"))
runs = [json.loads(text) for text in sys.argv[5:]]
cpu = (f"{sum_of('frontend'):.2f} / {sum_of('sequencer'):.2f} / "
       f"{', '.join(f'{value:.2f}' for value in replicas)} / {sum_of('manager'):.2f}")
percentiles = "; ".join(f"{r['p50Ms']:.2f} / {r['p90Ms']:.2f} / {r['p99Ms']:.2f} / {r['p999Ms']:.1f}" for r in runs)
print(f"| {label} | {cpu} | {closed['throughput']:,} | {percentiles} |")
PY
        stop_cluster
        if [ -n "$KEEP_LOGS" ]; then copy_cluster_logs "$WORK/data" "$KEEP_LOGS/$pair-$label"; fi
    done
done
