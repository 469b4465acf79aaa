
// A slice is read in place, as a strided buffer (the kernels read strides).

// CHECK-LABEL: func.func @strided_input
// CHECK:       %[[SLICE:.*]] = memref.subview %{{.*}}[0, 0] [3, 8] [1, 1] : memref<5x8xf32> to memref<3x8xf32, strided<[8, 1]>>
// CHECK:       tfmrt.softmax %[[SLICE]] into %{{.*}} : (memref<3x8xf32, strided<[8, 1]>>, memref<3x8xf32>) -> ()
func.func @strided_input(%x: tensor<5x8xf32>) -> tensor<3x8xf32> {
  %s = tensor.extract_slice %x[0, 0] [3, 8] [1, 1] : tensor<5x8xf32> to tensor<3x8xf32>
  %init = tensor.empty() : tensor<3x8xf32>
  %y = tfmrt.softmax %s into %init : (tensor<3x8xf32>, tensor<3x8xf32>) -> tensor<3x8xf32>
  return %y : tensor<3x8xf32>
}

