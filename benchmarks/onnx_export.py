#!/usr/bin/env python3
"""Exports a benchmark model to ONNX for ONNX Runtime, for benchmarks/bench.py.

    /usr/bin/python3 onnx_export.py --model MODEL --weights model.safetensors \
        --config config.json --inputs DIR --out MODEL.onnx

The model is the one torch_worker.py times and takes its reference outputs
from: scripts/make_reference.py's forward function with the weights of the
same safetensors file (stored in the .onnx as initializers).  The export
traces it on the inputs in DIR (every DIR/NAME.npy is input NAME) with
torch.onnx.export, opset 14, batch and sequence axes dynamic, so one .onnx
serves every shape of the model.  Inputs and outputs keep make_reference's
names (input_ids, ..., logits, ...).  The file is written atomically.
"""

import argparse
import inspect
import json
import os
import sys
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

OPSET = 14


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", required=True,
                    help="a scripts/make_reference.py model (its FORWARD table)")
    ap.add_argument("--weights", required=True, type=Path)
    ap.add_argument("--config", required=True, type=Path)
    ap.add_argument("--inputs", required=True, type=Path)
    ap.add_argument("--out", required=True, type=Path)
    args = ap.parse_args()

    import numpy as np
    import torch
    import make_reference as mr

    if args.model not in mr.FORWARD:
        ap.error(f"argument --model: invalid choice: '{args.model}' (choose from "
                 + ", ".join(sorted(mr.FORWARD)) + ")")
    # The outputs, in order: those the reference cases store.
    outputs = mr.CASE_FILES[args.model][1]
    cfg = json.loads(args.config.read_text())
    tensors, _ = mr.read_safetensors(args.weights)
    forward = mr.FORWARD[args.model]
    # The inputs the benchmark feeds: the parameters without a default (a
    # decoder's position and kv_cache are generation's, not the forward pass's).
    input_names = [n for n, p in inspect.signature(forward).parameters.items()
                   if n not in ("W", "cfg") and p.default is inspect.Parameter.empty]
    missing = [n for n in input_names if not (args.inputs / f"{n}.npy").is_file()]
    if missing:
        sys.exit(f"onnx_export: no {', '.join(missing)} in {args.inputs}")
    inputs = tuple(torch.from_numpy(np.load(args.inputs / f"{n}.npy")) for n in input_names)

    class Reference(torch.nn.Module):
        """make_reference's forward pass with the weights as buffers, so that
        the export stores them as initializers (named after the checkpoint,
        dots made underscores)."""

        def __init__(self):
            super().__init__()
            self.names = {}
            for name, a in tensors.items():
                key = name.replace(".", "_")
                self.register_buffer(key, torch.from_numpy(a.copy()))
                self.names[name] = key

        def forward(self, *xs):
            W = {name: getattr(self, key) for name, key in self.names.items()}
            out = forward(W, cfg, *xs)
            return tuple(out[n] for n in outputs)

    # Image models have a fixed image size: only their batch axis varies.
    axes = {n: ({0: "batch"} if n == "pixel_values" else {0: "batch", 1: "sequence"})
            for n in input_names}
    for n in outputs:
        per_token = n in ("logits", "last_hidden_state") and args.model != "vit"
        axes[n] = {0: "batch", 1: "sequence"} if per_token else {0: "batch"}

    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + ".tmp")
    with warnings.catch_warnings():
        # Tracing warns about Python-level shape checks (e.g. T > n_positions):
        # they hold for every shape the benchmark feeds.
        warnings.simplefilter("ignore")
        torch.onnx.export(Reference().eval(), inputs, str(tmp), opset_version=OPSET,
                          input_names=input_names, output_names=outputs,
                          dynamic_axes=axes, do_constant_folding=True)
    os.replace(tmp, args.out)
    print(json.dumps({"onnx": str(args.out), "bytes": args.out.stat().st_size,
                      "opset": OPSET, "torch_version": torch.__version__,
                      "inputs": input_names, "outputs": outputs}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
