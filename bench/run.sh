#!/usr/bin/env bash
# Benchmarks of absence-groups-cache, each figure side by side with a no-op Vert.x server measured
# in the same run (see docs/benchmarks.md for what is measured and why).
#
#   bench/run.sh             the full run (about 22 minutes); writes the results into docs/benchmarks.md
#   bench/run.sh --quick     a smoke run of every part in under 3 minutes: 2 s runs without a real
#                            warm-up (its ratios mean nothing), 70k deliveries for memory, no JFR,
#                            two JMH cases; prints the tables, leaves docs/ alone
#   bench/run.sh --only startup
#                            only the startup part: the service's jar, its JDK 25 AOT-cache jar and a
#                            bare Quarkus app, 7 starts each in turn (12 minutes at a load average of 25,
#                            plus the builds it needs); writes the results into docs/startup.md
#
# Options: --build (package the jars first even if they look current), --no-docs (a full run that
# leaves docs/benchmarks.md and docs/startup.md alone), --only PART[,PART…] (run only these parts, of startup,
# reads, ingest, memory, jfr, jmh, watch, redis; the report leaves the others out and docs/benchmarks.md alone).
# Environment: BENCH_SERVICE_PORT (18080), BENCH_NOOP_PORT (18081), BENCH_SERVER_CPU (1),
# BENCH_CLIENT_CPU (0), BENCH_CONNECTIONS (32), BENCH_JAVA_OPTS (-Xmx256m), BENCH_JAVA25_HOME (the JDK 25
# that builds and runs the AOT cache; /usr/lib/jvm/temurin-25-jdk-amd64; without one the AOT jar is skipped).
#
# Needs a JDK 17 and wrk (installed with apt-get when missing). Traffic stays on 127.0.0.1.
# Not part of .ci/run: CI only compiles the harness's Java parts (src/test/java/io/absencegroups/bench).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh

MODE=full
BUILD=auto
DOCS=yes
ONLY=
COMMAND="bench/run.sh${*:+ $*}"
while (($#)); do
    case "$1" in
        --quick) MODE=quick; DOCS=no ;;
        --build) BUILD=always ;;
        --no-docs) DOCS=no ;;
        --only) ONLY=",${2:-},"; shift ;;
        --only=*) ONLY=",${1#--only=}," ;;
        -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 0 ;;
        *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done
ONLY=${ONLY:-,startup,reads,ingest,memory,jfr,jmh,watch,redis,}
for part in ${ONLY//,/ }; do
    [[ ,startup,reads,ingest,memory,jfr,jmh,watch,redis, == *",$part,"* ]] || { echo "unknown part $part (try --help)" >&2; exit 2; }
done
want() { [[ $ONLY == *",$1,"* ]]; }
# --only startup writes docs/startup.md; otherwise a partial run's report lacks sections: it never replaces
# the full run's in docs/
STARTUP_DOCS=$DOCS
[[ $ONLY == ,startup,reads,ingest,memory,jfr,jmh,watch,redis, ]] || DOCS=no

OUT=bench/out
DATA=$OUT/deliveries
JAR=target/quarkus-app/quarkus-run.jar
SVC_PORT=${BENCH_SERVICE_PORT:-18080}
NOOP_PORT=${BENCH_NOOP_PORT:-18081}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
# Half the manifests' 512Mi memory limit: the heap a pod would run with, so RSS means the same here
read -r -a JAVA_OPTS <<<"${BENCH_JAVA_OPTS:--Xmx256m}"
# %bench.protime.webhook.static-key in application.properties: a fixed, fake bench key
BENCH_KEY=bench-webhook-key-not-a-secret
GROUP_COUNT=500

QUICK_FLAG= # what the parts that are scripts of their own (watch, redis) get for this mode
if [[ $MODE == quick ]]; then
    QUICK_FLAG=--quick
    ROUNDS=1; DURATION=2; WARMUP=2; WARMUP_MAX=2; STARTS=2
    CHURN_WARMUP=20000; CHURN=50000
    JFR=no
    JMH_ARGS=(-f 1 -wi 1 -w 1s -i 2 -r 1s -gc true)
    JMH_FILTER='StoreBenchmark\.(applyNewer|baselineCompute|get)$'
    JMH_PARAMS=(-p ids=1000)
else
    ROUNDS=3; DURATION=10; WARMUP=5; WARMUP_MAX=60; STARTS=7
    CHURN_WARMUP=200000; CHURN=1000000
    JFR=yes; JFR_SECONDS=12
    JMH_ARGS=(-f 1 -wi 3 -w 1s -i 5 -r 1s -gc true)
    JMH_FILTER='StoreBenchmark|ReceiverBenchmark'
    JMH_PARAMS=()
fi
# Pre-signed deliveries per applied-mix run: more than the service takes in one run (it passed
# 58k/s on one core here), so almost all are applied; the report shows how many were
PER_ROUND=$((DURATION * 90000))

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

# --- processes: only the ones this script started, by their pid ---------------------------
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
}
trap cleanup EXIT

PIN_SERVER=()
PIN_CLIENT=()
CPUS=$(nproc)
if (( CPUS >= 2 )) && command -v taskset >/dev/null; then
    SERVER_CPU=${BENCH_SERVER_CPU:-1}
    CLIENT_CPU=${BENCH_CLIENT_CPU:-0}
    PIN_SERVER=(taskset -c "$SERVER_CPU")
    PIN_CLIENT=(taskset -c "$CLIENT_CPU")
    PINNING="service and no-op pinned to CPU $SERVER_CPU (one core, like the manifests' 1000m CPU limit), wrk to CPU $CLIENT_CPU"
else
    PINNING="not pinned (fewer than 2 CPUs or no taskset)"
