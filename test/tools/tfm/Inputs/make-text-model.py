#!/usr/bin/env python3
"""make-text-model.py --model M --tokenizer DIR --out OUT --expected FILE.json
    [--text T]... [--mask-word T WORD]...

A random-weight model folder for tfm run's text jobs, with a tokenizer and
the answers PyTorch gives:

- OUT: make_reference.py's tiny M (gpt2, bert-mlm or bert-classifier) with
  its vocabulary resized to the tokenizer's, and the tokenizer's files
  (test/Text/data/..., made by the tokenizer tests' own script, or
  models/gpt2's real GPT-2 vocab.json and merges.txt).
- OUT/expected.npy: float32 logits [N, C], one row per answer tfm run must
  give, in its order: the last token of each --text (gpt2), each --text's
  class scores (bert-classifier), or each [MASK] of each --mask-word
  (bert-mlm); for bert (no head), each --text's pooler_output [N, D]. OUT/positions.json: the token position of each answer;
  OUT/texts.txt: the texts to give tfm run, one per line.

The ids come from FILE.json (the tokenizer tests' expected ids, from an
independent implementation), not from tfm: each --text must be one of its
cases. --mask-word T WORD masks case T's first WORD (one token of the
vocabulary): its id becomes [MASK]'s, and the text has "[MASK]" in its place
(a special token splits the text around it, as Hugging Face's tokenizers do).
Each text is run alone, unpadded, so a padded batch in tfm must give the same
answers.
"""
import argparse
import importlib.util
import json
import shutil
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


TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
                   "vocab.json", "merges.txt", "vocab.txt")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True, choices=["gpt2", "bert", "bert-mlm", "bert-classifier"])
    ap.add_argument("--tokenizer", required=True, type=Path)
    ap.add_argument("--expected", required=True, type=Path)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--text", action="append", default=[])
    ap.add_argument("--mask-word", nargs=2, action="append", default=[], metavar=("TEXT", "WORD"))
    args = ap.parse_args()

    mr = load_make_reference()
    if (args.tokenizer / "tokenizer.json").exists():
        vocab = json.loads((args.tokenizer / "tokenizer.json").read_text())["model"]["vocab"]
    else:  # GPT-2's vocab.json + merges.txt (models/gpt2: the real vocabulary)
        vocab = json.loads((args.tokenizer / "vocab.json").read_text())
    family = "gpt2" if args.model == "gpt2" else "bert"
    mr.SHAPES[(family, "tiny")]["vocab_size"] = len(vocab)
    mr.generate(args.model, args.out, size="tiny", with_cases=False, log=lambda *_: None)
    # The tokenizer's files only (models/gpt2 also holds a config.json).
    for name in TOKENIZER_FILES:
        if (args.tokenizer / name).exists():
            shutil.copy(args.tokenizer / name, args.out / name)

    cases = {c["text"]: c for c in json.loads(args.expected.read_text())["cases"]}
    cfg = json.loads((args.out / "config.json").read_text())
    weights, _ = mr.read_safetensors(args.out / "model.safetensors")
    weights = {k: torch.from_numpy(np.array(v)) for k, v in weights.items()}
    forward = mr.FORWARD[args.model]

    rows, positions, texts = [], [], []
    work = [(t, None) for t in args.text] + [tuple(m) for m in args.mask_word]
    for text, word in work:
        if text not in cases:
            raise SystemExit(f"{text!r} is not a case of {args.expected}")
        ids = list(cases[text]["ids"])
        if word is not None:
            # The word is one token of the vocabulary: its first occurrence
            # becomes [MASK], in the ids and in the text.
            position = ids.index(vocab[word.lower()])
            ids[position] = vocab["[MASK]"]
            text = text.replace(word, "[MASK]", 1)
        texts.append(text)
        input_ids = torch.tensor([ids], dtype=torch.int64)
        with torch.no_grad():
            if family == "gpt2":
                logits = forward(weights, cfg, input_ids)["logits"][0]
                rows.append(logits[-1].numpy())
                positions.append(len(ids) - 1)
            else:
                mask = torch.ones_like(input_ids)
                types = torch.zeros_like(input_ids)
                outputs = forward(weights, cfg, input_ids, mask, types)
                if args.model == "bert":
                    rows.append(outputs["pooler_output"][0].numpy())
                    positions.append(-1)
                    continue
                logits = outputs["logits"][0]
                if args.model == "bert-classifier":
                    rows.append(logits.numpy())
                    positions.append(-1)
                else:
                    for p, token in enumerate(ids):
                        if token == vocab["[MASK]"]:
                            rows.append(logits[p].numpy())
                            positions.append(p)
    if rows:
        np.save(args.out / "expected.npy", np.stack(rows).astype(np.float32))
    (args.out / "positions.json").write_text(json.dumps(positions))
    (args.out / "texts.txt").write_text("".join(t + "\n" for t in texts))


main()
