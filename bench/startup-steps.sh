#!/usr/bin/env bash
# Where one start of the service goes, step by step (see docs/startup.md):
#
#   bench/startup-steps.sh [-n STARTS] [JAR [JVM option…]]
#
# Starts the packaged app (default target/quarkus-app/quarkus-run.jar, with -Dquarkus.profile=bench when it is
# the service) STARTS times (default 3), pinned to one core like bench/run.sh, with -Xlog:class+load, until
# /q/health/live answers 200. Quarkus runs its recorded build steps one after another on the main thread and
# loads each step's generated class as the step begins, so the class-load log splits the start into steps:
# for each step, the median time from its class to the next step's, and how many classes were loaded meanwhile.
# "(JVM and bootstrap)" is everything before the first step; "(last step to live)" runs to the 200. The
# step that ends the static init also holds the runtime config's creation (Config.createRunTimeConfig).
# Environment: BENCH_SERVICE_PORT (18080), BENCH_SERVER_CPU (1), BENCH_JAVA_OPTS (-Xmx256m), JAVA (java).
set -euo pipefail
cd "$(dirname "$0")/.."
STARTS=3
if [[ ${1:-} == -n ]]; then STARTS=$2; shift 2; fi
JAR=${1:-target/quarkus-app/quarkus-run.jar}
(($#)) && shift
EXTRA=("$@")
[[ $JAR == target/quarkus-app/quarkus-run.jar && $# -eq 0 ]] && EXTRA=(-Dquarkus.profile=bench)
PORT=${BENCH_SERVICE_PORT:-18080}
read -r -a JAVA_OPTS <<<"${BENCH_JAVA_OPTS:--Xmx256m}"
PIN=()
if (($(nproc) >= 2)) && command -v taskset >/dev/null; then PIN=(taskset -c "${BENCH_SERVER_CPU:-1}"); fi
OUT=bench/out/steps/$(tr -c "[:alnum:]\n" _ <<<"${JAR%/quarkus-run.jar}")
mkdir -p "$OUT"
[[ -f $JAR ]] || { echo "no $JAR: package it first" >&2; exit 1; }
! curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/" || { echo "port $PORT is in use (set BENCH_SERVICE_PORT)" >&2; exit 1; }

PID=
trap '[[ -n $PID ]] && kill "$PID" 2>/dev/null; true' EXIT
for ((i = 1; i <= STARTS; i++)); do
    t0=$(date +%s%N)
    "${PIN[@]}" "${JAVA:-java}" "${JAVA_OPTS[@]}" "-Xlog:class+load:file=$OUT/classes-$i.log" "${EXTRA[@]}" \
        -Dquarkus.http.port="$PORT" -jar "$JAR" >"$OUT/start-$i.log" 2>&1 &
    PID=$!
    deadline=$((SECONDS + 90))
    until curl -fs -o /dev/null "http://127.0.0.1:$PORT/q/health/live"; do
        kill -0 "$PID" 2>/dev/null || { echo "the app exited: see $OUT/start-$i.log" >&2; exit 1; }
        ((SECONDS < deadline)) || { echo "no 200 within 90 s" >&2; exit 1; }
        sleep 0.01
    done
    live_ms=$((($(date +%s%N) - t0) / 1000000))
    kill "$PID"
    wait "$PID" 2>/dev/null || true
    PID=
    # the uptime (s) at which live answered, on the class-load log's clock (it starts with the JVM)
    awk -v live="$live_ms" -v start="$i" '
        { t = substr($1, 2) + 0; cls = $0; sub(/.*\] /, "", cls); sub(/ source.*/, "", cls) }
        cls ~ /^io\.quarkus\.runner\.recorded\./ && cls !~ /\$\$/ {
            if (name == "") { printf "%s\t(JVM and bootstrap)\t%d\t%d\n", start, t * 1000, n }
            else printf "%s\t%s\t%d\t%d\n", start, name, (t - t0) * 1000, n
            name = cls; sub(/^io\.quarkus\.runner\.recorded\./, "", name); sub(/[0-9]+$/, "", name); t0 = t; n = 0; next }
        { n++ }
        END { printf "%s\t%s\t%d\t%d\n", start, name " (last step to live)", live - t0 * 1000, n
              printf "%s\t(the whole start, to live)\t%d\t%d\n", start, live, NR }' "$OUT/classes-$i.log"
done >"$OUT/steps.tsv"

echo "$STARTS start(s) of $JAR ${EXTRA[*]}; load: $(uptime | sed 's/.*load average: //')"
echo
echo "| step | ms (median) | classes loaded (median) |"
echo "|---|---:|---:|"
awk -F'\t' '
    function median(a, n,   i, j, t) {
        for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    { k = ++n[$2]; ms[$2, k] = $3; cl[$2, k] = $4; if (k == 1) order[++steps] = $2 }
    END {
        for (s = 1; s <= steps; s++) { name = order[s]
            delete a; delete b
            for (i = 1; i <= n[name]; i++) { a[i] = ms[name, i]; b[i] = cl[name, i] }
            m = median(a, n[name]); c = median(b, n[name])
            if (m >= 20 || name ~ /^\(/) printf "| %s | %d | %d |\n", name, m, c }
    }' "$OUT/steps.tsv" | sort -t'|' -k3 -rn
echo
echo "Steps under 20 ms are left out; every start is in $OUT/steps.tsv."
