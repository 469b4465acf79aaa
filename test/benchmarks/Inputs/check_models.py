#!/usr/bin/env python3
"""Checks bench.py's MODELS table against what it drives, without running
a model: each entry's make_reference.py model exists, the inputs it makes
are exactly what that model's forward function and the entry's .mlir take
(ids within the vocabulary), both give the same outputs, and the shape
fields are in both configs the benchmark compares.  An entry without a
models/ folder (llama) is imported as bench.py does, by the tfm-import given
as the first argument, from make_reference.py's real config.  Prints one
line per model (FileCheck reads them) and exits 1 on the first mismatch.

    check_models.py [TFM_IMPORT]"""
import inspect
import json
import math
import re
import subprocess
import sys
import tempfile
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


def imported(name, cfg, tmp):
    """The .mlir bench.py's ensure_mlir would import for `name`."""
    if len(sys.argv) < 2:
        fail(f"{name} has no models/ folder: pass tfm-import to import it")
    config, mlir = Path(tmp) / f"{name}.json", Path(tmp) / f"{name}.mlir"
    config.write_text(json.dumps(cfg))
    r = subprocess.run([sys.argv[1], str(config), "-o", str(mlir)], capture_output=True,
                       text=True)
    if r.returncode:
        fail(f"{name}: tfm-import failed: {r.stderr}")
    return mlir


tmp = tempfile.TemporaryDirectory()
for name, f in bench.MODELS.items():
    if f.kind not in mr.FORWARD:
        fail(f"{name}: make_reference.py has no model {f.kind}")
    cfg = bench.model_config(name)
    if f.directory is None and cfg != mr.make_config(f.kind, "real"):
        fail(f"{name}: its config is not make_reference.py's real {f.kind} config")
    missing = [x for x in f.shape_fields
               if x not in cfg or x not in mr.make_config(f.kind, "real")]
    if missing:
        fail(f"{name}: shape fields {missing} missing from a config")
    # The inputs torch_worker.py feeds: every parameter without a default.
    params = [n for n, p in inspect.signature(mr.FORWARD[f.kind]).parameters.items()
              if n not in ("W", "cfg") and p.default is inspect.Parameter.empty]
    graph, results = mlir_signature(REPO / "models" / f.directory / f"{f.directory}.mlir"
                                    if f.directory else imported(name, cfg, tmp.name))
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

# LLaMA's analytic FLOPs against its imported IR: every matrix parameter but
# the embedding is one linear layer applied to all M = B*T tokens (2*M*rows*
# cols; the K/V projections' 256 rows come from the IR, not the formula),
# plus causal attention, (T+1)/2 keys on average per query.
cfg = mr.make_config("llama", "real")
params = re.findall(r'tfm\.param "([\w.]+)" : tensor<(\d+)x(\d+)xf32>',
                    imported("llama", cfg, tmp.name).read_text())
B, T = 1, 128
H, Dh = cfg["num_attention_heads"], cfg["hidden_size"] // cfg["num_attention_heads"]
linear = sum(2 * B * T * int(r) * int(c) for n, r, c in params if "embed_tokens" not in n)
attention = cfg["num_hidden_layers"] * 4 * B * H * T * (T + 1) / 2 * Dh
kv = sorted({r for n, r, c in params if "k_proj" in n or "v_proj" in n})
if linear + attention != bench.model_flops("llama", cfg, B, T):
    fail(f"llama: the IR's matrices give {linear + attention} FLOPs, model_flops "
         f"{bench.model_flops('llama', cfg, B, T)}")
print(f"llama 1x128: {len(params)} matrices, k/v rows {kv}, "
      f"{(linear + attention) / 1e9:.3f} GFLOP = model_flops")

# Its decode bound's bytes against the IR: every parameter once but the
# untied embedding matrix, of which a step reads one row; the cache's width
# is the K/V projections' rows.
shapes = re.findall(r'tfm\.param "([\w.]+)" : tensor<([\dx]+)xf32>',
                    imported("llama", cfg, tmp.name).read_text())
elements = sum(math.prod(int(d) for d in dims.split("x")) for n, dims in shapes
               if "embed_tokens" not in n) + cfg["hidden_size"]
d = bench.MODELS["llama"].decoder
if elements != d.weight_elements(cfg) or d.cache(cfg) != (cfg["num_hidden_layers"],
                                                          int(kv[0])):
    fail(f"llama: the IR reads {elements} weights a decode step, its Decoder "
         f"{d.weight_elements(cfg)}; cache {d.cache(cfg)}")
print(f"llama decode step: {len(shapes)} parameters, {elements * 4 / 1e6:.1f} MB, "
      f"cache {d.cache(cfg)}")
