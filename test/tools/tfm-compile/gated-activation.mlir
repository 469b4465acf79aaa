// tfm.gated_activation (SwiGLU, gated GELU) and the relu and silu
// activations of a linear layer (the dnnl backend runs them as the kernel's
// eltwise post-op) on both backends, against PyTorch's F.silu, F.gelu(tanh)
// and F.relu in float64: a LLaMA-style MLP down(silu(gate(x)) * up(x)), a
// T5 v1.1 one with the tanh GELU, and T5's relu MLP, at extreme inputs too.

// RUN: rm -rf %t && split-file %s %t
// RUN: %python %t/make-inputs.py %t
// RUN: tfm-compile %t/model.mlir --backend=dnnl -o %t/dnnl.exe
// RUN: %t/dnnl.exe --weights %t/w.safetensors --input x=%t/x.npy --output-dir %t/out-dnnl
// RUN: %python %t/check.py %t %t/out-dnnl | FileCheck %s
// RUN: tfm-compile %t/model.mlir --backend=llvm -o %t/llvm.exe
// RUN: %t/llvm.exe --weights %t/w.safetensors --input x=%t/x.npy --output-dir %t/out-llvm
// RUN: %python %t/check.py %t %t/out-llvm | FileCheck %s

// CHECK: ok swiglu (2, 5, 12)
// CHECK: ok gated_gelu (2, 5, 12)
// CHECK: ok relu_mlp (2, 5, 12)
// CHECK: ok silu_linear (2, 5, 20)
// CHECK: all outputs match

//--- model.mlir
func.func @forward(%x: tensor<?x?x12xf32> {tfm.name = "x"})
    -> (tensor<?x?x12xf32> {tfm.name = "swiglu"}, tensor<?x?x12xf32> {tfm.name = "gated_gelu"},
        tensor<?x?x12xf32> {tfm.name = "relu_mlp"}, tensor<?x?x20xf32> {tfm.name = "silu_linear"}) {
  %wg = tfm.param "gate" : tensor<20x12xf32>
  %wu = tfm.param "up" : tensor<20x12xf32>
  %wd = tfm.param "down" : tensor<12x20xf32>
  %g = tfm.linear %x, %wg layout <out_in> : (tensor<?x?x12xf32>, tensor<20x12xf32>) -> tensor<?x?x20xf32>
  %u = tfm.linear %x, %wu layout <out_in> : (tensor<?x?x12xf32>, tensor<20x12xf32>) -> tensor<?x?x20xf32>
  %s = tfm.gated_activation %g, %u activation <silu> : tensor<?x?x20xf32>
  %swiglu = tfm.linear %s, %wd layout <out_in> : (tensor<?x?x20xf32>, tensor<12x20xf32>) -> tensor<?x?x12xf32>
  %t = tfm.gated_activation %g, %u activation <gelu_tanh> : tensor<?x?x20xf32>
  %gated_gelu = tfm.linear %t, %wd layout <out_in> : (tensor<?x?x20xf32>, tensor<12x20xf32>) -> tensor<?x?x12xf32>
  %r = tfm.linear %x, %wg layout <out_in> activation <relu> : (tensor<?x?x12xf32>, tensor<20x12xf32>) -> tensor<?x?x20xf32>
  %relu_mlp = tfm.linear %r, %wd layout <out_in> : (tensor<?x?x20xf32>, tensor<12x20xf32>) -> tensor<?x?x12xf32>
  %silu_linear = tfm.linear %x, %wg layout <out_in> activation <silu> : (tensor<?x?x12xf32>, tensor<20x12xf32>) -> tensor<?x?x20xf32>
  return %swiglu, %gated_gelu, %relu_mlp, %silu_linear : tensor<?x?x12xf32>, tensor<?x?x12xf32>, tensor<?x?x12xf32>, tensor<?x?x20xf32>
}

//--- make-inputs.py
import json, struct, sys
from pathlib import Path
import numpy as np

out = Path(sys.argv[1])
rng = np.random.default_rng(17)
x = rng.standard_normal((2, 5, 12)).astype(np.float32)
x[1, 4] *= 60.0  # gates far into both tails (exp overflowing in silu)
np.save(out / "x.npy", x)
tensors = {"gate": rng.standard_normal((20, 12)).astype(np.float32),
           "up": rng.standard_normal((20, 12)).astype(np.float32),
           "down": rng.standard_normal((12, 20)).astype(np.float32)}
header, data = {}, b""
for name, value in tensors.items():
    header[name] = {"dtype": "F32", "shape": list(value.shape),
                    "data_offsets": [len(data), len(data) + value.nbytes]}
    data += value.tobytes()
text = json.dumps(header).encode()
text += b" " * (-len(text) % 8)
(out / "w.safetensors").write_bytes(struct.pack("<Q", len(text)) + text + data)
np.savez(out / "weights.npz", **tensors)

//--- check.py
import sys
from pathlib import Path
import numpy as np
import torch
import torch.nn.functional as F

work, results = Path(sys.argv[1]), Path(sys.argv[2])
x = torch.from_numpy(np.load(work / "x.npy")).double()
w = {k: torch.from_numpy(v).double() for k, v in np.load(work / "weights.npz").items()}
g, u = F.linear(x, w["gate"]), F.linear(x, w["up"])
expected = {"swiglu": F.linear(F.silu(g) * u, w["down"]),
            "gated_gelu": F.linear(F.gelu(g, approximate="tanh") * u, w["down"]),
            "relu_mlp": F.linear(F.relu(g), w["down"]),
            "silu_linear": F.silu(g)}
failures = 0
for name, want in expected.items():
    want = want.numpy()
    got = np.load(results / f"{name}.npy")
    # Relative to each row's largest value: the scaled row dwarfs the others.
    rows = np.abs(got - want).max(-1) / np.abs(want).max(-1) if got.shape == want.shape else np.inf
    ok = np.all(np.isfinite(got)) and np.max(rows) <= 1e-5
    failures += not ok
    print(f"{'ok' if ok else 'FAIL'} {name} {got.shape} worst row relative error {np.max(rows):.2e}")
print("all outputs match" if not failures else f"{failures} outputs differ")
