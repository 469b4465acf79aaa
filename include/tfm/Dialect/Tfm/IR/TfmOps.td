//===- TfmOps.td - tfm operations --------------------------*- tablegen -*-===//

#ifndef TFM_DIALECT_TFM_IR_TFMOPS_TD
#define TFM_DIALECT_TFM_IR_TFMOPS_TD

include "tfm/Dialect/Tfm/IR/TfmDialect.td"
include "tfm/Dialect/Tfm/IR/TfmAttrs.td"
include "tfm/Dialect/Tfm/IR/TfmInterfaces.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def Tfm_FloatTensor : RankedTensorOf<[F32, F16, BF16]>;
def Tfm_IdTensor : RankedTensorOf<[I32, I64]>;
def Tfm_BoolTensor : RankedTensorOf<[I1]>;
def Tfm_MaskTensor : RankedTensorOf<[I1, F32, F16, BF16]>;
def Tfm_PositiveF64Attr : ConfinedAttr<F64Attr, [
    AttrConstraint<CPred<"::llvm::cast<::mlir::FloatAttr>($_self).getValueAsDouble() > 0.0">,
                   "whose value is positive">]>;

/// The op says which dimensions of its operands and results must be equal.
def EqualDims : DeclareOpInterfaceMethods<Tfm_EqualDimsOpInterface>;

class Tfm_Op<string mnemonic, list<Trait> traits = []>
    : Op<Tfm_Dialect, mnemonic, traits>;

//===----------------------------------------------------------------------===//
// Parameters and embeddings
//===----------------------------------------------------------------------===//

