
// A static result type ignores the operand.
// CHECK-LABEL: func.func @causal_mask_static
// CHECK:      tensor.empty() : tensor<4x4xi1>
// CHECK:      arith.cmpi ule
func.func @causal_mask_static(%t: index) -> tensor<4x4xi1> {
  %0 = tfm.causal_mask %t : tensor<4x4xi1>
  return %0 : tensor<4x4xi1>
}

