// A run that needs more memory than the machine has ends with an
// out-of-memory error naming the size, exit status 1 and no output file,
// on both backends; it used to die of SIGSEGV (generated code wrote to the
// null buffer the allocator returned). The model's outer product of its
// input x [N, 1] is [N, N]: with N = 2^21, 16 TiB, more than the machine's
// memory and swap, which libtfmrt refuses at once.
// run-out-of-memory-ulimit.mlir: memory that runs out (ulimit -v).

// RUN: rm -rf %t && split-file %s %t
// RUN: %python %t/make-inputs.py %t
// RUN: tfm-compile %t/outer.mlir -o %t/outer-dnnl.exe
// RUN: tfm-compile %t/outer.mlir --backend llvm -o %t/outer-llvm.exe

// RUN: not %t/outer-dnnl.exe --weights %t/w.safetensors --input x=%t/big.npy --output-dir %t/out-dnnl-big 2>&1 | FileCheck %s --check-prefix=OOM
// RUN: not %t/outer-llvm.exe --weights %t/w.safetensors --input x=%t/big.npy --output-dir %t/out-llvm-big 2>&1 | FileCheck %s --check-prefix=OOM
// OOM: outer-{{dnnl|llvm}}.exe: error: out of memory: the model needs a buffer of 17592186044416 bytes (16384.0 GiB), which the system cannot give
// OOM-NOT: outer:
// RUN: test ! -e %t/out-dnnl-big/outer.npy && test ! -e %t/out-llvm-big/outer.npy

// The same executables on a small input: (x + 1)(x + 1)ᵀ.
// RUN: %t/outer-dnnl.exe --weights %t/w.safetensors --input x=%t/small.npy --output-dir %t/out-dnnl | FileCheck %s --check-prefix=SMALL
// RUN: %t/outer-llvm.exe --weights %t/w.safetensors --input x=%t/small.npy --output-dir %t/out-llvm | FileCheck %s --check-prefix=SMALL
// SMALL: outer: float32 (3, 3) [4, 6, 8, 6, 9, 12, ...]

//--- outer.mlir
func.func @forward(%x: tensor<?x1xf32> {tfm.name = "x"}) -> (tensor<?x?xf32> {tfm.name = "outer"}) {
  %w = tfm.param "w" : tensor<1xf32>
  %shifted = tfm.add %x, %w : (tensor<?x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
  %outer = tfm.matmul %shifted, %shifted transpose_rhs : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<?x?xf32>
  return %outer : tensor<?x?xf32>
}
//--- make-inputs.py
import json, struct, sys
from pathlib import Path
import numpy as np

out = Path(sys.argv[1])
np.save(out / "small.npy", np.array([[1], [2], [3]], dtype=np.float32))
np.save(out / "big.npy", np.zeros((1 << 21, 1), dtype=np.float32))
w = np.ones(1, dtype=np.float32)
text = json.dumps({"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}).encode()
text += b" " * (-len(text) % 8)
(out / "w.safetensors").write_bytes(struct.pack("<Q", len(text)) + text + w.tobytes())
