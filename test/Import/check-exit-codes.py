#!/usr/bin/env python3
"""Runs tfm-import on every config in a directory and checks how it exits.

    check-exit-codes.py TFM-IMPORT INPUTS-DIR

bad-*.json (and a missing file) must exit with code 1 -- not another code,
not a signal -- print nothing on stdout and exactly one line on stderr,
`<path>: error: ...`. tiny-*.json must exit 0 with a module on stdout and
nothing on stderr.
"""

import pathlib
import subprocess
import sys


def run(tool, path):
    return subprocess.run([tool, str(path)], capture_output=True, text=True, timeout=60)


def main(argv):
    tool, inputs = argv[1], pathlib.Path(argv[2])
    problems = []
    bad = sorted(inputs.glob("bad-*.json")) + [inputs / "does-not-exist.json"]
    good = sorted(inputs.glob("tiny-*.json"))
    for path in bad:
        r = run(tool, path)
        lines = r.stderr.splitlines()
        if r.returncode != 1:
            problems.append(f"{path.name}: exit code {r.returncode}, expected 1")
        if r.stdout:
            problems.append(f"{path.name}: wrote to stdout")
        if len(lines) != 1 or not lines[0].startswith(f"{path}: error: "):
            problems.append(f"{path.name}: expected one '{path}: error: ...' line, got "
                            f"{r.stderr!r}")
    for path in good:
        r = run(tool, path)
        if r.returncode != 0 or r.stderr or "func.func @forward" not in r.stdout:
            problems.append(f"{path.name}: exit code {r.returncode}, stderr {r.stderr!r}")
    for p in problems:
        print("error: " + p)
    if problems:
        return 1
    print(f"ok: {len(bad)} invalid configs exit 1 with one diagnostic, "
          f"{len(good)} valid ones exit 0")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
