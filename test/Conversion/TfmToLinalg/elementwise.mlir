// RUN: tfm-opt %s --split-input-file --mlir-print-local-scope --tfm-to-linalg | FileCheck %s --implicit-check-not=tfm.

// layer_norm (two row reductions and a normalising generic), gelu, and the
// broadcasting element-wise ops add, scale and select. A broadcast operand
// dimension (a static 1) is read at constant index 0; a missing leading
// dimension is dropped from the operand's map.

// Row sums, then sums of squared deviations from the mean (two passes), then
// (x - mean) * rsqrt(var + eps) * gamma + beta, re-reading x.
// CHECK-LABEL: func.func @layer_norm
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>, %[[G:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK-DAG:  %[[N:.*]] = arith.constant 4.000000e+00 : f32
// CHECK-DAG:  %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:      %[[INIT1:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<?x?xf32>)
// CHECK:      %[[SUM:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[X]] : tensor<?x?x4xf32>) outs(%[[INIT1]] : tensor<?x?xf32>)
// CHECK:        arith.addf
// CHECK:      %[[INIT2:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<?x?xf32>)
// CHECK:      %[[SQ:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[X]], %[[SUM]] : tensor<?x?x4xf32>, tensor<?x?xf32>) outs(%[[INIT2]] : tensor<?x?xf32>)
// CHECK-NEXT: ^bb0(%[[XI:.*]]: f32, %[[S:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:   %[[MEAN:.*]] = arith.divf %[[S]], %[[N]] : f32
// CHECK-NEXT:   %[[D:.*]] = arith.subf %[[XI]], %[[MEAN]] : f32
// CHECK-NEXT:   %[[D2:.*]] = arith.mulf %[[D]], %[[D]] : f32
// CHECK-NEXT:   %[[NEXT:.*]] = arith.addf %[[D2]], %[[ACC]] : f32
// CHECK-NEXT:   linalg.yield %[[NEXT]] : f32
// CHECK:      %[[EPS:.*]] = arith.constant 9.99999974E-6 : f32
// CHECK:      %[[Y:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>, affine_map<(d0, d1, d2) -> (d2)>, affine_map<(d0, d1, d2) -> (d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel"]
// CHECK-SAME:   ins(%[[X]], %[[SUM]], %[[SQ]], %[[G]], %[[B]] :
// CHECK-NEXT: ^bb0(%[[XI:.*]]: f32, %[[S:.*]]: f32, %[[SS:.*]]: f32, %[[GI:.*]]: f32, %[[BI:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:   %[[MEAN:.*]] = arith.divf %[[S]], %[[N]] : f32
// CHECK-NEXT:   %[[VAR:.*]] = arith.divf %[[SS]], %[[N]] : f32
// CHECK-NEXT:   %[[VE:.*]] = arith.addf %[[VAR]], %[[EPS]] : f32
// CHECK-NEXT:   %[[INV:.*]] = math.rsqrt %[[VE]] : f32
// CHECK-NEXT:   %[[C:.*]] = arith.subf %[[XI]], %[[MEAN]] : f32
// CHECK-NEXT:   %[[NORM:.*]] = arith.mulf %[[C]], %[[INV]] : f32
// CHECK-NEXT:   %[[SCALED:.*]] = arith.mulf %[[NORM]], %[[GI]] : f32
// CHECK-NEXT:   %[[OUT:.*]] = arith.addf %[[SCALED]], %[[BI]] : f32
// CHECK-NEXT:   linalg.yield %[[OUT]] : f32
// CHECK:      return %[[Y]]
func.func @layer_norm(%x: tensor<?x?x4xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<?x?x4xf32> {
  %0 = tfm.layer_norm %x, %g, %b eps 1.000000e-05 : (tensor<?x?x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x?x4xf32>
  return %0 : tensor<?x?x4xf32>
}

// -----

// rms_norm: row sums of squares, then x * rsqrt(sum / D + eps) * gamma; no
// mean, no beta.
// CHECK-LABEL: func.func @rms_norm
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>, %[[G:.*]]: tensor<4xf32>)
// CHECK-DAG:  %[[N:.*]] = arith.constant 4.000000e+00 : f32
// CHECK-DAG:  %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:      %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<?x?xf32>)
// CHECK:      %[[SQ:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[X]] : tensor<?x?x4xf32>) outs(%[[INIT]] : tensor<?x?xf32>)
// CHECK-NEXT: ^bb0(%[[XI:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:   %[[X2:.*]] = arith.mulf %[[XI]], %[[XI]] : f32
// CHECK-NEXT:   %[[NEXT:.*]] = arith.addf %[[X2]], %[[ACC]] : f32
// CHECK-NEXT:   linalg.yield %[[NEXT]] : f32
// CHECK:      %[[EPS:.*]] = arith.constant 9.99999997E-7 : f32
// CHECK:      %[[Y:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>, affine_map<(d0, d1, d2) -> (d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel"]
// CHECK-SAME:   ins(%[[X]], %[[SQ]], %[[G]] :
// CHECK-NEXT: ^bb0(%[[XI:.*]]: f32, %[[S:.*]]: f32, %[[GI:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:   %[[MS:.*]] = arith.divf %[[S]], %[[N]] : f32
// CHECK-NEXT:   %[[SUM:.*]] = arith.addf %[[MS]], %[[EPS]] : f32
// CHECK-NEXT:   %[[INV:.*]] = math.rsqrt %[[SUM]] : f32
// CHECK-NEXT:   %[[NORMED:.*]] = arith.mulf %[[XI]], %[[INV]] : f32
// CHECK-NEXT:   %[[OUT:.*]] = arith.mulf %[[NORMED]], %[[GI]] : f32
// CHECK-NEXT:   linalg.yield %[[OUT]] : f32
// CHECK:      return %[[Y]]
func.func @rms_norm(%x: tensor<?x?x4xf32>, %g: tensor<4xf32>) -> tensor<?x?x4xf32> {
  %0 = tfm.rms_norm %x, %g eps 1.000000e-06 : (tensor<?x?x4xf32>, tensor<4xf32>) -> tensor<?x?x4xf32>
  return %0 : tensor<?x?x4xf32>
}

// -----

// The feature count comes from gamma when the input does not say, else from
// the input at run time.
// CHECK-LABEL: func.func @rms_norm_features_from_gamma
// CHECK:      arith.constant 4.000000e+00 : f32
// CHECK-NOT:  arith.uitofp
// CHECK:      return
func.func @rms_norm_features_from_gamma(%x: tensor<2x?xf32>, %g: tensor<4xf32>) -> tensor<2x?xf32> {
  %0 = tfm.rms_norm %x, %g eps 1.000000e-06 : (tensor<2x?xf32>, tensor<4xf32>) -> tensor<2x?xf32>
  return %0 : tensor<2x?xf32>
}

// -----

// CHECK-LABEL: func.func @rms_norm_features_at_run_time
// CHECK:      %[[D:.*]] = tensor.dim %{{.*}}, %{{.*}} : tensor<2x?xf32>
// CHECK:      %[[I:.*]] = arith.index_castui %[[D]] : index to i64
// CHECK:      arith.uitofp %[[I]] : i64 to f32
func.func @rms_norm_features_at_run_time(%x: tensor<2x?xf32>, %g: tensor<?xf32>) -> tensor<2x?xf32> {
  %0 = tfm.rms_norm %x, %g eps 1.000000e-06 : (tensor<2x?xf32>, tensor<?xf32>) -> tensor<2x?xf32>
  return %0 : tensor<2x?xf32>
}

// -----

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

// -----

// sigmoid (CLIP's quick_gelu): x * sigmoid(1.702 x) = x / (1 + exp(-1.702 x)).
// CHECK-LABEL: func.func @gelu_sigmoid
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>)
// CHECK:      %[[G:.*]] = linalg.generic
// CHECK-SAME:   ins(%[[X]] : tensor<?x?x4xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-DAG:    %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG:    %[[K:.*]] = arith.constant -1.702000e+00 : f32
// CHECK:        %[[KX:.*]] = arith.mulf %[[K]], %[[IN]] : f32
// CHECK-NEXT:   %[[E:.*]] = math.exp %[[KX]] : f32
// CHECK-NEXT:   %[[D:.*]] = arith.addf %[[ONE]], %[[E]] : f32
// CHECK-NEXT:   %[[R:.*]] = arith.divf %[[IN]], %[[D]] : f32
// CHECK-NEXT:   linalg.yield %[[R]] : f32
// CHECK-NOT:  math.tanh
// CHECK-NOT:  math.erf
// CHECK:      return %[[G]]
func.func @gelu_sigmoid(%x: tensor<?x?x4xf32>) -> tensor<?x?x4xf32> {
  %0 = tfm.gelu %x approximate <sigmoid> : tensor<?x?x4xf32>
  return %0 : tensor<?x?x4xf32>
}

// -----

// Same shapes: identity maps, no constant indices.
// CHECK-LABEL: func.func @add
// CHECK-SAME: (%[[A:.*]]: tensor<2x3x4xf32>, %[[B:.*]]: tensor<2x3x4xf32>)
// CHECK:      %[[EMPTY:.*]] = tensor.empty() : tensor<2x3x4xf32>
// CHECK:      %[[R:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel"]
// CHECK-SAME:   ins(%[[A]], %[[B]] : tensor<2x3x4xf32>, tensor<2x3x4xf32>) outs(%[[EMPTY]] : tensor<2x3x4xf32>)
// CHECK-NEXT: ^bb0(%[[L:.*]]: f32, %[[RI:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:   %[[S:.*]] = arith.addf %[[L]], %[[RI]] : f32
// CHECK-NEXT:   linalg.yield %[[S]] : f32
// CHECK:      return %[[R]]
func.func @add(%a: tensor<2x3x4xf32>, %b: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = tfm.add %a, %b : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// An additive padding mask [B, 1, 1, S] over scores [B, H, T, S]: the mask's
// static 1s are read at index 0. The result sizes come from the operand
// that has each dimension unbroadcast (all from the scores here).
// CHECK-LABEL: func.func @add_broadcast_mask
// CHECK-SAME: (%[[S:.*]]: tensor<?x2x?x?xf32>, %[[M:.*]]: tensor<?x1x1x?xf32>)
// CHECK-NOT:  tensor.dim %[[M]]
// CHECK:      %[[EMPTY:.*]] = tensor.empty(%{{.*}}, %{{.*}}, %{{.*}}) : tensor<?x2x?x?xf32>
// CHECK:      linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, 0, 0, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK-SAME:   ins(%[[S]], %[[M]] : tensor<?x2x?x?xf32>, tensor<?x1x1x?xf32>) outs(%[[EMPTY]] : tensor<?x2x?x?xf32>)
// CHECK:        arith.addf
func.func @add_broadcast_mask(%scores: tensor<?x2x?x?xf32>, %mask: tensor<?x1x1x?xf32>) -> tensor<?x2x?x?xf32> {
  %0 = tfm.add %scores, %mask : (tensor<?x2x?x?xf32>, tensor<?x1x1x?xf32>) -> tensor<?x2x?x?xf32>
  return %0 : tensor<?x2x?x?xf32>
}

// -----

// Missing leading dimensions (a bias [4] on the left) are dropped from the
// operand's map; operand order is kept.
// CHECK-LABEL: func.func @add_broadcast_rank
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK:      linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2) -> (d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>]
// CHECK-SAME:   ins(%[[B]], %[[X]] : tensor<4xf32>, tensor<2x3x4xf32>)
func.func @add_broadcast_rank(%x: tensor<2x3x4xf32>, %b: tensor<4xf32>) -> tensor<2x3x4xf32> {
  %0 = tfm.add %b, %x : (tensor<4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Both sides broadcast: [2, 1] + [1, 3] -> [2, 3].
// CHECK-LABEL: func.func @add_broadcast_both
// CHECK:      tensor.empty() : tensor<2x3xf32>
// CHECK:      linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (0, d1)>, affine_map<(d0, d1) -> (d0, d1)>]
func.func @add_broadcast_both(%a: tensor<2x1xf32>, %b: tensor<1x3xf32>) -> tensor<2x3xf32> {
  %0 = tfm.add %a, %b : (tensor<2x1xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A dynamic result size is read from the operand that is not broadcast along
// it: here dimension 0 from %b and dimension 1 from %a.
// CHECK-LABEL: func.func @add_broadcast_dynamic
// CHECK-SAME: (%[[A:.*]]: tensor<1x?xf32>, %[[B:.*]]: tensor<?x1xf32>)
// CHECK-DAG:  %[[D0:.*]] = tensor.dim %[[B]], %{{.*}} : tensor<?x1xf32>
// CHECK-DAG:  %[[D1:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<1x?xf32>
// CHECK:      tensor.empty(%[[D0]], %[[D1]]) : tensor<?x?xf32>
// CHECK:      linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1) -> (0, d1)>, affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (d0, d1)>]
func.func @add_broadcast_dynamic(%a: tensor<1x?xf32>, %b: tensor<?x1xf32>) -> tensor<?x?xf32> {
  %0 = tfm.add %a, %b : (tensor<1x?xf32>, tensor<?x1xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// CHECK-LABEL: func.func @scale
// CHECK-SAME: (%[[X:.*]]: tensor<?x2x?x?xf32>)
// CHECK:      %[[R:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK-SAME:   ins(%[[X]] : tensor<?x2x?x?xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:   %[[F:.*]] = arith.constant 1.250000e-01 : f32
// CHECK-NEXT:   %[[P:.*]] = arith.mulf %[[IN]], %[[F]] : f32
// CHECK-NEXT:   linalg.yield %[[P]] : f32
// CHECK:      return %[[R]]
func.func @scale(%x: tensor<?x2x?x?xf32>) -> tensor<?x2x?x?xf32> {
  %0 = tfm.scale %x by 1.250000e-01 : tensor<?x2x?x?xf32>
  return %0 : tensor<?x2x?x?xf32>
}

// -----

// A [T, T] keep-mask and a rank-0 -inf broadcast to the scores: the mask's
// map drops the leading dimensions, the scalar's map has no results.
// CHECK-LABEL: func.func @select_neg_inf
// CHECK-SAME: (%[[KEEP:.*]]: tensor<?x?xi1>, %[[S:.*]]: tensor<?x2x?x?xf32>)
// CHECK:      %[[NEG_INF:.*]] = arith.constant dense<0xFF800000> : tensor<f32>
// CHECK:      %[[R:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> ()>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>]
// CHECK-SAME:   ins(%[[KEEP]], %[[S]], %[[NEG_INF]] : tensor<?x?xi1>, tensor<?x2x?x?xf32>, tensor<f32>)
// CHECK-NEXT: ^bb0(%[[C:.*]]: i1, %[[T:.*]]: f32, %[[F:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:   %[[V:.*]] = arith.select %[[C]], %[[T]], %[[F]] : f32
// CHECK-NEXT:   linalg.yield %[[V]] : f32
// CHECK:      return %[[R]]
func.func @select_neg_inf(%keep: tensor<?x?xi1>, %scores: tensor<?x2x?x?xf32>) -> tensor<?x2x?x?xf32> {
  %neg_inf = arith.constant dense<0xFF800000> : tensor<f32>
  %0 = tfm.select %keep, %scores, %neg_inf : (tensor<?x?xi1>, tensor<?x2x?x?xf32>, tensor<f32>) -> tensor<?x2x?x?xf32>
  return %0 : tensor<?x2x?x?xf32>
}
