// The ops CLIP's text encoder added, compiled and run on both backends
// against NumPy: GELU's sigmoid form (quick_gelu) on its own, at extreme
// inputs, and as a linear's activation with a residual (which the dnnl
// backend runs after the kernel's product); tfm.argmax of ids with ties
// (the first wins), negative and large ids, and with `equal` (the first
// match, 0 without one), seen through tfm.token_at at those positions (the
// model's outputs are f32); tfm.token_at at positions outside [0, T), which
// clamp.

// RUN: rm -rf %t && split-file %s %t
// RUN: %python %t/make-inputs.py %t
// RUN: tfm-compile %t/model.mlir --backend=dnnl -o %t/dnnl.exe
// RUN: %t/dnnl.exe --weights %t/w.safetensors --input x=%t/x.npy --input h=%t/h.npy --input ids=%t/ids.npy --input positions=%t/positions.npy --output-dir %t/out-dnnl
// RUN: %python %t/check.py %t %t/out-dnnl | FileCheck %s
// RUN: tfm-compile %t/model.mlir --backend=llvm -o %t/llvm.exe
// RUN: %t/llvm.exe --weights %t/w.safetensors --input x=%t/x.npy --input h=%t/h.npy --input ids=%t/ids.npy --input positions=%t/positions.npy --output-dir %t/out-llvm
// RUN: %python %t/check.py %t %t/out-llvm | FileCheck %s

// CHECK: ok gelu
// CHECK: ok fc
// CHECK: ok pooled
// CHECK: ok pooled_eos
// CHECK: ok clamped
// CHECK: all outputs match

//--- model.mlir
func.func @forward(%x: tensor<?x?xf32> {tfm.name = "x"}, %h: tensor<?x?x6xf32> {tfm.name = "h"},
                   %ids: tensor<?x?xi64> {tfm.name = "ids"}, %positions: tensor<?xi64> {tfm.name = "positions"})
    -> (tensor<?x?xf32> {tfm.name = "gelu"}, tensor<?x?x6xf32> {tfm.name = "fc"},
        tensor<?x6xf32> {tfm.name = "pooled"}, tensor<?x6xf32> {tfm.name = "pooled_eos"},
        tensor<?x6xf32> {tfm.name = "clamped"}) {
  %w = tfm.param "w" : tensor<6x6xf32>
  %b = tfm.param "b" : tensor<6xf32>
  %gelu = tfm.gelu %x approximate <sigmoid> : tensor<?x?xf32>
  %p = tfm.linear %h, %w, %b layout <out_in> : (tensor<?x?x6xf32>, tensor<6x6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  %g = tfm.gelu %p approximate <sigmoid> : tensor<?x?x6xf32>
  %fc = tfm.add %g, %h : (tensor<?x?x6xf32>, tensor<?x?x6xf32>) -> tensor<?x?x6xf32>
  %largest = tfm.argmax %ids : tensor<?x?xi64> -> tensor<?xi64>
  %first_eos = tfm.argmax %ids equal 7 : tensor<?x?xi64> -> tensor<?xi64>
  %pooled = tfm.token_at %h[%largest] : tensor<?x?x6xf32>, tensor<?xi64> -> tensor<?x6xf32>
  %pooled_eos = tfm.token_at %h[%first_eos] : tensor<?x?x6xf32>, tensor<?xi64> -> tensor<?x6xf32>
  %clamped = tfm.token_at %h[%positions] : tensor<?x?x6xf32>, tensor<?xi64> -> tensor<?x6xf32>
  return %gelu, %fc, %pooled, %pooled_eos, %clamped
      : tensor<?x?xf32>, tensor<?x?x6xf32>, tensor<?x6xf32>, tensor<?x6xf32>, tensor<?x6xf32>
}

//--- make-inputs.py
import json, struct, sys
from pathlib import Path
import numpy as np

out = Path(sys.argv[1])
rng = np.random.default_rng(3)
extremes = [-3e38, -1000, -100, -60, -52, -50, -20, -5, -1, -1e-3, 0, 1e-3, 1, 5, 20, 50,
            100, 1000, 3e38]
x = np.concatenate([np.array(extremes), rng.standard_normal(45) * 4]).astype(np.float32)
np.save(out / "x.npy", x.reshape(4, 16))
np.save(out / "h.npy", rng.standard_normal((4, 5, 6)).astype(np.float32))
ids = np.array([[3, 9, 1, 9, 7],             # tie: the first 9; first 7 at 4
                [7, 7, 2, 0, 7],             # ties: the first 7, at 0, both ways
                [-5, -2, -9, -2, -3],        # negative ids: -2 at 1; no 7: 0
                [2**40, 5, 2**40 + 1, 7, 2**40 + 1]], dtype=np.int64)
np.save(out / "ids.npy", ids)
np.save(out / "positions.npy", np.array([-3, 4, 5, 2**40], dtype=np.int64))
w = {"w": rng.standard_normal((6, 6)).astype(np.float32) * 2,
     "b": rng.standard_normal(6).astype(np.float32)}
header, offset = {}, 0
for name, a in w.items():
    header[name] = {"dtype": "F32", "shape": list(a.shape),
                    "data_offsets": [offset, offset + a.nbytes]}
    offset += a.nbytes
raw = json.dumps(header).encode()
raw += b" " * (-len(raw) % 8)
with open(out / "w.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(raw)) + raw)
    for a in w.values():
        f.write(a.tobytes())
np.savez(out / "weights.npz", **w)

//--- check.py
import sys
from pathlib import Path
import numpy as np

src, got = Path(sys.argv[1]), Path(sys.argv[2])
x = np.load(src / "x.npy").astype(np.float64)
h = np.load(src / "h.npy").astype(np.float64)
ids = np.load(src / "ids.npy")
positions = np.load(src / "positions.npy")
w = np.load(src / "weights.npz")


def quick_gelu(v):
    with np.errstate(over="ignore"):
        return v / (1.0 + np.exp(-1.702 * v))


largest = np.argmax(ids, axis=-1)
first_eos = np.argmax(ids == 7, axis=-1)
assert list(largest) == [1, 0, 1, 2] and list(first_eos) == [4, 0, 0, 3]
expected = {
    "gelu": quick_gelu(x),
    "fc": quick_gelu(h @ w["w"].astype(np.float64).T + w["b"]) + h,
    "pooled": h[np.arange(4), largest],
    "pooled_eos": h[np.arange(4), first_eos],
    "clamped": h[np.arange(4), np.clip(positions, 0, h.shape[1] - 1)],
}
failures = 0
for name, e in expected.items():
    a = np.load(got / f"{name}.npy")
    err = float(np.max(np.abs(a - e) / np.maximum(1.0, np.abs(e))))
    ok = a.dtype == np.float32 and a.shape == e.shape and err <= 1e-5
    print(("ok " if ok else "FAIL ") + name + f": max relative error {err:.2e}")
    failures += not ok
print("all outputs match" if not failures else f"{failures} outputs differ")
sys.exit(1 if failures else 0)
