#!/usr/bin/env python3
"""Checks `tfm run --json` answers against PyTorch's logits (make_reference.py).

    check-predictions.py --answers OUT.json --logits expected/logits.npy
        --task next-token|classification --top-k K [--config config.json]
        [--npy DIR/logits.npy] [--positions positions.json] [--tokens tokenizer.json]

With --task classification, row i of the logits is result i's answer (the
rows make-text-model.py writes: one per answer, in order).

The reference probabilities are the float64 softmax of PyTorch's logits (at
each row's last token for next-token). tfm's logits may differ from them by
the tolerance of the reference tests, e = 1e-4 * max|logits| (per row); a
probability then differs by at most a factor exp(2e) (d log p_i = dl_i -
sum_j p_j dl_j), and ranks may swap only between logits within 2e. Labels
must be config.json's id2label. With --npy, the logits tfm wrote must match
the reference within 1e-4 * max|logits|.
"""
import argparse
import json
import math
import sys

import numpy as np

TOLERANCE = 1e-4


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", required=True)
    parser.add_argument("--logits", required=True)
    parser.add_argument("--task", required=True, choices=["next-token", "classification"])
    parser.add_argument("--top-k", type=int, required=True)
    parser.add_argument("--config")
    parser.add_argument("--npy")
    parser.add_argument("--positions", help="JSON list: each result's token position")
    parser.add_argument("--tokens", help="tokenizer.json or vocab.json: each prediction's token must be "
                        "its vocabulary entry")
    args = parser.parse_args()

    with open(args.answers) as f:
        answers = json.load(f)
    expected = np.load(args.logits).astype(np.float64)
    rows = expected[:, -1, :] if args.task == "next-token" else expected
    labels = None
    if args.config:
        with open(args.config) as f:
            labels = json.load(f).get("id2label")

    results = answers["results"]
    if args.positions:
        with open(args.positions) as f:
            positions = json.load(f)
        got = [r.get("position", -1) for r in results]
        if got != positions:
            fail(f"positions {got}, expected {positions}")
    names = None
    if args.tokens:
        with open(args.tokens) as f:
            vocab = json.load(f)
        # tokenizer.json, or GPT-2's vocab.json (the vocabulary itself).
        vocab = vocab["model"]["vocab"] if isinstance(vocab.get("model"), dict) else vocab
        names = {i: t for t, i in vocab.items()}
    if len(results) != rows.shape[0]:
        fail(f"{len(results)} results for {rows.shape[0]} rows")
    for row, (result, logits) in enumerate(zip(results, rows)):
        if result["row"] != row:
            fail(f"result {row} is for row {result['row']}")
        if args.task == "next-token" and result["position"] != expected.shape[1] - 1:
            fail(f"row {row}: position {result['position']}, expected {expected.shape[1] - 1}")
        e = TOLERANCE * np.abs(logits).max()
        probabilities = np.exp(logits - logits.max())
        probabilities /= probabilities.sum()
        predictions = result["predictions"]
        k = min(args.top_k, logits.size)
        if len(predictions) != k:
            fail(f"row {row}: {len(predictions)} predictions, expected {k}")
        ids = [p["id"] for p in predictions]
        if len(set(ids)) != len(ids):
            fail(f"row {row}: repeated ids {ids}")
        best = np.sort(logits)[::-1][:k]
        for rank, prediction in enumerate(predictions):
            i = prediction["id"]
            if abs(logits[i] - best[rank]) > 2 * e:
                fail(f"row {row} rank {rank}: id {i} has logit {logits[i]}, "
                     f"the reference's rank {rank} has {best[rank]}")
            p, reference = prediction["probability"], probabilities[i]
            if abs(math.log(p / reference)) > 2 * e * 1.0001:
                fail(f"row {row} id {i}: probability {p}, reference {reference}")
            if names is not None and prediction.get("token") != names[i]:
                fail(f"row {row} id {i}: token {prediction.get('token')!r}, "
                     f"expected {names[i]!r}")
            if labels is not None and prediction.get("label") != labels[str(i)]:
                fail(f"row {row} id {i}: label {prediction.get('label')!r}, "
                     f"expected {labels[str(i)]!r}")
    if args.npy:
        written = np.load(args.npy)
        if written.dtype != np.float32 or written.shape != expected.shape:
            fail(f"{args.npy}: {written.dtype} {written.shape}, expected float32 {expected.shape}")
        error = np.abs(written - expected).max()
        if not error <= TOLERANCE * np.abs(expected).max():
            fail(f"{args.npy}: max error {error}")
    print(f"OK: {rows.shape[0]} rows, top {args.top_k}")


main()
