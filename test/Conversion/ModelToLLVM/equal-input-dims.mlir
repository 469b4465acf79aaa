// RUN: tfm-opt %s --split-input-file --verify-diagnostics --tfm-emit-model-descriptor \
// RUN:   | FileCheck %s

// The dimensions the ops equate, followed to @forward's inputs: each
// dynamic input dimension must equal a static size (other_input -1) or the
// first input dimension of its class. Rows of the tfm_dim_equality table:
// [input, dim, other_input, other_dim, size].

// tfm.layer_norm: gamma and beta are as long as the input's last dimension.
// The table's length and address are tfm_model's last two fields.
// CHECK-LABEL: llvm.mlir.global private constant @tfm_dim_equalities
// CHECK-SAME:    (dense<{{\[\[}}1, 0, 0, 1, 0], [2, 0, 0, 1, 0]]> : tensor<2x5xi64>)
// CHECK-SAME:    : !llvm.array<2 x array<5 x i64>>
// CHECK-LABEL: llvm.mlir.global private constant @tfm_model()
// CHECK-SAME:    !llvm.struct<"tfm_model", (i32, ptr, i32, ptr, i32, ptr, i32, ptr, ptr, ptr, ptr, i32, ptr, i32)>
// CHECK:         %[[COUNT:.*]] = llvm.mlir.constant(2 : i32) : i32
// CHECK-NEXT:    %[[TABLE:.*]] = llvm.mlir.addressof @tfm_dim_equalities : !llvm.ptr
// CHECK:         llvm.insertvalue %[[COUNT]], %{{.*}}[11]
// CHECK-NEXT:    llvm.insertvalue %[[TABLE]], %{{.*}}[12]
func.func @forward(%x: tensor<2x?xf32> {tfm.name = "x"}, %gamma: tensor<?xf32> {tfm.name = "gamma"},
                   %beta: tensor<?xf32> {tfm.name = "beta"}) -> (tensor<2x?xf32> {tfm.name = "y"}) {
  %0 = tfm.layer_norm %x, %gamma, %beta eps 1.000000e-05 : (tensor<2x?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<2x?xf32>
  return %0 : tensor<2x?xf32>
}

// -----

// tfm.kv_cache_append: value is key's shape, and the cache's batch is the
// key's; the cache's length M is free (the new tokens' T and the keys'
// position + T are not it).
// CHECK-LABEL: llvm.mlir.global private constant @tfm_dim_equalities
// CHECK-SAME:    (dense<{{\[\[}}1, 0, 0, 0, 0], [1, 1, 0, 1, 0], [3, 2, 0, 0, 0]]> : tensor<3x5xi64>)
// CHECK-LABEL: llvm.mlir.global private constant @tfm_model()
// CHECK:         llvm.mlir.constant(3 : i32) : i32
// CHECK-NEXT:    llvm.mlir.addressof @tfm_dim_equalities
func.func @forward(%k: tensor<?x?x4xf32> {tfm.name = "k"}, %v: tensor<?x?x4xf32> {tfm.name = "v"},
                   %pos: tensor<i64> {tfm.name = "position"},
                   %cache: tensor<2x2x?x?x4xf32> {tfm.name = "kv_cache"})
    -> (tensor<?x?x4xf32> {tfm.name = "keys"}, tensor<2x2x?x?x4xf32> {tfm.updates = "kv_cache"}) {
  %layer = arith.constant 0 : index
  %u, %keys, %values = tfm.kv_cache_append %cache[%layer], %k, %v at %pos : tensor<2x2x?x?x4xf32>, tensor<?x?x4xf32>, tensor<?x?x4xf32>, tensor<i64> -> tensor<2x2x?x?x4xf32>, tensor<?x?x4xf32>, tensor<?x?x4xf32>
  return %keys, %u : tensor<?x?x4xf32>, tensor<2x2x?x?x4xf32>
}

// -----

// Nothing to check: no table, a NULL pointer and a count of 0.
// CHECK-NOT:   @tfm_dim_equalities
// CHECK-LABEL: llvm.mlir.global private constant @tfm_model()
// CHECK:         llvm.mlir.addressof @tfm_cpu_features
// CHECK-NEXT:    %[[COUNT:.*]] = llvm.mlir.constant(0 : i32) : i32
// CHECK-NEXT:    %[[TABLE:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK:         llvm.insertvalue %[[COUNT]], %{{.*}}[11]
// CHECK-NEXT:    llvm.insertvalue %[[TABLE]], %{{.*}}[12]
func.func @forward(%x: tensor<?x?xf32> {tfm.name = "x"}) -> (tensor<?x?xf32> {tfm.name = "y"}) {
  %0 = tfm.softmax %x : tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// tfm.matmul: the lhs's K is the rhs's K.
// CHECK-LABEL: llvm.mlir.global private constant @tfm_dim_equalities
// CHECK-SAME:    (dense<{{\[\[}}1, 0, 0, 1, 0]]> : tensor<1x5xi64>)
func.func @forward(%a: tensor<2x?xf32> {tfm.name = "a"}, %b: tensor<?x3xf32> {tfm.name = "b"}) -> (tensor<2x3xf32> {tfm.name = "c"}) {
  %0 = tfm.matmul %a, %b : (tensor<2x?xf32>, tensor<?x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// With transpose_rhs, K is the rhs's last dimension; batch dimensions agree.
// CHECK-LABEL: llvm.mlir.global private constant @tfm_dim_equalities
// CHECK-SAME:    (dense<{{\[\[}}1, 0, 0, 0, 0], [1, 2, 0, 2, 0]]> : tensor<2x5xi64>)
func.func @forward(%a: tensor<?x2x?xf32> {tfm.name = "a"}, %b: tensor<?x3x?xf32> {tfm.name = "b"}) -> (tensor<?x2x3xf32> {tfm.name = "c"}) {
  %0 = tfm.matmul %a, %b transpose_rhs : (tensor<?x2x?xf32>, tensor<?x3x?xf32>) -> tensor<?x2x3xf32>
  return %0 : tensor<?x2x3xf32>
}

// -----

// A weight's static size: the input's features must be 4.
// CHECK-LABEL: llvm.mlir.global private constant @tfm_dim_equalities
// CHECK-SAME:    (dense<{{\[\[}}0, 1, -1, 0, 4]]> : tensor<1x5xi64>)
func.func @forward(%x: tensor<2x?xf32> {tfm.name = "x"}, %gamma: tensor<4xf32> {tfm.param = "ln.weight"},
                   %beta: tensor<4xf32> {tfm.param = "ln.bias"}) -> (tensor<2x?xf32> {tfm.name = "y"}) {
  %0 = tfm.layer_norm %x, %gamma, %beta eps 1.000000e-05 : (tensor<2x?xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x?xf32>
  return %0 : tensor<2x?xf32>
}

// -----

// Broadcasting: a static 1 broadcasts and equates nothing; other dimensions
// are equal (the rhs's dimension 1 is free).
// CHECK-LABEL: llvm.mlir.global private constant @tfm_dim_equalities
// CHECK-SAME:    (dense<{{\[\[}}1, 0, 0, 0, 0]]> : tensor<1x5xi64>)
func.func @forward(%a: tensor<?x1xf32> {tfm.name = "a"}, %b: tensor<?x?xf32> {tfm.name = "b"}) -> (tensor<?x?xf32> {tfm.name = "c"}) {
  %0 = tfm.add %a, %b : (tensor<?x1xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Ops of other dialects whose operands and results have one shape.
// CHECK-LABEL: llvm.mlir.global private constant @tfm_dim_equalities
// CHECK-SAME:    (dense<{{\[\[}}1, 0, 0, 0, 0]]> : tensor<1x5xi64>)
func.func @forward(%a: tensor<?xf32> {tfm.name = "a"}, %b: tensor<?xf32> {tfm.name = "b"}) -> (tensor<?xf32> {tfm.name = "c"}) {
  %0 = arith.addf %a, %b : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// tensor.cast to a static shape: the code reads the static size.
// CHECK-LABEL: llvm.mlir.global private constant @tfm_dim_equalities
// CHECK-SAME:    (dense<{{\[\[}}0, 0, -1, 0, 1], [0, 1, -1, 0, 3]]> : tensor<2x5xi64>)
func.func @forward(%ids: tensor<?x?xi64> {tfm.name = "input_ids"}) -> (tensor<1x3xf32> {tfm.name = "y"}) {
  %static = tensor.cast %ids : tensor<?x?xi64> to tensor<1x3xi64>
  %0 = arith.sitofp %static : tensor<1x3xi64> to tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

// tfm.attention: key and value agree, the batch with the query's; the
// additive mask broadcasts to [B, heads, T, S]. Classes {q0, k0, v0, m0},
// {q1}, {k1, v1, m3}.
// CHECK-LABEL: llvm.mlir.global private constant @tfm_dim_equalities
// CHECK-SAME:    (dense<{{\[\[}}1, 0, 0, 0, 0], [2, 0, 0, 0, 0], [2, 1, 1, 1, 0], [3, 0, 0, 0, 0], [3, 3, 1, 1, 0]]> : tensor<5x5xi64>)
func.func @forward(%q: tensor<?x?x8xf32> {tfm.name = "q"}, %k: tensor<?x?x8xf32> {tfm.name = "k"},
                   %v: tensor<?x?x8xf32> {tfm.name = "v"}, %mask: tensor<?x1x1x?xf32> {tfm.name = "mask"})
    -> (tensor<?x?x8xf32> {tfm.name = "out"}) {
  %0 = tfm.attention %q, %k, %v mask %mask heads 2 scale 5.000000e-01 : (tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x1x1x?xf32>) -> tensor<?x?x8xf32>
  return %0 : tensor<?x?x8xf32>
}

// -----

// Through a tfm.layer's results, and across ops: y is added to the layer's
// output, whose last dimension is gamma's.
// CHECK-LABEL: llvm.mlir.global private constant @tfm_dim_equalities
// CHECK-SAME:    (dense<{{\[\[}}1, 0, 0, 1, 0], [2, 0, 0, 1, 0], [3, 1, 0, 1, 0]]> : tensor<3x5xi64>)
func.func @forward(%x: tensor<2x?xf32> {tfm.name = "x"}, %gamma: tensor<?xf32> {tfm.name = "gamma"},
                   %beta: tensor<?xf32> {tfm.name = "beta"}, %y: tensor<2x?xf32> {tfm.name = "y"})
    -> (tensor<2x?xf32> {tfm.name = "out"}) {
  %h = tfm.layer "h.0" -> tensor<2x?xf32> {
    %n = tfm.layer_norm %x, %gamma, %beta eps 1.000000e-05 : (tensor<2x?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<2x?xf32>
    tfm.yield %n : tensor<2x?xf32>
  }
  %0 = tfm.add %h, %y : (tensor<2x?xf32>, tensor<2x?xf32>) -> tensor<2x?xf32>
  return %0 : tensor<2x?xf32>
}

// -----

// A causal mask as long as the ids, selecting among scores.
// CHECK-LABEL: llvm.mlir.global private constant @tfm_dim_equalities
// CHECK-SAME:    (dense<{{\[\[}}1, 0, 0, 1, 0], [1, 1, 0, 1, 0]]> : tensor<2x5xi64>)
func.func @forward(%ids: tensor<?x?xi64> {tfm.name = "input_ids"}, %scores: tensor<?x?xf32> {tfm.name = "scores"})
    -> (tensor<?x?xf32> {tfm.name = "out"}) {
  %c1 = arith.constant 1 : index
  %t = tensor.dim %ids, %c1 : tensor<?x?xi64>
  %keep = tfm.causal_mask %t : tensor<?x?xi1>
  %neg_inf = arith.constant dense<0xFF800000> : tensor<f32>
  %0 = tfm.select %keep, %scores, %neg_inf : (tensor<?x?xi1>, tensor<?x?xf32>, tensor<f32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Two weights of different lengths for one dimension: no input could run.
// expected-note@+1 {{dimension 0 of weight 'ln.weight' is 4}}
func.func @forward(%x: tensor<2x?xf32> {tfm.name = "x"}, %gamma: tensor<4xf32> {tfm.param = "ln.weight"},
                   // expected-note@+1 {{dimension 0 of weight 'ln.bias' is 5}}
                   %beta: tensor<5xf32> {tfm.param = "ln.bias"}) -> (tensor<2x?xf32> {tfm.name = "y"}) {
  // expected-error@+1 {{'tfm.layer_norm' op requires dimension 0 of weight 'ln.bias' to equal dimension 1 of input 'x', but they are 5 and 4}}
  %0 = tfm.layer_norm %x, %gamma, %beta eps 1.000000e-05 : (tensor<2x?xf32>, tensor<4xf32>, tensor<5xf32>) -> tensor<2x?xf32>
  return %0 : tensor<2x?xf32>
}

// -----

// Across ops: the matmul makes x's features 4, the layer norm 5.
// expected-note@+1 {{dimension 0 of weight 'fc.weight' is 4}}
func.func @forward(%x: tensor<2x?xf32> {tfm.name = "x"}, %w: tensor<4x3xf32> {tfm.param = "fc.weight"},
                   // expected-note@+1 {{dimension 0 of weight 'ln.weight' is 5}}
                   %gamma: tensor<5xf32> {tfm.param = "ln.weight"}, %beta: tensor<5xf32> {tfm.param = "ln.bias"})
    -> (tensor<2x3xf32> {tfm.name = "y"}, tensor<2x?xf32> {tfm.name = "z"}) {
  %0 = tfm.matmul %x, %w : (tensor<2x?xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  // expected-error@+1 {{'tfm.layer_norm' op requires dimension 0 of weight 'ln.weight' to equal dimension 1 of input 'x', but they are 5 and 4}}
  %1 = tfm.layer_norm %x, %gamma, %beta eps 1.000000e-05 : (tensor<2x?xf32>, tensor<5xf32>, tensor<5xf32>) -> tensor<2x?xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x?xf32>
}
