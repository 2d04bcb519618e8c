# Starting and stopping a local cluster for the benchmark scripts; sourced, not run.
#
# The sourcing script sets PORT, WORK (a directory it owns) and DSMS, an array with the command
# that runs dsms: (bin/dsms), with DSMS_JAR naming another build to run, for instance with use_dsms.
# start_cluster sets UP_PID and CONFIG.

UP_PID=""

# Sets DSMS to ROOT's bin/dsms, running JAR when JAR is set (so that `dsms bench` gets the load
# generator's JVM options either way), and builds once now, so that no run of the sourcing script
# pays for a build.
use_dsms() {  # root
    DSMS=("$1/bin/dsms")
    if [ -n "${JAR:-}" ]; then export DSMS_JAR="$JAR"; fi
    "${DSMS[@]}" keys issue NYKB0001 --config /nonexistent >/dev/null 2>&1 || true
    export DSMS_SKIP_BUILD=1
}

# Copies the logs of the cluster in DATA (each process's, the up command's, each replica's own,
# which lives in the replica's data directory) into INTO, so that they outlive WORK.
copy_cluster_logs() {  # data into
    local data="$1" into="$2" replica
    mkdir -p "$into"
    cp -r "$data/logs" "$into/" 2>/dev/null || true
    cp "$data.up.log" "$into/up.log" 2>/dev/null || true
    for replica in "$data"/replica-*; do
        if [ -f "$replica/replica.log" ]; then cp "$replica/replica.log" "$into/$(basename "$replica").log"; fi
    done
}

# A fresh cluster in DATA in failure mode MODE with fsync FSYNC, once it answers an operation.
start_cluster() {  # data mode fsync
    local data="$1" mode="$2" fsync="$3"
    rm -rf "$data"
    # The first start writes the config; fsync is a config setting, so it is set before the real start.
    "${DSMS[@]}" up --port "$PORT" --data "$data" --mode "$mode" >"$data.up.log" 2>&1 &
    UP_PID=$!
    while [ ! -f "$data/cluster.conf" ]; do sleep 0.2; done
    sleep 2
    stop_cluster
    sed -i "s/^fsync: .*/fsync: $fsync/" "$data/cluster.conf"
    "${DSMS[@]}" up --port "$PORT" --data "$data" --mode "$mode" >>"$data.up.log" 2>&1 &
    UP_PID=$!
    CONFIG="$data/cluster.conf"
    local key
    key="$("${DSMS[@]}" keys issue NYKB0001 --config "$CONFIG")"
    for _ in $(seq 1 240); do
        if curl -s -m 2 -X POST -H "Authorization: Bearer $key" -d '{}' \
            "http://127.0.0.1:$PORT/api/v1/operations/getShares" | grep -q '"ok":true'; then
            return 0
        fi
        sleep 0.5
    done
    echo "the cluster in $data did not come up" >&2
    exit 1
}

# Stops the running cluster, if any, and gives its ports a moment to be free again.
stop_cluster() {
    if [ -n "$UP_PID" ]; then
        kill "$UP_PID" 2>/dev/null || true
        wait "$UP_PID" 2>/dev/null || true
        UP_PID=""
        sleep 2
    fi
}

# For `trap cleanup EXIT`: stops the cluster and deletes WORK.
cleanup() {
    stop_cluster
    rm -rf "$WORK"
}

# The bench arguments of an encoding: json or binary over HTTP, or stream (binary batches over the
# stream protocol, which has no --encoding of its own). Unquoted on use, so that it splits in two.
encoding_args() {  # ENCODING
    if [ "$1" = stream ]; then echo "--transport stream"; else echo "--encoding $1"; fi
}
