#!/usr/bin/env bash
# openapi-typescript (pinned in tests/openapi-typescript/package-lock.json) generates
# TypeScript types from the links service's OpenAPI document, and tsc checks
# tests/openapi-typescript/check.ts against them: every error response types its code
# as a required union of exactly the codes of its operation. Needs Node.js 20 or newer
# and the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --quiet --example links_service --features axum,utoipa,tracing,i18n,validator
npm ci --prefix tests/openapi-typescript --no-audit --no-fund --loglevel=error

dir=tests/openapi-typescript
./target/debug/examples/links_service --openapi > "$dir/links.json"
(cd "$dir" && npx --no-install openapi-typescript links.json -o links.d.ts && npx --no-install tsc -p tsconfig.json)
echo "openapi-typescript: every error code is a required union"
