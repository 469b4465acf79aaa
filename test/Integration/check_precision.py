#!/usr/bin/env python3
"""Accuracy of one precision at real size, against the f32 PyTorch reference.

  check_precision.py --model gpt2 --precision bf16 --bin BUILD/bin --work DIR [--no-caps]
  check_precision.py --model gpt2 --prepare --bin BUILD/bin --work DIR

The model is the real-size one (GPT-2 124M, BERT-base, ViT-B/16) with random
weights, written once per model by scripts/make_reference.py --size real
--cases into DIR/MODEL/reference and shared by every precision (--prepare
does only that; a file lock serialises tests that would write it at once).
The model is compiled once for the precision with the dnnl backend, then each
case runs on the host and again under every DNNL_MAX_CPU_ISA cap below the
host's ISA that the host has (AVX2 ... AVX512_CORE_AMX), reusing the
executable (--no-caps: the host only).

Each output of each run prints one JSON line with, relative to the f32
PyTorch output `ref`:
  max_err   max|out - ref| / max|ref|
  mean_err  mean|out - ref| / max|ref|
  min_cos   the smallest cosine similarity of an output row (last axis) with
            the reference's row
  argmax    (GPT-2 logits) the fraction of positions whose argmax next token
            is the reference's (for f32: none may differ off near ties)
and the bounds it is held to (scripts/accuracy.py). bf16 runs as bf16 only where
oneDNN has an AMX kernel for it; under a cap without AMX the same binary must
compute in f32, so it is held to the f32 bounds there. The first case on
each ISA also prints the kernel families its linears ran (--bench's
"kernels") and checks them: the precision asked for, bf16 on AMX kernels
exactly where the ISA has AMX and the f32 fallback elsewhere.
"""
import argparse
import contextlib
import fcntl
import hashlib
import glob
import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MAKE_REFERENCE = os.path.join(REPO, "scripts", "make_reference.py")
sys.path.insert(0, os.path.join(REPO, "scripts"))
import accuracy  # noqa: E402  (scripts/accuracy.py: the metrics and bounds)

# The cases of make_reference.py --size real that run: a long and an odd
# GPT-2 sequence, ragged BERT batches (attention_mask with padded rows; the
# second is 512 and 505 tokens), ViT with one and two images.
CASES = {
    "gpt2": ["b1_t7", "b1_t128"],
    "bert": ["b3_t9_ragged", "b2_t512"],
    "vit": ["b1", "b2"],
}
# Below the host's ISA, each cap oneDNN 2.6 can be held to that changes its
# f32, bf16 or int8 kernels (see shared notes on the CPUs).
CAPS = ["AVX2", "AVX512_CORE", "AVX512_CORE_VNNI", "AVX512_CORE_BF16", "AVX512_CORE_AMX"]

