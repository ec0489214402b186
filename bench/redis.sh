#!/usr/bin/env bash
# The redis backend against the memory backend, side by side in one run (docs/redis.md):
#   - ingest: signed deliveries of new versions, 32 in flight, to one pod of each backend alone on its CPU, after
#     an unmeasured warm-up of 60 s (req/s, ratio), sent by wrk from files SignedDeliveries wrote before (the same
#     load generator as bench/run.sh's ingest: it spends nothing on signing, so it leaves the client's CPU to the
#     Redis beside it); the redis pod's replica is on that pod, the other pods of a
#     deployment are on other machines, so pod B only starts after the ingest. The warm-up is that long because a
#     redis pod's JIT takes about a minute on one CPU to settle: at 13 s its C2 compiler still took 45% of the
#     pod's CPU time, at 33 s 23%, at 63 s 4% (perf, docs/redis.md);
#   - replication lag: one delivery at a time to pod A, its event on pod B's watch stream (p50, p99), with
#     the same measure on one memory pod (a delivery to the event on the same pod) as the baseline;
#   - a replica's start to ready with 10,000 groups in Redis, against a memory pod's start to ready.
#
#   bench/redis.sh            about 14 minutes: 3 alternating rounds of 60 s warm-up, 10 s ingest, 20 s warm-up and 300 paced
#                             deliveries, 7 starts
#   bench/redis.sh --quick    a smoke run: 1 round of 3 s and 50 deliveries, 2 starts (its figures mean little)
#
# Uses wrk (bench/deliveries.lua; installed with apt-get when missing) for the ingest,
# io.absencegroups.bench.WatchBenchmark (one watcher) for the lag and SeedGroups as clients, the packaged app with the
# bench profile (no upstream) as the pods. Redis: where redis-server is installed, a server of this run's own on a
# free port, pinned on the client's CPU during the ingest, so that Redis never takes the pod's CPU (in a deployment
# it runs on another machine), and free to take either CPU during the lag; else, or with BENCH_REDIS_URL set, that
# server (default redis://127.0.0.1:6379), unpinned.
# Every key is under a prefix of this run's, deleted at the end. Writes bench/out/redis-report.md; bench/run.sh
# appends it.
# Environment: BENCH_SERVICE_PORT (18080; pod B takes the next port, pod C the one after), BENCH_SERVER_CPU (1),
# BENCH_CLIENT_CPU (0), BENCH_JAVA_OPTS (-Xmx256m).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh

ROUNDS=3; SECONDS_PER_RUN=10; WARMUP_SECONDS=60; LAG_WARMUP_SECONDS=20; DELIVERIES=300; STARTS=7
# pre-signed deliveries per file (the warm-up's and the measured one's): more than a measured run takes (a warm-up
# that runs out wraps over its file and from there sends duplicates; wrk reads a whole file before its clock starts)
SIGNED=1200000
[[ ${1:-} == --quick ]] && { ROUNDS=1; SECONDS_PER_RUN=3; WARMUP_SECONDS=3; LAG_WARMUP_SECONDS=3; DELIVERIES=50; STARTS=2; SIGNED=200000; }
GROUPS_IN_REDIS=10000
OUT=bench/out
JAR=target/quarkus-app/quarkus-run.jar
PORT_A=${BENCH_SERVICE_PORT:-18080}
PORT_B=$((PORT_A + 1))
PORT_C=$((PORT_A + 2))
REDIS_URL=${BENCH_REDIS_URL:-}
PREFIX=bench-$(date +%s)-$$
read -r -a JAVA_OPTS <<<"${BENCH_JAVA_OPTS:--Xmx256m}"
# %bench.protime.webhook.static-key in application.properties: a fixed, fake bench key
KEY=bench-webhook-key-not-a-secret
CLIENT_CP="target/quarkus-app/lib/main/*:target/test-classes"
DATA=$OUT/redis-deliveries

