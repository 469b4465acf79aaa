#!/usr/bin/env python3
"""End-to-end numerics of the losses: small @forward functions around
tfm.cross_entropy (and tfm.mlm_mask), compiled with tfm-compile and run,
against PyTorch in float64.

  check_losses.py --bin BUILD/bin --work DIR [--tolerance 1e-5]

Cross-entropy variants: plain, ignore_index (default -100 and a custom one,
i32 labels), next_token, a mask made inside the function by tfm.mlm_mask
(reproduced here bit for bit), large logits (the max must be subtracted),
out-of-range labels (clamped into [0, V), see LowerLosses.cpp) and inputs
where no position counts (NaN, as PyTorch). Each executable runs several
batch sizes and sequence lengths and must match within
|actual - expected| <= tolerance * |expected|.

tfm.mlm_mask: the executable's mask equals the splitmix64 generator below for
several seeds, shapes and probabilities; it is the same across runs and
thread counts; for a fixed sequence length the first rows do not depend on
the batch size; and the fraction kept over [64, 128] is within 5 sigma of
the probability.
"""
import argparse
import math
import os
import struct
import subprocess
import sys

import numpy as np
import torch
import torch.nn.functional as F

VOCAB = 11
MASK64 = (1 << 64) - 1


def run(args):
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"FAILED: {' '.join(args)}\n{result.stdout}{result.stderr}")
    return result.stdout


class Checker:
    def __init__(self, bin_dir, work, tolerance):
        self.bin = bin_dir
        self.work = work
        self.tolerance = tolerance
        self.failures = 0
        self.checks = 0
        os.makedirs(work, exist_ok=True)
        # The executable wants a weights file even without parameters: an
        # empty-but-valid safetensors file (header "{}" padded to 8 bytes).
        self.weights = os.path.join(work, "empty.safetensors")
        header = b"{}".ljust(8, b" ")
        with open(self.weights, "wb") as f:
            f.write(struct.pack("<Q", len(header)) + header)

    def report(self, ok, what):
        self.checks += 1
        self.failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {what}", flush=True)

    def compile(self, name, mlir):
        directory = os.path.join(self.work, name)
        os.makedirs(directory, exist_ok=True)
        source = os.path.join(directory, f"{name}.mlir")
        with open(source, "w") as f:
            f.write(mlir)
        exe = os.path.join(directory, f"{name}.exe")
        run([os.path.join(self.bin, "tfm-compile"), source, "-o", exe])
        return exe

    def execute(self, exe, case, inputs, outputs, extra=()):
        """Runs `exe` on the arrays `inputs` (name -> array); returns the
        named outputs as arrays."""
        directory = os.path.join(os.path.dirname(exe), case)
        os.makedirs(directory, exist_ok=True)
        command = [exe, "--weights", self.weights, "--output-dir", os.path.join(directory, "out")]
        for name, array in inputs.items():
            path = os.path.join(directory, f"{name}.npy")
            np.save(path, array)
            command += ["--input", f"{name}={path}"]
        run(command + list(extra))
        return [np.load(os.path.join(directory, "out", f"{name}.npy")) for name in outputs]


#===------------------------------------------------------------------------===#
# tfm.mlm_mask's generator (LowerMlmMask in TfmToLinalg.cpp)
#===------------------------------------------------------------------------===#

GAMMA = np.uint64(0x9E3779B97F4A7C15)
CHOICE_STREAM = 0x6A09E667F3BCC909
TOKEN_STREAM = 0xBB67AE8584CAA73B


def splitmix64(x):
    with np.errstate(over="ignore"):
        z = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def draw(key, counter):
    """splitmix64(key + (counter + 1) * gamma), elementwise over `counter`."""
    with np.errstate(over="ignore"):
        return splitmix64(np.uint64(key & MASK64) + (counter + np.uint64(1)) * GAMMA)


def mlm_key(seed, step):
    """The ops' key: the seed, or with a step splitmix64(seed + (step + 1) * gamma)."""
    if step is None:
        return seed & MASK64
    return int(draw(seed, np.uint64(step & MASK64)))


def threshold(probability):
    return np.uint64(int(probability * float(1 << 24)))


