#!/usr/bin/env python3
"""Compares a run's outputs with PyTorch's f32 ones, for benchmarks/bench.py.

    compare_outputs.py EXPECTED_DIR ACTUAL_DIR [--logits NAME]

For every EXPECTED_DIR/NAME.npy, ACTUAL_DIR/NAME.npy must be float32 of the
same shape and finite; prints one JSON line {"errors": {NAME: max|actual -
expected| / max|expected|}, "metrics": {NAME: scripts/accuracy.py's metrics
(max_err, mean_err, min_cos; argmax for the output named by --logits)},
"problem": null or a message}.

It is a separate process so that bench.py stays small: a child started by
bench.py reports max(its own peak RSS, bench.py's RSS at the fork) as its
ru_maxrss, and GPT-2's logits (200 MB per array) would otherwise inflate
every later measurement.
"""
import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import accuracy  # noqa: E402

CHUNK = 1 << 22  # elements checked at a time


def compare(expected_dir, actual_dir, logits):
    errors, metrics = {}, {}
    for path in sorted(Path(expected_dir).glob("*.npy")):
        got = Path(actual_dir) / path.name
        if not got.is_file():
            return errors, metrics, f"no output {path.name}"
        expected = np.load(path, mmap_mode="r")
        actual = np.load(got, mmap_mode="r")
        if actual.shape != expected.shape or actual.dtype != np.float32:
            return errors, metrics, (f"{path.stem}: got {actual.dtype}{list(actual.shape)}, "
                                     f"expected float32{list(expected.shape)}")
        flat = actual.reshape(-1)
        if not all(np.isfinite(flat[i:i + CHUNK]).all() for i in range(0, flat.size, CHUNK)):
            return errors, metrics, f"{path.stem}: non-finite values"
        metrics[path.stem] = accuracy.metrics(actual, expected, path.stem == logits)
        errors[path.stem] = metrics[path.stem]["max_err"]
    if not errors:
        return errors, metrics, f"no reference outputs in {expected_dir}"
    return errors, metrics, None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("expected_dir")
    ap.add_argument("actual_dir")
    ap.add_argument("--logits", help="the output whose argmax is compared per position")
    args = ap.parse_args()
    errors, metrics, problem = compare(args.expected_dir, args.actual_dir, args.logits)
    print(json.dumps({"errors": errors, "metrics": metrics, "problem": problem}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
