// RUN: tfm-opt %s --split-input-file --tfm-params-to-arguments | FileCheck %s
// RUN: tfm-opt %s --split-input-file --tfm-params-to-arguments --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// Each distinct tfm.param name becomes one trailing argument, in order of
// first appearance, named by a `tfm.param` argument attribute; uses of
// repeated params share the argument. Every argument, inputs included, is
// marked `bufferization.writable = false`. Existing argument attributes stay.

// CHECK-LABEL: func.func @forward
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?x4xf32> {bufferization.writable = false, tfm.name = "x"},
// CHECK-SAME: %[[B:[^:]*]]: tensor<4xf32> {bufferization.writable = false, tfm.param = "fc.bias"},
// CHECK-SAME: %[[W:[^:]*]]: tensor<4x4xf32> {bufferization.writable = false, tfm.param = "fc.weight"})
// CHECK-SAME: -> tensor<?x4xf32>
// CHECK-NOT:  tfm.param
// CHECK:      %[[Y:.*]] = tfm.linear %[[X]], %[[W]], %[[B]] layout <in_out>
// CHECK:      %[[Z:.*]] = tfm.add %[[Y]], %[[B]]
// CHECK:      return %[[Z]]
// The function type itself gained the arguments, not only the entry block.
// GENERIC: function_type = (tensor<?x4xf32>, tensor<4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>, sym_name = "forward"
// GENERIC-NOT: "tfm.param"
func.func @forward(%x: tensor<?x4xf32> {tfm.name = "x"}) -> tensor<?x4xf32> {
  %b = tfm.param "fc.bias" : tensor<4xf32>
  %w = tfm.param "fc.weight" : tensor<4x4xf32>
  %b2 = tfm.param "fc.bias" : tensor<4xf32>
  %y = tfm.linear %x, %w, %b layout <in_out> : (tensor<?x4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  %z = tfm.add %y, %b2 : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %z : tensor<?x4xf32>
}

// -----

// The input a result updates in place (tfm.updates, a KV cache) is the one
// argument the model may write; the others, even one of the same type and
// an input named like no updated one, stay read-only, and so do the weights.
// CHECK-LABEL: func.func @updates
// CHECK-SAME: (%{{[^:]*}}: tensor<?x?xi64> {bufferization.writable = false, tfm.name = "input_ids"},
// CHECK-SAME: %{{[^:]*}}: tensor<2x2x1x?x4xf32> {bufferization.writable = true, tfm.name = "kv_cache"},
// CHECK-SAME: %{{[^:]*}}: tensor<2x2x1x?x4xf32> {bufferization.writable = false, tfm.name = "other_cache"},
// CHECK-SAME: %{{[^:]*}}: tensor<2x2x1x?x4xf32> {bufferization.writable = false},
// CHECK-SAME: %{{[^:]*}}: tensor<4xf32> {bufferization.writable = false, tfm.param = "b"})
// CHECK-SAME: -> (tensor<4xf32> {tfm.name = "b"}, tensor<2x2x1x?x4xf32> {tfm.updates = "kv_cache"})
func.func @updates(%ids: tensor<?x?xi64> {tfm.name = "input_ids"},
                   %cache: tensor<2x2x1x?x4xf32> {tfm.name = "kv_cache"},
                   %other: tensor<2x2x1x?x4xf32> {tfm.name = "other_cache"},
                   %unnamed: tensor<2x2x1x?x4xf32>)
    -> (tensor<4xf32> {tfm.name = "b"}, tensor<2x2x1x?x4xf32> {tfm.updates = "kv_cache"}) {
  %b = tfm.param "b" : tensor<4xf32>
  return %b, %cache : tensor<4xf32>, tensor<2x2x1x?x4xf32>
}

// -----

// Order is first appearance in the body, not alphabetical; params in nested
// regions count too.
// CHECK-LABEL: func.func @order
// CHECK-SAME: (%[[C:[^:]*]]: i1 {bufferization.writable = false},
// CHECK-SAME: %[[Z:[^:]*]]: tensor<4xf32> {bufferization.writable = false, tfm.param = "z"},
// CHECK-SAME: %[[A:[^:]*]]: tensor<4xf32> {bufferization.writable = false, tfm.param = "a"})
// CHECK:      scf.if %[[C]]
// CHECK-NEXT:   scf.yield %[[Z]]
// CHECK:      else
// CHECK-NEXT:   scf.yield %[[A]]
func.func @order(%c: i1) -> tensor<4xf32> {
  %r = scf.if %c -> tensor<4xf32> {
    %z = tfm.param "z" : tensor<4xf32>
    scf.yield %z : tensor<4xf32>
  } else {
    %a = tfm.param "a" : tensor<4xf32>
    scf.yield %a : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

// A function without params still has its arguments marked read-only.
// CHECK-LABEL: func.func @no_params
// CHECK-SAME: (%{{[^:]*}}: tensor<4xf32> {bufferization.writable = false}) -> tensor<4xf32>
func.func @no_params(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// -----

// External functions are untouched; every function with a body is bound
// independently (each gets its own arguments for the same name).
// CHECK-LABEL: func.func private @external(tensor<4xf32>) -> tensor<4xf32>
// CHECK-NOT:  bufferization.writable
// CHECK-LABEL: func.func @first
// CHECK-SAME: (%{{[^:]*}}: tensor<4xf32> {bufferization.writable = false, tfm.param = "shared"})
// CHECK-LABEL: func.func @second
// CHECK-SAME: (%{{[^:]*}}: tensor<2xf32> {bufferization.writable = false},
// CHECK-SAME: %{{[^:]*}}: tensor<4xf32> {bufferization.writable = false, tfm.param = "shared"})
func.func private @external(tensor<4xf32>) -> tensor<4xf32>
func.func @first() -> tensor<4xf32> {
  %p = tfm.param "shared" : tensor<4xf32>
  return %p : tensor<4xf32>
}
func.func @second(%x: tensor<2xf32>) -> tensor<4xf32> {
  %p = tfm.param "shared" : tensor<4xf32>
  return %p : tensor<4xf32>
}

// -----

// A called function without params is fine; its caller's params are bound.
// CHECK-LABEL: func.func @helper
// CHECK-SAME: (%{{[^:]*}}: tensor<4xf32> {bufferization.writable = false}) -> tensor<4xf32>
// CHECK-LABEL: func.func @forward
// CHECK-SAME: (%[[X:[^:]*]]: tensor<4xf32> {bufferization.writable = false},
// CHECK-SAME: %[[W:[^:]*]]: tensor<4xf32> {bufferization.writable = false, tfm.param = "w"})
// CHECK:      %[[Y:.*]] = call @helper(%[[X]])
// CHECK:      tfm.add %[[Y]], %[[W]]
func.func @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
func.func @forward(%x: tensor<4xf32>) -> tensor<4xf32> {
  %w = tfm.param "w" : tensor<4xf32>
  %y = func.call @helper(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %z = tfm.add %y, %w : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %z : tensor<4xf32>
}

// -----

// A transposed parameter's argument carries `tfm.transposed`. The same name
// bound as stored and transposed is two arguments (two tensors at run time),
// each shared by its uses.
// CHECK-LABEL: func.func @transposed
// CHECK-SAME: (%[[X:[^:]*]]: tensor<2x4xf32> {bufferization.writable = false},
// CHECK-SAME: %[[T:[^:]*]]: tensor<4x6xf32> {bufferization.writable = false, tfm.param = "fc.weight", tfm.transposed},
// CHECK-SAME: %[[S:[^:]*]]: tensor<6x4xf32> {bufferization.writable = false, tfm.param = "fc.weight"})
// CHECK-NOT:  tfm.param
// CHECK:      tfm.linear %[[X]], %[[T]] layout <in_out>
// CHECK:      tfm.linear %[[X]], %[[T]] layout <in_out>
// CHECK:      tfm.linear %{{.*}}, %[[S]] layout <in_out>
// GENERIC: {bufferization.writable = false, tfm.param = "fc.weight", tfm.transposed}, {bufferization.writable = false, tfm.param = "fc.weight"}], function_type = (tensor<2x4xf32>, tensor<4x6xf32>, tensor<6x4xf32>) -> tensor<2x4xf32>, sym_name = "transposed"
func.func @transposed(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %t = tfm.param "fc.weight" transposed : tensor<4x6xf32>
  %y = tfm.linear %x, %t layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  %t2 = tfm.param "fc.weight" transposed : tensor<4x6xf32>
  %y2 = tfm.linear %x, %t2 layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  %s = tfm.param "fc.weight" : tensor<6x4xf32>
  %sum = tfm.add %y, %y2 : (tensor<2x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  %z = tfm.linear %sum, %s layout <in_out> : (tensor<2x6xf32>, tensor<6x4xf32>) -> tensor<2x4xf32>
  return %z : tensor<2x4xf32>
}

// -----

// A weight's aliases go onto its argument as `tfm.aliases`, stored and
// transposed alike; a weight without aliases gets none.
// CHECK-LABEL: func.func @aliases
// CHECK-SAME: (%[[X:[^:]*]]: tensor<2x4xf32> {bufferization.writable = false},
// CHECK-SAME: %[[W:[^:]*]]: tensor<4x4xf32> {bufferization.writable = false, tfm.aliases = ["bert.fc.weight"], tfm.param = "fc.weight", tfm.transposed},
// CHECK-SAME: %[[G:[^:]*]]: tensor<4xf32> {bufferization.writable = false, tfm.aliases = ["ln.gamma", "bert.ln.weight"], tfm.param = "ln.weight"},
// CHECK-SAME: %[[B:[^:]*]]: tensor<4xf32> {bufferization.writable = false, tfm.param = "ln.bias"})
// CHECK:      tfm.linear %[[X]], %[[W]] layout <in_out>
// CHECK:      tfm.layer_norm %{{.*}}, %[[G]], %[[B]]
func.func @aliases(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = tfm.param "fc.weight" transposed : tensor<4x4xf32> aliases ["bert.fc.weight"]
  %g = tfm.param "ln.weight" : tensor<4xf32> aliases ["ln.gamma", "bert.ln.weight"]
  %b = tfm.param "ln.bias" : tensor<4xf32>
  %g2 = tfm.param "ln.weight" : tensor<4xf32> aliases ["ln.gamma", "bert.ln.weight"]
  %y = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %n = tfm.layer_norm %y, %g, %b eps 1.0e-05 : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %z = tfm.add %n, %g2 : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %z : tensor<2x4xf32>
}
