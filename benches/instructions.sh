#!/usr/bin/env bash
# Instructions per call of each routine of benches/render.rs, counted by valgrind's
# callgrind: repeatable for the same binary whatever else the machine is doing, so the
# ratios do not move between runs as times on a shared machine do.
#
#   benches/instructions.sh                 # every routine (a few minutes)
#   benches/instructions.sh "fixed + id"    # routines whose case/name contains it
#
# Each routine runs alone (ONLY=...) twice, with CALLS=1000 and CALLS=11000 calls in one
# round; the difference in instructions, divided by the difference in calls (warm-up
# included), is the cost of one call without the harness's own set-up. Needs valgrind.
set -euo pipefail
cd "$(dirname "$0")/.."

filter="${1:-}"
cargo bench -p http-api-error --bench render --no-run 2>/dev/null
bin=$(ls -t target/release/deps/render-* | grep -v '\.d$' | head -n 1)

count() { # $1 routine, $2 calls: instructions of the whole run
    ONLY="$1" CALLS="$2" ROUNDS=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        "$bin" 2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

echo "| case | routine | instructions/call |"
echo "|---|---|---:|"
LIST=1 "$bin" | grep -F -- "$filter" | while IFS= read -r routine; do
    small=$(count "$routine" 1000)
    large=$(count "$routine" 11000)
    # calls made: warm-up (CALLS/10) + one round (CALLS) + 2 for the allocation count
    per_call=$(( (large - small) / (11000 + 1100 - 1000 - 100) ))
    echo "| ${routine%%/*} | ${routine#*/} | $per_call |"
done
