#!/usr/bin/env python3
"""Checks bench.py's MODELS table against what it drives, without running
anything: each entry's make_reference.py model exists, the inputs it makes
are exactly what that model's forward function and the entry's .mlir take
(ids within the vocabulary), both give the same outputs, and the shape
fields are in both configs the benchmark compares.  Prints one line per model (FileCheck reads them) and
exits 1 on the first mismatch."""
import inspect
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO / "scripts"))
import bench  # noqa: E402
import make_reference as mr  # noqa: E402


def fail(msg):
    print(f"check_models: {msg}")
    sys.exit(1)


def mlir_signature(path):
    """The tfm.name of each @forward argument and result, in order."""
    line = next((l for l in path.read_text().splitlines() if "func.func @forward(" in l), None)
    if line is None or "->" not in line:
        fail(f"{path}: no @forward")
    args, results = line.split("->", 1)
    return tuple(re.findall(r'tfm\.name = "(\w+)"', part) for part in (args, results))


for name, f in bench.MODELS.items():
    if f.kind not in mr.FORWARD:
        fail(f"{name}: make_reference.py has no model {f.kind}")
    cfg = json.loads((REPO / "models" / f.directory / "config.json").read_text())
    missing = [x for x in f.shape_fields
               if x not in cfg or x not in mr.make_config(f.kind, "real")]
    if missing:
        fail(f"{name}: shape fields {missing} missing from a config")
    # The inputs torch_worker.py feeds: every parameter without a default.
    params = [n for n, p in inspect.signature(mr.FORWARD[f.kind]).parameters.items()
              if n not in ("W", "cfg") and p.default is inspect.Parameter.empty]
    graph, results = mlir_signature(REPO / "models" / f.directory / f"{f.directory}.mlir")
    # compare_outputs.py checks each output PyTorch writes against tfm's.
    reference = mr.CASE_FILES[f.kind][1]
    if sorted(reference) != sorted(results):
        fail(f"{name}: PyTorch outputs {reference}, the .mlir's {results}")
    for s in bench.shapes_for(name, False):
        arrays = bench.make_inputs(s, cfg, 0)
        if sorted(arrays) != sorted(params) or sorted(arrays) != sorted(graph):
            fail(f"{name} {s.label}: inputs {sorted(arrays)}, forward takes {params}, "
                 f".mlir {graph}")
        ids = arrays.get("input_ids")
        if ids is not None and not (ids.shape == (s.batch, s.seq)
                                    and 0 <= ids.min() and ids.max() < cfg["vocab_size"]):
            fail(f"{name} {s.label}: input_ids {ids.shape} out of [0, vocab)")
    print(f"{name}: {', '.join(graph)} -> {', '.join(results)}")

# CLIP text: <|startoftext|> first, one <|endoftext|> per row (the largest
# id, where the pooled output is taken), padding after it, several lengths.
cfg = json.loads((REPO / "models" / "clip-text-vit-b-32" / "config.json").read_text())
V = cfg["vocab_size"]
ids = bench.make_inputs(bench.Shape("clip-text", 8, 77, True), cfg, 0)["input_ids"]
eos = ids.argmax(axis=1)
if not ((ids[:, 0] == V - 2).all() and (ids == V - 1).sum(axis=1).tolist() == [1] * 8
        and all((row[e + 1:] == 0).all() and (row[1:e] < V - 2).all()
                for row, e in zip(ids, eos)) and len(set(eos.tolist())) > 1):
    fail(f"clip-text: prompts malformed: {ids[:, :4]} eos at {eos}")
print(f"clip-text prompts: one eos per row, {len(set(eos.tolist()))} lengths in 8 rows")
