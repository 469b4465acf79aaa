
// CHECK-LABEL: func.func @others
// CHECK-SAME:    (%[[CTX:.*]]: !llvm.ptr {tfmrt.run_context},
// CHECK:       call @tfmrt_matmul(%[[CTX]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (!llvm.ptr, memref<*xf32>, memref<*xf32>, memref<*xf32>, i64) -> ()
// CHECK:       call @tfmrt_layer_norm(%[[CTX]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (!llvm.ptr, memref<*xf32>, memref<*xf32>, memref<*xf32>, memref<*xf32>, f64) -> ()
// CHECK:       call @tfmrt_softmax(%[[CTX]], %{{.*}}, %{{.*}}) : (!llvm.ptr, memref<*xf32>, memref<*xf32>) -> ()
func.func @others(%context: !llvm.ptr {tfmrt.run_context}, %a: memref<3x8xf32>, %g: memref<8xf32>, %y: memref<3x8xf32>, %p: memref<3x3xf32>) {
  tfmrt.matmul %a, %a into %p {transpose_rhs} : (memref<3x8xf32>, memref<3x8xf32>, memref<3x3xf32>) -> ()
  tfmrt.layer_norm %a, %g, %g into %y eps 1.0e-05 : (memref<3x8xf32>, memref<8xf32>, memref<8xf32>, memref<3x8xf32>) -> ()
  tfmrt.softmax %a into %y : (memref<3x8xf32>, memref<3x8xf32>) -> ()
  return
}

