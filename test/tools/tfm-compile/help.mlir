// tfm-compile --help lists tfm-compile's own options (and LLVM's generic
// --help, --version), not the hundreds of code generation options libLLVM
// registers, nor MLIR's debugging options (which still work).

// RUN: tfm-compile --help | FileCheck %s
// CHECK:      USAGE: tfm-compile [options] <model.mlir>
// CHECK:      tfm-compile options:
// CHECK-DAG:  {{^}}  -O <uint>
// CHECK-DAG:  {{^}}  --backend=<string>
// CHECK-DAG:  {{^}}  --emit=<value>
// CHECK-DAG:  {{^}}  -o <file>
// CHECK-DAG:  {{^}}  --precision=<string>
// CHECK-DAG:  {{^}}  --target-cpu=<cpu>

// RUN: tfm-compile --help | FileCheck %s --check-prefix=HIDDEN
// HIDDEN-NOT: amdgpu
// HIDDEN-NOT: x86-asm-syntax
// HIDDEN-NOT: mlir-print
// HIDDEN-NOT: --pass-pipeline

// MLIR's IR printing still works.
// RUN: tfm-compile %s --emit=mlir -o %t.mlir --mlir-print-ir-after=tfm-fuse-linear 2>&1 | FileCheck %s --check-prefix=PRINT
// PRINT: IR Dump After TfmFuseLinear (tfm-fuse-linear)

// --precision reaches the pipeline: the IR says what each op computes with.
// RUN: tfm-compile %s --emit=mlir -o %t.mlir --precision=int8 --mlir-print-ir-after=tfm-set-precision 2>&1 | FileCheck %s --check-prefix=PRECISION
// PRECISION: IR Dump After TfmSetPrecision (tfm-set-precision)
// PRECISION: tfm.linear {{.*}} precision <int8>

func.func @forward(%x: tensor<?x?x4xf32> {tfm.name = "x"}) -> tensor<?x?x6xf32> {
  %w = tfm.param "w" : tensor<4x6xf32>
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<?x?x4xf32>, tensor<4x6xf32>) -> tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}
