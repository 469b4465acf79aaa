#!/usr/bin/env python3
"""One PyTorch measurement for benchmarks/bench.py.

    OMP_NUM_THREADS=o OPENBLAS_NUM_THREADS=b /usr/bin/python3 torch_worker.py \
        --model MODEL --weights model.safetensors --config config.json \
        --inputs DIR [--reps N] [--save-outputs DIR] [--dtype f32|bf16]
        [--generate N]

It runs in its own process because both thread counts are read once, when
torch (OpenMP) and OpenBLAS are loaded: the parent sets them in this
process's environment, and reads this process's peak RSS with wait4().

MODEL is a scripts/make_reference.py model (a key of its FORWARD: gpt2,
bert, vit, clip-text, t5, ...).  The model is make_reference.py's forward function (plain torch, the
Hugging Face eager code path, weights addressed by their HF names), fed the
weights from the same safetensors file the tfm executable binds and every
DIR/NAME.npy as input NAME.  Under torch.no_grad(): one warm-up run, then N
timed runs (N = 0: just the one run, e.g. to save reference outputs).
--dtype bf16 runs the same weights converted to torch.bfloat16, and float
inputs cast to it, like model.to(torch.bfloat16) (the forward functions
compute in their weights' dtype); outputs are saved as float32.
Prints one JSON line: median_ms, min_ms, samples_ms, the thread counts torch
and OpenBLAS actually use, and the output shapes.  --save-outputs writes each
output as DIR/NAME.npy (float32), atomically (the directory appears complete
or not at all).

--generate N (gpt2, llama, llama-tied): PyTorch with a KV cache as a decode
peer instead: greedy generation of N tokens after the prompt
DIR/input_ids.npy (batch 1), by make_reference.greedy_generate(kv_cache=True)
(a [L, 2, 1, P+N, Dkv] cache updated in place, each decode step feeding one
token; Dkv = GPT-2's n_embd, a LLaMA's key/value heads x head_dim).  One warm-up
generation of 4 tokens, then N timed generations (--reps), each with a fresh
cache: time to first token (prefill + the first argmax) and decode tokens/s
((N - 1) tokens over the time from the first token to the last).  Prints
medians and samples of both, the generated ids of the first timed run, and
the cache's bytes.
"""

import argparse
import ctypes
import json
import math
import os
import shutil
import statistics
import sys
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))


def openblas_info():
    """(threads, config) of the OpenBLAS torch loaded, or (None, None)."""
    try:
        lib = ctypes.CDLL("libopenblas.so.0")
        lib.openblas_get_config.restype = ctypes.c_char_p
        return int(lib.openblas_get_num_threads()), lib.openblas_get_config().decode()
    except (OSError, AttributeError):
        return None, None


