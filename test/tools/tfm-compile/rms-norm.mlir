// tfm.rms_norm on both backends against a float64 NumPy reference
// (x / sqrt(mean(x^2) + eps) * gamma): a width that is not a power of two,
// rows of very different magnitudes, a zero row (the result is 0, not NaN)
// and a dynamic batch and sequence.

// RUN: rm -rf %t && split-file %s %t
// RUN: %python %t/make-inputs.py %t
// RUN: tfm-compile %t/model.mlir --backend=dnnl -o %t/dnnl.exe
// RUN: %t/dnnl.exe --weights %t/w.safetensors --input x=%t/x.npy --output-dir %t/out-dnnl
// RUN: %python %t/check.py %t %t/out-dnnl | FileCheck %s
// RUN: tfm-compile %t/model.mlir --backend=llvm -o %t/llvm.exe
// RUN: %t/llvm.exe --weights %t/w.safetensors --input x=%t/x.npy --output-dir %t/out-llvm
// RUN: %python %t/check.py %t %t/out-llvm | FileCheck %s

// CHECK: ok normed (3, 5, 12)
// CHECK: ok zero row
// CHECK: all outputs match

// A gamma that does not fit the input is a compile error naming both.
// RUN: not tfm-compile %t/wrong-gamma.mlir -o %t/wrong.exe 2>&1 | FileCheck %s --check-prefix=WRONG
// WRONG: wrong-gamma.mlir:3:8: error: 'tfm.rms_norm' op gamma must have shape [12] (the last dimension of the input), but has type 'tensor<8xf32>'
// RUN: not test -e %t/wrong.exe

//--- model.mlir
func.func @forward(%x: tensor<?x?x12xf32> {tfm.name = "x"}) -> (tensor<?x?x12xf32> {tfm.name = "normed"}) {
  %g = tfm.param "g" : tensor<12xf32>
  %y = tfm.rms_norm %x, %g eps 1.000000e-06 : (tensor<?x?x12xf32>, tensor<12xf32>) -> tensor<?x?x12xf32>
  return %y : tensor<?x?x12xf32>
}

//--- wrong-gamma.mlir
func.func @forward(%x: tensor<?x?x12xf32> {tfm.name = "x"}) -> (tensor<?x?x12xf32> {tfm.name = "normed"}) {
  %g = tfm.param "g" : tensor<8xf32>
  %y = tfm.rms_norm %x, %g eps 1.000000e-06 : (tensor<?x?x12xf32>, tensor<8xf32>) -> tensor<?x?x12xf32>
  return %y : tensor<?x?x12xf32>
}

//--- make-inputs.py
import json, struct, sys
from pathlib import Path
import numpy as np

out = Path(sys.argv[1])
rng = np.random.default_rng(11)
x = rng.standard_normal((3, 5, 12)) * np.array([1e-3, 1.0, 300.0])[:, None, None]
x[1, 2] = 0.0
np.save(out / "x.npy", x.astype(np.float32))
g = rng.standard_normal(12).astype(np.float32)
text = json.dumps({"g": {"dtype": "F32", "shape": [12], "data_offsets": [0, g.nbytes]}}).encode()
text += b" " * (-len(text) % 8)
(out / "w.safetensors").write_bytes(struct.pack("<Q", len(text)) + text + g.tobytes())
np.save(out / "g.npy", g)

//--- check.py
import sys
from pathlib import Path
import numpy as np

work, results = Path(sys.argv[1]), Path(sys.argv[2])
x = np.load(work / "x.npy").astype(np.float64)
g = np.load(work / "g.npy").astype(np.float64)
want = x / np.sqrt((x * x).mean(-1, keepdims=True) + 1e-6) * g
got = np.load(results / "normed.npy")
error = np.abs(got - want).max() / np.abs(want).max() if got.shape == want.shape else np.inf
# Each batch row has its own magnitude: also relative to each row's largest.
rows = np.abs(got - want).max(-1) / np.maximum(np.abs(want).max(-1), 1e-30)
rows[1, 2] = 0.0
ok = error <= 1e-5 and rows.max() <= 1e-5
print(f"{'ok' if ok else 'FAIL'} normed {got.shape} relative error {error:.2e}, worst row {rows.max():.2e}")
zero_ok = np.all(got[1, 2] == 0.0)
print(f"{'ok' if zero_ok else 'FAIL'} zero row")
print("all outputs match" if ok and zero_ok else "outputs differ")
