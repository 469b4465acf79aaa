// Dynamic dimensions the model's ops equate are checked before the run, on
// both backends: a layer norm's gamma and beta as long as its input's
// features, a matmul's two K. They used to run unchecked: garbage with exit
// 0 (layer_norm, both backends), a SIGSEGV for long rows, a wrong product
// on the llvm backend (matmul). Dimensions that agree still run and give
// the right answer.

// RUN: rm -rf %t && split-file %s %t
// RUN: %python %t/make-inputs.py %t

// RUN: tfm-compile %t/layer-norm.mlir -o %t/ln-dnnl.exe --backend=dnnl
// RUN: tfm-compile %t/layer-norm.mlir -o %t/ln-llvm.exe --backend=llvm
// RUN: tfm-compile %t/matmul.mlir -o %t/mm-dnnl.exe --backend=dnnl
// RUN: tfm-compile %t/matmul.mlir -o %t/mm-llvm.exe --backend=llvm

// Matching sizes: (x - mean) / std * 2 + 1 over rows 0..63 and 64..127, the
// same in both rows.
// RUN: %t/ln-dnnl.exe --weights %t/w.safetensors --input x=%t/x.npy --input gamma=%t/g64.npy --input beta=%t/b64.npy --output-dir %t/ln-dnnl | FileCheck %s --check-prefix=LN-OK
// RUN: %t/ln-llvm.exe --weights %t/w.safetensors --input x=%t/x.npy --input gamma=%t/g64.npy --input beta=%t/b64.npy --output-dir %t/ln-llvm | FileCheck %s --check-prefix=LN-OK
// LN-OK: y: float32 (2, 64) [-2.41039, -2.30212, -2.19386, -2.08559, -1.97733, -1.86906, ...]
// RUN: %python %t/check-layer-norm.py %t/x.npy %t/ln-dnnl/y.npy %t/ln-llvm/y.npy | FileCheck %s --check-prefix=LN-REFERENCE
// LN-REFERENCE: layer_norm matches the reference

// gamma of 3 for rows of 64, and of 1000000.
// RUN: not %t/ln-dnnl.exe --weights %t/w.safetensors --input x=%t/x.npy --input gamma=%t/g3.npy --input beta=%t/b3.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=LN-GAMMA
// RUN: not %t/ln-llvm.exe --weights %t/w.safetensors --input x=%t/x.npy --input gamma=%t/g3.npy --input beta=%t/b3.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=LN-GAMMA
// LN-GAMMA: error: input 'gamma' ({{.*}}g3.npy) dim 0 is 3 but input 'x' ({{.*}}x.npy) dim 1 is 64; the model requires them equal
// RUN: not %t/ln-dnnl.exe --weights %t/w.safetensors --input x=%t/x-long.npy --input gamma=%t/g3.npy --input beta=%t/b3.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=LN-LONG
// RUN: not %t/ln-llvm.exe --weights %t/w.safetensors --input x=%t/x-long.npy --input gamma=%t/g3.npy --input beta=%t/b3.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=LN-LONG
// LN-LONG: error: input 'gamma' ({{.*}}g3.npy) dim 0 is 3 but input 'x' ({{.*}}x-long.npy) dim 1 is 1000000; the model requires them equal
// RUN: not test -e %t/bad

// With a dynamic batch too: x's batch and gamma's length share a position
// but nothing equates them (the runtime used to refuse any two dynamic
// dimensions at one position that differed).
// RUN: tfm-compile %t/layer-norm-batch.mlir -o %t/ln-batch.exe --backend=llvm
// RUN: %t/ln-batch.exe --weights %t/w.safetensors --input x=%t/x.npy --input gamma=%t/g64.npy --input beta=%t/b64.npy --output-dir %t/ln-batch | FileCheck %s --check-prefix=LN-OK
// RUN: %python %t/check-layer-norm.py %t/x.npy %t/ln-batch/y.npy | FileCheck %s --check-prefix=LN-REFERENCE
// RUN: not %t/ln-batch.exe --weights %t/w.safetensors --input x=%t/x.npy --input gamma=%t/g3.npy --input beta=%t/b64.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=LN-GAMMA