def mlm_mask(batch, seq, seed, probability, step=None, ids=None, exclude=()):
    """Keeps position i = b*T + t when the top 24 bits of draw(key, i) are
    below floor(probability * 2^24) and its id is not excluded."""
    index = np.arange(batch * seq, dtype=np.uint64).reshape(batch, seq)
    keep = (draw(mlm_key(seed, step), index) >> np.uint64(40)) < threshold(probability)
    if exclude:
        keep &= ~np.isin(ids, list(exclude))
    return keep


def mlm_corrupt(ids, mask, seed, mask_token, vocab, step=None):
    """BERT's 80/10/10: [MASK], a random id, or the id, where mask is true."""
    key = mlm_key(seed, step)
    index = np.arange(ids.size, dtype=np.uint64).reshape(ids.shape)
    choice = draw(key ^ CHOICE_STREAM, index) >> np.uint64(40)
    token = (draw(key ^ TOKEN_STREAM, index) % np.uint64(vocab)).astype(np.int64)
    replaced = np.where(choice < threshold(0.8), mask_token,
                        np.where(choice < threshold(0.9), token, ids))
    return np.where(mask, replaced, ids)


#===------------------------------------------------------------------------===#
# tfm.cross_entropy
#===------------------------------------------------------------------------===#

def cross_entropy_module(label_type="i64", ignore_index=None, next_token=False, mlm=None):
    """@forward(logits, labels) -> loss; with `mlm` = (seed, probability) the
    mask is tfm.mlm_mask of the labels."""
    labels_type = f"tensor<?x?x{label_type}>"
    lines = []
    operands = f"%logits, %labels"
    types = [f"tensor<?x?x{VOCAB}xf32>", labels_type]
    if mlm is not None:
        seed, probability = mlm
        lines.append(f"  %mask = tfm.mlm_mask %labels seed {seed} probability {probability!r} : "
                     f"{labels_type} -> tensor<?x?xi1>")
        operands += " mask %mask"
        types.append("tensor<?x?xi1>")
    if next_token:
        operands += " next_token"
    attrs = f" {{ignore_index = {ignore_index} : i64}}" if ignore_index is not None else ""
    lines.append(f"  %loss = tfm.cross_entropy {operands}{attrs} : ({', '.join(types)}) -> tensor<f32>")
    body = "\n".join(lines)
    return f"""func.func @forward(%logits: tensor<?x?x{VOCAB}xf32> {{tfm.name = "logits"}},
                    %labels: {labels_type} {{tfm.name = "labels"}})
    -> (tensor<f32> {{tfm.name = "loss"}}) {{
{body}
  return %loss : tensor<f32>
}}
"""


def reference_loss(logits, labels, ignore_index, next_token, mask, clamp=False):
    """PyTorch's mean cross-entropy in float64. The mask indexes the logits'
    position t (also with next_token, where t is scored against label t+1)."""
    logits = torch.from_numpy(logits).double()
    labels = torch.from_numpy(labels.astype(np.int64))
    mask = None if mask is None else torch.from_numpy(mask)
    if next_token:
        logits = logits[:, :-1]
        labels = labels[:, 1:]
        mask = None if mask is None else mask[:, :-1]
    if clamp:
        labels = torch.where(labels == ignore_index, labels, labels.clamp(0, VOCAB - 1))
    if mask is not None:
        labels = torch.where(mask, labels, torch.full_like(labels, ignore_index))
    return F.cross_entropy(logits.reshape(-1, VOCAB), labels.reshape(-1),
                           ignore_index=ignore_index, reduction="mean").item()


def compare(checker, what, actual, expected):
    actual = np.asarray(actual)
    if actual.shape != () or actual.dtype != np.float32:
        checker.report(False, f"{what}: got {actual.dtype}{actual.shape}, expected float32 ()")
        return
    value = float(actual)
    if math.isnan(expected):
        checker.report(math.isnan(value), f"{what}: {value} (expected NaN)")
        return
    error = abs(value - expected)
    ok = math.isfinite(value) and error <= checker.tolerance * abs(expected)
    checker.report(ok, f"{what}: {value:.7g} vs {expected:.7g} (relative error {error / abs(expected):.2g})")


