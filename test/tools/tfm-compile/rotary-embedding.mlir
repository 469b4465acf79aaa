// tfm.rotary_embedding on both backends against Hugging Face's LLaMA
// rotary embedding written in PyTorch (f32 inv_freq and angles, rotate_half):
// head size 6 (not a power of two) and 4, positions up to 8000 (large angles
// must not lose accuracy to range reduction), ragged rows, a dynamic batch
// and sequence.

// RUN: rm -rf %t && split-file %s %t
// RUN: %python %t/make-inputs.py %t
// RUN: tfm-compile %t/model.mlir --backend=dnnl -o %t/dnnl.exe
// RUN: %t/dnnl.exe --weights %t/w.safetensors --input x=%t/x.npy --input positions=%t/positions.npy --output-dir %t/out-dnnl
// RUN: %python %t/check.py %t %t/out-dnnl | FileCheck %s
// RUN: tfm-compile %t/model.mlir --backend=llvm -o %t/llvm.exe
// RUN: %t/llvm.exe --weights %t/w.safetensors --input x=%t/x.npy --input positions=%t/positions.npy --output-dir %t/out-llvm
// RUN: %python %t/check.py %t %t/out-llvm | FileCheck %s

// CHECK: ok heads3 (2, 7, 18)
// CHECK: ok heads2 (2, 7, 8)
// CHECK: all outputs match

// An odd head size has no halves to pair: a compile error.
// RUN: not tfm-compile %t/odd-head.mlir -o %t/odd.exe 2>&1 | FileCheck %s --check-prefix=ODD
// ODD: odd-head.mlir:2:8: error: 'tfm.rotary_embedding' op head size 5 must be even (features i and i + d/2 are rotated together)
// RUN: not test -e %t/odd.exe

//--- model.mlir
func.func @forward(%x: tensor<?x?x18xf32> {tfm.name = "x"}, %pos: tensor<?x?xi64> {tfm.name = "positions"})
    -> (tensor<?x?x18xf32> {tfm.name = "heads3"}, tensor<?x?x8xf32> {tfm.name = "heads2"}) {
  %a = tfm.rotary_embedding %x, %pos heads 3 theta 1.000000e+04 : (tensor<?x?x18xf32>, tensor<?x?xi64>) -> tensor<?x?x18xf32>
  %w = tfm.param "w" : tensor<8x18xf32>
  %y = tfm.linear %x, %w layout <out_in> : (tensor<?x?x18xf32>, tensor<8x18xf32>) -> tensor<?x?x8xf32>
  %b = tfm.rotary_embedding %y, %pos heads 2 theta 5.000000e+05 : (tensor<?x?x8xf32>, tensor<?x?xi64>) -> tensor<?x?x8xf32>
  return %a, %b : tensor<?x?x18xf32>, tensor<?x?x8xf32>
}

//--- odd-head.mlir
func.func @forward(%x: tensor<?x?x10xf32> {tfm.name = "x"}, %pos: tensor<?x?xi64> {tfm.name = "positions"}) -> (tensor<?x?x10xf32> {tfm.name = "y"}) {
  %a = tfm.rotary_embedding %x, %pos heads 2 theta 1.000000e+04 : (tensor<?x?x10xf32>, tensor<?x?xi64>) -> tensor<?x?x10xf32>
  return %a : tensor<?x?x10xf32>
}

//--- make-inputs.py
import json, struct, sys
from pathlib import Path
import numpy as np

out = Path(sys.argv[1])
rng = np.random.default_rng(5)
np.save(out / "x.npy", rng.standard_normal((2, 7, 18)).astype(np.float32))
positions = np.array([[0, 1, 2, 3, 4, 5, 6], [7990, 7991, 7992, 7993, 7994, 7995, 7996]])
positions[1, 5:] = 0  # padding of a ragged row
np.save(out / "positions.npy", positions.astype(np.int64))
w = rng.standard_normal((8, 18)).astype(np.float32)
text = json.dumps({"w": {"dtype": "F32", "shape": [8, 18], "data_offsets": [0, w.nbytes]}}).encode()
text += b" " * (-len(text) % 8)
(out / "w.safetensors").write_bytes(struct.pack("<Q", len(text)) + text + w.tobytes())
np.save(out / "w.npy", w)

//--- check.py
import sys
from pathlib import Path
import numpy as np
import torch

work, results = Path(sys.argv[1]), Path(sys.argv[2])
x = torch.from_numpy(np.load(work / "x.npy"))
positions = torch.from_numpy(np.load(work / "positions.npy"))
w = torch.from_numpy(np.load(work / "w.npy"))

def rotate_half(t):
    half = t.shape[-1] // 2
    return torch.cat((-t[..., half:], t[..., :half]), dim=-1)

def rotary(t, heads, base):
    # Hugging Face's LlamaRotaryEmbedding and apply_rotary_pos_emb, in f32.
    B, T, D = t.shape
    d = D // heads
    inv_freq = 1.0 / (base ** (torch.arange(0, d, 2, dtype=torch.int64).float() / d))
    freqs = positions.float()[:, :, None] * inv_freq[None, None, :]
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos()[:, None], emb.sin()[:, None]
    h = t.view(B, T, heads, d).transpose(1, 2)
    return (h * cos + rotate_half(h) * sin).transpose(1, 2).reshape(B, T, D)

expected = {"heads3": rotary(x, 3, 10000.0),
            "heads2": rotary(torch.nn.functional.linear(x.double(), w.double()).float(), 2, 500000.0)}
failures = 0
for name, want in expected.items():
    want = want.double().numpy()
    got = np.load(results / f"{name}.npy")
    error = np.abs(got - want).max() / np.abs(want).max() if got.shape == want.shape else np.inf
    ok = error <= 1e-5
    failures += not ok
    print(f"{'ok' if ok else 'FAIL'} {name} {got.shape} relative error {error:.2e}")
print("all outputs match" if not failures else f"{failures} outputs differ")
