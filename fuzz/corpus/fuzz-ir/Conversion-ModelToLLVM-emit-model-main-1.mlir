
// A declaration of tfmrt_main that matches libtfmrt's is used.

// CHECK-LABEL: llvm.func @tfmrt_main(i32, !llvm.ptr, !llvm.ptr) -> i32
// CHECK-NOT:   llvm.func @tfmrt_main
// CHECK-LABEL: llvm.func @main
module {
  llvm.func @tfmrt_main(i32, !llvm.ptr, !llvm.ptr) -> i32
  func.func @forward(%x: tensor<4xf32> {tfm.name = "x"}) -> tensor<4xf32> {
    return %x : tensor<4xf32>
  }
}

