// RUN: tfm-opt %s --split-input-file --mlir-print-local-scope --tfm-to-linalg | FileCheck %s --implicit-check-not=tfm.

// rotary_embedding: Hugging Face's f32 frequencies as a constant, cos and sin
// of position * frequency per [B, T, d/2] (in f64), then one generic over
// [B, T, H, 2, d/2] reading both halves of each head as slices.
// CHECK-LABEL: func.func @rotary
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x8xf32>, %[[P:.*]]: tensor<?x?xi64>)
// CHECK:      %[[FREQ:.*]] = arith.constant dense<[1.000000e+00, 0.00999999977]> : tensor<2xf32>
// CHECK:      %[[TRIG:.*]]:2 = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1)>, affine_map<(d0, d1, d2) -> (d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>]
// CHECK-SAME:   ins(%[[P]], %[[FREQ]] : tensor<?x?xi64>, tensor<2xf32>)
// CHECK-NEXT: ^bb0(%[[POS:.*]]: i64, %[[F:.*]]: f32, %{{.*}}: f32, %{{.*}}: f32):
// CHECK-NEXT:   %[[PF:.*]] = arith.sitofp %[[POS]] : i64 to f32
// CHECK-NEXT:   %[[A:.*]] = arith.mulf %[[PF]], %[[F]] : f32
// CHECK-NEXT:   %[[A64:.*]] = arith.extf %[[A]] : f32 to f64
// CHECK-NEXT:   %[[C64:.*]] = math.cos %[[A64]] : f64
// CHECK-NEXT:   %[[C:.*]] = arith.truncf %[[C64]] : f64 to f32
// CHECK-NEXT:   %[[S64:.*]] = math.sin %[[A64]] : f64
// CHECK-NEXT:   %[[S:.*]] = arith.truncf %[[S64]] : f64 to f32
// CHECK-NEXT:   linalg.yield %[[C]], %[[S]] : f32, f32
// CHECK:      %[[EXP:.*]] = tensor.expand_shape %[[X]] {{\[\[}}0], [1], [2, 3, 4]] output_shape [%{{.*}}, %{{.*}}, 2, 2, 2]
// CHECK:      %[[FIRST:.*]] = tensor.extract_slice %[[EXP]][0, 0, 0, 0, 0] [%{{.*}}, %{{.*}}, 2, 1, 2] [1, 1, 1, 1, 1]
// CHECK:      %[[SECOND:.*]] = tensor.extract_slice %[[EXP]][0, 0, 0, 1, 0] [%{{.*}}, %{{.*}}, 2, 1, 2] [1, 1, 1, 1, 1]
// CHECK:      %[[ROT:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, 0, d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, 0, d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>]
// CHECK-SAME:   ins(%[[FIRST]], %[[SECOND]], %[[TRIG]]#0, %[[TRIG]]#1 :
// CHECK-NEXT: ^bb0(%[[X1:.*]]: f32, %[[X2:.*]]: f32, %[[COS:.*]]: f32, %[[SIN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:   %[[HALF:.*]] = linalg.index 3 : index
// CHECK:        %[[IS2:.*]] = arith.cmpi eq, %[[HALF]], %{{.*}} : index
// CHECK-NEXT:   %[[T1:.*]] = arith.mulf %[[X1]], %[[COS]] : f32
// CHECK-NEXT:   %[[T2:.*]] = arith.mulf %[[X2]], %[[SIN]] : f32
// CHECK-NEXT:   %[[OUT1:.*]] = arith.subf %[[T1]], %[[T2]] : f32
// CHECK-NEXT:   %[[T3:.*]] = arith.mulf %[[X2]], %[[COS]] : f32
// CHECK-NEXT:   %[[T4:.*]] = arith.mulf %[[X1]], %[[SIN]] : f32
// CHECK-NEXT:   %[[OUT2:.*]] = arith.addf %[[T3]], %[[T4]] : f32
// CHECK-NEXT:   %[[OUT:.*]] = arith.select %[[IS2]], %[[OUT2]], %[[OUT1]] : f32
// CHECK-NEXT:   linalg.yield %[[OUT]] : f32
// CHECK:      %[[Y:.*]] = tensor.collapse_shape %[[ROT]] {{\[\[}}0], [1], [2, 3, 4]] : tensor<?x?x2x2x2xf32> into tensor<?x?x8xf32>
// CHECK:      return %[[Y]]
func.func @rotary(%x: tensor<?x?x8xf32>, %p: tensor<?x?xi64>) -> tensor<?x?x8xf32> {
  %0 = tfm.rotary_embedding %x, %p heads 2 theta 1.000000e+04 : (tensor<?x?x8xf32>, tensor<?x?xi64>) -> tensor<?x?x8xf32>
  return %0 : tensor<?x?x8xf32>
}

// -----

// An f16 input still gets f32 frequencies and angles; cos and sin are
// rounded to f16 from f64.
// CHECK-LABEL: func.func @rotary_f16
// CHECK:      arith.constant dense<{{.*}}> : tensor<3xf32>
// CHECK:      arith.mulf %{{.*}}, %{{.*}} : f32
// CHECK:      arith.truncf %{{.*}} : f64 to f16
// CHECK:      linalg.generic
// CHECK:      arith.mulf %{{.*}}, %{{.*}} : f16
func.func @rotary_f16(%x: tensor<2x3x12xf16>, %p: tensor<2x3xi32>) -> tensor<2x3x12xf16> {
  %0 = tfm.rotary_embedding %x, %p heads 2 theta 5.000000e+05 : (tensor<2x3x12xf16>, tensor<2x3xi32>) -> tensor<2x3x12xf16>
  return %0 : tensor<2x3x12xf16>
}
