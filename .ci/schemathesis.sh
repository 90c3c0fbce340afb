#!/usr/bin/env bash
# Schemathesis (pinned with ==, in a virtualenv under target/) drives the links service
# from its own OpenAPI document, with every check on: each response's status, content
# type, headers and body must be what the document says. Needs Python 3.9 or newer and
# PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --quiet --example links_service --features axum,utoipa,tracing,i18n,validator
venv=target/schemathesis-venv
[ -x "$venv/bin/st" ] || {
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check schemathesis==4.32.5
}

out="$(mktemp)"
# A rate limit no run reaches, so that the operations' own answers are tested.
LINKS_RATE_LIMIT=1000000 ./target/debug/examples/links_service --addr 127.0.0.1:0 > "$out" 2>/dev/null &
service=$!
trap 'kill "$service" 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 1 100); do
    [ -s "$out" ] && break
    sleep 0.1
done
base="$(head -n 1 "$out" | sed 's/^links service on //')"
"$venv/bin/st" run "$base/openapi.json" \
    --checks all \
    --header "Authorization: Bearer sk_alice" \
    --max-examples 50 \
    --seed 1
