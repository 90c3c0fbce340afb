#!/usr/bin/env bash
# progenitor (tests/progenitor/Cargo.lock) generates a Rust client from the links
# service's OpenAPI document, down-converted to 3.0 by @apiture/openapi-down-convert
# (tests/progenitor/package-lock.json), and its tests call the real service: every
# error status a route documents must arrive as the route's typed error. Needs Node.js
# 20 or newer, the npm registry and crates.io.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --quiet --example links_service --features axum,utoipa,tracing,i18n,validator
npm ci --prefix tests/progenitor --no-audit --no-fund --loglevel=error

dir=tests/progenitor
./target/debug/examples/links_service --openapi > "$dir/links.json"
(cd "$dir" && npx --no-install openapi-down-convert --input links.json --output links30.json)

# Two services on free ports: the second with a rate limit of 0 (every call a 429).
out="$(mktemp)"
limited_out="$(mktemp)"
./target/debug/examples/links_service --addr 127.0.0.1:0 > "$out" 2>/dev/null &
service=$!
LINKS_RATE_LIMIT=0 ./target/debug/examples/links_service --addr 127.0.0.1:0 > "$limited_out" 2>/dev/null &
limited=$!
trap 'kill "$service" "$limited" 2>/dev/null || true; rm -f "$out" "$limited_out"' EXIT
for _ in $(seq 1 100); do
    [ -s "$out" ] && [ -s "$limited_out" ] && break
    sleep 0.1
done
LINKS_URL="$(head -n 1 "$out" | sed 's/^links service on //')"
LINKS_LIMITED_URL="$(head -n 1 "$limited_out" | sed 's/^links service on //')"
export LINKS_URL LINKS_LIMITED_URL
echo "services: $LINKS_URL $LINKS_LIMITED_URL"
CARGO_TARGET_DIR="${PROGENITOR_TARGET_DIR:-target/progenitor}" cargo test --quiet --locked --manifest-path "$dir/Cargo.toml"