fi

start_service() { # LOG [JVM options…]: the packaged app with the bench profile; sets SVC_PID
    local log=$1
    shift
    # the %bench profile turns the subscription off, so no upstream is needed
    "${PIN_SERVER[@]}" java "${JAVA_OPTS[@]}" "$@" -Dquarkus.profile=bench \
        -Dquarkus.http.port="$SVC_PORT" -jar "$JAR" >"$log" 2>&1 &
    SVC_PID=$!
    PIDS+=("$SVC_PID")
}

start_noop() { # LOG [list-file group-file]: the baseline from the same jars; sets NOOP_PID
    local log=$1
    shift
    "${PIN_SERVER[@]}" java "${JAVA_OPTS[@]}" -cp "target/quarkus-app/lib/main/*:target/test-classes" \
        io.absencegroups.bench.NoOpServer "$NOOP_PORT" "$@" >"$log" 2>&1 &
    NOOP_PID=$!
    PIDS+=("$NOOP_PID")
}

wait_live() { # PORT PID [PATH]: until GET PATH (default /q/health/live) answers 200
    local deadline=$((SECONDS + 90)) path=${3:-/q/health/live}
    until curl -fs -o /dev/null "http://127.0.0.1:$1$path"; do
        kill -0 "$2" 2>/dev/null || die "process $2 (port $1) exited; see $OUT/*.log"
        ((SECONDS < deadline)) || die "no 200 on $path from port $1 within 90 s"
        sleep 0.01
    done
}

stop() { # PID: SIGTERM and wait for the exit
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

port_free() {
    ! curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/" 2>/dev/null
}

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

live_heap_kb() { # objects reachable after a full GC (the class histogram forces one)
    jcmd "$1" GC.class_histogram 2>/dev/null | awk '/^Total/ {printf "%d\n", $3 / 1024}'
}

metrics() { curl -fs "http://127.0.0.1:$SVC_PORT/q/metrics"; }

items() { # "applied duplicate stale" totals of absencegroups_webhook_items_total
    metrics | awk '/^absencegroups_webhook_items_total\{/ {
            if ($0 ~ /result="applied"/) a += $NF
            else if ($0 ~ /result="duplicate"/) d += $NF
            else if ($0 ~ /result="stale"/) s += $NF }
        END { printf "%d %d %d\n", a, d, s }'
}

rejected() { # deliveries refused so far (a signed bench delivery never should be)
    metrics | awk '/^absencegroups_webhook_deliveries_total\{/ && /outcome="rejected"/ { r += $NF } END { printf "%d\n", r }'
}

wrk_run() { # SECONDS PORT SCRIPT [script args…]: prints wrk's RESULT line
    local seconds=$1 port=$2 script=$3
    shift 3
    local output
    output=$("${PIN_CLIENT[@]}" wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --timeout 5s -s "$script" \
        "http://127.0.0.1:$port" -- "$@" 2>&1) || die "wrk failed: $output"
    printf '%s\n\n' "$output" >>"$OUT/wrk.log"
    grep '^RESULT' <<<"$output" || die "wrk printed no RESULT line: $output"
}

delivered() { # deliveries the service has answered, whatever the outcome
    metrics | awk '/^absencegroups_webhook_deliveries_total\{/ { n += $NF } END { printf "%d\n", n }'
}

deliver_exactly() { # FIRST COUNT: sends lines FIRST.. of churn.txt until COUNT more deliveries are answered
    local target wrk_pid
    target=$(($(delivered) + $2))
    "${PIN_CLIENT[@]}" wrk -t1 -c"$CONNECTIONS" -d3600s --timeout 5s -s bench/deliveries.lua \
        "http://127.0.0.1:$SVC_PORT" -- "$DATA/churn.txt" "$1" "$2" "$2" >"$OUT/deliver.out" 2>&1 &
    wrk_pid=$!
    PIDS+=("$wrk_pid")
    # the Lua script stops sending after COUNT answers and asks wrk to end; should that signal
    # be lost, this ends it too
    while kill -0 "$wrk_pid" 2>/dev/null; do
        if (($(delivered) >= target)); then
            sleep 1
            kill -INT "$wrk_pid" 2>/dev/null || true
        fi
        sleep 0.5
    done
    wait "$wrk_pid" || true
    cat "$OUT/deliver.out" >>"$OUT/wrk.log"
    grep '^RESULT' "$OUT/deliver.out" || die "wrk printed no RESULT line: $(cat "$OUT/deliver.out")"
}

field() { # NAME LINE: the value of NAME=… in a RESULT line
    tr ' ' '\n' <<<"$2" | awk -F= -v k="$1" '$1 == k {print $2}'
}

# --- prerequisites -----------------------------------------------------------------------------
START_TIME=$(date +%s)
mkdir -p "$OUT"
: >"$OUT/wrk.log"
LOAD_START=$(uptime)
log "mode $MODE; load: $LOAD_START"

ensure_wrk
command -v jcmd >/dev/null || die "jcmd not found: a full JDK 17 is needed"

if [[ $BUILD == always || ! -f $JAR || ! -d target/test-classes/io/absencegroups/bench ]] \
    || [[ -n $(find src pom.xml -newer "$JAR" -type f -print -quit) ]]; then
    log "packaging the jar (./mvnw package -DskipTests)"
    ./mvnw -B -q package -DskipTests >"$OUT/build.log" 2>&1 || die "build failed: see $OUT/build.log"
else
    log "using the existing build ($JAR)"
fi