log() { printf '[redis bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

mkdir -p "$OUT"
command -v redis-cli >/dev/null || die "needs redis-cli (apt-get install redis-tools)"
ensure_wrk
OWN_REDIS_DIR=
if [[ -z $REDIS_URL ]] && command -v redis-server >/dev/null; then
    pin_cpus pods
    OWN_REDIS_DIR=$(mktemp -d)
    for ((redis_port = 16390; redis_port < 16490; redis_port++)); do
        redis-cli -p "$redis_port" ping >/dev/null 2>&1 || break
    done
    "${PIN_CLIENT[@]}" redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$OWN_REDIS_DIR" \
        --daemonize yes --logfile "$OWN_REDIS_DIR/redis.log" --pidfile "$OWN_REDIS_DIR/redis.pid" \
        || die "could not start redis-server on port $redis_port"
    trap 'kill "$(cat "$OWN_REDIS_DIR/redis.pid" 2>/dev/null)" 2>/dev/null; rm -rf "$OWN_REDIS_DIR"' EXIT
    REDIS_URL=redis://127.0.0.1:$redis_port
    PINNING="$PINNING, Redis (this run's own server) with the client during the ingest, unpinned during the lag"
    for _ in $(seq 50); do [[ $(redis-cli -p "$redis_port" ping 2>/dev/null) == PONG ]] && break; sleep 0.1; done
else
    REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
    pin_cpus pods "Redis unpinned"
fi

redis_host_port() { sed -E 's#^redis://([^@]*@)?##; s#/.*##' <<<"$REDIS_URL"; }
REDIS_CLI=(redis-cli -h "$(redis_host_port | cut -d: -f1)" -p "$(redis_host_port | cut -d: -f2)")
[[ $("${REDIS_CLI[@]}" ping 2>/dev/null) == PONG ]] || die "no Redis answers at $REDIS_URL (set BENCH_REDIS_URL)"

if [[ ! -f $JAR || ! -d target/test-classes/io/absencegroups/bench ]] \
    || [[ -n $(find src pom.xml -newer "$JAR" -type f -print -quit) ]]; then
    log "packaging the jar (./mvnw package -DskipTests)"
    ./mvnw -B -q package -DskipTests >"$OUT/redis-build.log" 2>&1 || die "build failed: see $OUT/redis-build.log"
fi
for port in "$PORT_A" "$PORT_B" "$PORT_C"; do
    curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/" && die "port $port is in use (set BENCH_SERVICE_PORT)"
done

PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    "${REDIS_CLI[@]}" --scan --pattern "$PREFIX*" | xargs -r "${REDIS_CLI[@]}" del >/dev/null
    rm -rf "$DATA"
    if [[ -n $OWN_REDIS_DIR ]]; then
        kill "$(cat "$OWN_REDIS_DIR/redis.pid" 2>/dev/null)" 2>/dev/null || true
        rm -rf "$OWN_REDIS_DIR"
    fi
}
trap cleanup EXIT

