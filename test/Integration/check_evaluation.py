#!/usr/bin/env python3
"""End-to-end numerics of the evaluation losses (tfm-append-loss): a model
from scripts/make_reference.py, imported, its logits turned into a loss by
tfm-opt --tfm-append-loss, compiled and run, against PyTorch in float64.

  check_evaluation.py --objective next-token --model gpt2 [--backend dnnl|llvm]
                      [--size tiny|wide] --bin BUILD/bin --work DIR [--tolerance 1e-4]

next-token: the mean cross-entropy of input_ids[t + 1] given logits[t]
(F.cross_entropy over the T - 1 positions of every row), whose exp is the
perplexity. Each case must match within |actual - expected| <= tolerance *
|expected|; a one-token input has no position to score (NaN, as PyTorch).
"""
import argparse
import math
import os
import subprocess
import sys

import numpy as np
import torch
import torch.nn.functional as F

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "scripts"))
import make_reference  # noqa: E402


def run(args):
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"FAILED: {' '.join(args)}\n{result.stdout}{result.stderr}")
    return result.stdout


def next_token_loss(weights, cfg, ids):
    """PyTorch's mean next-token cross-entropy, in float64."""
    view = {name: torch.from_numpy(np.array(array, dtype=np.float64)) for name, array in weights.items()}
    logits = make_reference.gpt2_forward(view, cfg, torch.from_numpy(ids))["logits"]
    vocab = logits.shape[-1]
    return F.cross_entropy(logits[:, :-1].reshape(-1, vocab), torch.from_numpy(ids)[:, 1:].reshape(-1),
                           reduction="mean").item()


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--objective", required=True, choices=["next-token"])
    parser.add_argument("--model", required=True, choices=["gpt2"])
    parser.add_argument("--bin", required=True, help="directory with tfm-import, tfm-opt, tfm-compile")
    parser.add_argument("--work", required=True, help="scratch directory")
    parser.add_argument("--backend", default="dnnl", choices=["dnnl", "llvm"])
    parser.add_argument("--size", default="tiny", choices=["tiny", "wide"])
    parser.add_argument("--tolerance", type=float, default=1e-4)
    args = parser.parse_args()

    isa = os.environ.get("DNNL_MAX_CPU_ISA", "host")
    work = os.path.join(args.work, args.objective, args.backend, args.size, isa, args.model)
    run([sys.executable, os.path.join(REPO, "scripts", "make_reference.py"), "--model", args.model,
         "--size", args.size, "--out", work, "--no-cases"])
    imported = os.path.join(work, "model.mlir")
    evaluated = os.path.join(work, "loss.mlir")
    exe = os.path.join(work, "loss.exe")
    run([os.path.join(args.bin, "tfm-import"), os.path.join(work, "config.json"), "-o", imported])
    run([os.path.join(args.bin, "tfm-opt"), imported, f"--tfm-append-loss=objective={args.objective}",
         "-o", evaluated])
    run([os.path.join(args.bin, "tfm-compile"), evaluated, "--backend=" + args.backend, "-o", exe])

    cfg = make_reference.make_config(args.model, args.size)
    weights, _ = make_reference.read_safetensors(os.path.join(work, "model.safetensors"))
    rng = np.random.default_rng(2024)
    vocab, positions = cfg["vocab_size"], cfg["n_positions"]
    failures = 0
    for batch, seq in [(1, 1), (1, 7), (2, 16), (3, min(positions, 64)), (1, positions)]:
        ids = rng.integers(0, vocab, (batch, seq)).astype(np.int64)
        case = os.path.join(work, "cases", f"b{batch}_t{seq}")
        os.makedirs(case, exist_ok=True)
        np.save(os.path.join(case, "input_ids.npy"), ids)
        run([exe, "--weights", os.path.join(work, "model.safetensors"), "--input",
             f"input_ids={os.path.join(case, 'input_ids.npy')}", "--output-dir", case])
        loss = np.load(os.path.join(case, "loss.npy"))
        expected = next_token_loss(weights, cfg, ids)
        if loss.shape != () or loss.dtype != np.float32:
            ok, detail = False, f"got {loss.dtype}{loss.shape}, expected float32 ()"
        elif math.isnan(expected):
            ok, detail = bool(np.isnan(loss)), f"{float(loss)} (expected NaN)"
        else:
            error = abs(float(loss) - expected)
            ok = math.isfinite(float(loss)) and error <= args.tolerance * abs(expected)
            detail = (f"{float(loss):.7g} vs {expected:.7g} (relative error "
                      f"{error / abs(expected):.2g}), perplexity {math.exp(expected):.4g}")
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {args.model} {args.objective} [{batch},{seq}]: {detail}",
              flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