# --- 1. startup: the service's jar, its AOT-cache jar and a bare Quarkus app, side by side ----------
if want startup; then
# Process start (`java …`) to the first 200 on /q/health/live and on /absence-groups, and RSS after the
# start. What is measured and why: docs/startup.md.
BARE_DIR=bench/bare-app
BARE_JAR=$BARE_DIR/target/quarkus-app/quarkus-run.jar
AOT_APP=target/aot/quarkus-app
JAVA25_HOME=${BENCH_JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}

stale() { # TARGET SOURCE…: true when TARGET is missing, older than a source, or --build was given
    local target=$1
    shift
    [[ $BUILD == always || ! -e $target ]] || [[ -n $(find "$@" -newer "$target" -type f -print -quit) ]]
}
quarkus_version() { sed -n 's:.*<quarkus.platform.version>\(.*\)</quarkus.platform.version>.*:\1:p' "$1"; }
[[ $(quarkus_version pom.xml) == "$(quarkus_version "$BARE_DIR/pom.xml")" ]] \
    || die "the bare app is on Quarkus $(quarkus_version "$BARE_DIR/pom.xml"), the service on $(quarkus_version pom.xml): keep $BARE_DIR/pom.xml in step"
if stale "$BARE_JAR" "$BARE_DIR/src" "$BARE_DIR/pom.xml"; then
    log "packaging the bare app ($BARE_DIR, not part of the main build)"
    (cd "$BARE_DIR" && ../../mvnw -B -q -f pom.xml package) >"$OUT/bare-build.log" 2>&1 \
        || die "the bare app's build failed: see $OUT/bare-build.log"
fi
SUBJECTS=(service aot bare)
if [[ $("$JAVA25_HOME/bin/java" -version 2>&1) != *'version "25'* ]]; then
    SUBJECTS=(service bare)
    AOT_SKIPPED="no JDK 25 at $JAVA25_HOME (set BENCH_JAVA25_HOME)"
    log "startup: the AOT-cache jar is NOT measured: $AOT_SKIPPED"
elif stale "$AOT_APP/app.aot" src pom.xml; then
    log "packaging the AOT-cache jar with JDK 25 (./mvnw -Paot verify: aot-jar, then training on the integration tests)"
    JAVA_HOME=$JAVA25_HOME ./mvnw -B -q -Paot verify >"$OUT/aot-build.log" 2>&1 \
        || die "the AOT build failed: see $OUT/aot-build.log"
    [[ -s $AOT_APP/app.aot ]] || die "the AOT build wrote no $AOT_APP/app.aot: see $OUT/aot-build.log"
fi

start_subject() { # SUBJECT LOG: starts service, aot or bare on $SVC_PORT; sets SUBJECT_PID
    local java=java app=$JAR
    local opts=(-Dquarkus.profile=bench) # the %bench profile: subscription off, so no upstream is needed
    case $1 in
        aot) java=$JAVA25_HOME/bin/java app=$AOT_APP/quarkus-run.jar
            # AOTMode=on: a cache the JVM cannot use is an error here, not a silent start without it
            opts+=(-XX:AOTMode=on "-XX:AOTCache=$AOT_APP/app.aot") ;;
        bare) app=$BARE_JAR opts=() ;;
    esac
    "${PIN_SERVER[@]}" "$java" "${JAVA_OPTS[@]}" "${opts[@]}" -Dquarkus.http.port="$SVC_PORT" -jar "$app" >"$2" 2>&1 &
    SUBJECT_PID=$!
    PIDS+=("$SUBJECT_PID")
}

