#!/usr/bin/env python3
"""Inputs for run-errors.mlir: good and bad .npy inputs and broken weights
for a model directory written by scripts/make_reference.py.

    make-run-inputs.py MODEL-DIR OUT-DIR
        Writes OUT-DIR/*.npy (ids.npy is valid; the others each break one
        rule) and OUT-DIR/*.safetensors (each broken one way), sized from
        MODEL-DIR/config.json (vocab_size, n_positions).
    make-run-inputs.py --describe FILE.npy
        Prints "dtype shape finite|nonfinite" of an output.
"""
import json
import struct
import sys
from pathlib import Path

import numpy as np


def write_inputs(model_dir, out):
    config = json.loads((model_dir / "config.json").read_text())
    vocab, positions = config["vocab_size"], config["n_positions"]
    out.mkdir(parents=True, exist_ok=True)
    np.save(out / "ids.npy", np.array([[1, 2, 3]], np.int64))
    np.save(out / "ids-i32.npy", np.array([[1, 2, 3]], np.int32))
    np.save(out / "ids-batch2.npy", np.array([[1, 2, 3], [4, 5, 6]], np.int64))
    np.save(out / "ids-max-length.npy", np.full((1, positions), vocab - 1, np.int64))
    np.save(out / "ids-out-of-vocab.npy", np.array([[1, vocab, 3]], np.int64))
    np.save(out / "ids-negative.npy", np.array([[1, -1, 3]], np.int64))
    np.save(out / "ids-too-long.npy", np.zeros((1, positions + 1), np.int64))
    np.save(out / "ids-rank1.npy", np.array([1, 2, 3], np.int64))
    np.save(out / "ids-rank3.npy", np.zeros((1, 1, 3), np.int64))
    np.save(out / "ids-float.npy", np.array([[1, 2, 3]], np.float32))
    np.save(out / "ids-empty.npy", np.zeros((1, 0), np.int64))
    (out / "not-npy.npy").write_bytes(b"this is not a numpy file\n")

    weights = (model_dir / "model.safetensors").read_bytes()
    header_len = struct.unpack("<Q", weights[:8])[0]
    header = json.loads(weights[8:8 + header_len])
    data = weights[8 + header_len:]
    # Cut inside the data section: the header promises more than the file has.
    (out / "truncated-data.safetensors").write_bytes(weights[:len(weights) - 1000])
    # Cut inside the header.
    (out / "truncated-header.safetensors").write_bytes(weights[:8 + header_len // 2])
    # Too short for even the header length.
    (out / "five-bytes.safetensors").write_bytes(weights[:5])
    # Same bytes, but the first 2-D tensor's shape transposed.
    name = next(k for k, v in header.items()
                if k != "__metadata__" and len(v["shape"]) == 2 and v["shape"][0] != v["shape"][1])
    header[name]["shape"] = header[name]["shape"][::-1]
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    (out / "wrong-shape.safetensors").write_bytes(struct.pack("<Q", len(text)) + text + data)
    print(f"transposed {name} in wrong-shape.safetensors")


def describe(path):
    array = np.load(path)
    shape = "x".join(str(d) for d in array.shape)
    finite = "finite" if np.isfinite(array).all() else "nonfinite"
    print(f"{array.dtype} {shape} {finite}")


def main(argv):
    if argv[1] == "--describe":
        describe(argv[2])
    else:
        write_inputs(Path(argv[1]), Path(argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
