#!/usr/bin/env python3
"""check-evaluation.py --folder DIR --expected IDS.json --result RESULT.json
    (--perplexity TEXT | --mlm-loss FILE --seed N --batch-size B) [--tolerance 1e-4]

Checks `tfm run --perplexity` or `--mlm-loss --json` (RESULT.json) against
PyTorch in float64 on the random-weight folder make-text-model.py wrote. The
token ids come from IDS.json (the tokenizer tests' expected ids, from an
independent implementation), not from tfm:

- perplexity: TEXT is one case; its ids are cut into windows of n_positions,
  each window scored on its own, the losses weighted by the tokens each
  predicts;
- masked-LM loss: FILE's lines are cases, batched B at a time and padded
  with [PAD]; batch b's masks are tfm.mlm_mask / tfm.mlm_corrupt's generator
  (check_losses.py's copy) with step b, never at special tokens.

Prints "OK: ..." or exits 1 naming the mismatch.
"""
import argparse
import importlib.util
import json
import math
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

REPO = Path(__file__).resolve().parents[4]


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--folder", required=True, type=Path)
    ap.add_argument("--expected", required=True, type=Path)
    ap.add_argument("--result", required=True, type=Path)
    ap.add_argument("--perplexity")
    ap.add_argument("--mlm-loss", type=Path)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--tolerance", type=float, default=1e-4)
    args = ap.parse_args()

    mr = load("make_reference", REPO / "scripts" / "make_reference.py")
    losses = load("check_losses", REPO / "test" / "Integration" / "check_losses.py")
    cases = {c["text"]: c for c in json.loads(args.expected.read_text())["cases"]}
    cfg = json.loads((args.folder / "config.json").read_text())
    weights, _ = mr.read_safetensors(args.folder / "model.safetensors")
    weights = {k: torch.from_numpy(np.array(v, dtype=np.float64)) for k, v in weights.items()}
    result = json.loads(args.result.read_text())

    def fail(message):
        sys.exit(f"FAIL: {message}")

    if args.perplexity is not None:
        ids = cases[args.perplexity]["ids"]
        window = cfg["n_positions"]
        total, predicted, windows = 0.0, 0, 0
        for start in range(0, len(ids), window):
            chunk = torch.tensor([ids[start:start + window]], dtype=torch.int64)
            if chunk.shape[1] < 2:
                break
            logits = mr.FORWARD["gpt2"](weights, cfg, chunk)["logits"][0]
            total += F.cross_entropy(logits[:-1], chunk[0, 1:], reduction="sum").item()
            predicted += chunk.shape[1] - 1
            windows += 1
        expected = {"tokens": len(ids), "predicted": predicted, "windows": windows,
                    "window": window}
        for key, value in expected.items():
            if result[key] != value:
                fail(f"{key} {result[key]}, expected {value}")
        loss = total / predicted
        for key, value in (("mean_loss", loss), ("perplexity", math.exp(loss))):
            if abs(result[key] - value) > args.tolerance * abs(value):
                fail(f"{key} {result[key]!r}, expected {value!r}")
        print(f"OK: perplexity of {len(ids)} tokens in {windows} windows")
        return

    vocab = json.loads((args.folder / "tokenizer.json").read_text())["model"]["vocab"]
    special = sorted({vocab[t] for t in ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")})
    texts = [line for line in args.mlm_loss.read_text().split("\n") if line.strip()]
    total, masked, batches = 0.0, 0, 0
    for first in range(0, len(texts), args.batch_size):
        rows = [cases[t] for t in texts[first:first + args.batch_size]]
        width = max(len(r["ids"]) for r in rows)
        ids = np.full((len(rows), width), vocab["[PAD]"], dtype=np.int64)
        attention = np.zeros((len(rows), width), dtype=np.int64)
        types = np.zeros((len(rows), width), dtype=np.int64)
        for i, r in enumerate(rows):
            n = len(r["ids"])
            ids[i, :n], attention[i, :n], types[i, :n] = r["ids"], 1, r["typeIds"]
        step = batches
        mask = losses.mlm_mask(len(rows), width, args.seed, 0.15, step, ids, tuple(special))
        corrupted = losses.mlm_corrupt(ids, mask, args.seed, vocab["[MASK]"], cfg["vocab_size"],
                                       step)
        logits = mr.FORWARD["bert-mlm"](weights, cfg, torch.from_numpy(corrupted),
                                        torch.from_numpy(attention), torch.from_numpy(types))["logits"]
        selected = torch.from_numpy(mask)
        if selected.any():
            total += F.cross_entropy(logits[selected], torch.from_numpy(ids)[selected],
                                     reduction="sum").item()
        masked += int(mask.sum())
        batches += 1
    expected = {"masked_positions": masked, "texts": len(texts), "batches": batches,
                "seed": args.seed}
    for key, value in expected.items():
        if result[key] != value:
            fail(f"{key} {result[key]}, expected {value}")
    loss = total / masked
    if abs(result["mlm_loss"] - loss) > args.tolerance * abs(loss):
        fail(f"mlm_loss {result['mlm_loss']!r}, expected {loss!r}")
    print(f"OK: masked-LM loss over {masked} positions in {batches} batches")


if __name__ == "__main__":
    main()
