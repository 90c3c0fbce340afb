#!/usr/bin/env bash
# Load test of the links service (examples/links_service.rs) on 127.0.0.1 with wrk and
# benches/load/links.lua: a rotation of success and error routes, each response
# checked for its status and headers. Two configurations, each loaded RUNS times in a
# row:
#
#   success  LINKS_RATE_LIMIT=1000000000: 61 % of requests answer 200
#   limited  the default rate limit (20 per key per minute): authenticated requests 429
#
# For each, the server's RSS (VmRSS, VmHWM from /proc/<pid>/status) before the load and
# after every run shows whether memory grows.
#
#   benches/load/run.sh                     # 3 runs of 20 s, 2 threads, 16 connections
#   DURATION=30s CONNECTIONS=64 benches/load/run.sh
#
# Needs wrk (Debian: apt-get install wrk) and curl. Only ever targets 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT=${PORT:-3901}
DURATION=${DURATION:-20s}
RUNS=${RUNS:-3}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
ADDR="127.0.0.1:$PORT"
BASE="http://$ADDR/v1/workspaces/ws_demo/links"

cargo build --quiet --release --example links_service --features axum,utoipa
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
BIN="$TARGET_DIR/release/examples/links_service"

rss() {
    awk '/^VmRSS|^VmHWM/ { printf "%s %s kB  ", $1, $2 }' "/proc/$1/status"
    echo
}

# status of a request: expect <status> <curl args...>
expect() {
    local want=$1
    shift
    local got
    got=$(curl -s -o /dev/null -w '%{http_code}' "$@")
    if [ "$got" != "$want" ]; then
        echo "seeding: expected $want, got $got for $*" >&2
        exit 1
    fi
}

load() {
    local name=$1 limit=$2
    echo "== $name (LINKS_RATE_LIMIT=${limit:-default}), $RUNS x $DURATION, $THREADS threads, $CONNECTIONS connections"
    if [ -n "$limit" ]; then
        LINKS_RATE_LIMIT=$limit "$BIN" --addr "$ADDR" >/dev/null &
    else
        "$BIN" --addr "$ADDR" >/dev/null &
    fi
    SERVER=$!
    local pid=$SERVER
    trap 'kill $SERVER 2>/dev/null || true' EXIT
    for _ in $(seq 50); do
        curl -s -o /dev/null "http://$ADDR/" && break
        sleep 0.1
    done
    # lnk_1, lnk_2 live; lnk_3 deleted; the workspace at its plan limit of 5 links.
    local key=(-H 'authorization: Bearer sk_alice')
    local json=(-H 'content-type: application/json')
    for n in 1 2 3 4 5; do
        expect 201 "${key[@]}" "${json[@]}" -d "{\"url\":\"https://example.com/$n\"}" "$BASE"
    done
    expect 204 -X DELETE "${key[@]}" "$BASE/lnk_3"
    expect 201 "${key[@]}" "${json[@]}" -d '{"url":"https://example.com/6"}' "$BASE"
    expect 403 "${key[@]}" "${json[@]}" -d '{"url":"https://example.com/7"}' "$BASE"
    echo "rss before:        $(rss $pid)"
    for run in $(seq "$RUNS"); do
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s benches/load/links.lua "http://$ADDR"
        echo "rss after run $run:   $(rss $pid)"
    done
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    trap - EXIT
    echo
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
load success 1000000000
load limited ""
