#!/usr/bin/env python3
"""Checks that `make app` and `make test` compile each dependency once between them.

`make test` builds the app (`cargo build -p centerplan-app`: the end-to-end test needs the
binary) and then every test of the workspace in one invocation (`cargo test --workspace
--all-targets`). Cargo compiles a dependency again whenever the two ask for it with other
features, another profile (a build tool's crate shared with a library's) or other units
below it: that is how the typst stack came to be compiled three times. This script asks
cargo for both unit graphs without building anything (`--unit-graph`, an unstable flag:
RUSTC_BOOTSTRAP lets the stable toolchain print it; the builds themselves stay stable),
identifies each unit by everything its compilation depends on, and fails naming every
dependency the app build would compile that the test build does not. The fix is to name
the missing features in src-tauri/Cargo.toml ("Feature unification").
"""

import hashlib
import json
import os
import subprocess
import sys

APP = ["build", "-p", "centerplan-app"]
TESTS = ["test", "--workspace", "--all-targets"]


def units(command):
    """Every unit of a cargo invocation: its identity hash → (package, target, mode)."""
    env = dict(os.environ, RUSTC_BOOTSTRAP="1")
    out = subprocess.run(
        ["cargo", *command, "--locked", "--unit-graph", "-Z", "unstable-options"],
        capture_output=True, text=True, check=True, env=env,
    ).stdout
    graph = json.loads(out)["units"]
    memo = {}

    def identity(index):
        if index not in memo:
            unit = graph[index]
            # The profile's name ("dev" or "test") is not part of what cargo compiles.
            profile = {k: v for k, v in unit["profile"].items() if k != "name"}
            own = json.dumps(
                [unit["pkg_id"], unit["target"]["name"], unit["target"]["kind"], profile,
                 unit["platform"], unit["mode"], unit["features"]],
                sort_keys=True,
            )
            below = "|".join(sorted(identity(d["index"]) for d in unit["dependencies"]))
            memo[index] = hashlib.sha1(f"{own}|{below}".encode()).hexdigest()
        return memo[index]

    return {
        identity(i): (u["pkg_id"].rsplit("#", 1)[-1], u["target"]["name"], u["mode"])
        for i, u in enumerate(graph)
    }


def main():
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    app, tests = units(APP), units(TESTS)
    members = ("centerplan@", "centerplan-app@", "centerplan-cli@")
    again = sorted(
        f"{package} ({target}, {mode})"
        for h, (package, target, mode) in app.items()
        if h not in tests and not package.startswith(members)
    )
    if again:
        print(f"check-features: `cargo build -p centerplan-app` would compile {len(again)} "
              "dependency units that `cargo test --workspace --all-targets` compiles "
              "differently (other features or profile, or above such a unit):", file=sys.stderr)
        for line in again:
            print(f"  {line}", file=sys.stderr)
        return 1
    reused = sum(1 for package, _, _ in app.values() if not package.startswith(members))
    print(f"check-features: the app build's {reused} dependency units are all the test build's")
    return 0


if __name__ == "__main__":
    sys.exit(main())
