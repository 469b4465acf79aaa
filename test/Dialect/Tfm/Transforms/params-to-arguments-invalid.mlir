// RUN: tfm-opt %s --split-input-file --tfm-params-to-arguments --verify-diagnostics

// One name is one weight: two tfm.param ops with the same name must agree on
// the type. The error is at the later op and names both types.

func.func @conflicting_shapes() -> (tensor<4xf32>, tensor<2x2xf32>) {
  %a = tfm.param "x" : tensor<4xf32>
  // expected-error @+1 {{'tfm.param' op parameter 'x' has type 'tensor<2x2xf32>', but an earlier use has type 'tensor<4xf32>'}}
  %b = tfm.param "x" : tensor<2x2xf32>
  return %a, %b : tensor<4xf32>, tensor<2x2xf32>
}

// -----

// The element type counts too.
func.func @conflicting_element_types() -> (tensor<4xf32>, tensor<4xf16>) {
  %a = tfm.param "w" : tensor<4xf32>
  // expected-error @+1 {{parameter 'w' has type 'tensor<4xf16>', but an earlier use has type 'tensor<4xf32>'}}
  %b = tfm.param "w" : tensor<4xf16>
  return %a, %b : tensor<4xf32>, tensor<4xf16>
}

// -----

// Same type under different names is fine (no diagnostic).
func.func @distinct_names() -> (tensor<4xf32>, tensor<4xf32>) {
  %a = tfm.param "w1" : tensor<4xf32>
  %b = tfm.param "w2" : tensor<4xf32>
  return %a, %b : tensor<4xf32>, tensor<4xf32>
}
