
// f16 logits are computed in f32; i32 labels are sign-extended before the
// ignore_index comparison (so an ignore_index outside i32 never matches by
// truncation); the mean is truncated to the result type.
// CHECK-LABEL: func.func @cross_entropy_f16_i32
// CHECK-SAME: (%[[LOGITS:.*]]: tensor<2x3x7xf16>, %[[LABELS:.*]]: tensor<2x3xi32>)
// CHECK:      linalg.generic
// CHECK-SAME:   ins(%[[LOGITS]] : tensor<2x3x7xf16>) outs(%{{.*}} : tensor<2x3xf32>)
// CHECK:        arith.extf %{{.*}} : f16 to f32
// CHECK:      linalg.generic {{.*}} ins(%{{.*}}, %[[LABELS]] : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xi32>)
// CHECK:        %[[WIDE:.*]] = arith.extsi %{{.*}} : i32 to i64
// CHECK:        %[[IGNORE:.*]] = arith.constant 4294967296 : i64
// CHECK:        arith.cmpi ne, %[[WIDE]], %[[IGNORE]] : i64
// CHECK:        %[[TARGET:.*]] = tensor.extract %[[LOGITS]]
// CHECK:        arith.extf %[[TARGET]] : f16 to f32
// CHECK:      linalg.generic {{.*}} iterator_types = []
// CHECK:        arith.truncf %{{.*}} : f64 to f16
func.func @cross_entropy_f16_i32(%logits: tensor<2x3x7xf16>, %labels: tensor<2x3xi32>) -> tensor<f16> {
  %0 = tfm.cross_entropy %logits, %labels {ignore_index = 4294967296 : i64} : (tensor<2x3x7xf16>, tensor<2x3xi32>) -> tensor<f16>
  return %0 : tensor<f16>
}