port_free "$SVC_PORT" || die "port $SVC_PORT is in use (set BENCH_SERVICE_PORT)"
STARTUP_LOAD_START=$(uptime)
log "startup: $STARTS starts each of ${SUBJECTS[*]}, in turn; load: $(sed 's/.*load average: //' <<<"$STARTUP_LOAD_START")"
: >"$OUT/startup.tsv"
for ((i = 1; i <= STARTS; i++)); do
    # the order rotates every round, so a change in the machine's load hits each subject alike
    k=$((i % ${#SUBJECTS[@]}))
    for subject in "${SUBJECTS[@]:k}" "${SUBJECTS[@]:0:k}"; do
        t0=$(date +%s%N)
        start_subject "$subject" "$OUT/startup-$subject.log"
        wait_live "$SVC_PORT" "$SUBJECT_PID"
        t1=$(date +%s%N)
        wait_live "$SVC_PORT" "$SUBJECT_PID" /absence-groups
        t2=$(date +%s%N)
        sleep 1
        printf '%s\t%d\t%d\t%d\t%d\n' "$subject" "$i" $(((t1 - t0) / 1000000)) $(((t2 - t0) / 1000000)) \
            "$(rss_kb "$SUBJECT_PID")" >>"$OUT/startup.tsv"
        stop "$SUBJECT_PID"
    done
done
STARTUP_LOAD_END=$(uptime)

startup_report() { # the startup part's markdown, from $OUT/startup.tsv
    echo "### Startup"
    echo
    echo "Process start (\`java …\`) to the first 200 on \`/q/health/live\`, then on \`/absence-groups\` (polled every"
    echo "10 ms, the list from the moment live answered), and RSS 1 s after the list's 200; $STARTS starts each, in turn"
    echo "(the order rotates every round), all with \`${JAVA_OPTS[*]}\`, pinned: ${PIN_SERVER[*]:-no (fewer than 2 CPUs or no taskset)}. Medians."
    echo "Load (1, 5, 15 min) before: $(sed 's/.*load average: //' <<<"$STARTUP_LOAD_START"); after: $(sed 's/.*load average: //' <<<"$STARTUP_LOAD_END")."
    [[ -n ${AOT_SKIPPED:-} ]] && echo "The AOT-cache jar was **not measured**: $AOT_SKIPPED."
    echo
    awk -F'\t' -v java17="$(java -version 2>&1 | awk -F'"' 'NR == 1 {print $2}')" \
        -v java25="$("$JAVA25_HOME/bin/java" -version 2>&1 | awk -F'"' 'NR == 1 {print $2}')" '
        function median(a, n,   i, j, t) {
            for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
            return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        { s = $1; k = ++n[s]; live[s, k] = $3; list[s, k] = $4; rss[s, k] = $5
          every[s] = every[s] (k > 1 ? ", " : "") $3 }
        function med(arr, s,   a, i) { for (i = 1; i <= n[s]; i++) a[i] = arr[s, i]; return median(a, n[s]) }
        function ok(v, t) { return v <= t ? "yes" : "**no**" }
        END {
            label["service"] = "service jar (`-Dquarkus.profile=bench`: subscription off)"
            label["aot"] = "service, AOT-cache jar (`-XX:AOTCache=app.aot`)"
            label["bare"] = "bare `quarkus-rest` app (bench/bare-app)"
            jdk["service"] = java17; jdk["aot"] = java25; jdk["bare"] = java17
            print "| | JDK | to 200 on live | to 200 on the list | RSS after | live, every start (ms) |"
            print "|---|---|---:|---:|---:|---|"
            split("service aot bare", order, " ")
            for (o = 1; o <= 3; o++) {
                s = order[o]; if (!(s in n)) continue
                L[s] = med(live, s); T[s] = med(list, s); R[s] = med(rss, s)
                printf "| %s | %s | %d ms | %d ms | %.0f MiB | %s |\n", label[s], jdk[s], L[s], T[s], R[s] / 1024, every[s]
            }
            print ""
            print "| ratio (of the medians) | live | list | RSS | target | met |"
            print "|---|---:|---:|---:|---|---|"
            if (("service" in n) && ("bare" in n))
                printf "| service jar / bare app | **%.2f** | **%.2f** | **%.2f** | start <= 1.2, RSS <= 1.3 | start: %s (live), %s (list); RSS: %s |\n",
                    L["service"] / L["bare"], T["service"] / T["bare"], R["service"] / R["bare"],
                    ok(L["service"] / L["bare"], 1.2), ok(T["service"] / T["bare"], 1.2), ok(R["service"] / R["bare"], 1.3)
            if (("aot" in n) && ("service" in n))
                printf "| AOT-cache jar / service jar | **%.2f** | **%.2f** | %.2f | start <= 0.6 | %s (live), %s (list) |\n",
                    L["aot"] / L["service"], T["aot"] / T["service"], R["aot"] / R["service"],
                    ok(L["aot"] / L["service"], 0.6), ok(T["aot"] / T["service"], 0.6)
            if (("aot" in n) && ("bare" in n))
                printf "| AOT-cache jar / bare app | %.2f | %.2f | %.2f | - | - |\n", L["aot"] / L["bare"], T["aot"] / T["bare"], R["aot"] / R["bare"]
        }' "$OUT/startup.tsv"
}

STARTUP_REPORT=$OUT/startup-report.md
{
    echo "Generated by \`$COMMAND\` on $(date -u '+%Y-%m-%d %H:%M UTC'): $(nproc) CPUs ($(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)), $(uname -sr)."
    echo
    startup_report
} >"$STARTUP_REPORT"
if [[ $STARTUP_DOCS == yes ]]; then
    if grep -q '^<!-- startup:begin -->' docs/startup.md 2>/dev/null; then
        awk -v report="$STARTUP_REPORT" '
            /^<!-- startup:begin -->/ { print; while ((getline line < report) > 0) print line; skip = 1; next }
            /^<!-- startup:end -->/ { skip = 0 }
            !skip' docs/startup.md >docs/startup.md.new && mv docs/startup.md.new docs/startup.md
        log "startup results written into docs/startup.md"
    else
        log "docs/startup.md has no <!-- startup:begin --> marker: results only in $STARTUP_REPORT"
    fi
fi
fi # want startup
if [[ $ONLY == ,startup, ]]; then
    cat "$STARTUP_REPORT"
    log "done in $(($(date +%s) - START_TIME)) s; load: $(uptime | sed 's/.*load average: //')"
    exit 0
fi
if [[ ! -s $OUT/test-classpath.txt || pom.xml -nt $OUT/test-classpath.txt ]]; then
    log "resolving the test classpath for JMH"
    ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/test-classpath.txt" \
        >"$OUT/classpath.log" 2>&1 || die "classpath failed: see $OUT/classpath.log"
fi
port_free "$SVC_PORT" || die "port $SVC_PORT is in use (set BENCH_SERVICE_PORT)"
port_free "$NOOP_PORT" || die "port $NOOP_PORT is in use (set BENCH_NOOP_PORT)"

log "signing deliveries: $GROUP_COUNT groups, $((ROUNDS + 1)) x $PER_ROUND applied, $((CHURN_WARMUP + CHURN)) churn"
rm -rf "$DATA"
java -cp target/test-classes io.absencegroups.bench.SignedDeliveries "$DATA" "$BENCH_KEY" "$GROUP_COUNT" \
    "$((ROUNDS + 1))" "$PER_ROUND" "$((CHURN_WARMUP + CHURN))"

# --- 2. throughput and latency, side by side ---------------------------------------------------
RESULTS=$OUT/results.tsv
: >"$RESULTS"
: >"$OUT/ingest-items.tsv"
if want reads || want ingest; then
log "throughput: starting the service and seeding $GROUP_COUNT groups"
start_service "$OUT/service.log"
wait_live "$SVC_PORT" "$SVC_PID"
seed_sig=$(cut -f1 "$DATA/seed.txt")
cut -f2- "$DATA/seed.txt" | tr -d '\n' >"$DATA/seed.json"
seeded=$(curl -fs -X POST -H 'Content-Type: application/json' -H "X-Protime-Signature: $seed_sig" \
    --data-binary "@$DATA/seed.json" "http://127.0.0.1:$SVC_PORT/webhooks/absence-groups")
[[ $seeded == "{\"applied\":$GROUP_COUNT,\"ignored\":0}" ]] || die "seeding answered $seeded"
curl -fs "http://127.0.0.1:$SVC_PORT/absence-groups/1" >"$DATA/group.json"
curl -fs -D "$DATA/list.headers" "http://127.0.0.1:$SVC_PORT/absence-groups" >"$DATA/list.json"
ETAG=$(awk -F': ' 'tolower($1) == "etag" {gsub(/\r/, "", $2); print $2}' "$DATA/list.headers")
[[ -n $ETAG ]] || die "the list has no ETag"
listed=$(grep -o '"changeVersion"' "$DATA/list.json" | wc -l)
((listed == GROUP_COUNT + 1)) || die "the list holds $((listed - 1)) groups, not $GROUP_COUNT"

# the no-op answers with the service's own bytes
start_noop "$OUT/noop.log" "$DATA/list.json" "$DATA/group.json"
wait_live "$NOOP_PORT" "$NOOP_PID"

scenario_args() { # SCENARIO ROUND: the wrk script and its arguments
    case "$1" in
        read-one) echo "bench/reads.lua one $GROUP_COUNT" ;;
        read-list) echo "bench/reads.lua list" ;;
        read-304) echo "bench/reads.lua revalidate $ETAG" ;;
        read-floor) echo "bench/reads.lua floor" ;;
        ingest-duplicate) echo "bench/deliveries.lua $DATA/duplicates.txt" ;;
        ingest-applied) echo "bench/deliveries.lua $DATA/applied-$(($2 + 1)).txt" ;;
    esac
}

