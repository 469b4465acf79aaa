#!/usr/bin/env python3
"""Greedy generation against PyTorch (issue 14; GPT-2, and the LLaMA-style
decoder of issue 15): exact token ids, and the prefill's and every decode
step's logits within tolerance * max|reference|.

  check_generation.py steps --bin BUILD/bin --work DIR [--model gpt2|llama]
                      [--backend dnnl|llvm] [--size tiny|wide|real] [--wte-scale S]
                      [--tolerance 1e-4] [--sentinel nan|zero]
  check_generation.py run --model-dir DIR --max-new-tokens N [--eos ID]...
                      [--tolerance 1e-4] -- TFM_COMMAND...
  check_generation.py --self-test

The reference is scripts/make_reference.py --generation: N greedy tokens,
each step recomputing the whole sequence with no cache, ties to the lowest id.

steps: the executable path, one step at a time. make_reference.py writes a
random-weight checkpoint of --model (gpt2: GPT2LMHeadModel; llama:
LlamaForCausalLM with an untied head) and its generation cases
(DIR/generation/CASE; --wte-scale is make_reference.py's, for varied ids);
`tfm-import --kv-cache` and tfm-compile make an executable whose @forward
takes input_ids i64 [1, T], position (i64, rank 0: the tokens the cache
holds) and kv_cache (f32 [L, 2, 1, M, D], updated in place; D is GPT-2's
n_embd, a LLaMA's num_key_value_heads * head_dim, its keys after the rotary
embedding) and writes
OUT/logits.npy [1, T, V] and the updated OUT/kv_cache.npy. Per case: the
cache has M = P + N rows (sized from the request, as tfm's generation
allocates it); the prefill feeds the prompt at position 0, decode step k
feeds the reference's token k-1 at position P+k-1 (teacher forcing: a first
wrong pick is reported and the logits of every later step still compared).
Every step must give:
  - logits: all T rows within tolerance * max|reference| (the prefill's rows
    against the full forward pass of the prompt, each decode step's against
    the reference's row k), finite, float32 [1, T, V];
  - the greedy pick (argmax, ties to the lowest id) equal to the reference's;
  - kv_cache: rows [0, position) bit-identical to the input, rows
    [position, position+T) within tolerance of the reference's keys and
    values (make_reference's KV-cache path), rows past position+T untouched.
    With --sentinel nan (default) those rows hold NaN, so an implementation
    that reads past position+T produces NaN logits.
Then a batch of 2 random sequences is fed in chunks of 5, 3, 1, 4 and 7
tokens (several tokens at a position past 0: the causal mask aligned
bottom-right), each chunk's logits against the full forward pass and the
cache checked as above.

run: the user's path. TFM_COMMAND (e.g. `tfm run DIR --prompt "..."
--max-new-tokens N --json`) must print one JSON document with "prompt_ids"
and "generated_ids" (lists of ints; [[...]] for batch 1 is accepted). The
reference is recomputed from its prompt_ids with DIR's checkpoint
(config.json, model.safetensors: a GPT-2 or a LlamaForCausalLM).
generated_ids must equal the reference's first len(generated_ids) ids; fewer
than N only if the generation stopped at an EOS id (config.json's
eos_token_id, or --eos), which it may or may not include.

--self-test needs no tfm binary: it runs the steps check with make_reference's
own KV-cache path standing in for the executable (the same files, command
line and comparisons), which must pass, and with broken stand-ins (perturbed
logits, an off-by-one cache write, rows past position+T touched, position
ignored, wrong shapes, NaN), which must fail -- for GPT-2, and for the tiny
LLaMA the pass and the cache bugs (and keys cached before their rotary
embedding); and the run check with stand-in commands printing right and wrong
JSON documents.

Exit status: 0 when everything matched, 1 otherwise, 2 for a usage error.
"""
import argparse
import contextlib
import io
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import torch

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "scripts"))
import make_reference  # noqa: E402

TOLERANCE = 1e-4


class Failure(Exception):
    """A check that failed, with what to print."""


# --------------------------------------------------------------------------
# Comparisons
# --------------------------------------------------------------------------


def compare_logits(actual, expected, tolerance):
    """(ok, max abs error, max|expected|, detail): actual must be float32 of
    expected's shape, finite, and within tolerance * max|expected|."""
    expected = np.asarray(expected, dtype=np.float64)
    if not isinstance(actual, np.ndarray) or actual.dtype != np.float32 \
            or actual.shape != expected.shape:
        got = f"{getattr(actual, 'dtype', type(actual).__name__)}{getattr(actual, 'shape', '')}"
        return False, float("inf"), 0.0, f"got {got}, expected float32{expected.shape}"
    scale = float(np.abs(expected).max())
    if not np.isfinite(actual).all():
        return False, float("inf"), scale, "not finite"
    error = float(np.abs(actual.astype(np.float64) - expected).max())
    ok = error <= tolerance * scale
    return ok, error, scale, f"max abs error {error:.3g} (max |expected| {scale:.3g})"


