// RUN: tfm-opt %s --split-input-file --tfm-fuse-attention=report-refusals --verify-diagnostics

// Each refusal of the fusion is explained at the op it concerns.

func.func @not_a_product(%x: tensor<1x2x4x4xf32>) -> tensor<1x4x8xf32> {
  // expected-remark @+1 {{not fused: merge_heads input is not a tfm.matmul of probabilities and values}}
  %o = tfm.merge_heads %x : tensor<1x2x4x4xf32> -> tensor<1x4x8xf32>
  return %o : tensor<1x4x8xf32>
}

// -----

func.func @scores_not_transposed(%q: tensor<1x4x8xf32>, %k: tensor<1x4x8xf32>, %v: tensor<1x4x8xf32>) -> tensor<1x4x8xf32> {
  %qh = tfm.split_heads %q heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %kh = tfm.split_heads %k heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %vh = tfm.split_heads %v heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  // expected-remark @+1 {{not fused: scores do not transpose the keys; attention scores are Q·Kᵀ (tfm.matmul transpose_rhs)}}
  %s = tfm.matmul %qh, %kh : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %p = tfm.softmax %s : tensor<1x2x4x4xf32>
  %c = tfm.matmul %p, %vh : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %o = tfm.merge_heads %c : tensor<1x2x4x4xf32> -> tensor<1x4x8xf32>
  return %o : tensor<1x4x8xf32>
}

// -----

func.func @values_transposed(%q: tensor<1x4x8xf32>, %k: tensor<1x4x8xf32>, %v: tensor<1x4x8xf32>) -> tensor<1x4x8xf32> {
  %qh = tfm.split_heads %q heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %kh = tfm.split_heads %k heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %vh = tfm.split_heads %v heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %s = tfm.matmul %qh, %kh transpose_rhs : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %p = tfm.softmax %s : tensor<1x2x4x4xf32>
  // expected-remark @+1 {{not fused: probabilities times values transposes the values (P·Vᵀ); attention computes P·V}}
  %c = tfm.matmul %p, %vh transpose_rhs : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %o = tfm.merge_heads %c : tensor<1x2x4x4xf32> -> tensor<1x4x8xf32>
  return %o : tensor<1x4x8xf32>
}

// -----

func.func @mask_after_softmax(%q: tensor<1x4x8xf32>, %k: tensor<1x4x8xf32>, %v: tensor<1x4x8xf32>, %keep: tensor<4x4xi1>) -> tensor<1x4x8xf32> {
  %zero = arith.constant dense<0.0> : tensor<f32>
  %qh = tfm.split_heads %q heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %kh = tfm.split_heads %k heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %vh = tfm.split_heads %v heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %s = tfm.matmul %qh, %kh transpose_rhs : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %p = tfm.softmax %s : tensor<1x2x4x4xf32>
  // expected-remark @+1 {{not fused: probabilities are not a tfm.softmax or tfm.masked_softmax (a mask applied after the softmax is not attention)}}
  %m = tfm.select %keep, %p, %zero : (tensor<4x4xi1>, tensor<1x2x4x4xf32>, tensor<f32>) -> tensor<1x2x4x4xf32>
  %c = tfm.matmul %m, %vh : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %o = tfm.merge_heads %c : tensor<1x2x4x4xf32> -> tensor<1x4x8xf32>
  return %o : tensor<1x4x8xf32>
}

// -----

// A mask add that tfm-fuse-masked-softmax has not fused yet.
func.func @unfused_mask(%q: tensor<1x4x8xf32>, %k: tensor<1x4x8xf32>, %v: tensor<1x4x8xf32>, %mask: tensor<1x1x1x4xf32>) -> tensor<1x4x8xf32> {
  %qh = tfm.split_heads %q heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %kh = tfm.split_heads %k heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %vh = tfm.split_heads %v heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %s = tfm.matmul %qh, %kh transpose_rhs : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %m = tfm.add %s, %mask : (tensor<1x2x4x4xf32>, tensor<1x1x1x4xf32>) -> tensor<1x2x4x4xf32>
  // expected-remark @+1 {{not fused: softmax input is a tfm.add or tfm.select (a mask?): run tfm-fuse-masked-softmax first}}
  %p = tfm.softmax %m : tensor<1x2x4x4xf32>
  %c = tfm.matmul %p, %vh : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %o = tfm.merge_heads %c : tensor<1x2x4x4xf32> -> tensor<1x4x8xf32>
  return %o : tensor<1x4x8xf32>
}

// -----

