
// A function without tfm ops is left alone.
// CHECK-LABEL: func.func @no_tfm
// CHECK-NEXT: arith.addf
// CHECK-NEXT: return
func.func @no_tfm(%x: f32) -> f32 {
  %0 = arith.addf %x, %x : f32
  return %0 : f32
}