// Matmul with a dynamic K: ones [2, 4] x ones [4, 3] is all 4s.
// RUN: %t/mm-dnnl.exe --weights %t/w.safetensors --input a=%t/a.npy --input b=%t/b4.npy --output-dir %t/mm-dnnl | FileCheck %s --check-prefix=MM-OK
// RUN: %t/mm-llvm.exe --weights %t/w.safetensors --input a=%t/a.npy --input b=%t/b4.npy --output-dir %t/mm-llvm | FileCheck %s --check-prefix=MM-OK
// MM-OK: c: float32 (2, 3) [4, 4, 4, 4, 4, 4]
// RUN: not %t/mm-dnnl.exe --weights %t/w.safetensors --input a=%t/a.npy --input b=%t/b5.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=MM-K
// RUN: not %t/mm-llvm.exe --weights %t/w.safetensors --input a=%t/a.npy --input b=%t/b5.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=MM-K
// MM-K: error: input 'b' ({{.*}}b5.npy) dim 0 is 5 but input 'a' ({{.*}}a.npy) dim 1 is 4; the model requires them equal

// A weight fixes the size: x's features must be gamma's 4.
// RUN: tfm-compile %t/weight-size.mlir -o %t/weight-size.exe --backend=llvm
// RUN: %t/weight-size.exe --weights %t/w.safetensors --input x=%t/x4.npy --output-dir %t/ws | FileCheck %s --check-prefix=WEIGHT-OK
// WEIGHT-OK: y: float32 (2, 4)
// RUN: not %t/weight-size.exe --weights %t/w.safetensors --input x=%t/x.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=WEIGHT-SIZE
// WEIGHT-SIZE: error: input 'x' ({{.*}}x.npy) dim 1 is 64 but the model requires 4
// RUN: not test -e %t/bad

// A tensor.cast of an input to a static shape used to read the first
// elements of a larger input.
// RUN: tfm-compile %t/cast.mlir -o %t/cast.exe
// RUN: %t/cast.exe --weights %t/w.safetensors --input input_ids=%t/ids-1x3.npy --output-dir %t/cast | FileCheck %s --check-prefix=CAST-OK
// CAST-OK: y: float32 (1, 3) [0, 1, 2]
// RUN: not %t/cast.exe --weights %t/w.safetensors --input input_ids=%t/ids-2x5.npy --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=CAST
// CAST: error: input 'input_ids' ({{.*}}ids-2x5.npy) dim 0 is 2 but the model requires 1
// RUN: not test -e %t/bad

// Weights whose sizes conflict through the model's ops: no input could run.
// RUN: not tfm-compile %t/conflict.mlir -o %t/conflict.exe 2>&1 | FileCheck %s --check-prefix=CONFLICT
// CONFLICT: conflict.mlir:6:8: error: 'tfm.layer_norm' op requires dimension 0 of weight 'ln.weight' to equal dimension 1 of input 'x', but they are 5 and 4
// CONFLICT: conflict.mlir:3:12: note: dimension 0 of weight 'ln.weight' is 5
// CONFLICT: conflict.mlir:2:8: note: dimension 0 of weight 'fc.weight' is 4
// RUN: not test -e %t/conflict.exe