def generate(mr, W, cfg, inputs, args):
    import statistics
    import torch

    prompt = inputs.get("input_ids")
    if prompt is None or prompt.dim() != 2 or prompt.shape[0] != 1:
        sys.exit("torch_worker: --generate needs input_ids.npy of shape [1, P]")
    N = args.generate
    ttft, rates, first_ids = [], [], None
    with torch.no_grad():
        mr.greedy_generate(W, cfg, prompt, min(4, N), kv_cache=True)  # warm-up
        for _ in range(args.reps):
            marks = {}

            def on_token(k):
                if k == 0 or k == N - 1:
                    marks[k] = time.perf_counter()

            t0 = time.perf_counter()
            ids, _ = mr.greedy_generate(W, cfg, prompt, N, kv_cache=True, on_token=on_token)
            ttft.append((marks[0] - t0) * 1e3)
            rates.append((N - 1) / (marks[N - 1] - marks[0]))
            if first_ids is None:
                first_ids = ids[0].tolist()
    blas_threads, blas_config = openblas_info()
    element = 2 if args.dtype == "bf16" else 4
    print(json.dumps({
        "ttft_ms": statistics.median(ttft), "decode_tokens_per_s": statistics.median(rates),
        "ttft_samples_ms": [round(t, 3) for t in ttft],
        "decode_samples_tokens_per_s": [round(r, 3) for r in rates],
        "prompt_tokens": prompt.shape[1], "new_tokens": N, "generated_ids": first_ids,
        "cache_bytes": math.prod(mr.kv_cache_shape(cfg, 1, prompt.shape[1] + N)) * element,
        "torch_threads": torch.get_num_threads(), "blas_threads": blas_threads,
        "blas_config": blas_config, "torch_version": torch.__version__, "dtype": args.dtype,
    }))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", required=True,
                    help="a scripts/make_reference.py model (its FORWARD table)")
    ap.add_argument("--weights", required=True, type=Path)
    ap.add_argument("--config", required=True, type=Path)
    ap.add_argument("--inputs", required=True, type=Path)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--save-outputs", type=Path)
    ap.add_argument("--dtype", choices=["f32", "bf16"], default="f32")
    ap.add_argument("--generate", type=int, metavar="N",
                    help="gpt2, llama, llama-tied: time greedy generation of N tokens with "
                         "a KV cache")
    args = ap.parse_args()
    if args.reps < 0:
        ap.error("--reps must be >= 0")
    if args.generate is not None:
        # make_reference.TOKEN_EMBEDDING's decoders, checked before torch loads.
        if args.model not in ("gpt2", "llama", "llama-tied"):
            ap.error("--generate is for --model gpt2, llama or llama-tied")
        if args.generate < 2 or args.reps < 1:
            ap.error("--generate needs N >= 2 and --reps >= 1")
        if args.save_outputs:
            ap.error("--generate saves no outputs")

    import numpy as np
    import torch
    import make_reference as mr

    if args.model not in mr.FORWARD:
        ap.error(f"argument --model: invalid choice: '{args.model}' (choose from "
                 + ", ".join(sorted(mr.FORWARD)) + ")")
    cfg = json.loads(args.config.read_text())
    tensors, _ = mr.read_safetensors(args.weights)
    with warnings.catch_warnings():
        # The arrays are read-only views of the file's bytes; nothing writes them.
        warnings.simplefilter("ignore")
        W = {name: torch.from_numpy(a) for name, a in tensors.items()}
    inputs = {p.stem: torch.from_numpy(np.load(p)) for p in sorted(args.inputs.glob("*.npy"))}
    if not inputs:
        sys.exit(f"torch_worker: no .npy inputs in {args.inputs}")
    if args.dtype == "bf16":
        W = {name: t.to(torch.bfloat16) for name, t in W.items()}
        inputs = {name: t.to(torch.bfloat16) if t.is_floating_point() else t
                  for name, t in inputs.items()}
    forward = mr.FORWARD[args.model]
    if args.generate is not None:
        return generate(mr, W, cfg, inputs, args)

    samples = []
    with torch.no_grad():
        out = forward(W, cfg, **inputs)  # warm-up (and the outputs when --reps 0)
        for _ in range(args.reps):
            t0 = time.perf_counter()
            out = forward(W, cfg, **inputs)
            samples.append((time.perf_counter() - t0) * 1e3)

    if args.save_outputs:
        tmp = args.save_outputs.with_name(args.save_outputs.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        for name, t in out.items():
            np.save(tmp / f"{name}.npy", np.ascontiguousarray(t.float().numpy()))
        shutil.rmtree(args.save_outputs, ignore_errors=True)
        os.replace(tmp, args.save_outputs)

    blas_threads, blas_config = openblas_info()
    print(json.dumps({
        "median_ms": statistics.median(samples) if samples else None,
        "min_ms": min(samples) if samples else None,
        "samples_ms": [round(s, 3) for s in samples],
        "torch_threads": torch.get_num_threads(),
        "blas_threads": blas_threads,
        "blas_config": blas_config,
        "torch_version": torch.__version__,
        "dtype": args.dtype,
        "outputs": {name: list(t.shape) for name, t in out.items()},
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
