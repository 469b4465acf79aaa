// What tfm-compile reads and writes, and what the executable writes: inputs
// that never end, outputs that cannot be written and names too long for the
// file system are each one clear error and exit 1, never a hang, an
// "LLVM ERROR", an "internal error" or a replaced device file.

// RUN: rm -rf %t && split-file %s %t

// The input is a regular file (or standard input) of at most 256 MiB:
// /dev/zero, a FIFO or a larger file is refused before it is read.
// RUN: not tfm-compile /dev/zero -o %t/x 2>&1 | FileCheck %s --check-prefix=DEV-ZERO
// DEV-ZERO: tfm-compile: error: cannot open input file '/dev/zero': not a regular file
// RUN: mkfifo %t/fifo.mlir
// RUN: not tfm-compile %t/fifo.mlir -o %t/x 2>&1 | FileCheck %s --check-prefix=FIFO
// FIFO: tfm-compile: error: cannot open input file '{{.*}}fifo.mlir': not a regular file
// Sparse files: nothing is written to disk.
// RUN: truncate -s 268435457 %t/past-limit.mlir
// RUN: not tfm-compile %t/past-limit.mlir -o %t/x 2>&1 | FileCheck %s --check-prefix=PAST-LIMIT
// PAST-LIMIT: tfm-compile: error: cannot open input file '{{.*}}past-limit.mlir': 268435457 bytes, more than the limit of 268435456 bytes (256 MiB)
// At the limit the file is read (and, all NULs, has no @forward).
// RUN: truncate -s 268435456 %t/at-limit.mlir
// RUN: not tfm-compile %t/at-limit.mlir -o %t/x 2>&1 | FileCheck %s --check-prefix=AT-LIMIT
// AT-LIMIT: tfm-compile: error: '{{.*}}at-limit.mlir' has no function @forward to compile
// Standard input is read up to the limit only.
// RUN: not tfm-compile - -o %t/x < /dev/zero 2>&1 | FileCheck %s --check-prefix=STDIN-ZERO
// STDIN-ZERO: tfm-compile: error: cannot open input file '-': more than the limit of 268435456 bytes (256 MiB)
// RUN: cat %t/model.mlir | tfm-compile - -o %t/stdin.ll --emit=llvm
// RUN: FileCheck %s --check-prefix=STDIN-OK < %t/stdin.ll
// STDIN-OK: define {{.*}} @forward(
// RUN: not test -e %t/x

// A write that fails (a full disk: /dev/full) is an error naming the file.
// RUN: not tfm-compile %t/model.mlir -o /dev/full --emit=mlir 2>&1 | FileCheck %s --check-prefix=FULL
// RUN: not tfm-compile %t/model.mlir -o /dev/full --emit=llvm 2>&1 | FileCheck %s --check-prefix=FULL
// RUN: not tfm-compile %t/model.mlir -o /dev/full --emit=obj 2>&1 | FileCheck %s --check-prefix=FULL
// FULL: tfm-compile: error: cannot write '/dev/full': No space left on device
// FULL-NOT: LLVM ERROR
// The linker and the archiver write a new file and rename it over the
// output: they are refused a device or a FIFO, which they would replace
// (tested with a FIFO, since as root /dev/full itself would be replaced).
// RUN: mkfifo %t/out.fifo
// RUN: not tfm-compile %t/model.mlir -o %t/out.fifo --emit=exe 2>&1 | FileCheck %s --check-prefix=NOT-REGULAR
// RUN: not tfm-compile %t/model.mlir -o %t/out.fifo --emit=shared 2>&1 | FileCheck %s --check-prefix=NOT-REGULAR
// RUN: not tfm-compile %t/model.mlir -o %t/out.fifo --emit=static 2>&1 | FileCheck %s --check-prefix=NOT-REGULAR
// NOT-REGULAR: tfm-compile: error: cannot write '{{.*}}out.fifo': not a regular file; an executable or library is written as a new file
// RUN: test -p %t/out.fifo
// An existing regular file is replaced.
// RUN: echo old > %t/model.a
// RUN: tfm-compile %t/model.mlir -o %t/model.a --emit=static
// RUN: llvm-ar t %t/model.a | FileCheck %s --check-prefix=ARCHIVE
// ARCHIVE: model.o

// The executable: an output directory whose name is too long for the file
// system is "File name too long", not an internal error.
// DEFINE: %{long-name} = dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
// RUN: %python %t/make-inputs.py %t
// RUN: tfm-compile %t/model.mlir -o %t/model.exe
// RUN: %t/model.exe --weights %t/w.safetensors --input x=%t/x.npy --output-dir %t/out | FileCheck %s --check-prefix=OK
// RUN: not %t/model.exe --weights %t/w.safetensors --input x=%t/x.npy --output-dir %t/%{long-name} 2>&1 | FileCheck %s --check-prefix=LONG-DIR
// RUN: not %t/model.exe --weights %t/w.safetensors --input x=%t/x.npy --output-dir %t/out/%{long-name}/y 2>&1 | FileCheck %s --check-prefix=LONG-DIR
// OK: y: float32 (3, 4) [1, 3, 5, 7, 5, 7, ...]
// LONG-DIR: model.exe: error: cannot create output directory '{{.*}}': File name too long
// LONG-DIR-NOT: internal error

//--- model.mlir
func.func @forward(%x: tensor<?x4xf32> {tfm.name = "x"}) -> (tensor<?x4xf32> {tfm.name = "y"}) {
  %w = tfm.param "w" : tensor<4xf32>
  %y = tfm.add %x, %w : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}
//--- make-inputs.py
import json, struct, sys
from pathlib import Path
import numpy as np

out = Path(sys.argv[1])
np.save(out / "x.npy", np.arange(12, dtype=np.float32).reshape(3, 4))
w = np.arange(1, 5, dtype=np.float32)
header = json.dumps({"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, w.nbytes]}}).encode()
header += b" " * (-len(header) % 8)
(out / "w.safetensors").write_bytes(struct.pack("<Q", len(header)) + header + w.tobytes())