def greedy(row):
    """The greedy id of a logits row: the highest, ties to the lowest id
    (np.argmax, like torch.argmax, returns the first maximal index)."""
    return int(np.argmax(row))


def compare_ids(actual, expected, max_new_tokens, eos_ids):
    """(ok, detail) for generated ids against the reference's (which ran the
    whole max_new_tokens without stopping). actual may stop early only at an
    EOS id: right after generating it (it included) or before it (left
    out)."""
    if not isinstance(actual, list) or not all(isinstance(i, int) and not isinstance(i, bool)
                                               for i in actual):
        return False, f"generated_ids is not a list of ints: {actual!r}"[:200]
    if len(actual) > max_new_tokens:
        return False, f"{len(actual)} ids, more than --max-new-tokens {max_new_tokens}"
    n = len(actual)
    early = [k for k, i in enumerate(actual[:-1]) if i in eos_ids]
    if early:
        return False, f"generation went on after EOS {actual[early[0]]} at step {early[0]}"
    for k, (a, e) in enumerate(zip(actual, expected)):
        if a != e:
            return False, (f"first difference at step {k}: {a} vs {e}\n"
                           f"    got      {actual}\n    expected {expected[:max(n, 1)]}")
    if n < max_new_tokens:
        if n > 0 and actual[-1] in eos_ids:
            return True, f"{n} ids equal, stopped after EOS {actual[-1]}"
        if expected[n] in eos_ids:
            return True, f"{n} ids equal, stopped at EOS {expected[n]} (not included)"
        return False, (f"stopped after {n} of {max_new_tokens} ids without an EOS "
                       f"(EOS ids {sorted(eos_ids)}; the reference's next id is {expected[n]})")
    return True, f"{n} ids equal"


def check_cache(before, after, position, count, expected_rows, tolerance):
    """(ok, detail) for the cache an executable returned: rows before
    `position` bit-identical to `before`, rows [position, position+count)
    within tolerance * max|expected_rows| of expected_rows ([L, 2, B, count,
    D]), later rows bit-identical to `before` (NaN sentinels stay NaN)."""
    if not isinstance(after, np.ndarray) or after.dtype != np.float32 \
            or after.shape != before.shape:
        return False, (f"kv_cache is {getattr(after, 'dtype', '?')}"
                       f"{getattr(after, 'shape', '')}, expected float32{before.shape}")
    end = position + count
    bits_before, bits_after = before.view(np.uint32), after.view(np.uint32)
    if not np.array_equal(bits_after[:, :, :, :position], bits_before[:, :, :, :position]):
        return False, f"kv_cache rows before position {position} changed"
    if not np.array_equal(bits_after[:, :, :, end:], bits_before[:, :, :, end:]):
        return False, f"kv_cache rows at and after {end} (position + T) changed"
    ok, _, _, detail = compare_logits(np.ascontiguousarray(after[:, :, :, position:end]),
                                      expected_rows, tolerance)
    return ok, f"kv_cache rows [{position}, {end}): {detail}"


# --------------------------------------------------------------------------
# The executable, one step at a time
# --------------------------------------------------------------------------


def subprocess_runner(command):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise Failure(f"{shlex.join(command)} failed (exit {result.returncode}):\n"
                      f"{result.stdout}{result.stderr}")


def step_command(exe, weights, directory, inputs):
    """The executable's command line for one step; writes the inputs as
    DIRECTORY/NAME.npy (outputs go to DIRECTORY/out)."""
    command = [exe, "--weights", weights, "--output-dir", os.path.join(directory, "out")]
    for name, array in inputs.items():
        path = os.path.join(directory, f"{name}.npy")
        np.save(path, array)
        command += ["--input", f"{name}={path}"]
    return command


