// RUN: tfm-opt %s --split-input-file --tfmrt-add-run-context --verify-diagnostics | FileCheck %s

// Every public function receives the run context as its first argument;
// private functions and declarations do not.

// CHECK-LABEL: func.func @forward
// CHECK-SAME:    (%[[CTX:.*]]: !llvm.ptr {tfmrt.run_context}, %[[X:.*]]: tensor<?x8xf32> {tfm.name = "x"}) -> tensor<?x8xf32>
// CHECK:       %[[Y:.*]] = tfmrt.softmax %[[X]] into %[[X]]
// CHECK:       return %[[Y]]
// CHECK-LABEL: func.func private @helper
// CHECK-SAME:    (%{{.*}}: tensor<4xf32>) -> tensor<4xf32>
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

