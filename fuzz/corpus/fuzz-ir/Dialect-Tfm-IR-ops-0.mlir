// RUN: tfm-opt %s --split-input-file | tfm-opt --split-input-file | FileCheck %s
// RUN: tfm-opt %s --split-input-file --mlir-print-op-generic | tfm-opt --split-input-file | FileCheck %s

// Round trips of every tfm op through the custom and the generic form.

// CHECK-LABEL: func.func @param
// CHECK: %[[P:.*]] = tfm.param "h.0.attn.c_attn.weight" : tensor<4x8xf32>
// CHECK-NEXT: return %[[P]] : tensor<4x8xf32>
func.func @param() -> tensor<4x8xf32> {
  %0 = tfm.param "h.0.attn.c_attn.weight" : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