// The keys are split into 4 heads of 4 (a result type with a dynamic head
// count lets the scores product verify), queries and values into 2.
func.func @head_count_mismatch(%q: tensor<1x4x8xf32>, %k: tensor<1x4x16xf32>, %v: tensor<1x4x8xf32>) -> tensor<1x4x8xf32> {
  %qh = tfm.split_heads %q heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %kh = tfm.split_heads %k heads 4 : tensor<1x4x16xf32> -> tensor<1x?x4x4xf32>
  %vh = tfm.split_heads %v heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %s = tfm.matmul %qh, %kh transpose_rhs : (tensor<1x2x4x4xf32>, tensor<1x?x4x4xf32>) -> tensor<1x2x4x4xf32>
  %p = tfm.softmax %s : tensor<1x2x4x4xf32>
  %c = tfm.matmul %p, %vh : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  // expected-remark @+1 {{not fused: head counts differ: 2 (query), 4 (key), 2 (value)}}
  %o = tfm.merge_heads %c : tensor<1x2x4x4xf32> -> tensor<1x4x8xf32>
  return %o : tensor<1x4x8xf32>
}

// -----

func.func @key_value_shapes(%q: tensor<1x4x8xf32>, %k: tensor<1x4x8xf32>, %v: tensor<1x4x16xf32>) -> tensor<1x4x16xf32> {
  %qh = tfm.split_heads %q heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %kh = tfm.split_heads %k heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %vh = tfm.split_heads %v heads 2 : tensor<1x4x16xf32> -> tensor<1x2x4x8xf32>
  %s = tfm.matmul %qh, %kh transpose_rhs : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %p = tfm.softmax %s : tensor<1x2x4x4xf32>
  %c = tfm.matmul %p, %vh : (tensor<1x2x4x4xf32>, tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32>
  // expected-remark @+1 {{not fused: key 'tensor<1x4x8xf32>' and value 'tensor<1x4x16xf32>' differ in shape; tfm.attention needs them equal}}
  %o = tfm.merge_heads %c : tensor<1x2x4x8xf32> -> tensor<1x4x16xf32>
  return %o : tensor<1x4x16xf32>
}

// -----

func.func @result_type(%q: tensor<1x4x8xf32>, %k: tensor<1x4x8xf32>, %v: tensor<1x4x8xf32>) -> tensor<?x4x8xf32> {
  %qh = tfm.split_heads %q heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %kh = tfm.split_heads %k heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %vh = tfm.split_heads %v heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %s = tfm.matmul %qh, %kh transpose_rhs : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %p = tfm.softmax %s : tensor<1x2x4x4xf32>
  %c = tfm.matmul %p, %vh : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  // expected-remark @+1 {{not fused: merged heads 'tensor<?x4x8xf32>' do not have the query type 'tensor<1x4x8xf32>', which tfm.attention returns}}
  %o = tfm.merge_heads %c : tensor<1x2x4x4xf32> -> tensor<?x4x8xf32>
  return %o : tensor<?x4x8xf32>
}

// -----

// The scores' types are less static than the query's, so the mask
// broadcasts to them but not to the attention's [2, 2, 4, 4].
func.func @mask_shape(%q: tensor<2x4x8xf32>, %k: tensor<2x4x8xf32>, %v: tensor<2x4x8xf32>, %mask: tensor<3x1x1x4xf32>) -> tensor<2x4x8xf32> {
  %qh = tfm.split_heads %q heads 2 : tensor<2x4x8xf32> -> tensor<?x2x?x4xf32>
  %kh = tfm.split_heads %k heads 2 : tensor<2x4x8xf32> -> tensor<?x2x?x4xf32>
  %vh = tfm.split_heads %v heads 2 : tensor<2x4x8xf32> -> tensor<?x2x?x4xf32>
  %s = tfm.matmul %qh, %kh transpose_rhs : (tensor<?x2x?x4xf32>, tensor<?x2x?x4xf32>) -> tensor<?x2x?x?xf32>
  // expected-remark @+1 {{not fused: mask 'tensor<3x1x1x4xf32>' does not broadcast to the attention shape 'tensor<2x2x4x4xf32>'}}
  %p = tfm.masked_softmax %s, %mask scale 0.5 : (tensor<?x2x?x?xf32>, tensor<3x1x1x4xf32>) -> tensor<?x2x?x?xf32>
  %c = tfm.matmul %p, %vh : (tensor<?x2x?x?xf32>, tensor<?x2x?x4xf32>) -> tensor<?x2x?x4xf32>
  %o = tfm.merge_heads %c : tensor<?x2x?x4xf32> -> tensor<2x4x8xf32>
  return %o : tensor<2x4x8xf32>
}

// -----

func.func @scores_other_user(%q: tensor<1x4x8xf32>, %k: tensor<1x4x8xf32>, %v: tensor<1x4x8xf32>) -> (tensor<1x4x8xf32>, tensor<1x2x4x4xf32>) {
  %qh = tfm.split_heads %q heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %kh = tfm.split_heads %k heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %vh = tfm.split_heads %v heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  // expected-remark @+1 {{not fused: scores have users other than the attention chain}}
  %s = tfm.matmul %qh, %kh transpose_rhs : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %t = tfm.scale %s by 0.5 : tensor<1x2x4x4xf32>
  %p = tfm.softmax %t : tensor<1x2x4x4xf32>
  %c = tfm.matmul %p, %vh : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %o = tfm.merge_heads %c : tensor<1x2x4x4xf32> -> tensor<1x4x8xf32>
  return %o, %s : tensor<1x4x8xf32>, tensor<1x2x4x4xf32>
}

// -----

func.func @scaled_scores_other_user(%q: tensor<1x4x8xf32>, %k: tensor<1x4x8xf32>, %v: tensor<1x4x8xf32>) -> (tensor<1x4x8xf32>, tensor<1x2x4x4xf32>) {
  %qh = tfm.split_heads %q heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %kh = tfm.split_heads %k heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %vh = tfm.split_heads %v heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %s = tfm.matmul %qh, %kh transpose_rhs : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  // expected-remark @+1 {{not fused: scaled scores have users other than the softmax}}
  %t = tfm.scale %s by 0.5 : tensor<1x2x4x4xf32>
  %p = tfm.softmax %t : tensor<1x2x4x4xf32>
  %c = tfm.matmul %p, %vh : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %o = tfm.merge_heads %c : tensor<1x2x4x4xf32> -> tensor<1x4x8xf32>
  return %o, %t : tensor<1x4x8xf32>, tensor<1x2x4x4xf32>
}

// -----

func.func @probabilities_other_user(%q: tensor<1x4x8xf32>, %k: tensor<1x4x8xf32>, %v: tensor<1x4x8xf32>, %keep: tensor<4x4xi1>) -> (tensor<1x4x8xf32>, tensor<1x2x4x4xf32>) {
  %qh = tfm.split_heads %q heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %kh = tfm.split_heads %k heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %vh = tfm.split_heads %v heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %s = tfm.matmul %qh, %kh transpose_rhs : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  // expected-remark @+1 {{not fused: probabilities have users other than the product with the values}}
  %p = tfm.masked_softmax %s, %keep scale 0.5 : (tensor<1x2x4x4xf32>, tensor<4x4xi1>) -> tensor<1x2x4x4xf32>
  %c = tfm.matmul %p, %vh : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %o = tfm.merge_heads %c : tensor<1x2x4x4xf32> -> tensor<1x4x8xf32>
  return %o, %p : tensor<1x4x8xf32>, tensor<1x2x4x4xf32>
}

// -----

func.func @context_other_user(%q: tensor<1x4x8xf32>, %k: tensor<1x4x8xf32>, %v: tensor<1x4x8xf32>) -> (tensor<1x4x8xf32>, tensor<1x2x4x4xf32>) {
  %qh = tfm.split_heads %q heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %kh = tfm.split_heads %k heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %vh = tfm.split_heads %v heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %s = tfm.matmul %qh, %kh transpose_rhs : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %p = tfm.softmax %s : tensor<1x2x4x4xf32>
  // expected-remark @+1 {{not fused: probabilities times values has users other than the merge_heads}}
  %c = tfm.matmul %p, %vh : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %o = tfm.merge_heads %c : tensor<1x2x4x4xf32> -> tensor<1x4x8xf32>
  return %o, %c : tensor<1x4x8xf32>, tensor<1x2x4x4xf32>
}

// -----

func.func @values_not_split(%q: tensor<1x4x8xf32>, %k: tensor<1x4x8xf32>, %vh: tensor<1x2x4x4xf32>) -> tensor<1x4x8xf32> {
  %qh = tfm.split_heads %q heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %kh = tfm.split_heads %k heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %s = tfm.matmul %qh, %kh transpose_rhs : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %p = tfm.softmax %s : tensor<1x2x4x4xf32>
  // expected-remark @+1 {{not fused: values are not a tfm.split_heads}}
  %c = tfm.matmul %p, %vh : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %o = tfm.merge_heads %c : tensor<1x2x4x4xf32> -> tensor<1x4x8xf32>
  return %o : tensor<1x4x8xf32>
}
