#!/usr/bin/env python3
"""Writes the crates the compile-time benchmark builds.

    generate.py OUT_DIR HTTP_API_ERROR_PATH N [N ...]

creates, under OUT_DIR, one Cargo workspace holding

- ``clean-api-error``: an empty library depending on ``http-api-error`` (default features);
- ``clean-thiserror``: an empty library depending on ``thiserror`` only;
- for each N, ``enum-thiserror-N``, ``enum-api-error-N`` and ``enum-both-N``: the same
  N-variant error enum with ``#[derive(thiserror::Error)]`` only, with
  ``#[derive(ApiError)]`` only, and with both (thiserror supplies Display).

The enums mix unit, tuple and struct variants, static and interpolated messages,
``#[source]`` fields, ``#[api(retry_after)]`` fields and a spread of 4xx/5xx statuses,
the way a service's error enum looks. The output is deterministic.
"""

import os
import re
import sys

THISERROR = '"2.0.21"'

NOUNS = ["Link", "User", "Key", "Team", "Invoice", "Domain", "Token", "Webhook",
         "Project", "Quota", "Session", "File", "Order", "Region", "Plan", "Role"]
STATES = ["NotFound", "Gone", "Conflict", "Invalid", "Expired", "Locked", "Forbidden",
          "Unavailable", "Failed", "Limited", "Missing", "Rejected", "Duplicate",
          "Suspended", "TooLarge", "Unverified"]
STATUSES = [400, 401, 403, 404, 404, 409, 410, 422, 429, 500, 502, 503]


def variant(i):
    """(name, kind, status, fields, message, thiserror message, attrs) of variant i."""
    noun = NOUNS[i % len(NOUNS)]
    state = STATES[(i // len(NOUNS)) % len(STATES)]
    name = f"{noun}{state}{i}"
    words = re.sub(r"(?<!^)([A-Z])", r" \1", state).lower()
    status = STATUSES[(i * 7) % len(STATUSES)]
    shape = i % 10
    if shape < 4:  # unit, static message
        return name, "unit", status, None, f"{noun} {words} (case {i})"
    if shape < 6:  # tuple, interpolated
        return name, "tuple", status, ["String"], f"{noun} {{0}} is {words}"
    if shape == 6:  # tuple with a source error, static message
        return name, "source", 500 + (i % 4 == 0) * 2, ["std::io::Error"], f"Failed to load {noun.lower()}"
    if shape == 7:  # struct, interpolated, two fields
        return name, "struct", status, [("id", "String"), ("owner", "u64")], \
            f"{noun} {{id}} owned by {{owner}} is {words}"
    if shape == 8:  # struct with retry_after
        return name, "retry", 429, [("wait", "std::time::Duration")], \
            f"Too many {noun.lower()} requests; retry later"
    # struct, static message, fields not shown
    return name, "quiet", status, [("id", "String"), ("detail", "String")], f"{noun} request rejected"


def render_enum(n, api, thiserror):
    lines = []
    derives = ["Debug"]
    if thiserror:
        derives.append("thiserror::Error")
    if api:
        derives.append("http_api_error::ApiError")
    lines.append("#![allow(dead_code)]")
    lines.append("")
    lines.append(f"#[derive({', '.join(derives)})]")
    if api:
        lines.append('#[api(docs = "https://docs.example.com/errors#{code}")]')
    lines.append("pub enum ServiceError {")
    for i in range(n):
        name, kind, status, fields, message = variant(i)
        if thiserror:
            lines.append(f'    #[error("{message}")]')
        if api:
            keys = [f"status = {status}"]
            if i % 3 == 0:
                keys.insert(0, f'code = "E{i:04}_{name.upper()[:40]}"')
            keys.append(f'message = "{message}"')
            lines.append(f"    #[api({', '.join(keys)})]")
        if kind == "unit":
            lines.append(f"    {name},")
        elif kind == "tuple":
            lines.append(f"    {name}(String),")
        elif kind == "source":
            lines.append(f"    {name}(#[source] std::io::Error),")
        else:
            lines.append(f"    {name} {{")
            for field, ty in fields:
                if kind == "retry" and api:
                    lines.append("        #[api(retry_after)]")
                lines.append(f"        {field}: {ty},")
            lines.append("    },")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def package(out, name, deps, lib):
    manifest = (
        f'[package]\nname = "{name}"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n'
        f"[dependencies]\n{deps}"
    )
    write(os.path.join(out, name, "Cargo.toml"), manifest)
    write(os.path.join(out, name, "src", "lib.rs"), lib)


def main():
    out, api_path, *ns = sys.argv[1:]
    api_dep = f'http-api-error = {{ path = "{api_path}" }}\n'
    thiserror_dep = f"thiserror = {THISERROR}\n"
    members = []
    package(out, "clean-api-error", api_dep, "pub use http_api_error::ApiError;\n")
    package(out, "clean-thiserror", thiserror_dep, "pub use thiserror::Error;\n")
    members += ["clean-api-error", "clean-thiserror"]
    for n in map(int, ns):
        for kind, deps, api, te in [
            ("thiserror", thiserror_dep, False, True),
            ("http-api-error", api_dep, True, False),
            ("both", api_dep + thiserror_dep, True, True),
        ]:
            name = f"enum-{kind}-{n}"
            package(out, name, deps, render_enum(n, api, te))
            members.append(name)
    quoted = ", ".join(f'"{m}"' for m in members)
    write(os.path.join(out, "Cargo.toml"),
          f'[workspace]\nmembers = [{quoted}]\nresolver = "3"\n')


if __name__ == "__main__":
    main()