measure() { # SCENARIO SERVER ROUND SECONDS
    local scenario=$1 server=$2 round=$3 seconds=$4 port before after line
    port=$([[ $server == service ]] && echo "$SVC_PORT" || echo "$NOOP_PORT")
    # shellcheck disable=SC2046 # the arguments are words without spaces
    [[ $server == service && $scenario == ingest-* ]] && before=$(items)
    line=$(wrk_run "$seconds" "$port" $(scenario_args "$scenario" "$round"))
    if ((round > 0)); then
        printf '%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n' "$scenario" "$server" "$round" "$(field rps "$line")" \
            "$(field p50_us "$line")" "$(field p99_us "$line")" "$(field status_errors "$line")" \
            "$(field socket_errors "$line")" >>"$RESULTS"
        if [[ $server == service && $scenario == ingest-* ]]; then
            after=$(items)
            read -r a0 d0 s0 <<<"$before"
            read -r a1 d1 s1 <<<"$after"
            printf '%s\t%d\t%d\t%d\t%d\n' "$scenario" "$round" $((a1 - a0)) $((d1 - d0)) $((s1 - s0)) >>"$OUT/ingest-items.tsv"
        fi
    fi
}

check_reads() { # the fixtures the reads rely on: 500 groups, and the ETag still current (304)
    local status count
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $ETAG" "http://127.0.0.1:$SVC_PORT/absence-groups")
    [[ $status == 304 ]] || die "the list's ETag is no longer current ($status): the reads did not measure a 304"
    count=$(curl -fs "http://127.0.0.1:$SVC_PORT/absence-groups" | grep -o '"changeVersion"' | wc -l)
    ((count == GROUP_COUNT + 1)) || die "the list holds $((count - 1)) groups, not $GROUP_COUNT"
}

SCENARIOS=(read-one read-list read-304 read-floor ingest-duplicate ingest-applied)
# the reads first, on the 500 seeded groups (the applied mix adds groups), then the ingest. Each
# phase starts with a warm-up of its scenarios on both servers (the JIT compiles on the same core);
# then the order of the two servers alternates every round, so drift (other builds on the machine)
# hits both alike
WARMUP_LOG=$OUT/warmup.tsv
: >"$WARMUP_LOG"
warm_up() { # SCENARIO SERVER: runs of WARMUP s until one gains less than 5% on the one before (at most WARMUP_MAX s)
    local scenario=$1 server=$2 port line rps previous=0 spent=0
    port=$([[ $server == service ]] && echo "$SVC_PORT" || echo "$NOOP_PORT")
    while ((spent < WARMUP_MAX)); do
        # shellcheck disable=SC2046 # the arguments are words without spaces
        line=$(wrk_run "$WARMUP" "$port" $(scenario_args "$scenario" 0))
        rps=$(field rps "$line")
        spent=$((spent + WARMUP))
        printf '%s\t%s\t%d\t%s\n' "$scenario" "$server" "$spent" "$rps" >>"$WARMUP_LOG"
        awk -v r="$rps" -v p="$previous" 'BEGIN { exit !(p > 0 && r <= 1.05 * p) }' && break
        # the applied mix cannot repeat its deliveries (they would be duplicates): one run, after the
        # duplicates warmed the same receiver code
        [[ $scenario == ingest-applied ]] && break
        previous=$rps
    done
    log "  warm-up $scenario on $server: $spent s, last $rps req/s"
}

for phase in read ingest; do
    want "${phase/read/reads}" || continue
    log "$phase warm-up: runs of ${WARMUP}s until the rate levels off (the JIT compiles on the server's one core)"
    for scenario in "${SCENARIOS[@]}"; do
        [[ $scenario == "$phase"-* ]] || continue
        warm_up "$scenario" noop
        warm_up "$scenario" service
    done
    [[ $phase == read ]] && check_reads
    for ((round = 1; round <= ROUNDS; round++)); do
        order=(noop service)
        ((round % 2 == 0)) && order=(service noop)
        log "$phase round $round/$ROUNDS (${order[*]}); load: $(uptime | sed 's/.*load average: //')"
        for scenario in "${SCENARIOS[@]}"; do
            [[ $scenario == "$phase"-* ]] || continue
            for server in "${order[@]}"; do
                measure "$scenario" "$server" "$round" "$DURATION"
            done
        done
    done
    [[ $phase == read ]] && check_reads