//--- layer-norm.mlir
func.func @forward(%x: tensor<2x?xf32> {tfm.name = "x"}, %gamma: tensor<?xf32> {tfm.name = "gamma"}, %beta: tensor<?xf32> {tfm.name = "beta"}) -> (tensor<2x?xf32> {tfm.name = "y"}) {
  %0 = tfm.layer_norm %x, %gamma, %beta eps 1.000000e-05 : (tensor<2x?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<2x?xf32>
  return %0 : tensor<2x?xf32>
}
//--- layer-norm-batch.mlir
func.func @forward(%x: tensor<?x?xf32> {tfm.name = "x"}, %gamma: tensor<?xf32> {tfm.name = "gamma"}, %beta: tensor<?xf32> {tfm.name = "beta"}) -> (tensor<?x?xf32> {tfm.name = "y"}) {
  %0 = tfm.layer_norm %x, %gamma, %beta eps 1.000000e-05 : (tensor<?x?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}
//--- matmul.mlir
func.func @forward(%a: tensor<2x?xf32> {tfm.name = "a"}, %b: tensor<?x3xf32> {tfm.name = "b"}) -> (tensor<2x3xf32> {tfm.name = "c"}) {
  %0 = tfm.matmul %a, %b : (tensor<2x?xf32>, tensor<?x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
//--- weight-size.mlir
func.func @forward(%x: tensor<2x?xf32> {tfm.name = "x"}) -> (tensor<2x?xf32> {tfm.name = "y"}) {
  %gamma = tfm.param "ln.weight" : tensor<4xf32>
  %beta = tfm.param "ln.bias" : tensor<4xf32>
  %0 = tfm.layer_norm %x, %gamma, %beta eps 1.000000e-05 : (tensor<2x?xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x?xf32>
  return %0 : tensor<2x?xf32>
}
//--- conflict.mlir
func.func @forward(%x: tensor<2x?xf32> {tfm.name = "x"}) -> (tensor<2x3xf32> {tfm.name = "y"}, tensor<2x?xf32> {tfm.name = "z"}) {
  %w = tfm.param "fc.weight" : tensor<4x3xf32>
  %gamma = tfm.param "ln.weight" : tensor<5xf32>
  %beta = tfm.param "ln.bias" : tensor<5xf32>
  %0 = tfm.matmul %x, %w : (tensor<2x?xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  %1 = tfm.layer_norm %x, %gamma, %beta eps 1.000000e-05 : (tensor<2x?xf32>, tensor<5xf32>, tensor<5xf32>) -> tensor<2x?xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x?xf32>
}
//--- cast.mlir
func.func @forward(%ids: tensor<?x?xi64> {tfm.name = "input_ids"}) -> (tensor<1x3xf32> {tfm.name = "y"}) {
  %static = tensor.cast %ids : tensor<?x?xi64> to tensor<1x3xi64>
  %0 = arith.sitofp %static : tensor<1x3xi64> to tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}
//--- make-inputs.py
import json, struct, sys
from pathlib import Path
import numpy as np

out = Path(sys.argv[1])
np.save(out / "x.npy", np.arange(128, dtype=np.float32).reshape(2, 64))
np.save(out / "x4.npy", np.arange(8, dtype=np.float32).reshape(2, 4))
np.save(out / "x-long.npy", np.ones((2, 1000000), np.float32))
np.save(out / "g64.npy", np.full(64, 2, np.float32))
np.save(out / "b64.npy", np.full(64, 1, np.float32))
np.save(out / "g3.npy", np.ones(3, np.float32))
np.save(out / "b3.npy", np.zeros(3, np.float32))
np.save(out / "ids-1x3.npy", np.arange(3, dtype=np.int64).reshape(1, 3))
np.save(out / "ids-2x5.npy", np.arange(10, dtype=np.int64).reshape(2, 5))
np.save(out / "a.npy", np.ones((2, 4), np.float32))
np.save(out / "b4.npy", np.ones((4, 3), np.float32))
np.save(out / "b5.npy", np.ones((5, 3), np.float32))
tensors = {"ln.weight": np.ones(4, np.float32), "ln.bias": np.zeros(4, np.float32)}
header, data = {}, b""
for name, tensor in tensors.items():
    header[name] = {"dtype": "F32", "shape": list(tensor.shape),
                    "data_offsets": [len(data), len(data) + tensor.nbytes]}
    data += tensor.tobytes()
header = json.dumps(header).encode()
header += b" " * (-len(header) % 8)
(out / "w.safetensors").write_bytes(struct.pack("<Q", len(header)) + header + data)
//--- check-layer-norm.py
import sys
import numpy as np

x = np.load(sys.argv[1]).astype(np.float64)
mean = x.mean(axis=-1, keepdims=True)
reference = (x - mean) / np.sqrt(x.var(axis=-1, keepdims=True) + 1e-5) * 2 + 1
for path in sys.argv[2:]:
    np.testing.assert_allclose(np.load(path), reference, rtol=1e-5, atol=1e-5)
print("layer_norm matches the reference")