def Tfm_ParamOp : Tfm_Op<"param", [Pure]> {
  let summary = "a named weight, bound at run time";
  let description = [{
    Refers to a model weight by its Hugging Face checkpoint name. The tensor
    is not part of the IR: the runtime looks the name up in the
    `model.safetensors` file it is given and checks that shape and element
    type match. `aliases` are other names a checkpoint may give the weight
    (the importer's naming policy: a task model's prefix such as
    `transformer.`, BERT's legacy LayerNorm `gamma`/`beta`); the runtime
    tries them in order when the name is absent. `tfm-params-to-arguments`
    carries them onto the argument as `tfm.aliases`.

    With `transposed`, the value is the transpose of the stored 2-D tensor:
    the runtime transposes it once at load time (see
    `tfm-pretranspose-weights`), and the result type is the transposed shape.

    ```mlir
    %w = tfm.param "h.0.attn.c_attn.weight" : tensor<768x2304xf32> aliases ["transformer.h.0.attn.c_attn.weight"]
    %q = tfm.param "encoder.layer.0.attention.self.query.weight" transposed : tensor<768x768xf32>
    ```
  }];
  let arguments = (ins StrAttr:$name, UnitAttr:$transposed, OptionalAttr<StrArrayAttr>:$aliases);
  let results = (outs Tfm_FloatTensor:$result);
  // The aliases come last, so that `tfm.param "NAME" : TYPE` reads the same
  // with or without them.
  let assemblyFormat = [{
    $name (`transposed` $transposed^)? attr-dict `:` type($result) (`aliases` $aliases^)?
  }];
  let hasVerifier = 1;
}

def Tfm_EmbeddingOp : Tfm_Op<"embedding", [EqualDims, Pure]> {
  let summary = "row lookup in an embedding table";
  let description = [{
    `result[i..., :] = table[ids[i...], :]`. Used for token, position and
    token-type embeddings. An id outside `[0, rows)` is a run-time error
    reported by the runtime before the model runs.

    ```mlir
    %e = tfm.embedding %wte[%ids] : tensor<50257x768xf32>, tensor<?x?xi64> -> tensor<?x?x768xf32>
    ```
  }];
  let arguments = (ins Tfm_FloatTensor:$table, Tfm_IdTensor:$ids);
  let results = (outs Tfm_FloatTensor:$result);
  let assemblyFormat = [{
    $table `[` $ids `]` attr-dict `:` type($table) `,` type($ids) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Tfm_PositionIdsOp : Tfm_Op<"position_ids", [EqualDims, Pure, AllTypesMatch<["like", "result"]>]> {
  let summary = "the positions of a [B, T] batch, from 0, from an offset, or past padding";
  let description = [{
    Returns a tensor of the shape and type of `like` (`[B, T]` token ids) whose
    row `b` holds `0, 1, ..., T-1`: the ids of learned position embeddings.
    With `offset` (a rank-0 tensor of the ids' type: the tokens a KV cache
    already holds), row `b` holds `offset, ..., offset + T-1`.

    With `padding` P (a non-negative id; not with `offset`), the positions
    skip padding, as RoBERTa's: `like` is read, not only its shape, and a
    token `ids[b, t] == P` gets position P while any other gets P plus the
    number of non-padding tokens in `ids[b, 0..t]`, so the first real token
    is at P + 1 wherever the padding is. (Hugging Face's
    `create_position_ids_from_input_ids`: `cumsum(mask) * mask + P` with
    `mask = ids != P`.)

    `limit` N says the model has N positions although the positions index
    no table (rotary positions): as for a table of N rows, the runtime
    refuses inputs whose positions would reach N (the ids' sequence length,
    and a KV cache's position plus the new tokens) before the run. It does
    not change the result.

    ```mlir
    %pos = tfm.position_ids %ids : tensor<?x?xi64>
    %next = tfm.position_ids %ids offset %position : tensor<?x?xi64>, tensor<i64>
    %roberta = tfm.position_ids %ids padding 1 : tensor<?x?xi64>
    %rotary = tfm.position_ids %ids offset %position limit 2048 : tensor<?x?xi64>, tensor<i64>
    ```
  }];
  let arguments = (ins Tfm_IdTensor:$like, Optional<Tfm_IdTensor>:$offset,
                       OptionalAttr<I64Attr>:$padding,
                       OptionalAttr<ConfinedAttr<I64Attr, [IntPositive]>>:$limit);
  let results = (outs Tfm_IdTensor:$result);
  let assemblyFormat = [{
    $like (`offset` $offset^)? (`padding` $padding^)? (`limit` $limit^)? attr-dict `:`
    type($like) (`,` type($offset)^)?
  }];
  let hasVerifier = 1;
}

def Tfm_PatchEmbedOp : Tfm_Op<"patch_embed", [EqualDims, Pure]> {
  let summary = "ViT patch embedding: a convolution with stride = kernel";
  let description = [{
    Splits `pixels` `[B, C, H, W]` into non-overlapping `P×P` patches and
    projects each with `weight` `[D, C, P, P]` and `bias` `[D]`, giving
    `[B, (H/P)·(W/P), D]` in row-major patch order (as `Conv2d` followed by
    `flatten(2).transpose(1, 2)`). `C`, `H` and `W` must be static (the batch
    may be dynamic) and `H` and `W` multiples of `P`.

    ```mlir
    %p = tfm.patch_embed %pixels, %w, %b : (tensor<?x3x224x224xf32>, tensor<768x3x16x16xf32>, tensor<768xf32>) -> tensor<?x196x768xf32>
    ```
  }];
  let arguments = (ins Tfm_FloatTensor:$pixels, Tfm_FloatTensor:$weight,
                       Tfm_FloatTensor:$bias);
  let results = (outs Tfm_FloatTensor:$result);
  let assemblyFormat = [{
    $pixels `,` $weight `,` $bias attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Tfm_PrependClsOp : Tfm_Op<"prepend_cls", [EqualDims, Pure]> {
  let summary = "prepends a learned CLS token to every sequence";
  let description = [{
    `[B, N, D]` and a `[1, 1, D]` token give `[B, N+1, D]` whose position 0
    is the token.

    ```mlir
    %h = tfm.prepend_cls %p, %cls : (tensor<?x196x768xf32>, tensor<1x1x768xf32>) -> tensor<?x197x768xf32>
    ```
  }];
  let arguments = (ins Tfm_FloatTensor:$input, Tfm_FloatTensor:$cls);
  let results = (outs Tfm_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $cls attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Tfm_ClsTokenOp : Tfm_Op<"cls_token", [EqualDims, Pure]> {
  let summary = "the first (CLS) position of every sequence";
  let description = [{
    `[B, T, D]` gives `[B, D]` = `input[:, 0, :]`, what BERT's pooler and
    ViT's classifier read.

    ```mlir
    %c = tfm.cls_token %h : tensor<?x?x768xf32> -> tensor<?x768xf32>
    ```
  }];
  let arguments = (ins Tfm_FloatTensor:$input);
  let results = (outs Tfm_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def Tfm_TokenAtOp : Tfm_Op<"token_at", [EqualDims, Pure]> {
  let summary = "one position of every sequence, chosen per row";
  let description = [{
    `[B, T, D]` and positions `[B]` give `[B, D]` with
    `result[b, :] = input[b, positions[b], :]`: a pooled token whose place
    differs from row to row, such as CLIP's end-of-text token (the position
    of each row's largest id, `tfm.argmax`). `tfm.cls_token` is the case of
    every position 0. A position outside `[0, T)` is clamped into it (to 0
    or `T - 1`), so every position reads a row of the input.

    ```mlir
    %pooled = tfm.token_at %h[%eot] : tensor<?x?x512xf32>, tensor<?xi64> -> tensor<?x512xf32>
    ```
  }];
  let arguments = (ins Tfm_FloatTensor:$input, Tfm_IdTensor:$positions);
  let results = (outs Tfm_FloatTensor:$result);
  let assemblyFormat = [{
    $input `[` $positions `]` attr-dict `:` type($input) `,` type($positions) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Tfm_ArgmaxOp : Tfm_Op<"argmax", [EqualDims, Pure]> {
  let summary = "the position of the largest value along the last dimension";
  let description = [{
    Integers `[..., N]` (such as token ids) give `[...]`: for each row, the
    index in `[0, N)` of its largest value, the first one when several are
    equal (as `torch.argmax`). `N` must not be a static 0.

    With `equal`, the argmax of `input == equal` instead: the index of the
    first element equal to that value, or 0 in a row without one (as
    `(input == value).int().argmax(-1)`). The value must fit the input's
    element type.

    ```mlir
    %eot = tfm.argmax %input_ids : tensor<?x?xi64> -> tensor<?xi64>
    %first = tfm.argmax %input_ids equal 49407 : tensor<?x?xi64> -> tensor<?xi64>
    ```
  }];
  let arguments = (ins Tfm_IdTensor:$input, OptionalAttr<I64Attr>:$equal);
  let results = (outs Tfm_IdTensor:$result);
  let assemblyFormat = [{
    $input (`equal` $equal^)? attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Dense layers
//===----------------------------------------------------------------------===//

def Tfm_LinearOp : Tfm_Op<"linear", [EqualDims, Pure, AttrSizedOperandSegments]> {
  let summary = "affine layer over the last dimension, with optional activation and residual";
  let description = [{
    `result = activation(input · W + bias) + residual` over the last dimension
    of `input` `[..., K]`, giving `[..., N]`. `layout` says how the weight is
    stored, so that checkpoints bind without a transpose: `in_out` is `[K, N]`
    (GPT-2's Conv1D), `out_in` is `[N, K]` (`nn.Linear`). The bias `[N]` is
    optional; `activation` defaults to `none`. The optional `residual` is
    added after the activation and has exactly the result type (it does not
    broadcast): it is the skip connection of a transformer block, which
    `tfm-fuse-linear` folds into the layer that produces the block's output.

    ```mlir
    %y = tfm.linear %x, %w, %b layout <in_out> : (tensor<?x?x768xf32>, tensor<768x2304xf32>, tensor<2304xf32>) -> tensor<?x?x2304xf32>
    %p = tfm.linear %c, %w2, %b2 layout <out_in> activation <tanh> : (tensor<?x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<?x768xf32>
    %h = tfm.linear %a, %w3, %b3 layout <in_out> residual %x : (tensor<?x?x768xf32>, tensor<768x768xf32>, tensor<768xf32>, tensor<?x?x768xf32>) -> tensor<?x?x768xf32>
    ```

    `precision` (default `f32`) says what the product computes with
    (`tfm-set-precision` sets it; see the precision attribute): the result,
    bias, activation and residual stay f32 whatever it is.

    ```mlir
    %q = tfm.linear %x, %w, %b layout <out_in> precision <int8> : (tensor<?x?x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>) -> tensor<?x?x3072xf32>
    ```

    In the generic form, `operandSegmentSizes` says which of the optional
    operands are present: `array<i32: 1, 1, 1, 1>` for input, weight, bias
    and residual.
  }];
  let arguments = (ins Tfm_FloatTensor:$input, Tfm_FloatTensor:$weight,
                       Optional<Tfm_FloatTensor>:$bias,
                       Optional<Tfm_FloatTensor>:$residual,
                       Tfm_WeightLayoutAttr:$layout,
                       DefaultValuedAttr<Tfm_ActivationAttr,
                                         "::mlir::tfm::Activation::none">:$activation,
                       DefaultValuedAttr<Tfm_PrecisionAttr,
                                         "::mlir::tfm::Precision::f32">:$precision);
  let results = (outs Tfm_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? `layout` $layout (`activation` $activation^)?
    (`residual` $residual^)? (`precision` $precision^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Tfm_LayerNormOp : Tfm_Op<"layer_norm", [EqualDims, Pure]> {
  let summary = "layer normalisation over the last dimension";
  let description = [{
    `(x - mean) / sqrt(var + epsilon) · gamma + beta`, with the biased
    variance, over the last dimension `D`; `gamma` and `beta` are `[D]`.

    ```mlir
    %n = tfm.layer_norm %x, %g, %b eps 1.000000e-05 : (tensor<?x?x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<?x?x768xf32>
    ```
  }];
  let arguments = (ins Tfm_FloatTensor:$input, Tfm_FloatTensor:$gamma,
                       Tfm_FloatTensor:$beta, Tfm_PositiveF64Attr:$epsilon);
  let results = (outs Tfm_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $gamma `,` $beta `eps` $epsilon attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Tfm_RmsNormOp : Tfm_Op<"rms_norm", [EqualDims, Pure]> {
  let summary = "root-mean-square normalisation over the last dimension";
  let description = [{
    `x / sqrt(mean(x²) + epsilon) · gamma` over the last dimension `D`, with
    `gamma` of shape `[D]`: no mean is subtracted and there is no bias (T5's
    layer norm, LLaMA's RMSNorm). The statistics are computed in the element
    type, f32.

    ```mlir
    %n = tfm.rms_norm %x, %g eps 1.000000e-06 : (tensor<?x?x512xf32>, tensor<512xf32>) -> tensor<?x?x512xf32>
    ```
  }];
  let arguments = (ins Tfm_FloatTensor:$input, Tfm_FloatTensor:$gamma,
                       Tfm_PositiveF64Attr:$epsilon);
  let results = (outs Tfm_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $gamma `eps` $epsilon attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Tfm_GeluOp : Tfm_Op<"gelu", [EqualDims, Pure, SameOperandsAndResultType]> {
  let summary = "Gaussian error linear unit";
  let description = [{
    `x·Φ(x)`, Φ computed as `approximate` says: `erf` (exact), `tanh`, or
    `sigmoid` (`x·σ(1.702·x)`, CLIP's `quick_gelu`).

    ```mlir
    %g = tfm.gelu %x approximate <tanh> : tensor<?x?x3072xf32>
    %q = tfm.gelu %x approximate <sigmoid> : tensor<?x?x2048xf32>
    ```
  }];
  let arguments = (ins Tfm_FloatTensor:$input,
                       Tfm_GeluApproximationAttr:$approximate);
  let results = (outs Tfm_FloatTensor:$result);
  let assemblyFormat = "$input `approximate` $approximate attr-dict `:` type($input)";
}

def Tfm_GatedActivationOp
    : Tfm_Op<"gated_activation", [EqualDims, Pure, SameOperandsAndResultType]> {
  let summary = "an activation of one tensor gating another: act(gate) · up";
  let description = [{
    Element by element, `activation(gate) · up`: the middle of a gated MLP,
    `down(act(gate(x)) · up(x))`, as LLaMA (`silu`, SwiGLU) and T5 v1.1 /
    Flan-T5 (`gelu_tanh`, gated-GELU) compute it.

    ```mlir
    %h = tfm.gated_activation %gate, %up activation <silu> : tensor<?x?x2048xf32>
    ```
  }];
  let arguments = (ins Tfm_FloatTensor:$gate, Tfm_FloatTensor:$up,
                       Tfm_ActivationAttr:$activation);
  let results = (outs Tfm_FloatTensor:$result);
  let assemblyFormat = "$gate `,` $up `activation` $activation attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Tfm_MlpOp : Tfm_Op<"mlp", [EqualDims, Pure]> {
  let summary = "two linear layers with GELU between: the transformer FFN";
  let description = [{
    `linear(gelu(linear(x, w1, b1)), w2, b2)`: `[..., D]` through `[..., F]`
    back to `[..., D]`. Both weights use `layout`.

    ```mlir
    %m = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<?x?x768xf32>, tensor<768x3072xf32>, tensor<3072xf32>, tensor<3072x768xf32>, tensor<768xf32>) -> tensor<?x?x768xf32>
    ```
  }];
  let arguments = (ins Tfm_FloatTensor:$input, Tfm_FloatTensor:$fc_weight,
                       Tfm_FloatTensor:$fc_bias, Tfm_FloatTensor:$proj_weight,
                       Tfm_FloatTensor:$proj_bias, Tfm_WeightLayoutAttr:$layout,
                       Tfm_GeluApproximationAttr:$approximate);
  let results = (outs Tfm_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $fc_weight `,` $fc_bias `,` $proj_weight `,` $proj_bias
    `layout` $layout `approximate` $approximate attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Element-wise and data movement
//===----------------------------------------------------------------------===//

def Tfm_AddOp : Tfm_Op<"add", [EqualDims, Pure, Commutative]> {
  let summary = "broadcasting element-wise addition";
  let description = [{
    Residual connections and additive masks. Operands broadcast as described
    in the dialect documentation; the result has the broadcast shape.

    ```mlir
    %s = tfm.add %scores, %mask : (tensor<?x12x?x?xf32>, tensor<?x1x1x?xf32>) -> tensor<?x12x?x?xf32>
    ```
  }];
  let arguments = (ins Tfm_FloatTensor:$lhs, Tfm_FloatTensor:$rhs);
  let results = (outs Tfm_FloatTensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Tfm_ScaleOp : Tfm_Op<"scale", [EqualDims, Pure, SameOperandsAndResultType]> {
  let summary = "multiplication by a constant";
  let description = [{
    `input × factor`, e.g. attention scores by `1/√head_dim`.

    ```mlir
    %s = tfm.scale %scores by 1.250000e-01 : tensor<?x12x?x?xf32>
    ```
  }];
  let arguments = (ins Tfm_FloatTensor:$input, F64Attr:$factor);
  let results = (outs Tfm_FloatTensor:$result);
  let assemblyFormat = "$input `by` $factor attr-dict `:` type($input)";
}

def Tfm_SelectOp : Tfm_Op<"select", [EqualDims, Pure]> {
  let summary = "broadcasting element-wise choice";
  let description = [{
    `condition ? on_true : on_false`, element-wise with broadcasting. A
    rank-0 operand (such as a `-inf` constant) broadcasts to any shape.

    ```mlir
    %neg_inf = arith.constant dense<0xFF800000> : tensor<f32>
    %m = tfm.select %keep, %scores, %neg_inf : (tensor<?x?xi1>, tensor<?x12x?x?xf32>, tensor<f32>) -> tensor<?x12x?x?xf32>
    ```
  }];
  let arguments = (ins Tfm_BoolTensor:$condition, Tfm_FloatTensor:$on_true,
                       Tfm_FloatTensor:$on_false);
  let results = (outs Tfm_FloatTensor:$result);
  let assemblyFormat = [{
    $condition `,` $on_true `,` $on_false attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Tfm_MatmulOp : Tfm_Op<"matmul", [EqualDims, Pure]> {
  let summary = "batched matrix product over the last two dimensions";
  let description = [{
    `[..., M, K] · [..., K, N]`, or with `transpose_rhs` `[..., M, K] ·
    [..., N, K]ᵀ`, giving `[..., M, N]`. Leading (batch) dimensions must
    match.

    ```mlir
    %s = tfm.matmul %q, %k transpose_rhs : (tensor<?x12x?x64xf32>, tensor<?x12x?x64xf32>) -> tensor<?x12x?x?xf32>
    ```
  }];
  let arguments = (ins Tfm_FloatTensor:$lhs, Tfm_FloatTensor:$rhs,
                       UnitAttr:$transpose_rhs);
  let results = (outs Tfm_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs (`transpose_rhs` $transpose_rhs^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Tfm_RotaryEmbeddingOp : Tfm_Op<"rotary_embedding", [EqualDims, Pure]> {
  let summary = "rotary position embedding of each head's features";
  let description = [{
    Rotates each head of `input` `[B, T, H·d]` by its token's position
    (`positions`, `[B, T]`), as LLaMA and GPT-NeoX do ("rotate half"): with
    `h = d/2`, feature `i < h` of a head pairs with feature `i + h`, and for
    the angle `a = position · theta^(-2i/d)`

        y[i]     = x[i] · cos(a) - x[i + h] · sin(a)
        y[i + h] = x[i + h] · cos(a) + x[i] · sin(a)

    The frequencies and the angle are computed in f32 as Hugging Face
    computes them (`inv_freq`, then `position · inv_freq`); cos and sin of
    that angle are evaluated in f64, so long positions lose nothing to range
    reduction. `d` must be even and `H·d` static.

    ```mlir
    %pos = tfm.position_ids %ids : tensor<?x?xi64>
    %q_rot = tfm.rotary_embedding %q, %pos heads 12 theta 1.000000e+04 : (tensor<?x?x768xf32>, tensor<?x?xi64>) -> tensor<?x?x768xf32>
    ```
  }];
  let arguments = (ins Tfm_FloatTensor:$input, Tfm_IdTensor:$positions,
                       ConfinedAttr<I64Attr, [IntPositive]>:$num_heads,
                       Tfm_PositiveF64Attr:$theta);
  let results = (outs Tfm_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $positions `heads` $num_heads `theta` $theta attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Tfm_SplitHeadsOp : Tfm_Op<"split_heads", [EqualDims, Pure]> {
  let summary = "[B, T, H·d] to [B, H, T, d]";
  let description = [{
    ```mlir
    %qh = tfm.split_heads %q heads 12 : tensor<?x?x768xf32> -> tensor<?x12x?x64xf32>
    ```
  }];
  let arguments = (ins Tfm_FloatTensor:$input,
                       ConfinedAttr<I64Attr, [IntPositive]>:$num_heads);
  let results = (outs Tfm_FloatTensor:$result);
  let assemblyFormat = [{
    $input `heads` $num_heads attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Tfm_MergeHeadsOp : Tfm_Op<"merge_heads", [EqualDims, Pure]> {
  let summary = "[B, H, T, d] to [B, T, H·d]";
  let description = [{
    ```mlir
    %o = tfm.merge_heads %ctx : tensor<?x12x?x64xf32> -> tensor<?x?x768xf32>
    ```
  }];
  let arguments = (ins Tfm_FloatTensor:$input);
  let results = (outs Tfm_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Masks
//===----------------------------------------------------------------------===//

def Tfm_CausalMaskOp : Tfm_Op<"causal_mask", [EqualDims, Pure]> {
  let summary = "lower-triangular keep-mask of a sequence";
  let description = [{
    `[T, T]` booleans, `true` where key position `j <= i` may be attended
    from query position `i`. Applied with `tfm.select` (or fused into
    `tfm.masked_softmax`), masked scores become `-inf` before the softmax.

    With `keys` (`S >= T`: the T queries are the last of S positions, as
    tokens appended to a KV cache), the mask is `[T, S]` and aligned to the
    bottom right: key `j` is kept for query `i` when `j <= i + S - T`.

    ```mlir
    %keep = tfm.causal_mask %t : tensor<?x?xi1>
    %cached = tfm.causal_mask %t keys %s : tensor<?x?xi1>
    ```
  }];
  let arguments = (ins Index:$seq_len, Optional<Index>:$key_len);
  let results = (outs Tfm_BoolTensor:$result);
  let assemblyFormat = "$seq_len (`keys` $key_len^)? attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Tfm_RelativePositionBiasOp : Tfm_Op<"relative_position_bias", [EqualDims, Pure]> {
  let summary = "T5's bucketed relative position bias of the attention scores";
  let description = [{
    `[1, H, T, S]`: for query `i < T` and key `j < S`, row `bucket(j - i)` of
    `table` (`[num_buckets, H]`, a learned bias per bucket and head), as T5
    adds it to the scores (Hugging Face's `_relative_position_bucket`). With
    `bidirectional` (an encoder), half the buckets are for keys after the
    query and the distance is `|j - i|`; without, only keys before the query
    count (`max(i - j, 0)`). Of `n` buckets (per direction), distances below
    `n/2` have one bucket each; larger ones share logarithmically wider
    buckets up to `max_distance`, beyond which they share the last. The
    bucket boundaries are computed in f32 exactly as Hugging Face computes
    them.

    ```mlir
    %bias = tfm.relative_position_bias %table queries %t keys %s max_distance 128 bidirectional : tensor<32x8xf32> -> tensor<1x8x?x?xf32>
    ```
  }];
  let arguments = (ins Tfm_FloatTensor:$table, Index:$queries, Index:$keys,
                       ConfinedAttr<I64Attr, [IntPositive]>:$max_distance,
                       UnitAttr:$bidirectional);
  let results = (outs Tfm_FloatTensor:$result);
  let assemblyFormat = [{
    $table `queries` $queries `keys` $keys `max_distance` $max_distance
    (`bidirectional` $bidirectional^)? attr-dict `:` type($table) `->` type($result)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// For each distance 0 ... max_distance (one direction), its bucket:
    /// Hugging Face's f32 arithmetic, evaluated once.
    ::llvm::SmallVector<int64_t> getBucketsByDistance();
  }];
}

def Tfm_PaddingMaskOp : Tfm_Op<"padding_mask", [EqualDims, Pure]> {
  let summary = "additive attention mask from a 0/1 attention_mask";
  let description = [{
    `[B, T]` with 1 for real tokens and 0 for padding gives an additive mask
    `[B, 1, 1, T]`: `0` for real tokens and the element type's lowest finite
    value for padding. Lowest, not `-inf`, because that is what Hugging Face
    does: a row with no real token still has a finite softmax.

    ```mlir
    %m = tfm.padding_mask %attention_mask : tensor<?x?xi64> -> tensor<?x1x1x?xf32>
    ```
  }];
  let arguments = (ins Tfm_IdTensor:$attention_mask);
  let results = (outs Tfm_FloatTensor:$result);
  let assemblyFormat = [{
    $attention_mask attr-dict `:` type($attention_mask) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Tfm_MlmMaskOp : Tfm_Op<"mlm_mask", [EqualDims, Pure]> {
  let summary = "random masked-language-model positions";
  let description = [{
    `[B, T]` booleans, each independently `true` with `probability`, drawn
    from a counter-based generator keyed by `seed` and the element's linear
    index: the same seed gives the same mask on every run and thread count.
    These are the positions BERT pre-training masks and scores.

    Position `i = b * T + t` is kept when the top 24 bits of
    `draw(key, i) = splitmix64(key + (i + 1) * 0x9E3779B97F4A7C15)` are
    below `floor(probability * 2^24)`. The key is `seed`, or with a `step`
    operand (a 0-d i64 tensor, e.g. the batch number of an evaluation loop)
    `splitmix64(seed + (step + 1) * 0x9E3779B97F4A7C15)`, so that every
    batch gets a fresh mask from one seed. Positions whose id is in
    `exclude` (special tokens and padding) are never kept.

    ```mlir
    %mlm = tfm.mlm_mask %ids seed 42 probability 1.500000e-01 : tensor<?x?xi64> -> tensor<?x?xi1>
    %batch = tfm.mlm_mask %ids step %n seed 42 probability 1.500000e-01 exclude [0, 101, 102]
        : tensor<?x?xi64>, tensor<i64> -> tensor<?x?xi1>
    ```
  }];
  let arguments = (ins Tfm_IdTensor:$ids, Optional<0DTensorOf<[I64]>>:$step, I64Attr:$seed,
                       F64Attr:$probability, OptionalAttr<DenseI64ArrayAttr>:$exclude);
  let results = (outs Tfm_BoolTensor:$result);
  let assemblyFormat = [{
    $ids (`step` $step^)? `seed` $seed `probability` $probability (`exclude` $exclude^)? attr-dict
    `:` type($ids) (`,` type($step)^)? `->` type($result)
  }];
  let hasVerifier = 1;
}

def Tfm_MlmCorruptOp : Tfm_Op<"mlm_corrupt", [EqualDims, Pure, AllTypesMatch<["ids", "result"]>]> {
  let summary = "BERT's 80/10/10 replacement of the masked positions' ids";
  let description = [{
    The ids a masked-language model reads during BERT pre-training: where
    `mask` is true, the id becomes `mask_token` with probability 0.8, a
    random id in `[0, vocab)` with probability 0.1, and stays as it is
    otherwise; where `mask` is false it is unchanged. The draws use
    `tfm.mlm_mask`'s generator and key (`seed`, optional `step`), on two
    streams of their own: the choice is the top 24 bits of
    `draw(key ^ 0x6A09E667F3BCC909, i)` against `floor(0.8 * 2^24)` and
    `floor(0.9 * 2^24)`, the random id `draw(key ^ 0xBB67AE8584CAA73B, i)`
    modulo `vocab` (unsigned).

    ```mlir
    %input = tfm.mlm_corrupt %ids, %mlm seed 42 mask_token 103 vocab 30522
        : (tensor<?x?xi64>, tensor<?x?xi1>) -> tensor<?x?xi64>
    ```
  }];
  let arguments = (ins Tfm_IdTensor:$ids, Tfm_BoolTensor:$mask,
                       Optional<0DTensorOf<[I64]>>:$step, I64Attr:$seed, I64Attr:$mask_token,
                       I64Attr:$vocab);
  let results = (outs Tfm_IdTensor:$result);
  let assemblyFormat = [{
    $ids `,` $mask (`step` $step^)? `seed` $seed `mask_token` $mask_token `vocab` $vocab attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Softmax and attention
//===----------------------------------------------------------------------===//

def Tfm_SoftmaxOp : Tfm_Op<"softmax", [EqualDims, Pure, SameOperandsAndResultType]> {
  let summary = "softmax over the last dimension";
  let description = [{
    ```mlir
    %p = tfm.softmax %s : tensor<?x12x?x?xf32>
    ```
  }];
  let arguments = (ins Tfm_FloatTensor:$input);
  let results = (outs Tfm_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Tfm_MaskedSoftmaxOp : Tfm_Op<"masked_softmax", [EqualDims, Pure]> {
  let summary = "softmax of scaled scores with a mask applied before it";
  let description = [{
    With a boolean keep-mask: `softmax(select(mask, scores × scale, -inf))`.
    With a floating-point additive mask: `softmax(scores × scale + mask)`.
    The mask broadcasts to the shape of `scores`, which is also the result
    shape; the softmax is over the last dimension.

    ```mlir
    %p = tfm.masked_softmax %s, %keep scale 1.250000e-01 : (tensor<?x12x?x?xf32>, tensor<?x?xi1>) -> tensor<?x12x?x?xf32>
    ```
  }];
  let arguments = (ins Tfm_FloatTensor:$scores, Tfm_MaskTensor:$mask,
                       F64Attr:$scale);
  let results = (outs Tfm_FloatTensor:$result);
  let assemblyFormat = [{
    $scores `,` $mask `scale` $scale attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Tfm_AttentionOp : Tfm_Op<"attention", [EqualDims, Pure]> {
  let summary = "multi-head scaled dot-product attention";
  let description = [{
    `query` `[B, T, D]` is split into `num_heads` heads of `d = D / num_heads`;
    `key` and `value` `[B, S, D_kv]` into `D_kv / d` key/value heads, which
    must divide `num_heads`: with fewer key/value heads than query heads
    (grouped-query attention; one is multi-query attention), query head `h`
    attends to key/value head `h / (num_heads / kv_heads)`, as Hugging Face's
    `repeat_kv` repeats them. A dynamic `D_kv` is `D`. Each head computes
    `masked_softmax(Q·Kᵀ, mask, scale) · V` and the heads are merged back to
    `[B, T, D]`. The optional mask (boolean keep-mask or additive) broadcasts
    to `[B, num_heads, T, S]`. `precision` is `f32` (the default) or `bf16`:
    with `bf16` the two products take bf16-rounded inputs and accumulate in
    f32, while the scores' scaling, mask, softmax and the result stay f32.

    ```mlir
    %a = tfm.attention %q, %k, %v mask %keep heads 12 scale 1.250000e-01 : (tensor<?x?x768xf32>, tensor<?x?x768xf32>, tensor<?x?x768xf32>, tensor<?x?xi1>) -> tensor<?x?x768xf32>
    %g = tfm.attention %q, %k4, %v4 heads 12 scale 1.250000e-01 : (tensor<?x?x768xf32>, tensor<?x?x256xf32>, tensor<?x?x256xf32>) -> tensor<?x?x768xf32>
    ```
  }];
  let extraClassDeclaration = [{
    /// The number of key/value heads: the key's width over the head size.
    int64_t getNumKeyValueHeads();
  }];
  let arguments = (ins Tfm_FloatTensor:$query, Tfm_FloatTensor:$key,
                       Tfm_FloatTensor:$value, Optional<Tfm_MaskTensor>:$mask,
                       ConfinedAttr<I64Attr, [IntPositive]>:$num_heads,
                       F64Attr:$scale,
                       DefaultValuedAttr<Tfm_PrecisionAttr,
                                         "::mlir::tfm::Precision::f32">:$precision);
  let results = (outs Tfm_FloatTensor:$result);
  let assemblyFormat = [{
    $query `,` $key `,` $value (`mask` $mask^)? `heads` $num_heads `scale` $scale
    (`precision` $precision^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Tfm_KvCacheAppendOp : Tfm_Op<"kv_cache_append", [EqualDims, Pure]> {
  let summary = "append a layer's keys and values to the KV cache";
  let description = [{
    The KV cache of a decoder, `[L, 2, B, M, D]`: for layer `l`,
    `cache[l, 0, b, s]` is the key and `cache[l, 1, b, s]` the value of token
    `s` of batch row `b`, the heads interleaved in `D` as the attention's
    key and value projections give them. `position` (a rank-0 tensor) is the
    number of tokens the cache holds.

    Writes `key` and `value` (`[B, T, D]`, the new tokens') at rows
    `[position, position + T)` of layer `layer`, and returns the updated
    cache, then that layer's `keys` and `values` up to the new tokens,
    `[B, position + T, D]`: what the new tokens attend to. A run in which
    `position < 0` or `position + T > M` fails (the runtime checks it).

    ```mlir
    %cache1, %keys, %values = tfm.kv_cache_append %cache[%layer], %k, %v at %position
        : tensor<12x2x?x?x768xf32>, tensor<?x?x768xf32>, tensor<?x?x768xf32>, tensor<i64>
        -> tensor<12x2x?x?x768xf32>, tensor<?x?x768xf32>, tensor<?x?x768xf32>
    ```

    `layer` is an operand, not an attribute, so that the layers' bodies stay
    identical and `tfm-outline-layers` compiles one function for all of them.
  }];
  let arguments = (ins RankedTensorOf<[F32]>:$cache, Index:$layer,
                       RankedTensorOf<[F32]>:$key, RankedTensorOf<[F32]>:$value,
                       0DTensorOf<[I64]>:$position);
  let results = (outs RankedTensorOf<[F32]>:$updated, RankedTensorOf<[F32]>:$keys,
                      RankedTensorOf<[F32]>:$values);
  let assemblyFormat = [{
    $cache `[` $layer `]` `,` $key `,` $value `at` $position attr-dict `:` type($cache) `,`
    type($key) `,` type($value) `,` type($position) `->` type($updated) `,` type($keys) `,`
    type($values)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Structure
//===----------------------------------------------------------------------===//

def Tfm_LayerOp : Tfm_Op<"layer", [EqualDims, RecursiveMemoryEffects,
                                   SingleBlockImplicitTerminator<"YieldOp">]> {
  let summary = "one repeated block of the model (a transformer layer)";
  let description = [{
    Groups the ops of one block of a model (a transformer layer) so that
    identical blocks compile once: `tfm-outline-layers` turns every layer
    into a call of one private function per distinct body, with the values
    the body uses from outside (the hidden state, shared masks, the layer's
    weights) as arguments. The region is not isolated: until then every
    other pass sees through it, and a weight used inside is still
    `@forward`'s argument. `name` (the layer's checkpoint prefix) is for
    people reading the IR.

    ```mlir
    %h1 = tfm.layer "h.0" -> tensor<?x?x768xf32> {
      ...
      tfm.yield %out : tensor<?x?x768xf32>
    }
    ```
  }];
  let arguments = (ins StrAttr:$name);
  let results = (outs Variadic<AnyType>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$name (`->` type($results)^)? $body attr-dict";
  let hasVerifier = 1;
}

def Tfm_YieldOp : Tfm_Op<"yield", [Pure, Terminator, HasParent<"LayerOp">]> {
  let summary = "the results of a tfm.layer";
  let arguments = (ins Variadic<AnyType>:$values);
  // What SingleBlockImplicitTerminator adds to an empty layer.
  let builders = [OpBuilder<(ins), [{ build($_builder, $_state, ::mlir::ValueRange()); }]>];
  let assemblyFormat = "attr-dict ($values^ `:` type($values))?";
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

def Tfm_CrossEntropyOp : Tfm_Op<"cross_entropy", [EqualDims, Pure]> {
  let summary = "mean cross-entropy over the selected positions";
  let description = [{
    `logits` `[B, T, V]` against integer `labels` `[B, T]`: the mean of
    `-log_softmax(logits)[label]` over the positions that count. A position
    counts when its label is not `ignore_index` and, if `mask` `[B, T]` is
    given, the mask is `true` there (BERT's MLM loss over `tfm.mlm_mask`
    positions). With `next_token`, position `t` predicts label `t+1` and the
    last position is dropped (GPT's language-model loss). With no position
    counting, the loss is NaN, as in PyTorch.

    ```mlir
    %loss = tfm.cross_entropy %logits, %ids next_token : (tensor<?x?x50257xf32>, tensor<?x?xi64>) -> tensor<f32>
    ```
  }];
  let arguments = (ins Tfm_FloatTensor:$logits, Tfm_IdTensor:$labels,
                       Optional<Tfm_BoolTensor>:$mask,
                       DefaultValuedAttr<I64Attr, "-100">:$ignore_index,
                       UnitAttr:$next_token);
  let results = (outs Tfm_FloatTensor:$result);
  let assemblyFormat = [{
    $logits `,` $labels (`mask` $mask^)? (`next_token` $next_token^)? attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // TFM_DIALECT_TFM_IR_TFMOPS_TD