done
REJECTED=$(rejected)
SVC_RSS_AFTER_THROUGHPUT=$(rss_kb "$SVC_PID")
NOOP_RSS_AFTER_THROUGHPUT=$(rss_kb "$NOOP_PID")
stop "$SVC_PID"
stop "$NOOP_PID"
fi

# --- 3. memory growth: RSS after warm-up and after the deliveries with deletes -----------------
if want memory; then
log "memory: $CHURN_WARMUP deliveries of warm-up, then $CHURN more (a third of them deletes)"
# the whole heap is committed and touched at start, so RSS after warm-up already holds it: what
# grows after that is native memory or a heap that outgrew its bound (see docs/benchmarks.md)
MEMORY_OPTS=(-XX:+AlwaysPreTouch)
for opt in "${JAVA_OPTS[@]}"; do
    [[ $opt == -Xmx* ]] && MEMORY_OPTS=(-Xms"${opt#-Xmx}" -XX:+AlwaysPreTouch)
done
start_service "$OUT/memory-service.log" "${MEMORY_OPTS[@]}"
wait_live "$SVC_PORT" "$SVC_PID"
mem_start=$(date +%s)
deliver_exactly 1 "$CHURN_WARMUP" >"$OUT/warm.result"
sleep 2
RSS_WARM=$(rss_kb "$SVC_PID")
LIVE_WARM=$(live_heap_kb "$SVC_PID")
read -r MEM_A0 MEM_D0 MEM_S0 <<<"$(items)"
: >"$OUT/memory-samples.tsv"
(
    while kill -0 "$SVC_PID" 2>/dev/null; do
        printf '%d\t%s\n' "$(($(date +%s) - mem_start))" "$(rss_kb "$SVC_PID" 2>/dev/null || echo 0)" >>"$OUT/memory-samples.tsv"
        sleep 2
    done
) &
SAMPLER=$!
PIDS+=("$SAMPLER")
churn_t0=$(date +%s)
deliver_exactly "$((CHURN_WARMUP + 1))" "$CHURN" >"$OUT/churn.result"
churn_line=$(cat "$OUT/churn.result")
CHURN_SECONDS=$(($(date +%s) - churn_t0))
sleep 2
RSS_AFTER=$(rss_kb "$SVC_PID")
RSS_MAX=$(awk 'BEGIN {m = 0} $2 > m {m = $2} END {print m}' "$OUT/memory-samples.tsv")
LIVE_AFTER=$(live_heap_kb "$SVC_PID")
read -r MEM_A1 MEM_D1 MEM_S1 <<<"$(items)"
MEM_REJECTED=$(rejected)
kill "$SAMPLER" 2>/dev/null || true
stop "$SVC_PID"
fi

# --- 4. JFR profile of an ingest run -----------------------------------------------------------
JFR_REPORT=""
if [[ $JFR == yes ]] && want jfr; then
    log "JFR: ${JFR_SECONDS}s of ingest (applied mix) under the profiler"
    rm -f "$OUT/ingest.jfr"
    start_service "$OUT/jfr-service.log" -XX:+FlightRecorder \
        "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=$OUT/ingest.jfr"
    wait_live "$SVC_PORT" "$SVC_PID"
    # the JIT compiles on the same core: 20 s of the applied mix first, so the profile shows compiled code
    wrk_run 20 "$SVC_PORT" bench/deliveries.lua "$DATA/applied-1.txt" >/dev/null
    jfr_from=$(date +%s%3N)
    JFR_LINE=$(wrk_run "$JFR_SECONDS" "$SVC_PORT" bench/deliveries.lua "$DATA/applied-2.txt")
    stop "$SVC_PID"
    JFR_REPORT=$(java -cp target/test-classes io.absencegroups.bench.JfrTopFrames "$OUT/ingest.jfr" 12 "$jfr_from")
fi

# --- 5. the store on its own (JMH) -------------------------------------------------------------
JMH_CP="target/test-classes:target/classes:$(cat "$OUT/test-classpath.txt")"
want jmh && log "JMH: $JMH_FILTER with 1 and 2 threads"
want jmh && for threads in 1 2; do
    java -cp "$JMH_CP" org.openjdk.jmh.Main "$JMH_FILTER" -t "$threads" "${JMH_ARGS[@]}" "${JMH_PARAMS[@]}" \
        -rf csv -rff "$OUT/jmh-t$threads.csv" >"$OUT/jmh-t$threads.log" 2>&1 || die "JMH failed: see $OUT/jmh-t$threads.log"
done

