// Arith ops on whole tensors in hand-written IR become linalg.generic
// (convert-elementwise-to-linalg) and bufferize like tfm's own ops; they
// used to fail with "op was not bufferized". Ids computed that way may not
// index an embedding table, though: the runtime checks ids against the
// table before the run only where they are an input (or tfm.position_ids),
// and a computed id past the table would read out of bounds.

// RUN: rm -rf %t && split-file %s %t
// RUN: %python %t/make-inputs.py %t

// Float arithmetic, both backends.
// RUN: tfm-compile %t/float-arith.mlir -o %t/float-arith.exe
// RUN: %t/float-arith.exe --weights %t/w.safetensors --input input_ids=%t/ids.npy --output-dir %t/out-float | FileCheck %s --check-prefix=FLOAT
// RUN: tfm-compile %t/float-arith.mlir -o %t/float-arith-llvm.exe --backend=llvm
// RUN: %t/float-arith-llvm.exe --weights %t/w.safetensors --input input_ids=%t/ids.npy --output-dir %t/out-float-llvm | FileCheck %s --check-prefix=FLOAT
// Rows 0, 1, 2 of the table [[0, 1, 2, 3], [4, 5, 6, 7], ...], doubled:
// FLOAT: y: float32 (1, 3, 4) [0, 2, 4, 6, 8, 10, ...]

// Integer arithmetic on the ids, static and dynamic shapes.
// RUN: tfm-compile %t/ids-arith.mlir -o %t/ids-arith.exe
// RUN: %t/ids-arith.exe --weights %t/w.safetensors --input input_ids=%t/ids.npy --output-dir %t/out-ids | FileCheck %s --check-prefix=IDS-ARITH
// IDS-ARITH: doubled: float32 (1, 3) [0, 2, 4]
// IDS-ARITH: shifted: float32 (1, 3) [1, 2, 3]
// The input is not written: the doubled ids are a new buffer.
// RUN: %t/ids-arith.exe --weights %t/w.safetensors --input input_ids=%t/ids.npy --output-dir %t/out-ids --bench 3
// RUN: %python -c "import numpy as np; print(np.load('%t/ids.npy').tolist())" | FileCheck %s --check-prefix=IDS
// IDS: {{^\[\[0, 1, 2\]\]$}}

// Computed ids indexing a table: refused at compile time.
// RUN: not tfm-compile %t/shifted-ids.mlir -o %t/x 2>&1 | FileCheck %s --check-prefix=COMPUTED-IDS
// COMPUTED-IDS: shifted-ids.mlir:4:8: error: 'tfm.embedding' op indexes a table of 10 rows with ids computed in the model, which cannot be checked against it before the run; index it with an input of @forward or tfm.position_ids
// RUN: not test -e %t/x

//--- float-arith.mlir
func.func @forward(%ids: tensor<?x?xi64> {tfm.name = "input_ids"}) -> (tensor<?x?x4xf32> {tfm.name = "y"}) {
  %table = tfm.param "wte.weight" : tensor<10x4xf32>
  %0 = tfm.embedding %table[%ids] : tensor<10x4xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
  %1 = arith.addf %0, %0 : tensor<?x?x4xf32>
  return %1 : tensor<?x?x4xf32>
}
//--- ids-arith.mlir
func.func @forward(%ids: tensor<?x?xi64> {tfm.name = "input_ids"}) -> (tensor<?x?xf32> {tfm.name = "doubled"}, tensor<1x3xf32> {tfm.name = "shifted"}) {
  %doubled = arith.addi %ids, %ids : tensor<?x?xi64>
  %0 = arith.sitofp %doubled : tensor<?x?xi64> to tensor<?x?xf32>
  %static = tensor.cast %ids : tensor<?x?xi64> to tensor<1x3xi64>
  %one = arith.constant dense<1> : tensor<1x3xi64>
  %shifted = arith.addi %static, %one : tensor<1x3xi64>
  %1 = arith.sitofp %shifted : tensor<1x3xi64> to tensor<1x3xf32>
  return %0, %1 : tensor<?x?xf32>, tensor<1x3xf32>
}
//--- shifted-ids.mlir
func.func @forward(%ids: tensor<?x?xi64> {tfm.name = "input_ids"}) -> (tensor<?x?x4xf32> {tfm.name = "embedded"}) {
  %table = tfm.param "wte.weight" : tensor<10x4xf32>
  %shifted = arith.addi %ids, %ids : tensor<?x?xi64>
  %0 = tfm.embedding %table[%shifted] : tensor<10x4xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
  return %0 : tensor<?x?x4xf32>
}
//--- make-inputs.py
import json, struct, sys
from pathlib import Path
import numpy as np

out = Path(sys.argv[1])
np.save(out / "ids.npy", np.array([[0, 1, 2]], dtype=np.int64))
table = np.arange(40, dtype=np.float32).reshape(10, 4)
header = json.dumps({"wte.weight": {"dtype": "F32", "shape": [10, 4],
                                    "data_offsets": [0, table.nbytes]}}).encode()
header += b" " * (-len(header) % 8)
(out / "w.safetensors").write_bytes(struct.pack("<Q", len(header)) + header + table.tobytes())
