#!/usr/bin/env python3
"""Checks the tfm.param ops of an imported model against a safetensors file.

    check-params.py MODEL.safetensors MODEL.mlir

The runtime binds `tfm.param "NAME" : TYPE aliases ["ALIAS", ...]` to the
tensor NAME of the checkpoint, or else to the first ALIAS it has (the
importer's naming policy, e.g. a task model's `transformer.` prefix). This
script checks, without MLIR or torch, that

  - every param resolves to exactly one tensor of the file (its name and
    aliases are not two of them), with the same shape and dtype F32;
  - every tensor of the file is used by some param (the model needs them all);
  - no param name is created twice.

It prints one summary line on success and every problem (exit 1) otherwise.
"""

import json
import re
import struct
import sys

PARAM = re.compile(r'tfm\.param\s+"([^"]+)"\s*:\s*tensor<((?:\d+x)*)f32>'
                   r'(?:\s+aliases\s+\[([^\]]*)\])?')


def read_header(path):
    with open(path, "rb") as f:
        raw = f.read(8)
        if len(raw) != 8:
            raise ValueError(f"{path}: too short for a safetensors header")
        (n,) = struct.unpack("<Q", raw)
        header = json.loads(f.read(n).decode("utf-8"))
    header.pop("__metadata__", None)
    return header


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    header = read_header(argv[1])
    with open(argv[2], encoding="utf-8") as f:
        ir = f.read()

    params = []
    for m in PARAM.finditer(ir):
        dims = m.group(2)
        shape = [int(d) for d in dims.split("x") if d] if dims else []
        aliases = re.findall(r'"([^"]+)"', m.group(3) or "")
        params.append((m.group(1), shape, aliases))
    if ir.count("tfm.param") != len(params):
        print(f"error: {ir.count('tfm.param')} tfm.param ops but only {len(params)} "
              "parsed as static f32 tensors")
        return 1

    problems, used, seen = [], set(), set()
    for name, shape, aliases in params:
        if name in seen:
            problems.append(f"param {name} is created more than once")
        seen.add(name)
        candidates = [c for c in [name] + aliases if c in header]
        if not candidates:
            problems.append(f"param {name} {shape}: no such tensor in the file")
            continue
        if len(candidates) > 1:
            problems.append(f"param {name}: ambiguous, file has {candidates}")
            continue
        tensor = header[candidates[0]]
        used.add(candidates[0])
        if tensor["shape"] != shape:
            problems.append(f"param {name}: shape {shape} but {candidates[0]} has "
                            f"{tensor['shape']}")
        if tensor["dtype"] != "F32":
            problems.append(f"param {name}: {candidates[0]} has dtype {tensor['dtype']}")
    for name in header:
        if name not in used:
            problems.append(f"tensor {name} {header[name]['shape']} is not used by any param")

    if problems:
        for p in problems:
            print("error: " + p)
        return 1
    print(f"ok: {len(params)} params match {len(header)} tensors")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