# --- report ------------------------------------------------------------------------------------
LOAD_END=$(uptime)
ELAPSED=$(($(date +%s) - START_TIME))
REPORT=$OUT/report.md
ok() { # VALUE TARGET min|max
    [[ -n $1 ]] || { echo "**not measured**"; return; }
    awk -v v="$1" -v t="$2" -v dir="$3" 'BEGIN { m = (dir == "min") ? (v >= t) : (v <= t); print m ? "yes" : "**no**" }'
}
{
    echo "Generated by \`$COMMAND\` on $(date -u '+%Y-%m-%d %H:%M UTC'); the run took $((ELAPSED / 60)) min $((ELAPSED % 60)) s."
    echo
    echo "| machine | |"
    echo "|---|---|"
    echo "| CPUs (\`nproc\`) | $CPUS |"
    echo "| CPU model | $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo) |"
    echo "| memory | $(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) |"
    echo "| Java | $(java -version 2>&1 | awk 'NR == 2' | sed 's/ (build.*//') $(java -version 2>&1 | awk -F'[()]' 'NR == 2 {print $2}') |"
    echo "| kernel | $(uname -sr) |"
    echo "| load at start | $(sed 's/.*load average: //' <<<"$LOAD_START") |"
    echo "| load at end | $(sed 's/.*load average: //' <<<"$LOAD_END") |"
    echo "| pinning | $PINNING |"
    echo "| JVM options (service and no-op) | \`${JAVA_OPTS[*]}\` |"
    echo "| wrk | 1 thread, $CONNECTIONS connections, ${DURATION} s a run, $ROUNDS round(s) a scenario, after a warm-up of ${WARMUP} s runs until the rate gains less than 5% (at most ${WARMUP_MAX} s; see $WARMUP_LOG) |"
    echo
    if want reads || want ingest; then
    echo "### Throughput and latency against the no-op"
    echo
    echo "Medians over $ROUNDS round(s); the ratio is the service's req/s over the no-op's in the same round (median of the rounds)."
    echo
    echo "The service's time per request over the no-op's is 1/req/s of each, subtracted: both are bound by the one core."
    echo
    echo "| scenario | service req/s | no-op req/s | ratio | µs per request over the no-op | service p50 | no-op p50 | service p99 | no-op p99 | target | met |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
    awk -F'\t' '
        function median(a, n,   i, j, t) {
            for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
            return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        function ms(us) { return sprintf("%.2f ms", us / 1000) }
        { key = $1 SUBSEP $2; n[key]++; rps[key, n[key]] = $4; p50[key, n[key]] = $5; p99[key, n[key]] = $6
          err[key] += ($1 == "read-floor" ? 0 : $7) + $8; round[key, $3] = $4 }
        END {
            split("read-one read-list read-304 read-floor ingest-duplicate ingest-applied", order, " ")
            target["read-one"] = 0.85; target["ingest-duplicate"] = 0.80; target["ingest-applied"] = 0.80
            label["read-one"] = "GET /absence-groups/{id}"
            label["read-list"] = "GET /absence-groups (500 groups)"
            label["read-304"] = "GET /absence-groups, If-None-Match (304)"
            label["read-floor"] = "floor: GET on the receiver path (the service answers a fixed 405)"
            label["ingest-duplicate"] = "POST delivery, all duplicates"
            label["ingest-applied"] = "POST delivery, applied (new versions)"
            for (o = 1; o <= 6; o++) {
                s = order[o]; sk = s SUBSEP "service"; nk = s SUBSEP "noop"
                if (!(sk in n)) continue
                delete a; delete b; delete c; delete d; delete e; delete f; delete r; m = 0
                for (i = 1; i <= n[sk]; i++) { a[i] = rps[sk, i]; c[i] = p50[sk, i]; e[i] = p99[sk, i] }
                for (i = 1; i <= n[nk]; i++) { b[i] = rps[nk, i]; d[i] = p50[nk, i]; f[i] = p99[nk, i] }
                for (k = 1; k <= n[sk]; k++) if ((sk, k) in round && (nk, k) in round) r[++m] = round[sk, k] / round[nk, k]
                ratio = median(r, m)
                t = (s in target) ? sprintf(">= %.2f", target[s]) : "-"
                met = (s in target) ? (ratio >= target[s] ? "yes" : "**no**") : "-"
                errors = err[sk] + err[nk]
                ms_ = median(a, n[sk]); mn = median(b, n[nk])
                printf "| %s%s | %.0f | %.0f | **%.2f** | %.1f | %s | %s | %s | %s | %s | %s |\n", label[s],
                    errors ? sprintf(" (%d errors!)", errors) : "",
                    ms_, mn, ratio, 1e6 / ms_ - 1e6 / mn, ms(median(c, n[sk])), ms(median(d, n[nk])),
                    ms(median(e, n[sk])), ms(median(f, n[nk])), t, met
            }
        }' "$RESULTS"
    echo
    echo "What the store did with the measured deliveries (\`absencegroups_webhook_items_total\`), and refused deliveries (\`absencegroups_webhook_deliveries_total{outcome=\"rejected\"}\`): $REJECTED."
    echo
    echo "| scenario | round | applied | duplicate | stale |"
    echo "|---|---:|---:|---:|---:|"
    awk -F'\t' '{printf "| %s | %d | %d | %d | %d |\n", $1, $2, $3, $4, $5}' "$OUT/ingest-items.tsv"
    echo
    fi
    if want memory; then
    echo "### Memory"
    echo
    echo "A fresh service; $CHURN_WARMUP deliveries of warm-up, then $CHURN more, of a sliding window of $GROUP_COUNT live ids:"
    echo "each step creates a group, updates one and deletes one, so a third are deletes and the tombstones"
    echo "stay at their bound (\`protime.store.tombstone-max-count\`, 10000). The $CHURN took $CHURN_SECONDS s"
    echo "($(field rps "$churn_line") req/s); store results: $((MEM_A1 - MEM_A0)) applied, $((MEM_D1 - MEM_D0)) duplicate, $((MEM_S1 - MEM_S0)) stale; $MEM_REJECTED refused."
    echo
    echo "Service JVM options for this run: \`${JAVA_OPTS[*]} ${MEMORY_OPTS[*]}\` (the heap committed and touched at start)."
    echo "RSS every 2 s while the $CHURN ran (MiB): $(awk '{printf "%s%d", (NR > 1 ? ", " : ""), $2 / 1024}' "$OUT/memory-samples.tsv")."
    echo
    echo "| | RSS | live heap after a full GC |"
    echo "|---|---:|---:|"
    echo "| after warm-up | $((RSS_WARM / 1024)) MiB | $((LIVE_WARM / 1024)) MiB |"
    echo "| highest while the $CHURN ran (sampled every 2 s) | $((RSS_MAX / 1024)) MiB | |"
    echo "| after the $CHURN | $((RSS_AFTER / 1024)) MiB | $((LIVE_AFTER / 1024)) MiB |"
    echo "| **ratio** | **$(awk -v a="$RSS_AFTER" -v w="$RSS_WARM" 'BEGIN {printf "%.2f", a / w}')** (target <= 1.10: $(ok "$(awk -v a="$RSS_AFTER" -v w="$RSS_WARM" 'BEGIN {printf "%.4f", a / w}')" 1.10 max)) | $(awk -v a="$LIVE_AFTER" -v w="$LIVE_WARM" 'BEGIN {printf "%.2f", a / w}') |"
    echo
    echo "For scale, after the throughput runs: service RSS $((SVC_RSS_AFTER_THROUGHPUT / 1024)) MiB, no-op RSS $((NOOP_RSS_AFTER_THROUGHPUT / 1024)) MiB."
    echo
    fi
    if want startup; then
    startup_report
    echo
    fi
    if want jmh; then
    echo "### Micro-benchmarks (JMH, ns/op, average time)"
    echo
    echo "\`${JMH_ARGS[*]}\`, not pinned; score ± 99.9% error. \`StoreBenchmark\`: the store alone; \`ReceiverBenchmark\`:"
    echo "the receiver's signature check and parse of one bench delivery, without HTTP. \`baselineCompute\`: the same update"
    echo "through a bare \`ConcurrentHashMap.compute\`, measured in the same run. Target: \`applyNewer\` <= 4x \`baselineCompute\` at 1k ids."
    echo
    echo "| benchmark | ids | 1 thread | 2 threads |"
    echo "|---|---:|---:|---:|"
    awk -F',' '
        FNR == 1 { t = (FILENAME ~ /t2/) ? 2 : 1; next }
        { gsub(/"|\r/, ""); name = $1; sub(/.*\./, "", name); key = name SUBSEP $8
          if (!(key in seen)) { seen[key] = 1; keys[++k] = key }
          v[key, t] = sprintf("%.1f ± %.1f", $5, $6) }
        END { for (i = 1; i <= k; i++) { split(keys[i], p, SUBSEP)
              printf "| %s | %s | %s | %s |\n", p[1], p[2], v[keys[i], 1], v[keys[i], 2] } }' \
        "$OUT/jmh-t1.csv" "$OUT/jmh-t2.csv"
    APPLY_1K=$(awk -F',' '{gsub(/"|\r/, "")} $1 ~ /applyNewer$/ && $8 + 0 == 1000 {print $5}' "$OUT/jmh-t1.csv")
    BASE_1K=$(awk -F',' '{gsub(/"|\r/, "")} $1 ~ /baselineCompute$/ && $8 + 0 == 1000 {print $5}' "$OUT/jmh-t1.csv")
    APPLY_RATIO=$(awk -v a="$APPLY_1K" -v b="$BASE_1K" 'BEGIN { printf "%.2f", a / b }')
    echo
    echo "\`applyNewer\`, 1k ids, 1 thread: ${APPLY_1K%.*} ns/op against \`baselineCompute\` ${BASE_1K%.*} ns/op:"
    echo "**${APPLY_RATIO}x** (target <= 4x: $(ok "$APPLY_RATIO" 4 max))."
    fi
    if [[ -n $JFR_REPORT ]]; then
        echo
        echo "### Ingest profile (JFR)"
        echo
        echo "A fresh service under \`-XX:StartFlightRecording=settings=profile\`: 20 s of the applied mix to warm up, then ${JFR_SECONDS} s"
        echo "of the applied mix ($(field rps "$JFR_LINE") req/s under the profiler); only samples from the measured part."
        echo
        echo "$JFR_REPORT"
    fi
} >"$REPORT"

# --- 6. the watch stream: 1,000 watchers (its own service and client; see bench/watch.sh) -------
if want watch; then
    log "watch stream: bench/watch.sh"
    bench/watch.sh ${QUICK_FLAG:+"$QUICK_FLAG"} >/dev/null || die "bench/watch.sh failed"
    { echo; cat "$OUT/watch-report.md"; } >>"$REPORT"
fi

# --- 7. the redis backend against the memory backend (its own pods and Redis keys; see bench/redis.sh) -
if want redis; then
    log "redis backend: bench/redis.sh"
    bench/redis.sh ${QUICK_FLAG:+"$QUICK_FLAG"} >/dev/null || die "bench/redis.sh failed"
    { echo; cat "$OUT/redis-report.md"; } >>"$REPORT"
fi

cat "$REPORT"
if [[ $DOCS == yes ]]; then
    DOC=docs/benchmarks.md
    if [[ -f $DOC ]] && grep -q '^<!-- bench:begin -->' "$DOC"; then
        awk -v report="$REPORT" '
            /^<!-- bench:begin -->/ { print; while ((getline line < report) > 0) print line; skip = 1; next }
            /^<!-- bench:end -->/ { skip = 0 }
            !skip' "$DOC" >"$DOC.new" && mv "$DOC.new" "$DOC"
        log "results written into $DOC"
    else
        log "$DOC has no <!-- bench:begin --> marker: results only in $REPORT"
    fi
fi
log "done in $((ELAPSED / 60)) min $((ELAPSED % 60)) s; load: $(uptime | sed 's/.*load average: //')"
