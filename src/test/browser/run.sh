#!/usr/bin/env bash
# The live page (/) in a real browser: headless Debian Chromium driven by playwright-core.
# Installs what is missing (the chromium package, the npm packages of package-lock.json, the packaged
# jar), runs live-page.mjs, and fails loudly. Never downloads a browser of Playwright's own.
#
#   src/test/browser/run.sh            from the repository root (CI: bash src/test/browser/run.sh)
#   CHROMIUM=/path/to/chromium ...     another Chromium binary
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
log() { printf '[browser test] %s\n' "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

as_root() { if [[ $(id -u) == 0 ]]; then "$@"; else sudo "$@"; fi; }

if [[ ! -x $CHROMIUM ]]; then
    log "no Chromium at $CHROMIUM: installing Debian's chromium"
    as_root apt-get update -qq || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null || die "apt-get install chromium failed"
    [[ -x $CHROMIUM ]] || die "chromium installed, but there is still no $CHROMIUM"
fi
command -v node >/dev/null && command -v npm >/dev/null || {
    log "installing node and npm (Debian)"
    as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq nodejs npm >/dev/null \
        || die "could not install node and npm"
}

cd "$HERE"
if [[ ! -d node_modules/playwright-core || package-lock.json -nt node_modules/.package-lock.json ]]; then
    log "npm ci (playwright-core only; no browser download)"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error || die "npm ci failed"
fi

JAR=$ROOT/target/quarkus-app/quarkus-run.jar
if [[ ! -f $JAR || -n $(cd "$ROOT" && find src/main pom.xml -newer "$JAR" -type f -print -quit) ]]; then
    log "no packaged jar, or sources newer than it: ./mvnw package -DskipTests"
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests) || die "the build failed"
fi

CHROMIUM=$CHROMIUM node live-page.mjs || die "the live page test failed (server logs: target/browser-test-server-*.log)"
