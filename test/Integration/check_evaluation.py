#!/usr/bin/env python3
"""End-to-end numerics of the evaluation losses (tfm-append-loss): a model
from scripts/make_reference.py, imported, its logits turned into a loss by
tfm-opt --tfm-append-loss, compiled and run, against PyTorch in float64.

  check_evaluation.py --objective next-token --model gpt2 [--backend dnnl|llvm]
                      [--size tiny|wide] --bin BUILD/bin --work DIR [--tolerance 1e-4]
  check_evaluation.py --objective masked-lm --model bert-mlm ...

next-token: the mean cross-entropy of input_ids[t + 1] given logits[t]
(F.cross_entropy over the T - 1 positions of every row), whose exp is the
perplexity. A one-token input has no position to score (NaN, as PyTorch).

masked-lm: BERT's pre-training loss on ragged batches. The masked positions
and the 80/10/10 replacement are reproduced with check_losses.py's copy of
the generator (never at padding or the [CLS]/[SEP] stand-ins); PyTorch runs
the masked-LM model on the corrupted ids and takes the mean cross-entropy
over the masked positions. Several steps of one seed must give different
masks, and masked_positions must equal the mask.

Each loss must match within |actual - expected| <= tolerance * |expected|.
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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_losses  # noqa: E402  (the mlm_mask / mlm_corrupt generator)

MLM_SEED = 20
MLM_MASK_TOKEN = 3
PAD, CLS, SEP = 0, 1, 2  # the ids masks never touch


def run(args):
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"FAILED: {' '.join(args)}\n{result.stdout}{result.stderr}")
    return result.stdout


def next_token_loss(weights, cfg, ids):
    """PyTorch's mean next-token cross-entropy, in float64."""
    logits = make_reference.gpt2_forward(as_float64(weights), cfg, torch.from_numpy(ids))["logits"]
    vocab = logits.shape[-1]
    return F.cross_entropy(logits[:, :-1].reshape(-1, vocab), torch.from_numpy(ids)[:, 1:].reshape(-1),
                           reduction="mean").item()


def as_float64(weights):
    return {name: torch.from_numpy(np.array(array, dtype=np.float64))
            for name, array in weights.items()}


def masked_lm_loss(weights, cfg, inputs, step):
    """The masked positions and PyTorch's mean cross-entropy over them, in
    float64, for the corrupted input_ids."""
    ids = inputs["input_ids"]
    batch, seq = ids.shape
    mask = check_losses.mlm_mask(batch, seq, MLM_SEED, 0.15, step, ids, (PAD, CLS, SEP))
    corrupted = check_losses.mlm_corrupt(ids, mask, MLM_SEED, MLM_MASK_TOKEN, cfg["vocab_size"],
                                         step)
    logits = make_reference.FORWARD["bert-mlm"](
        as_float64(weights), cfg, torch.from_numpy(corrupted),
        torch.from_numpy(inputs["attention_mask"]), torch.from_numpy(inputs["token_type_ids"]))["logits"]
    selected = torch.from_numpy(mask)
    loss = F.cross_entropy(logits[selected], torch.from_numpy(ids)[selected], reduction="mean")
    return mask, loss.item()


def bert_batch(rng, vocab, lengths, seq):
    """A ragged batch: [CLS] text [SEP] then padding, sentence pairs' types."""
    ids = rng.integers(SEP + 2, vocab, (len(lengths), seq)).astype(np.int64)
    mask = np.zeros((len(lengths), seq), dtype=np.int64)
    types = np.zeros((len(lengths), seq), dtype=np.int64)
    for row, n in enumerate(lengths):
        ids[row, 0], ids[row, n - 1], ids[row, n:] = CLS, SEP, PAD
        mask[row, :n] = 1
        types[row, n // 2:n] = 1
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}


