// RUN: tfm-opt %s --split-input-file --tfm-params-to-arguments --verify-diagnostics

// One name is one weight: two tfm.param ops with the same name must agree on
// the type. The error is at the later op and names both types.

func.func @conflicting_shapes() -> (tensor<4xf32>, tensor<2x2xf32>) {
  %a = tfm.param "x" : tensor<4xf32>
  // expected-error @+1 {{'tfm.param' op parameter 'x' has type 'tensor<2x2xf32>', but an earlier use has type 'tensor<4xf32>'}}
  %b = tfm.param "x" : tensor<2x2xf32>
  return %a, %b : tensor<4xf32>, tensor<2x2xf32>
}

