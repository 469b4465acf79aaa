// Grouped-query attention (key/value heads fewer than query heads) through
// the attention kernel on both backends, against a float64 NumPy reference
// that repeats each key/value head for its group as Hugging Face's repeat_kv
// does: 4 query heads of 6 features over 2 key/value heads and over 1
// (multi-query), causal with fewer queries than keys (a KV cache's shape),
// an additive per-head mask, and none. 70 queries span two query tiles. The
// bf16 build runs the AMX tile kernel where oneDNN's ISA is AMX (elsewhere
// exactly f32), held to bf16's bound.

// RUN: rm -rf %t && split-file %s %t
// RUN: %python %t/make-inputs.py %t
// RUN: tfm-compile %t/model.mlir --backend=dnnl -o %t/dnnl.exe
// RUN: %t/dnnl.exe --weights %t/w.safetensors --input q=%t/q.npy --input k2=%t/k2.npy --input v2=%t/v2.npy --input k1=%t/k1.npy --input v1=%t/v1.npy --input mask=%t/mask.npy --output-dir %t/out-dnnl
// RUN: %python %t/check.py %t %t/out-dnnl 1e-5 | FileCheck %s
// RUN: tfm-compile %t/model.mlir --backend=llvm -o %t/llvm.exe
// RUN: %t/llvm.exe --weights %t/w.safetensors --input q=%t/q.npy --input k2=%t/k2.npy --input v2=%t/v2.npy --input k1=%t/k1.npy --input v1=%t/v1.npy --input mask=%t/mask.npy --output-dir %t/out-llvm
// RUN: %python %t/check.py %t %t/out-llvm 1e-5 | FileCheck %s
// RUN: tfm-compile %t/model.mlir --backend=dnnl --precision=bf16 -o %t/bf16.exe
// RUN: %t/bf16.exe --weights %t/w.safetensors --input q=%t/q.npy --input k2=%t/k2.npy --input v2=%t/v2.npy --input k1=%t/k1.npy --input v1=%t/v1.npy --input mask=%t/mask.npy --output-dir %t/out-bf16
// RUN: %python %t/check.py %t %t/out-bf16 3e-2 | FileCheck %s

// CHECK: ok grouped_causal (2, 70, 24)
// CHECK: ok grouped_masked (2, 70, 24)
// CHECK: ok multi_query (2, 70, 24)
// CHECK: all outputs match

// Grouped-query attention is not decomposed into tfm ops: tfm-to-linalg
// names it instead of failing to legalize (an f16 model has no kernel).
// RUN: not tfm-opt %t/f16.mlir --tfm-to-linalg 2>&1 | FileCheck %s --check-prefix=F16
// F16: f16.mlir:2:8: error: grouped-query attention (2 key/value heads for 4 query heads) runs on libtfmrt's attention kernel, which takes f32 query, key and value; tfm-to-linalg does not decompose it

//--- model.mlir
func.func @forward(%q: tensor<?x?x24xf32> {tfm.name = "q"}, %k2: tensor<?x?x12xf32> {tfm.name = "k2"},
                   %v2: tensor<?x?x12xf32> {tfm.name = "v2"}, %k1: tensor<?x?x6xf32> {tfm.name = "k1"},
                   %v1: tensor<?x?x6xf32> {tfm.name = "v1"}, %mask: tensor<?x4x?x?xf32> {tfm.name = "mask"})
    -> (tensor<?x?x24xf32> {tfm.name = "grouped_causal"}, tensor<?x?x24xf32> {tfm.name = "grouped_masked"},
        tensor<?x?x24xf32> {tfm.name = "multi_query"}) {
  %c1 = arith.constant 1 : index
  %t = tensor.dim %q, %c1 : tensor<?x?x24xf32>
  %s = tensor.dim %k2, %c1 : tensor<?x?x12xf32>
  %causal = tfm.causal_mask %t keys %s : tensor<?x?xi1>
  %a = tfm.attention %q, %k2, %v2 mask %causal heads 4 scale 4.000000e-01 : (tensor<?x?x24xf32>, tensor<?x?x12xf32>, tensor<?x?x12xf32>, tensor<?x?xi1>) -> tensor<?x?x24xf32>
  %b = tfm.attention %q, %k2, %v2 mask %mask heads 4 scale 4.000000e-01 : (tensor<?x?x24xf32>, tensor<?x?x12xf32>, tensor<?x?x12xf32>, tensor<?x4x?x?xf32>) -> tensor<?x?x24xf32>
  %m = tfm.attention %q, %k1, %v1 heads 4 scale 4.000000e-01 : (tensor<?x?x24xf32>, tensor<?x?x6xf32>, tensor<?x?x6xf32>) -> tensor<?x?x24xf32>
  return %a, %b, %m : tensor<?x?x24xf32>, tensor<?x?x24xf32>, tensor<?x?x24xf32>
}

