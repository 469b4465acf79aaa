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

// An argument has one list of names to try: uses of a name must agree on
// its aliases too.
func.func @conflicting_aliases() -> (tensor<4xf32>, tensor<4xf32>) {
  %a = tfm.param "w" : tensor<4xf32> aliases ["bert.w"]
  // expected-error @+1 {{'tfm.param' op parameter 'w' has aliases ["vit.w"], but an earlier use has ["bert.w"]}}
  %b = tfm.param "w" : tensor<4xf32> aliases ["vit.w"]
  return %a, %b : tensor<4xf32>, tensor<4xf32>
}

// -----

func.func @aliases_on_a_later_use_only() -> (tensor<4xf32>, tensor<4xf32>) {
  %a = tfm.param "v" : tensor<4xf32>
  // expected-error @+1 {{parameter 'v' has aliases ["bert.v"], but an earlier use has none}}
  %b = tfm.param "v" : tensor<4xf32> aliases ["bert.v"]
  return %a, %b : tensor<4xf32>, tensor<4xf32>
}

// -----

// Same type under different names is fine (no diagnostic).
func.func @distinct_names() -> (tensor<4xf32>, tensor<4xf32>) {
  %a = tfm.param "w1" : tensor<4xf32>
  %b = tfm.param "w2" : tensor<4xf32>
  return %a, %b : tensor<4xf32>, tensor<4xf32>
}

// -----

// Binding adds arguments that callers would not pass, so a function with
// params must not be called: the error is at the function, with a note at
// the call.
// expected-error @+1 {{tfm.param is only supported in functions that are not called; inline @helper first}}
func.func @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  %b = tfm.param "b" : tensor<4xf32>
  %y = tfm.add %x, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}
func.func @forward(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-note @+1 {{called here}}
  %y = func.call @helper(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// Every such function is reported, including one called from a nested region
// and one referenced other than by a call.
// expected-error @+1 {{inline @nested first}}
func.func @nested() -> tensor<4xf32> {
  %w = tfm.param "w" : tensor<4xf32>
  return %w : tensor<4xf32>
}
// expected-error @+1 {{inline @by_reference first}}
func.func @by_reference() -> tensor<4xf32> {
  %w = tfm.param "w" : tensor<4xf32>
  return %w : tensor<4xf32>
}
func.func @forward(%c: i1) -> (tensor<4xf32>, () -> tensor<4xf32>) {
  %r = scf.if %c -> tensor<4xf32> {
    // expected-note @+1 {{called here}}
    %y = func.call @nested() : () -> tensor<4xf32>
    scf.yield %y : tensor<4xf32>
  } else {
    %z = tfm.param "z" : tensor<4xf32>
    scf.yield %z : tensor<4xf32>
  }
  // expected-note @+1 {{referenced here}}
  %f = func.constant @by_reference : () -> tensor<4xf32>
  return %r, %f : tensor<4xf32>, () -> tensor<4xf32>
}

// -----

// A function that calls itself is called too.
// expected-error @+1 {{inline @recursive first}}
func.func @recursive(%c: i1) -> tensor<4xf32> {
  %r = scf.if %c -> tensor<4xf32> {
    // expected-note @+1 {{called here}}
    %y = func.call @recursive(%c) : (i1) -> tensor<4xf32>
    scf.yield %y : tensor<4xf32>
  } else {
    %w = tfm.param "w" : tensor<4xf32>
    scf.yield %w : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}
