// RUN: tfm-opt %s --split-input-file --verify-diagnostics

// Verifier diagnostics of the tfm ops: one case per rule, in the order of
// TfmOps.td. ODS constraints (element types, attribute ranges) are included.

//===----------------------------------------------------------------------===//
// tfm.param
//===----------------------------------------------------------------------===//

func.func @param_empty_name() {
  // expected-error @+1 {{'tfm.param' op requires a non-empty parameter name}}
  %0 = tfm.param "" : tensor<2xf32>
  return
}

