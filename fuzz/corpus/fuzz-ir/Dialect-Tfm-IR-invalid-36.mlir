
// A dynamic hidden size prints as ?, not as -9223372036854775808.
func.func @prepend_cls_cls_dynamic_hidden(%x: tensor<2x4x?xf32>, %cls: tensor<1x2x8xf32>) {
  // expected-error @+1 {{cls token must have shape [1, 1, ?], but has type 'tensor<1x2x8xf32>'}}
  %0 = tfm.prepend_cls %x, %cls : (tensor<2x4x?xf32>, tensor<1x2x8xf32>) -> tensor<2x5x?xf32>
  return
}

