// RUN: tfm-opt %s --tfm-to-llvm | FileCheck %s
// RUN: tfm-opt %s --tfm-to-llvm | mlir-translate --mlir-to-llvmir | FileCheck %s --check-prefix=LLVMIR
// RUN: tfm-opt %s --tfm-to-llvm=backend=llvm | FileCheck %s
// RUN: tfm-opt %s --tfm-to-llvm=backend=dnnl | FileCheck %s --check-prefix=DNNL
// RUN: tfm-opt %s --tfm-to-llvm=backend=llvm | FileCheck %s --check-prefix=GENERATED
// RUN: tfm-opt %s --tfm-to-llvm=backend=llvm | FileCheck %s --check-prefix=HEAP
// RUN: tfm-opt %s --tfm-to-llvm=backend=dnnl | FileCheck %s --check-prefix=HEAP
// RUN: not tfm-opt %s --tfm-to-llvm=backend=cuda 2>&1 | FileCheck %s --check-prefix=BAD-BACKEND

// The dnnl backend (the default) calls libtfmrt's kernels through MLIR's C
// interface; the llvm backend generates the same computations.
// DNNL-DAG: llvm.call @_mlir_ciface_tfmrt_linear
// DNNL-DAG: llvm.call @_mlir_ciface_tfmrt_layer_norm
// DNNL-DAG: llvm.call @_mlir_ciface_tfmrt_softmax
// GENERATED-NOT: _mlir_ciface_tfmrt_
// Both allocate every buffer through the run context (tfmrt_alloc), never
// through MLIR's generic allocation functions, which cannot end a run that
// is out of memory.
// HEAP-NOT:  _mlir_memref_to_llvm
// HEAP:      llvm.func @forward(%[[CTX:.*]]: !llvm.ptr {tfmrt.run_context},
// HEAP-NOT:  _mlir_memref_to_llvm
// HEAP:      llvm.call @tfmrt_alloc(%[[CTX]], %{{.*}}, %{{.*}}) : (!llvm.ptr, i64, i64) -> !llvm.ptr
// HEAP-NOT:  _mlir_memref_to_llvm
// BAD-BACKEND: for the --backend option: Cannot find option named 'cuda'!

// The precision option sets each op's precision, which becomes the kernel's
// flags (0x80 bf16 | 0x20 bias); the llvm backend computes in f32 only and
// says so.
// RUN: tfm-opt %s --tfm-to-llvm=precision=bf16 --mlir-print-ir-after=tfm-to-dnnl 2>&1 >/dev/null | FileCheck %s --check-prefix=BF16
// RUN: not tfm-opt %s --tfm-to-llvm='backend=llvm precision=int8' 2>&1 | FileCheck %s --check-prefix=LLVM-INT8
// RUN: not tfm-opt %s --tfm-to-llvm=precision=fp8 2>&1 | FileCheck %s --check-prefix=BAD-PRECISION
// BF16: tfmrt.linear {{.*}} flags 160 :
// LLVM-INT8: error: precision int8 needs the dnnl backend: tfm-to-linalg computes in f32
// BAD-PRECISION: for the --precision option: Cannot find option named 'fp8'!

// The whole pipeline on a tiny model (a weight-bound linear, a layer norm
// and a softmax): the result is in the LLVM dialect only (OpenMP ops, which
// LLVM IR translation also handles, are allowed; no loop structure is
// assumed), and it translates to LLVM IR.

// No op of a dialect the pipeline should have lowered remains, anywhere.
// CHECK-NOT:  {{^ *(%[^=]+= )?"?(tfm|linalg|tensor|memref|bufferization|scf|affine|vector|arith|math|index|cf|func)\.}}
// CHECK-NOT:  builtin.unrealized_conversion_cast
// The weights became arguments: after the run context and the input's
// rank-3 memref descriptor (9 values) come the 4x4 weight's (7) and three
// rank-1 descriptors (5 each), 32 arguments in all. The function keeps its
// name.
// CHECK:      llvm.func @forward(%arg0: !llvm.ptr {tfmrt.run_context}, %arg1: !llvm.ptr, {{.*}}, %arg31: i64) ->
// CHECK-NOT:  {{^ *(%[^=]+= )?"?(tfm|linalg|tensor|memref|bufferization|scf|affine|vector|arith|math|index|cf|func)\.}}
// CHECK-NOT:  builtin.unrealized_conversion_cast
// CHECK:      llvm.return
// CHECK-NOT:  {{^ *(%[^=]+= )?"?(tfm|linalg|tensor|memref|bufferization|scf|affine|vector|arith|math|index|cf|func)\.}}
// CHECK-NOT:  builtin.unrealized_conversion_cast

// LLVMIR: define {{.*}} @forward(

func.func @forward(%x: tensor<?x?x4xf32> {tfm.name = "x"}) -> (tensor<?x?x4xf32> {tfm.name = "probs"}) {
  %w = tfm.param "fc.weight" : tensor<4x4xf32>
  %b = tfm.param "fc.bias" : tensor<4xf32>
  %g = tfm.param "ln.weight" : tensor<4xf32>
  %beta = tfm.param "ln.bias" : tensor<4xf32>
  %y = tfm.linear %x, %w, %b layout <in_out> : (tensor<?x?x4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> tensor<?x?x4xf32>
  %n = tfm.layer_norm %y, %g, %beta eps 1.000000e-05 : (tensor<?x?x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x?x4xf32>
  %p = tfm.softmax %n : tensor<?x?x4xf32>
  return %p : tensor<?x?x4xf32>
}