def check_case(exe, weights_path, W, cfg, case_dir, work, tolerance, sentinel, runner, report):
    """Runs one generation case step by step; returns the number of failures."""
    prompt = np.load(os.path.join(case_dir, "prompt_ids.npy"))
    ids = np.load(os.path.join(case_dir, "generated_ids.npy"))[0]
    ref_logits = np.load(os.path.join(case_dir, "logits.npy"))
    case = os.path.basename(case_dir)
    P, N = prompt.shape[1], len(ids)
    M = P + N
    fill = np.nan if sentinel == "nan" else 0.0
    cache = np.full(make_reference.kv_cache_shape(cfg, 1, M), fill, dtype=np.float32)
    ref_cache = make_reference.new_kv_cache(cfg, 1, M)  # the reference's keys and values
    forward = make_reference.decoder_forward(cfg)
    failures, worst, first_wrong = 0, 0.0, None
    feed, position = prompt, 0
    for k in range(N):
        T = feed.shape[1]
        what = f"{case} {'prefill' if k == 0 else f'decode step {k}'} (position {position}, T {T})"
        with torch.no_grad():
            full = forward(W, cfg, torch.from_numpy(prompt))["logits"] if k == 0 else None
            forward(W, cfg, torch.from_numpy(feed), position, ref_cache)
        expected = full.numpy() if k == 0 else ref_logits[k][None, None]
        directory = os.path.join(work, case, f"step{k:03d}")
        os.makedirs(directory, exist_ok=True)
        command = step_command(exe, weights_path, directory,
                               {"input_ids": feed.astype(np.int64),
                                "position": np.array(position, dtype=np.int64),
                                "kv_cache": cache})
        try:
            runner(command)
            logits = np.load(os.path.join(directory, "out", "logits.npy"))
            new_cache = np.load(os.path.join(directory, "out", "kv_cache.npy"))
        except (Failure, OSError, ValueError) as e:
            report(False, f"{what}: {e}")
            return failures + 1
        ok, error, scale, detail = compare_logits(logits, expected, tolerance)
        if np.isfinite(error) and scale > 0:
            worst = max(worst, error / scale)
        failures += not ok
        if not ok or k == 0 or k == N - 1:
            report(ok, f"{what}: logits {detail}")
        if ok or (isinstance(logits, np.ndarray) and logits.shape == expected.shape):
            pick = greedy(logits[0, -1])
            if pick != ids[k]:
                failures += 1
                first_wrong = k if first_wrong is None else first_wrong
                report(False, f"{what}: greedy id {pick}, the reference's {int(ids[k])} "
                              f"(reference top-2 margin {_margin(ref_logits[k]):.3g})")
        ok, detail = check_cache(cache, new_cache, position, T,
                                 ref_cache[:, :, :, position:position + T].numpy(), tolerance)
        failures += not ok
        if not ok:
            report(False, f"{what}: {detail}")
        if not ok:  # go on with the reference's rows
            new_cache = cache.copy()
            new_cache[:, :, :, position:position + T] = \
                ref_cache[:, :, :, position:position + T].numpy()
        cache = new_cache
        if not failures:
            shutil.rmtree(directory)  # a real-size step's files are megabytes
        position += T
        feed = ids[k:k + 1][None].astype(np.int64)
    report(failures == 0,
           f"{case}: {N} greedy ids after a {P}-token prompt "
           + ("equal" if first_wrong is None else f"differ from step {first_wrong}")
           + f"; logits max error {worst:.2g} * max|ref| over {N} steps")
    return failures


def _margin(row):
    top = np.sort(np.asarray(row, dtype=np.float64))[-2:]
    return float(top[1] - top[0])


def load_weights(directory):
    tensors, _ = make_reference.read_safetensors(os.path.join(directory, "model.safetensors"))
    return {name: torch.from_numpy(np.array(a)) for name, a in tensors.items()}


def check_steps(exe, model_dir, work, tolerance, sentinel, runner, report):
    """Every case of MODEL_DIR/generation; returns the number of failures."""
    with open(os.path.join(model_dir, "config.json")) as f:
        cfg = json.load(f)
    W = load_weights(model_dir)
    cases = sorted(os.path.join(model_dir, "generation", c)
                   for c in os.listdir(os.path.join(model_dir, "generation")))
    if not cases:
        raise Failure(f"{model_dir}/generation has no cases")
    failures = 0
    for case_dir in cases:
        failures += check_case(exe, os.path.join(model_dir, "model.safetensors"), W, cfg,
                               case_dir, work, tolerance, sentinel, runner, report)
    failures += check_chunks(exe, os.path.join(model_dir, "model.safetensors"), W, cfg, work,
                             tolerance, sentinel, runner, report)
    return failures


# Chunk lengths fed one after the other: several tokens at a position past 0
# need the causal mask aligned bottom-right (and a LLaMA's rotary angles
# offset by the position), which the cases' one-token steps do not show.
CHUNKS = (5, 3, 1, 4, 7)


