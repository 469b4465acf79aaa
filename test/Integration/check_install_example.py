#!/usr/bin/env python3
"""The installed tfm, used as a user would: install, then build the
docs/examples/bert-embed project and the API concurrency test against the
install prefix with find_package(tfm), and check their numbers.

  check_install_example.py --build BUILD --work DIR [--cmake CMAKE] [--cc CC]
                           [--generator GEN] [--tolerance 1e-4]

1. cmake --install BUILD --prefix DIR/prefix
2. a tiny random BERT (scripts/make_reference.py), imported with the
   installed tfm-import
3. docs/examples/bert-embed configured and built against DIR/prefix (its
   CMakeLists compiles the model with tfm_compile_model, shared and static)
4. both example programs run on the b3_t9_ragged case (lengths 9, 5, 1,
   padded, sentence pairs); each printed pooler output must satisfy
   max|actual - expected| <= tolerance * max|expected|
5. test/Integration/api-concurrency: two copies of the model library in one
   process, three contexts on three threads, bitwise equal to serial runs,
   and bad calls answered with errors.
6. test/Integration/model-executable: the model's own program
   (tfm_compile_model EXECUTABLE, linked with the installed libtfmtools and
   libtfmrt) run on the case's .npy inputs, its pooler_output held to the
   same tolerance; the same at PRECISION bf16 held to bf16's 3e-2; and an
   unknown PRECISION refused when the project is configured.
"""
import argparse
import os
import shutil
import subprocess
import sys
import time

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(args, **kwargs):
    started = time.time()
    result = subprocess.run(args, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        sys.exit(f"FAILED ({result.returncode}): {' '.join(args)}\n{result.stdout}{result.stderr}")
    print(f"[{time.time() - started:5.1f}s] {' '.join(os.path.basename(a) if i == 0 else a for i, a in enumerate(args))}")
    return result.stdout


def sentences(case):
    """The case's padded batch as bert-embed's text format."""
    inputs = os.path.join(case, "inputs")
    ids = np.load(os.path.join(inputs, "input_ids.npy"))
    mask = np.load(os.path.join(inputs, "attention_mask.npy"))
    types = np.load(os.path.join(inputs, "token_type_ids.npy"))
    lines = []
    for row in range(ids.shape[0]):
        length = int(mask[row].sum())
        if not (mask[row, :length] == 1).all():
            sys.exit("FAILED: the case is not right-padded")
        tokens = []
        for t in range(length):
            if t and types[row, t] == 1 and types[row, t - 1] == 0:
                tokens.append("|")
            elif t and types[row, t] != types[row, t - 1]:
                sys.exit("FAILED: token types are not one pair per row")
            tokens.append(str(int(ids[row, t])))
        lines.append(" ".join(tokens))
    return "\n".join(lines) + "\n"


def parse_pooler(stdout, rows):
    values = {}
    for line in stdout.splitlines():
        if line.startswith("pooler_output["):
            head, numbers = line.split(":", 1)
            values[int(head[len("pooler_output["):-1])] = [float(x) for x in numbers.split()]
    if sorted(values) != list(range(rows)):
        sys.exit(f"FAILED: expected {rows} pooler_output lines, got:\n{stdout}")
    return np.array([values[r] for r in range(rows)], dtype=np.float64)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", required=True, help="tfm's build directory")
    parser.add_argument("--work", required=True, help="scratch directory (recreated)")
    parser.add_argument("--cmake", default="cmake")
    parser.add_argument("--cc", default=None, help="C compiler for the example projects")
    parser.add_argument("--generator", default=None)
    parser.add_argument("--tolerance", type=float, default=1e-4)
    args = parser.parse_args()

    work = os.path.abspath(args.work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    prefix = os.path.join(work, "prefix")
    run([args.cmake, "--install", args.build, "--prefix", prefix])

    bert = os.path.join(work, "bert")
    run(["/usr/bin/python3", os.path.join(REPO, "scripts", "make_reference.py"),
         "--model", "bert", "--out", bert])
    model = os.path.join(bert, "bert.mlir")
    run([os.path.join(prefix, "bin", "tfm-import"), os.path.join(bert, "config.json"), "-o", model])

    configure = [f"-DCMAKE_PREFIX_PATH={prefix}", "-DCMAKE_BUILD_TYPE=Release"]
    if args.cc:
        configure.append(f"-DCMAKE_C_COMPILER={args.cc}")
    if args.generator:
        configure += ["-G", args.generator]

    example = os.path.join(work, "example")
    run([args.cmake, "-S", os.path.join(REPO, "docs", "examples", "bert-embed"), "-B", example,
         f"-DBERT_MODEL={model}"] + configure)
    run([args.cmake, "--build", example, "-j", "1"])  # ctest -j2 runs other tests alongside

    case = os.path.join(bert, "cases", "b3_t9_ragged")
    text = os.path.join(work, "sentences.txt")
    with open(text, "w") as f:
        f.write(sentences(case))
    expected = np.load(os.path.join(case, "expected", "pooler_output.npy")).astype(np.float64)
    scale = float(np.abs(expected).max())
    weights = os.path.join(bert, "model.safetensors")
    failures = 0
    for program, extra in (("bert-embed", []), ("bert-embed-linked", ["--threads", "2"])):
        stdout = run([os.path.join(example, program)] + extra + [weights, text])
        actual = parse_pooler(stdout, expected.shape[0])
        if actual.shape != expected.shape:
            print(f"FAIL {program}: pooler_output shape {actual.shape}, expected {expected.shape}")
            failures += 1
            continue
        error = float(np.abs(actual - expected).max())
        ok = np.isfinite(actual).all() and error <= args.tolerance * scale
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {program} b3_t9_ragged/pooler_output {actual.shape}: "
              f"max abs error {error:.3g} (max |expected| {scale:.3g})")

    concurrency = os.path.join(work, "api-concurrency")
    run([args.cmake, "-S", os.path.join(REPO, "test", "Integration", "api-concurrency"),
         "-B", concurrency] + configure)
    run([args.cmake, "--build", concurrency, "-j", "1"])
    library = os.path.join(example, "libbert.so")
    copy = os.path.join(work, "libbert-copy.so")
    shutil.copy(library, copy)
    print(run([os.path.join(concurrency, "api-concurrency"), library, copy, weights]), end="")

    executable = os.path.join(work, "model-executable")
    run([args.cmake, "-S", os.path.join(REPO, "test", "Integration", "model-executable"),
         "-B", executable, f"-DMODEL={model}"] + configure)
    run([args.cmake, "--build", executable, "-j", "1"])
    outputs = os.path.join(work, "bert-run-out")
    command = [os.path.join(executable, "bert-run"), "--weights", weights]
    for name in ("input_ids", "attention_mask", "token_type_ids"):
        command += ["--input", f"{name}={os.path.join(case, 'inputs', name + '.npy')}"]
    command += ["--output-dir", outputs]
    # The same program at PRECISION bf16 (tfm_compile_model's keyword): held
    # to bf16's bound, 3e-2 x max|expected| (on CPUs without a fast bf16
    # kernel it computes in f32, well within it).
    for program, tolerance in (("bert-run", args.tolerance), ("bert-run-lower", 3e-2)):
        outputs = os.path.join(work, program + "-out")
        run([os.path.join(executable, program)] + command[1:-1] + [outputs])
        actual = np.load(os.path.join(outputs, "pooler_output.npy")).astype(np.float64)
        error = (float(np.abs(actual - expected).max()) if actual.shape == expected.shape
                 else np.inf)
        ok = np.isfinite(actual).all() and error <= tolerance * scale
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {program} b3_t9_ragged/pooler_output {actual.shape}: "
              f"max abs error {error:.3g} (max |expected| {scale:.3g})")

    # A precision tfm-compile does not have is a configure-time error.
    refused = subprocess.run([args.cmake, "-S", os.path.join(REPO, "test", "Integration",
                                                              "model-executable"),
                              "-B", os.path.join(work, "model-executable-fp8"),
                              f"-DMODEL={model}", "-DPRECISION=fp8"] + configure,
                             capture_output=True, text=True)
    message = "tfm_compile_model: unknown PRECISION 'fp8'; available: f32, bf16, int8"
    ok = refused.returncode != 0 and message in refused.stderr
    failures += not ok
    print(f"{'ok  ' if ok else 'FAIL'} PRECISION fp8 refused at configure time")

    print(f"{failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
