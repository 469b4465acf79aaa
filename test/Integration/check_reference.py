#!/usr/bin/env python3
"""End-to-end numerics: a model kind through tfm-import, tfm-compile and the
executable, against PyTorch reference outputs from scripts/make_reference.py.

  check_reference.py --model gpt2 [--backend dnnl|llvm] [--size tiny|wide|real]
                     --bin BUILD/bin --work DIR [--tolerance 1e-4]

For every case the generator wrote, runs the compiled executable (one
executable for all batch sizes and sequence lengths) and requires
max|actual - expected| <= tolerance * max|expected| for every output.
"""
import argparse
import glob
import json
import os
import subprocess
import sys

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "scripts"))
import accuracy  # noqa: E402  (scripts/accuracy.py: which loops attention runs per ISA)


def run(args):
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"FAILED: {' '.join(args)}\n{result.stdout}{result.stderr}")
    return result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", required=True,
                        choices=["gpt2", "bert", "bert-mlm", "bert-classifier", "vit",
                                 "openai-gpt", "distilbert", "distilbert-mlm", "roberta",
                                 "clip-text", "clip-text-eos", "t5", "t5-gated", "llama",
                                 "llama-tied", "llama-model", "deit", "deit-classifier",
                                 "deit-model"])
    parser.add_argument("--bin", required=True, help="directory with tfm-import and tfm-compile")
    parser.add_argument("--work", required=True, help="scratch directory")
    parser.add_argument("--backend", default="dnnl", choices=["dnnl", "llvm"])
    parser.add_argument("--size", default="tiny", choices=["tiny", "wide", "real"],
                        help="wide: one layer at the real models' widths; real: the real "
                             "model (12 layers, with make_reference.py's real-size cases)")
    parser.add_argument("--tolerance", type=float, default=1e-4)
    args = parser.parse_args()

    # Tests of one model under several ISA caps run in parallel: each its own
    # directory.
    isa = os.environ.get("DNNL_MAX_CPU_ISA", "host")
    work = os.path.join(args.work, args.backend, args.size, isa, args.model)
    run([sys.executable, os.path.join(REPO, "scripts", "make_reference.py"),
         "--model", args.model, "--size", args.size, "--cases", "--out", work])
    mlir = os.path.join(work, "model.mlir")
    exe = os.path.join(work, "model.exe")
    run([os.path.join(args.bin, "tfm-import"), os.path.join(work, "config.json"), "-o", mlir])
    run([os.path.join(args.bin, "tfm-compile"), mlir, "--backend=" + args.backend, "-o", exe])

    failures = 0
    cases = sorted(glob.glob(os.path.join(work, "cases", "*")))
    if not cases:
        sys.exit("FAILED: the generator wrote no cases")
    for case in cases:
        out = os.path.join(case, "out")
        command = [exe, "--weights", os.path.join(work, "model.safetensors"), "--output-dir", out]
        for path in sorted(glob.glob(os.path.join(case, "inputs", "*.npy"))):
            command += ["--input", f"{os.path.basename(path)[:-4]}={path}"]
        run(command)
        for path in sorted(glob.glob(os.path.join(case, "expected", "*.npy"))):
            name = os.path.basename(path)
            expected = np.load(path)
            actual = np.load(os.path.join(out, name))
            if actual.shape != expected.shape or actual.dtype != np.float32:
                print(f"{args.model}/{os.path.basename(case)}/{name}: got {actual.dtype}{actual.shape}, "
                      f"expected float32{expected.shape}")
                failures += 1
                continue
            scale = float(np.abs(expected).max())
            error = float(np.abs(actual.astype(np.float64) - expected).max())
            ok = np.isfinite(actual).all() and error <= args.tolerance * scale
            failures += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {args.backend} {args.model}/{os.path.basename(case)}/{name} "
                  f"{actual.shape}: max abs error {error:.3g} (max |expected| {scale:.3g})")
    # RoBERTa's positions start after the padding id P, so its tables hold
    # max_position_embeddings - P - 1 tokens: one more is refused before the
    # run, naming that limit (the longest case above ran).
    if args.model == "roberta":
        with open(os.path.join(work, "config.json")) as f:
            config = json.load(f)
        limit = config["max_position_embeddings"] - config["pad_token_id"] - 1
        too_long = os.path.join(work, "too_long_ids.npy")
        np.save(too_long, np.full((1, limit + 1), 5, dtype=np.int64))
        result = subprocess.run([exe, "--weights", os.path.join(work, "model.safetensors"),
                                 "--input", "input_ids=" + too_long,
                                 "--output-dir", os.path.join(work, "too_long_out")],
                                capture_output=True, text=True)
        wanted = f"sequence length {limit + 1} exceeds the model's {limit} positions"
        ok = result.returncode != 0 and wanted in result.stderr
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {args.backend} {args.model}: {limit + 1} tokens "
              f"refused: {result.stderr.strip()!r}")

    # After a warm-up run, runs with the same shapes are served by the
    # runtime's buffer pool: no allocation reaches the system allocator.
    bench = json.loads(run(command + ["--bench", "3"]).strip().splitlines()[-1])
    if bench["system_allocations"] != 0:
        print(f"FAIL {args.model}: {bench['system_allocations']} system allocations in timed runs")
        failures += 1
    # The dnnl backend packs weights into their kernels' layouts when they are
    # bound; a run whose kernel wants another layout (another row count)
    # packs a copy once and keeps it, so later runs pack nothing.
    print(f"weights packed at load: {bench['weights_packed_at_load']}, at the first run: "
          f"{bench['weights_packed_at_first_run']}, at later runs: "
          f"{bench['weights_packed_at_later_runs']}")
    if bench["weights_packed_at_later_runs"] != 0:
        print(f"FAIL {args.model}: weights packed again after the first run")
        failures += 1
    if args.backend == "dnnl" and bench["weights_packed_at_load"] == 0:
        print(f"FAIL {args.model}: no weight packed at load")
        failures += 1
    # Which oneDNN kernel each precision's linears ran with (an f32 model's
    # are all f32; the llvm backend creates none).
    kernels = bench["kernels"]
    print(f"kernels: {json.dumps(kernels)}")
    if args.backend == "dnnl" and not kernels.get("f32"):
        print(f"FAIL {args.model}: --bench names no f32 linear kernel: {kernels}")
        failures += 1
    # tfm's attention loops stay within oneDNN's ISA, capped or not.
    if args.backend == "dnnl":
        dnnl_isa = run([os.path.join(args.bin, "tfm-test-dnnl-isa")]).strip()
        expected = accuracy.attention_kernel("f32", dnnl_isa)
        if kernels.get("attention") != expected:
            print(f"FAIL {args.model}: attention ran {kernels.get('attention')} at {dnnl_isa} "
                  f"(expected {expected})")
            failures += 1
    print(f"{len(cases)} cases, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
