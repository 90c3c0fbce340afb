#!/usr/bin/env bash
# Compile-time benchmark of `#[derive(ApiError)]` against thiserror.
#
#   benches/compile-time/run.sh [N ...]        (default: 50 300 1000)
#
# Environment:
#   REPS=5                 builds per measurement (the tables give min and median)
#   WORK=/tmp/http-api-error-compile-time
#                          where the generated crates and their target dirs go
#   HTTP_API_ERROR=<repo root>  the http-api-error source tree to measure (default: this one)
#   CARGO_BUILD_JOBS       as usual (cargo defaults to the number of CPUs)
#
# What it measures (dev profile, wall time of `cargo build`, each side in target dirs
# of its own under $WORK, so the repository's target dir is left alone):
#
# 1. Clean build of a library that depends on `http-api-error` (default features: the
#    derive) versus one that depends on `thiserror` only: every dependency from source.
# 2. For each N, the same N-variant error enum with `#[derive(thiserror::Error)]` only,
#    with `#[derive(ApiError)]` only, and with both. Dependencies are built once, not
#    measured; then REPS times each:
#    - "crate": `cargo clean -p <crate>` and a build of the generated crate alone, the
#      full compile of the file holding the enum (as in CI, or after `cargo clean`);
#    - "touch": `touch src/lib.rs` and a rebuild, which rustc's incremental cache
#      mostly answers after macro expansion (the cost of an edit elsewhere in a file).
#
# The http-api-error sources are copied to $WORK first, so edits to the repository during
# a run cannot trigger rebuilds in the middle of it. The generated sources are
# deterministic (generate.py); Cargo.lock is copied from the repository so both sides
# use the same versions of the crates they share.
set -euo pipefail

if [ ! -x /usr/bin/time ]; then
    echo "needs GNU time: apt-get install time" >&2
    exit 1
fi

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
WORK="${WORK:-/tmp/http-api-error-compile-time}"
REPS="${REPS:-5}"
HTTP_API_ERROR="${HTTP_API_ERROR:-$REPO}"
if [ "$#" -gt 0 ]; then SIZES=("$@"); else SIZES=(50 300 1000); fi

rm -rf "$WORK"
mkdir -p "$WORK/http-api-error"
(cd "$HTTP_API_ERROR" && tar --exclude=./target --exclude=./.git -cf - .) | tar -xf - -C "$WORK/http-api-error"
python3 "$HERE/generate.py" "$WORK/crates" "$WORK/http-api-error" "${SIZES[@]}"
cp "$HTTP_API_ERROR/Cargo.lock" "$WORK/crates/Cargo.lock"
RESULTS="$WORK/results.tsv"
: >"$RESULTS"

echo "machine: $(nproc) CPUs, $(rustc -V), $(cargo -V)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "work dir: $WORK"
echo "http-api-error sources: $HTTP_API_ERROR ($(cd "$HTTP_API_ERROR" && git rev-parse --short HEAD 2>/dev/null || echo 'not a git checkout')$(cd "$HTTP_API_ERROR" && git diff --quiet HEAD -- . 2>/dev/null || echo ', with uncommitted changes'))"

# seconds ARGS... : one `cargo build ARGS` in the current directory; prints the wall
# time and the CPU time (user + system, cargo and every rustc it ran) in seconds.
seconds() {
    local times="$WORK/last-build.times"
    if ! /usr/bin/time -f '%e %U %S' -o "$times" cargo build --quiet "$@" >"$WORK/last-build.log" 2>&1; then
        cat "$WORK/last-build.log" >&2
        echo "build failed: cargo build $*" >&2
        exit 1
    fi
    awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$times"
}

# Fetch once, so no measurement includes a download.
(cd "$WORK/crates" && cargo fetch --quiet)

echo
echo "== clean builds (dependencies included) =="
for package in clean-thiserror clean-api-error; do
    for rep in $(seq "$REPS"); do
        target="$WORK/target-clean-$package"
        rm -rf "$target"
        out=$(cd "$WORK/crates" && CARGO_TARGET_DIR="$target" seconds -p "$package")
        read -r wall cpu <<<"$out"
        echo "$package rep $rep: wall ${wall}s, cpu ${cpu}s"
        printf 'clean\t%s\t%s\t%s\n' "$package" "$wall" "$cpu" >>"$RESULTS"
    done
done

echo
echo "== N-variant enums: the generated crate only (dependencies already built) =="
for n in "${SIZES[@]}"; do
    for kind in thiserror http-api-error both; do
        package="enum-$kind-$n"
        target="$WORK/target-enums-$kind"
        # Dependencies and a first build of the crate, not measured.
        (cd "$WORK/crates" && CARGO_TARGET_DIR="$target" seconds -p "$package" >/dev/null)
        for rep in $(seq "$REPS"); do
            (cd "$WORK/crates" && CARGO_TARGET_DIR="$target" cargo clean --quiet -p "$package")
            out=$(cd "$WORK/crates" && CARGO_TARGET_DIR="$target" seconds -p "$package")
            read -r wall cpu <<<"$out"
            touch "$WORK/crates/$package/src/lib.rs"
            out=$(cd "$WORK/crates" && CARGO_TARGET_DIR="$target" seconds -p "$package")
            read -r twall tcpu <<<"$out"
            echo "$package rep $rep: crate wall ${wall}s cpu ${cpu}s, touch wall ${twall}s cpu ${tcpu}s"
            printf 'crate-%s\t%s\t%s\t%s\n' "$n" "$kind" "$wall" "$cpu" >>"$RESULTS"
            printf 'touch-%s\t%s\t%s\t%s\n' "$n" "$kind" "$twall" "$tcpu" >>"$RESULTS"
        done
    done
done

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
python3 - "$RESULTS" <<'EOF'
import statistics
import sys
from collections import defaultdict

wall = defaultdict(list)
cpu = defaultdict(list)
for line in open(sys.argv[1]):
    what, who, w, c = line.split("\t")
    wall[(what, who)].append(float(w))
    cpu[(what, who)].append(float(c))

rows = [("clean", "clean-thiserror", "clean-api-error", "clean build, dependencies included")]
sizes = sorted({int(w.split("-")[1]) for w, _ in wall if w.startswith("crate-")})
for mode, text in [("crate", "crate from scratch"), ("touch", "touch + rebuild")]:
    for n in sizes:
        rows.append((f"{mode}-{n}", "thiserror", "http-api-error", f"{n} variants, {text}: ApiError alone"))
        rows.append((f"{mode}-{n}", "thiserror", "both", f"{n} variants, {text}: thiserror + ApiError"))

print("Wall: min / median of the runs, in seconds. CPU: user + system time of cargo and")
print("every rustc, min of the runs (less sensitive than wall time to other load).")
print("Ratios: http-api-error side / thiserror side.")
print()
print("| build | thiserror wall | http-api-error wall | wall ratio (min / median) | thiserror CPU | http-api-error CPU | CPU ratio |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for what, base, other, label in rows:
    if (what, base) not in wall or (what, other) not in wall:
        continue
    bw, ow = wall[(what, base)], wall[(what, other)]
    bc, oc = min(cpu[(what, base)]), min(cpu[(what, other)])
    print(f"| {label} | {min(bw):.2f} / {statistics.median(bw):.2f} | {min(ow):.2f} / {statistics.median(ow):.2f} | "
          f"{min(ow) / min(bw):.2f}x / {statistics.median(ow) / statistics.median(bw):.2f}x | "
          f"{bc:.2f} | {oc:.2f} | {oc / bc:.2f}x |")
EOF
