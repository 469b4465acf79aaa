//===- Passes.td - tfm transformation passes ---------------*- tablegen -*-===//

#ifndef TFM_DIALECT_TFM_TRANSFORMS_PASSES_TD
#define TFM_DIALECT_TFM_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def TfmFuseMaskedSoftmax : Pass<"tfm-fuse-masked-softmax"> {
  let summary = "Fuse a mask applied before a softmax into tfm.masked_softmax";
  let description = [{
    Rewrites a softmax whose input is scaled scores with a mask applied, in
    either of the two forms models use, into one `tfm.masked_softmax`:

    - additive: `softmax(add(scale(scores), mask))` (BERT's padding mask);
    - boolean: `softmax(select(keep, scale(scores), -inf))` (GPT-2's causal
      mask), where the fill is a splat constant of `-inf` or of the element
      type's lowest finite value.

    The `tfm.scale` is optional (scale 1). Before:

    ```mlir
    %s = tfm.scale %scores by 1.250000e-01 : tensor<2x4x4xf32>
    %m = tfm.add %s, %mask : (tensor<2x4x4xf32>, tensor<2x1x4xf32>) -> tensor<2x4x4xf32>
    %p = tfm.softmax %m : tensor<2x4x4xf32>
    ```

    After:

    ```mlir
    %p = tfm.masked_softmax %scores, %mask scale 1.250000e-01 : (tensor<2x4x4xf32>, tensor<2x1x4xf32>) -> tensor<2x4x4xf32>
    ```

    The pass refuses, leaving the IR unchanged, when:
    - the mask is applied *after* the softmax (`select(keep, softmax(x), 0)`
      or `softmax(x) + mask`): zeroing probabilities breaks their
      normalisation, so it is not the same computation;
    - the mask does not broadcast to the shape of the scores (the fused op's
      result has the scores' shape);
    - the fill of a `tfm.select` is not `-inf` (or the lowest value), or the
      select keeps the fill where the mask is true;
    - an intermediate (scaled or masked scores) has users other than the
      chain, since fusing would then compute it twice.

    With `report-refusals`, each refusal is also emitted as a remark at the
    op it concerns, which makes the reasons visible and testable.
  }];
  let options = [
    Option<"reportRefusals", "report-refusals", "bool", /*default=*/"false",
           "Emit a remark explaining each refused fusion">,
  ];
}

def TfmFuseAttention : Pass<"tfm-fuse-attention"> {
  let summary = "Fuse an unfused multi-head attention chain into tfm.attention";
  let description = [{
    Rewrites the chain the importer emits for one attention layer,
    `merge_heads(matmul(P, split_heads(v)))` with scores
    `S = matmul(split_heads(q), split_heads(k)) transpose_rhs` and
    probabilities `P` one of

    - `masked_softmax(S, mask, scale)` (what `tfm-fuse-masked-softmax` makes
      of GPT-2's causal select and BERT's additive padding mask),
    - `softmax(scale(S) by s)` (ViT: no mask),
    - `softmax(S)` (scale 1),

    into one `tfm.attention %q, %k, %v [mask %m] heads H scale s`, which is
    exactly what the TfmToLinalg lowering decomposes `tfm.attention` back
    into. Run `tfm-fuse-masked-softmax` first so that masked scores are
    `tfm.masked_softmax`. Before:

    ```mlir
    %qh = tfm.split_heads %q heads 2 : tensor<?x?x8xf32> -> tensor<?x2x?x4xf32>
    %kh = tfm.split_heads %k heads 2 : tensor<?x?x8xf32> -> tensor<?x2x?x4xf32>
    %vh = tfm.split_heads %v heads 2 : tensor<?x?x8xf32> -> tensor<?x2x?x4xf32>
    %s = tfm.matmul %qh, %kh transpose_rhs : (tensor<?x2x?x4xf32>, tensor<?x2x?x4xf32>) -> tensor<?x2x?x?xf32>
    %p = tfm.masked_softmax %s, %keep scale 5.000000e-01 : (tensor<?x2x?x?xf32>, tensor<?x?xi1>) -> tensor<?x2x?x?xf32>
    %c = tfm.matmul %p, %vh : (tensor<?x2x?x?xf32>, tensor<?x2x?x4xf32>) -> tensor<?x2x?x4xf32>
    %o = tfm.merge_heads %c : tensor<?x2x?x4xf32> -> tensor<?x?x8xf32>
    ```

    After:

    ```mlir
    %o = tfm.attention %q, %k, %v mask %keep heads 2 scale 5.000000e-01 : (tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?xi1>) -> tensor<?x?x8xf32>
    ```

    The pass refuses, leaving the IR unchanged, when:
    - the scores product does not transpose its right-hand side (`Q·Kᵀ`),
      or the probabilities-times-values product does (`P·Vᵀ`);
    - the probabilities are not a softmax of the scores (for instance a
      mask applied after the softmax, or a mask add or select that
      `tfm-fuse-masked-softmax` did not fuse);
    - query, key and value are not split into the same number of heads, key
      and value differ in shape, or the merged result does not have the
      query's type (as `tfm.attention` requires);
    - the mask does not broadcast to `[B, heads, T, S]`;
    - an intermediate (scores, scaled scores, probabilities or their product
      with the values) has users other than the chain, since fusing would
      then compute it twice. The `tfm.split_heads` results may have other
      users; they are kept for them.

    With `report-refusals`, each refusal is also emitted as a remark at the
    op it concerns.
  }];
  let options = [
    Option<"reportRefusals", "report-refusals", "bool", /*default=*/"false",
           "Emit a remark explaining each refused fusion">,
  ];
}

def TfmFuseLinear : Pass<"tfm-fuse-linear"> {
  let summary = "Fuse bias, GELU and residual additions into tfm.linear";
  let description = [{
    Folds the element-wise work around a linear layer into its epilogue,
    `activation(input · W + bias) + residual`:

    - `gelu(linear(x))` with approximation `tanh`, `erf` or `sigmoid`
      becomes `linear(x) activation <gelu_tanh>`, `<gelu_erf>` or
      `<gelu_sigmoid>`, when the linear has no activation and no residual
      yet;
    - `add(linear(x), b)`, where `b` is `[N]` (N the output features) and
      the linear has no bias, activation or residual, becomes
      `linear(x, b)`;
    - `add(linear(x), r)` or `add(r, linear(x))`, where `r` has exactly the
      linear's result type and the linear has no residual, becomes
      `linear(x) residual r` (a transformer block's skip connection);
    - `add(mlp(x, w1, b1, w2, b2), r)` (either order), where `r` has exactly
      the MLP's result type, becomes
      `linear(linear(x, w1, b1) activation <gelu_...>, w2, b2) residual r`,
      the GELU being the MLP's approximation.

    The linear (or MLP) must have no other user. When both operands of an
    add qualify, the left-hand one is fused; a `[N]` operand of a rank-1
    linear becomes the bias when it can. Before:

    ```mlir
    %y = tfm.linear %a, %w, %b layout <in_out> : (tensor<?x?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x?x8xf32>
    %h = tfm.add %x, %y : (tensor<?x?x8xf32>, tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
    %m = tfm.mlp %h, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<?x?x8xf32>, tensor<8x32xf32>, tensor<32xf32>, tensor<32x8xf32>, tensor<8xf32>) -> tensor<?x?x8xf32>
    %o = tfm.add %h, %m : (tensor<?x?x8xf32>, tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
    ```

    After:

    ```mlir
    %h = tfm.linear %a, %w, %b layout <in_out> residual %x : (tensor<?x?x8xf32>, tensor<8x8xf32>, tensor<8xf32>, tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
    %f = tfm.linear %h, %w1, %b1 layout <in_out> activation <gelu_tanh> : (tensor<?x?x8xf32>, tensor<8x32xf32>, tensor<32xf32>) -> tensor<?x?x32xf32>
    %o = tfm.linear %f, %w2, %b2 layout <in_out> residual %h : (tensor<?x?x32xf32>, tensor<32x8xf32>, tensor<8xf32>, tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
    ```

    The pass refuses, leaving the IR unchanged, when:
    - the linear or MLP has users other than the gelu or add (its result
      would then be computed twice);
    - the epilogue already has what would be added, or would come in the
      wrong order: a GELU of a linear that already has an activation or a
      residual, a bias added to a linear that already has one or applies an
      activation (the bias belongs before it);
    - the add broadcasts: the other operand is neither `[N]` nor of the
      layer's result type, or the add's result type is not the layer's
      (the fused layer keeps its type).

    With `report-refusals`, each refusal is also emitted as a remark at the
    op it concerns.
  }];
  let options = [
    Option<"reportRefusals", "report-refusals", "bool", /*default=*/"false",
           "Emit a remark explaining each refused fusion">,
  ];
}

def TfmSetPrecision : Pass<"tfm-set-precision"> {
  let summary = "Choose the precision each linear layer and attention runs at";
  let description = [{
    Sets the `precision` of every `tfm.linear` and `tfm.attention` from one
    model-wide choice, after the fusions (which keep a linear's precision):

    - `f32`: every op back to `f32`;
    - `bf16`: linears and attention at `bf16`;
    - `int8`: linears at `int8` (dynamic quantization); attention at `bf16`,
      since its products have no weight to quantize when the model is bound.

    A linear over one row per sequence (a rank-2 input: a pooler, or a
    classifier on the [CLS] token) stays `f32` at every precision: on so few
    rows a lower precision saves nothing, and its rounding would go straight
    into the model's output.

    Layer norms, softmaxes, GELUs outside linears, additions (the residual
    stream) and every tensor between ops stay f32; so do the logits, which
    the last linear accumulates in f32 (bf16) or dequantizes to f32 (int8).
    Only the dnnl backend's kernels run the lower precisions (`tfm-to-linalg`
    refuses them). Before, with `precision=int8`:

    ```mlir
    %a = tfm.attention %q, %k, %v mask %keep heads 12 scale 1.250000e-01 : (tensor<?x?x768xf32>, tensor<?x?x768xf32>, tensor<?x?x768xf32>, tensor<?x?xi1>) -> tensor<?x?x768xf32>
    %y = tfm.linear %a, %w, %b layout <in_out> residual %x : (tensor<?x?x768xf32>, tensor<768x768xf32>, tensor<768xf32>, tensor<?x?x768xf32>) -> tensor<?x?x768xf32>
    ```

    After:

    ```mlir
    %a = tfm.attention %q, %k, %v mask %keep heads 12 scale 1.250000e-01 precision <bf16> : (tensor<?x?x768xf32>, tensor<?x?x768xf32>, tensor<?x?x768xf32>, tensor<?x?xi1>) -> tensor<?x?x768xf32>
    %y = tfm.linear %a, %w, %b layout <in_out> residual %x precision <int8> : (tensor<?x?x768xf32>, tensor<768x768xf32>, tensor<768xf32>, tensor<?x?x768xf32>) -> tensor<?x?x768xf32>
    ```

    An op whose tensors are not f32 cannot take a lower precision: the pass
    fails with an error at it.
  }];
  let options = [
    Option<"precision", "precision", "::mlir::tfm::Precision",
           /*default=*/"::mlir::tfm::Precision::f32",
           "The model's precision: f32, bf16 or int8", [{::llvm::cl::values(
             clEnumValN(::mlir::tfm::Precision::f32, "f32", "f32 throughout"),
             clEnumValN(::mlir::tfm::Precision::bf16, "bf16",
                        "bf16 products with f32 accumulation"),
             clEnumValN(::mlir::tfm::Precision::int8, "int8",
                        "int8 linear layers, bf16 attention"))}]>,
  ];
}

def TfmParamsToArguments : Pass<"tfm-params-to-arguments", "::mlir::ModuleOp"> {
  let summary = "Turn named weights into function arguments the runtime binds";
  let description = [{
    Replaces the `tfm.param` ops of each function with trailing function
    arguments, one per distinct name, in order of first appearance. Each new
    argument carries `tfm.param = "<name>"` (and `tfm.transposed` for a
    transposed parameter, `tfm.aliases` for one with aliases), so the driver
    knows what to bind to it. Every argument (inputs and weights) is marked
    `bufferization.writable = false`: the runtime passes memory-mapped
    weights and the caller's inputs, which the model must not write.

    Before:

    ```mlir
    func.func @forward(%x: tensor<?x4xf32>) -> tensor<?x8xf32> {
      %w = tfm.param "fc.weight" : tensor<4x8xf32> aliases ["transformer.fc.weight"]
      %y = tfm.linear %x, %w layout <in_out> : (tensor<?x4xf32>, tensor<4x8xf32>) -> tensor<?x8xf32>
      return %y : tensor<?x8xf32>
    }
    ```

    After:

    ```mlir
    func.func @forward(%x: tensor<?x4xf32> {bufferization.writable = false},
                       %w: tensor<4x8xf32> {bufferization.writable = false,
                                            tfm.aliases = ["transformer.fc.weight"],
                                            tfm.param = "fc.weight"}) -> tensor<?x8xf32> {
      %y = tfm.linear %x, %w layout <in_out> : (tensor<?x4xf32>, tensor<4x8xf32>) -> tensor<?x8xf32>
      return %y : tensor<?x8xf32>
    }
    ```

    Two `tfm.param` ops with the same name but different types, or different
    aliases, are an error.
    So is a function with `tfm.param` ops that is called (or otherwise
    referenced), since its callers would not pass the new arguments: inline
    it first.
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect"];
}

def TfmPretransposeWeights : Pass<"tfm-pretranspose-weights"> {
  let summary = "Bind [out, in] linear weights pre-transposed at load time";
  let description = [{
    Code generation wants a linear layer's weight as `[in, out]`, so that a
    row of the output accumulates broadcast inputs times contiguous weight
    rows. `nn.Linear` checkpoints store `[out, in]`. Rather than transposing
    those weights on every call, this pass asks the runtime for the
    transpose once, at load time: a `tfm.linear` (or `tfm.mlp`) in layout
    `out_in` whose weights are `tfm.param`s gets `transposed` parameters and
    layout `in_out`. Parameters with other users (GPT-2's `wte`, shared by the
    embedding and the tied LM head) are left alone, since a second copy of a
    large table would cost memory; so is every layer that reads one, and
    every parameter such a layer reads (a layer is rewritten whole or not at
    all). The decision is per parameter name.

    Before:

    ```mlir
    %w = tfm.param "pooler.dense.weight" : tensor<768x768xf32>
    %y = tfm.linear %x, %w layout <out_in> : (tensor<?x768xf32>, tensor<768x768xf32>) -> tensor<?x768xf32>
    ```

    After:

    ```mlir
    %w = tfm.param "pooler.dense.weight" transposed : tensor<768x768xf32>
    %y = tfm.linear %x, %w layout <in_out> : (tensor<?x768xf32>, tensor<768x768xf32>) -> tensor<?x768xf32>
    ```
  }];
}

def TfmOutlineLayers : Pass<"tfm-outline-layers", "::mlir::ModuleOp"> {
  let summary = "Compile identical layers once: each tfm.layer becomes a call";
  let description = [{
    A transformer's layers are the same code on other weights. Left inline
    in one `@forward`, bufferization and LLVM's optimisation take time
    quadratic in the layer count. This pass replaces every `tfm.layer` by a
    `func.call` of a private function holding its body, one function per
    distinct body: the values the body uses from outside (the hidden state,
    shared masks and sizes, the layer's weights) become the function's
    arguments in first-use order, constants are cloned in (but the layer
    number of a `tfm.kv_cache_append`, which is what differs between the
    layers of a model with a KV cache), and layers whose
    functions would be identical (same types, same ops and attributes,
    locations aside) call the same one. If the enclosing function has a
    `tfmrt.run_context` argument, the function receives it first, so that
    `tfmrt-to-calls` can pass it to the kernels inside.

    Weights stay `@forward`'s arguments with their `tfm.*` attributes: run
    the passes that read them (`tfm-mark-prepacked-weights`,
    `tfm-emit-model-descriptor`) before this one. Before:

    ```mlir
    %h1 = tfm.layer "h.0" -> tensor<?x8xf32> {
      %y = tfm.layer_norm %h0, %g0, %b0 eps 1.000000e-05 : ...
      tfm.yield %y : tensor<?x8xf32>
    }
    %h2 = tfm.layer "h.1" -> tensor<?x8xf32> {
      %y = tfm.layer_norm %h1, %g1, %b1 eps 1.000000e-05 : ...
      tfm.yield %y : tensor<?x8xf32>
    }
    ```

    After:

    ```mlir
    func.func private @layer(%h: tensor<?x8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<?x8xf32> {
      %y = tfm.layer_norm %h, %g, %b eps 1.000000e-05 : ...
      return %y : tensor<?x8xf32>
    }
    ...
    %h1 = call @layer(%h0, %g0, %b0) : ...
    %h2 = call @layer(%h1, %g1, %b1) : ...
    ```

    The functions have internal linkage in LLVM IR (`llvm.linkage`), so that
    two models linked into one program do not clash on them.
  }];
  let dependentDialects = ["::mlir::func::FuncDialect", "::mlir::LLVM::LLVMDialect"];
}

def TfmAppendLoss : Pass<"tfm-append-loss", "::mlir::ModuleOp"> {
  let summary = "Turn @forward's logits into an evaluation loss";
  let description = [{
    Evaluates a language model on its own input, as its training did:
    `@forward` keeps its inputs, computes its `logits` output as before, and
    returns a loss in its place. `input_ids` are the labels.

    - `objective=next-token` (GPT): the mean cross-entropy of predicting
      `input_ids[t + 1]` from `logits[t]` (`tfm.cross_entropy ... next_token`),
      over the `T - 1` positions of each row. `exp(loss)` is the perplexity.
    - `objective=masked-lm` (BERT): a fresh random mask per call from `seed`
      and a new `mlm_step` input (`tfm.mlm_mask`, `probability` 0.15 by
      default, never at the `exclude`d ids: padding and special tokens), the
      masked ids replaced 80/10/10 by `mask-token`, a random id or themselves
      (`tfm.mlm_corrupt`) before the model reads them, and the mean
      cross-entropy over the masked positions. A second output,
      `masked_positions` (1.0 or 0.0 per position), lets a caller weight
      batches by how many positions each scored.

    Before, with `objective=next-token`:

    ```mlir
    func.func @forward(%ids: tensor<?x?xi64> {tfm.name = "input_ids"}) -> (tensor<?x?x97xf32> {tfm.name = "logits"}) {
      ...
      return %logits : tensor<?x?x97xf32>
    }
    ```

    After:

    ```mlir
    func.func @forward(%ids: tensor<?x?xi64> {tfm.name = "input_ids"}) -> (tensor<f32> {tfm.name = "loss"}) {
      ...
      %loss = tfm.cross_entropy %logits, %ids next_token : (tensor<?x?x97xf32>, tensor<?x?xi64>) -> tensor<f32>
      return %loss : tensor<f32>
    }
    ```

    The pass fails with an error when `@forward` has no `input_ids` input
    or `logits` output of rank 3 with a static vocabulary, and for
    `masked-lm` without a `mask-token` inside the vocabulary.
  }];
  let options = [
    Option<"objective", "objective", "::mlir::tfm::LossObjective",
           /*default=*/"::mlir::tfm::LossObjective::NextToken",
           "The loss: next-token (GPT) or masked-lm (BERT)", [{::llvm::cl::values(
             clEnumValN(::mlir::tfm::LossObjective::NextToken, "next-token",
                        "mean cross-entropy of each next token"),
             clEnumValN(::mlir::tfm::LossObjective::MaskedLm, "masked-lm",
                        "mean cross-entropy over random masked positions"))}]>,
    Option<"seed", "seed", "int64_t", /*default=*/"0", "masked-lm: the masks' seed">,
    Option<"probability", "probability", "double", /*default=*/"0.15",
           "masked-lm: the probability that a position is masked">,
    Option<"maskToken", "mask-token", "int64_t", /*default=*/"-1",
           "masked-lm: the id that replaces 80 % of the masked ids ([MASK])">,
    ListOption<"exclude", "exclude", "int64_t",
               "masked-lm: ids never masked (padding, special tokens)">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

#endif // TFM_DIALECT_TFM_TRANSFORMS_PASSES_TD