start_pod() { # PORT BACKEND PREFIX LOG: sets POD_PID
    local options=(-Dquarkus.profile=bench -Dquarkus.http.port="$1")
    [[ $2 == redis ]] && options+=(-Dprotime.store.backend=redis -Dquarkus.redis.hosts="$REDIS_URL" -Dprotime.redis.key-prefix="$3")
    "${PIN_SERVER[@]}" java "${JAVA_OPTS[@]}" "${options[@]}" -jar "$JAR" >"$4" 2>&1 &
    POD_PID=$!
    PIDS+=("$POD_PID")
}
wait_for() { # PORT PATH PID
    local deadline=$((SECONDS + 90))
    until curl -fs -o /dev/null "http://127.0.0.1:$1$2"; do
        kill -0 "$3" 2>/dev/null || die "a pod exited; see the logs in $OUT"
        ((SECONDS < deadline)) || die "no 200 on $2 within 90 s"
        sleep 0.02
    done
}
stop_pod() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
send_deliveries() { # PORT SECONDS FILE: wrk sending the file's deliveries, 32 in flight, on the client's CPU
    # line-buffered, so that its "Running" line shows as it is printed
    "${PIN_CLIENT[@]}" stdbuf -oL wrk -t1 -c32 -d"${2}s" --timeout 5s -s bench/deliveries.lua "http://127.0.0.1:$1" -- "$3"
}
ingest_bench() { # PORT BUSY-FILE: wrk's RESULT line of the measured ingest, after the warm-up; the busy figures into BUSY-FILE
    # every pod starts empty, so both files are new versions to it; the measured file's are above the warm-up's
    send_deliveries "$1" "$WARMUP_SECONDS" "$DATA/applied-1.txt" >>"$OUT/redis-wrk.log" 2>&1 \
        || die "wrk failed: see $OUT/redis-wrk.log"
    local measured=$OUT/redis-wrk.out wrk_pid
    send_deliveries "$1" "$SECONDS_PER_RUN" "$DATA/applied-2.txt" >"$measured" 2>&1 &
    wrk_pid=$!
    # wrk prints "Running" once it has read the file, as its clock starts
    until grep -q '^Running' "$measured" || ! kill -0 "$wrk_pid" 2>/dev/null; do sleep 0.05; done
    busy_window "$2"
    wait "$wrk_pid" || die "wrk failed: $(cat "$measured")"
    cat "$measured" >>"$OUT/redis-wrk.log"
    grep '^RESULT' "$measured" || die "wrk printed no RESULT line: $(cat "$measured")"
}
lag_bench() { # POST-PORT PID STREAM-PORT: WatchBenchmark's RESULT line of the latency with one watcher
    # its warm-up (deliveries as fast as they go, to the first pod) also warms the stream pod's replica, which starts
    # cold after the ingest: the JIT of a pod on one CPU here needs tens of seconds (above)
    "${PIN_CLIENT[@]}" java -Xmx512m -Dbench.phases=watch -Dbench.warmup-seconds="$LAG_WARMUP_SECONDS" -cp "$CLIENT_CP" \
        io.absencegroups.bench.WatchBenchmark "$1" "$2" "$KEY" 1 "$SECONDS_PER_RUN" "$DELIVERIES" "$3" \
        2>>"$OUT/redis-client.log" | grep '^RESULT' || die "the client failed: see $OUT/redis-client.log"
}
busy_ticks() { # CPU: its busy and idle ticks so far (all CPUs when empty)
    awk -v c="cpu$1" '$1 == c {print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6}' /proc/stat
}
redis_on() { # CPUS: moves this run's own Redis (a no-op for a server not ours)
    [[ -n $OWN_REDIS_DIR && ${#PIN_CLIENT[@]} -gt 0 ]] || return 0
    taskset -a -p -c "$1" "$(cat "$OWN_REDIS_DIR/redis.pid")" >/dev/null
}
redis_ticks() { # the CPU ticks this run's own Redis used so far (0 for a server not ours)
    local pid
    pid=$(cat "$OWN_REDIS_DIR/redis.pid" 2>/dev/null) && awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0
}
busy_window() { # FILE: from 2 s into the measured ingest (called as it starts), for 4 s less than it lasts: how busy the
    # pods' CPU and the client's were, and the share of a CPU this run's own Redis took (%; 0 for a server not ours)
    local server=${BENCH_SERVER_CPU:-1} client=${BENCH_CLIENT_CPU:-0} s0 c0 r0 s1 c1 r1
    ((${#PIN_SERVER[@]} > 0)) || { server=; client=; }
    local window=$((SECONDS_PER_RUN > 5 ? SECONDS_PER_RUN - 4 : 1))
    sleep 2
    s0=$(busy_ticks "$server"); c0=$(busy_ticks "$client"); r0=$(redis_ticks)
    sleep "$window"
    s1=$(busy_ticks "$server"); c1=$(busy_ticks "$client"); r1=$(redis_ticks)
    awk -v a="$s0 $c0" -v b="$s1 $c1" -v r=$((r1 - r0)) -v hz="$(getconf CLK_TCK)" -v w="$window" 'BEGIN { split(a, x); split(b, y)
        printf "%.0f\t%.0f\t%.0f\n", 100 * (y[1] - x[1]) / (y[1] - x[1] + y[2] - x[2]),
            100 * (y[3] - x[3]) / (y[3] - x[3] + y[4] - x[4]), 100 * r / hz / w }' >"$1"
}
field() { tr ' ' '\n' <<<"$2" | awk -F= -v k="$1" '$1 == k {print $2}'; }
median() { sort -g | awk '{v[NR] = $1} END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

: >"$OUT/redis-client.log"
: >"$OUT/redis-wrk.log"
log "signing $SIGNED deliveries for the warm-up and $SIGNED for the measured ingest (SignedDeliveries)"
rm -rf "$DATA"
java -cp target/test-classes io.absencegroups.bench.SignedDeliveries "$DATA" "$KEY" 500 2 "$SIGNED" 0 \
    || die "SignedDeliveries failed"
RESULTS=$OUT/redis-results.tsv
: >"$RESULTS"
log "ingest and lag: $ROUNDS rounds, alternating memory and redis; $PINNING"
for ((round = 1; round <= ROUNDS; round++)); do
    order=(memory redis)
    ((round % 2 == 0)) && order=(redis memory)
    for backend in "${order[@]}"; do
        if [[ $backend == memory ]]; then
            start_pod "$PORT_A" memory "" "$OUT/redis-memory.log"; a=$POD_PID
            wait_for "$PORT_A" /q/health/ready "$a"
            ingest=$(ingest_bench "$PORT_A" "$OUT/redis-busy.tsv")
            lag=$(lag_bench "$PORT_A" "$a" "$PORT_A")
            stop_pod "$a"
        else
            prefix=$PREFIX-r$round
            start_pod "$PORT_A" redis "$prefix" "$OUT/redis-pod-a.log"; a=$POD_PID
            wait_for "$PORT_A" /q/health/ready "$a"
            ingest=$(ingest_bench "$PORT_A" "$OUT/redis-busy.tsv")
            start_pod "$PORT_B" redis "$prefix" "$OUT/redis-pod-b.log"; b=$POD_PID
            wait_for "$PORT_B" /q/health/ready "$b"
            # one delivery at a time leaves both CPUs mostly idle: Redis may take either, as on a machine of its own,
            # instead of waiting behind the client's threads
            redis_on "0-$(($(nproc) - 1))"
            lag=$(lag_bench "$PORT_A" "$b" "$PORT_B")
            redis_on "${BENCH_CLIENT_CPU:-0}"
            stop_pod "$a"; stop_pod "$b"
        fi
        [[ -n $ingest && -n $lag ]] || die "no result from a client: see $OUT/redis-wrk.log and $OUT/redis-client.log"
        failed=$(( $(field status_errors "$ingest") + $(field socket_errors "$ingest") + $(field failed_deliveries "$lag") ))
        ((failed == 0)) || die "$failed deliveries to the $backend pod were not answered 200: see $OUT/redis-*.log"
        busy=$(cat "$OUT/redis-busy.tsv")
        printf '%s\t%d\t%s\t%s\t%s\t%s\t%s\n' "$backend" "$round" "$(field rps "$ingest")" \
            "$(field p50_ms "$lag")" "$(field p99_ms "$lag")" "$(field latency_missing "$lag")" "$busy" >>"$RESULTS"
        log "  round $round $backend: $(field rps "$ingest") req/s (CPU busy: pods' $(cut -f1 <<<"$busy")%, client's $(cut -f2 <<<"$busy")%, of which Redis $(cut -f3 <<<"$busy")%), p50 $(field p50_ms "$lag") ms, p99 $(field p99_ms "$lag") ms; load $(uptime | sed 's/.*load average: //')"
    done
done

log "start to ready: $STARTS starts each, alternating; a replica over $GROUPS_IN_REDIS groups in Redis"
SEEDED=$PREFIX-seeded
start_pod "$PORT_A" redis "$SEEDED" "$OUT/redis-seeder.log"; a=$POD_PID
wait_for "$PORT_A" /q/health/ready "$a"
"${PIN_CLIENT[@]}" java -cp "$CLIENT_CP" io.absencegroups.bench.SeedGroups "$PORT_A" "$KEY" "$GROUPS_IN_REDIS" >/dev/null \
    2>>"$OUT/redis-client.log" || die "seeding failed: see $OUT/redis-client.log"
stop_pod "$a"
STARTS_TSV=$OUT/redis-starts.tsv
: >"$STARTS_TSV"
for ((i = 1; i <= STARTS; i++)); do
    for backend in memory redis; do
        t0=$(date +%s%N)
        start_pod "$PORT_C" "$backend" "$SEEDED" "$OUT/redis-start-$backend.log"; c=$POD_PID
        wait_for "$PORT_C" /q/health/ready "$c"
        t1=$(date +%s%N)
        if [[ $backend == redis ]]; then
            served=$(curl -fs "http://127.0.0.1:$PORT_C/absence-groups" | grep -o '"id":' | wc -l)
            ((served == GROUPS_IN_REDIS)) || die "the replica serves $served groups, not $GROUPS_IN_REDIS"
        fi
        printf '%s\t%d\n' "$backend" "$(((t1 - t0) / 1000000))" >>"$STARTS_TSV"
        stop_pod "$c"
    done
done

col() { awk -F'\t' -v b="$1" -v c="$2" '$1 == b {print $c}' "$RESULTS"; }
INGEST_MEMORY=$(col memory 3 | median)
INGEST_REDIS=$(col redis 3 | median)
RATIO=$(awk -v r="$INGEST_REDIS" -v m="$INGEST_MEMORY" 'BEGIN { printf "%.2f", r / m }')
LAG_P50=$(col redis 4 | median)
LAG_P99=$(col redis 5 | median)
START_MEMORY=$(awk -F'\t' '$1 == "memory" {print $2}' "$STARTS_TSV" | median)
START_REDIS=$(awk -F'\t' '$1 == "redis" {print $2}' "$STARTS_TSV" | median)
{
    echo "### The redis backend against the memory backend"
    echo
    echo "Generated by \`bench/redis.sh${1:+ $1}\` on $(date -u '+%Y-%m-%d %H:%M UTC'); $PINNING; pods \`${JAVA_OPTS[*]}\`;"
    echo "Redis $("${REDIS_CLI[@]}" info server | awk -F: '/^redis_version/ {gsub(/\r/, "", $2); print $2}') on loopback;"
    echo "load at the end: $(uptime | sed 's/.*load average: //'). Medians of $ROUNDS alternating rounds (ingest, lag) and $STARTS starts."
    echo "The ingest: wrk sends deliveries signed before the run (\`SignedDeliveries\`, new versions), 32 in flight, to one pod alone on"
    echo "its CPU: $WARMUP_SECONDS s unmeasured, then $SECONDS_PER_RUN s measured. Then \`WatchBenchmark\`, with one watcher, sends $DELIVERIES one at a time,"
    echo "20 ms apart (after $LAG_WARMUP_SECONDS s of deliveries as fast as they go), and times each from its 200 to its event on the"
    echo "watch stream: on the same pod for memory, on a second pod on the same Redis, started after the ingest, for"
    echo "redis (the replication lag). Every delivery was answered 200 (the script stops otherwise)."
    echo
    echo "| | memory | redis | ratio or target |"
    echo "|---|---:|---:|---|"
    echo "| ingest, req/s | $INGEST_MEMORY | $INGEST_REDIS | **$RATIO** (target ≥ 0.5: $(awk -v r="$RATIO" 'BEGIN { print (r >= 0.5) ? "met" : "**not met**" }')) |"
    echo "| during the ingest: the pods' CPU busy | $(col memory 7 | median)% | $(col redis 7 | median)% | |"
    echo "| the client's CPU busy (of which this run's own Redis) | $(col memory 8 | median)% | $(col redis 8 | median)% ($(col redis 9 | median)%) | |"
    echo "| a delivery's 200 to its event, p50 | $(col memory 4 | median) ms | $LAG_P50 ms | |"
    echo "| the same, p99 | $(col memory 5 | median) ms | **$LAG_P99 ms** | < 10 ms: $(awk -v p="$LAG_P99" 'BEGIN { print (p < 10) ? "met" : "**not met**" }') |"
    echo "| start to ready (memory: empty; redis: a replica loading $GROUPS_IN_REDIS groups) | $START_MEMORY ms | $START_REDIS ms | $(awk -v r="$START_REDIS" -v m="$START_MEMORY" 'BEGIN { printf "%.2f", r / m }') |"
    echo
    echo "Per round (backend, round, ingest req/s, p50 ms, p99 ms, events missing, busy % of the pods' CPU, of the"
    echo "client's CPU, Redis's share of a CPU; the busy figures from 2 s into the measured ingest, for 4 s less than it):"
    echo
    echo '```'
    cat "$RESULTS"
    echo '```'
} >"$OUT/redis-report.md"
cat "$OUT/redis-report.md"
