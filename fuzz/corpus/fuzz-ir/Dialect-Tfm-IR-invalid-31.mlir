
func.func @prepend_cls_input_rank(%x: tensor<4x8xf32>, %cls: tensor<1x1x8xf32>) {
  // expected-error @+1 {{input must have rank 3, but has type 'tensor<4x8xf32>'}}
  %0 = tfm.prepend_cls %x, %cls : (tensor<4x8xf32>, tensor<1x1x8xf32>) -> tensor<5x8xf32>
  return
}

