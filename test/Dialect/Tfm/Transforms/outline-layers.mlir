// RUN: tfm-opt %s --split-input-file --tfm-outline-layers --verify-diagnostics | FileCheck %s

// Two layers with the same body on different weights call one function.
// Its arguments are what the body uses from outside, in first-use order;
// the constant it uses is cloned in.

// CHECK-LABEL: func.func private @layer
// CHECK-SAME:    (%[[H:.*]]: tensor<?x8xf32>, %[[W:.*]]: tensor<8x8xf32>, %[[T:.*]]: index) -> tensor<?x8xf32>
// CHECK-SAME:    attributes {llvm.linkage = #llvm.linkage<internal>}
// CHECK-NEXT:    %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[L:.*]] = tfm.linear %[[H]], %[[W]] layout <in_out>
// CHECK-NEXT:    %[[S:.*]] = tensor.extract_slice %[[L]][%[[C0]], 0] [%[[T]], 8] [1, 1]
// CHECK-NEXT:    return %[[S]] : tensor<?x8xf32>
// CHECK-NOT:   func.func private
// CHECK-LABEL: func.func @forward
// CHECK-SAME:    (%[[X:.*]]: tensor<?x8xf32>, %[[W0:.*]]: tensor<8x8xf32> {tfm.param = "h.0.w"}, %[[W1:.*]]: tensor<8x8xf32> {tfm.param = "h.1.w"}, %[[N:.*]]: index)
// CHECK:         %[[H1:.*]] = call @layer(%[[X]], %[[W0]], %[[N]])
// CHECK-NEXT:    %[[H2:.*]] = call @layer(%[[H1]], %[[W1]], %[[N]])
// CHECK-NEXT:    return %[[H2]]
func.func @forward(%x: tensor<?x8xf32>, %w0: tensor<8x8xf32> {tfm.param = "h.0.w"},
                   %w1: tensor<8x8xf32> {tfm.param = "h.1.w"}, %n: index) -> tensor<?x8xf32> {
  %c0 = arith.constant 0 : index
  %h1 = tfm.layer "h.0" -> tensor<?x8xf32> {
    %l = tfm.linear %x, %w0 layout <in_out> : (tensor<?x8xf32>, tensor<8x8xf32>) -> tensor<?x8xf32>
    %s = tensor.extract_slice %l[%c0, 0] [%n, 8] [1, 1] : tensor<?x8xf32> to tensor<?x8xf32>
    tfm.yield %s : tensor<?x8xf32>
  }
  %h2 = tfm.layer "h.1" -> tensor<?x8xf32> {
    %l = tfm.linear %h1, %w1 layout <in_out> : (tensor<?x8xf32>, tensor<8x8xf32>) -> tensor<?x8xf32>
    %s = tensor.extract_slice %l[%c0, 0] [%n, 8] [1, 1] : tensor<?x8xf32> to tensor<?x8xf32>
    tfm.yield %s : tensor<?x8xf32>
  }
  return %h2 : tensor<?x8xf32>
}

// -----

// Layers that differ (here in an attribute) get a function each, under
// names not yet used in the module.

// CHECK-LABEL: func.func private @layer_0
// CHECK-SAME:    (%[[H:.*]]: tensor<?x8xf32>) -> tensor<?x8xf32>
// CHECK-NEXT:    tfm.scale %[[H]] by 5.000000e-01
// CHECK-LABEL: func.func private @layer_1
// CHECK-SAME:    (%[[H:.*]]: tensor<?x8xf32>) -> tensor<?x8xf32>
// CHECK-NEXT:    tfm.scale %[[H]] by 2.500000e-01
// CHECK-LABEL: func.func @forward
// CHECK-NEXT:    %[[A:.*]] = call @layer_0(%{{.*}})
// CHECK-NEXT:    %[[B:.*]] = call @layer_1(%[[A]])
// CHECK-NEXT:    %[[C:.*]] = call @layer_0(%[[B]])
// CHECK-NEXT:    return %[[C]]
func.func private @layer(%x: tensor<?x8xf32>) -> tensor<?x8xf32>
func.func @forward(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %a = tfm.layer "h.0" -> tensor<?x8xf32> {
    %y = tfm.scale %x by 5.000000e-01 : tensor<?x8xf32>
    tfm.yield %y : tensor<?x8xf32>
  }
  %b = tfm.layer "h.1" -> tensor<?x8xf32> {
    %y = tfm.scale %a by 2.500000e-01 : tensor<?x8xf32>
    tfm.yield %y : tensor<?x8xf32>
  }
  %c = tfm.layer "h.2" -> tensor<?x8xf32> {
    %y = tfm.scale %b by 5.000000e-01 : tensor<?x8xf32>
    tfm.yield %y : tensor<?x8xf32>
  }
  return %c : tensor<?x8xf32>
}

// -----

// The run context of the caller is the function's first argument, so that
// kernels inside can be passed it.