def check_cross_entropy(checker):
    rng = np.random.default_rng(1234)
    shapes = [(1, 1), (2, 5), (3, 17), (4, 64)]

    def labels_for(batch, seq, dtype, ignore_index, ignored_fraction):
        labels = rng.integers(0, VOCAB, (batch, seq)).astype(dtype)
        labels[rng.random((batch, seq)) < ignored_fraction] = ignore_index
        return labels

    variants = [
        # name, label type, ignore_index attr, next_token, mlm, ignored fraction, logit scale
        ("plain", "i64", None, False, None, 0.0, 1.0),
        ("ignore", "i64", None, False, None, 0.3, 1.0),
        ("ignore_custom_i32", "i32", 3, False, None, 0.3, 1.0),
        ("next_token", "i64", None, True, None, 0.2, 1.0),
        ("mlm_mask", "i64", None, False, (7, 0.5), 0.1, 1.0),
        ("mlm_mask_next_token", "i64", None, True, (7, 0.5), 0.1, 1.0),
        # exp(logit) overflows f32 unless the max is subtracted first.
        ("large_logits", "i64", None, False, None, 0.0, 60.0),
    ]
    for name, label_type, ignore_attr, next_token, mlm, ignored, scale in variants:
        ignore_index = -100 if ignore_attr is None else ignore_attr
        dtype = np.int64 if label_type == "i64" else np.int32
        exe = checker.compile(f"ce_{name}", cross_entropy_module(label_type, ignore_attr,
                                                                 next_token, mlm))
        for batch, seq in shapes:
            logits = (rng.standard_normal((batch, seq, VOCAB)) * scale).astype(np.float32)
            labels = labels_for(batch, seq, dtype, ignore_index, ignored)
            mask = None if mlm is None else mlm_mask(batch, seq, *mlm)
            (loss,) = checker.execute(exe, f"{batch}x{seq}",
                                      {"logits": logits, "labels": labels}, ["loss"])
            expected = reference_loss(logits, labels, ignore_index, next_token, mask)
            compare(checker, f"cross_entropy/{name} [{batch},{seq}]", loss, expected)

        # Nothing counts: every label ignored -> NaN, as PyTorch.
        logits = rng.standard_normal((2, 4, VOCAB)).astype(np.float32)
        labels = np.full((2, 4), ignore_index, dtype=dtype)
        mask = None if mlm is None else mlm_mask(2, 4, *mlm)
        (loss,) = checker.execute(exe, "all_ignored", {"logits": logits, "labels": labels},
                                  ["loss"])
        expected = reference_loss(logits, labels, ignore_index, next_token, mask)
        compare(checker, f"cross_entropy/{name} all ignored", loss, expected)

    # next_token with one position: the only position has no next label.
    exe = checker.compile("ce_next_token", cross_entropy_module(next_token=True))
    logits = rng.standard_normal((3, 1, VOCAB)).astype(np.float32)
    labels = rng.integers(0, VOCAB, (3, 1)).astype(np.int64)
    (loss,) = checker.execute(exe, "single_position", {"logits": logits, "labels": labels},
                              ["loss"])
    compare(checker, "cross_entropy/next_token T=1", loss,
            reference_loss(logits, labels, -100, True, None))

    # A mask that keeps nothing (probability 0) -> NaN.
    exe = checker.compile("ce_mask_none", cross_entropy_module(mlm=(7, 0.0)))
    logits = rng.standard_normal((2, 6, VOCAB)).astype(np.float32)
    labels = rng.integers(0, VOCAB, (2, 6)).astype(np.int64)
    (loss,) = checker.execute(exe, "masked_out", {"logits": logits, "labels": labels}, ["loss"])
    compare(checker, "cross_entropy/mask keeps nothing", loss, float("nan"))

    # Labels outside [0, V) (not ignore_index) are not diagnosed by the
    # lowering; the read is clamped into range, so they score as class 0 or
    # V-1. PyTorch would raise; the reference clamps the same way.
    exe = checker.compile("ce_plain", cross_entropy_module())
    logits = rng.standard_normal((2, 6, VOCAB)).astype(np.float32)
    labels = np.array([[0, 11, 5, -100, -1, 1000000], [-7, 10, 3, 12, 2, 1]], dtype=np.int64)
    (loss,) = checker.execute(exe, "out_of_range", {"logits": logits, "labels": labels},
                              ["loss"])
    compare(checker, "cross_entropy/out-of-range labels clamped", loss,
            reference_loss(logits, labels, -100, False, None, clamp=True))


#===------------------------------------------------------------------------===#
# tfm.mlm_mask
#===------------------------------------------------------------------------===#

