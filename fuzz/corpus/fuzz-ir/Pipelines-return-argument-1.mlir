
// A weight returned as is: after tfm-params-to-arguments it is an argument.
// CHECK-LABEL: llvm.func @forward(
// CHECK-NOT:  {{^ *(%[^=]+= )?"?(tfm|linalg|tensor|memref|bufferization|scf|affine|vector|arith|math|index|cf|func)\.}}
// CHECK-NOT:  builtin.unrealized_conversion_cast
// CHECK:      llvm.call @_mlir_memref_to_llvm_aligned_alloc(
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

