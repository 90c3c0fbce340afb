#!/usr/bin/env bash
# Unkey's own TypeScript SDK (pinned in tests/unkey-sdk/package-lock.json) against
# examples/unkey_service.rs: every error status the SDK types, with and without the
# request-id middleware. Needs Node.js 20 or newer and the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --quiet --example unkey_service --features axum
npm ci --prefix tests/unkey-sdk --no-audit --no-fund --loglevel=error

out="$(mktemp)"
./target/debug/examples/unkey_service > "$out" &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 1 100); do
    [ -s "$out" ] && break
    sleep 0.1
done
UNKEY_SERVICE="$(head -n 1 "$out")"
export UNKEY_SERVICE
echo "service: $UNKEY_SERVICE"
(cd tests/unkey-sdk && node --test --test-reporter=spec)