def mlm_mask_module(seed, probability):
    """@forward(ids) -> the mask as 1.0/0.0 (outputs must be f32)."""
    return f"""func.func @forward(%ids: tensor<?x?xi64> {{tfm.name = "ids"}})
    -> (tensor<?x?xf32> {{tfm.name = "mask"}}) {{
  %m = tfm.mlm_mask %ids seed {seed} probability {probability!r} : tensor<?x?xi64> -> tensor<?x?xi1>
  %ones = arith.constant dense<1.0> : tensor<f32>
  %zeros = arith.constant dense<0.0> : tensor<f32>
  %f = tfm.select %m, %ones, %zeros : (tensor<?x?xi1>, tensor<f32>, tensor<f32>) -> tensor<?x?xf32>
  return %f : tensor<?x?xf32>
}}
"""


def check_mlm_mask(checker):
    rng = np.random.default_rng(99)

    def run_mask(exe, batch, seq, case, extra=()):
        ids = rng.integers(0, 1000, (batch, seq)).astype(np.int64)
        (mask,) = checker.execute(exe, case, {"ids": ids}, ["mask"], extra)
        if mask.shape != (batch, seq) or not np.isin(mask, [0.0, 1.0]).all():
            checker.report(False, f"mlm_mask/{case}: got {mask.dtype}{mask.shape}, values "
                                  f"{np.unique(mask)[:5]}")
            return None
        return mask.astype(bool)

    for seed, probability in [(7, 0.5), (42, 0.15), (-1, 0.15), (0, 0.0), (123, 1.0)]:
        name = f"seed{seed}_p{probability}".replace("-", "m")
        exe = checker.compile(f"mlm_{name}", mlm_mask_module(seed, probability))

        for batch, seq in [(1, 1), (2, 5), (3, 33)]:
            mask = run_mask(exe, batch, seq, f"{batch}x{seq}")
            if mask is not None:
                expected = mlm_mask(batch, seq, seed, probability)
                mismatches = int((mask != expected).sum())
                checker.report(mismatches == 0,
                               f"mlm_mask/{name} [{batch},{seq}] matches the generator "
                               f"({mismatches} mismatches, {int(mask.sum())} kept)")

        # For a fixed sequence length, the rows of a smaller batch are the
        # first rows of a larger one (the key is the linear index b*T + t),
        # and the ids' values do not matter.
        small = run_mask(exe, 2, 16, "2x16")
        large = run_mask(exe, 8, 16, "8x16")
        if small is not None and large is not None:
            checker.report(np.array_equal(small, large[:2]),
                           f"mlm_mask/{name}: batch 2 is the first rows of batch 8")

        # Same mask on every run and thread count.
        first = run_mask(exe, 64, 128, "64x128_run1")
        again = run_mask(exe, 64, 128, "64x128_run2")
        threaded = run_mask(exe, 64, 128, "64x128_threads", ["--threads", "2"])
        if first is not None and again is not None and threaded is not None:
            checker.report(np.array_equal(first, again) and np.array_equal(first, threaded),
                           f"mlm_mask/{name} [64,128]: identical across runs and --threads 2")
            n = first.size
            fraction = float(first.mean())
            sigma = math.sqrt(probability * (1 - probability) / n)
            ok = abs(fraction - probability) <= 5 * sigma + 1e-12
            checker.report(ok, f"mlm_mask/{name} [64,128]: fraction kept {fraction:.4f}, "
                               f"probability {probability} (5 sigma = {5 * sigma:.4f})")


#===------------------------------------------------------------------------===#
# tfm.mlm_mask with a step and excluded ids, and tfm.mlm_corrupt
#===------------------------------------------------------------------------===#

CORRUPT_VOCAB = 1000
CORRUPT_MASK_TOKEN = 3
CORRUPT_EXCLUDE = (0, 1, 2)