// CHECK-LABEL: func.func private @layer
// CHECK-SAME:    (%{{.*}}: !llvm.ptr {tfmrt.run_context}, %[[H:.*]]: tensor<?x8xf32>) -> tensor<?x8xf32>
// CHECK-LABEL: func.func @forward
// CHECK-SAME:    (%[[CTX:.*]]: !llvm.ptr {tfmrt.run_context}, %[[X:.*]]: tensor<?x8xf32>)
// CHECK-NEXT:    call @layer(%[[CTX]], %[[X]])
func.func @forward(%context: !llvm.ptr {tfmrt.run_context}, %x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %a = tfm.layer "h.0" -> tensor<?x8xf32> {
    %y = tfm.softmax %x : tensor<?x8xf32>
    tfm.yield %y : tensor<?x8xf32>
  }
  return %a : tensor<?x8xf32>
}

// -----

// Without a tfm.layer, nothing changes.

// CHECK-LABEL: func.func @forward
// CHECK-NEXT:    tfm.softmax
// CHECK-NOT:   call
func.func @forward(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %y = tfm.softmax %x : tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

// Layers with a KV cache differ only in their layer number, which stays an
// argument, so that they call one function. CSE made layer 1's number the
// constant that both layers' tensor.dim reads: the dim keeps a constant of
// its own, cloned in; only the append reads the argument.

// CHECK-LABEL: func.func private @layer
// CHECK-SAME:    (%[[CACHE:[^:]*]]: tensor<2x2x1x?x8xf32>, %[[N:[^:]*]]: index, %[[H:[^:]*]]: tensor<1x?x8xf32>, %[[POS:[^:]*]]: tensor<i64>) -> (tensor<1x?x8xf32>, tensor<2x2x1x?x8xf32>)
// CHECK-NEXT:    %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT:    %[[U:[^,]*]], %[[K:[^,]*]], %[[V:[^,]*]] = tfm.kv_cache_append %[[CACHE]][%[[N]]], %[[H]], %[[H]] at %[[POS]]
// CHECK-NEXT:    %[[S:.*]] = tensor.dim %[[K]], %[[C1]] : tensor<1x?x8xf32>
// CHECK-NEXT:    %[[E:.*]] = tensor.extract_slice %[[V]][0, 0, 0] [1, %[[S]], 8] [1, 1, 1]
// CHECK-NEXT:    return %[[E]], %[[U]]
// CHECK-NOT:   func.func private
// CHECK-LABEL: func.func @forward
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<1x?x8xf32>, %[[POS:[^:]*]]: tensor<i64>, %[[CACHE:[^:]*]]: tensor<2x2x1x?x8xf32>)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK:         %[[R0:.*]]:2 = call @layer(%[[CACHE]], %[[C0]], %[[X]], %[[POS]])
// CHECK-NEXT:    %[[R1:.*]]:2 = call @layer(%[[R0]]#1, %[[C1]], %[[R0]]#0, %[[POS]])
// CHECK-NEXT:    return %[[R1]]#0, %[[R1]]#1
func.func @forward(%x: tensor<1x?x8xf32>, %pos: tensor<i64>, %cache: tensor<2x2x1x?x8xf32>)
    -> (tensor<1x?x8xf32>, tensor<2x2x1x?x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %h0:2 = tfm.layer "h.0" -> tensor<1x?x8xf32>, tensor<2x2x1x?x8xf32> {
    %u, %k, %v = tfm.kv_cache_append %cache[%c0], %x, %x at %pos : tensor<2x2x1x?x8xf32>, tensor<1x?x8xf32>, tensor<1x?x8xf32>, tensor<i64> -> tensor<2x2x1x?x8xf32>, tensor<1x?x8xf32>, tensor<1x?x8xf32>
    %s = tensor.dim %k, %c1 : tensor<1x?x8xf32>
    %e = tensor.extract_slice %v[0, 0, 0] [1, %s, 8] [1, 1, 1] : tensor<1x?x8xf32> to tensor<1x?x8xf32>
    tfm.yield %e, %u : tensor<1x?x8xf32>, tensor<2x2x1x?x8xf32>
  }
  %h1:2 = tfm.layer "h.1" -> tensor<1x?x8xf32>, tensor<2x2x1x?x8xf32> {
    %u, %k, %v = tfm.kv_cache_append %h0#1[%c1], %h0#0, %h0#0 at %pos : tensor<2x2x1x?x8xf32>, tensor<1x?x8xf32>, tensor<1x?x8xf32>, tensor<i64> -> tensor<2x2x1x?x8xf32>, tensor<1x?x8xf32>, tensor<1x?x8xf32>
    %s = tensor.dim %k, %c1 : tensor<1x?x8xf32>
    %e = tensor.extract_slice %v[0, 0, 0] [1, %s, 8] [1, 1, 1] : tensor<1x?x8xf32> to tensor<1x?x8xf32>
    tfm.yield %e, %u : tensor<1x?x8xf32>, tensor<2x2x1x?x8xf32>
  }
  return %h1#0, %h1#1 : tensor<1x?x8xf32>, tensor<2x2x1x?x8xf32>
}

// -----

// A layer outside any function has no caller to pass its values.

// expected-error @+1 {{tfm-outline-layers: a tfm.layer must be inside a func.func}}
tfm.layer "h.0" {
}
