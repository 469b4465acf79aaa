"""Prints what scripts/accuracy.py's bounds say of a few argmax agreements
and what scripts/simulate_int8.py's quantizer makes of a few values, for
accuracy-bounds.test to check."""
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "scripts"))
import accuracy  # noqa: E402
import simulate_int8  # noqa: E402


def logits_values(agreement, positions=1024, max_err=0.01, mean_err=0.001, min_cos=0.9999):
    return {"max_err": max_err, "mean_err": mean_err, "min_cos": min_cos, "argmax": agreement,
            "positions": positions, "argmax_off_ties": 0}


for model in ("gpt2", "llama", None):
    for agreement in (0.86, 0.82, 0.79):
        problems = accuracy.violations(logits_values(agreement), "int8", model)
        print(f"{model} int8 argmax {agreement}: {'; '.join(problems) or 'ok'}")
# The override is int8's only: bf16 keeps its own bound for LLaMA.
print("llama bf16 argmax 0.86:",
      "; ".join(accuracy.violations(logits_values(0.86), "bf16", "llama")) or "ok")


def levels_of(t, levels, dim):
    """The integers the quantizer picked: its result over its scale."""
    scale = t.abs().amax(dim=dim, keepdim=True) / levels
    scale = torch.where(scale > 0, scale, torch.ones_like(scale))
    q = simulate_int8.quantized(t, levels, dim) / scale
    return [[round(float(v), 4) for v in row] for row in q.tolist()]


# Quantize.h's scheme: per row, scale max|row| / 127, nearest-even (62.5 to
# 62, -63.5 to -64); an all-zero row stays zero. Weights per output channel.
rows = torch.tensor([[127.0, 62.5, -63.5, 0.25], [0.0, 0.0, 0.0, 0.0]])
print("rows:", levels_of(rows, 127, -1))
columns = torch.tensor([[2.0], [1.0], [-0.5]])
print("a column at 63 levels:", levels_of(columns, 63, 0))
