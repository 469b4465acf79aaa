#!/usr/bin/env python3
"""check-generation.py --model DIR --answer tfm.json --expected FILE.json --text T
    [--stop STR]... [--text-output FILE] [--same-ids OTHER.json]

Checks `tfm run DIR --prompt T --max-new-tokens N --json` (tfm.json) against
PyTorch, without tfm:

- prompt_ids are the ids the independent tokenizer gave T (FILE.json, the
  tokenizer tests' expected ids);
- greedy: generated_ids are the argmax of make_reference.py's GPT-2 forward
  pass over the whole sequence, recomputed at every step (no cache), up to
  N tokens or config.json's eos_token_id (generated, then the end);
- text is the UTF-8 decoding (errors replaced) of the generated ids but EOS,
  from vocab.json's byte-level spelling, cut before the first --stop string,
  and stop_reason says why generation ended;
- --text-output: what `tfm run` printed without --json is the prompt, then
  that text and a newline;
- --same-ids: another answer (e.g. another thread count) generated the same
  ids; with it, the answer need not be greedy.
Prints "OK: N tokens" or fails with the first difference.
"""
import argparse
import importlib.util
import json
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[4]


def load_make_reference():
    spec = importlib.util.spec_from_file_location("make_reference",
                                                  ROOT / "scripts" / "make_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def byte_decoder():
    # GPT-2's byte-level alphabet: printable bytes stand for themselves, the
    # others for code points from 256 on, in byte order.
    printable = (list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) +
                 list(range(ord("®"), ord("ÿ") + 1)))
    mapping, extra = {}, 0
    for b in range(256):
        if b in printable:
            mapping[chr(b)] = b
        else:
            mapping[chr(256 + extra)] = b
            extra += 1
    return mapping


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True, type=Path)
    ap.add_argument("--answer", required=True, type=Path)
    ap.add_argument("--expected", required=True, type=Path)
    ap.add_argument("--text", required=True)
    ap.add_argument("--max-new-tokens", required=True, type=int)
    ap.add_argument("--stop", action="append", default=[])
    ap.add_argument("--text-output", type=Path)
    ap.add_argument("--same-ids", type=Path)
    args = ap.parse_args()

    answer = json.loads(args.answer.read_text())
    cases = {c["text"]: c for c in json.loads(args.expected.read_text())["cases"]}
    prompt = list(cases[args.text]["ids"])
    assert answer["prompt_ids"] == prompt, (answer["prompt_ids"], prompt)
    for key in ("time_to_first_token_ms", "tokens_per_second", "cache_bytes"):
        assert answer[key] >= 0, (key, answer[key])
    cfg = json.loads((args.model / "config.json").read_text())
    eos = cfg.get("eos_token_id")
    generated = answer["generated_ids"]
    # The cache: layers x 2 x 1 x (prompt + N) x hidden floats.
    assert answer["cache_bytes"] == cfg["n_layer"] * 2 * (len(prompt) + args.max_new_tokens) * \
        cfg["n_embd"] * 4, answer["cache_bytes"]

    if args.same_ids:
        other = json.loads(args.same_ids.read_text())
        assert other["generated_ids"] == generated, (other["generated_ids"], generated)
    else:
        mr = load_make_reference()
        weights, _ = mr.read_safetensors(args.model / "model.safetensors")
        weights = {k: torch.from_numpy(np.array(v)) for k, v in weights.items()}
        sequence = list(prompt)
        expected = []
        while len(expected) < args.max_new_tokens:
            with torch.no_grad():
                logits = mr.gpt2_forward(weights, cfg, torch.tensor([sequence]))["logits"][0, -1]
            top = torch.topk(logits, 2)
            token = int(top.indices[0])
            if len(expected) < len(generated) and generated[len(expected)] != token:
                raise SystemExit(
                    f"token {len(expected)}: tfm {generated[len(expected)]}, PyTorch {token} "
                    f"(its top two logits {top.values.tolist()} for {top.indices.tolist()})")
            expected.append(token)
            sequence.append(token)
            if token == eos:
                break
        # The stop string may end generation early: a prefix.
        if answer["stop_reason"] == "stop_string":
            assert generated == expected[:len(generated)], (generated, expected)
        else:
            assert generated == expected, (generated, expected)

    decoder = byte_decoder()
    vocab = {i: t for t, i in json.loads((args.model / "vocab.json").read_text()).items()}
    data = bytes(decoder[ch] for i in generated if i != eos for ch in vocab[i])
    text = data.decode("utf-8", errors="replace")
    reason = "eos" if generated and generated[-1] == eos else "max_new_tokens"
    cuts = [text.find(s) for s in args.stop if s in text]
    if cuts:
        text, reason = text[:min(cuts)], "stop_string"
    assert answer["text"] == text, (answer["text"], text)
    assert answer["stop_reason"] == reason, (answer["stop_reason"], reason)
    if reason == "max_new_tokens":
        assert len(generated) == args.max_new_tokens, len(generated)
    if args.text_output:
        printed = args.text_output.read_bytes().decode("utf-8")
        assert printed == args.text + text + "\n", (printed, args.text + text + "\n")
    print(f"OK: {len(generated)} tokens, stop {reason}")


main()
