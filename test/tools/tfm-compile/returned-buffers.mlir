// Outputs that are, or share a buffer with, something else: the executable
// frees each output once, so every output must be a buffer of its own that
// the model malloc'ed. A returned input or weight is copied by the
// bufferization pipeline (it used to stay a bufferization.clone, which did
// not translate to LLVM IR); a value returned twice is one buffer, which
// libtfmrt copies for all but one output (it used to be freed twice). With
// --bench the run repeats, and the outputs of each run are freed.

// RUN: rm -rf %t && split-file %s %t
// RUN: %python %t/make-inputs.py %t

// RUN: tfm-compile %t/returns-input.mlir -o %t/returns-input.exe
// RUN: %t/returns-input.exe --weights %t/w.safetensors --input x=%t/x.npy --output-dir %t/out-input | FileCheck %s --check-prefix=INPUT
// INPUT: y: float32 (3, 4) [0, 1, 2, 3, 4, 5, ...]
// RUN: %t/returns-input.exe --weights %t/w.safetensors --input x=%t/x.npy --output-dir %t/out-input --bench 3

// RUN: tfm-compile %t/returns-weight.mlir -o %t/returns-weight.exe
// RUN: %t/returns-weight.exe --weights %t/w.safetensors --input x=%t/x.npy --output-dir %t/out-weight | FileCheck %s --check-prefix=WEIGHT
// WEIGHT: w: float32 (4,) [1, 2, 3, 4]
// WEIGHT: y: float32 (3, 4) [1, 3, 5, 7, 5, 7, ...]
// RUN: %t/returns-weight.exe --weights %t/w.safetensors --input x=%t/x.npy --output-dir %t/out-weight --bench 3

// A weight bound transposed (by tfm-pretranspose-weights) and returned.
// RUN: tfm-compile %t/returns-transposed-weight.mlir -o %t/returns-transposed-weight.exe
// RUN: %t/returns-transposed-weight.exe --weights %t/w.safetensors --input x=%t/x.npy --output-dir %t/out-transposed | FileCheck %s --check-prefix=TRANSPOSED
// TRANSPOSED: wt: float32 (4, 6) [0, 4, 8, 12, 16, 20, ...]
// TRANSPOSED: y: float32 (3, 6) [14, 38, 62, 86, 110, 134, ...]

// RUN: tfm-compile %t/returns-twice.mlir -o %t/returns-twice.exe
// RUN: %t/returns-twice.exe --weights %t/w.safetensors --input x=%t/x.npy --output-dir %t/out-twice | FileCheck %s --check-prefix=TWICE
// TWICE: a: float32 (3, 4) [0, 2, 4, 6, 8, 10, ...]
// TWICE: b: float32 (3, 4) [0, 2, 4, 6, 8, 10, ...]
// TWICE: c: float32 (3, 4) [0, 1, 2, 3, 4, 5, ...]
// TWICE: d: float32 (3, 4) [0, 1, 2, 3, 4, 5, ...]
// RUN: %t/returns-twice.exe --weights %t/w.safetensors --input x=%t/x.npy --output-dir %t/out-twice --bench 3

// A slice of an input (cls_token) is copied at the function boundary.
// RUN: tfm-compile %t/returns-slice.mlir -o %t/returns-slice.exe
// RUN: %t/returns-slice.exe --weights %t/w.safetensors --input x=%t/x3.npy --output-dir %t/out-slice | FileCheck %s --check-prefix=SLICE
// SLICE: cls: float32 (2, 4) [0, 1, 2, 3, 12, 13, ...]

//--- make-inputs.py
import json, struct, sys
from pathlib import Path
import numpy as np

out = Path(sys.argv[1])
np.save(out / "x.npy", np.arange(12, dtype=np.float32).reshape(3, 4))
np.save(out / "x3.npy", np.arange(24, dtype=np.float32).reshape(2, 3, 4))
tensors = {"w": np.arange(1, 5, dtype=np.float32),
           "w2": np.arange(24, dtype=np.float32).reshape(6, 4)}
header, data = {}, b""
for name, value in tensors.items():
    header[name] = {"dtype": "F32", "shape": list(value.shape),
                    "data_offsets": [len(data), len(data) + value.nbytes]}
    data += value.tobytes()
text = json.dumps(header).encode()
text += b" " * (-len(text) % 8)
(out / "w.safetensors").write_bytes(struct.pack("<Q", len(text)) + text + data)
//--- returns-input.mlir
func.func @forward(%x: tensor<?x4xf32> {tfm.name = "x"}) -> (tensor<?x4xf32> {tfm.name = "y"}) {
  return %x : tensor<?x4xf32>
}
//--- returns-weight.mlir
func.func @forward(%x: tensor<?x4xf32> {tfm.name = "x"}) -> (tensor<4xf32> {tfm.name = "w"}, tensor<?x4xf32> {tfm.name = "y"}) {
  %w = tfm.param "w" : tensor<4xf32>
  %y = tfm.add %x, %w : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %w, %y : tensor<4xf32>, tensor<?x4xf32>
}
//--- returns-transposed-weight.mlir
func.func @forward(%x: tensor<?x4xf32> {tfm.name = "x"}) -> (tensor<4x6xf32> {tfm.name = "wt"}, tensor<?x6xf32> {tfm.name = "y"}) {
  %w = tfm.param "w2" : tensor<6x4xf32>
  %y = tfm.linear %x, %w layout <out_in> : (tensor<?x4xf32>, tensor<6x4xf32>) -> tensor<?x6xf32>
  %wt = tfm.param "w2" transposed : tensor<4x6xf32>
  return %wt, %y : tensor<4x6xf32>, tensor<?x6xf32>
}
//--- returns-twice.mlir
func.func @forward(%x: tensor<?x4xf32> {tfm.name = "x"}) -> (tensor<?x4xf32> {tfm.name = "a"}, tensor<?x4xf32> {tfm.name = "b"}, tensor<?x4xf32> {tfm.name = "c"}, tensor<?x4xf32> {tfm.name = "d"}) {
  %0 = tfm.scale %x by 2.0 : tensor<?x4xf32>
  return %0, %0, %x, %x : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>
}
//--- returns-slice.mlir
func.func @forward(%x: tensor<?x?x4xf32> {tfm.name = "x"}) -> (tensor<?x4xf32> {tfm.name = "cls"}) {
  %0 = tfm.cls_token %x : tensor<?x?x4xf32> -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}