def compare_loss(actual, expected, tolerance):
    if actual.shape != () or actual.dtype != np.float32:
        return False, f"got {actual.dtype}{actual.shape}, expected float32 ()"
    if math.isnan(expected):
        return bool(np.isnan(actual)), f"{float(actual)} (expected NaN)"
    error = abs(float(actual) - expected)
    ok = math.isfinite(float(actual)) and error <= tolerance * abs(expected)
    return ok, (f"{float(actual):.7g} vs {expected:.7g} (relative error "
                f"{error / abs(expected):.2g})")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--objective", required=True, choices=["next-token", "masked-lm"])
    parser.add_argument("--model", required=True, choices=["gpt2", "bert-mlm"])
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
    objective = f"objective={args.objective}"
    if args.objective == "masked-lm":
        objective += f" seed={MLM_SEED} mask-token={MLM_MASK_TOKEN} exclude={PAD},{CLS},{SEP}"
    run([os.path.join(args.bin, "tfm-opt"), imported, f"--tfm-append-loss={objective}",
         "-o", evaluated])
    run([os.path.join(args.bin, "tfm-compile"), evaluated, "--backend=" + args.backend, "-o", exe])

    cfg = make_reference.make_config(args.model, args.size)
    weights, _ = make_reference.read_safetensors(os.path.join(work, "model.safetensors"))
    rng = np.random.default_rng(2024)
    failures = 0

    def execute(case, inputs):
        directory = os.path.join(work, "cases", case)
        os.makedirs(directory, exist_ok=True)
        command = [exe, "--weights", os.path.join(work, "model.safetensors"), "--output-dir",
                   directory]
        for name, array in inputs.items():
            path = os.path.join(directory, f"{name}.npy")
            np.save(path, array)
            command += ["--input", f"{name}={path}"]
        run(command)
        return directory

    def report(ok, what):
        nonlocal failures
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {args.model} {args.objective} {what}", flush=True)

    if args.objective == "next-token":
        vocab, positions = cfg["vocab_size"], cfg["n_positions"]
        for batch, seq in [(1, 1), (1, 7), (2, 16), (3, min(positions, 64)), (1, positions)]:
            ids = rng.integers(0, vocab, (batch, seq)).astype(np.int64)
            directory = execute(f"b{batch}_t{seq}", {"input_ids": ids})
            expected = next_token_loss(weights, cfg, ids)
            ok, detail = compare_loss(np.load(os.path.join(directory, "loss.npy")), expected,
                                      args.tolerance)
            report(ok, f"[{batch},{seq}]: {detail}, perplexity {math.exp(expected):.4g}")
    else:
        vocab, positions = cfg["vocab_size"], cfg["max_position_embeddings"]
        full = bert_batch(rng, vocab, [positions, positions - 3, positions // 2, positions],
                          positions)
        cases = [(0, bert_batch(rng, vocab, [8], 8)),
                 (1, bert_batch(rng, vocab, [9, 5, 2], 9)),
                 (1 << 33, bert_batch(rng, vocab, [16, 16, 3, 11], 16)),
                 (0, full), (1, full)]
        masks = []
        for step, inputs in cases:
            lengths = inputs["attention_mask"].sum(axis=1).tolist()
            batch, seq = inputs["input_ids"].shape
            directory = execute(f"step{step}_b{batch}_t{seq}",
                                dict(inputs, mlm_step=np.array(step, dtype=np.int64)))
            mask, expected = masked_lm_loss(weights, cfg, inputs, step)
            positions_out = np.load(os.path.join(directory, "masked_positions.npy"))
            report(np.array_equal(positions_out.astype(bool), mask) and
                   np.isin(positions_out, [0.0, 1.0]).all(),
                   f"step {step} lengths {lengths}: masked_positions is the generator's mask "
                   f"({int(mask.sum())} positions)")
            ok, detail = compare_loss(np.load(os.path.join(directory, "loss.npy")), expected,
                                      args.tolerance)
            report(ok, f"step {step} lengths {lengths}: {detail}")
            masks.append(mask)
        report(not np.array_equal(masks[-2], masks[-1]),
               "steps 0 and 1 of one batch mask different positions")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
