#!/usr/bin/env python3
"""Check that the workspace's `rust-version` is at least every dependency's.

The oldest Rust the published packages build with is the highest `rust-version`
declared by any crate in their normal (non-dev) dependency graph with every feature
on, as Cargo.lock resolves it (resolver 3 prefers versions that fit our own
`rust-version`), and no lower than what our own code needs. Only one toolchain is
installed here, so this is read from the dependencies' own declarations rather than
by building with an old compiler.

Usage: python3 .ci/msrv.py          prints the highest declarations and checks ours
"""
import json
import subprocess
import sys

PUBLISHED = {"http-api-error", "http-api-error-core", "http-api-error-derive"}


def version_key(v):
    parts = [int(p) for p in v.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


def main():
    meta = json.loads(
        subprocess.check_output(
            ["cargo", "metadata", "--format-version", "1", "--all-features"]
        )
    )
    packages = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    roots = [p["id"] for p in meta["packages"] if p["name"] in PUBLISHED and p["source"] is None]
    declared = {packages[r]["rust_version"] for r in roots}
    if len(declared) != 1:
        sys.exit(f"the published packages declare different rust-versions: {declared}")
    ours = declared.pop()

    # Walk normal and build dependencies only: dev-dependencies do not reach users.
    seen, stack = set(), list(roots)
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        for dep in nodes[pid]["deps"]:
            if any(k["kind"] in (None, "build") for k in dep["dep_kinds"]):
                stack.append(dep["pkg"])

    needs = sorted(
        ((packages[p]["rust_version"], packages[p]["name"], packages[p]["version"])
         for p in seen if packages[p]["rust_version"] and packages[p]["source"] is not None),
        key=lambda t: version_key(t[0]),
        reverse=True,
    )
    print(f"declared rust-version: {ours}; {len(seen)} crates in the normal dependency graph")
    for rv, name, version in needs[:5]:
        print(f"  {name} {version} declares rust-version {rv}")
    highest = needs[0][0] if needs else "0"
    if version_key(highest) > version_key(ours):
        sys.exit(
            f"rust-version {ours} is lower than {needs[0][1]} {needs[0][2]}'s {highest}: "
            "raise [workspace.package] rust-version (and the README's MSRV line)"
        )
    print(f"ok: no dependency needs a Rust newer than {ours}")


if __name__ == "__main__":
    main()
