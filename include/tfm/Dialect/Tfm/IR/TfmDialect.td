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
    dimensions, or a dynamic and a static one, are assumed equal.
  }];
  let useDefaultAttributePrinterParser = 1;
  let usePropertiesForAttributes = 1;
}

#endif // TFM_DIALECT_TFM_IR_TFMDIALECT_TD
