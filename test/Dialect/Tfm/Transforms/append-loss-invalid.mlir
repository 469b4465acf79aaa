// RUN: tfm-opt %s --split-input-file --verify-diagnostics --tfm-append-loss="objective=masked-lm mask-token=3"

// expected-error @+1 {{tfm-append-loss: @forward needs an input named 'input_ids' and an output named 'logits'}}
func.func @forward(%ids: tensor<?x?xi64> {tfm.name = "ids"}) -> (tensor<?x?x10xf32> {tfm.name = "logits"}) {
  %table = tfm.param "wte.weight" : tensor<10x10xf32>
  %logits = tfm.embedding %table[%ids] : tensor<10x10xf32>, tensor<?x?xi64> -> tensor<?x?x10xf32>
  return %logits : tensor<?x?x10xf32>
}

// -----

// expected-error @+1 {{tfm-append-loss: needs [B, T] integer input_ids and [B, T, V] logits with a static V, but has 'tensor<?x?xi64>' and 'tensor<?x?x?xf32>'}}
func.func @forward(%ids: tensor<?x?xi64> {tfm.name = "input_ids"}, %table: tensor<?x?xf32> {tfm.name = "table"}) -> (tensor<?x?x?xf32> {tfm.name = "logits"}) {
  %logits = tfm.embedding %table[%ids] : tensor<?x?xf32>, tensor<?x?xi64> -> tensor<?x?x?xf32>
  return %logits : tensor<?x?x?xf32>
}

// -----

// expected-error @+1 {{tfm-append-loss: the module has no @forward to evaluate}}
module {
  func.func @other(%x: tensor<2xf32>) -> tensor<2xf32> {
    return %x : tensor<2xf32>
  }
}

// -----

// expected-error @+1 {{tfm-append-loss: @forward already has an input named 'mlm_step'}}
func.func @forward(%ids: tensor<?x?xi64> {tfm.name = "input_ids"}, %s: tensor<i64> {tfm.name = "mlm_step"}) -> (tensor<?x?x10xf32> {tfm.name = "logits"}) {
  %table = tfm.param "wte.weight" : tensor<10x10xf32>
  %logits = tfm.embedding %table[%ids] : tensor<10x10xf32>, tensor<?x?xi64> -> tensor<?x?x10xf32>
  return %logits : tensor<?x?x10xf32>
}