def check_chunks(exe, weights_path, W, cfg, work, tolerance, sentinel, runner, report):
    """A batch of 2 random sequences fed in CHUNKS into one cache of
    sum(CHUNKS) + 4 rows: each chunk's logits against the full forward pass
    of the sequences (positions past 0), the cache's rows as check_cache
    requires them. Returns the number of failures."""
    B, S = 2, sum(CHUNKS)
    gen = torch.Generator().manual_seed(4099)
    ids = torch.randint(0, cfg["vocab_size"], (B, S), generator=gen, dtype=torch.int64)
    forward = make_reference.decoder_forward(cfg)
    fill = np.nan if sentinel == "nan" else 0.0
    cache = np.full(make_reference.kv_cache_shape(cfg, B, S + 4), fill, dtype=np.float32)
    ref_cache = make_reference.new_kv_cache(cfg, B, S + 4)
    with torch.no_grad():
        full = forward(W, cfg, ids)["logits"].numpy()
    failures, worst, position = 0, 0.0, 0
    for T in CHUNKS:
        what = f"chunks: batch {B}, T {T} at position {position}"
        feed = ids[:, position:position + T]
        with torch.no_grad():
            forward(W, cfg, feed, position, ref_cache)
        directory = os.path.join(work, "chunks", f"at{position:03d}")
        os.makedirs(directory, exist_ok=True)
        command = step_command(exe, weights_path, directory,
                               {"input_ids": feed.numpy(),
                                "position": np.array(position, dtype=np.int64),
                                "kv_cache": cache})
        try:
            runner(command)
            logits = np.load(os.path.join(directory, "out", "logits.npy"))
            new_cache = np.load(os.path.join(directory, "out", "kv_cache.npy"))
        except (Failure, OSError, ValueError) as e:
            report(False, f"{what}: {e}")
            return failures + 1
        ok, error, scale, detail = compare_logits(logits, full[:, position:position + T],
                                                  tolerance)
        if np.isfinite(error) and scale > 0:
            worst = max(worst, error / scale)
        failures += not ok
        if not ok:
            report(False, f"{what}: logits {detail}")
        ok, detail = check_cache(cache, new_cache, position, T,
                                 ref_cache[:, :, :, position:position + T].numpy(), tolerance)
        failures += not ok
        if not ok:
            report(False, f"{what}: {detail}")
            new_cache = cache.copy()
            new_cache[:, :, :, position:position + T] = \
                ref_cache[:, :, :, position:position + T].numpy()
        cache = new_cache
        if not failures:
            shutil.rmtree(directory)
        position += T
    report(failures == 0, f"chunks: batch {B}, {len(CHUNKS)} chunks of "
                          f"{'/'.join(map(str, CHUNKS))} tokens; logits max error "
                          f"{worst:.2g} * max|ref|")
    return failures


def run(command):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise Failure(f"{shlex.join(command)} failed (exit {result.returncode}):\n"
                      f"{result.stdout}{result.stderr}")
    return result.stdout


def steps_main(args, report):
    isa = os.environ.get("DNNL_MAX_CPU_ISA", "host")
    work = os.path.join(args.work, args.model, args.backend, args.size, f"wte{args.wte_scale:g}",
                        isa)
    print(run([sys.executable, os.path.join(REPO, "scripts", "make_reference.py"), "--model",
               args.model, "--size", args.size, "--no-cases", "--generation", "--out", work,
               "--wte-scale", repr(args.wte_scale)]).strip(), flush=True)
    mlir, exe = os.path.join(work, "model.mlir"), os.path.join(work, "model.exe")
    run([os.path.join(args.bin, "tfm-import"), os.path.join(work, "config.json"), "--kv-cache",
         "-o", mlir])
    run([os.path.join(args.bin, "tfm-compile"), mlir, "--backend=" + args.backend, "-o", exe])
    return check_steps(exe, work, os.path.join(work, "steps"), args.tolerance, args.sentinel,
                       subprocess_runner, report)


# --------------------------------------------------------------------------
# tfm run --json
# --------------------------------------------------------------------------


def parse_generation_json(text):
    """(prompt_ids, generated_ids) from one JSON document (batch 1)."""
    try:
        doc = json.loads(text)
    except ValueError as e:
        raise Failure(f"the output is not one JSON document ({e}): {text[:300]!r}")
    if not isinstance(doc, dict) or "prompt_ids" not in doc or "generated_ids" not in doc:
        raise Failure(f"the JSON document has no prompt_ids and generated_ids: {text[:300]!r}")
    prompt, generated = doc["prompt_ids"], doc["generated_ids"]
    for name, value in (("prompt_ids", prompt), ("generated_ids", generated)):
        if isinstance(value, list) and len(value) == 1 and isinstance(value[0], list):
            value = value[0]  # [[...]]: batch 1
        if name == "prompt_ids":
            prompt = value
        else:
            generated = value
    if not isinstance(prompt, list) or not prompt or not all(
            isinstance(i, int) and not isinstance(i, bool) for i in prompt):
        raise Failure(f"prompt_ids is not a non-empty list of ints: {prompt!r}"[:300])
    return prompt, generated


def eos_ids_of(cfg, override):
    if override:
        return set(override)
    eos = cfg.get("eos_token_id")
    return set(eos) if isinstance(eos, list) else ({eos} if isinstance(eos, int) else set())


def check_run(command, model_dir, max_new_tokens, eos_override, report, runner=run):
    """Runs a `tfm run ... --json` command and checks its ids; returns the
    number of failures."""
    prompt, generated = parse_generation_json(runner(command))
    with open(os.path.join(model_dir, "config.json")) as f:
        cfg = json.load(f)
    if not all(0 <= i < cfg["vocab_size"] for i in prompt):
        raise Failure(f"prompt_ids outside the vocabulary [0, {cfg['vocab_size']}): {prompt}")
    try:
        positions = make_reference.decoder_positions(cfg)
    except ValueError as e:
        raise Failure(f"{model_dir}: {e}")
    if len(prompt) + max_new_tokens > positions:
        raise Failure(f"a {len(prompt)}-token prompt + {max_new_tokens} new tokens exceeds "
                      f"the model's {positions} positions: tfm should have refused it")
    W = load_weights(model_dir)
    with torch.no_grad():
        ids, _ = make_reference.greedy_generate(W, cfg, torch.tensor([prompt]), max_new_tokens)
    ok, detail = compare_ids(generated, ids[0].tolist(), max_new_tokens,
                             eos_ids_of(cfg, eos_override))
    report(ok, f"tfm run: {len(prompt)}-token prompt, {detail}")
    return 0 if ok else 1