def mlm_corrupt_module(seed, probability):
    """@forward(ids, step) -> the mask (1.0/0.0) and the corrupted ids (as
    f32 through an embedding whose row v is v: outputs must be f32)."""
    ids = "tensor<?x?xi64>"
    table = ", ".join(f"[{v}.0]" for v in range(CORRUPT_VOCAB))
    exclude = ", ".join(str(v) for v in CORRUPT_EXCLUDE)
    return f"""func.func @forward(%ids: {ids} {{tfm.name = "ids"}}, %step: tensor<i64> {{tfm.name = "step"}})
    -> (tensor<?x?xf32> {{tfm.name = "mask"}}, tensor<?x?x1xf32> {{tfm.name = "corrupted"}}) {{
  %m = tfm.mlm_mask %ids step %step seed {seed} probability {probability!r} exclude [{exclude}] : {ids}, tensor<i64> -> tensor<?x?xi1>
  %c = tfm.mlm_corrupt %ids, %m step %step seed {seed} mask_token {CORRUPT_MASK_TOKEN} vocab {CORRUPT_VOCAB} : ({ids}, tensor<?x?xi1>, tensor<i64>) -> {ids}
  %ones = arith.constant dense<1.0> : tensor<f32>
  %zeros = arith.constant dense<0.0> : tensor<f32>
  %f = tfm.select %m, %ones, %zeros : (tensor<?x?xi1>, tensor<f32>, tensor<f32>) -> tensor<?x?xf32>
  %table = arith.constant dense<[{table}]> : tensor<{CORRUPT_VOCAB}x1xf32>
  %e = tfm.embedding %table[%c] : tensor<{CORRUPT_VOCAB}x1xf32>, {ids} -> tensor<?x?x1xf32>
  return %f, %e : tensor<?x?xf32>, tensor<?x?x1xf32>
}}
"""


def check_mlm_corrupt(checker):
    rng = np.random.default_rng(7)
    seed, probability = 11, 0.3
    exe = checker.compile("mlm_corrupt", mlm_corrupt_module(seed, probability))
    batch, seq = 16, 64
    ids = rng.integers(0, CORRUPT_VOCAB, (batch, seq)).astype(np.int64)
    ids[:, 0] = 1  # a [CLS]-like id, excluded
    ids[:, -5:] = 0  # padding, excluded
    masks = {}
    for step in [0, 1, 2, 1 << 40]:
        mask, corrupted = checker.execute(
            exe, f"step{step}", {"ids": ids, "step": np.array(step, dtype=np.int64)},
            ["mask", "corrupted"], ["--threads", "2"])
        mask = mask.astype(bool)
        corrupted = corrupted[..., 0].astype(np.int64)
        expected_mask = mlm_mask(batch, seq, seed, probability, step, ids, CORRUPT_EXCLUDE)
        expected_ids = mlm_corrupt(ids, expected_mask, seed, CORRUPT_MASK_TOKEN, CORRUPT_VOCAB,
                                   step)
        checker.report(np.array_equal(mask, expected_mask),
                       f"mlm_mask step {step} exclude {CORRUPT_EXCLUDE}: matches the generator "
                       f"({int((mask != expected_mask).sum())} mismatches)")
        checker.report(not (mask & np.isin(ids, CORRUPT_EXCLUDE)).any(),
                       f"mlm_mask step {step}: no excluded id is masked")
        checker.report(np.array_equal(corrupted, expected_ids),
                       f"mlm_corrupt step {step}: matches the generator "
                       f"({int((corrupted != expected_ids).sum())} mismatches)")
        checker.report(np.array_equal(corrupted[~mask], ids[~mask]),
                       f"mlm_corrupt step {step}: unmasked ids unchanged")
        masks[step] = mask
        # The 80/10/10 split over the masked positions (10 % random ids can
        # equal the original, 1/1000 of the time): within 5 sigma.
        n = int(mask.sum())
        for what, observed, p in [
                ("[MASK]", int((corrupted[mask] == CORRUPT_MASK_TOKEN).sum()), 0.8),
                ("unchanged", int((corrupted[mask] == ids[mask]).sum()), 0.1)]:
            sigma = math.sqrt(n * p * (1 - p))
            checker.report(abs(observed - n * p) <= 5 * sigma + 2,
                           f"mlm_corrupt step {step}: {what} {observed} of {n} (expected {n * p:.0f})")
    checker.report(not np.array_equal(masks[0], masks[1]) and
                   not np.array_equal(masks[1], masks[2]),
                   "mlm_mask: each step draws a different mask")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True, help="directory with tfm-compile")
    parser.add_argument("--work", required=True, help="scratch directory")
    parser.add_argument("--tolerance", type=float, default=1e-5)
    args = parser.parse_args()

    checker = Checker(args.bin, args.work, args.tolerance)
    check_cross_entropy(checker)
    check_mlm_mask(checker)
    check_mlm_corrupt(checker)
    print(f"{checker.checks} checks, {checker.failures} failures")
    return 1 if checker.failures else 0


if __name__ == "__main__":
    sys.exit(main())
