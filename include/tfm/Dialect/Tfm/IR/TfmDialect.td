//===- TfmDialect.td - the tfm dialect ---------------------*- tablegen -*-===//

#ifndef TFM_DIALECT_TFM_IR_TFMDIALECT_TD
#define TFM_DIALECT_TFM_IR_TFMDIALECT_TD

include "mlir/IR/OpBase.td"

def Tfm_Dialect : Dialect {
  let name = "tfm";
  let cppNamespace = "::mlir::tfm";
  let summary = "Transformer-level operations on tensors";
  let description = [{
    The `tfm` dialect speaks the language of transformer models: embeddings,
    linear layers, layer norm, GELU, masks, softmax, attention, patch
    embedding and losses. It operates on ranked tensors; batch and sequence
    dimensions may be dynamic (`?`), hidden sizes are static.

    Weights are not constants baked into the IR: `tfm.param` names a tensor by
    its Hugging Face checkpoint name and the runtime binds it when the model
    is loaded.

    Broadcasting (`tfm.add`, `tfm.select`, masks) follows NumPy's
    right-aligned rules with one restriction that keeps shapes decidable at
    compile time: only a *static* size-1 dimension broadcasts. Two dynamic
    dimensions, or a dynamic and a static one, are assumed equal: each op
    lists the dimensions it equates (`EqualDimsOpInterface`), and the model's
    description has the runtime check those that reach its inputs.

    The arguments and results of `@forward` carry the model's interface, which
    the compiled model's descriptor records, as attributes the dialect
    verifies:

    | attribute | on | value |
    |-----------|----|-------|
    | `tfm.name` | input, output | the name the runtime uses (a string) |
    | `tfm.default` | optional input | `"ones"` or `"zeros"` |
    | `tfm.param` | weight | its checkpoint name; the argument is a tensor (or memref) of static shape |
    | `tfm.aliases` | weight | other names a checkpoint may use, tried in order (non-empty strings) |
    | `tfm.transposed` | 2-D weight | unit: the transpose of the stored tensor |
    | `tfm.prepack` | 2-D weight | i64 `tfmrt_linear` flags of the linear that packs it |
    | `tfm.updates` | result | the `tfm.name` of the input it updates in place (a KV cache): not an output |

    ```mlir
    func.func @forward(%ids: tensor<?x?xi64> {tfm.name = "input_ids"},
                       %mask: tensor<?x?xi64> {tfm.name = "attention_mask", tfm.default = "ones"},
                       %w: tensor<768x768xf32> {tfm.param = "pooler.dense.weight",
                                                tfm.aliases = ["bert.pooler.dense.weight"]})
        -> (tensor<?x768xf32> {tfm.name = "pooler_output"})
    ```
  }];
  let useDefaultAttributePrinterParser = 1;
  let usePropertiesForAttributes = 1;

  // The attributes of @forward's arguments and results: the model's
  // interface, which the descriptor of the compiled model records. Each is
  // `tfm.<name>`; C++ spells it TfmDialect::<Name>AttrHelper::getNameStr().
  // verifyRegionArgAttribute and verifyRegionResultAttribute check them.
  let discardableAttrs = (ins
    // An input's or output's name for the runtime (`--input NAME=FILE`,
    // `DIR/NAME.npy`). On arguments and results.
    "::mlir::StringAttr":$name,
    // An optional input: "ones" or "zeros", filled with the first input's
    // shape when the caller omits it.
    "::mlir::StringAttr":$default,
    // A weight: the argument is bound to the checkpoint tensor of this name
    // (set by tfm-params-to-arguments); a ranked tensor of static shape.
    "::mlir::StringAttr":$param,
    // The other names a checkpoint may give the weight, tried in order when
    // `tfm.param` is absent (the importer's naming policy). Non-empty strings.
    "::mlir::ArrayAttr":$aliases,
    // The weight is the transpose of the stored 2-D tensor.
    "::mlir::UnitAttr":$transposed,
    // The tfmrt_linear flags of the linear that reads the 2-D weight
    // (tfm-mark-prepacked-weights): the runtime packs it for that kernel.
    "::mlir::IntegerAttr":$prepack,
    // The weight's position in the table of weight descriptors the model's
    // entry passes @forward (set by tfm-emit-model-descriptor, used by
    // tfm-load-weights-from-table): a non-negative i64 on an argument of
    // static shape.
    "::mlir::IntegerAttr":$weight_index,
    // On a result: the tfm.name of the input it is that input updated in
    // place (a KV cache). The result is not an output: the model writes the
    // caller's buffer, which tfm-params-to-arguments leaves writable.
    "::mlir::StringAttr":$updates
  );
  let hasRegionArgAttrVerify = 1;
  let hasRegionResultAttrVerify = 1;
}

#endif // TFM_DIALECT_TFM_IR_TFMDIALECT_TD