# --------------------------------------------------------------------------
# Self-test
# --------------------------------------------------------------------------


def fake_executable(W, cfg, bug=None):
    """A runner standing in for the compiled executable: parses the command
    step_command made, runs make_reference's KV-cache path on its .npy inputs
    and writes logits.npy and kv_cache.npy, with an optional bug."""

    def runner(command):
        args = dict(zip(command[1::2], command[2::2]))
        out = args["--output-dir"]
        inputs = {}
        for i, word in enumerate(command):
            if word == "--input":
                name, path = command[i + 1].split("=", 1)
                inputs[name] = np.load(path)
        ids, position = inputs["input_ids"], int(inputs["position"])
        cache = torch.from_numpy(inputs["kv_cache"].copy())
        T = ids.shape[1]
        start = {"ignore position": 0, "off by one": position + 1}.get(bug, position)
        if bug == "off by one" and start + T > cache.shape[3]:
            start = position - 1 if position > 0 else position
        with torch.no_grad():
            logits = make_reference.decoder_forward(cfg)(W, cfg, torch.from_numpy(ids), start,
                                                         cache)["logits"].numpy()
            if bug == "keys before rotary":  # layer 0's as k_proj gives them
                a = make_reference._llama_rms_norm(
                    W["model.embed_tokens.weight"][torch.from_numpy(ids)],
                    W["model.layers.0.input_layernorm.weight"], cfg["rms_norm_eps"])
                k = a @ W["model.layers.0.self_attn.k_proj.weight"].t()
                cache[0, 0, :, start:start + T] = k
        cache = cache.numpy()
        if bug == "perturb":  # beyond the tolerance at one decode step
            if position == 9:
                logits[0, -1, 3] += 3e-4 * np.abs(logits).max()
        elif bug == "small perturbation":  # within it, at every step
            logits[0, -1, :] += 0.5e-4 * np.abs(logits).max()
        elif bug == "touch rows past":
            cache[:, :, :, position + T:] = 1.0
        elif bug == "wrong shape":
            logits = logits[:, -1]
        elif bug == "nan":
            if position > 0:
                logits[0, 0, 0] = np.nan
        elif bug == "float64":
            logits = logits.astype(np.float64)
        elif bug == "swap pick":  # another argmax at every decode step
            if T == 1:
                row = logits[0, -1]
                order = np.argsort(row)
                row[order[-2]] = row[order[-1]] + 1.0
        elif bug == "chunk without the cache" and T > 1 and position > 0:
            # Several tokens past position 0 attend to each other only (at
            # positions from 0): only the chunks check feeds such a step.
            with torch.no_grad():
                logits = make_reference.decoder_forward(cfg)(W, cfg, torch.from_numpy(ids))[
                    "logits"].numpy()
        os.makedirs(out, exist_ok=True)
        np.save(os.path.join(out, "logits.npy"), logits)
        np.save(os.path.join(out, "kv_cache.npy"), cache)

    return runner


