// The runtime kernels and their lowerings on ops the real models no longer
// contain after fusion (a bare matmul, softmax, attention with an additive
// mask given as an input, attention without a mask, a strided linear input)
// and causal attention, on both backends, against a float64 NumPy reference.
// 300 tokens: several query tiles (64) and key blocks (128) of the attention
// kernel, so its online softmax rescales across blocks.

// RUN: rm -rf %t && split-file %s %t
// RUN: %python %t/make-inputs.py %t
// RUN: tfm-compile %t/model.mlir --backend=dnnl -o %t/dnnl.exe
// RUN: %t/dnnl.exe --weights %t/w.safetensors --input x=%t/x.npy --input mask=%t/mask.npy --output-dir %t/out-dnnl
// RUN: %python %t/check.py %t %t/out-dnnl | FileCheck %s
// RUN: tfm-compile %t/model.mlir --backend=llvm -o %t/llvm.exe
// RUN: %t/llvm.exe --weights %t/w.safetensors --input x=%t/x.npy --input mask=%t/mask.npy --output-dir %t/out-llvm
// RUN: %python %t/check.py %t %t/out-llvm | FileCheck %s

// CHECK: ok scores
// CHECK: ok mixed
// CHECK: ok masked_attention
// CHECK: ok plain_attention
// CHECK: ok causal_attention
// CHECK: ok strided_linear
// CHECK: ok norm
// CHECK: all outputs match

//--- model.mlir
func.func @forward(%x: tensor<?x?x8xf32> {tfm.name = "x"}, %mask: tensor<?x1x?x?xf32> {tfm.name = "mask"})
    -> (tensor<?x2x?x?xf32> {tfm.name = "scores"}, tensor<?x2x?x4xf32> {tfm.name = "mixed"},
        tensor<?x?x8xf32> {tfm.name = "masked_attention"}, tensor<?x?x8xf32> {tfm.name = "plain_attention"},
        tensor<?x?x8xf32> {tfm.name = "causal_attention"},
        tensor<?x5xf32> {tfm.name = "strided_linear"}, tensor<?x?x8xf32> {tfm.name = "norm"}) {
  %g = tfm.param "g" : tensor<8xf32>
  %b = tfm.param "b" : tensor<8xf32>
  %w = tfm.param "w" : tensor<5x8xf32>
  %c = tfm.param "c" : tensor<5xf32>
  %h = tfm.split_heads %x heads 2 : tensor<?x?x8xf32> -> tensor<?x2x?x4xf32>
  %scores = tfm.matmul %h, %h transpose_rhs : (tensor<?x2x?x4xf32>, tensor<?x2x?x4xf32>) -> tensor<?x2x?x?xf32>
  %probs = tfm.softmax %scores : tensor<?x2x?x?xf32>
  %mixed = tfm.matmul %probs, %h : (tensor<?x2x?x?xf32>, tensor<?x2x?x4xf32>) -> tensor<?x2x?x4xf32>
  %masked_attention = tfm.attention %x, %x, %x mask %mask heads 2 scale 5.000000e-01 : (tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x1x?x?xf32>) -> tensor<?x?x8xf32>
  %plain_attention = tfm.attention %x, %x, %x heads 4 scale 3.500000e-01 : (tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %c1 = arith.constant 1 : index
  %t = tensor.dim %x, %c1 : tensor<?x?x8xf32>
  %causal = tfm.causal_mask %t : tensor<?x?xi1>
  %causal_attention = tfm.attention %x, %x, %x mask %causal heads 2 scale 5.000000e-01 : (tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?xi1>) -> tensor<?x?x8xf32>
  %first = tfm.cls_token %x : tensor<?x?x8xf32> -> tensor<?x8xf32>
  %strided_linear = tfm.linear %first, %w, %c layout <out_in> activation <tanh> : (tensor<?x8xf32>, tensor<5x8xf32>, tensor<5xf32>) -> tensor<?x5xf32>
  %norm = tfm.layer_norm %x, %g, %b eps 1.000000e-05 : (tensor<?x?x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x?x8xf32>
  return %scores, %mixed, %masked_attention, %plain_attention, %causal_attention, %strided_linear, %norm
      : tensor<?x2x?x?xf32>, tensor<?x2x?x4xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x5xf32>, tensor<?x?x8xf32>
}

//--- make-inputs.py
import json, struct, sys
from pathlib import Path
import numpy as np

out = Path(sys.argv[1])
rng = np.random.default_rng(7)
np.save(out / "x.npy", rng.standard_normal((2, 300, 8)).astype(np.float32))
keep = rng.random((2, 1, 300, 300)) < 0.6
keep[..., 0] = True  # every query keeps a key
np.save(out / "mask.npy", np.where(keep, 0.0, -np.inf).astype(np.float32))
tensors = {"g": rng.standard_normal(8).astype(np.float32),
           "b": rng.standard_normal(8).astype(np.float32),
           "w": rng.standard_normal((5, 8)).astype(np.float32),
           "c": rng.standard_normal(5).astype(np.float32)}
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

work, results = Path(sys.argv[1]), Path(sys.argv[2])
x = np.load(work / "x.npy").astype(np.float64)
mask = np.load(work / "mask.npy").astype(np.float64)
weights = np.load(work / "weights.npz")
g, b, w, c = (weights[n].astype(np.float64) for n in ("g", "b", "w", "c"))

def softmax(s):
    e = np.exp(s - s.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)

def heads(t, n):
    B, T, D = t.shape
    return t.reshape(B, T, n, D // n).transpose(0, 2, 1, 3)

def attention(n, scale, mask=None):
    h = heads(x, n)
    s = h @ h.transpose(0, 1, 3, 2) * scale
    if mask is not None:
        s = s + mask
    o = softmax(s) @ h
    return o.transpose(0, 2, 1, 3).reshape(x.shape)

h = heads(x, 2)
scores = h @ h.transpose(0, 1, 3, 2)
mean = x.mean(-1, keepdims=True)
var = ((x - mean) ** 2).mean(-1, keepdims=True)
expected = {
    "scores": scores,
    "mixed": softmax(scores) @ h,
    "masked_attention": attention(2, 0.5, mask),
    "plain_attention": attention(4, 0.35),
    "causal_attention": attention(2, 0.5, np.where(np.tri(x.shape[1], dtype=bool), 0.0, -np.inf)),
    "strided_linear": np.tanh(x[:, 0, :] @ w.T + c),
    "norm": (x - mean) / np.sqrt(var + 1e-5) * g + b,
}
failures = 0
for name, want in expected.items():
    got = np.load(results / f"{name}.npy")
    error = np.abs(got - want).max() / np.abs(want).max() if got.shape == want.shape else np.inf
    ok = error <= 1e-5
    failures += not ok
    print(f"{'ok' if ok else 'FAIL'} {name} {got.shape} relative error {error:.2e}")
print("all outputs match" if not failures else f"{failures} outputs differ")
