#!/usr/bin/python3
"""tfm's int8 scheme simulated in PyTorch, against the f32 forward pass.

  simulate_int8.py --model llama [--batch 8] [--seq 128] [--seed 0] [--weight-levels 127]
                   [--ids IDS.npy] [--tfm-logits LOGITS.npy]

Runs scripts/make_reference.py's real-size model (random weights, the seed's)
on random ids (decoders) or pixels (ViT), once in f32 and once with every
linear computed as tfm's `--precision=int8` computes it (lib/Runtime/Quantize.h):
the input quantized per row (token) to symmetric s8, scale max|row| / 127,
nearest-even; the weight per output channel to [-L, L], L = --weight-levels
(127; 63 where the CPU has no VNNI and oneDNN's AVX2 kernel would overflow);
the product exact, then scaled back, plus the bias. Everything else stays f32.
It prints scripts/accuracy.py's metrics of the simulated outputs against the
f32 ones, so that tfm's own int8 figures (benchmarks, tfm-precision-* tests)
can be told apart from the scheme's: what the simulation shows, the scheme
costs; what tfm adds beyond it, a kernel does. With --ids (the decoders' and
BERT's input ids, int64 [B, T]) the inputs are those instead of random ones,
and with --tfm-logits (a decoder's logits from a tfm int8 executable run on
those ids) tfm's logits are measured against f32 too, and against the
simulation.
"""
import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
import accuracy  # noqa: E402
import make_reference as ref  # noqa: E402

DECODERS = ("gpt2", "llama")
MODELS = DECODERS + ("bert", "vit")


def quantized(t, levels, dim):
    """t quantized symmetrically along `dim`'s groups to [-levels, levels] and
    scaled back, as Quantize.h does it (in float64: the product is exact)."""
    largest = t.abs().amax(dim=dim, keepdim=True).to(torch.float32)
    multiplier = torch.where(largest > 0, levels / largest, torch.zeros_like(largest))
    scale = torch.where(largest > 0, largest / levels, torch.ones_like(largest))
    q = torch.round(t.to(torch.float32) * multiplier).clamp_(-levels, levels)
    return q.to(torch.float64) * scale.to(torch.float64)


def int8_linear(weight_levels):
    def linear(x, weight, bias=None):  # nn.Linear: weight [out, in]
        y = quantized(x, 127, -1) @ quantized(weight, weight_levels, -1).t()
        y = y.to(torch.float32)
        return y + bias if bias is not None else y
    return linear


def int8_conv1d(weight_levels):
    def conv1d(x, w, b):  # HF Conv1D: weight [in, out], one scale per column
        y = (quantized(x, 127, -1) @ quantized(w, weight_levels, 0)).to(torch.float32)
        return y + b
    return conv1d


def forward_with_int8_linears(forward, weight_levels, *args, **kwargs):
    """forward(*args, **kwargs) with F.linear and GPT-2's Conv1D replaced by
    the simulated int8 products (make_reference looks both up at each call)."""
    saved = F.linear, ref._hf_conv1d
    F.linear, ref._hf_conv1d = int8_linear(weight_levels), int8_conv1d(weight_levels)
    try:
        return forward(*args, **kwargs)
    finally:
        F.linear, ref._hf_conv1d = saved


def inputs(model, cfg, batch, seq, gen, ids=None):
    """The model's inputs: random ones, or `ids` (int64 [B, T]) for a text model."""
    if model == "vit":
        size = cfg["image_size"]
        return {"pixel_values": torch.randn((batch, 3, size, size), generator=gen)}
    if ids is None:
        ids = torch.randint(0, cfg["vocab_size"], (batch, seq), generator=gen, dtype=torch.int64)
    if model == "bert":
        return {"input_ids": ids, "attention_mask": torch.ones_like(ids),
                "token_type_ids": torch.zeros_like(ids)}
    return {"input_ids": ids}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", choices=MODELS, required=True)
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--seq", type=int, default=128, help="tokens (decoders, BERT)")
    ap.add_argument("--seed", type=int, default=0, help="weights' seed (make_reference's)")
    ap.add_argument("--input-seed", type=int, default=1)
    ap.add_argument("--weight-levels", type=int, choices=(127, 63), default=127)
    ap.add_argument("--ids", type=Path, help="input ids (.npy, int64 [B, T]) instead of random ones")
    ap.add_argument("--tfm-logits", type=Path,
                    help="a decoder's int8 logits from tfm on --ids (.npy), to measure too")
    ap.add_argument("--json", action="store_true", help="print the metrics as JSON")
    args = ap.parse_args(argv)
    if args.batch < 1 or args.seq < 1:
        ap.error("--batch and --seq must be at least 1")
    if args.ids and args.model == "vit":
        ap.error("--ids is for the models with token ids")
    if args.tfm_logits and (not args.ids or args.model not in DECODERS):
        ap.error("--tfm-logits needs --ids and a decoder (gpt2, llama)")

    cfg = ref.make_config(args.model, "real")
    weights = dict(ref.iter_weights(ref.SPECS[args.model](cfg), args.seed))
    forward = ref.FORWARD[args.model]
    ids = None
    if args.ids:
        ids = np.load(args.ids)
        if ids.dtype != np.int64 or ids.ndim != 2 or not ((0 <= ids) & (ids < cfg["vocab_size"])).all():
            ap.error(f"--ids {args.ids}: expected int64 [B, T] ids in [0, {cfg['vocab_size']})")
        ids = torch.from_numpy(ids)
    feed = inputs(args.model, cfg, args.batch, args.seq,
                  torch.Generator().manual_seed(args.input_seed), ids)
    torch.set_num_threads(max(1, torch.get_num_threads()))
    with torch.no_grad():
        expected = forward(weights, cfg, **feed)
        simulated = forward_with_int8_linears(forward, args.weight_levels, weights, cfg, **feed)
    report = {}
    for name, value in expected.items():
        report[name] = accuracy.metrics(simulated[name].numpy(), value.numpy(),
                                        is_logits=args.model in DECODERS and name == "logits")
    if args.tfm_logits:
        actual = np.load(args.tfm_logits)
        if actual.shape != tuple(expected["logits"].shape):
            ap.error(f"--tfm-logits {args.tfm_logits} is {list(actual.shape)}, the logits "
                     f"{list(expected['logits'].shape)}")
        report["tfm logits"] = accuracy.metrics(actual, expected["logits"].numpy(), is_logits=True)
        report["tfm logits vs simulated"] = accuracy.metrics(actual, simulated["logits"].numpy(),
                                                             is_logits=True)
    if args.json:
        print(json.dumps(report, indent=2, sort_keys=True))
        return 0
    shape = "x".join(str(n) for n in feed[next(iter(feed))].shape)
    print(f"{args.model} {shape}, weights to +-{args.weight_levels}: "
          "simulated int8 against f32")
    for name, m in report.items():
        line = (f"  {name}: max_err {m['max_err']:.3g}  mean_err {m['mean_err']:.3g}  "
                f"min_cos {m['min_cos']:.6f}")
        if "argmax" in m:
            line += f"  argmax {m['argmax']:.3f} of {m['positions']} positions"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
