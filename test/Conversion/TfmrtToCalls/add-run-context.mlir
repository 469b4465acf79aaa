// RUN: tfm-opt %s --split-input-file --tfmrt-add-run-context --verify-diagnostics | FileCheck %s

// Every function with a body, public or private, receives the run context as
// its first argument (its kernels and its buffers need it); declarations do
// not.

// CHECK-LABEL: func.func @forward
// CHECK-SAME:    (%[[CTX:.*]]: !llvm.ptr {tfmrt.run_context}, %[[X:.*]]: tensor<?x8xf32> {tfm.name = "x"}) -> tensor<?x8xf32>
// CHECK:       %[[Y:.*]] = tfmrt.softmax %[[X]] into %[[X]]
// CHECK:       return %[[Y]]
// CHECK-LABEL: func.func private @helper
// CHECK-SAME:    (%{{.*}}: !llvm.ptr {tfmrt.run_context}, %{{.*}}: tensor<4xf32>) -> tensor<4xf32>
// CHECK-LABEL: func.func private @external
// CHECK-SAME:    (memref<4xf32>)
func.func @forward(%x: tensor<?x8xf32> {tfm.name = "x"}) -> tensor<?x8xf32> {
  %y = tfmrt.softmax %x into %x : (tensor<?x8xf32>, tensor<?x8xf32>) -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}
func.func private @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
func.func private @external(memref<4xf32>)

// -----

// A function that has its run context keeps it, and gets no second one.

// CHECK-LABEL: func.func @already
// CHECK-SAME:    (%{{.*}}: !llvm.ptr {tfmrt.run_context}, %{{.*}}: tensor<4xf32>)
func.func @already(%context: !llvm.ptr {tfmrt.run_context}, %x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// -----

// A call of a public function passes the caller's run context on.

// CHECK-LABEL: func.func @callee
// CHECK-SAME:    (%{{.*}}: !llvm.ptr {tfmrt.run_context}, %{{.*}}: tensor<4xf32>)
// CHECK-LABEL: func.func @caller
// CHECK-SAME:    (%[[CTX:.*]]: !llvm.ptr {tfmrt.run_context}, %[[X:.*]]: tensor<4xf32>)
// CHECK:       %[[Y:.*]] = call @callee(%[[CTX]], %[[X]]) : (!llvm.ptr, tensor<4xf32>) -> tensor<4xf32>
// CHECK:       return %[[Y]]
func.func @callee(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
func.func @caller(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = func.call @callee(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// A private function passes its run context to the functions it calls.

// CHECK-LABEL: func.func private @private_caller
// CHECK-SAME:    (%[[CTX:.*]]: !llvm.ptr {tfmrt.run_context}, %[[X:.*]]: tensor<4xf32>)
// CHECK:       call @public(%[[CTX]], %[[X]]) : (!llvm.ptr, tensor<4xf32>) -> tensor<4xf32>
func.func @public(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
func.func private @private_caller(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = func.call @public(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// A function whose address is taken could be called indirectly, without the
// run context it would receive.

func.func private @taken(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
func.func @takes_address() {
  // expected-error@+1 {{tfmrt-add-run-context: @taken is used other than by a direct call, so it could be called without the run context it receives}}
  %f = func.constant @taken : (tensor<4xf32>) -> tensor<4xf32>
  return
}