//--- f16.mlir
func.func @f16(%q: tensor<2x3x8xf16>, %kv: tensor<2x3x4xf16>) -> tensor<2x3x8xf16> {
  %0 = tfm.attention %q, %kv, %kv heads 4 scale 1.0 : (tensor<2x3x8xf16>, tensor<2x3x4xf16>, tensor<2x3x4xf16>) -> tensor<2x3x8xf16>
  return %0 : tensor<2x3x8xf16>
}

//--- make-inputs.py
import json, struct, sys
from pathlib import Path
import numpy as np

out = Path(sys.argv[1])
rng = np.random.default_rng(3)
B, T, S = 2, 70, 90
for name, width in (("q", 24), ("k2", 12), ("v2", 12), ("k1", 6), ("v1", 6)):
    np.save(out / f"{name}.npy", rng.standard_normal((B, T if name == "q" else S, width)).astype(np.float32))
keep = rng.random((B, 4, T, S)) < 0.7
keep[..., 0] = True
np.save(out / "mask.npy", np.where(keep, rng.standard_normal((B, 4, T, S)), -np.inf).astype(np.float32))
text = json.dumps({}).encode()
text += b" " * (-len(text) % 8)
(out / "w.safetensors").write_bytes(struct.pack("<Q", len(text)) + text)

//--- check.py
import sys
from pathlib import Path
import numpy as np

work, results, bound = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3])
load = lambda name: np.load(work / f"{name}.npy").astype(np.float64)
q, k2, v2, k1, v1, mask = (load(n) for n in ("q", "k2", "v2", "k1", "v1", "mask"))
T, S = q.shape[1], k2.shape[1]

def heads(t, d):
    B, N, D = t.shape
    return t.reshape(B, N, D // d, d).transpose(0, 2, 1, 3)

def attention(k, v, mask):
    h = heads(q, 6)
    group = h.shape[1] // (k.shape[2] // 6)
    kh = np.repeat(heads(k, 6), group, axis=1)  # Hugging Face's repeat_kv
    vh = np.repeat(heads(v, 6), group, axis=1)
    s = h @ kh.transpose(0, 1, 3, 2) * 0.4 + mask
    p = np.exp(s - s.max(-1, keepdims=True))
    o = (p / p.sum(-1, keepdims=True)) @ vh
    return o.transpose(0, 2, 1, 3).reshape(q.shape)

# Bottom-right aligned causal mask: query i sees keys j <= i + S - T.
causal = np.where(np.arange(S)[None, :] <= np.arange(T)[:, None] + S - T, 0.0, -np.inf)
expected = {"grouped_causal": attention(k2, v2, causal),
            "grouped_masked": attention(k2, v2, mask),
            "multi_query": attention(k1, v1, 0.0)}
failures = 0
for name, want in expected.items():
    got = np.load(results / f"{name}.npy")
    error = np.abs(got - want).max() / np.abs(want).max() if got.shape == want.shape else np.inf
    ok = error <= bound
    failures += not ok
    print(f"{'ok' if ok else 'FAIL'} {name} {got.shape} relative error {error:.2e}")
print("all outputs match" if not failures else f"{failures} outputs differ")
