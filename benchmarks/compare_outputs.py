#!/usr/bin/env python3
"""Compares a tfm run's outputs with PyTorch's, for benchmarks/bench.py.

    compare_outputs.py EXPECTED_DIR ACTUAL_DIR

For every EXPECTED_DIR/NAME.npy, ACTUAL_DIR/NAME.npy must be float32 of the
same shape and finite; prints one JSON line {"errors": {NAME: max|actual -
expected| / max|expected|}, "problem": null or a message}.

It is a separate process so that bench.py stays small: a child started by
bench.py reports max(its own peak RSS, bench.py's RSS at the fork) as its
ru_maxrss, and GPT-2's logits (200 MB per array) would otherwise inflate
every later measurement.
"""
import json
import sys
from pathlib import Path

import numpy as np

CHUNK = 1 << 22  # elements compared at a time


def rel_error(actual, expected):
    a, e = actual.reshape(-1), expected.reshape(-1)
    err = scale = 0.0
    for i in range(0, a.size, CHUNK):
        ea = e[i:i + CHUNK].astype(np.float64)
        err = max(err, float(np.abs(a[i:i + CHUNK].astype(np.float64) - ea).max()))
        scale = max(scale, float(np.abs(ea).max()))
    return err / (scale or 1.0)


def compare(expected_dir, actual_dir):
    errors = {}
    for path in sorted(Path(expected_dir).glob("*.npy")):
        got = Path(actual_dir) / path.name
        if not got.is_file():
            return errors, f"no output {path.name}"
        expected = np.load(path, mmap_mode="r")
        actual = np.load(got, mmap_mode="r")
        if actual.shape != expected.shape or actual.dtype != np.float32:
            return errors, (f"{path.stem}: got {actual.dtype}{list(actual.shape)}, "
                            f"expected float32{list(expected.shape)}")
        if not all(np.isfinite(actual.reshape(-1)[i:i + CHUNK]).all()
                   for i in range(0, actual.size, CHUNK)):
            return errors, f"{path.stem}: non-finite values"
        errors[path.stem] = rel_error(actual, expected)
    if not errors:
        return errors, f"no reference outputs in {expected_dir}"
    return errors, None


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    errors, problem = compare(sys.argv[1], sys.argv[2])
    print(json.dumps({"errors": errors, "problem": problem}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