def self_test():
    failures = 0

    def expect(ok, what):
        nonlocal failures
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} self-test: {what}", flush=True)

    # Comparisons on their own.
    e = np.array([[1.0, -2.0, 4.0]], dtype=np.float32)
    expect(compare_logits(e.copy(), e, 1e-4)[0], "equal logits pass")
    expect(compare_logits(e + np.float32(3.9e-4), e, 1e-4)[0], "error 3.9e-4 <= 1e-4 * 4 passes")
    expect(not compare_logits(e + np.float32(4.1e-4), e, 1e-4)[0], "error 4.1e-4 > 1e-4 * 4 fails")
    expect(not compare_logits(e.astype(np.float64), e, 1e-4)[0], "float64 logits fail")
    expect(not compare_logits(e[0], e, 1e-4)[0], "wrong shape fails")
    expect(not compare_logits(np.array([[np.nan, -2, 4]], np.float32), e, 1e-4)[0], "NaN fails")
    expect(greedy(np.array([1.0, 3.0, 3.0])) == 1, "greedy ties go to the lowest id")
    ref = [5, 6, 7, 8]
    expect(compare_ids([5, 6, 7, 8], ref, 4, {99})[0], "equal ids pass")
    expect(not compare_ids([5, 6, 9, 8], ref, 4, {99})[0], "a wrong id fails")
    expect(not compare_ids([5, 6], ref, 4, {99})[0], "stopping early without EOS fails")
    expect(compare_ids([5, 6], ref, 4, {7})[0], "stopping before an EOS passes")
    expect(compare_ids([5, 6, 7], ref, 4, {7})[0], "stopping after an EOS passes")
    expect(not compare_ids([5, 6, 7, 8, 9], ref, 4, {99})[0], "too many ids fail")
    expect(not compare_ids([5, 6.0, 7, 8], ref, 4, {99})[0], "non-int ids fail")
    expect(not compare_ids("5678", ref, 4, {99})[0], "a string fails")

    # Argument parsing.
    args = parse_args(["run", "--model-dir", "M", "--max-new-tokens", "5", "--", "tfm", "run",
                       "M", "--prompt", "a b", "--json"])
    expect(args.command == ["tfm", "run", "M", "--prompt", "a b", "--json"]
           and args.max_new_tokens == 5 and args.tolerance == TOLERANCE, "run arguments")
    args = parse_args(["steps", "--bin", "B", "--work", "W", "--size", "wide"])
    expect((args.bin, args.work, args.size, args.backend, args.sentinel, args.wte_scale,
            args.model) == ("B", "W", "wide", "dnnl", "nan", 1.0, "gpt2"), "steps arguments")
    args = parse_args(["steps", "--bin", "B", "--work", "W", "--model", "llama"])
    expect(args.model == "llama", "steps --model llama")
    for bad in (["run", "--model-dir", "M", "--max-new-tokens", "5"],
                ["run", "--model-dir", "M", "--max-new-tokens", "0", "--", "tfm"],
                ["steps", "--bin", "B"], ["steps", "--bin", "B", "--work", "W", "--tolerance", "0"],
                ["steps", "--bin", "B", "--work", "W", "--model", "bert"],
                [], ["--self-test", "steps", "--bin", "B", "--work", "W"]):
        try:
            with contextlib.redirect_stderr(io.StringIO()):
                parse_args(bad)
            expect(False, f"usage error for {bad}")
        except SystemExit as e:
            expect(e.code == 2, f"usage error for {bad}")

    with tempfile.TemporaryDirectory(prefix="tfm-check-generation-") as tmp:
        model = os.path.join(tmp, "model")
        with contextlib.redirect_stdout(io.StringIO()):
            make_reference.main(["--model", "gpt2", "--out", model, "--no-cases", "--generation"])
        with open(os.path.join(model, "config.json")) as f:
            cfg = json.load(f)
        W = load_weights(model)
        quiet = lambda ok, what: None  # noqa: E731

        # The reference's own KV-cache path through the steps check: passes,
        # with the NaN and the zero sentinel; so does an error within the
        # tolerance.
        for sentinel in ("nan", "zero"):
            lines = []
            n = check_steps("fake.exe", model, os.path.join(tmp, "ok-" + sentinel), TOLERANCE,
                            sentinel, fake_executable(W, cfg),
                            lambda ok, what: lines.append((ok, what)))
            expect(n == 0 and all(ok for ok, _ in lines),
                   f"the KV-cache reference passes the steps check (sentinel {sentinel}): "
                   + "; ".join(w for _, w in lines if w.startswith(("p", "chunks"))))
            if n:
                print("\n".join(f"    {w}" for ok, w in lines if not ok))
        n = check_steps("fake.exe", model, os.path.join(tmp, "small"), TOLERANCE, "nan",
                        fake_executable(W, cfg, "small perturbation"), quiet)
        expect(n == 0, "logits off by 0.5e-4 * max|ref| pass")

        # Broken stand-ins must fail.
        for bug, sentinel in (("perturb", "nan"), ("off by one", "nan"), ("off by one", "zero"),
                              ("touch rows past", "nan"), ("touch rows past", "zero"),
                              ("ignore position", "nan"), ("ignore position", "zero"),
                              ("wrong shape", "nan"), ("nan", "nan"), ("float64", "nan"),
                              ("swap pick", "nan"), ("chunk without the cache", "nan")):
            lines = []
            # Another pick with logits within a (here huge) tolerance: only
            # the id check can catch it.
            tolerance = 1e6 if bug == "swap pick" else TOLERANCE
            n = check_steps("fake.exe", model, os.path.join(tmp, bug.replace(" ", "-") + sentinel),
                            tolerance, sentinel, fake_executable(W, cfg, bug),
                            lambda ok, what: lines.append((ok, what)))
            first = next((w for ok, w in lines if not ok), "")
            expect(n > 0, f"a stand-in with bug '{bug}' fails (sentinel {sentinel}): "
                          f"{first.splitlines()[0][:150] if first else ''}")

        # The steps check's command line is the executable's (--weights,
        # --output-dir, --input NAME=PATH) and its inputs have the contract's
        # types.
        seen = []

        def spy(command):
            inputs = dict(command[i + 1].split("=", 1) for i in range(len(command))
                          if command[i] == "--input")
            seen.append((command, {k: np.load(v) for k, v in inputs.items()}))
            fake_executable(W, cfg)(command)

        check_steps("fake.exe", model, os.path.join(tmp, "spy"), TOLERANCE, "nan", spy, quiet)
        c, arrays = seen[1]
        L, D = cfg["n_layer"], cfg["n_embd"]
        expect(c[0] == "fake.exe" and c[1] == "--weights" and c[3] == "--output-dir"
               and sorted(arrays) == ["input_ids", "kv_cache", "position"]
               and arrays["input_ids"].dtype == np.int64 and arrays["input_ids"].shape == (1, 1)
               and arrays["position"].dtype == np.int64 and arrays["position"].shape == ()
               and arrays["kv_cache"].dtype == np.float32
               and arrays["kv_cache"].shape[:3] == (L, 2, 1) and arrays["kv_cache"].shape[4] == D,
               "a decode step's command line and input types")

        # The tiny LLaMA (6 query heads sharing 2 key/value heads, keys cached
        # after their rotary embedding): its KV-cache path passes, with the
        # cache [L, 2, 1, M, 2 * head_dim]; cache bugs fail.
        llama = os.path.join(tmp, "llama")
        with contextlib.redirect_stdout(io.StringIO()):
            make_reference.main(["--model", "llama", "--out", llama, "--no-cases",
                                 "--generation", "--wte-scale", "0.3"])
        with open(os.path.join(llama, "config.json")) as f:
            lcfg = json.load(f)
        LW = load_weights(llama)
        lines, seen = [], []

        def llama_spy(command):
            inputs = dict(command[i + 1].split("=", 1) for i in range(len(command))
                          if command[i] == "--input")
            seen.append(np.load(inputs["kv_cache"]).shape)
            fake_executable(LW, lcfg)(command)

        n = check_steps("fake.exe", llama, os.path.join(tmp, "llama-ok"), TOLERANCE, "nan",
                        llama_spy, lambda ok, what: lines.append((ok, what)))
        expect(n == 0 and all(ok for ok, _ in lines),
               "the LLaMA KV-cache reference passes the steps check: "
               + "; ".join(w for _, w in lines if w.startswith(("p", "chunks"))))
        if n:
            print("\n".join(f"    {w}" for ok, w in lines if not ok))
        hd = lcfg["hidden_size"] // lcfg["num_attention_heads"]
        expect(seen[1][:3] == (lcfg["num_hidden_layers"], 2, 1)
               and seen[1][4] == lcfg["num_key_value_heads"] * hd == 12,
               f"the LLaMA cache is [L, 2, 1, M, num_key_value_heads * head_dim]: {seen[1]}")
        for bug in ("perturb", "off by one", "touch rows past", "ignore position",
                    "keys before rotary", "chunk without the cache"):
            lines = []
            n = check_steps("fake.exe", llama, os.path.join(tmp, "llama-" + bug.replace(" ", "-")),
                            TOLERANCE, "nan", fake_executable(LW, lcfg, bug),
                            lambda ok, what: lines.append((ok, what)))
            first = next((w for ok, w in lines if not ok), "")
            expect(n > 0, f"a LLaMA stand-in with bug '{bug}' fails: "
                          f"{first.splitlines()[0][:150] if first else ''}")
        lcase = os.path.join(llama, "generation", sorted(os.listdir(os.path.join(llama,
                                                                                 "generation")))[0])
        lprompt = np.load(os.path.join(lcase, "prompt_ids.npy"))[0].tolist()
        lids = np.load(os.path.join(lcase, "generated_ids.npy"))[0].tolist()
        wrong_id = (lids[3] + 1) % lcfg["vocab_size"]
        for what, generated, want in (("right ids", lids, 0),
                                      ("a wrong id", lids[:3] + [wrong_id] + lids[4:], 1)):
            doc = json.dumps({"prompt_ids": lprompt, "generated_ids": generated})
            n = check_run([sys.executable, "-c", f"import sys; sys.stdout.write({doc!r})"], llama,
                          len(lids), [-1], quiet)
            expect(n == want, f"tfm run check on the LLaMA, {what}: "
                              f"{'passes' if n == 0 else 'fails'}")

        # tfm run --json, with stand-in commands printing JSON documents.
        case = sorted(os.listdir(os.path.join(model, "generation")))[-1]
        prompt = np.load(os.path.join(model, "generation", case, "prompt_ids.npy"))[0].tolist()
        ids = np.load(os.path.join(model, "generation", case, "generated_ids.npy"))[0].tolist()
        N = len(ids)

        def printing(doc):
            text = doc if isinstance(doc, str) else json.dumps(doc)
            return [sys.executable, "-c", f"import sys; sys.stdout.write({text!r})"]

        good = {"prompt_ids": prompt, "generated_ids": ids, "text": "...",
                "time_to_first_token_ms": 1.0, "tokens_per_second": 2.0}
        wrong = dict(good, generated_ids=ids[:5] + [(ids[5] + 1) % cfg["vocab_size"]] + ids[6:])
        eos_at = next(k for k in range(1, N) if ids[k] not in ids[:k])
        for what, doc, eos, want in (
                ("right ids", good, None, 0),
                ("right ids, batch-1 rows", dict(good, prompt_ids=[prompt], generated_ids=[ids]),
                 None, 0),
                ("a wrong id", wrong, None, 1),
                ("stopped early without EOS", dict(good, generated_ids=ids[:eos_at]), None, 1),
                ("stopped at EOS (given by --eos)", dict(good, generated_ids=ids[:eos_at]),
                 [ids[eos_at]], 0),
                ("stopped after EOS", dict(good, generated_ids=ids[:eos_at + 1]),
                 [ids[eos_at]], 0),
                ("went on after EOS", good, [ids[eos_at]], 1),
                ("not JSON", "generated: 1 2 3", None, "raise"),
                ("no generated_ids", {"prompt_ids": prompt}, None, "raise")):
            try:
                n = check_run(printing(doc), model, N, eos, quiet)
                expect(n == want, f"tfm run check, {what}: {'passes' if n == 0 else 'fails'}")
            except Failure as e:
                expect(want == "raise", f"tfm run check, {what}: {str(e)[:80]}")
        # Through main(), as a test would call it.
        with contextlib.redirect_stdout(io.StringIO()) as out:
            rc = main(["run", "--model-dir", model, "--max-new-tokens", str(N), "--"]
                      + printing(good))
        expect(rc == 0 and "ok" in out.getvalue(), "main(run ...) with right ids exits 0")
        with contextlib.redirect_stdout(io.StringIO()):
            rc = main(["run", "--model-dir", model, "--max-new-tokens", str(N), "--"]
                      + printing(wrong))
        expect(rc == 1, "main(run ...) with a wrong id exits 1")
    print(f"self-test {'passed' if failures == 0 else f'FAILED: {failures} check(s)'}")
    return 1 if failures else 0