def run(args, env=None):
    result = subprocess.run(args, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        sys.exit(f"FAILED: {' '.join(args)}\n{result.stdout}{result.stderr}")
    return result.stdout


def file_digest(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextlib.contextmanager
def locked(path):
    with open(path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def prepare(model, bin_dir, work):
    """DIR/MODEL/reference (weights, cases) and DIR/MODEL/model.mlir, made
    once: kept while make_reference.py (resp. tfm-import) is unchanged."""
    root = os.path.join(work, model)
    os.makedirs(root, exist_ok=True)
    reference = os.path.join(root, "reference")
    mlir = os.path.join(root, "model.mlir")
    importer = os.path.join(bin_dir, "tfm-import")

    def up_to_date(stamp_path, stamp):
        try:
            with open(stamp_path) as f:
                return json.load(f) == stamp
        except (OSError, ValueError):
            return False

    def renew(stamp_path, stamp, make):
        if up_to_date(stamp_path, stamp):
            return
        with contextlib.suppress(FileNotFoundError):
            os.unlink(stamp_path)
        make()
        with open(stamp_path, "w") as f:
            json.dump(stamp, f)

    def generate():
        started = time.monotonic()
        run([sys.executable, MAKE_REFERENCE, "--model", model, "--size", "real", "--cases",
             "--out", reference])
        missing = [c for c in CASES[model]
                   if not os.path.isdir(os.path.join(reference, "cases", c))]
        if missing:
            sys.exit(f"FAILED: make_reference.py wrote no case {missing}")
        print(f"{model}: real-size reference generated in {time.monotonic() - started:.0f} s",
              flush=True)

    with locked(os.path.join(root, "lock")):
        renew(os.path.join(root, "reference.stamp.json"),
              {"make_reference": file_digest(MAKE_REFERENCE), "seed": 0}, generate)
        renew(os.path.join(root, "mlir.stamp.json"),
              {"tfm-import": file_digest(importer),
               "config": file_digest(os.path.join(reference, "config.json"))},
              lambda: run([importer, os.path.join(reference, "config.json"), "-o", mlir]))
    return reference, mlir


def compiler_has_precision(bin_dir):
    help_text = subprocess.run([os.path.join(bin_dir, "tfm-compile"), "--help"],
                               capture_output=True, text=True).stdout
    return "--precision" in help_text


def isa_configs(bin_dir, with_caps):
    """[(cap or None, the ISA oneDNN runs at)]: the host as the environment
    leaves it, then (with_caps) each cap below it that the host has."""
    probe = os.path.join(bin_dir, "tfm-test-dnnl-isa")
    host = run([probe]).strip()
    configs = [(None, host)]
    for cap in CAPS if with_caps else []:
        env = dict(os.environ, DNNL_MAX_CPU_ISA=cap)
        result = subprocess.run([probe, cap], env=env, capture_output=True, text=True)
        if result.returncode == 77:
            print(f"cap {cap}: {result.stdout.strip()}")
            continue
        if result.returncode != 0:
            sys.exit(f"FAILED: cannot check the host's ISA: {result.stdout}{result.stderr}")
        effective = run([probe], env=env).strip()
        if effective == host:
            print(f"cap {cap}: the host's own ISA ({host}), run above")
            continue
        configs.append((cap, effective))
    return configs


def kernel_problems(precision, isa, kernels):
    """What is wrong with the kernel families a run reports (--bench's
    "kernels": {precision: oneDNN implementation(s)}) for a model compiled
    at `precision` running at oneDNN ISA `isa`: its linears must have run at
    that precision, bf16 on an AMX kernel exactly where the ISA has AMX and
    as the f32 linear ("f32 fallback: ...") elsewhere; its attention on the
    loops accuracy.attention_kernel names, within the ISA."""
    attention = kernels.get("attention")
    expected = accuracy.attention_kernel(precision, isa)
    problems = [] if attention == expected else [
        f"attention ran {attention} at {isa} (expected {expected})"]
    linears = {k: v for k, v in kernels.items() if k != "attention"}
    return problems + linear_problems(precision, isa, linears)


def linear_problems(precision, isa, kernels):
    """kernel_problems of the linears' entries."""
    if precision == "f32":
        lower = sorted(set(kernels) - {"f32"})
        return [f"an f32 model ran {', '.join(lower)} linears"] if lower else []
    family = kernels.get(precision)
    if family is None:
        return [f"no linear ran at {precision} (kernels {kernels})"]
    if precision == "bf16":
        # One entry per kind of primitive; on AMX a shape oneDNN has no AMX
        # kernel for may fall back, but some must run on AMX.
        entries = family.split(", ")
        fallback = [e.startswith("f32 fallback") for e in entries]
        if accuracy.held_to("bf16", isa) == "bf16" and not any(
                "amx" in e and not f for e, f in zip(entries, fallback)):
            return [f"bf16 linears did not run on an AMX kernel at {isa}: {family}"]
        if accuracy.held_to("bf16", isa) == "f32" and not all(fallback):
            return [f"bf16 linears ran {family} at {isa}, which has no AMX "
                    "(expected the f32 fallback)"]
    return []


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, choices=sorted(CASES))
    parser.add_argument("--precision", choices=sorted(accuracy.BOUNDS))
    parser.add_argument("--prepare", action="store_true",
                        help="only generate the reference and import the model")
    parser.add_argument("--bin", required=True, help="directory with tfm-import and tfm-compile")
    parser.add_argument("--work", required=True, help="cache and scratch directory")
    parser.add_argument("--no-caps", action="store_true",
                        help="run on the host's ISA only (a quicker check by hand: the "
                             "caps run the same code again)")
    args = parser.parse_args()
    if not args.prepare and not args.precision:
        parser.error("--precision is required (or --prepare)")

    started = time.monotonic()
    reference, mlir = prepare(args.model, args.bin, args.work)
    if args.prepare:
        return 0
    if args.precision != "f32" and not compiler_has_precision(args.bin):
        print(f"skipped: tfm-compile has no --precision option, so no {args.precision} model")
        return 77

    work = os.path.join(args.work, args.model, args.precision)
    os.makedirs(work, exist_ok=True)
    exe = os.path.join(work, "model.exe")
    command = [os.path.join(args.bin, "tfm-compile"), mlir, "--backend=dnnl", "-o", exe + ".tmp"]
    if args.precision != "f32":
        command.insert(2, f"--precision={args.precision}")
    compile_started = time.monotonic()
    run(command)
    os.replace(exe + ".tmp", exe)
    compile_seconds = time.monotonic() - compile_started

    weights = os.path.join(reference, "model.safetensors")
    failures = runs = 0
    for cap, isa in isa_configs(args.bin, not args.no_caps):
        env = dict(os.environ)
        if cap:
            env["DNNL_MAX_CPU_ISA"] = cap
        for index, case in enumerate(CASES[args.model]):
            case_dir = os.path.join(reference, "cases", case)
            out = os.path.join(work, "out", cap or "host", case)
            shutil.rmtree(out, ignore_errors=True)  # no output of an earlier run is read
            os.makedirs(out)
            command = [exe, "--weights", weights, "--output-dir", out]
            for path in sorted(glob.glob(os.path.join(case_dir, "inputs", "*.npy"))):
                command += ["--input", f"{os.path.basename(path)[:-4]}={path}"]
            # The first case of each ISA also reports the kernels that ran.
            if index == 0:
                bench = json.loads(run(command + ["--bench", "1"], env).strip()
                                   .splitlines()[-1])
                kernels = bench.get("kernels")
                problems = [] if kernels is None else kernel_problems(args.precision, isa,
                                                                      kernels)
                if bench.get("precision", args.precision) != args.precision:
                    problems.append(f"the executable says its precision is "
                                    f"{bench['precision']}")
                print(json.dumps({"model": args.model, "precision": args.precision,
                                  "cap": cap, "isa": isa, "kernels": kernels,
                                  "ok": not problems, "problems": problems}), flush=True)
                failures += bool(problems)
            else:
                run(command, env)
            runs += 1
            for path in sorted(glob.glob(os.path.join(case_dir, "expected", "*.npy"))):
                name = os.path.basename(path)[:-4]
                expected = np.load(path)
                actual = np.load(os.path.join(out, name + ".npy"))
                record = {"model": args.model, "precision": args.precision, "case": case,
                          "output": name, "cap": cap, "isa": isa}
                if actual.shape != expected.shape or actual.dtype != np.float32 \
                        or not np.isfinite(actual).all():
                    record["problems"] = [f"got {actual.dtype}{list(actual.shape)} (finite: "
                                          f"{bool(np.isfinite(actual).all())}), expected "
                                          f"float32{list(expected.shape)}"]
                else:
                    values = accuracy.metrics(actual, expected,
                                              args.model == "gpt2" and name == "logits")
                    record.update(values)
                    record["held_to"] = accuracy.held_to(args.precision, isa)
                    record["problems"] = accuracy.violations(values, record["held_to"])
                record["ok"] = not record["problems"]
                failures += not record["ok"]
                print(json.dumps(record), flush=True)
    print(f"{args.model} {args.precision}: {runs} runs, {failures} failures; compile "
          f"{compile_seconds:.0f} s, total {time.monotonic() - started:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
