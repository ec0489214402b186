# Sourced by the bench scripts: what they share.

# pin_cpus SERVER [NOTE]: the taskset prefixes PIN_SERVER (BENCH_SERVER_CPU, 1) and PIN_CLIENT (BENCH_CLIENT_CPU, 0),
# empty on one CPU or without taskset, and PINNING, the sentence the reports print ("SERVER on CPU 1, client on
# CPU 0[, NOTE]").
pin_cpus() {
    PIN_SERVER=()
    PIN_CLIENT=()
    PINNING="not pinned (fewer than 2 CPUs or no taskset)"
    if (($(nproc) >= 2)) && command -v taskset >/dev/null; then
        PIN_SERVER=(taskset -c "${BENCH_SERVER_CPU:-1}")
        PIN_CLIENT=(taskset -c "${BENCH_CLIENT_CPU:-0}")
        PINNING="$1 on CPU ${BENCH_SERVER_CPU:-1}, client on CPU ${BENCH_CLIENT_CPU:-0}${2:+, $2}"
    fi
}

# ensure_wrk: installs wrk (Debian package) when it is missing; needs the caller's log()
ensure_wrk() {
    command -v wrk >/dev/null && return 0
    log "installing wrk (Debian package)"
    if [[ $(id -u) == 0 ]]; then
        apt-get update -qq && apt-get install -y -qq wrk >/dev/null
    else
        sudo apt-get update -qq && sudo apt-get install -y -qq wrk >/dev/null
    fi
}