# --------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="See the module docstring for the checks.")
    parser.add_argument("--self-test", action="store_true",
                        help="check this script with make_reference's KV-cache path standing "
                             "in for tfm (needs no tfm binary)")
    sub = parser.add_subparsers(dest="mode")
    steps = sub.add_parser("steps", help="the executable from tfm-import --kv-cache, step by step")
    steps.add_argument("--bin", required=True, help="directory with tfm-import and tfm-compile")
    steps.add_argument("--work", required=True, help="scratch directory")
    steps.add_argument("--model", default="gpt2", choices=["gpt2", "llama"],
                       help="make_reference.py's model (default gpt2; llama: "
                            "LlamaForCausalLM)")
    steps.add_argument("--backend", default="dnnl", choices=["dnnl", "llvm"])
    steps.add_argument("--size", default="tiny", choices=["tiny", "wide", "real"])
    steps.add_argument("--wte-scale", type=float, default=1.0,
                       help="make_reference.py --wte-scale (default 1)")
    steps.add_argument("--sentinel", default="nan", choices=["nan", "zero"],
                       help="what the cache's rows past position + T hold (default nan)")
    runp = sub.add_parser("run", help="a `tfm run ... --json` command's generated ids")
    runp.add_argument("--model-dir", required=True,
                      help="the GPT-2 or LlamaForCausalLM checkpoint the command runs "
                           "(config.json, model.safetensors)")
    runp.add_argument("--max-new-tokens", type=int, required=True)
    runp.add_argument("--eos", type=int, action="append",
                      help="EOS id (repeatable; default: config.json's eos_token_id)")
    runp.add_argument("command", nargs=argparse.REMAINDER,
                      help="-- then the command printing the JSON document")
    for p in (steps, runp):
        p.add_argument("--tolerance", type=float, default=TOLERANCE,
                       help=f"logits within tolerance * max|reference| (default {TOLERANCE})")
    args = parser.parse_args(argv)
    if args.self_test:
        if args.mode:
            parser.error("--self-test takes no mode")
        return args
    if not args.mode:
        parser.error("choose a mode: steps, run, or --self-test")
    if not args.tolerance > 0:
        parser.error("--tolerance must be positive")
    if args.mode == "run":
        if args.command and args.command[0] == "--":
            args.command = args.command[1:]
        if not args.command:
            parser.error("run: give the command after --")
        if args.max_new_tokens < 1:
            parser.error("--max-new-tokens must be at least 1")
    return args


def main(argv=None):
    args = parse_args(argv)
    if args.self_test:
        return self_test()

    def report(ok, what):
        print(f"{'ok  ' if ok else 'FAIL'} {what}", flush=True)

    try:
        if args.mode == "steps":
            failures = steps_main(args, report)
        else:
            failures = check_run(args.command, args.model_dir, args.max_new_tokens, args.eos,
                                 report)
    except Failure as e:
        print(f"FAILED: {e}")
        return 1
    print(f"{failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
