
// tanh: 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3)));
// erf:  0.5 * x * (1 + erf(x / sqrt(2))).
// CHECK-LABEL: func.func @gelu
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>)
// CHECK:      %[[T:.*]] = linalg.generic
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel"]
// CHECK-SAME:   ins(%[[X]] : tensor<?x?x4xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-DAG:    %[[HALF:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG:    %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG:    %[[K:.*]] = arith.constant 0.797884583 : f32
// CHECK-DAG:    %[[C:.*]] = arith.constant 4.471500e-02 : f32
// CHECK:        %[[X2:.*]] = arith.mulf %[[IN]], %[[IN]] : f32
// CHECK-NEXT:   %[[X3:.*]] = arith.mulf %[[X2]], %[[IN]] : f32
// CHECK-NEXT:   %[[CX3:.*]] = arith.mulf %[[C]], %[[X3]] : f32
// CHECK-NEXT:   %[[POLY:.*]] = arith.addf %[[IN]], %[[CX3]] : f32
// CHECK-NEXT:   %[[ARG:.*]] = arith.mulf %[[K]], %[[POLY]] : f32
// CHECK-NEXT:   %[[TANH:.*]] = math.tanh %[[ARG]] : f32
// CHECK-NEXT:   %[[HX:.*]] = arith.mulf %[[HALF]], %[[IN]] : f32
// CHECK-NEXT:   %[[ONE_T:.*]] = arith.addf %[[ONE]], %[[TANH]] : f32
// CHECK-NEXT:   %[[R:.*]] = arith.mulf %[[HX]], %[[ONE_T]] : f32
// CHECK-NEXT:   linalg.yield %[[R]] : f32
// CHECK-NOT:  math.erf
// CHECK:      %[[E:.*]] = linalg.generic
// CHECK-SAME:   ins(%[[X]] : tensor<?x?x4xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-DAG:    %[[HALF:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG:    %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG:    %[[INV_SQRT2:.*]] = arith.constant 0.707106769 : f32
// CHECK:        %[[XS:.*]] = arith.mulf %[[IN]], %[[INV_SQRT2]] : f32
// CHECK-NEXT:   %[[ERF:.*]] = math.erf %[[XS]] : f32
// CHECK-NEXT:   %[[HX:.*]] = arith.mulf %[[HALF]], %[[IN]] : f32
// CHECK-NEXT:   %[[ONE_E:.*]] = arith.addf %[[ONE]], %[[ERF]] : f32
// CHECK-NEXT:   %[[R:.*]] = arith.mulf %[[HX]], %[[ONE_E]] : f32
// CHECK-NEXT:   linalg.yield %[[R]] : f32
// CHECK-NOT:  math.tanh
// CHECK:      return %[[T]], %[[E]]
func.func @gelu(%x: tensor<?x?x4xf32>) -> (tensor<?x?x4xf32>, tensor<?x?x4xf32>) {
  %0 = tfm.gelu %x approximate <tanh> : tensor<?x?x4xf32>
  %1 = tfm.gelu %x approximate <erf> : tensor<?x?x4xf32>
  return %0, %1 : tensor<?x?x4xf32>, tensor<?x?x4xf32>
}

