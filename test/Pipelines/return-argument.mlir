// RUN: tfm-opt %s --split-input-file --tfm-to-llvm | FileCheck %s

// @forward returning an argument or a weight as is. The caller owns what
// @forward returns, so the deallocation pipeline returns a clone of a buffer
// the function does not own; convert-bufferization-to-memref lowers that
// clone to an allocation and a copy, and only LLVM ops remain.

// No op of a dialect the pipeline should have lowered remains, anywhere.
// CHECK-NOT:  {{^ *(%[^=]+= )?"?(tfm|linalg|tensor|memref|bufferization|scf|affine|vector|arith|math|index|cf|func)\.}}
// CHECK-NOT:  builtin.unrealized_conversion_cast
// CHECK-LABEL: llvm.func @forward(
// CHECK-NOT:  {{^ *(%[^=]+= )?"?(tfm|linalg|tensor|memref|bufferization|scf|affine|vector|arith|math|index|cf|func)\.}}
// CHECK-NOT:  builtin.unrealized_conversion_cast
// CHECK:      llvm.call @tfmrt_alloc(
// CHECK-NOT:  {{^ *(%[^=]+= )?"?(tfm|linalg|tensor|memref|bufferization|scf|affine|vector|arith|math|index|cf|func)\.}}
// CHECK-NOT:  builtin.unrealized_conversion_cast
// CHECK:      "llvm.intr.memcpy"
// CHECK-NOT:  {{^ *(%[^=]+= )?"?(tfm|linalg|tensor|memref|bufferization|scf|affine|vector|arith|math|index|cf|func)\.}}
// CHECK-NOT:  builtin.unrealized_conversion_cast
// CHECK:      llvm.return
// CHECK-NOT:  {{^ *(%[^=]+= )?"?(tfm|linalg|tensor|memref|bufferization|scf|affine|vector|arith|math|index|cf|func)\.}}
// CHECK-NOT:  builtin.unrealized_conversion_cast
func.func @forward(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  return %x : tensor<?x4xf32>
}

// -----

// A weight returned as is: after tfm-params-to-arguments it is an argument.
// CHECK-LABEL: llvm.func @forward(
// CHECK-NOT:  {{^ *(%[^=]+= )?"?(tfm|linalg|tensor|memref|bufferization|scf|affine|vector|arith|math|index|cf|func)\.}}
// CHECK-NOT:  builtin.unrealized_conversion_cast
// CHECK:      llvm.call @tfmrt_alloc(
// CHECK:      "llvm.intr.memcpy"
// CHECK-NOT:  {{^ *(%[^=]+= )?"?(tfm|linalg|tensor|memref|bufferization|scf|affine|vector|arith|math|index|cf|func)\.}}
// CHECK-NOT:  builtin.unrealized_conversion_cast
// CHECK:      llvm.return
// CHECK-NOT:  {{^ *(%[^=]+= )?"?(tfm|linalg|tensor|memref|bufferization|scf|affine|vector|arith|math|index|cf|func)\.}}
// CHECK-NOT:  builtin.unrealized_conversion_cast
func.func @forward(%x: tensor<?x4xf32>) -> (tensor<4xf32>, tensor<?x4xf32>) {
  %w = tfm.param "w" : tensor<4xf32>
  %y = tfm.add %x, %w : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %w, %y : tensor<4xf32>, tensor<?x4xf32>
}
